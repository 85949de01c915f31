package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.adresse.BanAdresse;
import fr.geoeduc.core.adresse.BanLoader;
import fr.geoeduc.core.adresse.BanSource;
import fr.geoeduc.core.sectorisation.BanSynthetique;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21's acceptance for sectors: the real carte of Ille-et-Vilaine and a SYNTHETIC BAN-format file generated here
 * (the carte's real street names inside the real 2018 commune polygons), loaded as the address référentiel and read
 * back through the query service; every matched address lies in its collège set's polygon, polygons of different
 * sets do not overlap, and the coverage report's counts equal a count made here from the generated file.
 */
class SecteursBanTest {

    static TestPlatform platform;
    static List<BanSynthetique.Adresse> generees;
    static SecteursBuilder builder;
    static SecteursBuilder.Resultat resultat;
    static List<BanAdresse> lues = new ArrayList<>();
    static Carte carte;
    static Referentiels referentiels;

    @BeforeAll
    static void build() throws Exception {
        Path carteFile = SharedData.file("ille-et-vilaine/fr-en-carte-scolaire-colleges-publics.csv");
        Path communes = SharedData.file("geometry/communes-2018/communes-35-ille-et-vilaine.geojson");
        platform = new TestPlatform(Files.createTempDirectory("geoeduc-secteurs"));
        platform.referentiels.loadCommuneEvents(Path.of("src/main/resources/referentiel/cog-mouvements-35-extrait.csv"));
        platform.referentiels.loadBoundaries("commune", communes, "2018");
        platform.ingest(carteFile, CarteSource.DATASET);
        QueryService queries = new QueryService(platform.store);
        carte = new CarteSource(queries).carte(Caller.INTERNAL).orElseThrow();
        referentiels = Referentiels.from(platform.store);
        generees = new BanSynthetique(carte, referentiels, 35, 6, 2).generer(null);
        Path ban = platform.dir.resolve("adresses-35.csv.gz");
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(ban)), StandardCharsets.UTF_8)) {
            BanSynthetique.ecrire(generees, w, true);
        }
        List<BanLoader.Chargement> chargement = new BanLoader(platform.ingester, platform.dir.resolve("work")).load(ban, ProgressListener.NONE);
        assertThat(chargement).singleElement().satisfies(c -> {
            assertThat(c.dataset()).isEqualTo("ban-adresses-35");
            assertThat(c.adresses()).isEqualTo(generees.size());
        });
        builder = new SecteursBuilder(carte, referentiels);
        new BanSource(queries).lire(Caller.INTERNAL, "35", a -> {
            lues.add(a);
            builder.ajouter(a);
        }).orElseThrow();
        long t0 = System.nanoTime();
        resultat = builder.construire();
        System.out.printf("Secteurs 35 : %d adresses synthétiques, %d polygones en %d ms%n", lues.size(), resultat.polygones().size(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void close() {
        if (platform != null) {
            platform.close();
        }
    }

    /** The street resolved once per street, numbers tested per address: the same answers as the matcher per address. */
    @Test
    void memoisedAssignmentEqualsTheMatcherPerAddress() {
        AffectationsBan memo = new AffectationsBan(new SecteurMatcher(carte, new CommuneResolver(carte, referentiels)));
        AffectationsBan reference = new AffectationsBan(new SecteurMatcher(carte, new CommuneResolver(carte, referentiels)));
        List<String> ecarts = new ArrayList<>();
        Map<String, Integer> parVoie = new HashMap<>();
        for (BanAdresse a : lues) {
            AffectationsBan.Affectation attendu = reference.parAdresse(a);
            AffectationsBan.Affectation obtenu = memo.affecter(a);
            if (!obtenu.equals(attendu) || !builder.affectation(a).equals(attendu)) {
                ecarts.add(a.libelle() + " : " + obtenu + " / par adresse " + attendu);
            }
            parVoie.merge(a.codeInsee() + "|" + a.nomVoie(), 1, Integer::sum);
        }
        assertThat(ecarts).as("memoised vs per-address assignment").isEmpty();
        // the memory is exercised: streets hold several addresses, with and without a collège, and conflicts
        assertThat(parVoie.values().stream().filter(n -> n > 1).count()).isGreaterThan(1000);
        assertThat(lues.stream().map(reference::parAdresse).map(AffectationsBan.Affectation::confiance).distinct())
                .contains(Confiance.EXACT, Confiance.INFERRED, Confiance.CONFLICT, Confiance.COMMUNE, Confiance.UNKNOWN);
    }

    @Test
    void theGeneratedFileReadsBackWhole() {
        assertThat(lues).hasSize(generees.size());
        assertThat(lues.get(0).codeInsee()).hasSize(5);
        assertThat(lues).anyMatch(a -> a.codeAncienneCommune().equals("35100"));
    }

    @Test
    void everyMatchedAddressLiesInItsCollegeSetsPolygon() {
        Map<String, List<SecteurPolygone>> parCommune = new HashMap<>();
        resultat.polygones().forEach(p -> parCommune.computeIfAbsent(p.codeCommune(), k -> new ArrayList<>()).add(p));
        GeometryFactory gf = new GeometryFactory();
        List<String> dehors = new ArrayList<>();
        int verifiees = 0;
        for (BanAdresse a : lues) {
            SecteurReponse r = builder.secteur(a);
            if (r.statut() != SecteurReponse.Statut.TROUVE) {
                continue;
            }
            List<String> uais = r.uais().stream().sorted().toList();
            var point = gf.createPoint(new Coordinate(a.x(), a.y()));
            boolean dedans = parCommune.getOrDefault(a.codeInsee(), List.of()).stream()
                    .anyMatch(p -> p.uais().equals(uais) && p.lambert93().isWithinDistance(point, SecteursBuilder.GRILLE_M));
            verifiees++;
            if (!dedans) {
                double d = parCommune.getOrDefault(a.codeInsee(), List.of()).stream().filter(p -> p.uais().equals(uais))
                        .mapToDouble(p -> p.lambert93().distance(point)).min().orElse(-1);
                dehors.add(a.id() + " " + uais + " à " + Math.round(d) + " m du polygone de ses collèges");
            }
        }
        assertThat(verifiees).isGreaterThan(lues.size() / 2);
        // an address closer than 1 m to one of another set is not a site of its own (spec §4): the report counts them
        assertThat(dehors).as("addresses outside their set's polygon").hasSizeLessThanOrEqualTo((int) resultat.couverture().positionsPartagees());
        assertThat(resultat.couverture().positionsPartagees()).isEqualTo(partagees());
    }

    /** Addresses whose 1 m cell already holds an earlier address of another collège set, counted here. */
    static long partagees() {
        Map<String, List<String>> premier = new HashMap<>();
        long n = 0;
        for (BanAdresse a : lues) {
            List<String> uais = builder.secteur(a).statut() == SecteurReponse.Statut.TROUVE ? builder.secteur(a).uais().stream().sorted().toList() : List.of();
            String key = a.codeInsee() + "|" + Math.round(a.x() / SecteursBuilder.GRILLE_M) + "|" + Math.round(a.y() / SecteursBuilder.GRILLE_M);
            List<String> first = premier.putIfAbsent(key, uais);
            if (first != null && !first.equals(uais)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void polygonsOfTwoCollegeSetsDoNotOverlap() {
        STRtree index = new STRtree();
        resultat.polygones().forEach(p -> index.insert(p.lambert93().getEnvelopeInternal(), p));
        List<String> chevauchements = new ArrayList<>();
        double max = 0;
        for (SecteurPolygone p : resultat.polygones()) {
            for (Object o : index.query(p.lambert93().getEnvelopeInternal())) {
                SecteurPolygone q = (SecteurPolygone) o;
                if (q == p || q.uais().equals(p.uais()) || System.identityHashCode(q) < System.identityHashCode(p)) {
                    continue;
                }
                Geometry inter = p.lambert93().intersection(q.lambert93());
                max = Math.max(max, inter.getArea());
                // the 2018 contours are simplified (5 decimals): neighbouring communes may touch by a few m²
                if (inter.getArea() > 100) {
                    chevauchements.add(p.codeCommune() + " " + p.libelle() + " × " + q.codeCommune() + " " + q.libelle() + " : " + Math.round(inter.getArea()) + " m²");
                }
            }
        }
        System.out.printf("Plus grand recouvrement entre deux secteurs : %.1f m²%n", max);
        assertThat(chevauchements).isEmpty();
    }

    @Test
    void coverageCountsEqualAnIndependentCount() {
        Map<String, long[]> attendu = new HashMap<>();
        Set<String> vues = new HashSet<>();
        for (BanSynthetique.Adresse a : generees) {
            BanAdresse b = a.ban();
            if (!vues.add(b.codeInsee() + "|" + Math.round(b.x()) + "|" + Math.round(b.y()))) {
                continue;
            }
            long[] c = attendu.computeIfAbsent(b.codeInsee(), k -> new long[2]);
            c[0]++;
            if (!a.attendu().isEmpty()) {
                c[1]++;
            }
        }
        List<String> ecarts = new ArrayList<>();
        for (Couverture.Commune c : resultat.couverture().communes()) {
            long[] e = attendu.get(c.code());
            if (e == null || e[0] != c.adresses() || e[1] != c.appariees()) {
                ecarts.add(c.code() + " " + c.nom() + " rapport " + c.adresses() + "/" + c.appariees() + " compté "
                        + (e == null ? "absent" : e[0] + "/" + e[1]));
            }
        }
        assertThat(ecarts).isEmpty();
        assertThat(resultat.couverture().communes()).hasSize(attendu.size());
        long total = attendu.values().stream().mapToLong(c -> c[0]).sum();
        long appariees = attendu.values().stream().mapToLong(c -> c[1]).sum();
        assertThat(resultat.couverture().adresses()).isEqualTo(total);
        assertThat(resultat.couverture().adressesAppariees()).isEqualTo(appariees);
        assertThat(resultat.couverture().adressesSansSecteur()).isEqualTo(total - appariees);
    }

    @Test
    void everyGeneratedAddressGetsTheCollegesAPlainReadingOfItsRowsGives() {
        List<String> ecarts = new ArrayList<>();
        for (BanSynthetique.Adresse a : generees) {
            Set<String> obtenu = new java.util.TreeSet<>(builder.secteur(a.ban()).statut() == SecteurReponse.Statut.TROUVE
                    ? builder.secteur(a.ban()).uais() : List.of());
            if (!obtenu.equals(a.attendu())) {
                ecarts.add(a.ban().libelle() + " attendu " + a.attendu() + " obtenu " + obtenu + " : " + builder.secteur(a.ban()).explication());
            }
        }
        assertThat(ecarts).as(String.join("\n", ecarts.subList(0, Math.min(20, ecarts.size())))).isEmpty();
    }
}
