package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/joins and GET /api/joins/{id}: a client's spec run through the policy, published, its status served. */
class JoinsApiTest {

    @TempDir
    Path dir;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A request to the server, with the client's API key in the Authorization header when there is one. */
    static HttpResponse<String> call(GeoeducServer server, String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Apikey " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aClientPublishesAJointureThroughThePolicyAndReadsItsStatus() throws Exception {
        try (TestServer running = TestServer.in(dir)) {
            running.ingest(running.write("etab.csv", "uai,nom\n0350001Z,A\n0350002Z,B\n0350003Z,C\n"), "etab")
                    .ingest(running.write("eff.csv", "numero_uai,effectif\n0350001Z,10\n0350001Z,5\n0350002Z,7\n"), "eff")
                    .ingest(running.write("pts.csv", "nom,latitude,longitude\nP1,48.10,-1.68\nP2,48.00,-1.60\n"), "pts")
                    .ingest(running.write("cols.csv", "uai,latitude,longitude\nC1,48.00,-1.60\nC2,48.11,-1.68\n"), "cols")
                    .ingest(running.write("secret.csv", "numero_uai,note\n0350001Z,1\n"), "secret", AccessLevel.RESTRICTED)
                    .organisation("ville", "Ville", Organisation.Kind.COMMUNE, "35238");
            String key = running.apiKey("ville", "sig");
            SqliteStore store = running.store;
            GeoeducServer server = running.start(null).server();
            String spec = Json.write(Map.of("id", "etab-eff", "from", "etab", "joins",
                    List.of(Map.of("dataset", "eff", "on", List.of("uai=numero_uai"), "aggregate", Map.of("effectif", "sum")))));
            assertThat(call(server, "POST", "/api/joins", null, spec).statusCode()).isEqualTo(401);
            assertThat(store.latest("etab-eff")).isEmpty();

            HttpResponse<String> created = call(server, "POST", "/api/joins", key, spec);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode c = Json.MAPPER.readTree(created.body());
            assertThat(c.get("version").asInt()).isEqualTo(1);
            assertThat(c.get("rows").asInt()).isEqualTo(3);
            assertThat(c.get("inputs").toString()).contains("etab@1").contains("eff@1");
            assertThat(c.get("report").toString()).contains("jointure-appariees");
            // what a person reads is French: the notes, the findings' titles, the examples' messages (title_en is, by its name, English)
            List<String> read = new java.util.ArrayList<>();
            c.get("report").get("notes").forEach(n -> read.add(n.asText()));
            for (JsonNode r : c.get("report").get("results")) {
                read.add(r.get("title").asText());
                r.path("examples").forEach(e -> read.add(e.path("message").asText()));
            }
            assertThat(read).hasSizeGreaterThan(5).noneMatch(t -> t.contains(" / ") || t.contains("lignes/rows")
                    || t.matches("(?s).*\\b(matched|rows|inputs|spec|key|aggregation|aggregated|absent on)\\b.*"));
            assertThat(read).anyMatch(t -> t.startsWith("Entrées : ")).anyMatch(t -> t.contains("appariées : 2"));
            // each input's SHA-256 as its ingest recorded it: the bytes of the file
            assertThat(c.get("inputs_sha256").get("etab@1").asText()).isEqualTo(sha256(dir.resolve("etab.csv")));
            assertThat(c.get("inputs_sha256").get("eff@1").asText()).isEqualTo(sha256(dir.resolve("eff.csv")));
            assertThat(store.latest("etab-eff").orElseThrow().lineage().source()).contains("eff@1 sha256:" + sha256(dir.resolve("eff.csv")));

            HttpResponse<String> status = call(server, "GET", "/api/joins/etab-eff", null, null);
            for (int i = 0; i < 30 && status.statusCode() == 404; i++) { // the catalogue is re-read at most every second
                Thread.sleep(100);
                status = call(server, "GET", "/api/joins/etab-eff", null, null);
            }
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(status.body()).get("report").get("results").get(0).get("count").asInt()).isEqualTo(2);
            assertThat(Json.MAPPER.readTree(status.body()).get("inputs_sha256")).isEqualTo(c.get("inputs_sha256"));
            assertThat(call(server, "GET", "/api/joins/etab", null, null).statusCode()).isEqualTo(404); // not a jointure
            assertThat(Files.exists(dir.resolve("data").resolve("jointures").resolve("etab-eff.yaml"))).isTrue();

            String secret = Json.write(Map.of("id", "etab-secret", "from", "etab", "joins",
                    List.of(Map.of("dataset", "secret", "on", List.of("uai=numero_uai")))));
            HttpResponse<String> refused = call(server, "POST", "/api/joins", key, secret);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("ne vous est pas accessible").contains("rien n'est publié").doesNotContain("nothing");
            assertThat(store.latest("etab-secret")).isEmpty();

            String overwrite = Json.write(Map.of("id", "eff", "from", "etab", "joins", List.of(Map.of("dataset", "etab", "on", "uai"))));
            assertThat(call(server, "POST", "/api/joins", key, overwrite).statusCode()).isEqualTo(409);
            HttpResponse<String> bad = call(server, "POST", "/api/joins", key, "{\"id\": \"x\", \"from\": \"etab\", \"joins\": [{\"dataset\": \"eff\"}]}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("ligne 1").contains("jointure sans clé").doesNotContain("line").doesNotContain("without");
            // a proximity join through the same door: each établissement's nearest collège, with the distance
            String near = Json.write(Map.of("id", "etab-proche", "from", "pts", "joins",
                    List.of(Map.of("dataset", "cols", "nearest", Map.of("k", 1), "fields", List.of("uai")))));
            HttpResponse<String> proximity = call(server, "POST", "/api/joins", key, near);
            assertThat(proximity.statusCode()).as(proximity.body()).isEqualTo(201);
            List<Map<String, Object>> rows = fr.geoeduc.core.testing.Rows.read(store, store.latest("etab-proche").orElseThrow());
            assertThat(rows).extracting(r -> r.get("uai")).containsExactly("C2", "C1");
            // 0.01° of latitude: 1,111.95 m on the sphere of radius 6,371,008.8 m
            assertThat(rows).extracting(r -> r.get("jointure_distance_m")).containsExactly(1112.0, 0.0);
        }
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
