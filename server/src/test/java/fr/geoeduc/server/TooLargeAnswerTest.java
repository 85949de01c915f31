package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.server.explore.QuotaSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A version whose snapshot does not fit in the heap answers a JSON error naming it and the remedy (issue 22: the
 * server answered HTTP 500 with an empty body on a 1M-row version under -Xmx1g). The heap is exhausted on purpose by a
 * store whose row reading throws {@link OutOfMemoryError}, as the JVM does when the columns do not fit.
 */
class TooLargeAnswerTest {

    @TempDir
    Path dir;

    @Test
    void aVersionOverTheHeapAnswers503WithAJsonBody() throws Exception {
        Path csv = dir.resolve("etablissements.csv");
        Files.writeString(csv, "uai;nom\n0350001A;École A\n0350002B;École B\n", StandardCharsets.UTF_8);
        try (SqliteStore store = SqliteStore.open(dir.resolve("store"))) {
            new Ingester(store, SchemaRegistry.load(), dir.resolve("downloads"))
                    .ingest(IngestRequest.of(csv.toString(), "etablissements"), ProgressListener.NONE);
            Store starved = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[]{Store.class}, (proxy, m, args) -> {
                if (m.getName().equals("readRows")) {
                    throw new OutOfMemoryError("Java heap space");
                }
                try {
                    return m.invoke(store, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
            GeoeducServer server = GeoeducServer.start(starved, "127.0.0.1", 0, null, new QuotaSettings(1000, Map.of()));
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/explore/v2.1/catalog/datasets/etablissements/records?limit=1")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(503);
                JsonNode body = new ObjectMapper().readTree(r.body());
                assertThat(body.path("error_code").asText()).isEqualTo("DatasetTooLarge");
                assertThat(body.path("message").asText()).contains("etablissements").contains("2 rows").contains("-Xmx");
            } finally {
                server.close();
            }
        }
    }
}
