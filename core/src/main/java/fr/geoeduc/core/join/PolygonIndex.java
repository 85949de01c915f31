package fr.geoeduc.core.join;

import fr.geoeduc.core.model.GeoPoint;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.distance.DistanceOp;

import java.util.ArrayList;
import java.util.List;

/**
 * The polygons of one side, for point-in-polygon look-ups: a {@link PolygonGrid} (cells no boundary crosses answer
 * without a geometry test) over per-polygon indexed point-in-area locators (a point on the boundary counts as inside),
 * and an STR-tree of the envelopes for the nearest-polygon tolerance. Geometries other than polygons and
 * multipolygons are looked up through the STR-tree alone. Thread-safe once built: look-ups run in parallel.
 */
public final class PolygonIndex {

    /** The polygons holding a point ({@code -1}: none) and how many held it. */
    public record Hit(int polygon, int candidates, double distanceMetres) {
    }

    private static final Hit NONE = new Hit(-1, 0, 0);
    private final STRtree tree = new STRtree();
    private final Geometry[] polygons;
    private final IndexedPointInAreaLocator[] locators;
    private final GeometryFactory factory = new GeometryFactory();
    private final PolygonGrid grid;
    private final Hit[] single;

    /** {@code polygons[i]} may be null (a row without geometry): never found. The grid is built here. */
    public PolygonIndex(Geometry[] polygons) {
        this(polygons, null, null, 0);
    }

    /**
     * The index of polygons that may have been indexed before: the grid comes from {@code cache} (memory, then its
     * file) when these exact polygons were indexed already, and is built and kept there otherwise.
     */
    public static PolygonIndex cached(Geometry[] polygons, PolygonIndexCache cache, String datasetId, int version) {
        return new PolygonIndex(polygons, cache, datasetId, version);
    }

    private PolygonIndex(Geometry[] polygons, PolygonIndexCache cache, String datasetId, int version) {
        this.polygons = polygons;
        this.locators = new IndexedPointInAreaLocator[polygons.length];
        this.single = new Hit[polygons.length];
        boolean polygonal = true;
        for (int i = 0; i < polygons.length; i++) {
            if (polygons[i] != null && !polygons[i].isEmpty()) {
                locators[i] = new IndexedPointInAreaLocator(polygons[i]);
                tree.insert(polygons[i].getEnvelopeInternal(), i);
                single[i] = new Hit(i, 1, 0);
                polygonal &= polygons[i] instanceof Polygon || polygons[i] instanceof MultiPolygon;
            }
        }
        tree.build();
        if (polygonal) {
            PolygonRings rings = PolygonRings.of(polygons);
            grid = cache == null ? PolygonGrid.build(rings, polygons, locators, tree, 1)
                    : cache.grid(datasetId, version, rings, () -> PolygonGrid.build(rings, polygons, locators, tree, 1));
        } else {
            grid = null;
        }
    }

    /** The first polygon (in the right dataset's order) containing the point, with the number of polygons that contain it. */
    public Hit locate(double lon, double lat) {
        if (grid != null) {
            long a = grid.locate(lon, lat);
            int first = PolygonGrid.polygon(a);
            int count = PolygonGrid.count(a);
            return first < 0 ? NONE : count == 1 ? single[first] : new Hit(first, count, 0);
        }
        return scan(lon, lat);
    }

    /**
     * {@link #locate} of many points at once ({@code NaN}: no point, no polygon), faster than one by one: the points are
     * taken in the grid's order and located in parallel.
     */
    public Hit[] locateAll(double[] lon, double[] lat) {
        Hit[] hits = new Hit[lon.length];
        if (grid == null) {
            java.util.stream.IntStream.range(0, lon.length).parallel().forEach(i -> hits[i] = Double.isNaN(lon[i]) ? NONE : scan(lon[i], lat[i]));
            return hits;
        }
        long[] answers = new long[lon.length];
        grid.locateAll(lon, lat, answers);
        java.util.stream.IntStream.range(0, lon.length).parallel().forEach(i -> {
            int first = PolygonGrid.polygon(answers[i]);
            int count = PolygonGrid.count(answers[i]);
            hits[i] = first < 0 ? NONE : count == 1 ? single[first] : new Hit(first, count, 0);
        });
        return hits;
    }

    /** The same answer as {@link #locate}, by testing every polygon whose envelope holds the point. */
    Hit scan(double lon, double lat) {
        Coordinate c = new Coordinate(lon, lat);
        int[] first = {-1};
        int[] count = {0};
        tree.query(new Envelope(c), item -> {
            int i = (Integer) item;
            if (locators[i].locate(c) != Location.EXTERIOR) {
                count[0]++;
                if (first[0] < 0 || i < first[0]) {
                    first[0] = i;
                }
            }
        });
        return first[0] < 0 ? NONE : new Hit(first[0], count[0], 0);
    }

    /** The nearest polygon within {@code metres} (geodesic distance to its closest point), for points just outside every polygon. */
    Hit nearest(double lon, double lat, double metres) {
        double degLat = metres / 111_320d;
        double degLon = degLat / Math.max(0.05, Math.cos(Math.toRadians(lat)));
        Envelope search = new Envelope(lon - degLon, lon + degLon, lat - degLat, lat + degLat);
        List<Integer> candidates = new ArrayList<>();
        tree.query(search, item -> candidates.add((Integer) item));
        GeoPoint p = new GeoPoint(lat, lon);
        int best = -1;
        double bestDistance = Double.MAX_VALUE;
        var point = factory.createPoint(new Coordinate(lon, lat));
        for (int i : candidates) {
            Coordinate q = DistanceOp.nearestPoints(polygons[i], point)[0];
            double d = p.distanceTo(new GeoPoint(q.y, q.x));
            if (d <= metres && d < bestDistance) {
                best = i;
                bestDistance = d;
            }
        }
        return best < 0 ? NONE : new Hit(best, 1, bestDistance);
    }
}
