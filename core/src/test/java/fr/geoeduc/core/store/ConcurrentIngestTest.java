package fr.geoeduc.core.store;

import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.referentiel.Uai;
import fr.geoeduc.core.testing.Rows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two ingests of the same dataset at the same time, from two threads and from two JVMs: both publish, as versions
 * 1 and 2, each version holds exactly the rows of one file, and the catalogue agrees with the versions.
 */
class ConcurrentIngestTest {

    static final String IPS = "fr-en-ips_ecoles";
    static final String HEADER = "Rentrée scolaire;Académie;Code du département;Département;UAI;Nom de l'établissment;"
            + "Code INSEE de la commune;Nom de la commune;Secteur;IPS";

    @TempDir
    Path dir;

    /** An IPS écoles file of {@code rows} rows whose names start with {@code tag} and whose UAIs are all distinct and valid. */
    static Path ipsFile(Path file, String tag, int firstUai, int rows) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER + "\n");
            for (int k = 0; k < rows; k++) {
                String digits = String.format("%07d", firstUai + k);
                w.write("2021-2022;RENNES;035;ILLE-ET-VILAINE;" + digits + Uai.checkLetter(digits) + ";" + tag + " ECOLE " + k
                        + ";35238;RENNES;public;" + (60 + k % 90) + "." + (k % 10) + "\n");
            }
        }
        return file;
    }

    /** Each version holds the rows of exactly one of the files, complete and in order. */
    private static void assertVersionsAreTheTwoFiles(SqliteStore store, Map<String, Integer> rowsByTag) {
        List<DatasetVersion> versions = store.versions(IPS);
        assertThat(versions).extracting(DatasetVersion::number).containsExactly(1, 2);
        assertThat(versions).extracting(DatasetVersion::batchId).doesNotHaveDuplicates();
        Set<String> tagsSeen = new HashSet<>();
        for (DatasetVersion v : versions) {
            List<Map<String, Object>> rows = Rows.read(store, v);
            String name = (String) rows.get(0).get("nom_de_l_etablissment");
            String tag = name.substring(0, name.indexOf(' '));
            assertThat(rowsByTag).containsKey(tag);
            assertThat(tagsSeen.add(tag)).as("two versions hold the same file").isTrue();
            assertThat(v.rowCount()).isEqualTo(rowsByTag.get(tag).longValue());
            assertThat(rows).hasSize(rowsByTag.get(tag));
            for (int k = 0; k < rows.size(); k++) {
                assertThat(rows.get(k).get("nom_de_l_etablissment")).isEqualTo(tag + " ECOLE " + k);
            }
            assertThat(store.quality(IPS, v.number()).orElseThrow().rowsChecked()).isEqualTo(v.rowCount());
        }
        // the catalogue: one entry, two versions, the latest is 2
        List<DatasetSummary> catalogue = store.datasets();
        assertThat(catalogue).hasSize(1);
        assertThat(catalogue.get(0).definition().id()).isEqualTo(IPS);
        assertThat(catalogue.get(0).versionCount()).isEqualTo(2);
        assertThat(catalogue.get(0).latest().orElseThrow().number()).isEqualTo(2);
        assertThat(store.latest(IPS).orElseThrow().batchId()).isEqualTo(versions.get(1).batchId());
    }

    private void assertNothingStaged(Path storeDir) {
        assertThat(Rows.stagedBatches(storeDir)).isZero();
        assertThat(Rows.orphanBlocks(storeDir)).isZero();
        assertThat(Rows.sql(storeDir, "SELECT COUNT(DISTINCT batch_id) FROM record_block")).isEqualTo(2);
    }

    @ParameterizedTest(name = "shared store instance: {0}")
    @ValueSource(booleans = {true, false})
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void twoThreadsIngestTheSameDatasetAtOnce(boolean sharedStore) throws Exception {
        Path a = ipsFile(dir.resolve("in/a.csv"), "A", 100_000, 60_000);
        Path b = ipsFile(dir.resolve("in/b.csv"), "B", 300_000, 45_000);
        Path storeDir = dir.resolve("store");
        List<SqliteStore> stores = new ArrayList<>();
        stores.add(SqliteStore.open(storeDir));
        stores.add(sharedStore ? stores.get(0) : SqliteStore.open(storeDir));
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<IngestResult>> results = new ArrayList<>();
            Path[] files = {a, b};
            for (int t = 0; t < 2; t++) {
                SqliteStore store = stores.get(t);
                Path file = files[t];
                results.add(pool.submit(() -> {
                    Ingester ingester = new Ingester(store, SchemaRegistry.load(), storeDir.resolve("downloads"));
                    start.await();
                    return ingester.ingest(IngestRequest.of(file.toString(), IPS), ProgressListener.NONE);
                }));
            }
            IngestResult ra = results.get(0).get(4, TimeUnit.MINUTES);
            IngestResult rb = results.get(1).get(4, TimeUnit.MINUTES);
            assertThat(List.of(ra.version().number(), rb.version().number())).containsExactlyInAnyOrder(1, 2);
            assertThat(ra.version().rowCount()).isEqualTo(60_000);
            assertThat(rb.version().rowCount()).isEqualTo(45_000);
            assertThat(ra.quality().count(fr.geoeduc.core.quality.Rule.DUPLICATE_KEY)).isZero();
        } finally {
            pool.shutdownNow();
            stores.forEach(SqliteStore::close);
        }
        try (SqliteStore reopened = SqliteStore.open(storeDir)) {
            assertVersionsAreTheTwoFiles(reopened, Map.of("A", 60_000, "B", 45_000));
        }
        assertNothingStaged(storeDir);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void twoJvmsIngestTheSameDatasetAtOnce() throws Exception {
        Path a = ipsFile(dir.resolve("in/a.csv"), "A", 100_000, 150_000);
        Path b = ipsFile(dir.resolve("in/b.csv"), "B", 300_000, 120_000);
        Path storeDir = dir.resolve("store");
        SqliteStore.open(storeDir).close();   // an existing store, as when two CLI ingests run on a deployed data directory
        Path outA = dir.resolve("a.out");
        Path outB = dir.resolve("b.out");
        Process pa = IngestMain.command(storeDir, a, IPS, outA).start();
        Process pb = IngestMain.command(storeDir, b, IPS, outB).start();
        try {
            assertThat(pa.waitFor(4, TimeUnit.MINUTES)).as("first JVM finished").isTrue();
            assertThat(pb.waitFor(4, TimeUnit.MINUTES)).as("second JVM finished").isTrue();
        } finally {
            pa.destroyForcibly();
            pb.destroyForcibly();
        }
        String logA = Files.readString(outA);
        String logB = Files.readString(outB);
        assertThat(pa.exitValue()).as(logA).isZero();
        assertThat(pb.exitValue()).as(logB).isZero();
        List<String> published = new ArrayList<>();
        for (String log : List.of(logA, logB)) {
            log.lines().filter(l -> l.startsWith("PUBLISHED ")).forEach(published::add);
        }
        assertThat(published).hasSize(2);
        assertThat(logA).contains(" 150000").doesNotContain("FAILED");
        assertThat(logB).contains(" 120000").doesNotContain("FAILED");
        assertThat(published).extracting(l -> l.split(" ")[1]).containsExactlyInAnyOrder("1", "2");
        try (SqliteStore reopened = SqliteStore.open(storeDir)) {
            assertVersionsAreTheTwoFiles(reopened, Map.of("A", 150_000, "B", 120_000));
        }
        assertNothingStaged(storeDir);
    }
}
