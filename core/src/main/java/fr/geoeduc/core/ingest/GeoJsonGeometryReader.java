package fr.geoeduc.core.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.impl.PackedCoordinateSequence;
import org.locationtech.jts.geom.impl.PackedCoordinateSequenceFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one GeoJSON geometry straight from the token stream into JTS, coordinates packed two doubles each: a
 * polygon of millions of vertices costs 16 bytes a vertex, not a JSON tree and a copy of its text. Stops as soon as
 * a geometry has more than {@code maxVertices} vertices.
 */
public final class GeoJsonGeometryReader {

    /** The geometry is well-formed JSON but not a GeoJSON geometry; the stream is left after the geometry object. */
    public static final class BadGeometry extends Exception {
        BadGeometry(String message) {
            super(message, null, false, false);
        }
    }

    /** The geometry has more vertices than the limit; the stream is left inside it (the file cannot be used). */
    public static final class TooManyVertices extends RuntimeException {
        private final long limit;

        TooManyVertices(long limit) {
            super(null, null, false, false);
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    private static final PackedCoordinateSequenceFactory PACKED = PackedCoordinateSequenceFactory.DOUBLE_FACTORY;
    private final GeometryFactory factory = new GeometryFactory(new PrecisionModel(), 4326, PACKED);
    private final long maxVertices;
    private long vertices;

    public GeoJsonGeometryReader(long maxVertices) {
        this.maxVertices = maxVertices;
    }

    /**
     * Reads the geometry whose START_OBJECT is the current token, up to and including its END_OBJECT.
     *
     * @throws BadGeometry when it is JSON but not a geometry (unknown type, wrong nesting, open ring…)
     */
    public Geometry read(JsonParser parser) throws IOException, BadGeometry {
        vertices = 0;
        return readObject(parser);
    }

    private Geometry readObject(JsonParser parser) throws IOException, BadGeometry {
        int depth = parser.getParsingContext().getParent().getNestingDepth();
        String type = null;
        Object coordinates = null;
        List<Geometry> members = null;
        String problem = null;
        try {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "type" -> type = parser.getValueAsString();
                    case "coordinates" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new BadGeometry("'coordinates' is not an array");
                        }
                        coordinates = readArray(parser);
                    }
                    case "geometries" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new BadGeometry("'geometries' is not an array");
                        }
                        members = new ArrayList<>();
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            members.add(readObject(parser));
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (BadGeometry e) {
            problem = e.getMessage();
            while (parser.getParsingContext().getNestingDepth() > depth) {
                if (parser.nextToken() == null) {
                    throw new IngestException("unexpected end of file inside a geometry (truncated file?)");
                }
            }
        }
        if (problem != null) {
            throw new BadGeometry(problem);
        }
        return build(type, coordinates, members);
    }

    private Geometry build(String type, Object c, List<Geometry> members) throws BadGeometry {
        if (type == null) {
            throw new BadGeometry("no 'type'");
        }
        try {
            return switch (type) {
                case "Point" -> c instanceof double[] p ? factory.createPoint(sequence(p)) : empty(c, factory.createPoint());
                case "MultiPoint" -> c instanceof CoordinateSequence s ? factory.createMultiPoint(s) : empty(c, factory.createMultiPoint());
                case "LineString" -> c instanceof CoordinateSequence s ? factory.createLineString(s) : empty(c, factory.createLineString());
                case "MultiLineString" -> factory.createMultiLineString(lines(c));
                case "Polygon" -> polygon(c);
                case "MultiPolygon" -> {
                    List<?> parts = list(c, "MultiPolygon");
                    Polygon[] polygons = new Polygon[parts.size()];
                    for (int i = 0; i < polygons.length; i++) {
                        polygons[i] = polygon(parts.get(i));
                    }
                    yield factory.createMultiPolygon(polygons);
                }
                case "GeometryCollection" -> factory.createGeometryCollection(
                        members == null ? new Geometry[0] : members.toArray(Geometry[]::new));
                default -> throw new BadGeometry("unknown geometry type '" + type + "'");
            };
        } catch (IllegalArgumentException e) { // JTS: ring not closed, line of one point…
            throw new BadGeometry(e.getMessage());
        }
    }

