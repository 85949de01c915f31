package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The real files of ../shared/data (skipped, with the reason, when absent): DNB résultats × IPS des collèges by UAI.
 * The expected counts come from a plain scan of the two CSV files, read line by line without GéoÉduc's code.
 */
class JoinRealFilesTest {

    @TempDir
    Path dir;

    /** The UAI column of each line (quotes and BOM removed, upper-cased), with the IPS when asked. */
    static List<String[]> scan(Path file, char separator, int uaiColumn, int valueColumn) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).map(l -> {
            String[] cells = l.split(String.valueOf(separator), -1);
            String uai = cells[uaiColumn].replace("\"", "").strip().toUpperCase(Locale.ROOT);
            return new String[] {uai, valueColumn < 0 ? null : cells[valueColumn]};
        }).toList();
    }

    @Test
    void dnbTimesIpsCollegesByUaiMatchesAPlainScan() throws Exception {
        Path dnbFile = SharedData.file("national/fr-en-dnb-par-etablissement.csv");
        Path ipsFile = SharedData.file("national/fr-en-ips-colleges-extract.csv");
        List<String[]> dnb = scan(dnbFile, ',', 1, -1);
        List<String[]> ips = scan(ipsFile, ';', 1, 2);
        Map<String, List<Double>> ipsByUai = new HashMap<>();
        ips.forEach(r -> ipsByUai.computeIfAbsent(r[0], k -> new java.util.ArrayList<>())
                .add(r[1].isBlank() ? null : Double.parseDouble(r[1].replace(',', '.'))));
        Set<String> dnbUais = dnb.stream().map(r -> r[0]).collect(Collectors.toSet());
        long matched = dnb.stream().filter(r -> ipsByUai.containsKey(r[0])).count();
        long collapsed = dnb.stream().filter(r -> ipsByUai.getOrDefault(r[0], List.of()).size() > 1).count();
        long unmatchedRight = ips.stream().filter(r -> !dnbUais.contains(r[0])).count();

        try (TestPlatform p = new TestPlatform(dir)) {
            p.ingest(dnbFile, "fr-en-dnb-par-etablissement");
            p.ingest(ipsFile, "fr-en-ips_colleges");
            JoinSpec spec = new JoinSpec("fr-en-dnb-par-etablissement", "fr-en-ips_colleges",
                    List.of(KeyPair.parse("numero_d_etablissement=uai", false)), JoinKind.LEFT,
                    List.of(FieldAggregation.parse("ips:mean"), FieldAggregation.parse("uai:count")), false, "dnb-ips-colleges", null, 0);
            JoinService.Outcome o = new JoinService(new QueryService(p.store), p.store).run(Caller.INTERNAL, spec, ProgressListener.NONE);

            assertThat(matched).isGreaterThan(1000);
            assertThat(o.stats().matched()).isEqualTo(matched);
            assertThat(o.stats().unmatchedLeft()).isEqualTo(dnb.size() - matched);
            assertThat(o.stats().unmatchedRight()).isEqualTo(unmatchedRight);
            assertThat(o.stats().collapsedLeft()).isEqualTo(collapsed);
            assertThat(o.version().rowCount()).isEqualTo(dnb.size());
            assertThat(o.version().lineage().parents()).containsExactly("fr-en-dnb-par-etablissement@1", "fr-en-ips_colleges@1");
            Map<String, Object> first = Rows.read(p.store, o.version()).stream()
                    .filter(r -> ipsByUai.containsKey((String) r.get("numero_d_etablissement"))).findFirst().orElseThrow();
            List<Double> values = ipsByUai.get((String) first.get("numero_d_etablissement")).stream().filter(v -> v != null).toList();
            assertThat((Double) first.get("ips_mean")).isCloseTo(values.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), within(1e-9));
        }
    }
}
