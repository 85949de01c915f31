package fr.geoeduc.core.metadata;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldChange;
import fr.geoeduc.core.model.FieldMetadata;
import fr.geoeduc.core.model.MetadataRevision;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.store.Store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks what a producer asks for a dataset's fields against the fields it serves now (latest version, revisions
 * applied) and records what actually changes as the dataset's next metadata revision.
 */
public final class MetadataEditor {

    private final Store store;

    public MetadataEditor(Store store) {
        this.store = store;
    }

    /** The recorded revision, or empty when every requested value is already the one served. */
    public Optional<MetadataRevision> revise(String datasetId, String author, String origin, List<FieldMetadata> requested) {
        Schema current = currentSchema(datasetId);
        List<FieldChange> changes = changes(datasetId, current, requested);
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(store.recordMetadataRevision(datasetId, author, Instant.now(), origin, changes));
    }

    private Schema currentSchema(String datasetId) {
        if (store.dataset(datasetId).isEmpty()) {
            throw new MetadataException("jeu de données inconnu / unknown dataset '" + datasetId + "'");
        }
        return store.latest(datasetId).map(DatasetVersion::schema).orElseThrow(() -> new MetadataException(
                "le jeu '" + datasetId + "' n'a pas encore de version publiée / has no published version yet"));
    }

    static List<FieldChange> changes(String datasetId, Schema current, List<FieldMetadata> requested) {
        Set<String> unknown = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        for (FieldMetadata m : requested) {
            if (current.find(m.field()).isEmpty()) {
                unknown.add(m.field());
            }
            if (!seen.add(m.field())) {
                throw new MetadataException("champ '" + m.field() + "' demandé deux fois / field asked twice");
            }
        }
        if (!unknown.isEmpty()) {
            throw new MetadataException("champ(s) inconnu(s) du jeu '" + datasetId + "' / unknown field(s): "
                    + String.join(", ", unknown) + " (champs : geoeduc show " + datasetId + ")");
        }
        List<FieldChange> changes = new ArrayList<>();
        for (FieldMetadata m : requested) {
            Field field = current.find(m.field()).orElseThrow();
            for (String attribute : FieldChange.ATTRIBUTES) {
                String wanted = m.value(attribute);
                if (wanted == null) {
                    continue;
                }
                if ("label".equals(attribute) && wanted.isBlank()) {
                    throw new MetadataException("libellé vide pour le champ '" + m.field() + "' / empty label");
                }
                String after = wanted.isBlank() ? null : wanted.strip();
                if (!Objects.equals(field.attribute(attribute), after)) {
                    changes.add(new FieldChange(m.field(), attribute, field.attribute(attribute), after));
                }
            }
        }
        return changes;
    }
}
