package fr.geoeduc.bench;

import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.store.SqliteStore;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * In-process ingest throughput, without JVM start-up: ingests one file several times in the same JVM, each time
 * into a fresh store, through the same API the CLI uses (SqliteStore, Ingester, IngestRequest). Warm-up runs are
 * not counted. Not a test: it prints figures and never fails on timing.
 *
 * <pre>java -Xmx1g -cp geoeduc.jar:classes fr.geoeduc.bench.IngestBench FILE DATASET_ID WORK_DIR [WARMUP] [RUNS]</pre>
 *
 * The last line is machine-readable: {@code RESULT rows=… bytes=… best_s=… median_s=… best_cpu_s=… max_heap_mb=…}
 * (heap use: run with -Xlog:gc);
 * cpu is the CPU time of the whole process during the run (all threads, so it includes JIT compilation and GC).
 */
public final class IngestBench {

    private IngestBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: IngestBench FILE DATASET_ID WORK_DIR [WARMUP=2] [RUNS=3]");
            System.exit(2);
        }
        Path file = Path.of(args[0]).toAbsolutePath().normalize();
        String dataset = args[1];
        Path work = Path.of(args[2]);
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        long bytes = Files.size(file);
        SchemaRegistry registry = SchemaRegistry.load();

        List<Double> measured = new ArrayList<>();
        List<Double> measuredCpu = new ArrayList<>();
        long rows = -1;
        for (int i = 0; i < warmup + runs; i++) {
            boolean warm = i >= warmup;
            Path dir = work.resolve("run-" + i);
            deleteTree(dir);
            long t0 = System.nanoTime();
            long c0 = processCpuNanos();
            IngestResult result;
            try (SqliteStore store = SqliteStore.open(dir)) {
                Ingester ingester = new Ingester(store, registry, dir.resolve("downloads"));
                result = ingester.ingest(IngestRequest.of(file.toString(), dataset), ProgressListener.NONE);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpuNanos() - c0) / 1e9;
            rows = result.version().rowCount();
            System.out.printf(Locale.ROOT, "%-7s run %d: %.3f s (cpu %.3f s, all threads)  %d rows  %.0f rows/s  %.2f MB/s%n",
                    warm ? "measure" : "warm-up", i, seconds, cpu, rows, rows / seconds, bytes / 1e6 / seconds);
            if (warm) {
                measured.add(seconds);
                measuredCpu.add(cpu);
            }
            deleteTree(dir);
        }
        double[] sorted = measured.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double best = sorted.length == 0 ? Double.NaN : sorted[0];
        double median = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
        double bestCpu = measuredCpu.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "RESULT rows=%d bytes=%d best_s=%.3f median_s=%.3f best_cpu_s=%.3f all_s=%s max_heap_mb=%.0f%n",
                rows, bytes, best, median, bestCpu, Arrays.stream(sorted).mapToObj(d -> String.format(Locale.ROOT, "%.3f", d)).toList().toString().replace(" ", ""),
                Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    /** CPU time of the whole process (all threads: ingest, JIT compilers, GC), or -1 if the JVM does not say. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
