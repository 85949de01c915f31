package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grouping by dictionary codes puts the groups in the order of their keys' values for group_by's default order, whatever
 * the order of the rows and of the dictionary codes (a convention's view keeps its rows in a keyed order): nulls last,
 * strings as {@link String#compareTo} orders them; an order_by on an aggregate keeps the first-seen order in ties.
 */
class DictionaryGroupsTest {

    private static final int ROWS = 4_000;
    private static final List<String> COMMUNES = List.of("Rennes", "Saint-Malo", "Vitré", "Vern-sur-Seiche", "Édouard", "Acigné", "Bruz");
    private static final List<String> SECTEURS = List.of("public", "privé", "Public");

    private final List<List<String>> rows = new ArrayList<>();
    private final Snapshot snapshot = snapshot();

    /** Rows in random order, so that the dictionary codes are in first-seen order, not in value order. */
    private Snapshot snapshot() {
        Random random = new Random(23);
        List<Object> communes = new ArrayList<>();
        List<Object> secteurs = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            String commune = random.nextInt(15) == 0 ? null : COMMUNES.get(random.nextInt(COMMUNES.size()));
            String secteur = random.nextInt(12) == 0 ? null : SECTEURS.get(random.nextInt(SECTEURS.size()));
            communes.add(commune);
            secteurs.add(secteur);
            rows.add(Arrays.asList(commune, secteur));
        }
        Schema schema = new Schema(List.of(Field.derived("commune", "commune", FieldType.TEXT, null),
                Field.derived("secteur", "secteur", FieldType.TEXT, null)));
        Column[] columns = {Column.build(FieldType.TEXT, communes), Column.build(FieldType.TEXT, secteurs)};
        return new Snapshot(new DatasetVersion("t", 1, Instant.parse("2026-01-01T00:00:00Z"), ROWS, schema, null, null), columns, ROWS);
    }

    private List<List<Object>> groups(String orderBy) {
        QueryEngine.Request request = new QueryEngine.Request("commune, secteur, count(*) as n", List.of(), "commune, secteur", orderBy, -1, 0,
                List.of(), List.of(), new QueryContext("select", Locale.FRENCH, ZoneOffset.UTC));
        List<List<Object>> out = new ArrayList<>();
        QueryEngine.execute(snapshot, request, row -> out.add(Arrays.asList(row.get("commune"), row.get("secteur"), row.get("n"))));
        return out;
    }

    private Map<List<String>, Long> countsInFirstSeenOrder() {
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        rows.forEach(r -> counts.merge(r, 1L, Long::sum));
        return counts;
    }

    @Test
    void theDefaultOrderIsTheKeysValuesWithNullsLast() {
        Comparator<String> nullsLast = Comparator.nullsLast(Comparator.naturalOrder());
        List<List<Object>> expected = countsInFirstSeenOrder().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<List<String>, Long> e) -> e.getKey().get(0), nullsLast)
                        .thenComparing(e -> e.getKey().get(1), nullsLast))
                .map(e -> Arrays.<Object>asList(e.getKey().get(0), e.getKey().get(1), e.getValue())).toList();
        assertThat(expected).hasSize((COMMUNES.size() + 1) * (SECTEURS.size() + 1));
        assertThat(expected.get(0).get(0)).isEqualTo("Acigné");
        assertThat(groups(null)).containsExactlyElementsOf(expected);
    }

    @Test
    void anOrderOnAnAggregateKeepsTheFirstSeenOrderInTies() {
        List<List<Object>> expected = countsInFirstSeenOrder().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<List<String>, Long> e) -> e.getValue()).reversed())
                .map(e -> Arrays.<Object>asList(e.getKey().get(0), e.getKey().get(1), e.getValue())).toList();
        assertThat(groups("n desc")).containsExactlyElementsOf(expected);
    }
}
