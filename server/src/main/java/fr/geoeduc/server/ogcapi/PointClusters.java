package fr.geoeduc.server.ogcapi;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grid clustering of the points of one tile at low zoom: the tile is cut into square cells of {@link #CELL} tile
 * units; the points of a cell become one point at their mean position with a {@code count} attribute; a cell holding a
 * single point keeps that point and its attributes (with {@code count} 1). Cells never cross a tile's edge, so the
 * counts of all tiles of a level add up to the number of points.
 * <p>
 * A group keeps its members' numeric attributes, so that a map can still size and colour it: {@code sum(P)}, the sum
 * of P over the members that have it, and {@code P}, their mean, weighted by the {@code weight} attribute when one is
 * named (the IPS of a group of schools weighted by their pupils), members without a positive weight then left out of it.
 * Text attributes (names, UAI) belong to one point and are not carried.
 */
final class PointClusters {

    static final String COUNT = "count";
    /** Cell side in tile units of a 4096 extent: 64 units = 4 screen pixels. */
    static final int CELL = 64;
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private PointClusters() {
    }

    /** Whether a point of Web Mercator metres belongs to the tile: west and north edges in, east and south edges out. */
    static boolean owns(Envelope tile, Coordinate p) {
        return p.x >= tile.getMinX() && p.x < tile.getMaxX() && p.y <= tile.getMaxY() && p.y > tile.getMinY();
    }

    /** The attribute of a group holding the sum of its members' {@code attribute}. */
    static String sum(String attribute) {
        return "sum(" + attribute + ")";
    }

    static List<TileSource.Feature> cluster(List<TileSource.Feature> points, Envelope tile, int extent) {
        return cluster(points, tile, extent, null);
    }

    /** @param weight the numeric attribute that weights the groups' means, or null for plain means */
    static List<TileSource.Feature> cluster(List<TileSource.Feature> points, Envelope tile, int extent, String weight) {
        int cells = Math.max(1, extent / CELL);
        double cellWidth = tile.getWidth() / cells;
        Map<Long, List<TileSource.Feature>> byCell = new LinkedHashMap<>();
        for (TileSource.Feature f : points) {
            Coordinate c = f.metres().getCoordinate();
            int i = (int) Math.min(cells - 1, Math.floor((c.x - tile.getMinX()) / cellWidth));
            int j = (int) Math.min(cells - 1, Math.floor((tile.getMaxY() - c.y) / cellWidth));
            byCell.computeIfAbsent((long) i * cells + j, k -> new ArrayList<>()).add(f);
        }
        List<TileSource.Feature> out = new ArrayList<>(byCell.size());
        for (List<TileSource.Feature> members : byCell.values()) {
            if (members.size() == 1) {
                Map<String, Object> attributes = new LinkedHashMap<>(members.get(0).attributes());
                attributes.put(COUNT, 1L);
                out.add(new TileSource.Feature(members.get(0).metres(), attributes));
                continue;
            }
            double x = 0;
            double y = 0;
            for (TileSource.Feature m : members) {
                Coordinate c = m.metres().getCoordinate();
                x += c.x;
                y += c.y;
            }
            Point centre = FACTORY.createPoint(new Coordinate(x / members.size(), y / members.size()));
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put(COUNT, (long) members.size());
            aggregate(members, weight, attributes);
            out.add(new TileSource.Feature(centre, attributes));
        }
        return out;
    }

    /** Adds {@code sum(P)} and the (weighted) mean {@code P} of every numeric attribute of the members. */
    private static void aggregate(List<TileSource.Feature> members, String weight, Map<String, Object> into) {
        Map<String, double[]> totals = new LinkedHashMap<>(); // sum, weighted sum, total weight, count
        for (TileSource.Feature m : members) {
            Object w = weight == null ? null : m.attributes().get(weight);
            double wi = w instanceof Number n && n.doubleValue() > 0 ? n.doubleValue() : 0;
            m.attributes().forEach((name, value) -> {
                if (!(value instanceof Number n) || name.equals(COUNT)) {
                    return;
                }
                double v = n.doubleValue();
                double[] t = totals.computeIfAbsent(name, k -> new double[4]);
                t[0] += v;
                t[1] += v * wi;
                t[2] += wi;
                t[3]++;
            });
        }
        totals.forEach((name, t) -> {
            boolean integers = members.stream().map(m -> m.attributes().get(name)).allMatch(v -> v == null || v instanceof Long);
            into.put(sum(name), integers ? (Object) Math.round(t[0]) : (Object) t[0]);
            into.put(name, weight != null && !name.equals(weight) && t[2] > 0 ? t[1] / t[2] : t[0] / t[3]);
        });
    }
}
