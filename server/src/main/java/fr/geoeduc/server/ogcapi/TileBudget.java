package fr.geoeduc.server.ogcapi;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Puntal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Keeps a tile under {@link #MAX_BYTES} (Tippecanoe's default limit, which MapLibre users expect): when the encoded tile
 * is larger, the smallest lines and polygons of the tile are dropped, as Tippecanoe's "drop smallest as needed" does,
 * until it fits; points (already clustered at low levels) are kept. At z5 the 35,000 communes are each about one
 * pixel: the tile keeps the largest ones instead of weighing over a megabyte.
 */
final class TileBudget {

    static final int MAX_BYTES = 500 * 1024;
    /** Aim a little below the limit: dropping features also shrinks the shared key/value dictionaries unevenly. */
    private static final double MARGIN = 0.9;

    private TileBudget() {
    }

    /** The encoded tile, encoded again with fewer of its smallest shapes while it is over the limit. */
    static byte[] fit(List<Geometry> features, Function<List<Geometry>, byte[]> encoder) {
        byte[] bytes = encoder.apply(features);
        if (bytes.length <= MAX_BYTES) {
            return bytes;
        }
        List<Geometry> points = new ArrayList<>();
        List<Geometry> shapes = new ArrayList<>();
        for (Geometry g : features) {
            (g instanceof Puntal ? points : shapes).add(g);
        }
        // largest first (area in tile units, then length for lines)
        shapes.sort(Comparator.comparingDouble(Geometry::getArea).thenComparingDouble(Geometry::getLength).reversed());
        int keep = shapes.size();
        while (bytes.length > MAX_BYTES && keep > 0) {
            keep = Math.min(keep - 1, (int) (keep * MARGIN * MAX_BYTES / bytes.length));
            List<Geometry> kept = new ArrayList<>(points);
            kept.addAll(shapes.subList(0, Math.max(0, keep)));
            bytes = encoder.apply(kept);
        }
        return bytes;
    }
}
