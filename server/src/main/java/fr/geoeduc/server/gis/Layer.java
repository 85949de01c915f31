package fr.geoeduc.server.gis;

import java.util.List;

/**
 * What a GIS file holds: one layer named {@code name} (a SQLite-safe table name), its attribute columns, whether its
 * geometries are all points (else any geometry type), and the EPSG code of its coordinates, always written easting
 * (longitude) first as GeoPackage and FlatGeobuf store them.
 */
public record Layer(String name, String title, List<LayerColumn> columns, boolean points, int epsg) {

    public Layer {
        columns = List.copyOf(columns);
    }

    /** A table name from a dataset id: letters, digits and underscores ({@code fr-en-annuaire} → {@code fr_en_annuaire}). */
    public static String tableName(String id) {
        String t = id.replaceAll("[^A-Za-z0-9_]", "_");
        return t.isEmpty() || Character.isDigit(t.charAt(0)) ? "t_" + t : t;
    }
}
