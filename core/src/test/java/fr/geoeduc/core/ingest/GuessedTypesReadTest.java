package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.quality.Rule;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dataset without a declared schema is ingested in one read when the types inferred from its first rows hold over
 * the whole file, in two when a later row changes one. Either way the version is the one the same file makes with
 * every column's type given (no inference, one read: the reference): same types, same records, same quality report.
 * Each case changes one column at one row, before, inside or after the rows the guess is made from, or at the end.
 */
class GuessedTypesReadTest {

    private static final String HEADER = "uai;nom;valeur;effectif;latitude;longitude;date_maj;rare;code_postal;taux";
    private static final int ROWS = 20_000;
    private static final String LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";

    /** A change of one column from a row on, with the types the whole file then has, and how many reads it takes. */
    enum Change {
        NONE(ROWS, -1, null, null, 1, Map.of()),
        DECIMAL_INSIDE_THE_FILE(ROWS, 9_000, "valeur", "2.5", 2, Map.of("valeur", FieldType.DOUBLE)),
        TEXT_ON_THE_LAST_ROW(ROWS, ROWS - 1, "valeur", "n/c", 2, Map.of("valeur", FieldType.TEXT)),
        LEADING_ZERO_LATE(ROWS, 15_000, "valeur", "0042", 2, Map.of("valeur", FieldType.TEXT)),
        EMPTY_COLUMN_FILLED_LATE(ROWS, 12_000, "rare", "17", 2, Map.of("rare", FieldType.INT)),
        DATETIME_AFTER_DATES(ROWS, 10_000, "date_maj", "2024-09-02T08:30:00Z", 2, Map.of("date_maj", FieldType.DATETIME)),
        DECIMAL_AMONG_THE_FIRST_ROWS(ROWS, 100, "valeur", "2.5", 1, Map.of("valeur", FieldType.DOUBLE)),
        SMALL_FILE_CHANGED_LATE(GuessedTypesRead.GUESS_ROWS - 10, GuessedTypesRead.GUESS_ROWS - 20, "valeur", "beaucoup", 1,
                Map.of("valeur", FieldType.TEXT));

        final int rows;
        final int from;
        final String column;
        final String value;
        final int reads;
        final Map<String, FieldType> types;

        Change(int rows, int from, String column, String value, int reads, Map<String, FieldType> changedTypes) {
            this.rows = rows;
            this.from = from;
            this.column = column;
            this.value = value;
            this.reads = reads;
            Map<String, FieldType> t = new LinkedHashMap<>();
            t.put("uai", FieldType.TEXT);
            t.put("nom", FieldType.TEXT);
            t.put("valeur", FieldType.INT);
            t.put("effectif", FieldType.INT);
            t.put("latitude", FieldType.DOUBLE);
            t.put("longitude", FieldType.DOUBLE);
            t.put("date_maj", FieldType.DATE);
            t.put("rare", FieldType.TEXT);
            t.put("code_postal", FieldType.TEXT);
            t.put("taux", FieldType.DOUBLE);
            t.putAll(changedTypes);
            this.types = t;
        }
    }

    @TempDir
    Path dir;
    private final List<TestPlatform> platforms = new ArrayList<>();

    @AfterEach
    void close() {
        platforms.forEach(TestPlatform::close);
    }

    /** Rows with findings of several rules (wrong UAI letters, null markers, digit 0 in words, missing coordinates). */
    private static String file(Change change) {
        List<String> columns = Arrays.asList(HEADER.split(";"));
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (int n = 0; n < change.rows; n++) {
            String uai = String.format(Locale.ROOT, "%07d", 350_000 + n) + LETTERS.charAt((350_000 + n + (n % 1000 == 7 ? 1 : 0)) % 23);
            String[] cells = {
                    uai,
                    n % 777 == 5 ? "C0LLEGE " + n : "Collège n°" + n,
                    Integer.toString(n % 500),
                    n % 50 == 3 ? "NS" : Integer.toString(n % 97),
                    n % 400 == 9 ? "" : String.format(Locale.ROOT, "%.6f", 47.0 + (n % 1000) / 1000.0),
                    n % 400 == 9 ? "" : String.format(Locale.ROOT, "%.6f", -2.0 + (n % 700) / 1000.0),
                    String.format(Locale.ROOT, "2024-09-%02d", 1 + n % 28),
                    "",
                    "35" + String.format(Locale.ROOT, "%03d", n % 1000),
                    (n % 100) + "," + (n % 10)};
            if (change.from >= 0 && n >= change.from) {
                cells[columns.indexOf(change.column)] = change.value;
            }
            text.append(String.join(";", cells)).append('\n');
        }
        return text.toString();
    }

    private record Ingested(DatasetVersion version, IngestResult result, List<List<Object>> rows, int reads, Path store) {
    }

    private Ingested ingest(Path file, Map<String, FieldType> givenTypes) {
        TestPlatform p = new TestPlatform(dir.resolve("store-" + platforms.size()));
        platforms.add(p);
        AtomicInteger reads = new AtomicInteger();
        ProgressListener counting = new ProgressListener() {
            @Override
            public void step(String name, long total) {
                if (name.startsWith("lecture")) {
                    reads.incrementAndGet();
                }
            }
        };
        IngestRequest request = IngestRequest.of(file.toString(), "jeu-sans-schema").withTypes(givenTypes);
        IngestResult r = p.ingester.ingest(request, counting);
        List<List<Object>> rows = new ArrayList<>();
        p.store.readRows(r.version(), row -> rows.add(Arrays.asList(row)));
        return new Ingested(r.version(), r, rows, reads.get(), p.dir);
    }

    @ParameterizedTest
    @EnumSource(Change.class)
    void theVersionIsTheOneOfTheGivenTypesInOneReadWhenTheGuessHolds(Change change) throws IOException {
        Path file = dir.resolve(change.name().toLowerCase(Locale.ROOT) + ".csv");
        Files.writeString(file, file(change));

        Ingested inferred = ingest(file, Map.of());
        Ingested reference = ingest(file, change.types);

        Map<String, FieldType> types = Rows.types(inferred.version());
        assertThat(types).containsAllEntriesOf(change.types);
        assertThat(types).isEqualTo(Rows.types(reference.version()));
        assertThat(inferred.version().schema()).isEqualTo(reference.version().schema());
        assertThat(inferred.version().rowCount()).isEqualTo(change.rows);
        assertThat(inferred.rows()).hasSize(change.rows).isEqualTo(reference.rows());
        assertThat(inferred.result().quality()).isEqualTo(reference.result().quality());
        assertThat(inferred.result().quality().count(Rule.UAI_CHECK_LETTER)).isPositive();
        assertThat(inferred.result().quality().count(Rule.NULL_MARKER)).isPositive();
        assertThat(inferred.result().quality().count(Rule.DIGIT_FOR_LETTER)).isPositive();
        assertThat(inferred.version().lineage().sha256()).isEqualTo(reference.version().lineage().sha256());
        // a guess given up leaves nothing staged
        assertThat(Rows.orphanBlocks(inferred.store())).isZero();
        assertThat(Rows.stagedBatches(inferred.store())).isZero();
        assertThat(reference.reads()).isEqualTo(1);
        assertThat(inferred.reads()).as("reads of the file").isEqualTo(change.reads);
    }
}
