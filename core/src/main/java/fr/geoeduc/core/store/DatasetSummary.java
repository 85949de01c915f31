package fr.geoeduc.core.store;

import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;

import java.util.Optional;

/** A catalogue entry with its latest published version, if any. */
public record DatasetSummary(DatasetDefinition definition, Optional<DatasetVersion> latest, int versionCount) {
}
