package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.server.explore.QuotaSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A server for the OGC API tests: the national géolocalisation of collèges (open, 7,654 rows, France with overseas),
 * the départements' boundaries published as a dataset from their GeoJSON (polygons) and loaded as a référentiel, and the annuaire of Ille-et-Vilaine published as restricted (no convention exists: invisible to everyone).
 * A test class registers it ({@code @RegisterExtension static final OgcTestServer s = new OgcTestServer();}): it starts
 * in a temporary directory before the class's tests (and its {@code @BeforeAll} methods) and stops after them, the
 * directory deleted.
 */
final class OgcTestServer implements BeforeAllCallback, AfterAllCallback {

    static final String COLLEGES = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre";
    static final String RESTRICTED = "fr-en-annuaire-education";
    static final String COLLEGES_FILE = TestData.GEOLOC_COLLEGES;
    static final String DEPARTEMENTS = "departements";
    static final String DEPARTEMENTS_FILE = TestData.DEPARTEMENTS_GEOJSON;
    /** The départements also loaded as a référentiel (millésime 2018): an open read-only collection. */
    static final String REFERENTIEL = "referentiel-departements";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final boolean standIns;
    private Path dir;
    private TestServer running;
    SqliteStore store;
    GeoeducServer server;
    String base;
    List<Map<String, String>> colleges;
    /** The départements' GeoJSON loaded (the real file, or its generated stand-in). */
    Path departementsFile;

    /** As an extension, on the real files; the test class is skipped when ../shared/data is absent. */
    OgcTestServer() {
        this(false);
    }

    /** As an extension, with {@code standIns} on generated files ({@link GeneratedFiles}) when ../shared/data is absent. */
    OgcTestServer(boolean standIns) {
        this.standIns = standIns;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("geoeduc-ogc");
        java.util.function.Function<String, Path> file = relative -> standIns ? TestData.fileOrGenerated(relative, dir) : TestData.file(relative);
        Path collegesFile = file.apply(COLLEGES_FILE);
        departementsFile = file.apply(DEPARTEMENTS_FILE);
        colleges = ExploreCompatibilityTest.readCsv(collegesFile);
        running = TestServer.in(dir);
        store = running.store;
        running.ingest(new IngestRequest(collegesFile.toString(), COLLEGES, null, null, null))
                .ingest(new IngestRequest(departementsFile.toString(), DEPARTEMENTS, null, null, null))
                .ingest(new IngestRequest(file.apply(TestData.ANNUAIRE).toString(), RESTRICTED, AccessLevel.RESTRICTED, null, null));
        new fr.geoeduc.core.ingest.ReferentielLoader(store).loadBoundaries("departement", departementsFile, "2018");
        server = running.start(null, new QuotaSettings(10_000_000, Map.of())).server();
        base = running.base();
    }

    record Answer(int status, String contentType, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + response.body(), e);
            }
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String body() {
            return response.body();
        }
    }

    Answer get(String pathAndQuery, String accept) {
        String url = pathAndQuery.startsWith("http") ? pathAndQuery : base + pathAndQuery;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (accept != null) {
            b.header("Accept", accept);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode ok(String pathAndQuery) {
        Answer a = get(pathAndQuery, null);
        if (a.status() != 200) {
            throw new AssertionError(pathAndQuery + " -> " + a.status() + ": " + a.body());
        }
        return a.json();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (running != null) {
            running.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
