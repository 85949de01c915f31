package fr.geoeduc.server;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * A server for the hardening tests: an open dataset with coordinates ({@value OPEN}), a restricted pupils dataset
 * ({@value RESTRICTED}, held by the rectorat), an active convention rectorat → ville-rennes, a draft one, a client of
 * ville-rennes (API key and OAuth2 secret), and a convention manager in each of rectorat, ville-rennes and autre.
 * A test class registers it ({@code @RegisterExtension static final SecureServer s = new SecureServer();}): it starts
 * before the class's tests and stops after them.
 */
final class SecureServer implements BeforeAllCallback, AfterAllCallback {

    static final String OPEN = "ecoles-test";
    static final String RESTRICTED = "eleves-test";
    static final String PASSWORD = "correct horse battery staple";
    static final String ACTIVE = "conv-active";
    static final String DRAFT = "conv-brouillon";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestServer running;
    Path dir;
    SqliteStore store;
    AccessServices access;
    GeoeducServer server;
    AccessRegistry.NewClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        running = TestServer.inTempDir("geoeduc-secure");
        dir = running.dir;
        store = running.store;
        Path open = running.write("ecoles.csv",
                "uai;nom;latitude;longitude\n0350001A;École A;48.11;-1.68\n0350002B;École B;48.12;-1.67\n0350003C;École C;48.10;-1.69\n");
        StringBuilder csv = new StringBuilder("ine;uai_ecole;rentree_scolaire;sexe;commune_residence;annee_naissance\n");
        for (int i = 0; i < 40; i++) {
            csv.append(String.format("%010dA;0350001A;2023;%s;35238;2015%n", 1_234_500_000L + i, i % 2 == 0 ? "F" : "M"));
        }
        running.ingest(open, OPEN).ingest(running.write("eleves.csv", csv), RESTRICTED, AccessLevel.RESTRICTED)
                .organisation("rectorat", "Rectorat de Rennes", Organisation.Kind.ACADEMIE)
                .organisation("ville-rennes", "Ville de Rennes", Organisation.Kind.COMMUNE, "35238")
                .organisation("autre", "Autre collectivité", Organisation.Kind.AUTRE);
        access = running.access();
        AccessRegistry r = access.registry();
        r.setDatasetOwner(RESTRICTED, "rectorat");
        TestConventions.activate(r, convention(ACTIVE, "Sectorisation des écoles"));
        r.saveConvention(convention(DRAFT, "Projet confidentiel"));
        client = r.createClient("ville-rennes", "sig", TestServer.QUOTA);
        access.users().create("dpd@ac-rennes.fr", "DPD", "rectorat", EnumSet.of(Role.CONVENTION_MANAGER), PASSWORD);
        access.users().create("dpo@rennes.fr", "DPO Rennes", "ville-rennes", EnumSet.of(Role.CONVENTION_MANAGER), PASSWORD);
        access.users().create("gestion@autre.fr", "Gestion Autre", "autre", EnumSet.of(Role.CONVENTION_MANAGER), PASSWORD);
        server = running.start(null).server();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (running != null) {
            running.close();
        }
    }

    static Convention convention(String id, String purpose) {
        return TestConventions.between(id, "2026-" + id, "Échange " + id, "rectorat", "ville-rennes", purpose, "L.212-7",
                new Convention.DataScope(RESTRICTED, List.of("ine", "sexe", "commune_residence"), Convention.Granularity.INDIVIDUAL_PSEUDONYMISED,
                        new Convention.Territory("commune_residence", List.of("35238")), null, true, List.of("ine"), List.of(), 1, null));
    }

    String base() {
        return running.base();
    }

    static String basic(String login, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> call(String method, String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base() + path));
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return call("GET", path, Map.of(), null);
    }

    HttpResponse<String> get(String path, String authorization) throws Exception {
        return call("GET", path, Map.of("Authorization", authorization), null);
    }

    String session(String login) throws Exception {
        HttpResponse<String> r = call("POST", "/api/admin/session", Map.of("Authorization", basic(login, PASSWORD)), null);
        if (r.statusCode() != 200) {
            throw new AssertionError("sign-in of " + login + ": " + r.statusCode() + " " + r.body());
        }
        return "Bearer " + fr.geoeduc.core.store.Json.MAPPER.readTree(r.body()).get("access_token").asText();
    }
}
