package fr.geoeduc.server;

import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.server.explore.QuotaSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static fr.geoeduc.server.OgcTestServer.COLLEGES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new version of a collection is served at once by the tile route (tile cache on, as by default): the collection the
 * route resolves (kept per definition and version for open data) and the cached tile both move to the new version; the
 * tile's ETag changes with it. The national collèges, then the same file with the first collège renamed.
 */
class OgcTilesVersionTest {

    private static final String RENAMED = "Collège renommé pour la version 2";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aNewVersionIsServedAtOnceWithAnotherETag() throws Exception {
        Path v1 = TestData.file(OgcTestServer.COLLEGES_FILE);
        Map<String, String> first = ExploreCompatibilityTest.readCsv(v1).stream()
                .filter(r -> !r.get("latitude").isBlank() && !r.get("longitude").isBlank()).findFirst().orElseThrow();
        String before = first.get("appellation_officielle");
        String text = Files.readString(v1, StandardCharsets.UTF_8);
        assertThat(text).contains(first.get("numero_uai") + ";" + before + ";");
        Path v2 = dir.resolve("colleges-v2.csv");
        Files.writeString(v2, text.replace(first.get("numero_uai") + ";" + before + ";", first.get("numero_uai") + ";" + RENAMED + ";"),
                StandardCharsets.UTF_8);

        try (SqliteStore store = SqliteStore.open(dir.resolve("store"))) {
            Ingester ingester = new Ingester(store, SchemaRegistry.load(), dir.resolve("downloads"));
            ingester.ingest(new IngestRequest(v1.toString(), COLLEGES, null, null, null), ProgressListener.NONE);
            GeoeducServer server = GeoeducServer.start(store, "127.0.0.1", 0, null, new QuotaSettings(10_000_000, Map.of()));
            try {
                double lon = Double.parseDouble(first.get("longitude"));
                double lat = Double.parseDouble(first.get("latitude"));
                String url = "http://127.0.0.1:" + server.port() + "/ogc/collections/" + COLLEGES + "/tiles/WebMercatorQuad/14/"
                        + MvtDecoder.row(14, lat) + "/" + MvtDecoder.col(14, lon) + "?properties=numero_uai,appellation_officielle";
                HttpResponse<byte[]> old = get(url);
                assertThat(names(old)).contains(before).doesNotContain(RENAMED);
                assertThat(get(url).headers().firstValue("ETag")).isEqualTo(old.headers().firstValue("ETag")); // kept

                ingester.ingest(new IngestRequest(v2.toString(), COLLEGES, null, null, null), ProgressListener.NONE);
                HttpResponse<byte[]> now = get(url);
                assertThat(names(now)).contains(RENAMED).doesNotContain(before);
                assertThat(now.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(old.headers().firstValue("ETag").orElseThrow());
            } finally {
                server.close();
            }
        }
    }

    private static Set<String> names(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        List<Geometry> features = MvtDecoder.features(r.body(), COLLEGES);
        return features.stream().map(g -> String.valueOf(MvtDecoder.attributes(g).get("appellation_officielle"))).collect(Collectors.toSet());
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
