package fr.geoeduc.server;

import fr.geoeduc.core.access.AuditEntry;
import fr.geoeduc.core.access.AuditLog;
import fr.geoeduc.core.access.AuditLogSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log covers a granted client's reads of a restricted dataset's metadata and of the catalogue, with the
 * convention's purpose, and anonymous requests for a restricted id, sampled so that they neither flood the log nor
 * answer differently from an unknown id.
 */
class AuditCoverageTest {

    @RegisterExtension
    static final SecureServer s = new SecureServer();

    static List<AuditEntry> entries(String dataset) {
        s.access.auditWriter().flush();
        return s.access.audit().show(AuditLog.Filter.all()).stream().map(AuditLog.Logged::entry)
                .filter(e -> dataset.equals(e.dataset())).toList();
    }

    @Test
    void grantedMetadataAndCatalogueReadsAreAuditedWithThePurpose() throws Exception {
        String key = "?apikey=" + s.client.apiKey();
        assertThat(s.get("/api/explore/v2.1/catalog/datasets/" + SecureServer.RESTRICTED + key).statusCode()).isEqualTo(200);
        assertThat(s.get("/api/explore/v2.1/catalog/datasets" + key).body()).contains(SecureServer.RESTRICTED);
        List<AuditEntry> reads = entries(SecureServer.RESTRICTED).stream()
                .filter(e -> e.client().equals(s.client.client().id()) && e.route().equals("catalogue")).toList();
        assertThat(reads).hasSizeGreaterThanOrEqualTo(2).allSatisfy(e -> {
            assertThat(e.isGranted()).isTrue();
            assertThat(e.convention()).startsWith(SecureServer.ACTIVE + "@");
            assertThat(e.query()).containsEntry(AuditLogSink.PURPOSE, "Sectorisation des écoles");
        });
        assertThat(s.get("/api/explore/v2.1/catalog/datasets/" + SecureServer.RESTRICTED + "/records" + key).statusCode()).isEqualTo(200);
        assertThat(entries(SecureServer.RESTRICTED)).filteredOn(e -> e.route().equals("records"))
                .allSatisfy(e -> assertThat(e.query()).containsEntry(AuditLogSink.PURPOSE, "Sectorisation des écoles")).isNotEmpty();
    }

    @Test
    void anonymousRequestsForARestrictedIdAreLoggedOnceAMinuteAndAnswerLikeAnUnknownId() throws Exception {
        String restricted = "/api/explore/v2.1/catalog/datasets/" + SecureServer.RESTRICTED + "/records";
        String unknown = "/api/explore/v2.1/catalog/datasets/nexiste-pas/records";
        HttpResponse<String> first = s.get(restricted);
        for (int i = 0; i < 20; i++) {
            assertThat(s.get(restricted).statusCode()).isEqualTo(404);
        }
        HttpResponse<String> none = s.get(unknown);
        assertThat(first.statusCode()).isEqualTo(none.statusCode()).isEqualTo(404);
        assertThat(first.body().replace(SecureServer.RESTRICTED, "X")).isEqualTo(none.body().replace("nexiste-pas", "X"));
        List<AuditEntry> anonymous = entries(SecureServer.RESTRICTED).stream().filter(e -> e.client().equals(AuditEntry.ANONYMOUS)).toList();
        assertThat(anonymous).as("logged, but not 21 times").hasSize(1);
        assertThat(anonymous.get(0).isGranted()).isFalse();
        assertThat(anonymous.get(0).reason()).contains("anonymous request for a restricted dataset");
        assertThat(entries("nexiste-pas")).as("an unknown id is not a decision on restricted data").isEmpty();
    }
}
