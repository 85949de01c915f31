package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * docs/examples/ips-effectifs-ecoles-35.yaml on ../shared/data (skipped when absent). The expected figures come from
 * the CSV files read line by line without GéoÉduc's code.
 */
class JoinPlanRealFilesTest {

    @TempDir
    Path dir;

    static List<String[]> cells(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).map(l -> l.split(";", -1)).toList();
    }

    @Test
    void theExampleSpecGivesEveryEcoleOfRentree2021ItsIpsAndPosition() throws Exception {
        Path effectifs = SharedData.file("ille-et-vilaine/fr-en-ecoles-effectifs-nb_classes.csv");
        Path ips = SharedData.file("national/fr-en-ips_ecoles-2021-2022.csv");
        Path annuaire = SharedData.file("ille-et-vilaine/fr-en-annuaire-education.csv");
        Path spec = Path.of("..", "docs", "examples", "ips-effectifs-ecoles-35.yaml");

        // the plain scan: effectifs (rentrée;…;uai col 5;…;élèves col 12), IPS (rentrée col 0, uai col 4, IPS col 9), annuaire
        Map<String, Double> ipsByUai2021 = new HashMap<>();
        for (String[] c : cells(ips)) {
            if (c[0].equals("2021-2022")) {
                ipsByUai2021.put(c[4].strip().toUpperCase(), c[9].isBlank() ? null : Double.parseDouble(c[9]));
            }
        }
        Map<String, String> communeOf = new HashMap<>();
        Set<String> located = new HashSet<>();
        for (String[] c : cells(annuaire)) {
            communeOf.putIfAbsent(c[0].replace("\uFEFF", "").strip(), c[8]);
            if (!c[42].isBlank()) {
                located.add(c[0].replace("\uFEFF", "").strip());
            }
        }
        List<String[]> eff = cells(effectifs);
        long effRows = eff.size();
        long matchedIps = eff.stream().filter(c -> c[0].strip().equals("2021") && ipsByUai2021.containsKey(c[5].strip())).count();
        List<String[]> eff2021 = eff.stream().filter(c -> c[0].strip().equals("2021")).toList();
        Map<String, double[]> plain = new TreeMap<>(); // commune → Σ ips × élèves, Σ élèves
        for (String[] c : eff2021) {
            Double v = ipsByUai2021.get(c[5].strip());
            if (v != null && !c[12].isBlank()) {
                double[] acc = plain.computeIfAbsent(String.valueOf(communeOf.get(c[5].strip())), k -> new double[2]);
                acc[0] += v * Double.parseDouble(c[12]);
                acc[1] += Double.parseDouble(c[12]);
            }
        }

        try (TestPlatform p = new TestPlatform(dir)) {
            p.ingest(effectifs, "fr-en-ecoles-effectifs-nb_classes");
            p.ingest(ips, "fr-en-ips_ecoles");
            p.ingest(annuaire, "fr-en-annuaire-education");
            JoinPlan plan = JoinPlanParser.parse(Files.readString(spec), spec.getFileName().toString());
            JoinService.PlanOutcome o = new JoinService(new QueryService(p.store), p.store).run(Caller.INTERNAL, plan, ProgressListener.NONE);

            JoinStats first = o.steps().get(0);
            assertThat(eff2021).hasSizeGreaterThan(500);
            assertThat(first.leftRows()).isEqualTo(effRows);
            // every école of 2021 whose UAI the IPS file has gets its IPS; the others (113 maternelles, which have no IPS by
            // construction, and 28 écoles absent from the IPS file) are the left rows without a match
            assertThat(first.matched()).isEqualTo(matchedIps).isGreaterThan(500);
            assertThat(first.unmatchedLeft()).isEqualTo(effRows - matchedIps);
            assertThat(o.outcome().report().notes()).anyMatch(n -> n.contains("uai : numero_ecole (rôle uai) = uai (nom)"))
                    .anyMatch(n -> n.contains("rentree_scolaire (rentrée N-N+1 ou année de rentrée N → N)"));
            assertThat(o.outcome().version().lineage().parents()).containsExactly("fr-en-ecoles-effectifs-nb_classes@1",
                    "fr-en-ips_ecoles@1", "fr-en-annuaire-education@1");

            List<Map<String, Object>> rows = Rows.read(p.store, o.outcome().version());
            assertThat(rows).hasSize((int) effRows);
            List<Map<String, Object>> rows2021 = rows.stream().filter(r -> "2021".equals(String.valueOf(r.get("rentree_scolaire")))).toList();
            assertThat(rows2021).hasSize(eff2021.size()).allSatisfy(r -> {
                assertThat(r.get("ips") != null).as("IPS of %s", r.get("numero_ecole"))
                        .isEqualTo(ipsByUai2021.get((String) r.get("numero_ecole")) != null);
                assertThat(r.get("position")).as("position of %s", r.get("numero_ecole"))
                        .matches(v -> v instanceof GeoPoint || !located.contains(r.get("numero_ecole")));
            });
            assertThat(rows2021).filteredOn(r -> r.get("position") instanceof GeoPoint).hasSizeGreaterThan(eff2021.size() * 9 / 10);

            Map<String, double[]> fromResult = new TreeMap<>();
            for (Map<String, Object> r : rows2021) {
                if (r.get("ips") instanceof Double v && r.get("nombre_total_eleves") instanceof Long n) {
                    double[] acc = fromResult.computeIfAbsent(String.valueOf(r.get("code_commune")), k -> new double[2]);
                    acc[0] += v * n;
                    acc[1] += n;
                }
            }
            assertThat(fromResult.keySet()).isEqualTo(plain.keySet());
            plain.forEach((commune, acc) -> assertThat(fromResult.get(commune)[0] / fromResult.get(commune)[1])
                    .as("IPS moyen pondéré de %s", commune).isCloseTo(acc[0] / acc[1], within(1e-9)));
        }
    }
}
