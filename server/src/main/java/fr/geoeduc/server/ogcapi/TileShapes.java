package fr.geoeduc.server.ogcapi;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.impl.PackedCoordinateSequenceFactory;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.overlayng.RingClipper;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Lines and polygons of a collection made ready for tiles. Simplifying a shape (JTS
 * {@link TopologyPreservingSimplifier} at half a pixel of the level) costs far more than the rest of a tile, and the
 * same commune lands in many tiles of a level: so each shape is projected to Web Mercator and simplified once per
 * level up to {@link #CACHED_LEVELS} and kept, weakly keyed by the geometry the query service answered (the snapshot's
 * own object, which lives as long as that version is loaded), so that a new version or an evicted snapshot takes its
 * simplified forms with it. Deeper levels clip the shape to the tile first and simplify the small remainder.
 * <p>
 * Polygons are then cut to the tile's buffered box by a rectangle clip of each ring ({@link RingClipper},
 * Sutherland–Hodgman, as tile servers do: the rings may run along the box's edge, which renders the same) in tile
 * units, instead of a general overlay.
 */
final class TileShapes {

    /** Levels 0 to 12 are kept; at 13 and deeper a tile holds a few shapes, each clipped before being simplified. */
    static final int CACHED_LEVELS = 13;
    private static final int STRIPES = 64;
    /** Half a pixel in tile units is 8: polygons under 8×8 units are dropped, as lines under 8 units. */
    static final double MIN_AREA = 64;
    private static final GeometryFactory PACKED = new GeometryFactory(PackedCoordinateSequenceFactory.DOUBLE_FACTORY);
    private static final GeometryFactory FACTORY = new GeometryFactory();

    @SuppressWarnings("unchecked")
    private final Map<Geometry, AtomicReferenceArray<Geometry>>[] stripes = new Map[STRIPES];

