package fr.geoeduc.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.server.TestConventions;
import fr.geoeduc.server.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saved and shared views of the map explorer over HTTP: a view saved with an API key reopens /carte in exactly its
 * state, is listed with its organisation, survives a restart on the same data directory; a view of a restricted
 * dataset is listed and opened only for the organisation whose convention covers it (404 to others, nothing leaks);
 * bad states are refused with a French message.
 */
class SavedViewsHttpTest {

    static final String OPEN = "ecoles-vues";
    static final String RESTRICTED = "effectifs-reserves";
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path dir;
    TestServer running;
    AccessServices access;
    String holderKey;
    String otherKey;

    @BeforeEach
    void start() throws Exception {
        StringBuilder csv = new StringBuilder("uai;nom;secteur;code_departement;latitude;longitude;effectif;ips\n");
        for (int i = 0; i < 30; i++) {
            csv.append(String.format("03500%02dX;École %d;%s;35;48.1%02d;-1.6%02d;%d;%d.5%n", i, i, i % 2 == 0 ? "public" : "privé", i, i, 100 + i, 80 + i));
        }
        running = TestServer.in(dir);
        running.ingest(running.write("ecoles.csv", csv), OPEN, AccessLevel.OPEN)
                .ingest(running.write("secret.csv", csv.toString().replace("effectif", "effectif_reserve")), RESTRICTED, AccessLevel.RESTRICTED)
                .organisation("rectorat", "Rectorat de Rennes", Organisation.Kind.ACADEMIE)
                .organisation("ville", "Ville de Rennes", Organisation.Kind.COMMUNE)
                .organisation("autre", "Autre collectivité", Organisation.Kind.AUTRE);
        access = running.access();
        TestConventions.activate(access.registry(), TestConventions.between("conv-vues", "2026-20", "Effectifs", "rectorat", "ville",
                "sectorisation", "L.212-7", new Convention.DataScope(RESTRICTED, List.of("uai", "nom", "code_departement", "position", "effectif_reserve"),
                        Convention.Granularity.INDIVIDUAL_PSEUDONYMISED, new Convention.Territory("code_departement", List.of("35", "035")),
                        null, false, List.of(), List.of(), 1, null)));
        holderKey = running.apiKey("ville", "sig");
        otherKey = running.apiKey("autre", "sig");
        running.start(null);
    }

    @AfterEach
    void stop() {
        closeServer();
    }

    private void closeServer() {
        if (running != null) {
            running.close();
            running = null;
            access = null;
        }
    }

