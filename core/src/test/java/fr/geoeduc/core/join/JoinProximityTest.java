package fr.geoeduc.core.join;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * k-nearest and within-distance jointures (YAML specs, as the CLI and the API read them) on generated écoles and
 * collèges, checked pair by pair against a brute-force computation over every (école, collège) pair.
 */
class JoinProximityTest {

    @TempDir
    Path dir;

    private final List<GeoPoint> ecoles = new ArrayList<>();
    private final List<GeoPoint> colleges = new ArrayList<>();

    TestPlatform platform() throws Exception {
        SplittableRandom random = new SplittableRandom(19);
        StringBuilder e = new StringBuilder("uai_ecole,latitude,longitude\n");
        for (int i = 0; i < 1500; i++) {
            GeoPoint p = new GeoPoint(47.6 + random.nextDouble() * 1.2, -2.0 + random.nextDouble() * 1.6);
            ecoles.add(p);
            e.append("E").append(i).append(',').append(p.lat()).append(',').append(p.lon()).append('\n');
        }
        e.append("E-sans-position,,\n");
        StringBuilder c = new StringBuilder("uai,latitude,longitude,nom\n");
        for (int j = 0; j < 120; j++) {
            GeoPoint p = new GeoPoint(47.6 + random.nextDouble() * 1.2, -2.0 + random.nextDouble() * 1.6);
            colleges.add(p);
            c.append("C").append(j).append(',').append(p.lat()).append(',').append(p.lon()).append(",Collège ").append(j).append('\n');
        }
        c.append("C-sans-position,,,Collège sans position\n");
        Files.writeString(dir.resolve("ecoles.csv"), e);
        Files.writeString(dir.resolve("colleges.csv"), c);
        TestPlatform p = new TestPlatform(dir);
        p.ingest(dir.resolve("ecoles.csv"), "ecoles");
        p.ingest(dir.resolve("colleges.csv"), "colleges");
        return p;
    }

