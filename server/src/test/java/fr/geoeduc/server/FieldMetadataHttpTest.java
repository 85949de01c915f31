package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.geoeduc.core.metadata.MetadataEditor;
import fr.geoeduc.core.metadata.SchemaFileMetadata;
import fr.geoeduc.core.model.FieldMetadata;
import fr.geoeduc.core.store.RecordHasher;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.server.explore.QuotaSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A producer's labels, descriptions and units (metadata revisions) reach every route on a generated dataset without a
 * declared schema: Explore API {@code fields}, {@code use_labels=true} exports, the web page, OGC queryables; while the
 * version number, the records' {@code _id} and the rows' hash stay as they were.
 */
class FieldMetadataHttpTest {

    static final String ID = "exemple-effectifs-ecoles";
    static final String DATASET = "/api/explore/v2.1/catalog/datasets/" + ID;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TestServer running;
    SqliteStore store;
    String base;

    @BeforeEach
    void start() throws Exception {
        running = TestServer.in(dir);
        running.ingest(running.write("effectifs.csv", "uai;nom;effectif;geo_point\n"
                + "0350001A;École des Lilas;120;48.11, -1.68\n"
                + "0350002B;École du Parc;85;48.12, -1.67\n"
                + "0350003C;École de la Gare;;48.10, -1.66\n"), ID);
        store = running.store;
        base = running.start(null, new QuotaSettings(1000, Map.of())).base();
    }

    @AfterEach
    void stop() {
        running.close();
    }

    String get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    JsonNode field(String name) throws Exception {
        for (JsonNode f : JSON.readTree(get(DATASET)).get("fields")) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name);
    }

    String csvHeader() throws Exception {
        String csv = get(DATASET + "/exports/csv?use_labels=true");
        return csv.replace("\uFEFF", "").lines().findFirst().orElseThrow();
    }

    List<String> recordIds() throws Exception {
        List<String> ids = new ArrayList<>();
        JSON.readTree(get(DATASET + "/records?select=_id&order_by=uai&limit=10")).get("results")
                .forEach(r -> ids.add(r.get("_id").asText()));
        return ids;
    }

    /** The server re-reads its catalogue at most every second: waits until the label is served, at most 10 s. */
    void awaitLabel(String name, String label) throws Exception {
        long end = System.currentTimeMillis() + 10_000;
        while (!field(name).get("label").asText().equals(label) && System.currentTimeMillis() < end) {
            Thread.sleep(100);
        }
    }

    @Test
    void theDatasetPageNamesFieldTypesInFrenchWithTheirApiCode() throws Exception {
        assertThat(get("/jeux/" + ID)).contains("<td>texte <code>text</code></td>")
                .contains("<td>point géographique <code>geo_point_2d</code></td>");
    }

    @Test
    void setLabelChangesEveryRouteButNotTheVersionNorTheRecords() throws Exception {
        assertThat(field("effectif").get("label").asText()).isEqualTo("effectif");
        assertThat(csvHeader()).isEqualTo("uai;nom;effectif;geo_point");
        List<String> idsBefore = recordIds();
        assertThat(idsBefore).hasSize(3).doesNotContainNull();
        String hashBefore = RecordHasher.of(store, store.latest(ID).orElseThrow());

        new MetadataEditor(store).revise(ID, "producteur", "test",
                List.of(new FieldMetadata("effectif", "Effectif total", "Élèves inscrits à la rentrée", "élèves")));
        awaitLabel("effectif", "Effectif total");

        JsonNode effectif = field("effectif");
        assertThat(effectif.get("label").asText()).isEqualTo("Effectif total");
        assertThat(effectif.get("description").asText()).isEqualTo("Élèves inscrits à la rentrée");
        assertThat(csvHeader()).isEqualTo("uai;nom;Effectif total;geo_point");
        assertThat(get(DATASET + "/exports/csv").replace("\uFEFF", "").lines().findFirst().orElseThrow())
                .isEqualTo("uai;nom;effectif;geo_point");
        assertThat(recordIds()).isEqualTo(idsBefore);
        JsonNode versions = JSON.readTree(get("/api/datasets/" + ID + "/versions"));
        assertThat(versions.findValuesAsText("number")).containsExactly("1");
        assertThat(store.versions(ID)).hasSize(1);
        assertThat(RecordHasher.of(store, store.latest(ID).orElseThrow())).isEqualTo(hashBefore);
        assertThat(get("/jeux/" + ID)).contains("Effectif total").contains("élèves");
        JsonNode queryables = JSON.readTree(get("/ogc/collections/" + ID + "/queryables?f=json"));
        assertThat(queryables.get("properties").get("effectif").get("title").asText()).isEqualTo("Effectif total");
    }

    @Test
    void aSchemaFileMakesASecondRevisionOnTopOfTheFirst() throws Exception {
        MetadataEditor editor = new MetadataEditor(store);
        editor.revise(ID, "producteur", "set-label effectif", List.of(new FieldMetadata("effectif", "Effectif total", null, null)));
        Path schema = dir.resolve("schema.json");
        Files.writeString(schema, """
                {"id": "%s", "fields": [
                  {"name": "nom", "label": "Nom de l'école", "type": "text"},
                  {"name": "effectif", "label": "Effectif total", "unit": "élèves", "aliases": ["Effectif"]}
                ]}""".formatted(ID), StandardCharsets.UTF_8);
        SchemaFileMetadata file = SchemaFileMetadata.read(schema);
        file.checkFor(ID);
        var second = editor.revise(ID, "producteur", "apply schema.json", file.fields()).orElseThrow();
        assertThat(second.number()).isEqualTo(2);
        // what changed: nom's label and effectif's unit, not effectif's label (already served)
        assertThat(second.changes()).extracting(c -> c.field() + "." + c.attribute() + "=" + c.before() + "→" + c.after())
                .containsExactly("nom.label=nom→Nom de l'école", "effectif.unit=null→élèves");
        assertThat(store.metadataRevisions(ID)).extracting(r -> r.number()).containsExactly(1, 2);
        awaitLabel("nom", "Nom de l'école");
        assertThat(csvHeader()).isEqualTo("uai;Nom de l'école;Effectif total;geo_point");
        assertThat(store.latest(ID).orElseThrow().number()).isEqualTo(1);
    }
}
