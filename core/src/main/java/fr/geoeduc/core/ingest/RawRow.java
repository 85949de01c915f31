package fr.geoeduc.core.ingest;

/**
 * One row as read from the file, before typing: {@code cells} are Strings, except a GeoJSON feature's
 * geometry (a JTS Geometry, or a String holding the reason it could not be read).
 */
public record RawRow(long line, Object[] cells) {
}
