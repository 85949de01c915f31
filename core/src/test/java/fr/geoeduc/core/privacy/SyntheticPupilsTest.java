package fr.geoeduc.core.privacy;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import fr.geoeduc.core.referentiel.Uai;
import fr.geoeduc.core.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The synthetic pupil file against the real annuaire of Ille-et-Vilaine (and without it). */
class SyntheticPupilsTest {

    private static final Pattern INE = Pattern.compile("\\d{10}[A-Z]");
    private static final String ANNUAIRE = "ille-et-vilaine/fr-en-annuaire-education.csv";

    @TempDir
    static Path dir;

    /** The écoles of the real annuaire: UAI → commune, and every commune code of the file. */
    static Map<String, String> ecoles;
    static Map<String, Integer> eleves;
    static Set<String> communes;

    @BeforeAll
    static void readAnnuaire() throws IOException {
        ecoles = new HashMap<>();
        eleves = new HashMap<>();
        communes = new HashSet<>();
        if (!SharedData.available() || !Files.isRegularFile(SharedData.root().resolve(ANNUAIRE))) {
            return;
        }
        try (CsvReader<NamedCsvRecord> csv = CsvReader.builder().fieldSeparator(';').detectBomHeader(true)
                .ofNamedCsvRecord(SharedData.root().resolve(ANNUAIRE))) {
            for (NamedCsvRecord r : csv) {
                communes.add(r.getField("Code_commune"));
                if (r.getField("Type_etablissement").equals("Ecole")) {
                    ecoles.put(r.getField("Identifiant_de_l_etablissement"), r.getField("Code_commune"));
                    String n = r.getField("Nombre_d_eleves");
                    if (!n.isBlank()) {
                        eleves.put(r.getField("Identifiant_de_l_etablissement"), Integer.parseInt(n));
                    }
                }
            }
        }
    }

    private static Path annuaire() {
        return SharedData.file(ANNUAIRE);
    }

