package fr.geoeduc.core.testing;

import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.core.store.SqliteStore;

import java.nio.file.Path;

/** An embedded store in a temporary directory with the ingester wired as the CLI wires it. */
public final class TestPlatform implements AutoCloseable {

    public final Path dir;
    public final SqliteStore store;
    public final Ingester ingester;
    public final ReferentielLoader referentiels;

    public TestPlatform(Path dir) {
        this.dir = dir;
        this.store = SqliteStore.open(dir);
        this.ingester = new Ingester(store, SchemaRegistry.load(), dir.resolve("downloads"));
        this.referentiels = new ReferentielLoader(store);
    }

    public IngestResult ingest(Path file, String dataset) {
        return ingester.ingest(IngestRequest.of(file.toString(), dataset), ProgressListener.NONE);
    }

    @Override
    public void close() {
        store.close();
    }
}
