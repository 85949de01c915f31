package fr.geoeduc.core.store;

import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Lineage;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.quality.QualityReport;

import java.util.List;

/**
 * Stages the rows of a new version out of sight of readers, then publishes it in one transaction.
 * Closing a writer that was not published discards what it staged; a crash leaves staged rows that the
 * store removes the next time it opens. Either way, no reader ever sees a half-written version.
 */
public interface VersionWriter extends AutoCloseable {

    void write(List<Object[]> rows);

    /** Publishes atomically under the next version number; updates the catalogue entry from {@code definition}. */
    DatasetVersion publish(DatasetDefinition definition, Schema schema, Lineage lineage, QualityReport quality);

    /** As {@link #publish(DatasetDefinition, Schema, Lineage, QualityReport)}, keeping a given publication time (store copy). */
    DatasetVersion publish(DatasetDefinition definition, Schema schema, Lineage lineage, QualityReport quality,
                           java.time.Instant publishedAt);

    @Override
    void close();
}
