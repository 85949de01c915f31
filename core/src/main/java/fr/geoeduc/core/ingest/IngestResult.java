package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.quality.QualityReport;

/** A published version and its quality report. */
public record IngestResult(DatasetVersion version, QualityReport quality) {
}
