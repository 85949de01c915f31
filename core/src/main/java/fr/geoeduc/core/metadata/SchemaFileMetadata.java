package fr.geoeduc.core.metadata;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import fr.geoeduc.core.model.FieldMetadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The labels, descriptions and units of a schema file (docs/schema-format.md): its {@code id}, if any, and for each
 * entry of {@code fields} its {@code name}, {@code label}, {@code description} and {@code unit}. Every other key
 * (types, aliases, roles…) is about ingesting rows and is ignored here.
 */
public record SchemaFileMetadata(String datasetId, List<FieldMetadata> fields) {

    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();

    public static SchemaFileMetadata read(Path file) {
        JsonNode root;
        try {
            root = READER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new MetadataException("fichier de schéma illisible / unreadable schema file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("fields").isArray()) {
            throw new MetadataException("le fichier " + file + " n'a pas de tableau \"fields\" / has no \"fields\" array");
        }
        List<FieldMetadata> fields = new ArrayList<>();
        int position = 0;
        for (JsonNode f : root.get("fields")) {
            position++;
            String name = text(f, "name");
            if (name == null || name.isBlank()) {
                throw new MetadataException("le champ n°" + position + " de " + file + " n'a pas de \"name\" / has no name");
            }
            fields.add(new FieldMetadata(name, text(f, "label"), text(f, "description"), text(f, "unit")));
        }
        return new SchemaFileMetadata(text(root, "id"), fields);
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Fails when the file declares another dataset than the one it is applied to. */
    public void checkFor(String datasetId) {
        if (this.datasetId != null && !this.datasetId.equals(datasetId)) {
            throw new MetadataException("le fichier décrit le jeu '" + this.datasetId + "', pas '" + datasetId
                    + "' / the file describes another dataset");
        }
    }
}
