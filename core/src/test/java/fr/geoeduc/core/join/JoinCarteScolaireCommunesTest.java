package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.CommuneHistory;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real carte scolaire of the 35 × today's communes of the 35 (the 2018 codes of ../shared/data/geometry brought
 * to their current commune through the bundled COG events, written by the test): 35100 reaches 35163 through the
 * history, each such row says so, and the report counts the mergers as an independent scan does.
 */
class JoinCarteScolaireCommunesTest {

    @TempDir
    Path dir;

    @Test
    void anAbsorbedCommuneOfTheCarteScolaireReachesItsCommuneNouvelle() throws Exception {
        Path carte = SharedData.file("ille-et-vilaine/fr-en-carte-scolaire-colleges-publics.csv");
        Path contours = SharedData.file("geometry/communes-2018/communes-35-ille-et-vilaine.geojson");
        try (TestPlatform p = new TestPlatform(dir)) {
            try (InputStream in = getClass().getResourceAsStream("/referentiel/cog-mouvements-35-extrait.csv")) {
                Files.copy(in, dir.resolve("mvt.csv"));
            }
            p.referentiels.loadCommuneEvents(dir.resolve("mvt.csv"));
            CommuneHistory history = Referentiels.from(p.store).history();
            TreeSet<String> today = new TreeSet<>();
            Matcher m = Pattern.compile("\"code\"\\s*:\\s*\"(\\d{5})\"").matcher(Files.readString(contours));
            while (m.find()) {
                today.add(history.successor(m.group(1)).map(CommuneHistory.Succession::currentCode).orElse(m.group(1)));
            }
            StringBuilder communes = new StringBuilder("com;nom_actuel\n");
            today.forEach(c -> communes.append(c).append(";").append(history.name(c).orElse("")).append('\n'));
            Files.writeString(dir.resolve("communes-2024.csv"), communes);
            p.ingest(carte, "fr-en-carte-scolaire-colleges-publics");
            p.ingest(dir.resolve("communes-2024.csv"), "communes-35-2024");

            List<String> lines = Files.readAllLines(carte, StandardCharsets.UTF_8);
            long merged = lines.stream().skip(1).map(l -> l.split(";", -1)[7]).filter(history::isKnownOldCode).count();

            JoinPlan plan = JoinPlanParser.parse("""
                    id: carte-scolaire-communes
                    from: fr-en-carte-scolaire-colleges-publics
                    joins:
                      - dataset: communes-35-2024
                        commune: [code_insee=com]
                    """, "carte.yaml");
            JoinService.PlanOutcome o = new JoinService(new QueryService(p.store), p.store).run(Caller.INTERNAL, plan, ProgressListener.NONE);
            List<Map<String, Object>> rows = Rows.read(p.store, o.outcome().version());
            assertThat(rows).filteredOn(r -> "35100".equals(r.get("code_insee"))).singleElement().satisfies(r -> {
                assertThat(r.get("jointure_statut")).isEqualTo("apparie");
                assertThat(r.get("jointure_regle")).isEqualTo("fusion 35100→35163");
                assertThat(r.get("nom_actuel")).isEqualTo("Luitré-Dompierre");
            });
            assertThat(merged).isGreaterThan(0);
            assertThat(o.steps().get(0).rules().get("fusion")).isEqualTo(merged);
            assertThat(o.outcome().report().results()).anySatisfy(r -> {
                assertThat(r.rule()).isEqualTo("jointure-regle-fusion");
                assertThat(r.examples()).anySatisfy(f -> assertThat(f.message()).contains("→"));
            });
            assertThat(o.steps().get(0).unmatchedLeft()).isZero();
        }
    }
}
