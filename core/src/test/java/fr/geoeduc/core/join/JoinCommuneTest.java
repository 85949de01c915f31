package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Commune jointures: an absorbed commune's code meets its commune nouvelle through the COG history; PLM arrondissements their commune. */
class JoinCommuneTest {

    @TempDir
    Path dir;

    /** Secteurs of the carte scolaire (left) with old, current and arrondissement codes; communes (right) with current codes. */
    TestPlatform platform(boolean withHistory) throws Exception {
        TestPlatform p = new TestPlatform(dir);
        Files.writeString(dir.resolve("secteurs.csv"), """
                secteur,code_insee
                S1,35100
                S2,35163
                S3,75118
                S4,35238
                S5,35999
                """);
        Files.writeString(dir.resolve("communes.csv"), """
                com,population
                35163,1700
                75056,2100000
                35238,220000
                35001,500
                """);
        p.ingest(dir.resolve("secteurs.csv"), "secteurs");
        p.ingest(dir.resolve("communes.csv"), "communes-pop");
        if (withHistory) { // the COG events of the 2019 merger, in INSEE's layout, written by the test
            Files.writeString(dir.resolve("mvt.csv"), """
                    MOD,DATE_EFF,TYPECOM_AV,COM_AV,TNCC_AV,NCC_AV,NCCENR_AV,LIBELLE_AV,TYPECOM_AP,COM_AP,TNCC_AP,NCC_AP,NCCENR_AP,LIBELLE_AP
                    32,2019-01-01,COM,35163,0,LUITRE,Luitré,Luitré,COM,35163,0,LUITRE DOMPIERRE,Luitré-Dompierre,Luitré-Dompierre
                    32,2019-01-01,COM,35100,0,DOMPIERRE DU CHEMIN,Dompierre-du-Chemin,Dompierre-du-Chemin,COM,35163,0,LUITRE DOMPIERRE,Luitré-Dompierre,Luitré-Dompierre
                    32,2019-01-01,COM,35100,0,DOMPIERRE DU CHEMIN,Dompierre-du-Chemin,Dompierre-du-Chemin,COMD,35100,0,DOMPIERRE DU CHEMIN,Dompierre-du-Chemin,Dompierre-du-Chemin
                    """);
            p.referentiels.loadCommuneEvents(dir.resolve("mvt.csv"));
        }
        return p;
    }

    JoinService.Outcome join(TestPlatform p, JoinKind kind) {
        JoinSpec spec = new JoinSpec("secteurs", "communes-pop", List.of(KeyPair.parse("code_insee=com", true)), kind,
                List.of(), false, "secteurs-communes", null, 0);
        return new JoinService(new QueryService(p.store), p.store).run(Caller.INTERNAL, spec, ProgressListener.NONE);
    }

    @Test
    void aMergedCodeMeetsItsCommuneNouvelleAndTheRuleIsStatedPerRow() throws Exception {
        try (TestPlatform p = platform(true)) {
            JoinService.Outcome o = join(p, JoinKind.FULL);
            Map<String, Map<String, Object>> bySecteur = new HashMap<>();
            List<Map<String, Object>> rows = Rows.read(p.store, o.version());
            rows.forEach(r -> bySecteur.put((String) r.get("secteur"), r));
            assertThat(bySecteur.get("S1").get("jointure_regle")).isEqualTo("fusion 35100→35163");
            assertThat(bySecteur.get("S1").get("population")).isEqualTo(1700L);
            assertThat(bySecteur.get("S2").get("jointure_regle")).isEqualTo("identique");
            assertThat(bySecteur.get("S3").get("jointure_regle")).isEqualTo("arrondissement 75118→75056");
            assertThat(bySecteur.get("S3").get("population")).isEqualTo(2100000L);
            assertThat(bySecteur.get("S4").get("jointure_regle")).isEqualTo("identique");
            assertThat(bySecteur.get("S5").get("jointure_statut")).isEqualTo("gauche_seule");
            assertThat(bySecteur.get("S5").get("jointure_regle")).isNull();
            assertThat(rows).filteredOn(r -> "droite_seule".equals(r.get("jointure_statut")))
                    .singleElement().satisfies(r -> assertThat(r.get("com")).isEqualTo(35001L));
            assertThat(o.stats().rules()).containsEntry("fusion", 1L).containsEntry("arrondissement", 1L).containsEntry("identique", 2L);
            assertThat(o.stats().matched()).isEqualTo(4);
            assertThat(o.stats().unmatchedLeft()).isEqualTo(1);
            assertThat(o.stats().unmatchedRight()).isEqualTo(1);
            assertThat(o.report().results()).anySatisfy(r -> {
                assertThat(r.rule()).isEqualTo(JoinStats.RULE_PREFIX + "fusion");
                assertThat(r.examples()).extracting(f -> f.message()).containsExactly("fusion 35100→35163");
            });
        }
    }

    @Test
    void withoutTheHistoryTheOldCodeStaysUnmatchedAndTheReportSaysWhy() throws Exception {
        try (TestPlatform p = platform(false)) {
            JoinService.Outcome o = join(p, JoinKind.LEFT);
            assertThat(o.stats().matched()).isEqualTo(3);
            assertThat(o.stats().unmatchedLeft()).isEqualTo(2);
            assertThat(o.report().notes()).anySatisfy(n -> assertThat(n).contains("historique du COG"));
        }
    }
}
