package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.referentiel.Referentiels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The join engine's key step on N × N generated rows in memory (the "1M × 1M key join under 1 s"): left rows
 * {@code uai, effectif}, right rows {@code uai, ips} in another order, a left join on the UAI, one right row per key.
 * Times the engine alone (the rows already read), best of 5 (wall clock and process CPU time, a full GC before each); in this package because the engine is package-private.
 * <pre>  java -cp core/target/classes:… fr.geoeduc.core.join.KeyJoinBench 1000000</pre>
 */
public final class KeyJoinBench {

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        SplittableRandom random = new SplittableRandom(42);
        List<Object[]> left = new ArrayList<>(n);
        List<Object[]> right = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            left.add(new Object[] {String.format("%07dA", i), (long) random.nextInt(30)});
        }
        for (int i = n - 1; i >= 0; i--) {
            right.add(new Object[] {String.format("%07dA", i), 60 + random.nextDouble() * 80});
        }
        Schema ls = new Schema(List.of(Field.derived("uai", "UAI", FieldType.TEXT, ""), Field.derived("effectif", "Effectif", FieldType.INT, "")));
        Schema rs = new Schema(List.of(Field.derived("uai", "UAI", FieldType.TEXT, ""), Field.derived("ips", "IPS", FieldType.DOUBLE, "")));
        JoinInput l = new JoinInput("gauche", 1, false, ls, left, Map.of(), null);
        JoinInput r = new JoinInput("droite", 1, false, rs, right, Map.of(), null);
        JoinSpec spec = new JoinSpec("gauche", "droite", List.of(new KeyPair("uai", "uai", false)), JoinKind.LEFT, List.of(), false,
                "resultat", null, 0, List.of());
        CommuneCodes communes = new CommuneCodes(Referentiels.builtIn());
        double best = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        long matched = 0;
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int round = 0; round < 5; round++) {
            System.gc();
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            JoinEngine.Result result = new JoinEngine(spec, l, r, communes).run(ProgressListener.NONE);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            bestCpu = Math.min(bestCpu, (os.getProcessCpuTime() - c0) / 1e9);
            matched = result.stats().matched();
        }
        System.out.printf(java.util.Locale.ROOT, "key join left=%d right=%d matched=%d best_s=%.3f cpu_s=%.3f rows_per_s=%.0f cores=%d%n", n, n,
                matched, best, bestCpu, n / best, Runtime.getRuntime().availableProcessors());
    }
}
