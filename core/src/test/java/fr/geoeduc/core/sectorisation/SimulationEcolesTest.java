package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 21's acceptance with open data only, on the real files of Ille-et-Vilaine: the pupils are the CM2 pupils of the
 * public écoles (effectifs 2022), placed at their address in the annuaire, with the école's IPS (2021-2022). Moving one
 * commune changes the intake and IPS of exactly the two collèges concerned, by amounts recomputed here by hand from
 * the école rows (read with a plain split, not through the product's readers).
 */
class SimulationEcolesTest {

    /** Two collèges whose sectors are whole communes only (checked below on the carte's rows). */
    static final String A = "0350041E";
    static final String B = "0352248D";
    /** A commune of A's sector with a public école; moved to B. */
    static final String COMMUNE = "35271";
    static TestPlatform platform;
    static Simulation simulation;
    /** commune code → UAIs of its whole-commune rows; the collèges reached by street rows. */
    static final Map<String, Set<String>> entieres = new HashMap<>();
    static final Set<String> parVoies = new TreeSet<>();
    /** Public écoles of 2022 with CM2 pupils: commune (annuaire), CM2, IPS (null when none). */
    static final List<Object[]> ecoles = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        Path carte = SharedData.file("ille-et-vilaine/fr-en-carte-scolaire-colleges-publics.csv");
        Path effectifs = SharedData.file("ille-et-vilaine/fr-en-ecoles-effectifs-nb_classes.csv");
        Path annuaire = SharedData.file(SharedData.ANNUAIRE);
        Path ips = SharedData.file("national/fr-en-ips_ecoles-2021-2022.csv");
        platform = new TestPlatform(Files.createTempDirectory("geoeduc-simulation-ecoles"));
        platform.referentiels.loadCommuneEvents(Path.of("src/main/resources/referentiel/cog-mouvements-35-extrait.csv"));
        platform.ingest(carte, CarteSource.DATASET);
        platform.ingest(effectifs, ElevesEcoles.EFFECTIFS);
        platform.ingest(annuaire, ElevesEcoles.ANNUAIRE);
        platform.ingest(ips, ElevesEcoles.IPS);
        simulation = new Simulation(new QueryService(platform.store), () -> Referentiels.from(platform.store));

        for (Map<String, String> r : rows(carte)) {
            if (r.get("Secteur_unique").equals("O")) {
                entieres.computeIfAbsent(r.get("code_insee"), k -> new TreeSet<>()).add(r.get("Code_RNE"));
            } else {
                parVoies.add(r.get("Code_RNE"));
            }
        }
        Map<String, String> communeDe = new HashMap<>();
        for (Map<String, String> r : rows(annuaire)) {
            communeDe.putIfAbsent(r.get("Identifiant_de_l_etablissement"), r.get("Code_commune"));
        }
        Map<String, Double> ipsDe = new HashMap<>();
        for (Map<String, String> r : rows(ips)) {
            if (r.get("IPS").matches("[0-9.]+")) {
                ipsDe.put(r.get("UAI"), Double.parseDouble(r.get("IPS")));
            }
        }
        for (Map<String, String> r : rows(effectifs)) {
            String cm2 = r.get("Nombre d'élèves en CM2 hors ULIS");
            String uai = r.get("Numéro de l'école");
            if (r.get("Rentrée scolaire").equals("2022") && r.get("Secteur").equals("PUBLIC") && !cm2.isEmpty() && Integer.parseInt(cm2) > 0
                    && communeDe.containsKey(uai)) {
                ecoles.add(new Object[]{communeDe.get(uai), Integer.parseInt(cm2), ipsDe.get(uai)});
            }
        }
    }

    @AfterAll
    static void close() {
        if (platform != null) {
            platform.close();
        }
    }

    static List<Map<String, String>> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String[] header = lines.get(0).replace("\uFEFF", "").split(";", -1);
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(";", -1);
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                m.put(header[i], i < v.length ? v[i].strip() : "");
            }
            out.add(m);
        }
        return out;
    }

    /** Intake, IPS mean and SD (écoles' IPS weighted by their CM2 pupils) of a collège from each école's share in it. */
    static double[] parMain(Function<Object[], Double> part) {
        double w = 0;
        double wIps = 0;
        double s = 0;
        for (Object[] e : ecoles) {
            double k = part.apply(e) * (int) e[1];
            w += k;
            if (e[2] != null) {
                wIps += k;
                s += k * (double) e[2];
            }
        }
        double m = s / wIps;
        double v = 0;
        for (Object[] e : ecoles) {
            if (e[2] != null) {
                v += part.apply(e) * (int) e[1] * Math.pow((double) e[2] - m, 2);
            }
        }
        return new double[]{w, m, Math.sqrt(v / wIps)};
    }

    /** An école's share in a collège under the whole-commune rows (1/k in a sector of k collèges). */
    static double part(String uai, String commune, String deplacee, String vers) {
        Set<String> uais = commune.equals(deplacee) ? Set.of(vers) : entieres.getOrDefault(commune, Set.of());
        return uais.contains(uai) ? 1.0 / uais.size() : 0.0;
    }

    @Test
    void movingOneCommuneChangesIntakeAndIpsOfExactlyTheTwoCollegesByHandFromTheEcoleRows() {
        assertThat(parVoies).as("the hand count below reads whole-commune rows only").doesNotContain(A, B);
        assertThat(entieres.get(COMMUNE)).containsExactly(A);
        assertThat(ecoles.stream().filter(e -> e[0].equals(COMMUNE))).isNotEmpty();

        Simulation.Resultat r = simulation.simuler(Caller.INTERNAL, Simulation.ECOLES, null,
                Brouillon.communes(List.of(new Simulation.Deplacement(COMMUNE, List.of(B)))), Map.of());

        assertThat(r.source().type()).isEqualTo("ecoles");
        assertThat(r.source().rentree()).isEqualTo("2022");
        assertThat(r.source().rentreeIps()).isEqualTo("2021-2022");
        assertThat(r.source().datasets()).containsExactlyInAnyOrder(ElevesEcoles.EFFECTIFS, ElevesEcoles.ANNUAIRE, ElevesEcoles.IPS);
        Map<String, Simulation.College> parUai = r.colleges().stream().collect(Collectors.toMap(Simulation.College::uai, c -> c));
        for (String uai : List.of(A, B)) {
            double[] avant = parMain(e -> part(uai, (String) e[0], "", ""));
            double[] apres = parMain(e -> part(uai, (String) e[0], COMMUNE, B));
            Simulation.College c = parUai.get(uai);
            assertThat(c.effectifAvant()).as(uai + " avant").isCloseTo(avant[0], within(1e-9));
            assertThat(c.effectifApres()).as(uai + " après").isCloseTo(apres[0], within(1e-9));
            assertThat(c.ipsMoyenAvant()).isCloseTo(avant[1], within(1e-9));
            assertThat(c.ipsMoyenApres()).isCloseTo(apres[1], within(1e-9));
            assertThat(c.ipsEcartTypeAvant()).isCloseTo(avant[2], within(1e-9));
            assertThat(c.ipsEcartTypeApres()).isCloseTo(apres[2], within(1e-9));
        }
        double deplaces = ecoles.stream().filter(e -> e[0].equals(COMMUNE)).mapToInt(e -> (int) e[1]).sum();
        assertThat(parUai.get(A).delta()).isCloseTo(-deplaces, within(1e-9));
        assertThat(parUai.get(A).sortants()).isCloseTo(deplaces, within(1e-9));
        assertThat(parUai.get(A).entrants()).isZero();
        assertThat(parUai.get(B).entrants()).isCloseTo(deplaces, within(1e-9));
        assertThat(parUai.get(B).sortants()).isZero();
        assertThat(parUai.get(B).delta()).isCloseTo(deplaces, within(1e-9));
        assertThat(parUai.get(A).ipsMoyenApres()).isNotEqualTo(parUai.get(A).ipsMoyenAvant());
        assertThat(parUai.get(B).ipsMoyenApres()).isNotEqualTo(parUai.get(B).ipsMoyenAvant());
        List<String> changes = r.colleges().stream().filter(c -> c.effectifAvant() != c.effectifApres()
                || !java.util.Objects.equals(c.ipsMoyenAvant(), c.ipsMoyenApres())
                || !java.util.Objects.equals(c.ipsEcartTypeAvant(), c.ipsEcartTypeApres())).map(Simulation.College::uai).toList();
        assertThat(changes).containsExactlyInAnyOrder(A, B);
        assertThat(r.elevesQuiChangent()).isEqualTo((long) deplaces);
        // every located public école's CM2 pupils are counted once (the 8,813 of 2022 less those absent from the annuaire)
        assertThat(r.eleves()).isEqualTo(ecoles.stream().mapToLong(e -> (int) e[1]).sum());
        assertThat(r.avertissements()).anyMatch(w -> w.contains("CM2 des écoles publiques de la rentrée 2022"));
        assertThat(r.sansCollegeApres()).isEqualTo(r.sansCollegeAvant());
        assertThat(r.sansCollege()).allSatisfy(s -> assertThat(s.raison()).isNotBlank());
    }

    @Test
    void anAbsentRentreeIsSaidWithThePublishedOnes() {
        assertThatThrownBy(() -> simulation.simuler(Caller.INTERNAL, Simulation.ECOLES, "1999",
                Brouillon.communes(List.of(new Simulation.Deplacement(COMMUNE, List.of(B)))), Map.of()))
                .isInstanceOf(Simulation.BrouillonInvalide.class).hasMessageContaining("1999").hasMessageContaining("2022");
    }
}
