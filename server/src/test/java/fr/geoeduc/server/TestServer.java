package fr.geoeduc.server;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import fr.geoeduc.server.explore.QuotaSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A server for the HTTP and browser tests, set up in three steps: a store in {@code dir/data} with the ingester wired
 * as the CLI wires it (downloads in {@code dir/dl}); the datasets, organisations and API keys the test needs; then
 * {@link #start} on a free port of 127.0.0.1, with the access services when the test opened them (conventions,
 * clients, people), the open policy only otherwise. {@link #close} closes the server, the access services and the
 * store, skipping what was never opened.
 */
public final class TestServer implements AutoCloseable {

    /** The daily quota of the servers and API keys of most tests: never reached. */
    public static final long QUOTA = 100_000;

    public final Path dir;
    public final SqliteStore store;
    public final Ingester ingester;
    private AccessServices access;
    private GeoeducServer server;

    private TestServer(Path dir) {
        this(dir, SqliteStore.open(dir.resolve("data")));
    }

    private TestServer(Path dir, SqliteStore store) {
        this(dir, store, new Ingester(store, SchemaRegistry.load(), dir.resolve("dl")));
    }

    private TestServer(Path dir, SqliteStore store, Ingester ingester) {
        this.dir = dir;
        this.store = store;
        this.ingester = ingester;
    }

    /** A store in {@code dir} (a test's {@code @TempDir}). */
    public static TestServer in(Path dir) {
        return new TestServer(dir);
    }

    /** The store of a platform a fixture filled ({@code platform.dir}, its ingester); {@link #close} closes it. */
    public static TestServer on(TestPlatform platform) {
        return new TestServer(platform.dir, platform.store, platform.ingester);
    }

    /** A store in a new temporary directory named after {@code prefix}. */
    public static TestServer inTempDir(String prefix) throws IOException {
        return new TestServer(Files.createTempDirectory(prefix));
    }

    public TestServer ingest(IngestRequest request) {
        ingester.ingest(request, ProgressListener.NONE);
        return this;
    }

    /** A file as an open dataset, its schema inferred or known of the registry. */
    public TestServer ingest(Path file, String dataset) {
        return ingest(IngestRequest.of(file.toString(), dataset));
    }

    /** A file as a dataset of that access level. */
    public TestServer ingest(Path file, String dataset, AccessLevel level) {
        return ingest(new IngestRequest(file.toString(), dataset, level, null, null));
    }

    /** A real file of ../shared/data as an open dataset; the test is skipped when the folder is absent. */
    public TestServer ingestShared(String relative, String dataset) {
        return ingest(SharedData.file(relative), dataset);
    }

    /** Writes a generated file in the test's directory. */
    public Path write(String name, CharSequence content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    /** The access services of the store, opened on the first call with the system clock. */
    public AccessServices access() {
        if (access == null) {
            access = AccessServices.open(store, dir.resolve("data"), Clock.systemUTC());
        }
        return access;
    }

    public AccessRegistry registry() {
        return access().registry();
    }

    /** Saves an organisation; {@code communes} its territory (INSEE codes), none for none. */
    public TestServer organisation(String id, String name, Organisation.Kind kind, String... communes) {
        registry().saveOrganisation(new Organisation(id, name, null, kind, List.of(communes)));
        return this;
    }

    /** The API key of a new client of that organisation, with the daily quota {@link #QUOTA}. */
    public String apiKey(String organisation, String client) {
        return registry().createClient(organisation, client, QUOTA).apiKey();
    }

    /** Starts the server with the daily quota {@link #QUOTA} for every client. */
    public TestServer start(String banner) {
        return start(banner, new QuotaSettings(QUOTA, Map.of()));
    }

    public TestServer start(String banner, QuotaSettings quotas) {
        server = GeoeducServer.start(store, access, "127.0.0.1", 0, banner, quotas);
        return this;
    }

    public GeoeducServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:port}, without a trailing slash. */
    public String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /**
     * Closes the server, the access services and the store, and lets go of them: test classes keep their TestServer in
     * a static field for the life of the test JVM, which would otherwise keep every closed server's snapshot caches.
     */
    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (access != null) {
            access.close();
            access = null;
        }
        store.close();
    }
}
