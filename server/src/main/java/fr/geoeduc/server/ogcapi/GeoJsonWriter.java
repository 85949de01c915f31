package fr.geoeduc.server.ogcapi;

import com.fasterxml.jackson.core.JsonGenerator;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.store.Json;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes rows of the engine as GeoJSON features: the record id {@code _id} as the feature id, the collection's geo
 * field as the geometry, in the requested CRS and its axis order, the other fields as properties.
 */
final class GeoJsonWriter {

    static final String ID = "_id";
    private final OgcCrs transforms;

    GeoJsonWriter(OgcCrs transforms) {
        this.transforms = transforms;
    }

    void feature(JsonGenerator g, OgcCollection c, Map<String, Object> row, OgcCrs.Ref crs, List<String> properties,
                 List<Map<String, Object>> links) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "Feature");
        g.writeStringField("id", String.valueOf(row.get(ID)));
        g.writeFieldName("geometry");
        geometry(g, row.get(c.geometry().name()), crs);
        g.writeObjectFieldStart("properties");
        if (properties == null) {
            for (Map.Entry<String, Object> e : row.entrySet()) {
                if (!e.getKey().equals(ID) && !e.getKey().equals(c.geometry().name())) {
                    g.writeFieldName(e.getKey());
                    value(g, e.getValue(), crs);
                }
            }
        } else {
            for (String p : properties) {
                g.writeFieldName(p);
                value(g, row.get(p), crs);
            }
        }
        g.writeEndObject();
        if (links != null) {
            g.writeFieldName("links");
            Json.MAPPER.writeValue(g, links);
        }
        g.writeEndObject();
    }

    /**
     * A geo value in {@code crs}, or null when it has none or the CRS cannot express it (a point of La Réunion in UTM
     * zone 20N is off the projection's domain: the transform gives no finite coordinates).
     */
    void geometry(JsonGenerator g, Object v, OgcCrs.Ref crs) throws IOException {
        if (v instanceof GeoPoint p && crs.isCrs84()) { // most items: a stored point written as it is
            if (!Double.isFinite(p.lon()) || !Double.isFinite(p.lat())) {
                g.writeNull();
                return;
            }
            g.writeStartObject();
            g.writeStringField("type", "Point");
            g.writeFieldName("coordinates");
            position(g, p.lon(), p.lat());
            g.writeEndObject();
            return;
        }
        Geometry wgs84 = switch (v) {
            case GeoPoint p -> POINTS.createPoint(new Coordinate(p.lon(), p.lat()));
            case Geometry shape when !shape.isEmpty() -> shape;
            case null, default -> null;
        };
        Geometry out = null;
        if (wgs84 != null) {
            try {
                out = transforms.fromWgs84(crs, wgs84);
            } catch (RuntimeException offDomain) {
                out = null;
            }
        }
        if (out == null || (out != wgs84 && !finite(out))) { // only a transform can give infinite coordinates
            g.writeNull();
            return;
        }
        shape(g, out);
    }

    private static final org.locationtech.jts.geom.GeometryFactory POINTS = new org.locationtech.jts.geom.GeometryFactory();

    private static boolean finite(Geometry g) {
        boolean[] finite = {true};
        g.apply(new org.locationtech.jts.geom.CoordinateSequenceFilter() {
            @Override
            public void filter(org.locationtech.jts.geom.CoordinateSequence seq, int i) {
                finite[0] = Double.isFinite(seq.getX(i)) && Double.isFinite(seq.getY(i));
            }

            @Override
            public boolean isDone() {
                return !finite[0];
            }

            @Override
            public boolean isGeometryChanged() {
                return false;
            }
        });
        return finite[0];
    }

    private void shape(JsonGenerator g, Geometry shape) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", shape.getGeometryType());
        if (shape instanceof GeometryCollection gc && !(shape instanceof MultiPoint || shape instanceof MultiLineString
                || shape instanceof MultiPolygon)) {
            g.writeArrayFieldStart("geometries");
            for (int i = 0; i < gc.getNumGeometries(); i++) {
                shape(g, gc.getGeometryN(i));
            }
            g.writeEndArray();
        } else {
            g.writeFieldName("coordinates");
            coordinates(g, shape);
        }
        g.writeEndObject();
    }

    private void coordinates(JsonGenerator g, Geometry shape) throws IOException {
        switch (shape) {
            case Point p -> position(g, p.getX(), p.getY());
            case LineString line -> line(g, line.getCoordinates());
            case Polygon poly -> {
                g.writeStartArray();
                line(g, poly.getExteriorRing().getCoordinates());
                for (int i = 0; i < poly.getNumInteriorRing(); i++) {
                    line(g, poly.getInteriorRingN(i).getCoordinates());
                }
                g.writeEndArray();
            }
            default -> { // the multi geometries
                g.writeStartArray();
                for (int i = 0; i < shape.getNumGeometries(); i++) {
                    coordinates(g, shape.getGeometryN(i));
                }
                g.writeEndArray();
            }
        }
    }

    private void line(JsonGenerator g, Coordinate[] coordinates) throws IOException {
        g.writeStartArray();
        for (Coordinate c : coordinates) {
            position(g, c.x, c.y);
        }
        g.writeEndArray();
    }

    private static void position(JsonGenerator g, double x, double y) throws IOException {
        g.writeStartArray();
        g.writeNumber(x);
        g.writeNumber(y);
        g.writeEndArray();
    }

    private void value(JsonGenerator g, Object v, OgcCrs.Ref crs) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Long l -> g.writeNumber(l);
            case Integer i -> g.writeNumber(i);
            case Double d -> {
                if (Double.isFinite(d)) {
                    g.writeNumber(d);
                } else {
                    g.writeNull();
                }
            }
            case Boolean b -> g.writeBoolean(b);
            case String s -> g.writeString(s);
            case LocalDate d -> g.writeString(d.toString());
            case Instant i -> g.writeString(i.toString());
            case GeoPoint p -> geometry(g, p, crs);
            case Geometry shape -> geometry(g, shape, crs);
            case Collection<?> list -> {
                g.writeStartArray();
                for (Object o : list) {
                    value(g, o, crs);
                }
                g.writeEndArray();
            }
            default -> g.writeString(v.toString());
        }
    }
}
