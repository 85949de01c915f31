package fr.geoeduc.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.server.TestServer;
import fr.geoeduc.server.cartescolaire.SimulationData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saved simulations over HTTP, on the real files of Ille-et-Vilaine with the écoles' open data: saved under a title by
 * an API client's organisation or a signed-in person (with the session's anti-CSRF token), listed, reopened with their
 * figures, compared side by side (with the current carte or with another), exported as CSV with the same figures as the
 * simulation API, deleted; another organisation sees none of them (404 as for one that never existed), an anonymous
 * caller is asked to sign in (401); a bad draft is a 400 that says which edit, never a 500.
 */
class SimulationPagesHttpTest {

    static final String DRAFT = "eleves=ecoles&deplacer=" + URLEncoder.encode("35271:0352248D", StandardCharsets.UTF_8);
    static final String OTHER_DRAFT = "eleves=ecoles&deplacer=" + URLEncoder.encode("35162:0352248D", StandardCharsets.UTF_8);
    static final String PASSWORD = "mot de passe assez long";
    static TestServer server;
    static String departementKey;
    static String autreKey;

    @BeforeAll
    static void start() throws Exception {
        Path carte = SharedData.file("ille-et-vilaine/fr-en-carte-scolaire-colleges-publics.csv");
        server = SimulationData.ingest(TestServer.inTempDir("geoeduc-simulations-http"));
        assertThat(carte).exists();
        server.organisation("departement", "Département d'Ille-et-Vilaine", Organisation.Kind.AUTRE)
                .organisation("autre", "Autre collectivité", Organisation.Kind.AUTRE);
        departementKey = server.apiKey("departement", "sig");
        autreKey = server.apiKey("autre", "sig");
        server.access().users().create("agent@departement.fr", "Agente du Département", "departement", EnumSet.of(Role.CONSUMER), PASSWORD);
        server.start(null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String base() {
        return server.base();
    }

    static HttpResponse<String> get(String path, String key, boolean json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
        if (key != null) {
            b.header("Authorization", "Apikey " + key);
        }
        if (json) {
            b.header("Accept", "application/json");
        }
        return SavedViewsHttpTest.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String key, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Apikey " + key);
        }
        return SavedViewsHttpTest.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String save(String key, String title, String state) throws Exception {
        HttpResponse<String> r = post("/carte-scolaire/simulations", key, Map.of("titre", title, "etat", state));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/carte-scolaire/simulations/[a-z2-9]{10}");
        return location;
    }

    /** CSV rows by UAI: column name → value. */
    static Map<String, Map<String, String>> csv(String body) {
        String[] lines = body.replace("\uFEFF", "").split("\r?\n");
        String[] header = lines[0].split(";");
        Map<String, Map<String, String>> out = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] v = lines[i].split(";", -1);
            Map<String, String> m = new LinkedHashMap<>();
            for (int j = 0; j < header.length; j++) {
                m.put(header[j], v[j]);
            }
            out.put(v[0], m);
        }
        return out;
    }

