package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.query.odsql.OdsqlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paths of large versions answer as the row-by-row evaluation: equalities on values most rows hold are scanned on
 * the dictionary codes instead of listed from the index, comparisons of numbers are scans of the vectors, count(*) and
 * pages without order_by count the matches without listing them, and an order_by of plain fields selects the page with
 * a heap on the columns. Each answer is checked against one computed here from the values alone (rows as
 * {@link Column#get}, order as {@link QueryEngine#compareNullsLast}, ties by row).
 */
class ColumnScansTest {

    private static final int ROWS = 20_000;
    private static final QueryContext CTX = new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC);
    private static final Snapshot S = snapshot();

    /**
     * Pupil-like rows: sexe (F/M, a few null: each value more than 1/16 of the rows), pcs (three common values and a rare
     * one), lat/lon decimals (a few null, some -0.0 and NaN), annee (a few null), ine (near-unique, some non-ASCII, some
     * null), a date and an instant.
     */
    private static Snapshot snapshot() {
        Random random = new Random(17);
        String[] pcs = {"moyenne", "favorisee", "defavorisee", "moyenne", "favorisee", "defavorisee", "rare"};
        List<List<Object>> values = new ArrayList<>();
        for (int f = 0; f < 9; f++) {
            values.add(new ArrayList<>());
        }
        for (int r = 0; r < ROWS; r++) {
            values.get(0).add((long) r);
            values.get(1).add(random.nextInt(50) == 0 ? null : random.nextBoolean() ? "F" : "M");
            values.get(2).add(random.nextInt(40) == 0 ? "rare" : pcs[random.nextInt(pcs.length - 1)]);
            int special = random.nextInt(200);
            values.get(3).add(special == 0 ? null : special == 1 ? -0.0 : special == 2 ? Double.NaN : special == 3 ? 48.0 : 47.5 + random.nextDouble());
            values.get(4).add(random.nextInt(100) == 0 ? null : -2.0 + random.nextDouble() * 0.8);
            values.get(5).add(random.nextInt(30) == 0 ? null : (long) (2010 + random.nextInt(4)));
            values.get(6).add(random.nextInt(100) == 0 ? null
                    : (random.nextInt(20) == 0 ? "É" : random.nextInt(20) == 0 ? "😀" : "") + Integer.toString(random.nextInt(ROWS * 4), 36));
            values.get(7).add(random.nextInt(25) == 0 ? null : LocalDate.of(2010, 1, 1).plusDays(random.nextInt(60)));
            values.get(8).add(random.nextInt(25) == 0 ? null : Instant.ofEpochMilli(1_600_000_000_000L + random.nextInt(5_000)));
        }
        String[] names = {"n", "sexe", "pcs", "lat", "lon", "annee", "ine", "jour", "instant"};
        FieldType[] types = {FieldType.INT, FieldType.TEXT, FieldType.TEXT, FieldType.DOUBLE, FieldType.DOUBLE, FieldType.INT,
                FieldType.TEXT, FieldType.DATE, FieldType.DATETIME};
        List<Field> fields = new ArrayList<>();
        Column[] columns = new Column[names.length];
        for (int f = 0; f < names.length; f++) {
            fields.add(Field.derived(names[f], names[f], types[f], null));
            columns[f] = Column.build(types[f], values.get(f));
        }
        DatasetVersion version = new DatasetVersion("t", 1, Instant.parse("2026-01-01T00:00:00Z"), ROWS, new Schema(fields), null, null);
        return new Snapshot(version, columns, ROWS);
    }

    private static Object v(String field, int row) {
        return S.column(S.fieldIndex(field)).get(row);
    }

    private static boolean num(String field, int row, java.util.function.IntPredicate cmpToBound, double bound) {
        Object x = v(field, row);
        return x != null && cmpToBound.test(Double.compare(((Number) x).doubleValue(), bound));
    }

    /** The where clauses checked, each with its meaning computed from the values. */
    private static final Map<String, IntPredicate> WHERES = Map.ofEntries(
            Map.entry("sexe = \"F\" and pcs = \"moyenne\"", r -> "F".equals(v("sexe", r)) && "moyenne".equals(v("pcs", r))),
            Map.entry("sexe = \"F\" and pcs = \"rare\"", r -> "F".equals(v("sexe", r)) && "rare".equals(v("pcs", r))),
            Map.entry("sexe = \"M\" or pcs = \"rare\"", r -> "M".equals(v("sexe", r)) || "rare".equals(v("pcs", r))),
            Map.entry("not sexe = \"F\"", r -> !"F".equals(v("sexe", r))),
            Map.entry("pcs in (\"moyenne\", \"favorisee\")", r -> "moyenne".equals(v("pcs", r)) || "favorisee".equals(v("pcs", r))),
            Map.entry("pcs in (\"rare\", \"absente\")", r -> "rare".equals(v("pcs", r))),
            Map.entry("lat >= 48.0 and lat <= 48.2 and lon >= -1.8 and lon <= -1.6", r -> num("lat", r, c -> c >= 0, 48.0)
                    && num("lat", r, c -> c <= 0, 48.2) && num("lon", r, c -> c >= 0, -1.8) && num("lon", r, c -> c <= 0, -1.6)),
            Map.entry("lat < 0", r -> num("lat", r, c -> c < 0, 0)),
            Map.entry("lat > 48", r -> num("lat", r, c -> c > 0, 48)),
            Map.entry("0 <= lat", r -> num("lat", r, c -> c >= 0, 0)),
            Map.entry("annee > 2011 and sexe = \"F\"", r -> num("annee", r, c -> c > 0, 2011) && "F".equals(v("sexe", r))),
            Map.entry("annee in [2011..2012[", r -> num("annee", r, c -> c >= 0, 2011) && num("annee", r, c -> c < 0, 2012)),
            Map.entry("annee < 2011.5", r -> num("annee", r, c -> c < 0, 2011.5)),
            Map.entry("sexe = \"F\"", r -> "F".equals(v("sexe", r))),
            Map.entry("pcs = \"rare\"", r -> "rare".equals(v("pcs", r))),
            Map.entry("annee > 2011", r -> num("annee", r, c -> c > 0, 2011)));

    private static QueryEngine.Request request(String select, String where, String orderBy, int limit, int offset) {
        return new QueryEngine.Request(select, where == null ? List.of() : List.of(where), null, orderBy, limit, offset, List.of(), List.of(),
                CTX);
    }

    private static List<Integer> expectedRows(IntPredicate where) {
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            if (where.test(r)) {
                rows.add(r);
            }
        }
        return rows;
    }

    @Test
    void countsAndPagesWithoutOrderAreThoseOfTheValues() {
        for (Map.Entry<String, IntPredicate> e : WHERES.entrySet()) {
            List<Integer> expected = expectedRows(e.getValue());
            assertThat(expected).as(e.getKey()).isNotEmpty();
            QueryEngine.Result count = QueryEngine.run(S, request("count(*) as c", e.getKey(), null, 10, 0));
            assertThat(count.rows().get(0).get("c")).as("count %s", e.getKey()).isEqualTo((long) expected.size());
            for (int[] page : new int[][]{{100, 0}, {7, 13}, {0, 0}, {50, expected.size() - 20}, {10, expected.size() + 5}}) {
                QueryEngine.Result result = QueryEngine.run(S, request("n", e.getKey(), null, page[0], page[1]));
                int from = Math.min(page[1], expected.size());
                List<Long> slice = expected.subList(from, Math.min(expected.size(), from + page[0])).stream().map(Integer::longValue).toList();
                assertThat(result.totalCount()).as("total %s", e.getKey()).isEqualTo(expected.size());
                assertThat(result.rows().stream().map(m -> (Long) m.get("n")).toList()).as("%s page %d+%d", e.getKey(), page[1], page[0])
                        .containsExactlyElementsOf(slice);
            }
            assertThat(QueryEngine.run(S, request("n", e.getKey(), null, -1, 0)).rows()).as("all of %s", e.getKey()).hasSize(expected.size());
        }
    }

    @Test
    void refineOnACommonValueIsTheEquality() {
        List<Integer> expected = expectedRows(r -> "F".equals(v("sexe", r)) && "rare".equals(v("pcs", r)));
        QueryEngine.Request refine = new QueryEngine.Request("count(*) as c", List.of(), null, null, 10, 0, List.of("sexe:F", "pcs:rare"),
                List.of(), CTX);
        assertThat(QueryEngine.run(S, refine).rows().get(0).get("c")).isEqualTo((long) expected.size());
        QueryEngine.Request exclude = new QueryEngine.Request("count(*) as c", List.of(), null, null, 10, 0, List.of(), List.of("sexe:F"), CTX);
        assertThat(QueryEngine.run(S, exclude).rows().get(0).get("c")).isEqualTo((long) expectedRows(r -> !"F".equals(v("sexe", r))).size());
    }

    @Test
    void commonValuesAreScannedAndRareOnesListed() {
        Compiler compiler = new Compiler(S, CTX);
        Filter common = compiler.filter(OdsqlParser.where("sexe = \"F\""));
        assertThat(common.candidates()).isNull();
        assertThat(common.scan()).isNotNull();
        assertThat(common.count()).isEqualTo(expectedRows(r -> "F".equals(v("sexe", r))).size());
        assertThat(compiler.filter(OdsqlParser.where("pcs = \"rare\"")).candidates()).hasSize(expectedRows(r -> "rare".equals(v("pcs", r))).size());
        assertThat(compiler.filter(OdsqlParser.where("lat >= 48.0 and lon <= -1.6")).scan()).isNotNull();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "sexe = \"F\",     'annee, ine'",
            "-,                'ine desc'",
            "-,                'ine'",
            "pcs = \"rare\",   'lat desc, n desc'",
            "lat > 48,         'lat'",
            "-,                'jour desc, instant'",
            "-,                'instant desc, sexe'",
            "annee > 2011,     'sexe desc, pcs, annee desc'",
    })
    void everyPageOfAnOrderIsTheSliceOfTheValuesSorted(String where, String orderBy) {
        IntPredicate matches = where == null ? r -> true : WHERES.get(where);
        Comparator<Integer> order = (a, b) -> 0;
        for (String item : orderBy.split(",")) {
            String[] parts = item.strip().split(" ");
            boolean desc = parts.length > 1;
            order = order.thenComparing((a, b) -> QueryEngine.compareNullsLast(v(parts[0], a), v(parts[0], b), desc));
        }
        List<Integer> expected = expectedRows(matches);
        expected.sort(order.thenComparing(Comparator.naturalOrder()));
        for (int[] page : new int[][]{{20, 20}, {1, 0}, {100, 0}, {300, 5_000}, {10, expected.size() - 3}, {0, 0}}) {
            QueryEngine.Result result = QueryEngine.run(S, request("n", where, orderBy, page[0], page[1]));
            int from = Math.min(page[1], expected.size());
            List<Long> slice = expected.subList(from, Math.min(expected.size(), from + page[0])).stream().map(Integer::longValue).toList();
            assertThat(result.totalCount()).isEqualTo(expected.size());
            assertThat(result.rows().stream().map(m -> (Long) m.get("n")).toList()).as("%s order by %s page %d+%d", where, orderBy, page[1], page[0])
                    .containsExactlyElementsOf(slice);
        }
    }

    /** A number range's words, from any first row (not only multiples of 64), are its row-by-row test: nulls never pass. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"lat", "annee"})
    void aRangeWordFromAnyRowIsItsRowTest(String field) {
        // unbounded: whatever a null row's vector holds passes the bounds, so only its null bit keeps it out
        Filter f = ColumnScans.numberRange(S.column(S.fieldIndex(field)), null, false, null, false);
        for (int base : new int[]{0, 1, 63, 64, 65, 100, 4_033, ROWS - 64, ROWS - 5}) {
            long w = f.word(base, ROWS);
            for (int i = 0; i < Math.min(64, ROWS - base); i++) {
                assertThat((w >>> i & 1) == 1).as("%s row %d (word from %d)", field, base + i, base).isEqualTo(f.test().test(base + i));
            }
        }
    }
}
