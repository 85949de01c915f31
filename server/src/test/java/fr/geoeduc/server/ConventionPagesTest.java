package fr.geoeduc.server;

import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.store.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public registers show active and ended conventions with what the public notice requires, and a draft to its
 * parties alone; a manager cannot draft a convention naming another organisation as provider of data it does not hold.
 */
class ConventionPagesTest {

    @RegisterExtension
    static final SecureServer s = new SecureServer();

    @Test
    void theRegisterListsActiveConventionsWithTheirNoticeAndHidesDrafts() throws Exception {
        HttpResponse<String> list = s.get("/conventions");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("2026-" + SecureServer.ACTIVE).contains("Sectorisation des écoles")
                .contains("Rectorat de Rennes").contains("Ville de Rennes").contains(SecureServer.RESTRICTED + " (données individuelles pseudonymisées)")
                .contains("→").doesNotContain("35238");
        assertThat(list.body()).as("the parties' roles in French, the cartographie in a frame that fits a phone's width")
                .contains("(fournisseur)").contains("(destinataire)").doesNotContain("(PROVIDER)").doesNotContain("(RECIPIENT)")
                .contains("<div class=\"geoeduc-cartographie\"><svg");
        assertThat(list.body()).as("a draft is not listed, nor drawn in the cartographie")
                .doesNotContain(SecureServer.DRAFT).doesNotContain("Projet confidentiel");
        assertThat(s.get("/conventions/" + SecureServer.ACTIVE).statusCode()).isEqualTo(200);
        assertThat(s.get("/conventions/" + SecureServer.ACTIVE + "/notice").body()).contains("Sectorisation des écoles");
    }

    @Test
    void aDraftIsVisibleToItsPartiesAlone() throws Exception {
        for (String path : List.of("/conventions/" + SecureServer.DRAFT, "/conventions/" + SecureServer.DRAFT + "/notice")) {
            HttpResponse<String> anonymous = s.get(path);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(404);
            assertThat(anonymous.body()).doesNotContain("Projet confidentiel");
            assertThat(s.get(path, s.session("gestion@autre.fr")).statusCode()).as("a manager of an unrelated organisation").isEqualTo(404);
            HttpResponse<String> party = s.get(path, s.session("dpo@rennes.fr"));
            assertThat(party.statusCode()).as("a party").isEqualTo(200);
            assertThat(party.body()).contains("Projet confidentiel");
        }
        assertThat(s.get("/api/admin/conventions/" + SecureServer.DRAFT, s.session("gestion@autre.fr")).statusCode())
                .as("nor through the admin API").isEqualTo(404);
        assertThat(s.get("/api/admin/conventions", s.session("gestion@autre.fr")).body())
                .contains(SecureServer.ACTIVE).doesNotContain(SecureServer.DRAFT);
    }

    @Test
    void anUnrelatedManagerCannotDraftForAnotherProviderOrForDataItDoesNotHold() throws Exception {
        String autre = s.session("gestion@autre.fr");
        Convention naming = TestConventions.withParties(SecureServer.convention("conv-usurpee", "Usurpation"),
                new Convention.Party("ville-rennes", Convention.Role.PROVIDER, null, null),
                new Convention.Party("autre", Convention.Role.RECIPIENT, null, null));
        HttpResponse<String> r = s.call("POST", "/api/admin/conventions", Map.of("Authorization", autre), Json.MAPPER.writeValueAsString(naming));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).contains("held by rectorat");
        Convention selfProvider = TestConventions.withParties(SecureServer.convention("conv-usurpee-2", "Usurpation"),
                new Convention.Party("autre", Convention.Role.BOTH, null, null));
        assertThat(s.call("POST", "/api/admin/conventions", Map.of("Authorization", autre), Json.MAPPER.writeValueAsString(selfProvider))
                .statusCode()).as("declaring itself provider of the rectorat's file").isEqualTo(403);
        Convention request = TestConventions.withParties(SecureServer.convention("conv-demande", "Demande d'accès"),
                new Convention.Party("rectorat", Convention.Role.PROVIDER, null, null),
                new Convention.Party("autre", Convention.Role.RECIPIENT, null, null));
        assertThat(s.call("POST", "/api/admin/conventions", Map.of("Authorization", autre), Json.MAPPER.writeValueAsString(request))
                .statusCode()).as("asking the holder for its data is allowed").isEqualTo(201);
        assertThat(s.access.registry().convention("conv-usurpee")).isEmpty();
    }
}
