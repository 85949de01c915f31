package fr.geoeduc.core.store;

import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.FieldChange;
import fr.geoeduc.core.model.MetadataRevision;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.referentiel.ReferentielStore;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The system of record: catalogue, immutable dataset versions with their records, quality reports and
 * lineage, référentiels. An embedded SQLite file by default; PostgreSQL in production (same contract).
 */
public interface Store extends ReferentielStore, AutoCloseable {

    /** The schema version of the store after migrations. */
    int schemaVersion();

    List<DatasetSummary> datasets();

    Optional<DatasetDefinition> dataset(String id);

    List<DatasetVersion> versions(String datasetId);

    Optional<DatasetVersion> version(String datasetId, int number);

    default Optional<DatasetVersion> latest(String datasetId) {
        List<DatasetVersion> all = versions(datasetId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    Optional<QualityReport> quality(String datasetId, int number);

    /** Streams the rows of a version in their original order, each aligned with the version's schema. */
    void readRows(DatasetVersion version, Consumer<Object[]> consumer);

    VersionWriter beginVersion(String datasetId, Schema schema);

    /**
     * Records the next metadata revision of a published dataset (numbered from 1 under the dataset's publication
     * lock); from then on every version's schema is served with it applied. Rows and versions are not touched.
     */
    MetadataRevision recordMetadataRevision(String datasetId, String author, java.time.Instant recordedAt, String origin,
                                            List<FieldChange> changes);

    /** The metadata revisions of a dataset, oldest first. */
    List<MetadataRevision> metadataRevisions(String datasetId);

    /**
     * A new JDBC connection to the store's database, for the registry of organisations and conventions and for
     * the audit log, which live in the same database; the caller closes it.
     */
    java.sql.Connection connection() throws java.sql.SQLException;

    /**
     * A counter every process using this store on this machine sees at once, bumped after each write to the access
     * registry; empty when processes may run on several machines (PostgreSQL), where the registry's generation is
     * read from the database instead.
     */
    /** The directory where keys kept outside the database live (the data directory of the embedded store), if any. */
    default Optional<java.nio.file.Path> keyDirectory() {
        return Optional.empty();
    }

    default Optional<ChangeCounter> registryChanges() {
        return Optional.empty();
    }

    /**
     * A counter bumped after each publication of a version or of a metadata revision, seen at once by every process
     * using this store on this machine, so that a catalogue read a moment earlier is re-read before it is trusted; empty
     * when processes may run on several machines (PostgreSQL), where catalogues are re-read every second.
     */
    default Optional<ChangeCounter> catalogueChanges() {
        return Optional.empty();
    }

    @Override
    void close();
}
