package fr.geoeduc.core.model;

import java.util.Locale;

/** The field types of the Explore API v2.1, the only types a dataset field can have. */
public enum FieldType {
    TEXT, INT, DOUBLE, BOOLEAN, DATE, DATETIME, GEO_POINT_2D, GEO_SHAPE;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FieldType fromApiName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown field type '" + name
                    + "' (expected text, int, double, boolean, date, datetime, geo_point_2d or geo_shape)");
        }
    }

    public boolean isGeo() {
        return this == GEO_POINT_2D || this == GEO_SHAPE;
    }
}
