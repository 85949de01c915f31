package fr.geoeduc.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.TotalRule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The declared schemas of the ministry's datasets, keyed by data.education.gouv.fr dataset id
 * (resources {@code schemas/<id>.json}, format in docs/schema-format.md).
 */
public final class SchemaRegistry {

    static final List<String> DECLARED_IDS = List.of(
            "fr-en-annuaire-education",
            "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre",
            "fr-en-ips_ecoles", "fr-en-ips_colleges", "fr-en-ips_lycees",
            "fr-en-ecoles-effectifs-nb_classes", "fr-en-college-effectifs-niveau-sexe-lv",
            "fr-en-effectifs-second-degre", "fr-en-carte-scolaire-colleges-publics",
            "fr-en-dnb-par-etablissement", "fr-en-indicateurs-valeur-ajoutee-colleges");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Map<String, DatasetDefinition> definitions = new LinkedHashMap<>();

    private SchemaRegistry() {
    }

    public static SchemaRegistry load() {
        SchemaRegistry registry = new SchemaRegistry();
        for (String id : DECLARED_IDS) {
            String resource = "/schemas/" + id + ".json";
            try (InputStream in = SchemaRegistry.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing declared schema " + resource);
                }
                registry.definitions.put(id, parse(MAPPER.readTree(in)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read declared schema " + resource, e);
            }
        }
        return registry;
    }

    public Optional<DatasetDefinition> find(String datasetId) {
        return Optional.ofNullable(definitions.get(datasetId));
    }

    public Collection<DatasetDefinition> all() {
        return definitions.values();
    }

    static DatasetDefinition parse(JsonNode n) {
        List<Field> fields = new ArrayList<>();
        for (JsonNode f : n.path("fields")) {
            fields.add(new Field(f.path("name").asText(), text(f, "label"), FieldType.fromApiName(f.path("type").asText("text")),
                    text(f, "description"), text(f, "unit"), strings(f.path("aliases")), f.path("mandatory").asBoolean(false),
                    text(f, "format"), "declared"));
        }
        Map<String, String> roles = new LinkedHashMap<>();
        n.path("roles").fields().forEachRemaining(e -> roles.put(e.getKey(), e.getValue().asText()));
        List<TotalRule> totals = new ArrayList<>();
        for (JsonNode t : n.path("totals")) {
            totals.add(new TotalRule(t.path("total").asText(), strings(t.path("parts"))));
        }
        return new DatasetDefinition(n.path("id").asText(), text(n, "title"), text(n, "description"), text(n, "producer"),
                text(n, "licence"), strings(n.path("keywords")), strings(n.path("themes")), text(n, "frequency"),
                text(n, "temporalCoverage"), text(n, "spatialCoverage"), AccessLevel.OPEN, strings(n.path("key")),
                text(n, "multiRowFlag"), roles, totals, fields);
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
