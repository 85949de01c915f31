package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.server.explore.QuotaSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People on the admin API: sign-in by password for a session token, what each role may read and change (a
 * convention manager only the conventions of their organisation, a consumer only reads its own), disabling an
 * account acts on the next request, and passwords are stored only as PBKDF2 hashes.
 */
class AdminRolesHttpTest {

    static final String PASSWORD = "correct horse battery staple";
    static TestServer server;
    static AccessServices access;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.inTempDir("geoeduc-admin-roles")
                .organisation("rectorat", "Rectorat", Organisation.Kind.ACADEMIE)
                .organisation("ville-rennes", "Ville de Rennes", Organisation.Kind.COMMUNE, "35238")
                .organisation("autre", "Autre collectivité", Organisation.Kind.AUTRE);
        access = server.access();
        AccessRegistry r = access.registry();
        r.setDatasetOwner("eleves", "rectorat");
        r.saveConvention(convention("conv-rennes", "ville-rennes"));
        r.saveConvention(convention("conv-autre", "autre"));
        access.users().create("admin@ac-rennes.fr", "Administratrice", "rectorat", EnumSet.of(Role.PLATFORM_ADMIN), PASSWORD);
        access.users().create("dpd@ac-rennes.fr", "DPD du rectorat", "rectorat", EnumSet.of(Role.CONVENTION_MANAGER), PASSWORD);
        access.users().create("dpo@rennes.fr", "Gestionnaire Rennes", "ville-rennes", EnumSet.of(Role.CONVENTION_MANAGER), PASSWORD);
        access.users().create("sig@autre.fr", "SIG Autre", "autre", EnumSet.of(Role.CONSUMER), PASSWORD);
        server.start(null, new QuotaSettings(1000, Map.of()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Convention convention(String id, String recipient) {
        return TestConventions.between(id, "2026-" + id, "Échange " + id, "rectorat", recipient, "sectorisation", "L.212-7",
                new Convention.DataScope("eleves", List.of("sexe"), Convention.Granularity.AGGREGATED,
                        new Convention.Territory("commune_residence", List.of("35238")), null, true, List.of(),
                        List.of(), 1, new Convention.SecretRules(3, 0, List.of(List.of("sexe")))));
    }

    static String basic(String login, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String session(String login) throws Exception {
        HttpResponse<String> r = call("POST", "/api/admin/session", basic(login, PASSWORD), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return "Bearer " + Json.MAPPER.readTree(r.body()).get("access_token").asText();
    }

    static List<String> conventionIds(String auth) throws Exception {
        HttpResponse<String> r = call("GET", "/api/admin/conventions", auth, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode c : Json.MAPPER.readTree(r.body())) {
            ids.add(c.get("id").asText());
        }
        return ids;
    }

    @Test
    void signInNeedsTheRightPassword() throws Exception {
        assertThat(call("GET", "/api/admin/conventions", null, null).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/api/admin/session", basic("admin@ac-rennes.fr", "wrong password!!"), null).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/api/admin/session", basic("nobody@nowhere.fr", PASSWORD), null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/admin/conventions", "Bearer not-a-token", null).statusCode()).isEqualTo(401);
        HttpResponse<String> basicOnRoute = call("GET", "/api/admin/conventions", basic("admin@ac-rennes.fr", PASSWORD), null);
        assertThat(basicOnRoute.statusCode()).as("Basic credentials only on the sign-in route").isEqualTo(401);
        assertThat(basicOnRoute.body()).contains("/api/admin/session");
    }

    @Test
    void repeatedFailedSignInsAreThrottledEvenWithTheRightPasswordAfterwards() throws Exception {
        access.users().create("cible@rennes.fr", "Cible", "ville-rennes", EnumSet.of(Role.CONSUMER), PASSWORD);
        for (int i = 0; i < 10; i++) {
            assertThat(call("POST", "/api/admin/session", basic("cible@rennes.fr", "mauvais mot de passe " + i), null).statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> blocked = call("POST", "/api/admin/session", basic("cible@rennes.fr", PASSWORD), null);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(call("POST", "/api/admin/session", basic("dpo@rennes.fr", PASSWORD), null).statusCode())
                .as("another login from the same address still signs in").isEqualTo(200);
    }

    @Test
    void onlyAProvidingPartyGrantsAccessAndEndedConventionsCannotBeAmended() throws Exception {
        String recipient = session("dpo@rennes.fr");
        String provider = session("dpd@ac-rennes.fr");
        assertThat(call("POST", "/api/admin/conventions", recipient, Json.MAPPER.writeValueAsString(convention("conv-rennes-3", "ville-rennes")))
                .statusCode()).as("a recipient may draft").isEqualTo(201);
        assertThat(call("POST", "/api/admin/conventions/conv-rennes-3/status", recipient, "{\"status\":\"submitted\"}").statusCode())
                .as("and submit").isEqualTo(200);
        assertThat(call("POST", "/api/admin/conventions/conv-rennes-3/status", recipient, "{\"status\":\"validated\"}").statusCode())
                .as("but not validate its own access").isEqualTo(403);
        assertThat(call("POST", "/api/admin/conventions/conv-rennes-3/status", provider, "{\"status\":\"validated\"}").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/admin/conventions/conv-rennes-3/status", recipient, "{\"status\":\"active\"}").statusCode())
                .as("nor activate it").isEqualTo(403);
        assertThat(call("POST", "/api/admin/conventions/conv-rennes-3/amendments", recipient,
                Json.MAPPER.writeValueAsString(convention("conv-rennes-3", "ville-rennes"))).statusCode()).as("nor amend it").isEqualTo(403);
        assertThat(call("POST", "/api/admin/conventions/conv-rennes-3/status", provider, "{\"status\":\"active\"}").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/admin/conventions/conv-rennes-3/status", recipient, "{\"status\":\"terminated\"}").statusCode())
                .as("a recipient may end it").isEqualTo(200);
        HttpResponse<String> amendEnded = call("POST", "/api/admin/conventions/conv-rennes-3/amendments", provider,
                Json.MAPPER.writeValueAsString(convention("conv-rennes-3", "ville-rennes")));
        assertThat(amendEnded.statusCode()).as(amendEnded.body()).isEqualTo(400);
        assertThat(amendEnded.body()).contains("TERMINATED");
        assertThat(access.registry().convention("conv-rennes-3").orElseThrow().status()).isEqualTo(Convention.Status.TERMINATED);
    }

    @Test
    void aRecipientDeclaringItselfProviderStillCannotGrantItselfAccess() throws Exception {
        String recipient = session("dpo@rennes.fr");
        access.registry().saveOrganisation(new Organisation("complice", "Complice", null, Organisation.Kind.AUTRE, List.of()));
        Convention selfDealing = convention("conv-rennes-both", "ville-rennes");
        selfDealing = TestConventions.withParties(selfDealing, new Convention.Party("ville-rennes", Convention.Role.BOTH, null, null),
                new Convention.Party("complice", Convention.Role.RECIPIENT, null, null));
        HttpResponse<String> drafted = call("POST", "/api/admin/conventions", recipient, Json.MAPPER.writeValueAsString(selfDealing));
        assertThat(drafted.statusCode()).as("not even as a draft: no providing party holds the pupils' file").isEqualTo(403);
        assertThat(drafted.body()).contains("rectorat");
        access.registry().saveConvention(selfDealing); // as an older registry may hold it: validation refuses it as well
        HttpResponse<String> validated = call("POST", "/api/admin/conventions/conv-rennes-both/status", recipient, "{\"status\":\"validated\"}");
        assertThat(validated.statusCode()).as("the pupils' file is held by the rectorat, not by the city").isEqualTo(403);
        assertThat(validated.body()).contains("rectorat");
        assertThat(call("POST", "/api/admin/conventions/conv-rennes-both/status", session("dpd@ac-rennes.fr"), "{\"status\":\"validated\"}")
                .statusCode()).as("not a party: the rectorat's manager cannot act on it either").isEqualTo(403);
        assertThat(call("POST", "/api/admin/conventions/conv-rennes-both/status", session("admin@ac-rennes.fr"), "{\"status\":\"validated\"}")
                .statusCode()).as("the platform admin can").isEqualTo(200);
    }

    @Test
    void aProvidingPartyThatDoesNotHoldTheDataMayStillWithdrawAccess() throws Exception {
        access.registry().saveOrganisation(new Organisation("co-fournisseur", "Co-fournisseur", null, Organisation.Kind.AUTRE, List.of()));
        access.users().create("dpo@co.fr", "Gestionnaire co-fournisseur", "co-fournisseur", EnumSet.of(Role.CONVENTION_MANAGER), PASSWORD);
        Convention c = convention("conv-co", "ville-rennes");
        c = TestConventions.withParties(c, new Convention.Party("rectorat", Convention.Role.PROVIDER, null, null),
                new Convention.Party("co-fournisseur", Convention.Role.PROVIDER, null, null),
                new Convention.Party("ville-rennes", Convention.Role.RECIPIENT, null, null));
        TestConventions.activate(access.registry(), c);
        String coProvider = session("dpo@co.fr");
        assertThat(call("POST", "/api/admin/conventions/conv-co/renewal", coProvider, "{\"review_meeting\":\"2026-12-01\"}").statusCode())
                .as("granting more needs to hold the data").isEqualTo(403);
        assertThat(call("POST", "/api/admin/conventions/conv-co/status", coProvider, "{\"status\":\"suspended\"}").statusCode())
                .as("withdrawing access does not").isEqualTo(200);
        assertThat(call("POST", "/api/admin/conventions/conv-co/status", coProvider, "{\"status\":\"active\"}").statusCode())
                .as("but resuming it does").isEqualTo(403);
        assertThat(call("POST", "/api/admin/conventions/conv-co/status", session("dpo@rennes.fr"), "{\"status\":\"revoked\"}").statusCode())
                .as("a recipient cannot revoke (it may terminate)").isEqualTo(403);
    }

    @Test
    void onlyThePlatformAdminRecordsWhoHoldsADataset() throws Exception {
        assertThat(call("PUT", "/api/admin/datasets/eleves-2/owner", session("dpo@rennes.fr"), "{\"organisation\":\"ville-rennes\"}")
                .statusCode()).isEqualTo(403);
        assertThat(access.registry().datasetOwner("eleves-2")).isEmpty();
        assertThat(call("PUT", "/api/admin/datasets/eleves-2/owner", session("admin@ac-rennes.fr"), "{\"organisation\":\"nulle-part\"}")
                .statusCode()).as("unknown organisation").isEqualTo(400);
        assertThat(call("PUT", "/api/admin/datasets/eleves-2/owner", session("admin@ac-rennes.fr"), "{\"organisation\":\"rectorat\"}")
                .statusCode()).isEqualTo(200);
        assertThat(access.registry().datasetOwner("eleves-2")).contains("rectorat");
    }

    @Test
    void aPasswordChangeEndsTheSessionsOpenedWithTheOldPassword() throws Exception {
        access.users().create("change@rennes.fr", "Change", "ville-rennes", EnumSet.of(Role.CONSUMER), PASSWORD);
        String before = session("change@rennes.fr");
        assertThat(call("GET", "/api/admin/conventions", before, null).statusCode()).isEqualTo(200);
        access.users().setPassword("change@rennes.fr", "un tout nouveau mot de passe");
        assertThat(call("GET", "/api/admin/conventions", before, null).statusCode()).isEqualTo(401);
        HttpResponse<String> r = call("POST", "/api/admin/session", basic("change@rennes.fr", "un tout nouveau mot de passe"), null);
        assertThat(r.statusCode()).isEqualTo(200);
        String after = "Bearer " + Json.MAPPER.readTree(r.body()).get("access_token").asText();
        assertThat(call("GET", "/api/admin/conventions", after, null).statusCode()).isEqualTo(200);
    }

    @Test
    void theAdministratorManagesPeopleAndOrganisations() throws Exception {
        String admin = session("admin@ac-rennes.fr");
        assertThat(conventionIds(admin)).contains("conv-rennes", "conv-autre");
        HttpResponse<String> created = call("POST", "/api/admin/users", admin, Json.MAPPER.writeValueAsString(Map.of(
                "id", "Producteur@Rectorat.fr", "name", "Producteur", "organisation", "rectorat", "roles", List.of("producer"),
                "password", "un mot de passe long")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("producteur@rectorat.fr").doesNotContain("un mot de passe long").doesNotContain("pbkdf2").doesNotContain("argon2");
        assertThat(call("POST", "/api/admin/users", admin, Json.MAPPER.writeValueAsString(Map.of(
                "id", "court@x.fr", "name", "Court", "organisation", "rectorat", "roles", List.of("consumer"), "password", "trop court")))
                .statusCode()).as("a short password is refused").isEqualTo(400);
        assertThat(call("GET", "/api/admin/users", admin, null).body()).contains("dpo@rennes.fr").doesNotContain("password");
        assertThat(call("POST", "/api/admin/organisations", admin, Json.MAPPER.writeValueAsString(
                new Organisation("epci-x", "EPCI X", null, Organisation.Kind.EPCI, List.of()))).statusCode()).isEqualTo(201);
    }

    @Test
    void aConventionManagerRunsOnlyTheConventionsOfTheirOrganisation() throws Exception {
        String manager = session("dpo@rennes.fr");
        assertThat(conventionIds(manager)).as("a manager reads the drafts of their organisation, not the others'")
                .contains("conv-rennes").doesNotContain("conv-autre");
        assertThat(call("POST", "/api/admin/conventions", manager, Json.MAPPER.writeValueAsString(convention("conv-rennes-2", "ville-rennes")))
                .statusCode()).isEqualTo(201);
        assertThat(call("POST", "/api/admin/conventions", manager, Json.MAPPER.writeValueAsString(convention("conv-autre-2", "autre")))
                .statusCode()).as("not a party to it").isEqualTo(403);
        assertThat(call("POST", "/api/admin/conventions/conv-autre/status", manager, "{\"status\":\"validated\"}").statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/admin/conventions/conv-rennes-2/status", manager, "{\"status\":\"submitted\"}").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/admin/users", manager, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/admin/organisations", manager, Json.MAPPER.writeValueAsString(
                new Organisation("x", "X", null, Organisation.Kind.AUTRE, List.of()))).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/admin/registre-art30", manager, null).statusCode()).isEqualTo(200);
        List<fr.geoeduc.core.access.AuditLog.Logged> logged = access.audit().show(fr.geoeduc.core.access.AuditLog.Filter.all())
                .stream().filter(l -> "admin".equals(l.entry().route()) && "dpo@rennes.fr".equals(l.entry().client())).toList();
        assertThat(logged).as("every write attempt of the manager is in the audit log")
                .anySatisfy(l -> assertThat(l.entry().isGranted()).isTrue())
                .anySatisfy(l -> {
                    assertThat(l.entry().isGranted()).isFalse();
                    assertThat(l.entry().query()).containsEntry("status", "403").containsEntry("path", "/api/admin/conventions/conv-autre/status");
                    assertThat(l.entry().convention()).isEqualTo("conv-autre");
                });
        assertThat(access.audit().verify().ok()).isTrue();
    }

    @Test
    void aConsumerReadsOnlyTheConventionsOfItsOrganisation() throws Exception {
        String consumer = session("sig@autre.fr");
        assertThat(conventionIds(consumer)).containsExactly("conv-autre");
        assertThat(call("GET", "/api/admin/conventions/conv-rennes", consumer, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/admin/conventions/conv-autre", consumer, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/admin/registre-art30", consumer, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/admin/conventions/conv-autre/status", consumer, "{\"status\":\"validated\"}").statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/admin/organisations", consumer, null).statusCode()).isEqualTo(200);
    }

    @Test
    void disablingOrChangingRolesActsOnTheNextRequestAndPasswordsAreOnlyHashed() throws Exception {
        access.users().create("temp@rennes.fr", "Temporaire", "ville-rennes", EnumSet.of(Role.CONVENTION_MANAGER), PASSWORD);
        String temp = session("temp@rennes.fr");
        assertThat(call("GET", "/api/admin/registre-art30", temp, null).statusCode()).isEqualTo(200);
        access.users().setRoles("temp@rennes.fr", Set.of(Role.CONSUMER));
        assertThat(call("GET", "/api/admin/registre-art30", temp, null).statusCode()).isEqualTo(403);
        access.users().disable("temp@rennes.fr");
        assertThat(call("GET", "/api/admin/conventions", temp, null).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/api/admin/session", basic("temp@rennes.fr", PASSWORD), null).statusCode()).isEqualTo(401);
        try (var c = server.store.connection(); var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT password_hash FROM app_user")) {
            while (rs.next()) {
                assertThat(rs.getString(1)).startsWith("$argon2id$v=19$").doesNotContain(PASSWORD);
            }
        }
    }
}
