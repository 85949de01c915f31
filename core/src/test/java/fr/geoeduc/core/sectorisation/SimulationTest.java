package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 21's acceptance for the simulation: moving one commune changes the intake and IPS of exactly the two collèges
 * concerned, by the amounts recomputed here by hand from the SYNTHETIC pupils generated here.
 */
class SimulationTest {

    static final String C1 = "0350708E";
    static final String C2 = "0350707D";
    static final String C3 = "0350969N";
    static TestPlatform platform;
    static Simulation simulation;
    /** commune, IPS of each synthetic pupil. */
    static final List<Object[]> eleves = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        platform = new TestPlatform(Files.createTempDirectory("geoeduc-simulation"));
        String p = "53;BRETAGNE;14;RENNES;035;ILLE-ET-VILAINE;";
        Path carte = platform.dir.resolve("carte.csv");
        Files.writeString(carte, "code_region;libelle_region;code_academie;libelle_academie;code_departement;libelle_departement;"
                + "code_postal;code_insee;libelle_commune;lieu_dit;Type_et_Libelle;No_de_voie_debut;Indice_de_repetition_debut;"
                + "No_de_voie_fin;Indice_de_repetition_fin;Parite;Code_RNE;Secteur_unique\n"
                + p + ";35001;Alpha;;;;;;;;" + C1 + ";O\n"
                + p + ";35002;Beta;;;;;;;;" + C2 + ";O\n"
                + p + ";35003;Gamma;;;;;;;;" + C3 + ";O\n"
                + p + ";35004;Delta;;;;;;;;" + C1 + ";O\n"
                + p + ";35004;Delta;;;;;;;;" + C3 + ";O\n", StandardCharsets.UTF_8);
        platform.ingest(carte, CarteSource.DATASET);
        Random random = new Random(21);
        StringBuilder csv = new StringBuilder("commune_residence;ips\n");
        String[] communes = {"35001", "35002", "35003", "35004"};
        for (int i = 0; i < 400; i++) {
            String c = communes[random.nextInt(communes.length)];
            double ips = Math.round((60 + random.nextDouble() * 90) * 10) / 10.0;
            eleves.add(new Object[]{c, ips});
            csv.append(c).append(';').append(ips).append('\n');
        }
        Path f = platform.dir.resolve("eleves.csv");
        Files.writeString(f, csv, StandardCharsets.UTF_8);
        platform.ingest(f, "eleves-synthetiques");
        simulation = new Simulation(new QueryService(platform.store), () -> Referentiels.from(platform.store));
    }

    @AfterAll
    static void close() {
        platform.close();
    }

    /** Intake, IPS mean and SD of one collège from (commune → weight) by hand. */
    static double[] parMain(Map<String, Double> poids) {
        double w = 0;
        double s = 0;
        for (Object[] e : eleves) {
            double k = poids.getOrDefault((String) e[0], 0.0);
            w += k;
            s += k * (double) e[1];
        }
        double m = s / w;
        double v = 0;
        for (Object[] e : eleves) {
            double k = poids.getOrDefault((String) e[0], 0.0);
            v += k * Math.pow((double) e[1] - m, 2);
        }
        return new double[]{w, m, Math.sqrt(v / w)};
    }

    @Test
    void movingOneCommuneChangesExactlyTheTwoCollegesConcerned() {
        Simulation.Resultat r = simulation.simuler(Caller.INTERNAL, "eleves-synthetiques",
                List.of(new Simulation.Deplacement("35001", List.of(C2))));
        Map<String, Simulation.College> c = r.colleges().stream().collect(Collectors.toMap(Simulation.College::uai, Function.identity()));
        assertThat(c).containsOnlyKeys(C1, C2, C3);
        // before: C1 = Alpha + half of Delta; after: C1 = half of Delta, C2 = Beta + Alpha; C3 = Gamma + half of Delta both times
        double[] c1Avant = parMain(Map.of("35001", 1.0, "35004", 0.5));
        double[] c1Apres = parMain(Map.of("35004", 0.5));
        double[] c2Avant = parMain(Map.of("35002", 1.0));
        double[] c2Apres = parMain(Map.of("35002", 1.0, "35001", 1.0));
        double[] c3 = parMain(Map.of("35003", 1.0, "35004", 0.5));
        check(c.get(C1), c1Avant, c1Apres);
        check(c.get(C2), c2Avant, c2Apres);
        check(c.get(C3), c3, c3);
        long alpha = eleves.stream().filter(e -> e[0].equals("35001")).count();
        assertThat(c.get(C1).delta()).isCloseTo(-alpha, within(1e-9));
        assertThat(c.get(C2).delta()).isCloseTo(alpha, within(1e-9));
        assertThat(c.get(C3).delta()).isZero();
        assertThat(c.get(C3).ipsMoyenApres()).isEqualTo(c.get(C3).ipsMoyenAvant());
        assertThat(r.eleves()).isEqualTo(400);
        assertThat(r.elevesQuiChangent()).isEqualTo(alpha);
        assertThat(r.sansCollegeApres()).isZero();
    }

    static void check(Simulation.College c, double[] avant, double[] apres) {
        assertThat(c.effectifAvant()).isCloseTo(avant[0], within(1e-9));
        assertThat(c.effectifApres()).isCloseTo(apres[0], within(1e-9));
        assertThat(c.ipsMoyenAvant()).isCloseTo(avant[1], within(1e-6));
        assertThat(c.ipsMoyenApres()).isCloseTo(apres[1], within(1e-6));
        assertThat(c.ipsEcartTypeAvant()).isCloseTo(avant[2], within(1e-6));
        assertThat(c.ipsEcartTypeApres()).isCloseTo(apres[2], within(1e-6));
    }

    @Test
    void aBadDraftSaysWhichEditAndWhy() {
        assertThatThrownBy(() -> simulation.simuler(Caller.INTERNAL, "eleves-synthetiques", List.of(new Simulation.Deplacement("35999", List.of(C2)))))
                .isInstanceOf(Simulation.BrouillonInvalide.class).hasMessageContaining("35999");
        assertThatThrownBy(() -> simulation.simuler(Caller.INTERNAL, "eleves-synthetiques", List.of(new Simulation.Deplacement("35001", List.of()))))
                .isInstanceOf(Simulation.BrouillonInvalide.class).hasMessageContaining("sans collège");
        assertThatThrownBy(() -> simulation.simuler(Caller.INTERNAL, "absent", List.of(new Simulation.Deplacement("35001", List.of(C2)))))
                .isInstanceOf(Simulation.BrouillonInvalide.class).hasMessageContaining("absent");
    }
}
