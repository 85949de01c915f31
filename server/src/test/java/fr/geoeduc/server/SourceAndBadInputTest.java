package fr.geoeduc.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingested file is shown by its name and SHA-256, never by its server path, on every route that describes a
 * version; and every bad input to the admin API is a 400 that says what is wrong, never a 500.
 */
class SourceAndBadInputTest {

    @RegisterExtension
    static final SecureServer s = new SecureServer();

    @Test
    void theSourceIsAFileNameAndItsHashNeverAServerPath() throws Exception {
        String serverDir = s.dir.toString();
        String sha = s.store.versions(SecureServer.RESTRICTED).get(0).lineage().sha256();
        List<HttpResponse<String>> answers = List.of(
                s.get("/api/explore/v2.1/catalog/datasets/" + SecureServer.OPEN),
                s.get("/api/explore/v2.1/catalog/datasets"),
                s.get("/api/explore/v2.1/catalog/datasets/" + SecureServer.RESTRICTED + "?apikey=" + s.client.apiKey()),
                s.get("/jeux/" + SecureServer.OPEN),
                s.get("/api/datasets/" + SecureServer.OPEN + "/versions"));
        for (HttpResponse<String> r : answers) {
            assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(200);
            assertThat(r.body()).as(r.uri().toString()).doesNotContain(serverDir).contains(".csv");
        }
        assertThat(answers.get(2).body()).contains("\"source\":\"eleves.csv\"").contains(sha);
        assertThat(answers.get(4).body()).contains("ecoles.csv");
    }

    @Test
    void badAdminInputIsA400WithAMessage() throws Exception {
        String dpd = s.session("dpd@ac-rennes.fr");
        Map<String, String> auth = Map.of("Authorization", dpd);
        Map<String, String> bad = Map.of(
                "/api/admin/conventions/" + SecureServer.ACTIVE + "/renewal", "{}",
                "/api/admin/conventions/" + SecureServer.ACTIVE + "/status", "{\"status\":\"terminated\",\"on\":\"31/12/2026\"}",
                "/api/admin/conventions", "{\"id\":\"conv-vide\"}",
                "/api/admin/conventions/" + SecureServer.DRAFT + "/amendments", "{\"id\":\"" + SecureServer.DRAFT + "\"}",
                "/api/admin/conventions/" + SecureServer.DRAFT + "/status", "[1, 2]");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            HttpResponse<String> r = s.call("POST", e.getKey(), auth, e.getValue());
            assertThat(r.statusCode()).as(e.getKey() + " " + e.getValue() + " -> " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(e.getKey()).contains("\"message\"");
        }
        HttpResponse<String> renewal = s.call("POST", "/api/admin/conventions/" + SecureServer.ACTIVE + "/renewal", auth, "{\"review_meeting\":\"demain\"}");
        assertThat(renewal.statusCode()).isEqualTo(400);
        assertThat(renewal.body()).contains("review_meeting").contains("AAAA-MM-JJ");
    }
}
