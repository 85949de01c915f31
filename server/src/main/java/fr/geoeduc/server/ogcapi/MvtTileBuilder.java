package fr.geoeduc.server.ogcapi;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.GeomMinSizeFilter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.JtsAdapter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtEncoder;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.UserDataKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import io.github.sebasbaumh.mapbox.vectortile.build.MvtLayerParams;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.Puntal;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

import java.util.ArrayList;
import java.util.List;

/**
 * One Mapbox Vector Tile (2.1, extent 4096) of one layer, encoded by mapbox-vector-tile-java: points of the tile
 * (clustered below {@link #CLUSTER_BELOW}), lines and polygons simplified at half a pixel of the level and clipped to
 * the tile plus a {@link #BUFFER}-unit buffer (polygons by {@link TileShapes}, simplified once per level); parts
 * smaller than half a pixel are dropped, and the smallest shapes too when the tile would weigh more than
 * {@link TileBudget#MAX_BYTES}.
 */
final class MvtTileBuilder {

    static final int EXTENT = 4096;
    /** Buffer around the tile in tile units (as Martin): enough for strokes, far inside MapLibre's allowed range. */
    static final int BUFFER = 64;
    /** Points are clustered on levels below this one, and all served from it on. */
    static final int CLUSTER_BELOW = 10;
    private static final MvtLayerParams PARAMS = new MvtLayerParams(EXTENT);
    private static final GeometryFactory FACTORY = new GeometryFactory();
    /** Half a pixel in tile units is 8: drop polygons under 8×8 units and lines under 8 units. */
    private static final GeomMinSizeFilter MIN_SIZE = new GeomMinSizeFilter(64, 8);

    private MvtTileBuilder() {
    }

    /** The buffered extent to read for a tile, in EPSG:3857. */
    static Envelope readExtent(TileAddress tile) {
        Envelope e = new Envelope(tile.bounds());
        e.expandBy(e.getWidth() * BUFFER / EXTENT);
        return e;
    }

    /**
     * The tile's bytes, or null when no feature lands in it.
     *
     * @param shapes        the simplified forms of the collection's polygons, kept from tile to tile
     * @param clusterWeight the attribute weighting the means of the groups of points (see {@link PointClusters}), or null
     */
    static byte[] build(String layer, TileAddress address, List<TileSource.Feature> features, TileShapes shapes, String clusterWeight) {
        Envelope tile = address.bounds();
        Envelope clip = readExtent(address);
        double tolerance = WebMercatorQuad.cellSize(address.z()) / 2;
        List<TileSource.Feature> points = new ArrayList<>();
        List<Geometry> out = new ArrayList<>();
        for (TileSource.Feature f : features) {
            Geometry shape = f.shape();
            if (shape instanceof Polygonal) {
                add(out, shapes.polygonInTile(shape, address.z(), tile, EXTENT, BUFFER), f);
                continue;
            }
            Geometry g = shape == null ? f.metres() : WebMercatorQuad.project(shape);
            if (g instanceof Point p) {
                if (PointClusters.owns(tile, p.getCoordinate())) {
                    points.add(shape == null ? f : new TileSource.Feature(g, f.attributes()));
                }
                continue;
            }
            if (g instanceof Puntal) {
                add(out, JtsAdapter.createTileGeom(g, tile, tile, FACTORY, PARAMS, null), f);
                continue;
            }
            // lines and mixed collections: a general clip, then the simplification at this level
            if (!clip.contains(g.getEnvelopeInternal())) {
                g = g.intersection(FACTORY.toGeometry(clip));
            }
            if (g.isEmpty()) {
                continue;
            }
            g = TopologyPreservingSimplifier.simplify(g, tolerance);
            add(out, JtsAdapter.createTileGeom(g, tile, clip, FACTORY, PARAMS, MIN_SIZE), f);
        }
        List<TileSource.Feature> kept = address.z() < CLUSTER_BELOW ? PointClusters.cluster(points, tile, EXTENT, clusterWeight) : points;
        if (address.z() >= CLUSTER_BELOW) {
            // every point served carries count, 1 when not grouped: a style reading ["get", "count"] (the guide's
            // MapLibre example) gets a number at every level (the attribute maps are this build's own)
            for (TileSource.Feature f : kept) {
                f.attributes().put(PointClusters.COUNT, 1L);
            }
        }
        AffineTransformation toTile = toTile(tile);
        for (TileSource.Feature f : kept) {
            add(out, tilePoint(f.metres().getCoordinate(), toTile), f);
        }
        if (out.isEmpty()) {
            return null;
        }
        return TileBudget.fit(out, fitted -> MvtEncoder.encode(new JtsMvt(new JtsLayer(layer, fitted, EXTENT)), PARAMS,
                new UserDataKeyValueMapConverter()));
    }

    /** Web Mercator metres to tile units (y down), as mapbox-vector-tile-java's {@code JtsAdapter.createTileGeom} builds it. */
    static AffineTransformation toTile(Envelope tile) {
        AffineTransformation t = new AffineTransformation();
        t.translate(-tile.getMinX(), -tile.getMinY());
        t.scale(1d / (tile.getWidth() / EXTENT), -1d / (tile.getHeight() / EXTENT));
        t.translate(0d, EXTENT);
        return t;
    }

    /**
     * A point of the tile (one it owns, so inside its envelope) in whole tile units: what {@code createTileGeom} gives
     * for it, without the overlay intersection and the simplifier that it runs for every geometry (most of a point
     * tile's build time at z10 and above).
     */
    static Point tilePoint(Coordinate metres, AffineTransformation toTile) {
        Coordinate c = toTile.transform(metres, new Coordinate());
        return FACTORY.createPoint(new Coordinate(Math.round(c.x), Math.round(c.y)));
    }

    /** Adds the tile geometry (split when the clip gave a mixed collection) with the feature's attributes. */
    private static void add(List<Geometry> out, Geometry g, TileSource.Feature f) {
        if (g == null || g.isEmpty()) {
            return;
        }
        if (g.getClass() == GeometryCollection.class) {
            for (int i = 0; i < g.getNumGeometries(); i++) {
                add(out, g.getGeometryN(i), f);
            }
            return;
        }
        g.setUserData(f.attributes());
        out.add(g);
    }
}
