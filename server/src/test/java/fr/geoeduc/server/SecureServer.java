package fr.geoeduc.server;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.server.explore.QuotaSettings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * A server for the hardening tests: an open dataset with coordinates ({@value OPEN}), a restricted pupils dataset
 * ({@value RESTRICTED}, held by the rectorat), an active convention rectorat → ville-rennes, a draft one, a client of
 * ville-rennes (API key and OAuth2 secret), and a convention manager in each of rectorat, ville-rennes and autre.
 */
final class SecureServer implements AutoCloseable {

    static final String OPEN = "ecoles-test";
    static final String RESTRICTED = "eleves-test";
    static final String PASSWORD = "correct horse battery staple";
    static final String ACTIVE = "conv-active";
    static final String DRAFT = "conv-brouillon";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Path dir;
    final SqliteStore store;
    final AccessServices access;
    final GeoeducServer server;
    final AccessRegistry.NewClient client;

    SecureServer() throws Exception {
        dir = Files.createTempDirectory("geoeduc-secure");
        Path open = dir.resolve("ecoles.csv");
        Files.writeString(open, "uai;nom;latitude;longitude\n0350001A;École A;48.11;-1.68\n0350002B;École B;48.12;-1.67\n0350003C;École C;48.10;-1.69\n");
        StringBuilder csv = new StringBuilder("ine;uai_ecole;rentree_scolaire;sexe;commune_residence;annee_naissance\n");
        for (int i = 0; i < 40; i++) {
            csv.append(String.format("%010dA;0350001A;2023;%s;35238;2015%n", 1_234_500_000L + i, i % 2 == 0 ? "F" : "M"));
        }
        Path pupils = dir.resolve("eleves.csv");
        Files.writeString(pupils, csv.toString());
        store = SqliteStore.open(dir.resolve("data"));
        Ingester ingester = new Ingester(store, SchemaRegistry.load(), dir.resolve("dl"));
        ingester.ingest(new IngestRequest(open.toString(), OPEN, null, null, null), ProgressListener.NONE);
        ingester.ingest(new IngestRequest(pupils.toString(), RESTRICTED, AccessLevel.RESTRICTED, null, null), ProgressListener.NONE);
        access = AccessServices.open(store, dir.resolve("data"), Clock.systemUTC());
        AccessRegistry r = access.registry();
        r.saveOrganisation(new Organisation("rectorat", "Rectorat de Rennes", null, Organisation.Kind.ACADEMIE, List.of()));
        r.saveOrganisation(new Organisation("ville-rennes", "Ville de Rennes", null, Organisation.Kind.COMMUNE, List.of("35238")));
        r.saveOrganisation(new Organisation("autre", "Autre collectivité", null, Organisation.Kind.AUTRE, List.of()));
        r.setDatasetOwner(RESTRICTED, "rectorat");
        r.saveConvention(convention(ACTIVE, "Sectorisation des écoles"));
        r.transition(ACTIVE, Convention.Status.VALIDATED, null);
        r.transition(ACTIVE, Convention.Status.ACTIVE, null);
        r.saveConvention(convention(DRAFT, "Projet confidentiel"));
        client = r.createClient("ville-rennes", "sig", 100_000);
        access.users().create("dpd@ac-rennes.fr", "DPD", "rectorat", EnumSet.of(Role.CONVENTION_MANAGER), PASSWORD);
        access.users().create("dpo@rennes.fr", "DPO Rennes", "ville-rennes", EnumSet.of(Role.CONVENTION_MANAGER), PASSWORD);
        access.users().create("gestion@autre.fr", "Gestion Autre", "autre", EnumSet.of(Role.CONVENTION_MANAGER), PASSWORD);
        server = GeoeducServer.start(store, access, "127.0.0.1", 0, null, new QuotaSettings(100_000, Map.of()));
    }

    static Convention convention(String id, String purpose) {
        return new Convention(id, "2026-" + id, "Échange " + id, 1, null, null,
                List.of(new Convention.Party("rectorat", Convention.Role.PROVIDER, null, null),
                        new Convention.Party("ville-rennes", Convention.Role.RECIPIENT, null, null)),
                new Convention.LegalBasis(List.of("L.212-7"), "RGPD 6.1.e", null), List.of(new Convention.Purpose(purpose, "L.212-7")),
                List.of(new Convention.DataScope(RESTRICTED, List.of("ine", "sexe", "commune_residence"), Convention.Granularity.INDIVIDUAL_PSEUDONYMISED,
                        new Convention.Territory("commune_residence", List.of("35238")), null, true, List.of("ine"), List.of(), 1, null)),
                List.of(), null, null, null, new Convention.Retention(Map.of(RESTRICTED, 12), 3),
                new Convention.Rights("dpd@ac-rennes.fr", Map.of(), "Recteur", null),
                new Convention.LifeCycle(LocalDate.now().minusDays(1), null, 12, false, null, null, null, List.of()), null);
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
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

    @Override
    public void close() {
        server.close();
        access.close();
        store.close();
    }
}
