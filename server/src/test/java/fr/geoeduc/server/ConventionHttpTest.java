package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.access.AuditLog;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.server.explore.QuotaSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conventions over HTTP: a restricted dataset is a 404 for anonymous callers and for clients without a
 * convention, and the convention's view for its recipient (API key or OAuth2 token); revocation acts on the
 * next request; no INE leaves in any body; the admin API needs the admin key; every decision is audited.
 */
class ConventionHttpTest {

    static final String DATASET = "eleves-test";
    static TestServer server;
    static AccessServices access;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String keyA;
    static String keyOther;
    static AccessRegistry.NewClient oauth;

    @BeforeAll
    static void start() throws Exception {
        StringBuilder csv = new StringBuilder("ine;uai_ecole;rentree_scolaire;sexe;commune_residence;annee_naissance;numero_dossier\n");
        String[] communes = {"35238", "35238", "35238", "35047", "35047", "35281"};
        for (int i = 0; i < 60; i++) {
            csv.append(String.format("%010dA;0350001B;2023;%s;%s;2015;%d%n", 1_234_500_000L + i, i % 2 == 0 ? "F" : "M", communes[i % communes.length],
                    700_000 + i));
        }
        server = TestServer.inTempDir("geoeduc-conv-http");
        server.ingest(server.write("eleves.csv", csv), DATASET, AccessLevel.RESTRICTED)
                .organisation("rectorat", "Rectorat", Organisation.Kind.ACADEMIE)
                .organisation("ville-rennes", "Ville de Rennes", Organisation.Kind.COMMUNE, "35238")
                .organisation("autre", "Autre", Organisation.Kind.AUTRE);
        access = server.access();
        AccessRegistry r = access.registry();
        TestConventions.activate(r, TestConventions.between("conv-rennes", "2026-1", "Sectorisation", "rectorat", "ville-rennes",
                "sectorisation des écoles", "L.212-7", new Convention.DataScope(DATASET, List.of("ine", "sexe", "commune_residence", "numero_dossier"),
                        Convention.Granularity.INDIVIDUAL_PSEUDONYMISED, new Convention.Territory("commune_residence", List.of("35238")), null, true,
                        List.of("ine", "numero_dossier"), List.of(), 1, null)));
        keyA = r.createClient("ville-rennes", "sig", 1000).apiKey();
        keyOther = r.createClient("autre", "x", 1000).apiKey();
        oauth = r.createClient("ville-rennes", "oauth", 1000);
        server.start(null, new QuotaSettings(1000, Map.of()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static final String RECORDS = "/api/explore/v2.1/catalog/datasets/" + DATASET + "/records?limit=100";

    @Test
    void invisibleWithoutConventionAndScopedWithIt() throws Exception {
        for (String auth : new String[]{null, "Apikey " + keyOther}) {
            assertThat(get(RECORDS, auth).statusCode()).isEqualTo(404);
            assertThat(get("/api/explore/v2.1/catalog/datasets", auth).body()).doesNotContain(DATASET);
            assertThat(get("/api/explore/v2.1/catalog/datasets/" + DATASET + "/exports/csv", auth).statusCode()).isEqualTo(404);
            assertThat(get("/api/explore/v2.1/catalog/datasets/" + DATASET + "/facets", auth).statusCode()).isEqualTo(404);
        }
        assertThat(get(RECORDS, "Apikey gek_unknown").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = get(RECORDS, "Apikey " + keyA);
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(ok.body());
        assertThat(body.get("total_count").asLong()).isEqualTo(30);
        for (JsonNode row : body.get("results")) {
            assertThat(row.get("commune_residence").asText()).isEqualTo("35238");
            assertThat(row.has("annee_naissance")).isFalse();
            assertThat(row.get("ine").asText()).hasSize(26);
        }
        assertThat(ok.body()).doesNotContainPattern("\\d{10}A");
        String where = URLEncoder.encode("commune_residence = \"35047\"", StandardCharsets.UTF_8);
        assertThat(Json.MAPPER.readTree(get(RECORDS + "&where=" + where, "Apikey " + keyA).body()).get("total_count").asLong())
                .as("a territory code in the query never widens the scope").isZero();
        String csv = get("/api/explore/v2.1/catalog/datasets/" + DATASET + "/exports/csv", "Apikey " + keyA).body();
        assertThat(csv.lines().count()).isEqualTo(31);
        assertThat(csv).doesNotContainPattern("\\d{10}A").doesNotContain("annee_naissance");
    }

    @Test
    void exportsFollowTheConventionsViewOfTheSchema() throws Exception {
        String base = server.base() + "/api/explore/v2.1/catalog/datasets/" + DATASET + "/exports/";
        HttpResponse<byte[]> parquet = HTTP.send(HttpRequest.newBuilder(URI.create(base + "parquet")).header("Authorization", "Apikey " + keyA)
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(parquet.statusCode()).isEqualTo(200);
        Path file = Files.createTempFile("export", ".parquet");
        Files.write(file, parquet.body());
        fr.geoeduc.server.explore.parquet.ParquetFiles.Content content = fr.geoeduc.server.explore.parquet.ParquetFiles.read(file);
        assertThat(content.schema().getFields()).extracting(t -> t.getName()).doesNotContain("annee_naissance").contains("numero_dossier");
        assertThat(content.rows()).hasSize(30).allSatisfy(g -> {
            assertThat(g.getString("numero_dossier", 0)).as("an integer identifier leaves as its text pseudonym, never null").hasSize(26);
            assertThat(g.getString("ine", 0)).hasSize(26);
        });
        String emptyCsv = get("/api/explore/v2.1/catalog/datasets/" + DATASET + "/exports/csv?where="
                + URLEncoder.encode("sexe = \"X\"", StandardCharsets.UTF_8), "Apikey " + keyA).body();
        assertThat(emptyCsv.lines().findFirst().orElseThrow()).as("an empty export's header lists only the fields the convention gives")
                .doesNotContain("annee_naissance").doesNotContain("uai_ecole").contains("numero_dossier");
        Files.delete(file);
    }

    @Test
    void oauthTokensAndRevocation() throws Exception {
        HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + oauth.client().id()
                        + "&client_secret=" + URLEncoder.encode(oauth.clientSecret(), StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).isEqualTo(200);
        String bearer = "Bearer " + Json.MAPPER.readTree(token.body()).get("access_token").asText();
        assertThat(get(RECORDS, bearer).statusCode()).isEqualTo(200);
        access.registry().revokeClient(oauth.client().id());
        assertThat(get(RECORDS, bearer).statusCode()).as("revocation acts on the next request").isEqualTo(401);
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + oauth.client().id() + "&client_secret=nope"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void adminApiNeedsTheAdminKeyAndPagesShowConventions() throws Exception {
        assertThat(get("/api/admin/conventions", null).statusCode()).isIn(401, 403);
        assertThat(get("/conventions", null).body()).contains("Conventions d'échange de données").contains("2026-1").contains("<svg");
        assertThat(get("/conventions/conv-rennes/notice", null).body()).contains("sectorisation des écoles").contains("dpd@ac-rennes.fr");
    }

    @Test
    void decisionsAreAuditedAndTheLogVerifies() throws Exception {
        get(RECORDS, "Apikey " + keyA);
        get(RECORDS, "Apikey " + keyOther);
        AuditLog.VerifyResult v = access.audit().verify();
        assertThat(v.ok()).as(v.problem()).isTrue();
        assertThat(access.audit().show(AuditLog.Filter.all().withDataset(DATASET)))
                .anySatisfy(e -> assertThat(e.entry().organisation()).isEqualTo("ville-rennes"))
                .anySatisfy(e -> assertThat(e.entry().organisation()).isEqualTo("autre"));
    }
}
