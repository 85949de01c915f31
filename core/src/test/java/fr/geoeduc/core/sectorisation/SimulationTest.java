package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.CrsTransformer;
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
    /** commune, IPS, street, number, latitude, longitude of each synthetic pupil. */
    static final List<Object[]> eleves = new ArrayList<>();
    static final String[] VOIES = {"Rue des Lilas", "rue des roses"};
    /** Collège positions (latitude, longitude), published as a géolocalisation dataset. */
    static final Map<String, double[]> POSITIONS = Map.of(C1, new double[]{48.11, -1.69}, C2, new double[]{48.21, -1.61},
            C3, new double[]{48.01, -1.52});

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
        StringBuilder csv = new StringBuilder("commune_residence;ips;voie;numero;latitude;longitude\n");
        String[] communes = {"35001", "35002", "35003", "35004"};
        double[][] centres = {{48.10, -1.70}, {48.20, -1.60}, {48.00, -1.50}, {48.30, -1.80}};
        for (int i = 0; i < 400; i++) {
            int k = random.nextInt(communes.length);
            String c = communes[k];
            double ips = Math.round((60 + random.nextDouble() * 90) * 10) / 10.0;
            String voie = VOIES[random.nextInt(VOIES.length)];
            int numero = 1 + random.nextInt(40);
            double lat = Math.round((centres[k][0] + (random.nextDouble() - 0.5) * 0.04) * 1e6) / 1e6;
            double lon = Math.round((centres[k][1] + (random.nextDouble() - 0.5) * 0.06) * 1e6) / 1e6;
            eleves.add(new Object[]{c, ips, voie, numero, lat, lon});
            csv.append(c).append(';').append(ips).append(';').append(voie).append(';').append(numero).append(';')
                    .append(lat).append(';').append(lon).append('\n');
        }
        StringBuilder geoloc = new StringBuilder("numero_uai;appellation_officielle;libelle_commune;latitude;longitude\n");
        POSITIONS.forEach((u, ll) -> geoloc.append(u).append(";Collège ").append(u).append(";Test;").append(ll[0]).append(';').append(ll[1]).append('\n'));
        Path g = platform.dir.resolve("geoloc.csv");
        Files.writeString(g, geoloc, StandardCharsets.UTF_8);
        platform.ingest(g, "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre");
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
        return parMain(e -> poids.getOrDefault((String) e[0], 0.0));
    }

    /** Intake, IPS mean and SD of one collège from each pupil's weight in it. */
    static double[] parMain(Function<Object[], Double> poids) {
        double w = 0;
        double s = 0;
        for (Object[] e : eleves) {
            double k = poids.apply(e);
            w += k;
            s += k * (double) e[1];
        }
        double m = s / w;
        double v = 0;
        for (Object[] e : eleves) {
            double k = poids.apply(e);
            v += k * Math.pow((double) e[1] - m, 2);
        }
        return new double[]{w, m, Math.sqrt(v / w)};
    }

    /** The pupil's weight in each collège under the current carte: Delta is shared by C1 and C3. */
    static Map<String, Double> avant(Object[] e) {
        return switch ((String) e[0]) {
            case "35001" -> Map.of(C1, 1.0);
            case "35002" -> Map.of(C2, 1.0);
            case "35003" -> Map.of(C3, 1.0);
            default -> Map.of(C1, 0.5, C3, 0.5);
        };
    }

    static boolean lilasImpair1a19(Object[] e) {
        int n = (int) e[3];
        return e[0].equals("35002") && e[2].equals("Rue des Lilas") && n % 2 == 1 && n <= 19;
    }

    /** The drawn area: the west half of Gamma's pupils' box (longitude below -1.50). */
    static final String ZONE = "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
            + "[[[-1.56,47.97],[-1.50,47.97],[-1.50,48.03],[-1.56,48.03],[-1.56,47.97]]]}}";

    static boolean dansLaZone(Object[] e) {
        double lat = (double) e[4];
        double lon = (double) e[5];
        return lon >= -1.56 && lon <= -1.50 && lat >= 47.97 && lat <= 48.03;
    }

    @Test
    void movingAStreetRangeAndADrawnAreaRecomputesIntakeAndIpsByHand() {
        Brouillon b = Brouillon.lire(List.of(), List.of("35002:RUE DES LILAS:1-19:I=" + C3), List.of(ZONE + "=" + C1));
        Simulation.Resultat r = simulation.simuler(Caller.INTERNAL, "eleves-synthetiques", b, Map.of());
        Map<String, Simulation.College> c = r.colleges().stream().collect(Collectors.toMap(Simulation.College::uai, Function.identity()));
        // after: the odd numbers 1–19 of Rue des Lilas in Beta go to C3; every pupil inside the area (all in Gamma) goes to C1
        Function<Object[], Map<String, Double>> apres = e -> dansLaZone(e) ? Map.of(C1, 1.0) : lilasImpair1a19(e) ? Map.of(C3, 1.0) : avant(e);
        for (String u : List.of(C1, C2, C3)) {
            check(c.get(u), parMain(e -> avant(e).getOrDefault(u, 0.0)), parMain(e -> apres.apply(e).getOrDefault(u, 0.0)));
        }
        long rue = eleves.stream().filter(SimulationTest::lilasImpair1a19).count();
        long zone = eleves.stream().filter(SimulationTest::dansLaZone).count();
        assertThat(rue).isPositive();
        assertThat(zone).isPositive().isLessThan(eleves.stream().filter(e -> e[0].equals("35003")).count());
        assertThat(r.deplacements()).extracting(Simulation.Effet::eleves).containsExactly(rue, zone);
        assertThat(r.elevesQuiChangent()).isEqualTo(rue + zone);
        assertThat(c.get(C2).delta()).isCloseTo(-rue, within(1e-9));
    }

    @Test
    void capacitiesAndDistancesPerCollegeAreThoseComputedByHand() {
        Brouillon b = Brouillon.lire(List.of("35001:" + C2), List.of(), List.of());
        Simulation.Resultat r = simulation.simuler(Caller.INTERNAL, "eleves-synthetiques", b, Map.of(C1, 150, C2, 160));
        Map<String, Simulation.College> c = r.colleges().stream().collect(Collectors.toMap(Simulation.College::uai, Function.identity()));
        double c2Apres = parMain(Map.of("35002", 1.0, "35001", 1.0))[0];
        assertThat(c.get(C2).capacite()).isEqualTo(160);
        assertThat(c.get(C2).occupationApres()).isCloseTo(c2Apres / 160, within(1e-9));
        assertThat(c.get(C1).occupationAvant()).isCloseTo(parMain(Map.of("35001", 1.0, "35004", 0.5))[0] / 150, within(1e-9));
        assertThat(c.get(C3).capacite()).isNull();
        assertThat(c.get(C3).occupationApres()).isNull();
        // C2 receives Beta and Alpha (about 200 pupils for 160 places): flagged beyond its capacity
        assertThat(c2Apres).isGreaterThan(160);
        assertThat(r.avertissements()).anyMatch(w -> w.startsWith(C2 + " : occupation avec le brouillon") && w.contains("au-delà"));
        // distances: straight line in Lambert-93 from each pupil to the collège, pupils weighted (1/2 for Delta's)
        CrsTransformer crs = new CrsTransformer();
        for (String u : List.of(C1, C2, C3)) {
            Function<Object[], Double> poidsApres = e -> e[0].equals("35001") ? (u.equals(C2) ? 1.0 : 0.0) : avant(e).getOrDefault(u, 0.0);
            double[] attendu = distances(crs, u, poidsApres);
            Simulation.Distances d = c.get(u).distancesApres();
            assertThat(d.eleves()).isCloseTo(attendu[0], within(1e-9));
            assertThat(d.medianeKm()).isCloseTo(attendu[1], within(0.001));
            assertThat(d.p90Km()).isCloseTo(attendu[2], within(0.001));
            assertThat(d.partAuDelaDe5Km()).isCloseTo(attendu[3], within(0.0001));
        }
        // Alpha's pupils now go to C2, about 15 km away: the share beyond 5 km grows
        assertThat(c.get(C2).distancesApres().partAuDelaDe5Km()).isGreaterThan(c.get(C2).distancesAvant().partAuDelaDe5Km());
        assertThat(r.distancesApres().eleves()).isCloseTo(400, within(1e-9));
        // η² and gap by hand from the per-collège weights
        double[][] parCollege = {parMain(e -> avant(e).getOrDefault(C1, 0.0)), parMain(e -> avant(e).getOrDefault(C2, 0.0)),
                parMain(e -> avant(e).getOrDefault(C3, 0.0))};
        double w = 0, s = 0, intra = 0;
        for (double[] x : parCollege) {
            w += x[0];
            s += x[0] * x[1];
            intra += x[0] * x[2] * x[2];
        }
        double g = s / w, inter = 0, max = -1, min = 1e9;
        for (double[] x : parCollege) {
            inter += x[0] * Math.pow(x[1] - g, 2);
            max = Math.max(max, x[1]);
            min = Math.min(min, x[1]);
        }
        assertThat(r.mixiteAvant().eta2()).isCloseTo(inter / (inter + intra), within(1e-9));
        assertThat(r.mixiteAvant().ecartIpsMaxMin()).isCloseTo(max - min, within(1e-9));
    }

    /** Weight, weighted median, P90 and share beyond 5 km of the pupils' distances to collège u. */
    static double[] distances(CrsTransformer crs, String u, Function<Object[], Double> poids) {
        double[] c = crs.fromWgs84(2154, POSITIONS.get(u)[0], POSITIONS.get(u)[1]);
        List<double[]> dw = new ArrayList<>();
        double total = 0;
        double loin = 0;
        for (Object[] e : eleves) {
            double w = poids.apply(e);
            if (w > 0) {
                double[] p = crs.fromWgs84(2154, (double) e[4], (double) e[5]);
                double km = Math.hypot(p[0] - c[0], p[1] - c[1]) / 1000;
                dw.add(new double[]{km, w});
                total += w;
                loin += km > 5 ? w : 0;
            }
        }
        dw.sort((a, b) -> Double.compare(a[0], b[0]));
        return new double[]{total, quantile(dw, total, 0.5), quantile(dw, total, 0.9), loin / total};
    }

    static double quantile(List<double[]> sorted, double total, double q) {
        double cumul = 0;
        for (double[] x : sorted) {
            cumul += x[1];
            if (cumul >= q * total - 1e-9) {
                return x[0];
            }
        }
        return sorted.get(sorted.size() - 1)[0];
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
        assertThatThrownBy(() -> Brouillon.lire(List.of(), List.of("35002:Rue des Lilas:19-1=" + C3), List.of()))
                .isInstanceOf(Simulation.BrouillonInvalide.class).hasMessageContaining("finit avant");
        assertThatThrownBy(() -> Brouillon.lire(List.of(), List.of("35002=" + C3), List.of()))
                .isInstanceOf(Simulation.BrouillonInvalide.class).hasMessageContaining("COMMUNE:VOIE");
        assertThatThrownBy(() -> Brouillon.lire(List.of(), List.of(), List.of("{\"type\":\"Point\",\"coordinates\":[-1.5,48]}=" + C1)))
                .isInstanceOf(Simulation.BrouillonInvalide.class).hasMessageContaining("Point");
        assertThatThrownBy(() -> Brouillon.lire(List.of(), List.of(), List.of("{pas du json=" + C1)))
                .isInstanceOf(Simulation.BrouillonInvalide.class).hasMessageContaining("GeoJSON illisible");
        assertThatThrownBy(() -> simulation.simuler(Caller.INTERNAL, "eleves-synthetiques",
                Brouillon.lire(List.of(), List.of("35999:Rue des Lilas=" + C1), List.of()), Map.of()))
                .isInstanceOf(Simulation.BrouillonInvalide.class).hasMessageContaining("35999");
        assertThatThrownBy(() -> simulation.simuler(Caller.INTERNAL, "eleves-synthetiques", Brouillon.lire(List.of("35001:" + C2), List.of(), List.of()),
                Map.of(C1, 0))).isInstanceOf(Simulation.BrouillonInvalide.class).hasMessageContaining("capacité");
        assertThatThrownBy(() -> simulation.simuler(Caller.INTERNAL, "eleves-synthetiques", List.of(new Simulation.Deplacement("35999", List.of(C2)))))
                .isInstanceOf(Simulation.BrouillonInvalide.class).hasMessageContaining("35999");
        assertThatThrownBy(() -> simulation.simuler(Caller.INTERNAL, "eleves-synthetiques", List.of(new Simulation.Deplacement("35001", List.of()))))
                .isInstanceOf(Simulation.BrouillonInvalide.class).hasMessageContaining("sans collège");
        assertThatThrownBy(() -> simulation.simuler(Caller.INTERNAL, "absent", List.of(new Simulation.Deplacement("35001", List.of(C2)))))
                .isInstanceOf(Simulation.BrouillonInvalide.class).hasMessageContaining("absent");
    }
}