    @Test
    void savedListedReopenedComparedExportedDeletedAndForItsOrganisationOnly() throws Exception {
        String location = save(departementKey, "Saint-Malo-de-Phily vers Guichen", DRAFT);
        String other = save(departementKey, "Goven vers Guichen", OTHER_DRAFT);
        String id = location.substring(location.lastIndexOf('/') + 1);
        String otherId = other.substring(other.lastIndexOf('/') + 1);

        // listed for its organisation, with the compare form; nobody else sees it
        HttpResponse<String> list = get("/carte-scolaire/simulations", departementKey, false);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("Saint-Malo-de-Phily vers Guichen", "Goven vers Guichen", location, "<select class=\"fr-select\" id=\"cmp-b\"");
        JsonNode json = Json.MAPPER.readTree(get("/carte-scolaire/simulations", departementKey, true).body());
        assertThat(json.path("total_count").asInt()).isEqualTo(2);
        assertThat(get("/carte-scolaire/simulations", autreKey, false).body()).doesNotContain("Saint-Malo-de-Phily vers Guichen");
        assertThat(Json.MAPPER.readTree(get("/carte-scolaire/simulations", autreKey, true).body()).path("total_count").asInt()).isZero();
        assertThat(get("/carte-scolaire/simulations", null, false).statusCode()).isEqualTo(401);

        // reopened with its figures: the two collèges concerned, the source said
        HttpResponse<String> page = get(location, departementKey, false);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("Simulation « Saint-Malo-de-Phily vers Guichen »", "0350041E", "0352248D",
                "élèves de CM2 des écoles publiques (effectifs de la rentrée 2022)", "35271:0352248D");
        for (String key : new String[]{autreKey, null}) {
            HttpResponse<String> refused = get(location, key, false);
            assertThat(refused.statusCode()).isEqualTo(key == null ? 401 : 404);
            assertThat(refused.body()).doesNotContain("Saint-Malo-de-Phily vers Guichen").doesNotContain("35271:0352248D");
        }
        HttpResponse<String> never = get("/carte-scolaire/simulations/jamais2345", autreKey, false);
        assertThat(get(location, autreKey, false).body().replace(id, "jamais2345")).isEqualTo(never.body());

        // exported: the same figures as the simulation API
        HttpResponse<String> export = get(location + "?format=csv", departementKey, false);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        Map<String, Map<String, String>> rows = csv(export.body());
        JsonNode api = Json.MAPPER.readTree(get("/api/carte-scolaire/simulation?" + DRAFT, null, false).body());
        assertThat(api.path("source").path("type").asText()).isEqualTo("ecoles");
        int changed = 0;
        for (JsonNode c : api.path("colleges")) {
            Map<String, String> row = rows.get(c.path("uai").asText());
            assertThat(Double.parseDouble(row.get("effectif_apres"))).as(c.path("uai").asText()).isCloseTo(c.path("effectifApres").asDouble(),
                    org.assertj.core.api.Assertions.within(0.05));
            assertThat(Double.parseDouble(row.get("effectif_avant"))).isCloseTo(c.path("effectifAvant").asDouble(), org.assertj.core.api.Assertions.within(0.05));
            if (Double.parseDouble(row.get("ecart_apres_avant")) != 0) {
                changed++;
            }
        }
        assertThat(changed).isEqualTo(2);
        assertThat(Double.parseDouble(rows.get("0352248D").get("ecart_apres_avant"))).isPositive();
        assertThat(Double.parseDouble(rows.get("0352248D").get("entrants_apres"))).isEqualTo(Double.parseDouble(rows.get("0352248D").get("ecart_apres_avant")));
        assertThat(get(location + "?format=csv", autreKey, false).statusCode()).isEqualTo(404);

        // compared with the current carte and with the other simulation
        HttpResponse<String> cmp = get("/carte-scolaire/comparaison?a=" + id + "&b=actuelle", departementKey, false);
        assertThat(cmp.statusCode()).as(cmp.body()).isEqualTo(200);
        assertThat(cmp.body()).contains("Comparaison : « Saint-Malo-de-Phily vers Guichen » et « Carte actuelle »", "id=\"carte-comparaison\"");
        HttpResponse<String> both = get("/carte-scolaire/comparaison?a=" + id + "&b=" + otherId + "&format=csv", departementKey, false);
        Map<String, Map<String, String>> side = csv(both.body());
        // A sends 35271 to Guichen, B sends 35162: 0350041E and 0352248D differ by what each commune's écoles weigh
        assertThat(side.get("0350041E").get("ecart_a_b")).isNotEqualTo("0");
        assertThat(side.values().stream().filter(m -> !m.get("ecart_a_b").equals("0")).map(m -> m.get("uai")))
                .containsExactlyInAnyOrder("0350041E", "0352248D");
        assertThat(get("/carte-scolaire/comparaison?a=" + id + "&b=" + otherId, autreKey, false).statusCode()).isEqualTo(404);
        assertThat(get("/carte-scolaire/comparaison?a=" + id, null, false).statusCode()).isEqualTo(401);

        // deleted by its organisation only
        assertThat(post(location + "/suppression", autreKey, Map.of()).statusCode()).isEqualTo(404);
        assertThat(get(location, departementKey, false).statusCode()).isEqualTo(200);
        assertThat(post(location + "/suppression", departementKey, Map.of()).statusCode()).isEqualTo(303);
        assertThat(get(location, departementKey, false).statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(get("/carte-scolaire/simulations", departementKey, true).body()).path("total_count").asInt()).isEqualTo(1);
    }