    private static <G extends Geometry> G empty(Object c, G emptyGeometry) throws BadGeometry {
        if (c instanceof List<?> l && l.isEmpty()) {
            return emptyGeometry;
        }
        throw new BadGeometry("coordinates are not nested as the type requires");
    }

    private LineString[] lines(Object c) throws BadGeometry {
        List<?> parts = list(c, "MultiLineString");
        LineString[] lines = new LineString[parts.size()];
        for (int i = 0; i < lines.length; i++) {
            if (!(parts.get(i) instanceof CoordinateSequence s)) {
                throw new BadGeometry("coordinates are not nested as a MultiLineString requires");
            }
            lines[i] = factory.createLineString(s);
        }
        return lines;
    }

    private Polygon polygon(Object c) throws BadGeometry {
        List<?> rings = list(c, "Polygon");
        if (rings.isEmpty()) {
            return factory.createPolygon();
        }
        LinearRing[] all = new LinearRing[rings.size()];
        for (int i = 0; i < all.length; i++) {
            if (!(rings.get(i) instanceof CoordinateSequence s)) {
                throw new BadGeometry("coordinates are not nested as a Polygon requires");
            }
            all[i] = factory.createLinearRing(s);
        }
        return factory.createPolygon(all[0], java.util.Arrays.copyOfRange(all, 1, all.length));
    }

    private static List<?> list(Object c, String type) throws BadGeometry {
        if (c instanceof List<?> l) {
            return l;
        }
        throw new BadGeometry("coordinates are not nested as a " + type + " requires");
    }

    private static CoordinateSequence sequence(double[] xy) {
        return new PackedCoordinateSequence.Double(xy, 2, 0);
    }

    /**
     * The array whose START_ARRAY was just read: a position (double[2]), a list of positions (a packed sequence),
     * or a list of those.
     */
    private Object readArray(JsonParser parser) throws IOException, BadGeometry {
        JsonToken t = parser.nextToken();
        if (t == JsonToken.END_ARRAY) {
            return List.of();
        }
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return position(parser);
        }
        if (t != JsonToken.START_ARRAY) {
            throw new BadGeometry("expected a number or an array in 'coordinates', found " + parser.getText());
        }
        Object first = readArray(parser);
        if (first instanceof double[] xy) {
            Packed packed = new Packed();
            packed.add(xy);
            while ((t = parser.nextToken()) == JsonToken.START_ARRAY) {
                if (!(readArray(parser) instanceof double[] next)) {
                    throw new BadGeometry("positions and arrays of positions mixed in 'coordinates'");
                }
                packed.add(next);
            }
            expectEnd(t, parser);
            return packed.sequence();
        }
        List<Object> list = new ArrayList<>();
        list.add(first);
        while ((t = parser.nextToken()) == JsonToken.START_ARRAY) {
            list.add(readArray(parser));
        }
        expectEnd(t, parser);
        return list;
    }

    private static void expectEnd(JsonToken t, JsonParser parser) throws IOException, BadGeometry {
        if (t != JsonToken.END_ARRAY) {
            throw new BadGeometry("unexpected " + parser.getText() + " in 'coordinates'");
        }
    }

    /** A position whose first number is the current token; extra ordinates (z, m) are read and dropped. */
    private double[] position(JsonParser parser) throws IOException, BadGeometry {
        double x = parser.getDoubleValue();
        JsonToken t = parser.nextToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new BadGeometry("a position needs two numbers, longitude and latitude");
        }
        double y = parser.getDoubleValue();
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new BadGeometry("a position holds numbers only");
            }
        }
        if (++vertices > maxVertices) {
            throw new TooManyVertices(maxVertices);
        }
        return new double[]{x, y};
    }

    /** A growing array of x, y pairs. */
    private static final class Packed {
        private double[] xy = new double[16];
        private int size;

        void add(double[] p) {
            if (size + 2 > xy.length) {
                xy = java.util.Arrays.copyOf(xy, xy.length * 2);
            }
            xy[size++] = p[0];
            xy[size++] = p[1];
        }

        CoordinateSequence sequence() {
            return new PackedCoordinateSequence.Double(size == xy.length ? xy : java.util.Arrays.copyOf(xy, size), 2, 0);
        }
    }
}
