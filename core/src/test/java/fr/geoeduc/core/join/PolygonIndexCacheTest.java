package fr.geoeduc.core.join;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A polygon index kept in memory or read back from its file answers exactly as one built from the polygons; a corrupt,
 * truncated or foreign file is refused and rebuilt; other polygons under the same dataset version get their own index.
 */
class PolygonIndexCacheTest {

    @TempDir
    Path dir;

    /** Overlapping discs and squares with holes: 1,500 polygons, points inside several, on boundaries and outside all. */
    private static Geometry[] polygons(long seed) {
        GeometryFactory f = new GeometryFactory();
        SplittableRandom random = new SplittableRandom(seed);
        Geometry[] out = new Geometry[1500];
        for (int i = 0; i < out.length; i++) {
            double x = random.nextDouble() * 10;
            double y = 40 + random.nextDouble() * 10;
            double r = 0.05 + random.nextDouble() * 0.4;
            Geometry g = f.createPoint(new Coordinate(x, y)).buffer(r, 4 + random.nextInt(12));
            out[i] = i % 7 == 0 ? g.difference(f.createPoint(new Coordinate(x, y)).buffer(r / 3)) : i % 97 == 0 ? null : g;
        }
        return out;
    }

    private static double[][] points() {
        SplittableRandom random = new SplittableRandom(3);
        double[][] pts = new double[200_000][];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = new double[] {-0.5 + random.nextDouble() * 11, 39.5 + random.nextDouble() * 11};
        }
        return pts;
    }

    private static void sameAnswers(PolygonIndex expected, PolygonIndex actual) {
        int inSeveral = 0;
        for (double[] p : points()) {
            PolygonIndex.Hit e = expected.locate(p[0], p[1]);
            assertThat(actual.locate(p[0], p[1])).as("point %s %s", p[0], p[1]).isEqualTo(e);
            inSeveral += e.candidates() > 1 ? 1 : 0;
        }
        assertThat(inSeveral).isGreaterThan(1000);
    }

    @Test
    void aKeptIndexAnswersAsAFreshOneFromMemoryAndFromItsFile() throws Exception {
        Geometry[] polygons = polygons(1);
        PolygonIndex fresh = new PolygonIndex(polygons);
        PolygonIndexCache cache = new PolygonIndexCache(dir, 1L << 30);
        PolygonIndex first = PolygonIndex.cached(polygons, cache, "communes", 3);
        PolygonIndex again = PolygonIndex.cached(polygons, cache, "communes", 3);
        assertThat(cache.loads()).isEqualTo(new PolygonIndexCache.Loads(1, 1, 0, 0));
        Path file = cache.file("communes", 3, PolygonRings.of(polygons).fingerprint());
        assertThat(file).exists();

        PolygonIndexCache restarted = new PolygonIndexCache(dir, 1L << 30);
        PolygonIndex read = PolygonIndex.cached(polygons, restarted, "communes", 3);
        assertThat(restarted.loads()).isEqualTo(new PolygonIndexCache.Loads(0, 0, 1, 0));
        sameAnswers(fresh, first);
        sameAnswers(fresh, again);
        sameAnswers(fresh, read);
    }

    @Test
    void aCorruptOrTruncatedFileIsRefusedAndRebuilt() throws Exception {
        Geometry[] polygons = polygons(2);
        PolygonIndex fresh = new PolygonIndex(polygons);
        PolygonIndex.cached(polygons, new PolygonIndexCache(dir, 0), "communes", 1);
        Path file = new PolygonIndexCache(dir, 0).file("communes", 1, PolygonRings.of(polygons).fingerprint());
        long size = Files.size(file);

        // one byte flipped in the grid's cells (after the vertices): only the CRC tells
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            var b = java.nio.ByteBuffer.allocate(1);
            long at = size - 200;
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
            ch.write(b, at);
        }
        PolygonIndexCache afterCorruption = new PolygonIndexCache(dir, 0);
        sameAnswers(fresh, PolygonIndex.cached(polygons, afterCorruption, "communes", 1));
        assertThat(afterCorruption.loads()).isEqualTo(new PolygonIndexCache.Loads(1, 0, 0, 1));
        PolygonIndexCache afterRebuild = new PolygonIndexCache(dir, 0);
        sameAnswers(fresh, PolygonIndex.cached(polygons, afterRebuild, "communes", 1));
        assertThat(afterRebuild.loads()).as("the rebuilt file is read").isEqualTo(new PolygonIndexCache.Loads(0, 0, 1, 0));

        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size / 2);
        }
        PolygonIndexCache afterTruncation = new PolygonIndexCache(dir, 0);
        sameAnswers(fresh, PolygonIndex.cached(polygons, afterTruncation, "communes", 1));
        assertThat(afterTruncation.loads()).isEqualTo(new PolygonIndexCache.Loads(1, 0, 0, 1));
    }

    @Test
    void otherPolygonsNeverGetAnotherSetsIndex() throws Exception {
        Geometry[] polygons = polygons(4);
        Geometry[] moved = polygons.clone();
        moved[10] = polygons[10].copy();
        moved[10].getCoordinates()[0].x += 1e-7;
        moved[10].getCoordinates()[moved[10].getCoordinates().length - 1].x += 1e-7;
        moved[10].geometryChanged();
        PolygonIndexCache cache = new PolygonIndexCache(dir, 1L << 30);
        PolygonIndex.cached(polygons, cache, "communes", 1);
        PolygonIndex.cached(moved, cache, "communes", 1);
        assertThat(cache.loads().built()).as("a moved vertex is another set of polygons").isEqualTo(2);

        // a file of another set of polygons under this set's name (as if two digests met): refused on the vertices
        Path mine = cache.file("communes", 1, PolygonRings.of(moved).fingerprint());
        Path other = cache.file("communes", 1, PolygonRings.of(polygons).fingerprint());
        Files.copy(other, mine, StandardCopyOption.REPLACE_EXISTING);
        PolygonIndexCache restarted = new PolygonIndexCache(dir, 0);
        sameAnswers(new PolygonIndex(moved), PolygonIndex.cached(moved, restarted, "communes", 1));
        assertThat(restarted.loads()).isEqualTo(new PolygonIndexCache.Loads(1, 0, 0, 1));
    }
}
