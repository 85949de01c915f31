package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages are cut from the order before the whole order is computed (a heap of offset + limit rows): every page must
 * still be the slice of the full answer, and the full answer must be the sort keys then the row, also when the rows are
 * stored in a convention's keyed order and a full sort starts from the published order.
 */
class RowOrderTest {

    private static final int ROWS = 3_000;

    /**
     * Rows numbered {@code n}, a text key of few values ({@code k}, some null) and an int key ({@code y}, some null);
     * with {@code keyedOrder}, a published order that is a shuffle of the rows (as in a convention's view).
     */
    private static Snapshot snapshot(boolean keyedOrder) {
        Random random = new Random(11);
        List<Object> n = new ArrayList<>();
        List<Object> k = new ArrayList<>();
        List<Object> y = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            n.add((long) r);
            k.add(random.nextInt(20) == 0 ? null : "v" + random.nextInt(7));
            y.add(random.nextInt(25) == 0 ? null : (long) (2010 + random.nextInt(5)));
        }
        Schema schema = new Schema(List.of(Field.derived("n", "n", FieldType.INT, null), Field.derived("k", "k", FieldType.TEXT, null),
                Field.derived("y", "y", FieldType.INT, null)));
        Column[] columns = {Column.build(FieldType.INT, n), Column.build(FieldType.TEXT, k), Column.build(FieldType.INT, y)};
        DatasetVersion version = new DatasetVersion("t", 1, Instant.parse("2026-01-01T00:00:00Z"), ROWS, schema, null, null);
        if (!keyedOrder) {
            return new Snapshot(version, columns, ROWS);
        }
        List<Integer> order = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            order.add(r);
        }
        java.util.Collections.shuffle(order, new Random(5));
        return new Snapshot(version, columns, ROWS, new byte[32], order.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<Long> numbers(Snapshot s, String where, String orderBy, int limit, int offset) {
        QueryEngine.Request request = new QueryEngine.Request("n", where == null ? List.of() : List.of(where), null, orderBy, limit, offset,
                List.of(), List.of(), new QueryContext("select", Locale.FRENCH, ZoneOffset.UTC));
        List<Long> out = new ArrayList<>();
        QueryEngine.execute(s, request, row -> out.add((Long) row.get("n")));
        return out;
    }

    /** The expected full order, computed here without the engine (the wheres used: k = "v3", n < 100): keys, then row. */
    private static List<Long> expected(Snapshot s, String where, String orderBy) {
        Comparator<Integer> tie = Comparator.naturalOrder();
        Comparator<Integer> byKeys = (a, b) -> 0;
        if (orderBy != null) {
            for (String item : orderBy.split(",")) {
                String[] parts = item.strip().split(" ");
                int field = s.fieldIndex(parts[0]);
                boolean desc = parts.length > 1 && parts[1].equalsIgnoreCase("desc");
                byKeys = byKeys.thenComparing((a, b) -> QueryEngine.compareNullsLast(s.column(field).get(a), s.column(field).get(b), desc));
            }
        }
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            boolean matches = where == null || (where.equals("n < 100") ? r < 100 : "v3".equals(s.column(1).get(r)));
            if (matches) {
                rows.add(r);
            }
        }
        rows.sort(byKeys.thenComparing(tie));
        return rows.stream().map(r -> (Long) s.column(0).get(r)).toList();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "true,  -,          -",
            "true,  k = \"v3\", -",
            "true,  -,          'y desc, k'",
            "true,  k = \"v3\", 'y, n desc'",
            "true,  -,          k",
            "false, -,          'y desc, k'",
            "false, k = \"v3\", -",
            "true,  n < 100,    -",
            "true,  n < 100,    'k desc'",
    })
    void everyPageIsASliceOfTheFullOrder(boolean keyed, String where, String orderBy) {
        Snapshot s = snapshot(keyed);
        List<Long> full = numbers(s, where, orderBy, -1, 0);
        assertThat(full).containsExactlyElementsOf(expected(s, where, orderBy));
        for (int[] page : new int[][]{{10, 0}, {20, 40}, {1, 0}, {100, 2_000}, {500, 100}, {1_000, 0}, {2_000, 1_500}, {50, 2_990}}) {
            int limit = page[0];
            int offset = page[1];
            List<Long> slice = full.subList(Math.min(offset, full.size()), Math.min(full.size(), offset + limit));
            assertThat(numbers(s, where, orderBy, limit, offset)).as("limit %d offset %d", limit, offset).containsExactlyElementsOf(slice);
        }
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void aZeroLimitCountsWithoutRows(boolean keyed) {
        Snapshot s = snapshot(keyed);
        QueryEngine.Result result = QueryEngine.run(s, new QueryEngine.Request(null, List.of("k = \"v3\""), null, "y", 0, 0,
                List.of(), List.of(), new QueryContext("select", Locale.FRENCH, ZoneOffset.UTC)));
        assertThat(result.rows()).isEmpty();
        assertThat(result.totalCount()).isEqualTo(expected(s, "k = \"v3\"", null).size());
    }
}
