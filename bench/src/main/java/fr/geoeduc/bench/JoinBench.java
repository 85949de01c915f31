package fr.geoeduc.bench;

import fr.geoeduc.core.ingest.GeoJsonFeatures;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.join.PolygonIndex;
import fr.geoeduc.core.join.PolygonIndexCache;
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
 * GéoÉduc's point-in-polygon join (the spatial step's PolygonIndex over its PolygonGrid, kept between runs by a
 * PolygonIndexCache; points located in parallel) on generated points × the commune polygons of ../shared/data/geometry/communes-2018.
 * <pre>
 *   JoinBench prepare COMMUNES_DIR N WORK   writes WORK/communes.csv (idx, code, WKT) and WORK/points.csv (id, lon, lat)
 *   JoinBench run COMMUNES_DIR N WORK       times the index (built; built and written; read back from its file) and the
 *                                           points located with it (best of 3 each), writes WORK/geoeduc-answers.csv (id, idx)
 * </pre>
 * Points: a random polygon, then a uniform point in its envelope (seed 42), so most points fall in a commune.
 */
public final class JoinBench {

    /** This process's CPU time, every thread, in nanoseconds. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

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
        // 1. the index built from the polygons, as the first jointure on a polygon version does (best of 3 builds)
        double build = Double.MAX_VALUE;
        double buildCpu = Double.MAX_VALUE;
        PolygonIndex built = null;
        for (int round = 0; round < 3; round++) {
            long c0 = cpu();
            long t0 = System.nanoTime();
            built = new PolygonIndex(polygons);
            build = Math.min(build, (System.nanoTime() - t0) / 1e9);
            buildCpu = Math.min(buildCpu, (cpu() - c0) / 1e9);
        }
        // 2. the first run with a cache: builds the index and writes its file
        Path indexDir = work.resolve("polygon-index");
        deleteTree(indexDir);
        long t0 = System.nanoTime();
        PolygonIndex.cached(polygons, new PolygonIndexCache(indexDir, 0), "communes-2018", 1);
        double buildAndWrite = (System.nanoTime() - t0) / 1e9;
        // 3. later runs (a new process: nothing in memory): the index read back from its file (best of 3)
        double load = Double.MAX_VALUE;
        double loadCpu = Double.MAX_VALUE;
        PolygonIndex index = null;
        for (int round = 0; round < 3; round++) {
            PolygonIndexCache fresh = new PolygonIndexCache(indexDir, 0);
            long c1 = cpu();
            long t1 = System.nanoTime();
            index = PolygonIndex.cached(polygons, fresh, "communes-2018", 1);
            load = Math.min(load, (System.nanoTime() - t1) / 1e9);
            loadCpu = Math.min(loadCpu, (cpu() - c1) / 1e9);
            if (fresh.loads().fromFile() != 1) {
                throw new IllegalStateException("the index was not read from its file: " + fresh.loads());
            }
        }
        // 4. locating the points with the index ready (best of 3), in parallel on every core
        double locate = Double.MAX_VALUE;
        double locateCpu = Double.MAX_VALUE;
        PolygonIndex ready = index;
        for (int round = 0; round < 3; round++) {
            long c1 = cpu();
            long t1 = System.nanoTime();
            PolygonIndex.Hit[] hits = ready.locateAll(lon, lat);
            IntStream.range(0, n).parallel().forEach(i -> answer[i] = hits[i].polygon());
            locate = Math.min(locate, (System.nanoTime() - t1) / 1e9);
            locateCpu = Math.min(locateCpu, (cpu() - c1) / 1e9);
        }
        // the index read back answers exactly as the one just built
        PolygonIndex fromScratch = built;
        long differ = IntStream.range(0, n).parallel().filter(i -> fromScratch.locate(lon[i], lat[i]).polygon() != answer[i]).count();
        if (differ > 0) {
            throw new IllegalStateException(differ + " points placed differently by the index read back from its file");
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
        System.out.printf(java.util.Locale.ROOT, "geoeduc points=%d polygons=%d matched=%d build_s=%.3f build_write_s=%.3f load_s=%.3f "
                        + "locate_s=%.3f warm_s=%.3f cold_s=%.3f points_per_s_per_core=%.0f cores=%d cpu_build_s=%.3f cpu_load_s=%.3f cpu_locate_s=%.3f "
                        + "points_per_cpu_s=%.0f%n", n, polygons.length, matched, build, buildAndWrite, load, locate, load + locate, build + locate,
                n / locate / cores, cores, buildCpu, loadCpu, locateCpu, n / locateCpu);
    }
}
