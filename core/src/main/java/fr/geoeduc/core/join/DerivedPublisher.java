package fr.geoeduc.core.join;

import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Lineage;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.store.VersionWriter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Publishes a jointure's result the way an ingest publishes a file: a new immutable version of the result dataset,
 * staged then published in one transaction, with its quality (match) report and a lineage naming the spec and every
 * input as {@code dataset@version} (its parents) and, in its source, with the SHA-256 each input's version records.
 * Restricted when any input was read under a convention.
 */
final class DerivedPublisher {

    private static final int BLOCK_ROWS = 4096;
    private final Store store;

    DerivedPublisher(Store store) {
        this.store = store;
    }

    DatasetVersion publish(DerivedSpec spec, boolean restricted, Schema schema, List<Object[]> rows, QualityReport report,
                           List<String> parents, List<String> hashedParents) {
        AccessLevel level = restricted ? AccessLevel.RESTRICTED : AccessLevel.OPEN;
        String description = "Jeu dérivé par GéoÉduc : " + spec.describe() + ", à partir de " + String.join(", ", parents) + "."
                + (restricted ? " Restreint : une entrée est restreinte." : "");
        DatasetDefinition existing = store.dataset(spec.resultId()).orElse(null);
        DatasetDefinition base = existing != null ? existing : DatasetDefinition.inferred(spec.resultId(), level);
        DatasetDefinition definition = new DatasetDefinition(base.id(), spec.title() != null ? spec.title()
                : existing != null ? existing.title() : spec.resultId(), description, "GéoÉduc (jointure)", base.licence(),
                base.keywords(), base.themes(), base.frequency(), base.temporalCoverage(), base.spatialCoverage(), level,
                List.of(), null, java.util.Map.of(), List.of(), schema.fields());
        String source = spec.describe() + " [" + String.join(", ", hashedParents) + "]";
        byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
        Lineage lineage = new Lineage(source, sha256(bytes), bytes.length, "jointure", Instant.now(), "geoeduc join", parents);
        try (VersionWriter writer = store.beginVersion(spec.resultId(), schema)) {
            for (int from = 0; from < rows.size(); from += BLOCK_ROWS) {
                writer.write(rows.subList(from, Math.min(rows.size(), from + BLOCK_ROWS)));
            }
            return writer.publish(definition, schema, lineage, report);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
