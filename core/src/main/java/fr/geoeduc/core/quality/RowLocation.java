package fr.geoeduc.core.quality;

/**
 * Where a row is in its source file: the line, and for a GeoJSON feature its 1-based index and its id (0 and null
 * for a CSV row).
 */
public record RowLocation(long line, long feature, String featureId) {

    public static RowLocation line(long line) {
        return new RowLocation(line, 0, null);
    }
}
