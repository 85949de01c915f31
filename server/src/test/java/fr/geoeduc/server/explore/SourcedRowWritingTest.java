package fr.geoeduc.server.explore;

import com.fasterxml.jackson.core.JsonGenerator;
import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.query.exec.ResultRow;
import fr.geoeduc.core.store.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows read from a snapshot are written from their columns' encoded dictionaries; the bytes must be those of the
 * same values written one by one, for JSON records and CSV exports, with every character JSON and CSV escape.
 */
class SourcedRowWritingTest {

    private static final List<String> TRICKY = Arrays.asList("Collège \"Jean Moulin\"", "a;b,c", "ligne\nsuivante\r", "tab\there",
            "contrôle \u0001\u001f", "barre \\ oblique", "😀 émoji", "", null, "</script>", "\u2028sép");

    /** Unusual numbers and dates next to ordinary ones: every typed column is written straight from its arrays. */
    private static final double[] DOUBLES = {-0.0, Double.NaN, Double.POSITIVE_INFINITY, 1e-300, 1.0E21, 48.1146, -1.6778, 123456789.125};
    private static final double[] LATITUDES = {-0.0, 1e-300, 48.1146, -89.99999999999999, 90.0, 45.5, 4.9E-324};
    private static final java.time.LocalDate[] DATES = {java.time.LocalDate.of(1970, 1, 1), java.time.LocalDate.of(2024, 9, 2),
            java.time.LocalDate.of(10_000, 1, 1), java.time.LocalDate.of(-5, 3, 4), java.time.LocalDate.of(999, 12, 31),
            java.time.LocalDate.of(0, 1, 1), java.time.LocalDate.of(9999, 12, 31), java.time.LocalDate.of(7, 10, 9)};

    private static Snapshot snapshot() {
        Schema schema = new Schema(List.of(Field.derived("nom", "Nom", FieldType.TEXT, null), Field.derived("n", "N", FieldType.INT, null),
                Field.derived("x", "X", FieldType.DOUBLE, null), Field.derived("position", "Position", FieldType.GEO_POINT_2D, null),
                Field.derived("ouverture", "Ouverture", FieldType.DATE, null)));
        List<Object> names = new ArrayList<>();
        List<Object> ns = new ArrayList<>();
        List<Object> xs = new ArrayList<>();
        List<Object> points = new ArrayList<>();
        List<Object> dates = new ArrayList<>();
        for (int i = 0; i < TRICKY.size() * 3; i++) {
            names.add(TRICKY.get(i % TRICKY.size()));
            ns.add(i % 4 == 0 ? null : i % 3 == 0 ? (i % 2 == 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : (i % 5 == 1 ? -1L : 1L) * ((long) i * 1_000_003 - 7));
            xs.add(i % 5 == 0 ? null : i % 2 == 0 ? DOUBLES[i / 2 % DOUBLES.length] : i / 7.0 - 1);
            points.add(i % 6 == 0 ? null : new fr.geoeduc.core.model.GeoPoint(LATITUDES[i % LATITUDES.length], i / 3.0 - 5));
            dates.add(i % 7 == 0 ? null : DATES[i % DATES.length]);
        }
        Column[] columns = {Column.build(FieldType.TEXT, names), Column.build(FieldType.INT, ns), Column.build(FieldType.DOUBLE, xs),
                Column.build(FieldType.GEO_POINT_2D, points), Column.build(FieldType.DATE, dates)};
        return new Snapshot(new DatasetVersion("t", 1, Instant.EPOCH, names.size(), schema, null, null), columns, names.size());
    }

    private static List<Map<String, Object>> rows(String select) {
        return rows(snapshot(), select);
    }

    private static List<Map<String, Object>> rows(Snapshot snapshot, String select) {
        List<Map<String, Object>> rows = new ArrayList<>();
        QueryEngine.execute(snapshot, new QueryEngine.Request(select, List.of(), null, null, -1, 0, List.of(), List.of(),
                new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC)), rows::add);
        return rows;
    }

    @Test
    void jsonRecordsFromColumnsAreTheRecordsOfTheirValues() throws Exception {
        for (String select : new String[]{null, "nom, n", "x, nom as libelle, upper(nom) as grand", "position as p, ouverture, n + 1 as m"}) {
            List<Map<String, Object>> rows = rows(select);
            assertThat(rows).allSatisfy(r -> assertThat(((ResultRow) r).sourceRow()).isNotNegative());
            assertThat(json(rows)).isEqualTo(json(rows.stream().<Map<String, Object>>map(LinkedHashMap::new).toList()));
        }
        assertThat(json(rows("nom"))).contains("\\\"Jean Moulin\\\"").contains("\\u0001").contains("émoji");
    }

