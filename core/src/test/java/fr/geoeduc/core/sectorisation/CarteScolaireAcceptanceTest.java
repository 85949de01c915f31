package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.adresse.VoieNormaliser;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.sectorisation.SecteurReponse.Statut;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21's acceptance: on the real carte of Ille-et-Vilaine, a table of real addresses built by this test from the
 * file's own rows (read here with a plain split, not through the matcher), each with the collèges the rows give
 * (range and parity compared here), sent as free text through the whole service (query service, parser, normaliser,
 * matcher): 100 % expected.
 */
class CarteScolaireAcceptanceTest {

    static final String FILE = "ille-et-vilaine/fr-en-carte-scolaire-colleges-publics.csv";
    static TestPlatform platform;
    static CarteScolaireService service;
    static List<Row> rows;

    /** One line of the file, read independently of the product's reader. */
    record Row(String insee, String commune, String cp, String lieuDit, String voie, int debut, String repDebut, int fin, String repFin,
               String parite, String uai, boolean entiere) {
    }

    record Cas(String genre, String adresse, Set<String> attendu) {
    }

    @BeforeAll
    static void load() throws Exception {
        Path file = SharedData.file(FILE);
        platform = new TestPlatform(Files.createTempDirectory("geoeduc-carte"));
        platform.referentiels.loadCommuneEvents(Path.of("src/main/resources/referentiel/cog-mouvements-35-extrait.csv"));
        platform.ingest(file, CarteSource.DATASET);
        Path geoloc = SharedData.root().resolve("ille-et-vilaine/fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre.csv");
        if (Files.isRegularFile(geoloc)) {
            platform.ingest(geoloc, "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre");
        }
        service = new CarteScolaireService(new QueryService(platform.store), () -> Referentiels.from(platform.store));
        rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(";", -1);
            rows.add(new Row(f[7], f[8], f[6], f[9], f[10], f[11].isEmpty() ? 0 : Integer.parseInt(f[11]), f[12],
                    f[13].isEmpty() ? 9999 : Integer.parseInt(f[13]), f[14], f[15], f[16], "O".equals(f[17])));
        }
    }

    @AfterAll
    static void close() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void atLeastThirtyRealAddressesBuiltFromTheFileGetTheirCollegesHundredPercent() {
        List<Cas> table = table();
        assertThat(table).hasSizeGreaterThanOrEqualTo(30);
        assertThat(table.stream().map(Cas::genre).collect(Collectors.toSet())).contains("pair", "impair", "borne", "borne+",
                "bis", "commune entière", "multi-collèges", "lieu-dit (ancienne commune)", "hameau", "commune déléguée 35100");
        List<String> echecs = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (Cas c : table) {
            SecteurReponse r = service.secteur(Caller.INTERNAL, c.adresse());
            Set<String> obtenu = new TreeSet<>(r.uais());
            boolean ok = obtenu.equals(c.attendu()) && (c.attendu().isEmpty() ? r.statut() == Statut.AUCUN : r.statut() == Statut.TROUVE);
            report.append(String.format(Locale.ROOT, "%-28s %-60s %-40s %s%n", c.genre(), c.adresse(), c.attendu(), ok ? "ok" : "ÉCHEC " + r.statut() + " " + obtenu + " " + r.explication()));
            if (!ok) {
                echecs.add(c.adresse());
            }
        }
        System.out.println("Carte scolaire 35, table d'acceptation : " + (table.size() - echecs.size()) + "/" + table.size() + "\n" + report);
        assertThat(echecs).as(report.toString()).isEmpty();
    }

    /** The expectations the spec checked by hand on this file (carte-scolaire.md §2). */
    @Test
    void theSpecsRealFileExpectations() {
        Map<String, Set<String>> spec = new LinkedHashMap<>();
        spec.put("3 rue d'Antrain 35700 Rennes", Set.of("0350895H", "0351638R", "0351796M"));
        spec.put("4 rue d'Antrain 35700 Rennes", Set.of("0350895H", "0351638R", "0351796M"));
        spec.put("132 rue d'Antrain 35700 Rennes", Set.of());
        spec.put("140 rue d'Antrain 35700 Rennes", Set.of("0350913C"));
        spec.put("6 rue Alexandre Lefas, Rennes", Set.of());
        spec.put("12 rue Alexandre Lefas, Rennes", Set.of("0350027P"));
        spec.put("3 Lieu-dit les 5 Chemins, Rennes", Set.of("0350760L", "0350895H", "0351638R", "0351796M"));
        spec.put("12 rue des Doris, Lanhélin", Set.of("0350707D"));
        spec.put("8 rue de la Mairie, Tressé", Set.of("0350708E"));
        spec.put("Bains-sur-Oust", Set.of("0350969N", "0351969A"));
        spec.put("Dompierre-du-Chemin", Set.of("0350762N"));
        spec.put("1 La Mondrais, Tresboeuf", Set.of("0350970P", "0351053E"));
        spec.put("2 La Hucheloire, Tresboeuf", Set.of());
        spec.forEach((adresse, attendu) -> {
            SecteurReponse r = service.secteur(Caller.INTERNAL, adresse);
            assertThat(Set.copyOf(r.uais())).as(adresse + ": " + r.explication()).isEqualTo(attendu);
            assertThat(r.statut()).as(adresse).isEqualTo(attendu.isEmpty() ? Statut.AUCUN : Statut.TROUVE);
        });
        assertThat(service.secteur(Caller.INTERNAL, "3 Lieu-dit les 5 Chemins, Rennes").confiance()).isEqualTo(Confiance.CONFLICT);
        SecteurReponse trio = service.secteur(Caller.INTERNAL, "3 rue d'Antrain 35700 Rennes");
        assertThat(trio.carte().lignes()).isEqualTo(5416);
        if (Files.isRegularFile(SharedData.root().resolve("ille-et-vilaine/fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre.csv"))) {
            assertThat(trio.colleges()).allSatisfy(c -> {
                assertThat(c.nom()).startsWith("Collège");
                assertThat(c.latitude()).isBetween(48.0, 48.2);
            });
        }
    }

    /** The table: addresses chosen by a seeded random walk over the file's rows, expected answers from those rows. */
    static List<Cas> table() {
        Random random = new Random(21);
        List<Cas> out = new ArrayList<>();
        Map<String, List<Row>> streets = new LinkedHashMap<>();
        rows.stream().filter(r -> !r.entiere() && r.lieuDit().isEmpty() && usable(r.voie()))
                .forEach(r -> streets.computeIfAbsent(r.insee() + "|" + r.voie(), k -> new ArrayList<>()).add(r));
        List<List<Row>> both = streets.values().stream().filter(s -> s.stream().anyMatch(r -> r.parite().equals("P"))
                && s.stream().anyMatch(r -> r.parite().equals("I")) && typed(s.get(0).voie())).toList();
        for (int i = 0; i < 6; i++) {
            List<Row> s = both.get(random.nextInt(both.size()));
            for (String parite : List.of("P", "I")) {
                Row r = s.stream().filter(x -> x.parite().equals(parite)).toList().get(0);
                int n = inside(r, random);
                out.add(cas(parite.equals("P") ? "pair" : "impair", r, n, ""));
            }
        }
        List<Row> bounded = rows.stream().filter(r -> !r.entiere() && r.lieuDit().isEmpty() && usable(r.voie()) && r.fin() < 9998
                && r.repFin().isEmpty() && !r.parite().equals("PI")).toList();
        for (int i = 0; i < 4; i++) {
            Row r = bounded.get(random.nextInt(bounded.size()));
            out.add(cas("borne", r, r.fin(), ""));
            out.add(cas("borne+", r, r.fin() + 2, ""));
        }
        for (Row r : rows.stream().filter(r -> !r.repDebut().isEmpty() && r.lieuDit().isEmpty() && usable(r.voie())).toList()) {
            out.add(cas("bis", r, r.debut(), Numero.rank(r.repDebut()).orElseThrow() == 1 ? "bis" : "ter"));
            out.add(cas("bis", r, r.debut(), ""));
        }
        List<String> singles = wholeCommunes(1);
        for (int i = 0; i < 8; i++) {
            String insee = singles.get(random.nextInt(singles.size()));
            out.add(commune("commune entière", insee));
        }
        wholeCommunes(2).stream().limit(3).forEach(insee -> out.add(commune("multi-collèges", insee)));
        wholeCommunes(3).forEach(insee -> out.add(commune("multi-collèges", insee)));
        streets.values().stream().filter(s -> s.stream().map(Row::uai).distinct().count() == 3 && typed(s.get(0).voie())).limit(2)
                .forEach(s -> out.add(cas("multi-collèges", s.get(0), inside(s.get(0), random), "")));
        for (String ancienne : List.of("LANHELIN", "TRESSE", "ST PIERRE DE PLESGUEN")) {
            List<Row> lieu = rows.stream().filter(r -> r.lieuDit().equals(ancienne) && usable(r.voie())).toList();
            Row r = lieu.get(random.nextInt(lieu.size()));
            int n = inside(r, random);
            String commune = switch (ancienne) {
                case "LANHELIN" -> "Lanhélin";
                case "TRESSE" -> "Tressé";
                default -> "Saint-Pierre-de-Plesguen";
            };
            out.add(new Cas("lieu-dit (ancienne commune)", n + " " + humain(r.voie()) + ", " + commune, expected(r.insee(), ancienne, r.voie(), n, "")));
        }
        List<List<Row>> hamlets = streets.values().stream().filter(s -> !typed(s.get(0).voie())).toList();
        for (int i = 0; i < 3; i++) {
            List<Row> s = hamlets.get(random.nextInt(hamlets.size()));
            out.add(cas("hameau", s.get(0), inside(s.get(0), random), ""));
        }
        Row dompierre = rows.stream().filter(r -> r.insee().equals("35100")).findFirst().orElseThrow();
        out.add(new Cas("commune déléguée 35100", "2 rue de l'Église, " + dompierre.commune(), expected("35100")));
        out.add(new Cas("commune déléguée 35100", dompierre.commune(), expected("35100")));
        return out;
    }

    static Cas cas(String genre, Row r, int n, String rep) {
        String adresse = n + (rep.isEmpty() ? "" : " " + rep) + " " + humain(r.voie()) + " " + r.cp() + " " + r.commune();
        return new Cas(genre, adresse, expected(r.insee(), "", r.voie(), n, rep));
    }

    static Cas commune(String genre, String insee) {
        Row r = rows.stream().filter(x -> x.insee().equals(insee)).findFirst().orElseThrow();
        return new Cas(genre, "1 place de la Mairie, " + r.commune(), expected(insee));
    }

    /** Communes whose whole-commune rows name exactly {@code count} collèges. */
    static List<String> wholeCommunes(int count) {
        Map<String, Set<String>> byCommune = new LinkedHashMap<>();
        rows.stream().filter(Row::entiere).forEach(r -> byCommune.computeIfAbsent(r.insee(), k -> new TreeSet<>()).add(r.uai()));
        // a name two communes of the carte share would be ambiguous by design: left out
        Map<String, Long> names = rows.stream().filter(Row::entiere).map(Row::insee).distinct()
                .map(i -> rows.stream().filter(x -> x.insee().equals(i)).findFirst().orElseThrow().commune().toUpperCase(Locale.ROOT))
                .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
        return byCommune.entrySet().stream().filter(e -> e.getValue().size() == count && !Set.of("35100", "35344").contains(e.getKey()))
                .filter(e -> names.get(rows.stream().filter(x -> x.insee().equals(e.getKey())).findFirst().orElseThrow().commune().toUpperCase(Locale.ROOT)) == 1)
                .map(Map.Entry::getKey).sorted(Comparator.naturalOrder()).toList();
    }

    static Set<String> expected(String insee) {
        return rows.stream().filter(r -> r.entiere() && r.insee().equals(insee)).map(Row::uai).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The spec's rule, written again here: parity, then (number, suffix rank) between the bounds; 9998/9999 open. */
    static Set<String> expected(String insee, String lieuDit, String voie, int n, String rep) {
        int rank = List.of("", "bis", "ter", "quater").indexOf(rep);
        return rows.stream().filter(r -> !r.entiere() && r.insee().equals(insee) && r.lieuDit().equals(lieuDit) && r.voie().equals(voie))
                .filter(r -> r.parite().equals("PI") || r.parite().equals(n % 2 == 0 ? "P" : "I"))
                .filter(r -> n > r.debut() || (n == r.debut() && rank >= " ABCD".indexOf(r.repDebut().isEmpty() ? " " : r.repDebut())))
                .filter(r -> r.fin() >= 9998 || n < r.fin() || (n == r.fin() && rank <= " ABCD".indexOf(r.repFin().isEmpty() ? " " : r.repFin())))
                .map(Row::uai).collect(Collectors.toCollection(TreeSet::new));
    }

    /** A number inside a row's range, of its parity. */
    static int inside(Row r, Random random) {
        int lo = Math.max(1, r.debut() + (r.repDebut().isEmpty() ? 0 : 2));
        int hi = Math.min(r.fin() >= 9998 ? lo + 60 : r.fin(), lo + 60);
        int n = lo + random.nextInt(Math.max(1, hi - lo + 1));
        if (r.parite().equals("P") && n % 2 == 1) {
            n = n + 1 <= hi ? n + 1 : n - 1;
        } else if (r.parite().equals("I") && n % 2 == 0) {
            n = n + 1 <= hi ? n + 1 : n - 1;
        }
        return n;
    }

    /**
     * Names the free-text form can carry: not cut by the carte's data entry (28+ characters: the truncation tier is
     * tested apart), not starting with a number or a lone letter that reads as a house number's suffix.
     */
    static boolean usable(String voie) {
        return !voie.isEmpty() && voie.length() < 28 && !Character.isDigit(voie.charAt(0)) && !voie.matches("^[A-D] .*");
    }

    static boolean typed(String voie) {
        return VoieNormaliser.voie(voie).typeDeVoie() != null && !voie.startsWith("LIEU DIT");
    }

    /** {@code RUE D ANTRAIN → Rue d'Antrain}: how a person writes it, accents aside. */
    static String humain(String voie) {
        String[] w = voie.toLowerCase(Locale.ROOT).split(" ");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            String word = w[i];
            boolean elided = (word.equals("d") || word.equals("l")) && i + 1 < w.length;
            String shown = i == 0 || !Set.of("de", "du", "des", "la", "le", "les", "d", "l", "aux", "au", "et").contains(word)
                    ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word;
            b.append(shown).append(elided ? "'" : i + 1 < w.length ? " " : "");
        }
        return b.toString();
    }
}
