package fr.geoeduc.server.gis;

/** One attribute column of a layer: its name in the file, the key of its value in the query's rows, its kind. */
public record LayerColumn(String name, String key, ColumnKind kind) {
}
