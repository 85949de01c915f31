package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.core.testing.ContoursMillesimes;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.privacy.OutboundScanner;
import fr.geoeduc.core.store.Json;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every registered HTTP route (read from the router, so that a route added later is walked too) as an
 * anonymous caller, as an unrelated organisation, and as the holder of a convention that grants a column of INEs
 * under a name no validator recognises (only the outbound scan and the clause guard stand): no INE, no restricted
 * dataset id, no restricted field name leaves in any body or header; a dataset the caller may not see is a 404.
 * Generated fixtures only: it runs on every checkout.
 */
class EveryRouteTest {

    static final String OPEN = "ecoles-ouvertes";
    static final String GRANTED = "eleves-matricules";
    static final String SECRET = "dossiers-confidentiels";
    static final String SECRET_FIELD = "note_medicale_confidentielle";
    static final Pattern PARAM = Pattern.compile("\\{([^}]+)}|<([^>]+)>");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static TestServer server;
    static String holderKey;
    static String unrelatedKey;
    static final List<String> ines = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        StringBuilder open = new StringBuilder("uai;nom;commune;latitude;longitude;effectif\n");
        StringBuilder granted = new StringBuilder("matricule;uai_ecole;commune_residence;niveau\n");
        StringBuilder secret = new StringBuilder("dossier;commune_residence;" + SECRET_FIELD + "\n");
        for (int i = 0; i < 40; i++) {
            String ine = String.format("%010d%s", 4_100_000_000L + i * 7919L, (char) ('A' + i % 20));
            ines.add(ine);
            open.append(String.format("03500%02dX;École %d;35238;48.1%02d;-1.6%02d;%d%n", i, i, i, i, 100 + i));
            granted.append(ine).append(";03500").append(String.format("%02d", i % 5)).append("X;35238;CM").append(1 + i % 2).append('\n');
            secret.append(ine).append(";35238;confidentiel ").append(i).append('\n');
        }
        server = TestServer.inTempDir("geoeduc-routes");
        server.ingest(server.write("open.csv", open), OPEN, AccessLevel.OPEN)
                .ingest(server.write("granted.csv", granted), GRANTED, AccessLevel.RESTRICTED)
                .ingest(server.write("secret.csv", secret), SECRET, AccessLevel.RESTRICTED)
                .organisation("rectorat", "Rectorat", Organisation.Kind.ACADEMIE)
                .organisation("ville", "Ville", Organisation.Kind.COMMUNE, "35238")
                .organisation("autre", "Autre", Organisation.Kind.AUTRE);
        ContoursMillesimes.Kind departements = ContoursMillesimes.kind("departement");
        new ReferentielLoader(server.store).loadBoundaries("departement", departements.ancienFichier(server.dir), departements.ancien());
        new ReferentielLoader(server.store).loadBoundaries("departement", departements.recentFichier(server.dir), departements.recent());
        TestConventions.activate(server.registry(), TestConventions.between("conv-matricules", "2026-9", "Matricules", "rectorat", "ville",
                "sectorisation", "L.212-7", new Convention.DataScope(GRANTED, List.of("matricule", "uai_ecole", "commune_residence", "niveau"),
                        Convention.Granularity.INDIVIDUAL_PSEUDONYMISED, new Convention.Territory("commune_residence", List.of("35238")), null,
                        true, List.of("uai_ecole"), List.of(), 1, null)));
        holderKey = server.apiKey("ville", "sig");
        unrelatedKey = server.apiKey("autre", "sig");
        server.start(null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The concrete requests of a route template: each dataset id for {id}, a few values for the other parameters. */
    static List<String> concretePaths(String template) {
        List<String> paths = new ArrayList<>(List.of(template));
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            List<String> values = switch (name) {
                case "id", "dataset" -> List.of(OPEN, GRANTED, SECRET);
                // the référentiels' collections too, the current one and one per millésime (issue 18)
                case "collectionId" -> List.of(OPEN, GRANTED, SECRET, "referentiel-departements", "referentiel-departements-2018",
                        "referentiel-departements-2024");
                // the choropleths' polygons: a level loaded, at a millésime loaded, at one not loaded (400), and unknown
                case "niveau" -> List.of("departement", "departement?millesime=2018", "departement?millesime=1999", "x");
                case "format" -> List.of("json", "csv", "geojson", "jsonl");
                case "n", "version" -> List.of("1");
                default -> List.of("x", "1");
            };
            List<String> next = new ArrayList<>();
            for (String p : paths) {
                for (String v : values) {
                    next.add(p.replace(m.group(), v));
                }
            }
            paths = next;
        }
        return paths;
    }