    TileShapes() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new WeakHashMap<>();
        }
    }

    /** The shape (longitude/latitude) in Web Mercator metres, simplified for level {@code z}. */
    Geometry simplified(Geometry lonLat, int z) {
        if (z >= CACHED_LEVELS) {
            return simplify(WebMercatorQuad.project(lonLat), z);
        }
        AtomicReferenceArray<Geometry> levels = levels(lonLat);
        Geometry g = levels.get(z);
        if (g == null) {
            g = PACKED.createGeometry(simplify(WebMercatorQuad.project(lonLat), z));
            levels.set(z, g); // two threads may both compute it: the same result
        }
        return g;
    }

    private AtomicReferenceArray<Geometry> levels(Geometry lonLat) {
        Map<Geometry, AtomicReferenceArray<Geometry>> stripe = stripes[(System.identityHashCode(lonLat) & Integer.MAX_VALUE) % STRIPES];
        synchronized (stripe) {
            // WeakHashMap compares keys with == first: the snapshot's object finds its own entry at no cost
            return stripe.computeIfAbsent(lonLat, k -> new AtomicReferenceArray<>(CACHED_LEVELS));
        }
    }

    private static Geometry simplify(Geometry metres, int z) {
        return TopologyPreservingSimplifier.simplify(metres, WebMercatorQuad.cellSize(z) / 2);
    }

    /** Shapes currently kept (for tests). */
    int size() {
        int n = 0;
        for (Map<Geometry, AtomicReferenceArray<Geometry>> s : stripes) {
            synchronized (s) {
                n += s.size();
            }
        }
        return n;
    }

    /**
     * A shape of a tile at level {@code z} in tile units (y down, extent {@code extent}), clipped to the tile plus
     * {@code buffer} units; null when nothing of it is left or all its parts are under half a pixel. Polygons only:
     * lines go through the encoder's own clip ({@link MvtTileBuilder}).
     */
    Geometry polygonInTile(Geometry lonLat, int z, Envelope tile, int extent, int buffer) {
        Geometry metres;
        if (z >= CACHED_LEVELS) {
            Envelope read = new Envelope(tile);
            read.expandBy(tile.getWidth() * buffer / extent);
            metres = clipped(WebMercatorQuad.project(lonLat), read);
            if (metres == null) {
                return null;
            }
            metres = simplify(metres, z);
        } else {
            metres = simplified(lonLat, z);
        }
        return toTile(metres, tile, extent, buffer);
    }

    /** The polygons of a metres geometry clipped to a box (in metres), before simplifying at deep levels. */
    private static Geometry clipped(Geometry metres, Envelope box) {
        if (box.contains(metres.getEnvelopeInternal())) {
            return metres;
        }
        RingClipper clipper = new RingClipper(box);
        List<Polygon> out = new ArrayList<>();
        for (int i = 0; i < metres.getNumGeometries(); i++) {
            Polygon p = (Polygon) metres.getGeometryN(i);
            if (!p.getEnvelopeInternal().intersects(box)) {
                continue;
            }
            Coordinate[] shell = ring(clipper.clip(p.getExteriorRing().getCoordinates()));
            if (shell == null) {
                continue;
            }
            List<LinearRing> holes = new ArrayList<>();
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                Coordinate[] hole = ring(clipper.clip(p.getInteriorRingN(h).getCoordinates()));
                if (hole != null) {
                    holes.add(FACTORY.createLinearRing(hole));
                }
            }
            out.add(FACTORY.createPolygon(FACTORY.createLinearRing(shell), holes.toArray(LinearRing[]::new)));
        }
        return out.isEmpty() ? null : FACTORY.createMultiPolygon(out.toArray(Polygon[]::new));
    }

    /** Metres to tile units (y down), then each ring clipped to the buffered tile and snapped to whole units. */
    static Geometry toTile(Geometry metres, Envelope tile, int extent, int buffer) {
        if (!(metres instanceof Polygonal)) {
            throw new IllegalArgumentException("polygons only: " + metres.getGeometryType());
        }
        double sx = extent / tile.getWidth();
        double sy = extent / tile.getHeight();
        Envelope box = new Envelope(-buffer, extent + buffer, -buffer, extent + buffer);
        RingClipper clipper = new RingClipper(box);
        List<Polygon> out = new ArrayList<>();
        for (int i = 0; i < metres.getNumGeometries(); i++) {
            Polygon p = (Polygon) metres.getGeometryN(i);
            if (p.isEmpty()) {
                continue;
            }
            Coordinate[] shell = inTile(p.getExteriorRing().getCoordinates(), tile, sx, sy, extent, box, clipper);
            if (shell == null || Math.abs(org.locationtech.jts.algorithm.Area.ofRingSigned(shell)) < MIN_AREA) {
                continue;
            }
            List<LinearRing> holes = new ArrayList<>();
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                Coordinate[] hole = inTile(p.getInteriorRingN(h).getCoordinates(), tile, sx, sy, extent, box, clipper);
                if (hole != null && Math.abs(org.locationtech.jts.algorithm.Area.ofRingSigned(hole)) >= MIN_AREA) {
                    holes.add(FACTORY.createLinearRing(hole));
                }
            }
            Polygon polygon = FACTORY.createPolygon(FACTORY.createLinearRing(shell), holes.toArray(LinearRing[]::new));
            if (polygon.isValid()) {
                out.add(polygon);
                continue;
            }
            // snapping to whole units can fold a narrow spike over itself: an invalid ring would be read back as nothing
            Geometry fixed = GeometryFixer.fix(polygon);
            for (int k = 0; k < fixed.getNumGeometries(); k++) {
                if (fixed.getGeometryN(k) instanceof Polygon part && part.getArea() >= MIN_AREA) {
                    out.add(part);
                }
            }
        }
        if (out.isEmpty()) {
            return null;
        }
        return out.size() == 1 ? out.get(0) : FACTORY.createMultiPolygon(out.toArray(Polygon[]::new));
    }

    private static Coordinate[] inTile(Coordinate[] ring, Envelope tile, double sx, double sy, int extent, Envelope box,
                                       RingClipper clipper) {
        Coordinate[] t = new Coordinate[ring.length];
        Envelope env = new Envelope();
        for (int i = 0; i < ring.length; i++) {
            t[i] = new Coordinate((ring[i].x - tile.getMinX()) * sx, extent - (ring[i].y - tile.getMinY()) * sy);
            env.expandToInclude(t[i]);
        }
        if (!env.intersects(box)) {
            return null;
        }
        if (!box.contains(env)) {
            t = clipper.clip(t);
        }
        for (Coordinate c : t) {
            c.x = Math.round(c.x);
            c.y = Math.round(c.y);
        }
        return ring(t);
    }

    /** The ring without repeated points, closed; null when fewer than 3 distinct points are left. */
    private static Coordinate[] ring(Coordinate[] pts) {
        if (pts == null || pts.length < 3) {
            return null;
        }
        List<Coordinate> out = new ArrayList<>(pts.length + 1);
        for (Coordinate c : pts) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals2D(c)) {
                out.add(c);
            }
        }
        if (!out.get(0).equals2D(out.get(out.size() - 1))) {
            out.add(new Coordinate(out.get(0)));
        }
        return out.size() < 4 ? null : out.toArray(Coordinate[]::new);
    }
}
