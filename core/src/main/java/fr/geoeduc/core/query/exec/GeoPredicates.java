package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.engine.DoubleVec;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.query.odsql.Expr.Call;
import fr.geoeduc.core.query.odsql.Expr.FieldRef;
import fr.geoeduc.core.query.odsql.Expr.Literal;
import fr.geoeduc.core.query.odsql.Expr.LiteralKind;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The geo predicates of a where clause, for the {@link Compiler} of one snapshot: distance, bounding box and the
 * spatial relations with a geometry literal, using the snapshot's R-tree for candidates and its point columns
 * directly when the field holds points.
 */
final class GeoPredicates {

    private final Compiler compiler;
    private final Snapshot snapshot;
    private final GeometryFactory geometryFactory = new GeometryFactory();

    GeoPredicates(Compiler compiler, Snapshot snapshot) {
        this.compiler = compiler;
        this.snapshot = snapshot;
    }

    /** within_distance(field, geom, distance) and its legacy name distance(): great-circle distance from the geometry's centre. */
    Filter withinDistance(Call c) {
        List<Expr> args = c.args();
            if (args.size() != 3) {
                throw compiler.error(c, c.name() + "() expects (geo_field, geom'POINT(lon lat)', distance such as 10km)");
            }
            RowFn f = geoField(args.get(0));
            Geometry g = geometry(args.get(1));
            Object d = compiler.constant(args.get(2));
            if (!(d instanceof Number)) {
                throw compiler.error(args.get(2), "expected a distance such as 500m or 10km");
            }
            double metres = ((Number) d).doubleValue();
            GeoPoint centre = new GeoPoint(g.getCentroid().getY(), g.getCentroid().getX());
            double degrees = metres / 111_000.0;
            int geoField = compiler.field((FieldRef) args.get(0));
            if (g.getDimension() == 0 && snapshot.column(geoField) instanceof Column.Point pc) {
                // points around a point: a latitude/longitude box first, the great-circle distance only inside it
                DoubleVec lat = pc.lat();
                DoubleVec lon = pc.lon();
                BitSet nulls = pc.nulls();
                double dLat = Math.toDegrees(metres / 6_371_008.8) * 1.001;
                double cos = Math.cos(Math.toRadians(Math.min(89.9, Math.abs(centre.lat()) + dLat)));
                double dLon = cos <= 1e-6 ? 360 : dLat / cos;
                double minLat = centre.lat() - dLat;
                double maxLat = centre.lat() + dLat;
                double minLon = centre.lon() - dLon;
                double maxLon = centre.lon() + dLon;
                boolean lonBox = dLon < 180 && minLon >= -180 && maxLon <= 180;   // no box across the antimeridian
                int[] candidates = lonBox ? snapshot.rowsInBox(geoField, minLon, maxLon, minLat, maxLat) : null;
                return new Filter(candidates, row -> {
                    if (nulls.get(row)) {
                        return false;
                    }
                    double y = lat.get(row);
                    double x = lon.get(row);
                    return y >= minLat && y <= maxLat && (!lonBox || (x >= minLon && x <= maxLon))
                            && haversine(centre, new GeoPoint(y, x)) <= metres;
                });
            }
            return new Filter(null, row -> {
                Object v = f.apply(row);
                if (v instanceof GeoPoint p) {
                    return g.getDimension() == 0 ? haversine(centre, p) <= metres
                            : g.isWithinDistance(point(p), degrees);
                }
                return v instanceof Geometry shape && shape.isWithinDistance(g, degrees);
            });
    }

    /** in_bbox(field, lat1, lon1, lat2, lon2): the box between two corners, latitude first. */
    Filter inBbox(Call c) {
        List<Expr> args = c.args();
            if (args.size() != 5) {
                throw compiler.error(c, "in_bbox() expects (geo_field, lat1, lon1, lat2, lon2)");
            }
            RowFn f = geoField(args.get(0));
            double[] v = new double[4];
            for (int i = 0; i < 4; i++) {
                Object x = compiler.constant(args.get(i + 1));
                if (!(x instanceof Number n)) {
                    throw compiler.error(args.get(i + 1), "in_bbox() expects numbers (latitude, longitude)");
                }
                v[i] = n.doubleValue();
            }
            double minLat = Math.min(v[0], v[2]);
            double maxLat = Math.max(v[0], v[2]);
            double minLon = Math.min(v[1], v[3]);
            double maxLon = Math.max(v[1], v[3]);
            Envelope box = new Envelope(minLon, maxLon, minLat, maxLat);
            int geoField = compiler.field((FieldRef) args.get(0));
            int[] candidates = snapshot.rowsInBox(geoField, minLon, maxLon, minLat, maxLat);
            if (snapshot.column(geoField) instanceof Column.Point pc) {
                DoubleVec lat = pc.lat();
                DoubleVec lon = pc.lon();
                BitSet nulls = pc.nulls();
                return new Filter(candidates, row -> {
                    if (nulls.get(row)) {
                        return false;
                    }
                    double y = lat.get(row);
                    double x = lon.get(row);
                    return y >= minLat && y <= maxLat && x >= minLon && x <= maxLon;
                });
            }
            return new Filter(candidates, row -> f.apply(row) instanceof Geometry shape && shape.getEnvelopeInternal().intersects(box));
    }

