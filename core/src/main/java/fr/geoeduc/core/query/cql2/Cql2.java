package fr.geoeduc.core.query.cql2;

import fr.geoeduc.core.query.odsql.Expr;
import org.locationtech.jts.geom.Geometry;

import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * OGC CQL2 (text and JSON encodings) parsed into GéoÉduc's one expression tree, which the query engine's compiler runs
 * like any ODSQL where clause; and the OGC API Features {@code bbox}/{@code datetime} parameters as trees too.
 *
 * <p>Supported: basic CQL2 (comparisons, AND/OR/NOT with three-valued logic, IS [NOT] NULL, TRUE/FALSE, DATE and
 * TIMESTAMP literals), advanced comparison operators ([NOT] LIKE with % _ and \ escape on the whole string, [NOT]
 * BETWEEN inclusive, [NOT] IN), CASEI and ACCENTI, and the spatial predicates S_INTERSECTS, S_WITHIN, S_CONTAINS,
 * S_DISJOINT, S_EQUALS, S_TOUCHES, S_OVERLAPS, S_CROSSES with any WKT/GeoJSON geometry or BBOX literal, plus
 * S_DWITHIN(geometry, geometry, distance[, units]). Comparisons and spatial predicates take a property and literals
 * (not two properties); temporal (T_*), array (A_*) functions, INTERVAL, arithmetic and custom functions are refused
 * with a {@link Cql2Exception}. Errors of the tree against a dataset (unknown field, a geometry predicate on a text
 * field) are raised by the compiler as {@link fr.geoeduc.core.query.odsql.OdsqlException}s, of which Cql2Exception is
 * one: one 400 handler catches both.
 */
public final class Cql2 {

    private Cql2() {
    }

    /**
     * CQL2 text → the one expression tree. {@code toWgs84} converts geometry literals from the filter-crs to WGS84
     * lon/lat (identity for CRS84; null means identity). Throws {@link Cql2Exception} (with the character position and
     * what was expected) on bad input.
     */
    public static Expr parseText(String text, UnaryOperator<Geometry> toWgs84) {
        return ThreeValuedLogic.whereTrue(Cql2TextParser.parse(text, toWgs84));
    }

    /** CQL2 JSON, same contract; the position is the character offset in the JSON text. */
    public static Expr parseJson(String json, UnaryOperator<Geometry> toWgs84) {
        return ThreeValuedLogic.whereTrue(Cql2JsonParser.parse(json, toWgs84));
    }

    /** The property names an expression references (to check them against the queryables and give a 400). */
    public static Set<String> properties(Expr e) {
        return Cql2Properties.of(e);
    }

    /** The property names an expression reads as geometries (in S_INTERSECTS…), to check they are geometry fields. */
    public static Set<String> spatialProperties(Expr e) {
        return Cql2Properties.spatial(e);
    }

    /**
     * The OGC {@code bbox} parameter in CRS84: features whose geometry in {@code geoField} intersects the box
     * (boundaries included; west > east crosses the antimeridian), and, as Features Part 1 says, every feature without
     * geometry. Throws {@link Cql2Exception} (parameter {@code bbox}) when south > north or a value is out of range.
     */
    public static Expr bbox(String geoField, double west, double south, double east, double north) {
        return ImplicitFilters.bbox(geoField, west, south, east, north, UnaryOperator.identity());
    }

    /** The same with a {@code bbox-crs}: {@code toWgs84} converts the box (as a polygon) to WGS84 lon/lat. */
    public static Expr bbox(String geoField, double west, double south, double east, double north, UnaryOperator<Geometry> toWgs84) {
        return ImplicitFilters.bbox(geoField, west, south, east, north, toWgs84);
    }

    /**
     * The OGC {@code datetime} parameter on a date or date-time field: an RFC 3339 instant ({@code 2024-09-02} is that
     * whole day, {@code 2024-09-02T08:00:00Z} that instant) or an interval {@code start/end}, ends included, either end
     * open ({@code ..} or empty). Features without a value in {@code field} match too (Features Part 1). Throws
     * {@link Cql2Exception} (parameter {@code datetime}) on a malformed value.
     */
    public static Expr datetime(String field, String instantOrInterval) {
        return ImplicitFilters.datetime(field, instantOrInterval);
    }
}
