package fr.geoeduc.core.query.exec;

/** A compiled expression: its value on a row of the snapshot (String, Long, Double, Boolean, LocalDate, Instant, GeoPoint, Geometry or null). */
@FunctionalInterface
public interface RowFn {
    Object apply(int row);
}
