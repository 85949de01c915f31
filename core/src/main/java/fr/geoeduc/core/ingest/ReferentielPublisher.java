package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.Lineage;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.store.VersionWriter;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes a fetched référentiel as a dataset of the catalogue: one dataset per référentiel and millésime
 * ({@code referentiel-cog-communes-2024}), a new immutable version each time its source changes, the millésime in its
 * title, temporal coverage and keywords, the source URL and SHA-256 in its lineage. Codes stay text (01001, 2A004).
 */
final class ReferentielPublisher {

    private static final int BLOCK_ROWS = 4096;
    private final Store store;

    ReferentielPublisher(Store store) {
        this.store = store;
    }

    /** What one référentiel of one millésime is and where it came from. */
    record Entry(String datasetId, String title, String producer, String millesime, String source, String sha256, long bytes,
                 String format) {
    }

    /** The latest version when its source has the same SHA-256 (nothing new is published), empty otherwise. */
    Optional<DatasetVersion> unchanged(Entry entry) {
        return store.latest(entry.datasetId()).filter(v -> v.lineage() != null && entry.sha256().equals(v.lineage().sha256())
                && entry.source().equals(v.lineage().source()));
    }

    DatasetVersion publish(Entry entry, List<Field> fields, List<Object[]> rows) {
        Schema schema = new Schema(fields);
        String description = "Référentiel " + entry.title() + ", millésime " + entry.millesime() + ", téléchargé par "
                + "geoeduc referentiel fetch depuis / fetched from " + entry.source() + " (SHA-256 " + entry.sha256() + ").";
        DatasetDefinition definition = new DatasetDefinition(entry.datasetId(), entry.title() + " — millésime " + entry.millesime(),
                description, entry.producer(), "Licence Ouverte / Etalab 2.0", List.of("référentiel", "millésime " + entry.millesime()),
                List.of("Référentiels"), "annuelle", entry.millesime(), "France", AccessLevel.OPEN, List.of(), null, Map.of(),
                List.of(), fields);
        Lineage lineage = new Lineage(entry.source(), entry.sha256(), entry.bytes(), entry.format(), Instant.now(),
                "geoeduc referentiel fetch", List.of());
        QualityReport report = new QualityReport(entry.datasetId(), rows.size(), List.of(),
                List.of("Millésime / vintage " + entry.millesime() + " ; source " + entry.source()));
        try (VersionWriter writer = store.beginVersion(entry.datasetId(), schema)) {
            for (int from = 0; from < rows.size(); from += BLOCK_ROWS) {
                writer.write(rows.subList(from, Math.min(rows.size(), from + BLOCK_ROWS)));
            }
            return writer.publish(definition, schema, lineage, report);
        }
    }
}