    static HttpResponse<String> call(String method, String path, String apiKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + path))
                .method(method, method.equals("GET") || method.equals("HEAD") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (apiKey != null) {
            b.header("Authorization", "Apikey " + apiKey);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertNothingLeaks(String what, HttpResponse<String> r, boolean holder) {
        String everything = r.headers().map() + "\n" + r.body();
        assertThat(OutboundScanner.containsIne(everything)).as("INE-shaped value in %s -> %d %s", what, r.statusCode(),
                r.body().length() > 300 ? r.body().substring(0, 300) : r.body()).isFalse();
        for (String ine : ines) {
            assertThat(everything).as(what).doesNotContain(ine);
        }
        // a name the caller wrote itself may come back in a "not found" or "unknown field" error: that tells it nothing
        String scrubbed = everything;
        for (String named : List.of(SECRET, GRANTED, "matricule")) {
            scrubbed = what.contains(named) ? scrubbed.replace(named, "") : scrubbed;
        }
        assertThat(scrubbed).as("restricted dataset nobody was granted, in %s", what).doesNotContain(SECRET).doesNotContain(SECRET_FIELD);
        // the public register of active conventions (/conventions, its notices) names their datasets and fields on
        // purpose: families and the public are told what is shared (RGPD art. 13-14, docs/conventions.md)
        boolean publicRegister = what.contains(" /conventions");
        if (!holder && !publicRegister) {
            assertThat(scrubbed).as("restricted dataset or field of another organisation, in %s", what).doesNotContain(GRANTED)
                    .doesNotContain("matricule");
        }
        assertThat(r.statusCode()).as("%s -> %s", what, r.body()).isLessThan(500);
    }

    @Test
    void everyRouteAsEveryKindOfCaller() throws Exception {
        List<String> routes = server.server().routes();
        assertThat(routes).as("the router lists the routes").anyMatch(r -> r.contains("/records")).hasSizeGreaterThan(20)
                .contains("GET /vues", "POST /vues", "GET /vues/{id}") // saved views (issue 20) are walked too
                .contains("GET /carte-scolaire/simulation", "GET /carte-scolaire/simulations", "POST /carte-scolaire/simulations",
                        "GET /carte-scolaire/simulations/{id}", "POST /carte-scolaire/simulations/{id}/suppression",
                        "DELETE /carte-scolaire/simulations/{id}", "GET /carte-scolaire/comparaison") // and saved simulations (issue 21)
                .contains("GET /carte/contours/{niveau}")
                // the administration pages: nobody signed in is sent to the sign-in page, whatever the credential
                .contains("GET /administration", "GET /administration/organisations", "POST /administration/organisations",
                        "GET /administration/utilisateurs", "POST /administration/utilisateurs", "GET /administration/jeux",
                        "POST /administration/jeux/{id}/detenteur", "GET /administration/cles", "GET /administration/registre",
                        "GET /administration/conventions", "GET /administration/nouvelle-convention", "POST /administration/conventions",
                        "GET /administration/conventions/{id}", "GET /administration/conventions/{id}/avenant",
                        "POST /administration/conventions/{id}/avenant", "POST /administration/conventions/{id}/statut",
                        "POST /administration/conventions/{id}/reconduction");
        List<String> queries = List.of("", "?select=matricule", "?where=" + java.net.URLEncoder.encode("startswith(matricule, \"41\")",
                java.nio.charset.StandardCharsets.UTF_8), "?facet=matricule", "?group_by=matricule&select=count(*)");
        int calls = 0;
        Map<String, String> callers = new java.util.LinkedHashMap<>();
        callers.put("anonymous", null);
        callers.put("unrelated", unrelatedKey);
        callers.put("holder", holderKey);
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String template = route.substring(route.indexOf(' ') + 1);
            if (template.contains("*") || method.equals("OPTIONS")) {
                continue;
            }
            for (String path : concretePaths(template)) {
                for (Map.Entry<String, String> caller : callers.entrySet()) {
                    for (String q : method.equals("GET") ? queries : List.of("")) {
                        String what = caller.getKey() + " " + method + " " + path + q;
                        HttpResponse<String> r = call(method, path + q, caller.getValue());
                        calls++;
                        assertNothingLeaks(what, r, caller.getKey().equals("holder"));
                        // the admin API's and the administration pages' {id} is a convention's (or, in a POST, a dataset whose
                        // holder is recorded): no credential here is a session, and the pages send to the sign-in page (303)
                        boolean datasetRoute = template.contains("{id}") && !template.startsWith("/api/admin") && !template.startsWith("/administration");
                        if (datasetRoute && path.contains(SECRET) && method.equals("GET")) {
                            assertThat(r.statusCode()).as(what).isIn(404, 401, 403);
                            HttpResponse<String> never = call(method, path.replace(SECRET, "jeu-jamais-publie") + q, caller.getValue());
                            assertThat(r.body().replace(SECRET, "jeu-jamais-publie")).as("same answer as for a dataset that never existed: %s", what)
                                    .isEqualTo(never.body());
                            assertThat(r.statusCode()).isEqualTo(never.statusCode());
                        }
                        if (datasetRoute && path.contains(GRANTED) && method.equals("GET") && !caller.getKey().equals("holder")) {
                            assertThat(r.statusCode()).as(what).isIn(404, 401, 403);
                        }
                    }
                }
            }
        }
        assertThat(calls).isGreaterThan(300);
    }

    /**
     * Issue 23, item 7: an outbound-scan refusal answered 500 on a route. Every data route of the holder of a
     * convention granting an INE column under another name answers 403 IdentifierRefused naming the field, never
     * 500 nor a truncated 200.
     */
    @Test
    void anIdentifierRefusalIsA403NamingTheFieldOnEveryDataRoute() throws Exception {
        String base = "/api/explore/v2.1/catalog/datasets/" + GRANTED;
        JsonNode page = Json.MAPPER.readTree(call("GET", base + "/records?select=_id,niveau&limit=1", holderKey).body());
        List<String> paths = new ArrayList<>(List.of(base + "/records", base + "/exports/csv", base + "/exports/json",
                base + "/exports/jsonl", base + "/exports/geojson"));
        JsonNode id = page.path("results").path(0).path("_id");
        assertThat(id.isTextual()).as("a record id to look up: %s", page).isTrue();
        paths.add(base + "/records/" + id.asText());
        for (String path : paths) {
            HttpResponse<String> r = call("GET", path, holderKey);
            assertThat(r.statusCode()).as("%s -> %s", path, r.body()).isEqualTo(403);
            JsonNode error = Json.MAPPER.readTree(r.body());
            assertThat(error.path("error_code").asText()).as(path).isEqualTo("IdentifierRefused");
            assertThat(error.path("message").asText()).as(path).contains("'matricule'");
            assertNothingLeaks("holder GET " + path, r, true);
        }
    }

    @Test
    void theHolderReadsItsViewButNoIdentifier() throws Exception {
        HttpResponse<String> ok = call("GET", "/api/explore/v2.1/catalog/datasets/" + GRANTED + "/records?select=niveau,uai_ecole", holderKey);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(ok.body()).get("total_count").asLong()).isEqualTo(40);
        assertThat(call("GET", "/api/explore/v2.1/catalog/datasets/" + GRANTED + "/records", holderKey).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/explore/v2.1/catalog/datasets/" + GRANTED + "/facets?facet=matricule", holderKey).statusCode())
                .isIn(400, 403);
    }

    /** The join page's datasets for a key: the holder's catalogue adds the dataset its convention grants, nobody else's does. */
    @Test
    void theJoinPageOffersAClientTheDatasetsItsConventionsGrant() throws Exception {
        HttpResponse<String> holder = call("GET", "/jointures/jeux", holderKey);
        assertThat(holder.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        Json.MAPPER.readTree(holder.body()).forEach(d -> ids.add(d.path("id").asText()));
        assertThat(ids).contains(OPEN, GRANTED).doesNotContain(SECRET);
        assertThat(call("GET", "/jointures/jeux", unrelatedKey).body()).contains(OPEN).doesNotContain(GRANTED);
        assertThat(call("GET", "/jointures/jeux", null).body()).contains(OPEN).doesNotContain(GRANTED);
        assertThat(call("GET", "/jointures/jeux", "cle-inconnue").statusCode()).isEqualTo(401);
    }

    @Test
    void healthNamesNoDatasetToAnyoneButTheAdministrator() throws Exception {
        call("GET", "/api/explore/v2.1/catalog/datasets/" + GRANTED + "/records?select=niveau", holderKey); // loads the view
        HttpResponse<String> health = call("GET", "/api/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("memory_bytes").doesNotContain(GRANTED).doesNotContain(OPEN).doesNotContain("by_dataset");
    }
}
