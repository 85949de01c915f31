package fr.geoeduc.app;

import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.store.Stores;

import java.nio.file.Path;

/** Everything a command needs, wired once: the store under the data directory, the ingester, the loaders. */
public final class Platform implements AutoCloseable {

    private final Path dataDir;
    private final Store store;
    private fr.geoeduc.core.query.AccessServices access;
    /** Read at the first ingest: a server never needs it, and reading it was a tenth of its start-up. */
    private SchemaRegistry registry;

    private Platform(Path dataDir, Store store) {
        this.dataDir = dataDir;
        this.store = store;
    }

    public static Platform open(Path dataDir) {
        return new Platform(dataDir, SqliteStore.open(dataDir));
    }

    /**
     * The store at {@code storeLocation} ({@code postgresql://…}) or, when null, the embedded store of the data
     * directory. Downloads always go under the data directory.
     */
    public static Platform open(Path dataDir, String storeLocation) {
        if (storeLocation == null || storeLocation.isBlank()) {
            return open(dataDir);
        }
        return new Platform(dataDir, Stores.open(storeLocation));
    }

    /** {@code --store URL}, else {@code GEOEDUC_STORE}, else null (the embedded store). */
    public static String storeLocation(String option) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        String env = System.getenv("GEOEDUC_STORE");
        return env == null || env.isBlank() ? null : env;
    }

    /** {@code --data DIR}, else {@code GEOEDUC_DATA}, else {@code ./data}. */
    public static Path dataDir(Path option) {
        if (option != null) {
            return option;
        }
        String env = System.getenv("GEOEDUC_DATA");
        return Path.of(env == null || env.isBlank() ? "data" : env);
    }

    public Path dataDir() {
        return dataDir;
    }

    public Store store() {
        return store;
    }

    public synchronized SchemaRegistry registry() {
        if (registry == null) {
            registry = SchemaRegistry.load();
        }
        return registry;
    }

    public Ingester ingester() {
        return new Ingester(store, registry(), dataDir.resolve("downloads"));
    }

    /** Conventions, policy, audit log and tokens over this platform's store (keys under the data directory). */
    public synchronized fr.geoeduc.core.query.AccessServices access() {
        if (access == null) {
            access = fr.geoeduc.core.query.AccessServices.open(store, dataDir, java.time.Clock.systemUTC());
        }
        return access;
    }

    public ReferentielLoader referentiels() {
        return new ReferentielLoader(store);
    }

    @Override
    public void close() {
        if (access != null) {
            access.close();
        }
        store.close();
    }
}
