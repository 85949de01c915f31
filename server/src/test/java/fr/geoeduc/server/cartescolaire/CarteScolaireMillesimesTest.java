package fr.geoeduc.server.cartescolaire;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.core.testing.CommunesMillesimes;
import fr.geoeduc.server.TestServer;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The carte scolaire's pages and API read the communes of the millésime chosen ({@code millesime_communes}, default the
 * current ones): the sector of Luitré is its 2018 polygon or its larger 2024 one, an address or a pupil in
 * "Luitré-Dompierre" (the 2024 name) is found with the 2024 communes and not with those of 2018; the choice is in the
 * URL, the form's select lists the millésimes loaded; an unknown millésime is a 400 naming those loaded.
 */
class CarteScolaireMillesimesTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    static Path dir;
    static MillesimesFixture fixture;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        fixture = new MillesimesFixture(dir);
        server = TestServer.on(fixture.platform);
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

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The area (square degrees) of the sector polygon of Luitré drawn with the communes of {@code query}. */
    static double secteur(String query) throws Exception {
        HttpResponse<String> r = get("/api/carte-scolaire/secteurs" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        double aire = 0;
        for (JsonNode f : Json.MAPPER.readTree(r.body()).path("features")) {
            if (f.path("properties").path("code_commune").asText().equals(CommunesMillesimes.NOUVELLE)) {
                Geometry g = new GeoJsonReader().read(f.path("geometry").toString());
                aire += g.getArea();
            }
        }
        return aire;
    }

    @Test
    void theSectorPolygonsAreDrawnWithTheCommunesOfTheMillesimeChosen() throws Exception {
        assertThat(fixture.aire2024).isGreaterThan(fixture.aire2018 * 1.05);
        assertThat(secteur("")).as("current: 2024").isCloseTo(fixture.aire2024, Percentage.withPercentage(2));
        assertThat(secteur("?millesime_communes=2018")).isCloseTo(fixture.aire2018, Percentage.withPercentage(2));
        assertThat(secteur("?millesime_communes=2024")).isCloseTo(fixture.aire2024, Percentage.withPercentage(2));
        assertThat(secteur("")).as("the current one again, after 2018 was cached beside it").isCloseTo(fixture.aire2024, Percentage.withPercentage(2));
        JsonNode couverture = Json.MAPPER.readTree(get("/api/carte-scolaire/couverture?millesime_communes=2018").body());
        assertThat(couverture.isObject()).isTrue();
    }

    @Test
    void anAddressIsReadInTheCommunesOfTheMillesimeChosen() throws Exception {
        String q = "/api/carte-scolaire/secteur?commune=" + enc("Luitré-Dompierre");
        JsonNode current = Json.MAPPER.readTree(get(q).body());
        assertThat(current.path("statut").asText()).as(current.toString()).isEqualTo("trouve");
        assertThat(current.toString()).contains(MillesimesFixture.COLLEGE);
        JsonNode y2018 = Json.MAPPER.readTree(get(q + "&millesime_communes=2018").body());
        assertThat(y2018.path("statut").asText()).as(y2018.toString()).isEqualTo("aucun");
        assertThat(y2018.toString()).doesNotContain(MillesimesFixture.COLLEGE);

        // the page: the select lists the millésimes, the choice is kept in the form and handed to the map
        String page2018 = get("/carte-scolaire?adresse=" + enc("Luitré-Dompierre") + "&millesime_communes=2018").body();
        assertThat(page2018).contains("<select class=\"fr-select\" id=\"millesime-communes\" name=\"millesime_communes\">")
                .contains("<option value=\"2018\" selected>2018</option>").contains("<option value=\"2024\">2024</option>")
                .contains("data-millesime-communes=\"2018\"").contains("Aucun secteur trouvé").doesNotContain("<code>" + MillesimesFixture.COLLEGE);
        String pageCurrent = get("/carte-scolaire?adresse=" + enc("Luitré-Dompierre")).body();
        assertThat(pageCurrent).contains("<option value=\"\" selected>Courant</option>").contains("data-millesime-communes=\"\"")
                .contains("<code>" + MillesimesFixture.COLLEGE + "</code>");
    }

    @Test
    void aSimulationReadsItsPupilsInTheCommunesOfTheMillesimeChosen() throws Exception {
        String draft = "eleves=" + MillesimesFixture.ELEVES + "&deplacer=" + enc(CommunesMillesimes.NOUVELLE + ":" + MillesimesFixture.AUTRE);
        JsonNode current = Json.MAPPER.readTree(get("/api/carte-scolaire/simulation?" + draft).body());
        assertThat(current.path("elevesQuiChangent").asLong()).as(current.toString()).isEqualTo(3);
        JsonNode y2018 = Json.MAPPER.readTree(get("/api/carte-scolaire/simulation?" + draft + "&millesime_communes=2018").body());
        assertThat(y2018.path("elevesQuiChangent").asLong()).as(y2018.toString()).isZero();
        assertThat(y2018.path("sansCollegeAvant").asLong()).isEqualTo(3);

        HttpResponse<String> page = get("/carte-scolaire/simulation?" + draft + "&millesime_communes=2018");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"sim-millesime\"").contains("<option value=\"2018\" selected>2018</option>")
                .contains("Communes : millésime 2018.")
                .contains("3 élèves, dont 0 changent de collège");
        assertThat(get("/carte-scolaire/simulation?" + draft).body()).contains("3 élèves, dont 3 changent de collège")
                .contains("Communes : millésime courant de chaque département.");
    }

    @Test
    void anUnknownMillesimeIsA400NamingThoseLoaded() throws Exception {
        String message = "millésime des communes « 1999 » non chargé (chargés : 2018, 2024)";
        for (String path : new String[]{"/api/carte-scolaire/secteurs?millesime_communes=1999", "/api/carte-scolaire/couverture?millesime_communes=1999",
                "/api/carte-scolaire/secteur?commune=35163&millesime_communes=1999",
                "/api/carte-scolaire/simulation?eleves=ecoles&deplacer=35163:0350002B&millesime_communes=1999"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(400);
            JsonNode error = Json.MAPPER.readTree(r.body());
            assertThat(error.path("error_code").asText()).isEqualTo("InvalidParameter");
            assertThat(error.path("message").asText()).contains("millesime_communes").contains(message);
        }
        for (String path : new String[]{"/carte-scolaire?millesime_communes=1999", "/carte-scolaire?adresse=x&millesime_communes=1999",
                "/carte-scolaire/simulation?millesime_communes=1999", "/carte-scolaire/simulation?eleves=ecoles&deplacer=35163:0350002B&millesime_communes=1999"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.body()).as(path).contains(message);
        }
    }
}
