package fr.geoeduc.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code geoeduc schema set-label | apply | history} on a generated dataset without a declared schema. */
class SchemaCliTest {

    static final String ID = "exemple-effectifs";

    @TempDir
    Path data;


    CliRun geoeduc(String... args) {
        return CliRun.in(data, args);
    }

    void ingest() throws Exception {
        Path csv = data.resolve("effectifs.csv");
        Files.writeString(csv, "uai;nom;effectif\n0350001A;École des Lilas;120\n0350002B;École du Parc;85\n", StandardCharsets.UTF_8);
        CliRun r = geoeduc("ingest", csv.toString(), "--dataset", ID);
        assertThat(r.code()).as(r.err()).isZero();
    }

    JsonNode field(String name) throws Exception {
        JsonNode shown = new ObjectMapper().readTree(geoeduc("show", ID, "--format", "json").out());
        for (JsonNode f : shown.get("latest_version").get("schema").get("fields")) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name);
    }

    @Test
    void setLabelThenApplyMakeTwoRevisionsListedByHistory() throws Exception {
        ingest();
        assertThat(field("effectif").get("label").asText()).isEqualTo("effectif");
        CliRun set = geoeduc("schema", "set-label", ID, "effectif", "Effectif total", "--unit", "élèves", "--author", "Claire");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("n°1").contains("« effectif » → « Effectif total »");
        assertThat(field("effectif").get("label").asText()).isEqualTo("Effectif total");
        assertThat(field("effectif").get("unit").asText()).isEqualTo("élèves");

        Path schema = data.resolve("schema.json");
        Files.writeString(schema, """
                {
                  "id": "%s",
                  // the docs' example carries comments: accepted
                  "fields": [
                    {"name": "nom", "label": "Nom de l'école", "description": "Appellation officielle", "type": "text"}
                  ]
                }""".formatted(ID), StandardCharsets.UTF_8);
        CliRun apply = geoeduc("schema", "apply", ID, schema.toString(), "--author", "Claire");
        assertThat(apply.code()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("n°2");
        assertThat(field("nom").get("description").asText()).isEqualTo("Appellation officielle");
        assertThat(field("effectif").get("label").asText()).isEqualTo("Effectif total");

        CliRun history = geoeduc("schema", "history", ID);
        assertThat(history.code()).isZero();
        assertThat(history.out()).contains("set-label effectif").contains("apply schema.json").contains("Claire")
                .contains("nom.description : (aucun) → « Appellation officielle »");
        JsonNode json = new ObjectMapper().readTree(geoeduc("schema", "history", ID, "--format", "json").out());
        assertThat(json.findValuesAsText("number")).containsExactly("1", "2");

        CliRun again = geoeduc("schema", "set-label", ID, "effectif", "Effectif total");
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("Aucun changement");
        assertThat(geoeduc("schema", "history", ID, "--format", "json").out()).doesNotContain("\"number\":3");

        JsonNode versions = new ObjectMapper().readTree(geoeduc("versions", ID, "--format", "json").out());
        assertThat(versions).hasSize(1);
    }

    @Test
    void unknownFieldOrDatasetIsAnErrorNamingIt() throws Exception {
        ingest();
        CliRun field = geoeduc("schema", "set-label", ID, "efectif", "Effectif");
        assertThat(field.code()).isEqualTo(1);
        assertThat(field.err()).contains("efectif").contains("inconnu").doesNotContain("Exception");
        CliRun dataset = geoeduc("schema", "set-label", "pas-de-jeu", "effectif", "Effectif");
        assertThat(dataset.code()).isEqualTo(1);
        assertThat(dataset.err()).contains("pas-de-jeu");
        Path other = data.resolve("autre.json");
        Files.writeString(other, "{\"id\": \"un-autre-jeu\", \"fields\": [{\"name\": \"effectif\", \"label\": \"X\"}]}");
        CliRun mismatch = geoeduc("schema", "apply", ID, other.toString());
        assertThat(mismatch.code()).isEqualTo(1);
        assertThat(mismatch.err()).contains("un-autre-jeu");
        Path unknown = data.resolve("inconnu.json");
        Files.writeString(unknown, "{\"fields\": [{\"name\": \"effectif\", \"label\": \"X\"}, {\"name\": \"absent\", \"label\": \"Y\"}]}");
        CliRun partial = geoeduc("schema", "apply", ID, unknown.toString());
        assertThat(partial.code()).isEqualTo(1);
        assertThat(partial.err()).contains("absent");
        // nothing recorded by a refused request, not even its known fields
        assertThat(geoeduc("schema", "history", ID).out()).contains("Aucune révision");
        assertThat(geoeduc("schema", "history", "pas-de-jeu").code()).isEqualTo(1);
    }
}