    /** intersects, within, disjoint, contains, equals, touches, overlaps, crosses, polygon and geometry(field, geom, MODE). */
    Filter spatial(Call c) {
        List<Expr> args = c.args();
            String mode = c.name();
            if (mode.equals("geometry")) {
                if (args.size() != 3) {
                    throw compiler.error(c, "geometry() expects (geo_field, geom'…', INTERSECTS|DISJOINT|WITHIN)");
                }
                Expr m = args.get(2);
                mode = (m instanceof FieldRef fr ? fr.name() : m instanceof Literal l ? String.valueOf(l.value()) : "")
                        .toLowerCase(Locale.ROOT);
                if (!Set.of("intersects", "disjoint", "within").contains(mode)) {
                    throw compiler.error(m, "geometry() mode must be INTERSECTS, DISJOINT or WITHIN");
                }
            } else if (args.size() != 2) {
                throw compiler.error(c, c.name() + "() expects (geo_field, geom'…')");
            }
            if (mode.equals("polygon")) {
                mode = "within";
            }
            RowFn f = geoField(args.get(0));
            PreparedGeometry g = PreparedGeometryFactory.prepare(geometry(args.get(1)));
            String m = mode;
            Envelope env = g.getGeometry().getEnvelopeInternal();
            // a row that intersects or lies within the geometry has its envelope inside the geometry's: R-tree candidates
            int[] candidates = m.equals("disjoint") ? null
                    : snapshot.rowsInBox(compiler.field((FieldRef) args.get(0)), env.getMinX(), env.getMaxX(), env.getMinY(), env.getMaxY());
            return new Filter(candidates, row -> {
                Object v = f.apply(row);
                Geometry shape = v instanceof GeoPoint p ? point(p) : v instanceof Geometry s ? s : null;
                if (shape == null) {
                    return false;
                }
                return switch (m) {
                    case "intersects" -> g.intersects(shape);
                    case "disjoint" -> g.disjoint(shape);
                    case "contains" -> g.within(shape);         // the row's geometry contains the literal
                    case "equals" -> shape.equalsTopo(g.getGeometry());
                    case "touches" -> g.touches(shape);
                    case "overlaps" -> g.overlaps(shape);
                    case "crosses" -> g.crosses(shape);
                    default -> g.contains(shape);              // within: the row's geometry lies within the literal
                };
            });
    }

    private org.locationtech.jts.geom.Point point(GeoPoint p) {
        return geometryFactory.createPoint(new Coordinate(p.lon(), p.lat()));
    }

    RowFn geoField(Expr e) {
        if (!(e instanceof FieldRef f)) {
            throw compiler.error(e, "expected a geo_point_2d or geo_shape field, found " + Compiler.describe(e));
        }
        FieldType t = compiler.typeOf(f);
        if (t != FieldType.GEO_POINT_2D && t != FieldType.GEO_SHAPE) {
            throw compiler.error(e, "field " + f.name() + " is not a geo_point_2d or geo_shape field");
        }
        return compiler.column(compiler.field(f));
    }

    Geometry geometry(Expr e) {
        if (e instanceof Literal l && l.kind() == LiteralKind.GEOMETRY) {
            Geometry g = (Geometry) l.value();
            if (g.isEmpty()) {
                throw compiler.error(e, "the geometry is empty");
            }
            Envelope box = g.getEnvelopeInternal();
            if (!(box.getMinX() >= -180 && box.getMaxX() <= 180 && box.getMinY() >= -90 && box.getMaxY() <= 90)) {
                throw compiler.error(e, "the geometry's coordinates must be WGS84 longitudes (-180..180) and latitudes (-90..90), "
                        + "longitude first: geom'POINT(2.35 48.85)'");
            }
            return g;
        }
        throw compiler.error(e, "expected a geometry literal such as geom'POINT(2.35 48.85)'");
    }

    static double haversine(GeoPoint a, GeoPoint b) {
        return a.distanceTo(b);
    }
}
