package fr.geoeduc.bench;

import fr.geoeduc.core.ingest.GeoJsonFeatures;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.join.PolygonIndex;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTWriter;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * GéoÉduc's point-in-polygon join (the spatial step's PolygonIndex: STR-tree + indexed point-in-area locators, points
 * located in parallel) on generated points × the commune polygons of ../shared/data/geometry/communes-2018.
 * <pre>
 *   JoinBench prepare COMMUNES_DIR N WORK   writes WORK/communes.csv (idx, code, WKT) and WORK/points.csv (id, lon, lat)
 *   JoinBench run COMMUNES_DIR N WORK       times the join (best of 3), writes WORK/geoeduc-answers.csv (id, idx)
 * </pre>
 * Points: a random polygon, then a uniform point in its envelope (seed 42), so most points fall in a commune.
 */
public final class JoinBench {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        Path work = Files.createDirectories(Path.of(args[3]));
        List<String> codes = new ArrayList<>();
        List<Geometry> shapes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".geojson")).sorted().toList()) {
                new GeoJsonFeatures(f, f.toString()).forEach(true, ProgressListener.NONE, feature -> {
                    codes.add(feature.properties().get("code").asText());
                    shapes.add(feature.geometry());
                });
            }
        }
        double[] lon = new double[n];
        double[] lat = new double[n];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < n; i++) {
            Envelope e = shapes.get(random.nextInt(shapes.size())).getEnvelopeInternal();
            lon[i] = e.getMinX() + random.nextDouble() * e.getWidth();
            lat[i] = e.getMinY() + random.nextDouble() * e.getHeight();
        }
        if (args[0].equals("prepare")) {
            WKTWriter wkt = new WKTWriter();
            try (BufferedWriter w = Files.newBufferedWriter(work.resolve("communes.csv"), StandardCharsets.UTF_8)) {
                for (int j = 0; j < shapes.size(); j++) {
                    w.write(j + "\t" + codes.get(j) + "\t" + wkt.write(shapes.get(j)) + "\n");
                }
            }
            try (BufferedWriter w = Files.newBufferedWriter(work.resolve("points.csv"), StandardCharsets.UTF_8)) {
                for (int i = 0; i < n; i++) {
                    w.write(i + "\t" + lon[i] + "\t" + lat[i] + "\n");
                }
            }
            System.out.printf("polygons %d, points %d written to %s%n", shapes.size(), n, work);
            return;
        }
        Geometry[] polygons = shapes.toArray(Geometry[]::new);
        int[] answer = new int[n];
        double best = Double.MAX_VALUE;
        double bestLocate = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            PolygonIndex index = new PolygonIndex(polygons);
            long t1 = System.nanoTime();
            IntStream.range(0, n).parallel().forEach(i -> answer[i] = index.locate(lon[i], lat[i]).polygon());
            long t2 = System.nanoTime();
            best = Math.min(best, (t2 - t0) / 1e9);
            bestLocate = Math.min(bestLocate, (t2 - t1) / 1e9);
        }
        long matched = IntStream.of(answer).filter(a -> a >= 0).count();
        try (BufferedWriter w = Files.newBufferedWriter(work.resolve("geoeduc-answers.csv"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                if (answer[i] >= 0) {
                    w.write(i + "\t" + answer[i] + "\n");
                }
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(java.util.Locale.ROOT, "geoeduc points=%d polygons=%d matched=%d total_s=%.3f locate_s=%.3f points_per_s=%.0f "
                + "points_per_s_per_core=%.0f cores=%d%n", n, polygons.length, matched, best, bestLocate, n / best, n / best / cores, cores);
    }
}