    @Test
    void aSignedInPersonSavesWithTheSessionsTokenOnly() throws Exception {
        AccountHttpTest.Browser b = new AccountHttpTest.Browser();
        String token = AccountHttpTest.csrf(AccountHttpTest.send(b, HttpRequest.newBuilder(URI.create(base() + "/connexion"))));
        HttpResponse<String> in = AccountHttpTest.send(b, form("/connexion", Map.of("csrf", token, "identifiant", "agent@departement.fr",
                "motdepasse", PASSWORD)));
        assertThat(in.statusCode()).as(in.body()).isEqualTo(303);
        HttpResponse<String> page = AccountHttpTest.send(b, HttpRequest.newBuilder(URI.create(base() + "/carte-scolaire/simulation?" + DRAFT)));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Enregistrer la simulation").contains("name=\"etat\"");
        Map<String, String> fields = new LinkedHashMap<>(Map.of("titre", "Par une personne", "etat", DRAFT));
        assertThat(AccountHttpTest.send(b, form("/carte-scolaire/simulations", fields)).statusCode()).isEqualTo(403);
        fields.put("csrf", AccountHttpTest.csrf(page));
        HttpResponse<String> saved = AccountHttpTest.send(b, form("/carte-scolaire/simulations", fields));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        String location = saved.headers().firstValue("Location").orElseThrow();
        // the person's organisation's API client sees it too; the list's delete form carries the token
        assertThat(get(location, departementKey, false).statusCode()).isEqualTo(200);
        HttpResponse<String> list = AccountHttpTest.send(b, HttpRequest.newBuilder(URI.create(base() + "/carte-scolaire/simulations")));
        assertThat(AccountHttpTest.send(b, form(location + "/suppression", Map.of())).statusCode()).isEqualTo(403);
        assertThat(AccountHttpTest.send(b, form(location + "/suppression", Map.of("csrf", AccountHttpTest.csrf(list)))).statusCode()).isEqualTo(303);
        assertThat(get(location, departementKey, false).statusCode()).isEqualTo(404);
    }

    static HttpRequest.Builder form(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void badDraftsAreClearAnswersNeverA500() throws Exception {
        HttpResponse<String> absent = get("/carte-scolaire/simulation?eleves=ecoles&deplacer=99999:0352248D", null, false);
        assertThat(absent.statusCode()).isEqualTo(400);
        assertThat(absent.body()).contains("la commune « 99999 » n&#39;est pas dans la carte scolaire");
        HttpResponse<String> malformed = get("/carte-scolaire/simulation?eleves=ecoles&voie=" + URLEncoder.encode("35238:Rue d'Antrain:9-1=0350913C",
                StandardCharsets.UTF_8), null, false);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("la plage finit avant de commencer");
        HttpResponse<String> unknownSource = get("/carte-scolaire/simulation?eleves=inconnu&deplacer=35271:0352248D", null, false);
        assertThat(unknownSource.statusCode()).isEqualTo(400);
        assertThat(unknownSource.body()).contains("jeu d&#39;élèves « inconnu » introuvable");
        HttpResponse<String> refused = post("/carte-scolaire/simulations", departementKey, Map.of("titre", "Vide", "etat", "eleves=ecoles"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Le brouillon n&#39;a aucun déplacement");
        assertThat(post("/carte-scolaire/simulations", departementKey, Map.of("titre", "", "etat", DRAFT)).statusCode()).isEqualTo(400);
        assertThat(post("/carte-scolaire/simulations", null, Map.of("titre", "Anonyme", "etat", DRAFT)).statusCode()).isEqualTo(401);
        // a Rennes street moved: écoles whose address matches no row of the carte are listed with the reason, not an error
        HttpResponse<String> rennes = get("/carte-scolaire/simulation?eleves=ecoles&voie=" + URLEncoder.encode("35238:Rue d'Antrain=0350913C",
                StandardCharsets.UTF_8), null, false);
        assertThat(rennes.statusCode()).isEqualTo(200);
        assertThat(rennes.body()).contains("Écoles sans collège de secteur");
        JsonNode api = Json.MAPPER.readTree(get("/api/carte-scolaire/simulation?eleves=ecoles&voie=" + URLEncoder.encode("35238:Rue d'Antrain=0350913C",
                StandardCharsets.UTF_8), null, false).body());
        assertThat(api.path("sansCollege").size()).isPositive();
        assertThat(api.path("sansCollege").path(0).path("raison").asText()).isNotBlank();
        assertThat(api.path("sansCollegeApres").asLong()).isEqualTo(api.path("sansCollegeAvant").asLong());
    }
}
