package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.DatasetVersion;

/**
 * A version whose snapshot (or one of its indexes) does not fit in this process: answered as a clear error rather
 * than an empty HTTP 500. Thrown where the allocation failed, when the arrays of the failed build are garbage.
 */
public final class DatasetTooLarge extends RuntimeException {

    public DatasetTooLarge(DatasetVersion version, String why) {
        super("version " + version.number() + " of " + version.datasetId() + " (" + version.rowCount()
                + " rows) cannot be served by this process: " + why + "; start it with a larger -Xmx");
    }
}
