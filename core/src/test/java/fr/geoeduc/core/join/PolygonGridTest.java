package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.GeoJsonFeatures;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grid's answers (first polygon, how many contain the point) equal those of testing every polygon whose envelope
 * holds the point, on random points, on every vertex and on edge midpoints (points on a boundary), with overlaps, holes,
 * multipolygons, a polygon inside another, and on the 35,357 real 2018 communes; one point at a time and all at once.
 */
class PolygonGridTest {

    @Test
    void sameAnswersAsTheScanOnOverlapsHolesAndBoundaries() throws Exception {
        WKTReader wkt = new WKTReader();
        Geometry[] polygons = {
                wkt.read("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))"),
                wkt.read("POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))"),
                wkt.read("POLYGON ((5 5, 15 5, 15 15, 5 15, 5 5))"),
                null,
                wkt.read("MULTIPOLYGON (((2.5 2.5, 3.5 2.5, 3 3.5, 2.5 2.5)), ((30 30, 31 30, 31 31, 30 30)))"),
                wkt.read("POLYGON ((1 1, 9 1, 9 9, 1 9, 1 1))"),
                wkt.read("POLYGON ((0 0, 0.001 0, 0.001 0.0000001, 0 0))"),
        };
        PolygonIndex index = new PolygonIndex(polygons);
        List<double[]> points = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            points.add(new double[] {-1 + random.nextDouble() * 33, -1 + random.nextDouble() * 33});
        }
        boundaryPoints(polygons, points);
        int onGrid = compare(index, points);
        assertThat(onGrid).isEqualTo(points.size());
        // the degenerate cases are there: points in two polygons, on boundaries, in the hole
        assertThat(points.stream().filter(p -> index.scan(p[0], p[1]).candidates() > 1).count()).isGreaterThan(1000);
        assertThat(index.locate(3, 3.2).polygon()).isEqualTo(4);
        assertThat(index.locate(3, 3.2).candidates()).isEqualTo(2);
        assertThat(index.locate(10, 2).candidates()).isEqualTo(2);
        assertThat(index.locate(2.2, 2.2).polygon()).isEqualTo(5);
    }

    @Test
    void sameAnswersAsTheScanOnThe2018Communes() throws Exception {
        Path dir = SharedData.file("geometry/departements.geojson").resolveSibling("communes-2018");
        List<Geometry> shapes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".geojson")).sorted().toList()) {
                new GeoJsonFeatures(f, f.toString()).forEach(true, ProgressListener.NONE, feature -> shapes.add(feature.geometry()));
            }
        }
        Geometry[] polygons = shapes.toArray(Geometry[]::new);
        PolygonIndex index = new PolygonIndex(polygons);
        List<double[]> points = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 300_000; i++) {
            Envelope e = polygons[random.nextInt(polygons.length)].getEnvelopeInternal();
            points.add(new double[] {e.getMinX() + random.nextDouble() * e.getWidth(), e.getMinY() + random.nextDouble() * e.getHeight()});
        }
        Geometry[] some = new Geometry[2000];
        for (int i = 0; i < some.length; i++) {
            some[i] = polygons[random.nextInt(polygons.length)];
        }
        boundaryPoints(some, points);
        assertThat(compare(index, points)).isEqualTo(points.size());
    }

    /** Every vertex and every edge midpoint of the polygons. */
    private static void boundaryPoints(Geometry[] polygons, List<double[]> points) {
        for (Geometry g : polygons) {
            if (g == null) {
                continue;
            }
            Coordinate[] cs = g.getCoordinates();
            for (int i = 0; i < cs.length; i++) {
                points.add(new double[] {cs[i].x, cs[i].y});
                if (i + 1 < cs.length) {
                    points.add(new double[] {(cs[i].x + cs[i + 1].x) / 2, (cs[i].y + cs[i + 1].y) / 2});
                }
            }
        }
    }

    /** Each point by {@link PolygonIndex#locate}, and all at once by {@link PolygonIndex#locateAll}, against the scan. */
    private static int compare(PolygonIndex index, List<double[]> points) {
        double[] lon = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] lat = points.stream().mapToDouble(p -> p[1]).toArray();
        PolygonIndex.Hit[] all = index.locateAll(lon, lat);
        int same = 0;
        for (int i = 0; i < lon.length; i++) {
            PolygonIndex.Hit grid = index.locate(lon[i], lat[i]);
            PolygonIndex.Hit scan = index.scan(lon[i], lat[i]);
            assertThat(grid).as("point %s %s", lon[i], lat[i]).isEqualTo(scan);
            assertThat(all[i]).as("point %s %s, all at once", lon[i], lat[i]).isEqualTo(scan);
            same++;
        }
        return same;
    }
}
