package fr.geoeduc.server.explore;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The byte-level CSV writer against a plain RFC 4180 rendering of the same cells. */
class CsvOutputTest {

    private static String expected(List<List<Object>> rows, char delimiter, boolean quoteAll) {
        StringBuilder b = new StringBuilder();
        for (List<Object> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    b.append(delimiter);
                }
                String s = String.valueOf(row.get(i));
                boolean quote = quoteAll || s.indexOf(delimiter) >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
                b.append(quote ? '"' + s.replace("\"", "\"\"") + '"' : s);
            }
            b.append("\r\n");
        }
        return b.toString();
    }

    private static String written(List<List<Object>> rows, char delimiter, boolean quoteAll) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvOutput csv = new CsvOutput(out, delimiter, quoteAll);
        for (List<Object> row : rows) {
            for (Object v : row) {
                if (v instanceof Long l) {
                    csv.cell(l);
                } else if (v instanceof Double d) {
                    csv.cell(d.doubleValue());
                } else {
                    csv.cell((String) v);
                }
            }
            csv.endLine();
        }
        csv.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void randomCellsMatchTheReferenceRenderingForEveryDelimiter() throws Exception {
        Random random = new Random(42);
        String alphabet = "ab;,|\t\"\r\n éÉœ€ 0123456789-.😀";
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < 3000; r++) {
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < 1 + random.nextInt(8); c++) {
                if (random.nextInt(8) == 0) {
                    row.add(switch (random.nextInt(5)) {
                        case 0 -> -0.0;
                        case 1 -> Double.NaN;
                        case 2 -> 1e-300 * random.nextDouble();
                        case 3 -> Double.NEGATIVE_INFINITY;
                        default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
                    });
                    continue;
                }
                if (random.nextInt(4) == 0) {
                    row.add(switch (random.nextInt(4)) {
                        case 0 -> Long.MIN_VALUE;
                        case 1 -> Long.MAX_VALUE;
                        case 2 -> 0L;
                        default -> random.nextLong() >> random.nextInt(64);
                    });
                    continue;
                }
                StringBuilder s = new StringBuilder();
                int length = random.nextInt(100) == 0 ? 70_000 + random.nextInt(1000) : random.nextInt(20);
                for (int i = 0; i < length; i++) {
                    s.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
                }
                row.add(s.toString());
            }
            rows.add(row);
        }
        for (char delimiter : new char[]{';', ',', '|', '\t'}) {
            for (boolean quoteAll : new boolean[]{false, true}) {
                String w = written(rows, delimiter, quoteAll);
                String e = expected(rows, delimiter, quoteAll);
                int i = 0;
                while (i < Math.min(w.length(), e.length()) && w.charAt(i) == e.charAt(i)) {
                    i++;
                }
                assertThat(i).as("first difference (delimiter %s, quoteAll %s): written %s expected %s", (int) delimiter, quoteAll,
                        w.substring(Math.max(0, i - 20), Math.min(w.length(), i + 20)), e.substring(Math.max(0, i - 20), Math.min(e.length(), i + 20)))
                        .isEqualTo(Math.max(w.length(), e.length()));
            }
        }
    }

    @Test
    void aLoneSurrogateIsWrittenAsAQuestionMark() throws Exception {
        List<List<Object>> rows = List.of(List.of("a\uD800b"));
        assertThat(written(rows, ';', false)).isEqualTo("a?b\r\n");
    }

    @Test
    void cellsFromAnEncodedDictionaryAreTheCellsOfItsValues() throws Exception {
        List<Object> values = new ArrayList<>(List.of("Collège", "a;b", "dit \"le grand\"", "ligne\nsuivante", "", "😀", "Collège"));
        values.add(null);
        fr.geoeduc.core.engine.Column.Text column = (fr.geoeduc.core.engine.Column.Text)
                fr.geoeduc.core.engine.Column.build(fr.geoeduc.core.model.FieldType.TEXT, values);
        for (char delimiter : new char[]{';', ','}) {
            for (boolean quoteAll : new boolean[]{false, true}) {
                ByteArrayOutputStream viaDictionary = new ByteArrayOutputStream();
                CsvOutput a = new CsvOutput(viaDictionary, delimiter, quoteAll);
                ByteArrayOutputStream viaText = new ByteArrayOutputStream();
                CsvOutput b = new CsvOutput(viaText, delimiter, quoteAll);
                byte[][] encoded = a.encode(column);
                if (quoteAll) {
                    assertThat(encoded).as("only the API's default options are kept with the column").isNull();
                    continue;
                }
                assertThat(a.encode(column)).as("computed once per column and options").isSameAs(encoded);
                for (int row = 0; row < values.size() - 1; row++) {
                    a.encodedCell(encoded[column.codeAt(row)]);
                    b.cell(column.get(row));
                }
                a.endLine();
                b.endLine();
                a.flush();
                b.flush();
                assertThat(viaDictionary.toString(StandardCharsets.UTF_8)).isEqualTo(viaText.toString(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aNearUniqueLargeColumnIsNotEncodedAhead() {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            values.add("pseudonyme-" + i);
        }
        fr.geoeduc.core.engine.Column.Text column = (fr.geoeduc.core.engine.Column.Text)
                fr.geoeduc.core.engine.Column.build(fr.geoeduc.core.model.FieldType.TEXT, values);
        assertThat(new CsvOutput(new ByteArrayOutputStream(), ';', false).encode(column)).isNull();
        assertThat(ExploreValues.escapedDictionary(column)).isNull();
    }

    @Test
    void plainCellsCopiedFromAPackedDictionaryAreTheCellsOfItsValues() throws Exception {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) { // more values than a heap dictionary keeps as strings: packed UTF-8 bytes
            values.add(i == 3 ? "é".repeat(40_000) : "PSEUDONYME" + Integer.toString(i * 7919, 32) + (i % 3 == 0 ? "É" : ""));
        }
        fr.geoeduc.core.engine.Column.Text column = (fr.geoeduc.core.engine.Column.Text)
                fr.geoeduc.core.engine.Column.build(fr.geoeduc.core.model.FieldType.TEXT, values);
        assertThat(column.dictionary().getClass().getSimpleName()).isEqualTo("Packed");
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        CsvOutput a = new CsvOutput(copied, ';', false);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        CsvOutput b = new CsvOutput(encoded, ';', false);
        assertThat(a.plain(column)).isTrue();
        for (int row = 0; row < values.size(); row++) { // rows of 3 cells, across the buffer's ends; one value of 80 kB
            a.plainCell(column.dictionary(), column.codeAt(row));
            b.cell(column.get(row));
            if (row % 3 == 2) {
                a.endLine();
                b.endLine();
            }
        }
        a.flush();
        b.flush();
        assertThat(copied.toByteArray()).isEqualTo(encoded.toByteArray());
    }
}
