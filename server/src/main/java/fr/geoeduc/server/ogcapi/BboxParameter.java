package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.query.odsql.Expr;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code bbox} parameter (with {@code bbox-crs}) as a condition of the expression tree: features whose geometry
 * intersects the box, boundaries included, and features without geometry (Part 1). In CRS84 a box whose west is
 * east of its east crosses the antimeridian and is two boxes; in EPSG:4326 the numbers are south, west, north, east;
 * in a projected CRS the box's outline, densified, is reprojected to WGS84 and tested as a polygon.
 */
final class BboxParameter {

    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final int DENSIFY = 16;

    private BboxParameter() {
    }

    static Expr parse(String text, OgcCrs.Ref crs, Field geometry, OgcCrs transforms) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4 && parts.length != 6) {
            throw OgcException.badParameter("bbox", "4 nombres attendus (ou 6 avec les altitudes), séparés par des virgules ; reçu « " + text + " »");
        }
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw OgcException.badParameter("bbox", "« " + parts[i] + " » n'est pas un nombre");
            }
            if (!Double.isFinite(v[i])) {
                throw OgcException.badParameter("bbox", "« " + parts[i] + " » n'est pas un nombre fini");
            }
        }
        // the two horizontal corners, in the CRS's axis order
        double a1 = v[0], b1 = v[1], a2 = parts.length == 4 ? v[2] : v[3], b2 = parts.length == 4 ? v[3] : v[4];
        List<Geometry> boxes = new ArrayList<>();
        if (crs.geographic()) {
            double west = crs.latitudeFirst() ? b1 : a1, south = crs.latitudeFirst() ? a1 : b1;
            double east = crs.latitudeFirst() ? b2 : a2, north = crs.latitudeFirst() ? a2 : b2;
            if (south > north) {
                throw OgcException.badParameter("bbox", "le sud (" + south + ") est au nord du nord (" + north + ")");
            }
            if (south < -90 || north > 90) {
                throw OgcException.badParameter("bbox", "latitudes hors de [-90, 90]");
            }
            if (west < -180 || west > 180 || east < -180 || east > 180) {
                throw OgcException.badParameter("bbox", "longitudes hors de [-180, 180]");
            }
            if (west > east) { // across the antimeridian
                boxes.add(FACTORY.toGeometry(new Envelope(west, 180, south, north)));
                boxes.add(FACTORY.toGeometry(new Envelope(-180, east, south, north)));
            } else {
                boxes.add(FACTORY.toGeometry(new Envelope(west, east, south, north)));
            }
        } else {
            if (a1 > a2 || b1 > b2) {
                throw OgcException.badParameter("bbox", "le coin minimum (" + a1 + ", " + b1 + ") dépasse le coin maximum (" + a2 + ", " + b2 + ")");
            }
            Geometry box;
            try {
                box = transforms.toWgs84(crs, densified(a1, b1, a2, b2));
            } catch (RuntimeException e) {
                throw OgcException.badParameter("bbox", "la boîte n'est pas dans le domaine de " + crs.uri());
            }
            Envelope env = box.getEnvelopeInternal();
            if (!(env.getMinX() >= -180 && env.getMaxX() <= 180 && env.getMinY() >= -90 && env.getMaxY() <= 90)) {
                throw OgcException.badParameter("bbox", "la boîte sort du domaine de " + crs.uri());
            }
            boxes.add(box);
        }
        List<Expr> tests = new ArrayList<>();
        for (Geometry box : boxes) {
            tests.add(intersects(geometry, box));
        }
        tests.add(new Expr.IsNull(field(geometry), false, 0));
        return or(tests);
    }

    /** A rectangle with {@value DENSIFY} points per side, so that its reprojection follows the curved edges. */
    private static Geometry densified(double x1, double y1, double x2, double y2) {
        if (x1 == x2 && y1 == y2) {
            return FACTORY.createPoint(new Coordinate(x1, y1));
        }
        if (x1 == x2 || y1 == y2) {
            return FACTORY.createLineString(new Coordinate[]{new Coordinate(x1, y1), new Coordinate(x2, y2)});
        }
        List<Coordinate> ring = new ArrayList<>();
        double[][] corners = {{x1, y1}, {x2, y1}, {x2, y2}, {x1, y2}};
        for (int side = 0; side < 4; side++) {
            double[] from = corners[side], to = corners[(side + 1) % 4];
            for (int i = 0; i < DENSIFY; i++) {
                double t = (double) i / DENSIFY;
                ring.add(new Coordinate(from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t));
            }
        }
        ring.add(new Coordinate(x1, y1));
        return FACTORY.createPolygon(ring.toArray(Coordinate[]::new));
    }

    /** Points against a lon/lat rectangle use the engine's {@code in_bbox} (lat/lon columns); anything else {@code intersects}. */
    static Expr intersects(Field geometry, Geometry wgs84) {
        if (geometry.type() == FieldType.GEO_POINT_2D && wgs84.isRectangle()) {
            Envelope e = wgs84.getEnvelopeInternal();
            return new Expr.Call("in_bbox", List.of(field(geometry), number(e.getMinY()), number(e.getMinX()),
                    number(e.getMaxY()), number(e.getMaxX())), Map.of(), false, 0);
        }
        return new Expr.Call("intersects", List.of(field(geometry), new Expr.Literal(Expr.LiteralKind.GEOMETRY, wgs84, 0)),
                Map.of(), false, 0);
    }

    static Expr field(Field f) {
        return new Expr.FieldRef(f.name(), 0);
    }

    private static Expr number(double d) {
        return new Expr.Literal(Expr.LiteralKind.NUMBER, d, 0);
    }

    static Expr or(List<Expr> parts) {
        Expr out = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            out = new Expr.Binary(Expr.Op.OR, out, parts.get(i), 0);
        }
        return out;
    }
}