    HttpResponse<String> save(String key, String title, String description, String state, boolean json) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("titre", title);
        form.put("description", description);
        form.put("etat", state);
        if (key != null) {
            form.put("apikey", key);
        }
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + "/vues")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (json) {
            b.header("Accept", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String key, boolean json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
        if (key != null) {
            b.header("Authorization", "Apikey " + key);
        }
        if (json) {
            b.header("Accept", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String base() {
        return running.base();
    }

    static Map<String, String> params(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : query.substring(query.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void aSavedViewReopensTheMapInItsStateIsListedAndSurvivesARestart() throws Exception {
        String state = "jeu=" + OPEN + "&taille=effectif&couleur=ips&secteur=priv%C3%A9&vue=-1.65000%2C48.11000%2C11.50";
        HttpResponse<String> saved = save(holderKey, "Écoles privées de Rennes", "Effectifs et IPS", state, false);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        String location = saved.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/vues/[a-z2-9]{10}");
        assertThat(saved.body()).contains("href=\"" + location + "\"");

        HttpResponse<String> reopened = get(location, null, false);
        assertThat(reopened.statusCode()).isEqualTo(303);
        String carte = reopened.headers().firstValue("Location").orElseThrow();
        assertThat(carte).startsWith("/carte?");
        assertThat(params(carte)).isEqualTo(params("?" + state));
        HttpResponse<String> page = get(carte, null, false);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<option value=\"effectif\" selected").contains("<option value=\"privé\" selected");

        HttpResponse<String> list = get("/vues", null, false);
        assertThat(list.body()).contains("Écoles privées de Rennes").contains("Ville de Rennes").contains(location);
        JsonNode listed = Json.MAPPER.readTree(get("/vues", null, true).body());
        assertThat(listed.path("total_count").asInt()).isEqualTo(1);
        assertThat(listed.path("results").path(0).path("jeu").asText()).isEqualTo(OPEN);

        // a restart on the same data directory: the view is still there, at the same address
        closeServer();
        running = TestServer.in(dir);
        access = running.access();
        running.start(null);
        HttpResponse<String> after = get(location, null, false);
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.headers().firstValue("Location")).contains(carte);
        JsonNode doc = Json.MAPPER.readTree(get(location, null, true).body());
        assertThat(doc.path("titre").asText()).isEqualTo("Écoles privées de Rennes");
        assertThat(doc.path("description").asText()).isEqualTo("Effectifs et IPS");
        assertThat(doc.path("organisation").asText()).isEqualTo("Ville de Rennes");
    }

    @Test
    void aViewOfRestrictedDataIsOnlyForTheConventionsOrganisation() throws Exception {
        HttpResponse<String> saved = save(holderKey, "Effectifs réservés", "", "jeu=" + RESTRICTED + "&taille=effectif_reserve", true);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        String location = saved.headers().firstValue("Location").orElseThrow();
        assertThat(get(location, holderKey, true).statusCode()).isEqualTo(200);
        assertThat(get("/vues", holderKey, false).body()).contains("Effectifs réservés");
        for (String key : java.util.Arrays.asList(null, otherKey)) {
            HttpResponse<String> open = get(location, key, false);
            assertThat(open.statusCode()).isEqualTo(404);
            HttpResponse<String> never = get("/vues/jamaisvue2", key, false);
            assertThat(open.body().replace(location.substring(6), "jamaisvue2")).isEqualTo(never.body());
            for (HttpResponse<String> r : List.of(open, get(location, key, true), get("/vues", key, false), get("/vues", key, true))) {
                assertThat(r.body()).doesNotContain(RESTRICTED).doesNotContain("effectif_reserve").doesNotContain("Effectifs réservés");
            }
            // another organisation cannot save a view of it either, and learns no more than for an unknown dataset
            HttpResponse<String> refused = save(otherKey, "Essai", "", "jeu=" + RESTRICTED, true);
            HttpResponse<String> unknown = save(otherKey, "Essai", "", "jeu=jeu-inexistant", true);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body().replace(RESTRICTED, "jeu-inexistant")).isEqualTo(unknown.body());
        }
    }

    @Test
    void badRequestsAreRefusedInFrench() throws Exception {
        String ok = "jeu=" + OPEN;
        assertThat(save(null, "Titre", "", ok, true).statusCode()).isEqualTo(401);
        assertThat(save("cle-inconnue", "Titre", "", ok, true).statusCode()).isEqualTo(401);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("jeu=jeu-inexistant", "Jeu de données géolocalisé inconnu");
        cases.put(ok + "&taille=champ_inconnu", "Champ numérique inconnu pour la taille");
        cases.put(ok + "&couleur=nom", "Champ numérique inconnu pour la couleur");
        cases.put(ok + "&secteur=militaire", "Valeur de filtre inconnue");
        cases.put(ok + "&aplat=canton", "Valeur inconnue pour « aplat »");
        cases.put(ok + "&vue=1,2", "Cadrage invalide");
        cases.put(ok + "&pirate=1", "Paramètre de carte inconnu");
        cases.put("taille=effectif", "ne nomme aucun jeu");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = save(holderKey, "Titre", "", c.getKey(), true);
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(r.body()).path("message").asText()).as(c.getKey()).contains(c.getValue());
        }
        assertThat(save(holderKey, "", "", ok, true).body()).contains("Le titre de la vue est obligatoire");
        assertThat(save(holderKey, "x".repeat(SavedViewPages.MAX_TITLE + 1), "", ok, true).body()).contains("Le titre dépasse");
        assertThat(save(holderKey, "Titre", "x".repeat(SavedViewPages.MAX_DESCRIPTION + 1), ok, true).body()).contains("La description dépasse");
        HttpResponse<String> html = save(holderKey, "Titre", "", ok + "&taille=champ_inconnu", false);
        assertThat(html.statusCode()).isEqualTo(400);
        assertThat(html.body()).contains("lang=\"fr\"").contains("Champ numérique inconnu");
        assertThat(Json.MAPPER.readTree(get("/vues", null, true).body()).path("total_count").asInt()).isZero();
    }

    HttpResponse<String> delete(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).DELETE().header("Accept", "application/json");
        if (key != null) {
            b.header("Authorization", "Apikey " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onlyTheOrganisationThatSavedAViewDeletesIt() throws Exception {
        String open = save(holderKey, "Écoles", "", "jeu=" + OPEN, true).headers().firstValue("Location").orElseThrow();
        String restricted = save(holderKey, "Effectifs réservés", "", "jeu=" + RESTRICTED, true).headers().firstValue("Location").orElseThrow();
        assertThat(delete(open, null).statusCode()).isEqualTo(401);
        HttpResponse<String> other = delete(open, otherKey);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("Ville de Rennes");
        // a view the caller may not see is answered as one that never existed
        assertThat(delete(restricted, otherKey).statusCode()).isEqualTo(404);
        assertThat(delete("/vues/jamaisvue2", holderKey).statusCode()).isEqualTo(404);
        assertThat(get(open, null, false).statusCode()).isEqualTo(303);

        assertThat(delete(open, holderKey).statusCode()).isEqualTo(204);
        assertThat(get(open, null, false).statusCode()).isEqualTo(404);
        assertThat(delete(open, holderKey).statusCode()).isEqualTo(404);

        // the list's form: the key in a field, then back to the list
        assertThat(get("/vues", holderKey, false).body()).contains("action=\"" + restricted + "/suppression\"");
        assertThat(get("/vues", otherKey, false).body()).doesNotContain("/suppression");
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create(base() + restricted + "/suppression"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("apikey=" + URLEncoder.encode(holderKey, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(303);
        assertThat(form.headers().firstValue("Location")).contains("/vues");
        assertThat(Json.MAPPER.readTree(get("/vues", holderKey, true).body()).path("total_count").asInt()).isZero();
    }

    @Test
    void theMapAndThePageOfARestrictedDatasetAreOnlyForTheConventionsOrganisation() throws Exception {
        for (String path : List.of("/carte?jeu=" + RESTRICTED + "&taille=effectif_reserve", "/jeux/" + RESTRICTED)) {
            HttpResponse<String> holder = get(path, holderKey, false);
            assertThat(holder.statusCode()).as(path).isEqualTo(200);
            assertThat(holder.body()).contains("Accès restreint, sous la convention « Effectifs » (2026-20)").contains("sectorisation");
            for (String key : java.util.Arrays.asList(null, otherKey)) {
                HttpResponse<String> refused = get(path, key, false);
                assertThat(refused.statusCode()).as(path + " " + key).isEqualTo(404);
                assertThat(refused.body()).doesNotContain("effectif_reserve").doesNotContain("conv-vues");
            }
        }
        // the explorer's list of datasets names it only for the holder
        assertThat(get("/carte", holderKey, false).body()).contains("value=\"" + RESTRICTED + "\"");
        assertThat(get("/carte", otherKey, false).body()).doesNotContain(RESTRICTED);
        assertThat(get("/catalogue", holderKey, false).body()).contains(RESTRICTED);
        assertThat(get("/catalogue", null, false).body()).doesNotContain(RESTRICTED);
    }
}
