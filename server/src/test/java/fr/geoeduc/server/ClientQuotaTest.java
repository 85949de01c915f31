package fr.geoeduc.server;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.server.explore.QuotaSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quotas are a client's, whatever credential it presents, and they are kept in the store: a restart does not reset
 * them and two servers on one store draw on the same quota.
 */
class ClientQuotaTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String CATALOG = "/api/explore/v2.1/catalog/datasets";

    static HttpResponse<String> get(GeoeducServer server, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + CATALOG));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String bearer(GeoeducServer server, AccessRegistry.NewClient client) throws Exception {
        HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + client.client().id()
                        + "&client_secret=" + URLEncoder.encode(client.clientSecret(), StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).isEqualTo(200);
        return "Bearer " + Json.MAPPER.readTree(token.body()).get("access_token").asText();
    }

    @Test
    void aClientsKeyAndTokenDrawOnOneQuotaThatSurvivesARestartAndIsSharedBetweenServers(@TempDir Path dir) throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("data"))) {
            AccessServices access = AccessServices.open(store, dir.resolve("data"), Clock.systemUTC());
            AccessRegistry r = access.registry();
            r.saveOrganisation(new Organisation("ville", "Ville", null, Organisation.Kind.COMMUNE, List.of()));
            AccessRegistry.NewClient client = r.createClient("ville", "sig", 5);
            String key = "Apikey " + client.apiKey();
            GeoeducServer first = GeoeducServer.start(store, access, "127.0.0.1", 0, null, new QuotaSettings(1000, Map.of()));
            String token;
            try {
                token = bearer(first, client);
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> ok = get(first, key);
                    assertThat(ok.statusCode()).isEqualTo(200);
                    assertThat(ok.headers().firstValue("RateLimit-Remaining")).hasValue(String.valueOf(5 - 1 - i));
                    assertThat(ok.headers().firstValue("RateLimit-Policy")).hasValue("5;w=86400");
                }
                assertThat(get(first, token).statusCode()).as("4th call, with the token").isEqualTo(200);
            } finally {
                first.close();
            }
            // a restart: the 4 calls are still counted
            GeoeducServer second = GeoeducServer.start(store, access, "127.0.0.1", 0, null, new QuotaSettings(1000, Map.of()));
            GeoeducServer third = GeoeducServer.start(store, access, "127.0.0.1", 0, null, new QuotaSettings(1000, Map.of()));
            try {
                HttpResponse<String> fifth = get(second, token);
                assertThat(fifth.statusCode()).isEqualTo(200);
                assertThat(fifth.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
                HttpResponse<String> sixth = get(second, key);
                assertThat(sixth.statusCode()).isEqualTo(429);
                assertThat(sixth.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(0L, 86_400L));
                assertThat(Json.MAPPER.readTree(sixth.body()).get("call_limit").asLong()).isEqualTo(5);
                // another server on the same store learns of the second's calls within its flush period
                Thread.sleep(2_500);
                assertThat(get(third, key).statusCode()).as("a second process shares the quota").isEqualTo(429);
            } finally {
                second.close();
                third.close();
            }
            // another client is not affected
            AccessRegistry.NewClient other = r.createClient("ville", "autre", 5);
            GeoeducServer fourth = GeoeducServer.start(store, access, "127.0.0.1", 0, null, new QuotaSettings(1000, Map.of()));
            try {
                assertThat(get(fourth, "Apikey " + other.apiKey()).statusCode()).isEqualTo(200);
                assertThat(get(fourth, key).statusCode()).isEqualTo(429);
            } finally {
                fourth.close();
                access.close();
            }
        }
    }
}
