package fr.geoeduc.core.model;

import java.time.Instant;
import java.util.List;

/**
 * A numbered revision of a dataset's metadata (labels, descriptions, units of its fields): who made it, when, from
 * what ({@code set-label}, a schema file) and what changed. Data versions and their rows are not touched: the store
 * serves every version's schema with the revisions applied.
 */
public record MetadataRevision(String datasetId, int number, Instant recordedAt, String author, String origin,
                               List<FieldChange> changes) {

    public MetadataRevision {
        changes = List.copyOf(changes);
    }
}
