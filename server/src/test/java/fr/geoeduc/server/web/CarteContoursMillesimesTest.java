package fr.geoeduc.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The choropleths' polygons by millésime ({@code /carte/contours/commune?millesime=2018}) and the explorer's choice of
 * it: two millésimes of a generated commune référentiel ({@link CommunesDeuxMillesimes}), each answer checked for its
 * codes, names and polygons; an unknown millésime is a 400 naming those loaded; the explorer offers the millésimes,
 * opens on the rentrée's one, and a saved view keeps the choice.
 */
class CarteContoursMillesimesTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.inTempDir("geoeduc-contours-millesimes");
        CommunesDeuxMillesimes.load(server);
        server.start(null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Code → [name, west, east] of each polygon of a contours document. */
    static Map<String, List<Object>> polygons(JsonNode doc) {
        Map<String, List<Object>> out = new TreeMap<>();
        for (JsonNode f : doc.path("features")) {
            List<Double> lons = new ArrayList<>();
            f.path("geometry").path("coordinates").get(0).forEach(c -> lons.add(c.get(0).asDouble()));
            out.put(f.path("properties").path("code").asText(), List.of(f.path("properties").path("nom").asText(),
                    lons.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), lons.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
        }
        return out;
    }

    @Test
    void eachMillesimeHasItsOwnCodesAndPolygons() throws Exception {
        HttpResponse<String> y2018 = get("/carte/contours/commune?millesime=2018");
        assertThat(y2018.statusCode()).isEqualTo(200);
        assertThat(y2018.headers().firstValue("Content-Type").orElse("")).startsWith("application/geo+json");
        JsonNode d2018 = Json.MAPPER.readTree(y2018.body());
        assertThat(d2018.path("niveau").asText()).isEqualTo("commune");
        assertThat(d2018.path("millesime").asText()).isEqualTo("2018");
        Map<String, List<Object>> p2018 = polygons(d2018);
        assertThat(p2018).containsOnlyKeys("35001", "35002", "35003", "35004");
        assertThat(p2018.get("35001")).containsExactly("Val", -1.7, -1.65);
        assertThat(p2018.get("35002")).containsExactly("Nouveau", -1.65, -1.6);

        JsonNode d2024 = Json.MAPPER.readTree(get("/carte/contours/commune?millesime=2024").body());
        assertThat(d2024.path("millesime").asText()).isEqualTo("2024");
        Map<String, List<Object>> p2024 = polygons(d2024);
        assertThat(p2024).containsOnlyKeys("35001", "35003", "35004");
        assertThat(p2024.get("35001")).containsExactly("Val-Nouveau", -1.7, -1.6);

        // without a millésime (or an empty one): the current polygons, those of 2024 here
        for (String current : List.of("/carte/contours/commune", "/carte/contours/commune?millesime=")) {
            JsonNode d = Json.MAPPER.readTree(get(current).body());
            assertThat(d.has("millesime")).as(current).isFalse();
            assertThat(polygons(d)).as(current).isEqualTo(p2024);
        }
    }

    @Test
    void anUnknownMillesimeIsA400NamingThoseLoaded() throws Exception {
        HttpResponse<String> r = get("/carte/contours/commune?millesime=2031");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = Json.MAPPER.readTree(r.body());
        assertThat(error.path("error_code").asText()).isEqualTo("InvalidParameter");
        assertThat(error.path("message").asText()).isEqualTo("millésime « 2031 » des contours par commune non chargé (chargés : 2018, 2024)");
        assertThat(get("/carte/contours/departement?millesime=2018").statusCode()).as("no département loaded").isEqualTo(404);
    }

    @Test
    void eachMillesimesDocumentIsCachedApart() {
        BaseLayer layer = new BaseLayer(server.store);
        String y2018 = layer.document("commune", "2018");
        assertThat(layer.document("commune", "2018")).isSameAs(y2018);
        assertThat(layer.document("commune", "2024")).isNotEqualTo(y2018).isSameAs(layer.document("commune", "2024"));
        assertThat(layer.document("commune", "")).isSameAs(layer.document("commune"));
        assertThat(layer.millesimes("commune")).containsExactly("2018", "2024");
    }

    @Test
    void theExplorerOffersTheMillesimesAndOpensOnTheRentreesOne() throws Exception {
        String carte = "/carte?jeu=" + CommunesDeuxMillesimes.DATASET + "&aplat=commune";
        String current = get(carte).body();
        assertThat(current).contains("id=\"choix-millesime\"").contains("data-aplat-contours=\"/carte/contours/commune\"")
                .contains("<option value=\"2018\">2018</option>").contains("<option value=\"2024\">2024</option>");
        // a rentrée filtered on: its millésime by default, unless the form said "Courant" (an empty millésime)
        assertThat(get(carte + "&rentree=2018").body()).contains("data-aplat-contours=\"/carte/contours/commune?millesime=2018\"")
                .contains("<option value=\"2018\" selected>2018</option>");
        assertThat(get(carte + "&rentree=2018&millesime=").body()).contains("data-aplat-contours=\"/carte/contours/commune\"");
        assertThat(get(carte + "&millesime=2024").body()).contains("data-aplat-contours=\"/carte/contours/commune?millesime=2024\"");
        // a millésime no longer loaded (a saved view): the current polygons, and the page says so
        String gone = get(carte + "&millesime=2031").body();
        assertThat(gone).contains("data-aplat-contours=\"/carte/contours/commune\"")
                .contains("Millésime « 2031 » des communes non chargé (chargés : 2018, 2024) : contours courants.");
        // points only: no millésime to choose
        assertThat(get("/carte?jeu=" + CommunesDeuxMillesimes.DATASET).body()).doesNotContain("choix-millesime");
    }

    @Test
    void aSavedViewKeepsTheMillesime() {
        QueryService queries = new QueryService(server.store);
        String state = "jeu=" + CommunesDeuxMillesimes.DATASET + "&aplat=commune&millesime=2018";
        assertThat(MapViewState.parse(queries, Caller.INTERNAL, state).query()).isEqualTo(state);
        assertThat(MapViewState.parse(queries, Caller.INTERNAL, "jeu=" + CommunesDeuxMillesimes.DATASET + "&millesime=&aplat=commune").query())
                .isEqualTo("jeu=" + CommunesDeuxMillesimes.DATASET + "&aplat=commune&millesime=");
        assertThatThrownBy(() -> MapViewState.parse(queries, Caller.INTERNAL, "jeu=" + CommunesDeuxMillesimes.DATASET + "&millesime=" + "9".repeat(21)))
                .hasMessageContaining("Millésime des contours trop long");
    }
}
