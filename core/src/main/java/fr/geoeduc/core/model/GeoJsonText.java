package fr.geoeduc.core.model;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * A geometry as GeoJSON text with every ordinate as the source gave it (shortest decimal that reads back to the
 * same double), where JTS's writer rounds to 8 decimals: published values are never rewritten.
 */
public final class GeoJsonText {

    private GeoJsonText() {
    }

    public static String write(Geometry g) {
        StringBuilder sb = new StringBuilder(64 + 40 * g.getNumPoints());
        geometry(sb, g);
        return sb.toString();
    }

    private static void geometry(StringBuilder sb, Geometry g) {
        sb.append("{\"type\":\"").append(g.getGeometryType()).append('"');
        if (g instanceof GeometryCollection gc && !(g instanceof MultiPoint || g instanceof MultiLineString || g instanceof MultiPolygon)) {
            sb.append(",\"geometries\":[");
            for (int i = 0; i < gc.getNumGeometries(); i++) {
                sb.append(i > 0 ? "," : "");
                geometry(sb, gc.getGeometryN(i));
            }
        } else {
            sb.append(",\"coordinates\":");
            coordinates(sb, g);
            sb.append('}');
            return;
        }
        sb.append("]}");
    }

    private static void coordinates(StringBuilder sb, Geometry g) {
        switch (g) {
            case Point p when p.isEmpty() -> sb.append("[]");
            case Point p -> position(sb, p.getCoordinateSequence(), 0);
            case LineString line -> sequence(sb, line.getCoordinateSequence());
            case Polygon poly -> {
                sb.append('[');
                if (!poly.isEmpty()) {
                    sequence(sb, poly.getExteriorRing().getCoordinateSequence());
                    for (int i = 0; i < poly.getNumInteriorRing(); i++) {
                        sb.append(',');
                        sequence(sb, poly.getInteriorRingN(i).getCoordinateSequence());
                    }
                }
                sb.append(']');
            }
            default -> { // MultiPoint, MultiLineString, MultiPolygon
                sb.append('[');
                for (int i = 0; i < g.getNumGeometries(); i++) {
                    sb.append(i > 0 ? "," : "");
                    coordinates(sb, g.getGeometryN(i));
                }
                sb.append(']');
            }
        }
    }

    private static void sequence(StringBuilder sb, CoordinateSequence seq) {
        sb.append('[');
        for (int i = 0; i < seq.size(); i++) {
            sb.append(i > 0 ? "," : "");
            position(sb, seq, i);
        }
        sb.append(']');
    }

    private static void position(StringBuilder sb, CoordinateSequence seq, int i) {
        sb.append('[').append(ordinate(seq.getX(i))).append(',').append(ordinate(seq.getY(i))).append(']');
    }

    /** Integers without ".0" (as JTS writes them); others in Java's shortest round-trip form. */
    private static String ordinate(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
