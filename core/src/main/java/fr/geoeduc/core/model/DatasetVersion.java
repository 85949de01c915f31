package fr.geoeduc.core.model;

import java.time.Instant;

/** One immutable published version of a dataset. */
public record DatasetVersion(String datasetId, int number, Instant publishedAt, long rowCount, Schema schema,
                             Lineage lineage, String batchId) {
}