    /** The result rows of each école, in the result's order: collège uai → distance. */
    private static Map<String, List<Map.Entry<String, Double>>> byEcole(List<Map<String, Object>> rows) {
        Map<String, List<Map.Entry<String, Double>>> out = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            List<Map.Entry<String, Double>> list = out.computeIfAbsent((String) r.get("uai_ecole"), k -> new ArrayList<>());
            if (r.get("uai") != null) {
                list.add(Map.entry((String) r.get("uai"), (Double) r.get("jointure_distance_m")));
            }
        }
        return out;
    }

    /** Every collège within {@code max} metres of école i (0: any), nearest first (ties: file order), at most {@code k}. */
    private List<Map.Entry<String, Double>> bruteForce(int i, int k, double max) {
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < colleges.size(); j++) {
            if (max <= 0 || ecoles.get(i).distanceTo(colleges.get(j)) <= max) {
                order.add(j);
            }
        }
        order.sort(Comparator.comparingDouble((Integer j) -> ecoles.get(i).distanceTo(colleges.get(j))).thenComparingInt(j -> j));
        return order.stream().limit(k).map(j -> Map.entry("C" + j, Math.round(ecoles.get(i).distanceTo(colleges.get(j)) * 10) / 10d)).toList();
    }

    private JoinService.PlanOutcome run(TestPlatform p, String yaml) {
        JoinPlan plan = JoinPlanParser.parse(yaml, "test.yaml");
        return new JoinService(new QueryService(p.store), p.store).run(Caller.INTERNAL, plan, ProgressListener.NONE);
    }

    @Test
    void theThreeNearestCollegesOfEachEcoleAreThoseOfABruteForceSearch() throws Exception {
        try (TestPlatform p = platform()) {
            JoinService.PlanOutcome o = run(p, """
                    id: ecoles-3-colleges
                    from: ecoles
                    joins:
                      - dataset: colleges
                        nearest: {k: 3}
                        fields: [uai, nom]
                    """);
            List<Map<String, Object>> rows = Rows.read(p.store, o.outcome().version());
            Map<String, List<Map.Entry<String, Double>>> found = byEcole(rows);
            for (int i = 0; i < ecoles.size(); i++) {
                assertThat(found.get("E" + i)).as("école E%d", i).isEqualTo(bruteForce(i, 3, 0));
            }
            assertThat(rows).filteredOn(r -> "E0".equals(r.get("uai_ecole"))).extracting(r -> r.get("jointure_rang")).containsExactly(1L, 2L, 3L);
            assertThat(found.get("E-sans-position")).isEmpty();
            assertThat(rows).hasSize(3 * ecoles.size() + 1);
            assertThat(o.outcome().stats().matched()).isEqualTo(ecoles.size());
            assertThat(o.outcome().stats().outcome(SpatialEngine.NO_POSITION)).isEqualTo(1);
            assertThat(o.outcome().version().lineage().source()).contains("3 plus proches");
            assertThat(o.outcome().report().notes()).anySatisfy(n -> assertThat(n).contains("6 371 008,8 m"));
        }
    }

    @Test
    void everyCollegeWithin5KmAndTheNearestWithin2KmAreThoseOfABruteForceSearch() throws Exception {
        try (TestPlatform p = platform()) {
            JoinService.PlanOutcome within = run(p, """
                    id: ecoles-colleges-5km
                    from: ecoles
                    joins:
                      - dataset: colleges
                        within: {distance_m: 5000}
                        fields: [uai]
                    """);
            Map<String, List<Map.Entry<String, Double>>> found = byEcole(Rows.read(p.store, within.outcome().version()));
            long none = 0;
            for (int i = 0; i < ecoles.size(); i++) {
                List<Map.Entry<String, Double>> expected = bruteForce(i, Integer.MAX_VALUE, 5000);
                assertThat(found.get("E" + i)).as("école E%d", i).isEqualTo(expected);
                none += expected.isEmpty() ? 1 : 0;
            }
            assertThat(none).isPositive();
            assertThat(within.outcome().stats().outcome(ProximityEngine.NO_TARGET)).isEqualTo(none);

            JoinService.PlanOutcome nearest = run(p, """
                    id: ecoles-college-2km
                    from: ecoles
                    joins:
                      - dataset: colleges
                        nearest: {k: 1, max_m: 2000}
                        how: inner
                        fields: [uai]
                    """);
            Map<String, List<Map.Entry<String, Double>>> near = byEcole(Rows.read(p.store, nearest.outcome().version()));
            for (int i = 0; i < ecoles.size(); i++) {
                List<Map.Entry<String, Double>> expected = bruteForce(i, 1, 2000);
                assertThat(near.getOrDefault("E" + i, List.of())).as("école E%d", i).isEqualTo(expected);
            }
        }
    }

    @Test
    void theSearchBoxHoldsTheWholeCapAcrossTheAntimeridianAndNearAPole() {
        SplittableRandom random = new SplittableRandom(3);
        GeoPoint[] targets = new GeoPoint[4000];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = i % 2 == 0 ? new GeoPoint(-20 + random.nextDouble() * 10, random.nextDouble() < 0.5 ? 179 + random.nextDouble() : -180 + random.nextDouble())
                    : new GeoPoint(85 + random.nextDouble() * 5, -180 + random.nextDouble() * 360);
        }
        ProximityIndex index = new ProximityIndex(targets);
        for (GeoPoint p : List.of(new GeoPoint(-15, 179.95), new GeoPoint(-15, -179.95), new GeoPoint(88, 10), new GeoPoint(89.9, -170))) {
            for (double metres : new double[] {20_000, 150_000, 800_000}) {
                long expected = java.util.Arrays.stream(targets).filter(t -> p.distanceTo(t) <= metres).count();
                assertThat(index.within(p, metres)).as("%s %s m", p, metres).hasSize((int) expected);
            }
            ProximityIndex.Near nearest = index.nearest(p, 1, 0).get(0);
            double best = java.util.Arrays.stream(targets).mapToDouble(p::distanceTo).min().orElseThrow();
            assertThat(nearest.metres()).isEqualTo(best);
        }
    }

    @Test
    void aBadProximitySpecNamesItsLine() {
        assertThatThrownBy(() -> JoinPlanParser.parse("""
                id: x
                from: ecoles
                joins:
                  - dataset: colleges
                    nearest: {k: 0}
                """, "x.yaml")).isInstanceOf(JoinException.class).hasMessageContaining("ligne 5").hasMessageContaining("k");
        assertThatThrownBy(() -> JoinPlanParser.parse("""
                id: x
                from: ecoles
                joins:
                  - dataset: colleges
                    within: {k: 2}
                """, "x.yaml")).isInstanceOf(JoinException.class).hasMessageContaining("clé inconnue");
    }
}
