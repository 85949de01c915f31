package fr.geoeduc.server.gis;

import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.store.Json;
import org.locationtech.jts.geom.Geometry;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;

/**
 * The type of an attribute column in a GIS file: text, integer (64 bits), real, boolean, date, date-time. A value that
 * does not fit its column (a computed column typed by its first value) is written as null.
 */
public enum ColumnKind {
    TEXT, INTEGER, REAL, BOOLEAN, DATE, DATETIME;

    /** The column kind of a dataset field; geo fields other than the layer's geometry are written as WKT text. */
    public static ColumnKind of(FieldType type) {
        return switch (type) {
            case TEXT, GEO_POINT_2D, GEO_SHAPE -> TEXT;
            case INT -> INTEGER;
            case DOUBLE -> REAL;
            case BOOLEAN -> BOOLEAN;
            case DATE -> DATE;
            case DATETIME -> DATETIME;
        };
    }

    /** The kind of a computed column, from its first value. */
    public static ColumnKind ofValue(Object v) {
        return switch (v) {
            case Long l -> INTEGER;
            case Integer i -> INTEGER;
            case Double d -> REAL;
            case Boolean b -> BOOLEAN;
            case LocalDate d -> DATE;
            case Instant i -> DATETIME;
            case null, default -> TEXT;
        };
    }

    /**
     * The value as this column stores it: String, Long, Double, Boolean, LocalDate or Instant; null when absent or
     * when it does not fit (a non-finite real, a text in a number column).
     */
    Object coerce(Object v) {
        if (v == null) {
            return null;
        }
        return switch (this) {
            case TEXT -> text(v);
            case INTEGER -> v instanceof Long || v instanceof Integer ? ((Number) v).longValue() : null;
            case REAL -> v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
            case BOOLEAN -> v instanceof Boolean ? v : null;
            case DATE -> v instanceof LocalDate ? v : null;
            case DATETIME -> v instanceof Instant ? v : null;
        };
    }

    private static String text(Object v) {
        return switch (v) {
            case String s -> s;
            case GeoPoint p -> "POINT (" + p.lon() + " " + p.lat() + ")";
            case Geometry g -> g.toText();
            case Collection<?> list -> Json.write(list);
            default -> v.toString();
        };
    }
}
