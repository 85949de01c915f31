package fr.geoeduc.core.ingest;

import fr.geoeduc.core.quality.RowLocation;

/**
 * One row as read from the file, before typing: {@code cells} are Strings, except a GeoJSON feature's
 * geometry (a JTS Geometry, or a String holding the reason it could not be read). A GeoJSON feature also has its
 * 1-based index in the file and its id (or code property), as its line is usually 1.
 */
public record RawRow(long line, Object[] cells, long feature, String featureId) {

    public RawRow(long line, Object[] cells) {
        this(line, cells, 0, null);
    }

    public RowLocation location() {
        return new RowLocation(line, feature, featureId);
    }
}
