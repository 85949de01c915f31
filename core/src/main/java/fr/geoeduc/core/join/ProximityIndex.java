package fr.geoeduc.core.join;

import fr.geoeduc.core.model.GeoPoint;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The points of one side, for nearest and within-distance look-ups in geodesic metres: an STR-tree of the points
 * (longitude, latitude) queried with a box that holds the whole spherical cap of the radius, the candidates then
 * measured exactly. Thread-safe once built.
 */
final class ProximityIndex {

    /** A target and its distance from the point looked up. */
    record Near(int target, double metres) {
    }

    private static final Comparator<Near> ORDER = Comparator.comparingDouble(Near::metres).thenComparingInt(Near::target);
    private final STRtree tree = new STRtree();
    private final GeoPoint[] points;
    private final int size;

    /** {@code points[i]} may be null (a row without a position): never found. */
    ProximityIndex(GeoPoint[] points) {
        this.points = points;
        int n = 0;
        for (int i = 0; i < points.length; i++) {
            if (points[i] != null) {
                tree.insert(new Envelope(points[i].lon(), points[i].lon(), points[i].lat(), points[i].lat()), i);
                n++;
            }
        }
        size = n;
        tree.build();
    }

    /** Every target within {@code metres} of p, nearest first (ties: the right dataset's order). */
    List<Near> within(GeoPoint p, double metres) {
        List<Near> out = new ArrayList<>();
        for (Envelope e : cap(p, metres)) {
            tree.query(e, item -> {
                int i = (Integer) item;
                double d = p.distanceTo(points[i]);
                if (d <= metres) {
                    out.add(new Near(i, d));
                }
            });
        }
        out.sort(ORDER);
        return out;
    }

    /** The {@code k} targets nearest to p, no farther than {@code limit} metres (0: no limit), nearest first. */
    List<Near> nearest(GeoPoint p, int k, double limit) {
        double max = limit > 0 ? limit : ProximitySpec.MAX_METRES;
        double r = Math.min(max, 1000);
        while (true) {
            List<Near> found = within(p, r);
            // every target left out is farther than r, so farther than the k-th found
            if (found.size() >= k || r >= max || found.size() >= size) {
                return found.size() > k ? List.copyOf(found.subList(0, k)) : found;
            }
            r = Math.min(max, r * 4);
        }
    }

    /**
     * Boxes (longitude, latitude) holding every point within {@code metres} of p: ±r/R radians of latitude, and of
     * longitude the cap's widest extent asin(sin(r/R) / cos φ) (all longitudes when the cap reaches a pole), split in
     * two across the ±180° meridian; widened a little for rounding.
     */
    static List<Envelope> cap(GeoPoint p, double metres) {
        double angle = metres / GeoPoint.EARTH_RADIUS_M;
        double dLat = Math.toDegrees(angle) * 1.000001 + 1e-9;
        double minLat = p.lat() - dLat;
        double maxLat = p.lat() + dLat;
        double sin = Math.sin(Math.min(angle, Math.PI / 2));
        double cos = Math.cos(Math.toRadians(p.lat()));
        if (angle >= Math.PI / 2 || maxLat >= 90 || minLat <= -90 || sin >= cos) {
            return List.of(new Envelope(-180, 180, Math.max(-90, minLat), Math.min(90, maxLat)));
        }
        double dLon = Math.toDegrees(Math.asin(sin / cos)) * 1.000001 + 1e-9;
        double minLon = p.lon() - dLon;
        double maxLon = p.lon() + dLon;
        List<Envelope> boxes = new ArrayList<>(List.of(new Envelope(Math.max(-180, minLon), Math.min(180, maxLon), minLat, maxLat)));
        if (minLon < -180) {
            boxes.add(new Envelope(minLon + 360, 180, minLat, maxLat));
        }
        if (maxLon > 180) {
            boxes.add(new Envelope(-180, maxLon - 360, minLat, maxLat));
        }
        return boxes;
    }
}
