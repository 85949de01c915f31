package fr.geoeduc.core.store.contract;

import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.store.PostgresStore;
import fr.geoeduc.core.store.RecordHasher;
import fr.geoeduc.core.store.StoreException;
import fr.geoeduc.core.testing.PostgresDatabase;
import fr.geoeduc.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database goes away in the middle of an ingest (the cluster is stopped with -m immediate): nothing is
 * half-published, the error says what happened, and the same store works again once the database is back.
 */
class PostgresOutageTest {

    @TempDir
    Path dir;

    @Test
    void clusterStoppedMidIngestPublishesNothingAndTheStoreReconnects() throws Exception {
        try (PostgresDatabase db = PostgresDatabase.create(); PostgresStore store = PostgresStore.open(db.url)) {
            Ingester ingester = new Ingester(store, SchemaRegistry.load(), dir.resolve("downloads"));
            String id = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre";
            Path source = SharedData.file("national/fr-en-adresse-et-geolocalisation-colleges-2024.csv");
            IngestResult first = ingester.ingest(IngestRequest.of(source.toString(), id), ProgressListener.NONE);
            String firstHash = RecordHasher.of(store, first.version());
            Path big = replicate(source, 40);

            CompletableFuture<IngestResult> running = CompletableFuture.supplyAsync(() ->
                    ingester.ingest(IngestRequest.of(big.toString(), id), ProgressListener.NONE));
            Thread.sleep(1500);
            PostgresDatabase.cluster("stop-now");
            Throwable failure;
            try {
                running.get(120, TimeUnit.SECONDS);
                failure = null;
            } catch (ExecutionException e) {
                failure = e.getCause();
            } finally {
                PostgresDatabase.cluster("start-again");
            }
            assertThat(failure).as("the ingest must fail when the database goes away").isInstanceOf(StoreException.class);
            assertThat(failure.getMessage()).contains("PostgreSQL store").contains("127.0.0.1");

            assertThat(store.versions(id)).as("nothing half-published").hasSize(1);
            assertThat(RecordHasher.of(store, store.version(id, 1).orElseThrow())).isEqualTo(firstHash);
            IngestResult again = ingester.ingest(IngestRequest.of(source.toString(), id), ProgressListener.NONE);
            assertThat(again.version().number()).as("the same store reconnects").isEqualTo(2);
            assertThat(again.version().rowCount()).isEqualTo(7654);
        }
    }

    /** The national géoloc file repeated {@code times} times with new UAIs, so that the ingest lasts a few seconds. */
    private Path replicate(Path source, int times) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        Path out = dir.resolve("big.csv");
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(lines.get(0));
            w.write('\n');
            for (int k = 0; k < times; k++) {
                for (int i = 1; i < lines.size(); i++) {
                    String line = lines.get(i);
                    w.write(String.format("%07d", (k * 10000 + i) % 10_000_000) + "A" + line.substring(8));
                    w.write('\n');
                }
            }
        }
        return out;
    }
}