    private static List<Map<String, String>> read(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(";", -1);
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(";", -1);
            assertThat(v).hasSize(header.length);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], v[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void wholeDepartementOneRentree() throws IOException {
        Path out = dir.resolve("eleves-2023.csv");
        SyntheticPupils.Result result = SyntheticPupils.generate(out, SyntheticPupils.Options.defaults().withAnnuaire(annuaire()));
        assertThat(result.realAnnuaire()).isTrue();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("ine;uai_ecole;rentree_scolaire;mef;sexe;annee_naissance;pcs_groupe;boursier;"
                + "commune_residence;adresse_lon;adresse_lat");
        assertThat(String.join(";", SyntheticPupils.FIELDS.stream().map(SyntheticPupils.FieldDoc::name).toList())).isEqualTo(lines.get(0));
        List<Map<String, String>> rows = read(out);
        assertThat((long) rows.size()).isEqualTo(result.rows()).isEqualTo(result.rowsPerRentree().get(2023));
        assertThat(result.ecoles()).isEqualTo(573); // the écoles with an elementary level
        assertThat(rows.size()).isBetween(40_000, 80_000);

        Set<String> ines = new HashSet<>();
        Map<String, Integer> perEcole = new TreeMap<>();
        Map<String, Map<String, Integer>> pcsPerEcole = new HashMap<>();
        int sameCommune = 0;
        int onTime = 0;
        for (Map<String, String> r : rows) {
            assertThat(r.get("ine")).matches(INE);
            assertThat(ines.add(r.get("ine"))).as("duplicate INE %s", r.get("ine")).isTrue();
            String uai = r.get("uai_ecole");
            assertThat(Uai.isValid(uai)).as(uai).isTrue();
            assertThat(ecoles).as("real école UAI").containsKey(uai);
            assertThat(communes).as("commune of the annuaire").contains(r.get("commune_residence"));
            if (r.get("commune_residence").equals(ecoles.get(uai))) {
                sameCommune++;
            }
            assertThat(r.get("rentree_scolaire")).isEqualTo("2023");
            assertThat(r.get("mef")).isIn("CP", "CE1", "CE2", "CM1", "CM2");
            assertThat(r.get("sexe")).isIn("F", "M");
            int expected = SyntheticPupils.expectedBirthYear(r.get("mef"), 2023);
            int born = Integer.parseInt(r.get("annee_naissance"));
            assertThat(born).isBetween(expected - 1, expected + 1);
            if (born == expected) {
                onTime++;
            }
            assertThat(r.get("pcs_groupe")).isIn(SyntheticPupils.PCS_GROUPS);
            assertThat(r.get("boursier")).isIn("true", "false");
            assertThat(r.get("adresse_lon")).matches("-?\\d+\\.\\d{5}");
            assertThat(r.get("adresse_lat")).matches("-?\\d+\\.\\d{5}");
            double lon = Double.parseDouble(r.get("adresse_lon"));
            double lat = Double.parseDouble(r.get("adresse_lat"));
            assertThat(lat).isBetween(47.5, 48.8); // Ille-et-Vilaine
            assertThat(lon).isBetween(-2.4, -0.9);
            perEcole.merge(uai, 1, Integer::sum);
            pcsPerEcole.computeIfAbsent(uai, k -> new HashMap<>()).merge(r.get("pcs_groupe"), 1, Integer::sum);
        }
        assertThat(result.pupils()).isEqualTo(ines.size());
        assertThat((double) sameCommune / rows.size()).isBetween(0.75, 0.95);
        assertThat((double) onTime / rows.size()).isGreaterThan(0.93);

        // counts follow Nombre_d_eleves (5/8 of it for a primaire: the maternelle levels are not generated)
        int checked = 0;
        for (Map.Entry<String, Integer> e : perEcole.entrySet()) {
            Integer n = eleves.get(e.getKey());
            if (n != null && n >= 100) {
                assertThat((double) e.getValue()).isBetween(n * 0.5 * 0.6, n * 1.0 * 1.25);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(300);

        // the social mix differs between écoles: the share of "très favorisée" spreads widely
        double min = 1;
        double max = 0;
        for (Map.Entry<String, Map<String, Integer>> e : pcsPerEcole.entrySet()) {
            int total = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
            if (total >= 80) {
                double share = e.getValue().getOrDefault(SyntheticPupils.PCS_TRES_FAVORISEE, 0) / (double) total;
                min = Math.min(min, share);
                max = Math.max(max, share);
            }
        }
        assertThat(max - min).isGreaterThan(0.3);

        // boursier is correlated with the PCS
        assertThat(share(rows, SyntheticPupils.PCS_DEFAVORISEE)).isGreaterThan(0.35);
        assertThat(share(rows, SyntheticPupils.PCS_TRES_FAVORISEE)).isLessThan(0.05);
    }

    private static double share(List<Map<String, String>> rows, String pcs) {
        long n = rows.stream().filter(r -> r.get("pcs_groupe").equals(pcs)).count();
        long b = rows.stream().filter(r -> r.get("pcs_groupe").equals(pcs) && r.get("boursier").equals("true")).count();
        return (double) b / n;
    }

    @Test
    void smallCellsExistForTheSecretStatistique() throws IOException {
        Path out = dir.resolve("small-cells.csv");
        SyntheticPupils.generate(out, SyntheticPupils.Options.defaults().withAnnuaire(annuaire()).withMaxEcoles(40).withSeed(7));
        Map<String, Integer> cells = new HashMap<>();
        for (Map<String, String> r : read(out)) {
            cells.merge(r.get("uai_ecole") + "|" + r.get("sexe") + "|" + r.get("pcs_groupe"), 1, Integer::sum);
        }
        long small = cells.values().stream().filter(n -> n < 3).count();
        long large = cells.values().stream().filter(n -> n >= 10).count();
        assertThat(small).as("école × sexe × PCS cells of 1 or 2 pupils").isGreaterThanOrEqualTo(5);
        assertThat(large).isGreaterThan(small);
    }

    @Test
    void deterministicPerSeed() throws IOException {
        SyntheticPupils.Options options = SyntheticPupils.Options.defaults().withAnnuaire(annuaire()).withMaxEcoles(30)
                .withRentrees(List.of(2022, 2023)).withScale(0.5);
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Path c = dir.resolve("c.csv");
        SyntheticPupils.generate(a, options.withSeed(42));
        SyntheticPupils.generate(b, options.withSeed(42));
        SyntheticPupils.generate(c, options.withSeed(43));
        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        assertThat(Files.mismatch(a, c)).isNotEqualTo(-1L);
    }

    @Test
    void pupilsAreFollowedAcrossRentrees() throws IOException {
        Path out = dir.resolve("longitudinal.csv");
        SyntheticPupils.Result result = SyntheticPupils.generate(out, SyntheticPupils.Options.defaults().withAnnuaire(annuaire())
                .withMaxEcoles(25).withRentrees(List.of(2021, 2022, 2023)).withSeed(3));
        List<Map<String, String>> rows = read(out);
        assertThat(result.rowsPerRentree()).containsOnlyKeys(2021, 2022, 2023);
        assertThat(result.rowsPerRentree().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(rows.size());
        Map<String, Map<String, String>> y2022 = new HashMap<>();
        Set<String> keys = new HashSet<>();
        for (Map<String, String> r : rows) {
            assertThat(keys.add(r.get("ine") + "|" + r.get("rentree_scolaire"))).isTrue();
            int rentree = Integer.parseInt(r.get("rentree_scolaire"));
            int expected = SyntheticPupils.expectedBirthYear(r.get("mef"), rentree);
            assertThat(Integer.parseInt(r.get("annee_naissance"))).isBetween(expected - 1, expected + 1);
            if (rentree == 2022) {
                y2022.put(r.get("ine"), r);
            }
        }
        List<String> order = List.of("CP", "CE1", "CE2", "CM1", "CM2");
        int followed = 0;
        int moved = 0;
        for (Map<String, String> r : rows) {
            Map<String, String> before = y2022.get(r.get("ine"));
            if (!r.get("rentree_scolaire").equals("2023") || before == null) {
                continue;
            }
            followed++;
            assertThat(r.get("uai_ecole")).isEqualTo(before.get("uai_ecole"));
            assertThat(r.get("sexe")).isEqualTo(before.get("sexe"));
            assertThat(r.get("annee_naissance")).isEqualTo(before.get("annee_naissance"));
            assertThat(r.get("pcs_groupe")).isEqualTo(before.get("pcs_groupe"));
            int step = order.indexOf(r.get("mef")) - order.indexOf(before.get("mef"));
            assertThat(step).isBetween(0, 1);
            if (step == 1) {
                moved++;
            }
        }
        assertThat(followed).isGreaterThan(y2022.size() / 2);
        assertThat((double) moved / followed).isGreaterThan(0.95);
    }

    @Test
    void maternelleAndScale() throws IOException {
        Path out = dir.resolve("maternelle.csv");
        SyntheticPupils.Result result = SyntheticPupils.generate(out, SyntheticPupils.Options.defaults().withAnnuaire(annuaire())
                .withMaternelle(true).withScale(0.2));
        assertThat(result.ecoles()).isEqualTo(ecoles.size()); // every école of the file (the one "A FERMER" is still open)
        Set<String> levels = new HashSet<>();
        for (Map<String, String> r : read(out)) {
            levels.add(r.get("mef"));
            int expected = SyntheticPupils.expectedBirthYear(r.get("mef"), 2023);
            assertThat(Integer.parseInt(r.get("annee_naissance"))).isBetween(expected - 1, expected + 1);
        }
        assertThat(levels).containsExactlyInAnyOrder("PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2");
        assertThat(SyntheticPupils.expectedBirthYear("PS", 2023)).isEqualTo(2020);
        assertThat(SyntheticPupils.libelle("ce1")).isEqualTo("cours élémentaire 1re année");
    }

    @Test
    void withoutTheAnnuaireGeneratedValidUais() throws IOException {
        Path out = dir.resolve("fallback.csv");
        SyntheticPupils.Result result = SyntheticPupils.generate(out, SyntheticPupils.Options.defaults()
                .withAnnuaire(dir.resolve("absent.csv")).withSeed(1));
        assertThat(result.realAnnuaire()).isFalse();
        assertThat(result.ecoles()).isBetween(25, 40);
        List<Map<String, String>> rows = read(out);
        assertThat(rows).hasSize((int) result.rows()).isNotEmpty();
        for (Map<String, String> r : rows) {
            assertThat(Uai.isValid(r.get("uai_ecole"))).isTrue();
            assertThat(r.get("uai_ecole")).startsWith("0359");
            assertThat(r.get("commune_residence")).matches("359\\d\\d");
            assertThat(r.get("ine")).matches(INE);
        }
        assertThat(SyntheticPupils.generate(dir.resolve("null.csv"), SyntheticPupils.Options.defaults().withAnnuaire(null)).realAnnuaire())
                .isFalse();
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> SyntheticPupils.Options.defaults().withScale(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyntheticPupils.Options.defaults().withMaxEcoles(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyntheticPupils.Options.defaults().withRentrees(List.of(23))).isInstanceOf(IllegalArgumentException.class);
        assertThat(SyntheticPupils.Options.defaults().withRentrees(List.of(2024, 2022, 2024)).rentrees()).containsExactly(2022, 2024);
        assertThat(SyntheticPupils.Options.defaults().withRentrees(List.of()).rentrees()).containsExactly(2023);
        assertThat(SyntheticPupils.Options.defaults().scale()).isCloseTo(1.0, within(1e-9));
    }
}
