package fr.geoeduc.core.join;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.Schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One side of a jointure as the caller sees it: the dataset's id and version number, whether it was read under a
 * convention (restricted), the schema of the caller's view and its rows, each aligned with that schema, and the
 * SHA-256 its version's lineage records (the ingested file's bytes; for a derived dataset, its spec and inputs).
 */
public record JoinInput(String datasetId, int version, boolean restricted, Schema schema, List<Object[]> rows,
                        java.util.Map<String, String> roles, String sha256) {

    public JoinInput {
        rows = List.copyOf(rows);
        roles = roles == null ? java.util.Map.of() : java.util.Map.copyOf(roles);
    }

    /** An intermediate result of a multi-step jointure, joined again by the next step. */
    JoinInput intermediate(String name, Schema newSchema, List<Object[]> newRows) {
        return new JoinInput(name, 0, restricted, newSchema, newRows, roles, null);
    }

    /** The field named {@code name}; a clear error naming the dataset and its fields otherwise. */
    public Field field(String name, String side) {
        return schema.find(name).orElseThrow(() -> new JoinException("champ inconnu '" + name + "' dans le jeu "
                + side + " " + datasetId + " (champs : "
                + schema.fields().stream().map(Field::name).collect(Collectors.joining(", ")) + ")"));
    }

    public String lineageRef() {
        return datasetId + "@" + version;
    }

    /** {@code dataset@version sha256:HEX}, as the lineage of a result names its inputs. */
    String hashedRef() {
        return lineageRef() + " sha256:" + (sha256 == null ? "?" : sha256);
    }
}
