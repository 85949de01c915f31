package fr.geoeduc.server.ogcapi;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The tile matrix set WebMercatorQuad (TMS 2.0): EPSG:3857, levels 0 to 24, 256-pixel tiles, origin at the top left,
 * row 0 in the north. Converts between longitude/latitude, Web Mercator metres and tile bounds.
 */
final class WebMercatorQuad {

    static final String ID = "WebMercatorQuad";
    static final String URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
    static final String CRS = "http://www.opengis.net/def/crs/EPSG/0/3857";
    static final int MAX_ZOOM = 24;
    static final double HALF = 20037508.3427892;
    static final double MAX_LATITUDE = 85.0511287798066;
    private static final double RADIUS = 6378137.0;

    private WebMercatorQuad() {
    }

    static long matrixSize(int z) {
        return 1L << z;
    }

    /** Width of one tile in metres at level {@code z}. */
    static double span(int z) {
        return 2 * HALF / matrixSize(z);
    }

    /** Metres per pixel of a 256-pixel tile at level {@code z}. */
    static double cellSize(int z) {
        return span(z) / 256;
    }

    static double scaleDenominator(int z) {
        return cellSize(z) / 0.00028;
    }

    /** The tile's bounds in EPSG:3857. */
    static Envelope bounds(int z, long row, long col) {
        double s = span(z);
        double minX = -HALF + col * s;
        double maxY = HALF - row * s;
        return new Envelope(minX, minX + s, maxY - s, maxY);
    }

    static double x(double lon) {
        return Math.toRadians(lon) * RADIUS;
    }

    static double y(double lat) {
        double phi = Math.toRadians(Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat)));
        return RADIUS * Math.log(Math.tan(Math.PI / 4 + phi / 2));
    }

    static double lon(double x) {
        return Math.toDegrees(x / RADIUS);
    }

    static double lat(double y) {
        return Math.toDegrees(2 * Math.atan(Math.exp(y / RADIUS)) - Math.PI / 2);
    }

    /** The bounds {west, south, east, north} in degrees of an EPSG:3857 box. */
    static double[] lonLat(Envelope metres) {
        return new double[]{lon(metres.getMinX()), lat(metres.getMinY()), lon(metres.getMaxX()), lat(metres.getMaxY())};
    }

    /** A copy of a longitude/latitude geometry in EPSG:3857 (latitudes clamped to the matrix's ±85.05°). */
    static Geometry project(Geometry lonLat) {
        Geometry g = lonLat.copy();
        g.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                double lon = seq.getX(i);
                double lat = seq.getY(i);
                seq.setOrdinate(i, Coordinate.X, x(lon));
                seq.setOrdinate(i, Coordinate.Y, y(lat));
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        return g;
    }
}