    @Test
    void aPageWrittenByAGeneratorThatKeepsItsFlushesIsTheSame() throws Exception {
        // enough records to cross the generator's 8,000-byte buffer many times: records are moved out of it whole
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rows.addAll(rows(null));
        }
        String expected = json(rows.stream().<Map<String, Object>>map(LinkedHashMap::new).toList(), true);
        assertThat(expected.length()).isGreaterThan(50_000);
        assertThat(json(rows, false)).isEqualTo(expected);
    }

    @Test
    void recordsReachTheStreamWholeWhenTheGeneratorKeepsItsFlushes() throws Exception {
        // only records encoded whole (no émoji, which goes through the generator character by character)
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rows.addAll(rows(null).stream().filter(r -> !String.valueOf(r.get("nom")).contains("😀")).toList());
        }
        List<byte[]> writes = new ArrayList<>();
        java.io.OutputStream recording = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                writes.add(new byte[]{(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(Arrays.copyOfRange(b, off, off + len));
            }
        };
        writeRecords(rows, recording, false);

        assertThat(writes).as("the page crosses the generator's buffer many times").hasSizeGreaterThan(5);
        for (byte[] chunk : writes.subList(0, writes.size() - 1)) {
            // a flush before the separator: had Jackson copied a record that did not fit, the chunk would end with ','
            assertThat((char) chunk[chunk.length - 1]).as("each write to the response ends with a whole record").isEqualTo('}');
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] chunk : writes) {
            joined.write(chunk);
        }
        assertThat(joined.toString(StandardCharsets.UTF_8)).isEqualTo(json(rows.stream().<Map<String, Object>>map(LinkedHashMap::new).toList()));
    }

    @Test
    void aRecordLargerThanTheGeneratorsBufferIsWrittenWhole() throws Exception {
        Schema schema = new Schema(List.of(Field.derived("nom", "Nom", FieldType.TEXT, null), Field.derived("n", "N", FieldType.INT, null)));
        List<Object> names = List.of("court", "é\"".repeat(12_000), "court", "x".repeat(7_990));
        Column[] columns = {Column.build(FieldType.TEXT, names), Column.build(FieldType.INT, List.of(1L, 2L, 3L, 4L))};
        Snapshot big = new Snapshot(new DatasetVersion("t", 1, Instant.EPOCH, names.size(), schema, null, null), columns, names.size());
        List<Map<String, Object>> rows = rows(big, null);
        assertThat(rows).hasSize(4);
        String expected = json(rows.stream().<Map<String, Object>>map(LinkedHashMap::new).toList(), true);
        assertThat(expected.length()).isGreaterThan(40_000);
        assertThat(json(rows, false)).isEqualTo(expected);
        assertThat(json(rows, true)).isEqualTo(expected);
    }

    @Test
    void jsonExportsFromColumnsAreTheExportsOfTheirValues() throws Exception {
        for (String select : new String[]{null, "position as p, ouverture, n + 1 as m"}) {
            List<Map<String, Object>> rows = rows(select);
            List<Map<String, Object>> copies = rows.stream().<Map<String, Object>>map(LinkedHashMap::new).toList();
            for (boolean lines : new boolean[]{false, true}) {
                assertThat(export(rows, out -> ExportWriters.json(out, ZoneOffset.UTC, lines)))
                        .isEqualTo(export(copies, out -> ExportWriters.json(out, ZoneOffset.UTC, lines)));
            }
            assertThat(export(rows, out -> ExportWriters.geojson(out, ZoneOffset.UTC, 4326, null)))
                    .isEqualTo(export(copies, out -> ExportWriters.geojson(out, ZoneOffset.UTC, 4326, null)));
        }
    }

    @Test
    void wholeRecordsAreEncodedAtOnceUnlessAValueNeedsTheGenerator() {
        List<Map<String, Object>> rows = rows(null);
        RawRecord raw = new RawRecord();
        JsonFieldNames names = new JsonFieldNames();
        for (Map<String, Object> row : rows) {
            boolean emoji = String.valueOf(row.get("nom")).contains("😀");
            assertThat(raw.encode((ResultRow) row, names)).as("%s", row).isEqualTo(!emoji);
        }
        assertThat(raw.encode((ResultRow) rows("nom, n, now() as maintenant").get(1), names)).as("a date-time").isFalse();
    }

    private interface Export {
        ExportWriters.RowWriter open(java.io.OutputStream out) throws Exception;
    }

    private static String export(List<Map<String, Object>> rows, Export export) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportWriters.RowWriter writer = export.open(out);
        rows.forEach(writer);
        writer.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void csvExportsFromColumnsAreTheExportsOfTheirValues() throws Exception {
        for (char delimiter : new char[]{';', ',', '|', '\t'}) {
            for (boolean quoteAll : new boolean[]{false, true}) {
                ExportWriters.CsvOptions options = new ExportWriters.CsvOptions(delimiter, true, quoteAll, ",");
                List<Map<String, Object>> rows = rows(null);
                assertThat(csv(rows, options)).isEqualTo(csv(rows.stream().<Map<String, Object>>map(LinkedHashMap::new).toList(), options));
            }
        }
    }

    /**
     * A near-unique text column (INE, pseudonyms) keeps no encoded cells: its values are written as they are when none
     * needs quoting, else one by one; either way the bytes of the values written one by one.
     */
    @Test
    void csvOfANearUniqueColumnIsTheCsvOfItsValues() throws Exception {
        for (String odd : new String[]{null, "a;b", "a,b", "guillemet \"", "ligne\n", "retour\r"}) {
            Schema schema = new Schema(List.of(Field.derived("ine", "INE", FieldType.TEXT, null)));
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < 70_000; i++) {
                values.add(i == 1234 && odd != null ? odd : i % 1000 == 7 ? "é" + i : "pseudonyme" + i);
            }
            Column text = Column.build(FieldType.TEXT, values);
            assertThat(((Column.Text) text).worthDeriving()).as("near-unique: no encoded cells").isFalse();
            Snapshot s = new Snapshot(new DatasetVersion("t", 1, Instant.EPOCH, values.size(), schema, null, null), new Column[]{text}, values.size());
            List<Map<String, Object>> rows = rows(s, null);
            List<Map<String, Object>> copies = rows.stream().<Map<String, Object>>map(LinkedHashMap::new).toList();
            for (char delimiter : new char[]{';', ',', '|', '\t'}) {
                for (boolean quoteAll : new boolean[]{false, true}) {
                    ExportWriters.CsvOptions options = new ExportWriters.CsvOptions(delimiter, false, quoteAll, ",");
                    String written = csv(rows, options);
                    assertThat(written).as("odd value %s, delimiter %s, quote all %s", odd, delimiter, quoteAll).isEqualTo(csv(copies, options));
                    if (odd != null && !quoteAll && (odd.indexOf(delimiter) >= 0 || odd.indexOf('"') >= 0 || odd.contains("\n") || odd.contains("\r"))) {
                        assertThat(written).contains("\"" + odd.replace("\"", "\"\"") + "\"");
                    }
                }
            }
        }
    }

    private static String json(List<Map<String, Object>> rows) throws Exception {
        return json(rows, true);
    }

    private static String json(List<Map<String, Object>> rows, boolean passFlushes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeRecords(rows, out, passFlushes);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void writeRecords(List<Map<String, Object>> rows, java.io.OutputStream out, boolean passFlushes) throws Exception {
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)
                .configure(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM, passFlushes)) {
            JsonFieldNames names = new JsonFieldNames();
            g.writeStartArray();
            for (Map<String, Object> row : rows) {
                ExploreValues.writeRecord(g, row, ZoneOffset.UTC, names);
            }
            g.writeEndArray();
        }
    }

    private static String csv(List<Map<String, Object>> rows, ExportWriters.CsvOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportWriters.RowWriter writer = ExportWriters.csv(out, snapshot().schema(), false, options, ZoneOffset.UTC);
        rows.forEach(writer);
        writer.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onlyAFieldUnderItsOwnNameCountsAsCopied() {
        ResultRow plain = (ResultRow) rows("n, x as n2, nom as x").get(1);
        assertThat(plain.copied(0)).isTrue();
        assertThat(plain.copied(1)).as("an alias").isFalse();
        assertThat(plain.copied(2)).as("a field under another field's name").isFalse();
    }
}
