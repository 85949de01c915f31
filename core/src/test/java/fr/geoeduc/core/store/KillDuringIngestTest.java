package fr.geoeduc.core.store;

import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.referentiel.Uai;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A separate JVM ingesting a big file is killed (SIGKILL) after it has staged blocks: when the store is opened
 * again, the dataset still has exactly its version 1, intact, and the abandoned batch and its blocks are gone.
 */
class KillDuringIngestTest {

    static final String GEOLOC = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre";
    static final int BIG_ROWS = 400_000;

    @TempDir
    Path dir;

    /** The national géoloc file replicated to {@code rows} rows, each with a new (valid, distinct) UAI. */
    static Path bigGeolocFile(Path real, Path target, int rows) throws IOException {
        List<String> lines = Files.readAllLines(real, StandardCharsets.UTF_8);
        String header = lines.get(0);
        List<String> data = lines.subList(1, lines.size());
        try (BufferedWriter w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            w.write(header);
            w.write("\r\n");
            for (int k = 0; k < rows; k++) {
                String line = data.get(k % data.size());
                String digits = String.format("%07d", 1_000_000 + k);
                w.write(digits + Uai.checkLetter(digits) + line.substring(line.indexOf(';')));
                w.write("\r\n");
            }
        }
        return target;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void killedIngestLeavesVersionOneIntactAndNothingStaged() throws Exception {
        Path real = SharedData.file("national/fr-en-adresse-et-geolocalisation-colleges-2024.csv");
        Path storeDir = dir.resolve("store");
        DatasetVersion v1;
        try (SqliteStore store = SqliteStore.open(storeDir)) {
            Ingester ingester = new Ingester(store, SchemaRegistry.load(), storeDir.resolve("downloads"));
            v1 = ingester.ingest(IngestRequest.of(real.toString(), GEOLOC), ProgressListener.NONE).version();
        }
        assertThat(v1.number()).isEqualTo(1);
        assertThat(v1.rowCount()).isEqualTo(7654);
        long v1Blocks = Rows.sql(storeDir, "SELECT COUNT(*) FROM record_block");
        assertThat(v1Blocks).isEqualTo(2);   // 7654 rows in blocks of 4096

        Path big = bigGeolocFile(real, dir.resolve("geoloc-400k.csv"), BIG_ROWS);
        Path out = dir.resolve("child.out");
        Process child = IngestMain.command(storeDir, big, GEOLOC, out).start();
        long staged = 0;
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline && child.isAlive()) {
                staged = Rows.orphanBlocks(storeDir);
                if (staged > 0) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(child.isAlive()).as("the child is still ingesting: " + Files.readString(out)).isTrue();
            assertThat(staged).as("blocks staged by the child").isGreaterThan(0);
            assertThat(Rows.stagedBatches(storeDir)).isEqualTo(1);
            assertThat(Rows.sql(storeDir, "SELECT pid FROM batch")).isEqualTo(child.pid());
        } finally {
            child.destroyForcibly();   // SIGKILL: no shutdown hook, no rollback, no close
            assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(child.exitValue()).isNotZero();
        assertThat(Files.readString(out)).contains("STARTED").doesNotContain("PUBLISHED");
        // what the kill left on disk: the batch and its committed blocks, not yet cleaned up
        assertThat(Rows.stagedBatches(storeDir)).isEqualTo(1);
        assertThat(Rows.orphanBlocks(storeDir)).isGreaterThanOrEqualTo(staged);

        try (SqliteStore store = SqliteStore.open(storeDir)) {
            assertThat(store.versions(GEOLOC)).hasSize(1);
            DatasetVersion still = store.latest(GEOLOC).orElseThrow();
            assertThat(still.number()).isEqualTo(1);
            assertThat(still.batchId()).isEqualTo(v1.batchId());
            assertThat(still.rowCount()).isEqualTo(7654);
            List<Map<String, Object>> rows = Rows.read(store, still);
            assertThat(rows).hasSize(7654);
            assertThat(rows.get(0)).containsEntry("numero_uai", "0071168G");
            assertThat(rows).noneMatch(m -> ((String) m.get("numero_uai")).startsWith("10"));
            assertThat(store.datasets()).singleElement().satisfies(s -> {
                assertThat(s.versionCount()).isEqualTo(1);
                assertThat(s.latest().orElseThrow().number()).isEqualTo(1);
            });
            // the abandoned batch and its blocks are gone
            assertThat(Rows.stagedBatches(storeDir)).isZero();
            assertThat(Rows.orphanBlocks(storeDir)).isZero();
            assertThat(Rows.sql(storeDir, "SELECT COUNT(*) FROM record_block")).isEqualTo(v1Blocks);

            // and the store takes the next version normally
            Ingester ingester = new Ingester(store, SchemaRegistry.load(), storeDir.resolve("downloads"));
            IngestResult v2 = ingester.ingest(IngestRequest.of(real.toString(), GEOLOC), ProgressListener.NONE);
            assertThat(v2.version().number()).isEqualTo(2);
            assertThat(Rows.count(store, v2.version())).isEqualTo(7654);
        }
    }
}
