package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static fr.geoeduc.server.JoinsApiTest.call;
import static org.assertj.core.api.Assertions.assertThat;

/** The French page /jointures over HTTP: the form's datasets are the caller's catalogue, the list shows published jointures. */
class JointuresPageTest {

    @TempDir
    Path dir;

    @Test
    void thePageOffersTheCallersDatasetsAndListsItsJointuresWithInputsAndMatchRates() throws Exception {
        try (TestServer running = TestServer.in(dir)) {
            running.ingest(running.write("etab.csv", "uai,nom\n0350001Z,A\n0350002Z,B\n0350003Z,C\n"), "etab")
                    .ingest(running.write("eff.csv", "numero_uai,effectif\n0350001Z,10\n0350001Z,5\n0350002Z,7\n"), "eff")
                    .ingest(running.write("secret.csv", "numero_uai,note_cachee\n0350001Z,1\n"), "secret", AccessLevel.RESTRICTED)
                    .organisation("ville", "Ville", Organisation.Kind.COMMUNE, "35238");
            String key = running.apiKey("ville", "sig");
            SqliteStore store = running.store;
            GeoeducServer server = running.start("bandeau").server();
            HttpResponse<String> empty = call(server, "GET", "/jointures", null, null);
            assertThat(empty.statusCode()).isEqualTo(200);
            assertThat(empty.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(empty.body()).contains("<html lang=\"fr\">").contains("<h1>Jointures</h1>")
                    .doesNotContain("docs/jointures.md") // a file path is no link for a visitor
                    .contains("href=\"/jointures\" aria-current=\"page\">Jointures</a>")
                    .contains("<a class=\"fr-breadcrumb__link\" aria-current=\"page\">Jointures</a>")
                    .contains("Aucune jointure publiée n'est visible pour vous.")
                    .contains("<option value=\"etab\">").contains("<option value=\"eff\">")
                    .contains("&quot;name&quot;:&quot;numero_uai&quot;") // the fields offered to the key pickers
                    .contains("id=\"cle-api\" type=\"password\"")
                    .contains("/static/js/jointures.js")
                    .doesNotContain("secret").doesNotContain("note_cachee"); // a restricted dataset nobody granted

            String spec = Json.write(Map.of("id", "etab-eff", "title", "Établissements et effectifs", "from", "etab", "joins",
                    List.of(Map.of("dataset", "eff", "on", List.of("uai=numero_uai"), "aggregate", List.of("effectif:sum")))));
            // checked without publishing: the report, no version
            assertThat(call(server, "POST", "/api/joins/verification", null, spec).statusCode()).isEqualTo(401);
            HttpResponse<String> checked = call(server, "POST", "/api/joins/verification", key, spec);
            assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(checked.body()).get("report").get("results").get(0).get("count").asInt()).isEqualTo(2);
            // the preview: the result's fields and first rows, as publishing would give them
            JsonNode preview = Json.MAPPER.readTree(checked.body()).get("preview");
            assertThat(preview.get("fields").toString()).contains("\"uai\"").contains("\"effectif_sum\"").contains("\"jointure_statut\"");
            assertThat(preview.get("rows")).hasSize(3);
            int sum = indexOf(preview.get("fields"), "effectif_sum");
            assertThat(preview.get("rows").get(0).get(sum).asDouble()).isEqualTo(15);
            assertThat(store.latest("etab-eff")).isEmpty();
            assertThat(call(server, "POST", "/api/joins/verification", key, spec.replace("numero_uai", "inconnu")).body())
                    .contains("rien n'est publié");
            assertThat(call(server, "POST", "/api/joins", key, spec).statusCode()).isEqualTo(201);

            HttpResponse<String> listed = call(server, "GET", "/jointures", null, null);
            for (int i = 0; i < 30 && !listed.body().contains("data-jointure="); i++) { // the catalogue is re-read at most every second
                Thread.sleep(100);
                listed = call(server, "GET", "/jointures", null, null);
            }
            assertThat(listed.body()).contains("<tr data-jointure=\"etab-eff\"><td><a href=\"/jeux/etab-eff\">Établissements et effectifs</a>")
                    .contains("<a href=\"/jeux/etab?version=1\">etab</a> (v1)").contains("<a href=\"/jeux/eff?version=1\">eff</a> (v1)")
                    .contains("66,7 % (2 / 3)") // 0350001Z and 0350002Z of three
                    .contains("<option value=\"etab-eff\">"); // a jointure is joinable in its turn
            // the dataset pages it links to exist
            assertThat(call(server, "GET", "/jeux/etab-eff", null, null).statusCode()).isEqualTo(200);
            assertThat(call(server, "GET", "/jeux/etab?version=1", null, null).statusCode()).isEqualTo(200);
        }
    }

    private static int indexOf(JsonNode names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).asText().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name + " not in " + names);
    }
}
