package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.geoeduc.server.explore.QuotaSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refusals made before any OGC handler (an unknown API key, an invalid OAuth2 token, the daily quota spent) are OGC
 * exceptions in French ({@code code}, {@code description}), as the OGC API's other errors, which GDAL and QGIS show
 * their users as they are; the Explore API keeps data.education.gouv.fr's error bodies.
 */
class OgcRefusalsTest {

    @TempDir
    static Path dir;
    private static TestServer server;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.in(dir);
        server.ingest(server.write("points.csv", "nom;lat;lon\nA;48.1;-1.6\nB;48.2;-1.7\n"), "points")
                .start(null, new QuotaSettings(3, Map.of()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void ogcException(HttpResponse<String> r, int status, String code, String words) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("code").asText()).as(r.body()).isEqualTo(code);
        assertThat(body.path("description").asText()).as(r.body()).contains(words);
        assertThat(body.has("message")).as(r.body()).isFalse();
    }

    @Test
    void anUnknownKeyOrTokenIsRefusedInFrenchOnTheOgcApi() throws Exception {
        ogcException(get("/ogc/collections?apikey=gek_inconnue", null), 401, "InvalidAPIKey", "clé d'API inconnue");
        ogcException(get("/ogc/collections/points/items", "Apikey gek_inconnue"), 401, "InvalidAPIKey", "clé d'API inconnue");
        ogcException(get("/ogc", "Bearer jeton-inconnu"), 401, "InvalidToken", "jeton d'accès invalide");
        // the Explore API: the portal's body, unchanged
        HttpResponse<String> explore = get("/api/explore/v2.1/catalog/datasets?apikey=gek_inconnue", null);
        assertThat(explore.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(explore.body()).path("error_code").asText()).isEqualTo("InvalidAPIKey");
    }

    @Test
    void theSpentQuotaIsRefusedInFrenchOnTheOgcApi() throws Exception {
        HttpResponse<String> last = null;
        for (int i = 0; i < 5; i++) {
            last = get("/ogc/collections/points/items", null);
        }
        ogcException(last, 429, "TooManyRequests", "quota journalier de 3 appels atteint");
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
    }
}
