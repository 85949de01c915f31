package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.referentiel.Referentiels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The key jointure ({@link JoinEngine} over {@link KeyGroups}, keys computed and looked up in parallel) gives exactly the
 * rows, in the same order, and the same match report as the previous implementation ({@link MapKeyJoinEngine}) on
 * random rows: keys written with other case and spaces, empty and missing keys, keys on one side only, several right
 * rows per key, numbers as text or as decimals, two-field keys, commune keys; inner, left and full, aggregations and
 * fan-out; and both refuse a one-to-many join without an aggregation.
 */
class KeyJoinEquivalenceTest {

    private static final String[] COMMUNES = {"35238", "35100", "35163", "75118", "75056", "13201", "13055", "69381", "01004", " 35238"};
    private static final CommuneCodes CODES = new CommuneCodes(Referentiels.builtIn());
    private final SplittableRandom random = new SplittableRandom(19);

    private String uai(int i) {
        String s = String.format("%07d%c", i, (char) ('A' + i % 26));
        return switch (random.nextInt(20)) {
            case 0 -> " " + s.toLowerCase(java.util.Locale.ROOT) + " ";
            case 1 -> null;
            case 2 -> "  ";
            default -> s;
        };
    }

    private JoinInput left(int n) {
        Schema schema = new Schema(List.of(Field.derived("uai", "UAI", FieldType.TEXT, ""), Field.derived("rentree", "Rentrée", FieldType.INT, ""),
                Field.derived("code_commune", "Commune", FieldType.TEXT, ""), Field.derived("effectif", "Effectif", FieldType.INT, "")));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Object[] {uai(random.nextInt(n)), random.nextInt(10) == 0 ? null : (long) (2021 + random.nextInt(3)),
                    COMMUNES[random.nextInt(COMMUNES.length)], (long) random.nextInt(500)});
        }
        return new JoinInput("gauche", 1, false, schema, rows, Map.of(), null);
    }

    /** {@code perKey}: at most this many rows per UAI (1: one row per key). */
    private JoinInput right(int n, int perKey) {
        Schema schema = new Schema(List.of(Field.derived("numero_uai", "UAI", FieldType.TEXT, ""), Field.derived("annee", "Année", FieldType.DOUBLE, ""),
                Field.derived("commune", "Commune", FieldType.TEXT, ""), Field.derived("ips", "IPS", FieldType.DOUBLE, ""),
                Field.derived("poids", "Poids", FieldType.INT, "")));
        List<Object[]> rows = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int copies = 1 + random.nextInt(perKey);
            for (int c = 0; c < copies; c++) {
                rows.add(new Object[] {perKey == 1 ? String.format("%07d%c", k, (char) ('A' + k % 26)) : uai(k),
                        random.nextInt(10) == 0 ? null : 2021d + random.nextInt(3), COMMUNES[random.nextInt(COMMUNES.length)],
                        random.nextInt(8) == 0 ? null : 60 + random.nextDouble() * 80, (long) random.nextInt(100)});
            }
        }
        java.util.Collections.shuffle(rows, new java.util.Random(random.nextLong()));
        return new JoinInput("droite", 1, false, schema, rows, Map.of(), null);
    }

    private static void same(JoinSpec spec, JoinInput l, JoinInput r) {
        JoinEngine.Result expected = new MapKeyJoinEngine(spec, l, r, CODES).run(ProgressListener.NONE);
        JoinEngine.Result actual = new JoinEngine(spec, l, r, CODES).run(ProgressListener.NONE);
        assertThat(actual.schema()).isEqualTo(expected.schema());
        assertThat(actual.rows()).hasSameSizeAs(expected.rows());
        for (int i = 0; i < expected.rows().size(); i++) {
            Object[] e = expected.rows().get(i);
            Object[] a = actual.rows().get(i);
            assertThat(Arrays.deepEquals(a, e)).as("row %d: %s, expected %s", i, Arrays.toString(a), Arrays.toString(e)).isTrue();
        }
        assertThat(actual.stats().toReport("r", actual.rows().size(), List.of()))
                .isEqualTo(expected.stats().toReport("r", expected.rows().size(), List.of()));
        assertThat(actual.stats().rules()).isEqualTo(expected.stats().rules());
        assertThat(actual.stats().fannedOut()).isEqualTo(expected.stats().fannedOut());
    }

    private static JoinSpec spec(List<KeyPair> keys, JoinKind kind, List<FieldAggregation> aggregations, boolean fanOut) {
        return new JoinSpec("gauche", "droite", keys, kind, aggregations, fanOut, "resultat", null, 0, List.of());
    }

    private static final List<KeyPair> UAI = List.of(new KeyPair("uai", "numero_uai", false));
    private static final List<FieldAggregation> AGGREGATIONS = List.of(FieldAggregation.parse("ips:mean"), FieldAggregation.parse("ips:sum"),
            FieldAggregation.parse("ips:wmean:poids"), FieldAggregation.parse("ips:first"), FieldAggregation.parse("annee:count"));

    @Test
    void severalRowsPerKeyAggregatedOrFannedOutInEveryKind() {
        JoinInput l = left(6000);
        JoinInput r = right(7000, 4);
        for (JoinKind kind : JoinKind.values()) {
            same(spec(UAI, kind, AGGREGATIONS, false), l, r);
            same(spec(UAI, kind, List.of(), true), l, r);
        }
    }

    @Test
    void oneRowPerKeyTwoFieldKeysAndCommuneKeys() {
        JoinInput l = left(6000);
        JoinInput unique = right(7000, 1);
        JoinInput several = right(5000, 3);
        List<KeyPair> uaiYear = List.of(new KeyPair("uai", "numero_uai", false), new KeyPair("rentree", "annee", false));
        List<KeyPair> commune = List.of(new KeyPair("code_commune", "commune", true));
        for (JoinKind kind : JoinKind.values()) {
            same(spec(UAI, kind, List.of(), false), l, unique);
            same(spec(uaiYear, kind, AGGREGATIONS, false), l, several);
            same(spec(uaiYear, kind, List.of(), true), l, several);
            same(spec(commune, kind, List.of(FieldAggregation.parse("ips:mean"), FieldAggregation.parse("poids:count")), false), left(300), right(200, 2));
        }
        same(spec(commune, JoinKind.FULL, List.of(), true), left(200), right(100, 1));
    }

    @Test
    void bothRefuseOneToManyWithoutAggregation() {
        JoinInput l = left(500);
        JoinInput r = right(500, 3);
        JoinSpec spec = spec(UAI, JoinKind.LEFT, List.of(), false);
        assertThatThrownBy(() -> new MapKeyJoinEngine(spec, l, r, CODES).run(ProgressListener.NONE)).isInstanceOf(JoinException.class);
        assertThatThrownBy(() -> new JoinEngine(spec, l, r, CODES).run(ProgressListener.NONE)).isInstanceOf(JoinException.class)
                .hasMessageContaining("jointure un-à-plusieurs sans agrégation").hasMessageContaining("numero_uai=");
    }
}
