package fr.geoeduc.core.join;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

import java.util.Arrays;

/**
 * The boundary rings of a list of polygons as flat arrays: vertex {@code v} at ({@code vx[v]}, {@code vy[v]}) belongs
 * to polygon {@code owner[v]}, or is the last vertex of a ring of polygon {@code -1 - owner[v]}. A {@link PolygonGrid}
 * is a function of these arrays alone, so equal rings mean an equal grid: a grid kept in memory or in a file is reused
 * for the polygons whose rings are exactly its own.
 */
final class PolygonRings {

    final double[] vx;
    final double[] vy;
    final int[] owner;
    /** How many polygons (slots of the input, null or empty ones included). */
    final int polygons;

    PolygonRings(double[] vx, double[] vy, int[] owner, int polygons) {
        this.vx = vx;
        this.vy = vy;
        this.owner = owner;
        this.polygons = polygons;
    }

    /** The rings of the polygon parts of {@code polygons} (null and empty slots have none). */
    static PolygonRings of(Geometry[] polygons) {
        int vertices = 0;
        for (Geometry g : polygons) {
            if (g != null && !g.isEmpty()) {
                vertices += g.getNumPoints();
            }
        }
        double[] vx = new double[vertices];
        double[] vy = new double[vertices];
        int[] owner = new int[vertices];
        int v = 0;
        for (int p = 0; p < polygons.length; p++) {
            Geometry g = polygons[p];
            if (g == null || g.isEmpty()) {
                continue;
            }
            for (int k = 0; k < g.getNumGeometries(); k++) {
                if (!(g.getGeometryN(k) instanceof Polygon poly)) {
                    continue;
                }
                for (int r = -1; r < poly.getNumInteriorRing(); r++) {
                    LineString ring = r < 0 ? poly.getExteriorRing() : poly.getInteriorRingN(r);
                    var seq = ring.getCoordinateSequence();
                    for (int i = 0, n = seq.size(); i < n; i++) {
                        vx[v] = seq.getX(i);
                        vy[v] = seq.getY(i);
                        owner[v] = i + 1 < n ? p : -1 - p;
                        v++;
                    }
                }
            }
        }
        return v == vertices ? new PolygonRings(vx, vy, owner, polygons.length)
                : new PolygonRings(Arrays.copyOf(vx, v), Arrays.copyOf(vy, v), Arrays.copyOf(owner, v), polygons.length);
    }

    /** The envelope of every vertex (null when there is none). */
    Envelope envelope() {
        Envelope e = new Envelope();
        if (vx.length == 0) {
            return e;
        }
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vx.length; v++) {
            minX = Math.min(minX, vx[v]);
            maxX = Math.max(maxX, vx[v]);
            minY = Math.min(minY, vy[v]);
            maxY = Math.max(maxY, vy[v]);
        }
        e.init(minX, maxX, minY, maxY);
        return e;
    }

    /** A 64-bit digest of every vertex and owner: the name a kept grid is found under (equality is then checked in full). */
    long fingerprint() {
        long h = 0x5851_F42D_4C95_7F2DL ^ polygons;
        for (int v = 0; v < vx.length; v++) {
            h = mix(h, Double.doubleToLongBits(vx[v]));
            h = mix(h, Double.doubleToLongBits(vy[v]));
            h = mix(h, owner[v]);
        }
        h ^= vx.length;
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        return h;
    }

    private static long mix(long h, long value) {
        return Long.rotateLeft(h ^ (value * 0x9E37_79B9_7F4A_7C15L), 27) * 0xC2B2_AE3D_27D4_EB4FL + 0x1656_67B1_9E37_79F9L;
    }

    /** Whether both hold exactly the same vertices, owners and polygon count. */
    boolean sameAs(PolygonRings other) {
        return polygons == other.polygons && Arrays.equals(owner, other.owner) && Arrays.equals(vx, other.vx) && Arrays.equals(vy, other.vy);
    }

    long bytes() {
        return 20L * vx.length;
    }
}
