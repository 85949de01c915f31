package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * National collèges (../shared/data, skipped when absent): DNB résultats × IPS collèges × géolocalisation by UAI.
 * The strict rule (session N ↔ rentrée N-1) is stated and, on these files (sessions 2021 and 2023, IPS of rentrée 2023
 * only), matches nothing; "latest IPS per UAI" then joins, and the counts equal a plain scan's.
 */
class JoinCollegesNationalTest {

    @TempDir
    Path dir;

    @Test
    void dnbTimesIpsTimesGeolocalisationWithTheRuleStated() throws Exception {
        Path dnbFile = SharedData.file("national/fr-en-dnb-par-etablissement.csv");
        Path ipsFile = SharedData.file("national/fr-en-ips-colleges-extract.csv");
        Path geoFile = SharedData.file("national/fr-en-adresse-et-geolocalisation-colleges-2024.csv");
        List<String[]> dnb = JoinRealFilesTest.scan(dnbFile, ',', 1, 2); // uai, session
        Set<String> ipsUais = JoinRealFilesTest.scan(ipsFile, ';', 1, -1).stream().map(r -> r[0]).collect(Collectors.toSet());
        Set<String> geoUais = JoinRealFilesTest.scan(geoFile, ';', 0, -1).stream().map(r -> r[0]).collect(Collectors.toSet());
        long withIps = dnb.stream().filter(r -> ipsUais.contains(r[0])).count();
        long located = dnb.stream().filter(r -> geoUais.contains(r[0])).count();

        try (TestPlatform p = new TestPlatform(dir)) {
            p.ingest(dnbFile, "fr-en-dnb-par-etablissement");
            p.ingest(ipsFile, "fr-en-ips_colleges");
            p.ingest(geoFile, "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre");
            JoinService service = new JoinService(new QueryService(p.store), p.store);

            JoinService.PlanOutcome strict = service.run(Caller.INTERNAL, JoinPlanParser.parse("""
                    id: dnb-ips-strict
                    from: fr-en-dnb-par-etablissement
                    joins:
                      - dataset: fr-en-ips_colleges
                        on: [uai, rentree_scolaire]
                        fields: [ips]
                    """, "strict.yaml"), ProgressListener.NONE);
            assertThat(strict.outcome().report().notes()).anyMatch(n -> n.contains("session (session N (examen de fin d'année) → rentrée N-1)")
                    && n.contains("rentree_scolaire (rentrée N-N+1 ou année de rentrée N → N)"));
            long sessions2024 = dnb.stream().filter(r -> r[1].equals("2024") && ipsUais.contains(r[0])).count(); // rentrée 2023
            assertThat(strict.steps().get(0).matched()).isEqualTo(sessions2024).isZero();

            JoinService.PlanOutcome o = service.run(Caller.INTERNAL, JoinPlanParser.parse("""
                    id: colleges-dnb-ips-geo
                    from: fr-en-dnb-par-etablissement
                    joins:
                      - dataset: fr-en-ips_colleges
                        on: [uai]
                        latest: rentree_scolaire
                        fields: [ips, rentree_scolaire]
                      - dataset: fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre
                        on: [uai]
                        fields: [position, code_commune]
                    """, "colleges.yaml"), ProgressListener.NONE);
            JoinStats ips = o.steps().get(0);
            JoinStats geo = o.steps().get(1);
            assertThat(ips.matched()).isEqualTo(withIps).isGreaterThan(6_000);
            assertThat(ips.unmatchedLeft()).isEqualTo(dnb.size() - withIps);
            assertThat(geo.matched()).isEqualTo(located);
            assertThat(geo.unmatchedLeft()).isEqualTo(dnb.size() - located);
            assertThat(o.outcome().report().notes()).anyMatch(n -> n.contains("dernière valeur par clé"))
                    .anyMatch(n -> n.contains("uai : numero_d_etablissement (rôle uai) = numero_uai (rôle uai)"));
            // the unmatched UAIs are listed with their key
            assertThat(o.outcome().report().results()).filteredOn(r -> r.rule().equals(JoinStats.UNMATCHED_LEFT + "-2"))
                    .singleElement().satisfies(r -> assertThat(r.examples()).isNotEmpty()
                            .allSatisfy(f -> assertThat(f.value()).startsWith("numero_d_etablissement=")));
            assertThat(o.outcome().version().lineage().parents()).containsExactly("fr-en-dnb-par-etablissement@1", "fr-en-ips_colleges@1",
                    "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre@1");
        }
    }
}
