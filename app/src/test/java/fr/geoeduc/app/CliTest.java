package fr.geoeduc.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.geoeduc.core.referentiel.Uai;
import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the {@code geoeduc} command line through {@link Main#run(String...)} on a temporary data directory,
 * with real published files, and checks exit codes, what is printed and what ends up in the store.
 */
class CliTest {

    private static final String ANNUAIRE = "fr-en-annuaire-education";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    @TempDir
    Path work;

    private Locale savedLocale;


    @BeforeEach
    void saveLocale() {
        savedLocale = Locale.getDefault();
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(savedLocale);
    }

    @Test
    void onlyTheInvokedSubcommandIsBuiltAndHelpOrMistakesGetThemAll() {
        int all = GeoeducCommand.SUBCOMMANDS.size();
        assertThat(registered("--data", "/tmp/x", "ingest", "f.csv", "--dataset", "d")).containsOnlyKeys("ingest");
        assertThat(registered("--data=/tmp/x", "--lang", "en", "datasets")).containsOnlyKeys("datasets");
        assertThat(registered("livraison", "--help")).containsOnlyKeys("livraison");
        assertThat(registered("--help")).hasSize(all);
        assertThat(registered()).hasSize(all);
        assertThat(registered("help", "ingest")).hasSize(all);
        assertThat(registered("injest")).as("a typo: picocli suggests among all").hasSize(all);
        assertThat(registered("--unknown", "ingest")).hasSize(all);
        // the help and errors read the same with one subcommand as with all
        assertThat(raw("ingest", "--help").out()).contains("--dataset=ID").contains("--data=DIR");
        assertThat(raw("injest").err()).contains("ingest");
    }

    private static java.util.Map<String, picocli.CommandLine> registered(String... args) {
        picocli.CommandLine cli = new picocli.CommandLine(new GeoeducCommand());
        Main.registerSubcommands(cli, args);
        return cli.getSubcommands();
    }

    @Test
    void aotTrainingRunsTheUsualCommandsAndLeavesNothingBehind() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = trainingDirs(tmp);
        CliRun r = raw("aot-training");
        assertThat(r.code()).as("stderr: %s", r.err()).isZero();
        assertThat(r.out()).contains("aot-training: ok");
        assertThat(trainingDirs(tmp)).isEqualTo(before);
        assertThat(raw("--help").out()).doesNotContain("aot-training"); // hidden from users
    }

    @Test
    void aotTrainingNeverWritesIntoTheStoreOfGeoeducStore() throws Exception {
        Path victim = work.resolve("store-of-the-user");
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "aot-training")
                .redirectErrorStream(true).redirectOutput(work.resolve("training.log").toFile());
        child.environment().put("GEOEDUC_STORE", "sqlite:" + victim);
        Process p = child.start();
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(work.resolve("training.log"))).isZero();
        CliRun listed = raw("--store", "sqlite:" + victim, "datasets", "--format", "json");
        assertThat(listed.code()).as(listed.err()).isZero();
        assertThat(listed.out()).doesNotContain("fr-en-annuaire-education").doesNotContain("fr-en-ips_ecoles");
    }

    private static Set<Path> trainingDirs(Path tmp) throws IOException {
        try (var list = Files.list(tmp)) {
            return new HashSet<>(list.filter(p -> p.getFileName().toString().startsWith("geoeduc-aot-training")).toList());
        }
    }

    /** Runs {@code geoeduc --data <tmp> args…} capturing stdout and stderr. */
    private CliRun geoeduc(String... args) {
        List<String> all = new ArrayList<>(List.of("--data", data.toString()));
        all.addAll(Arrays.asList(args));
        return raw(all.toArray(String[]::new));
    }

    private static CliRun raw(String... args) {
        return CliRun.of(args);
    }

    private CliRun ok(String... args) {
        CliRun r = geoeduc(args);
        assertThat(r.code()).as("exit code of %s; stderr: %s", List.of(args), r.err()).isZero();
        return r;
    }

    private void ingestAnnuaire() {
        ok("ingest", TestData.file(TestData.ANNUAIRE).toString(), "--dataset", ANNUAIRE);
    }

    /** A user error: exit code 1 and one line on stderr, without a Java stack trace. */
    private static void assertCleanError(CliRun r, String expectedFragment) {
        assertThat(r.code()).as("exit code; stdout=%s stderr=%s", r.out(), r.err()).isEqualTo(1);
        assertThat(r.errLines()).as("stderr lines").hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("geoeduc: ").contains(expectedFragment);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("at fr.").doesNotContain("\tat ");
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    // ------------------------------------------------------------------ ingest, datasets, show, quality, versions

    @Test
    void ingestRealAnnuairePublishesVersionOneWith996Rows() {
        CliRun r = ok("ingest", TestData.file(TestData.ANNUAIRE).toString(), "--dataset", ANNUAIRE);
        assertThat(r.out()).contains("Publié / published: " + ANNUAIRE + " version 1 — 996 lignes/rows, 72 champs/fields");
        assertThat(r.out()).contains("cle-multi-lignes").contains("zero-pour-o");
        assertThat(r.err()).doesNotContain("Exception");
        try (SqliteStore store = SqliteStore.open(data)) {
            assertThat(store.latest(ANNUAIRE)).get().satisfies(v -> {
                assertThat(v.number()).isEqualTo(1);
                assertThat(v.rowCount()).isEqualTo(996);
                assertThat(v.lineage().source()).isEqualTo(TestData.file(TestData.ANNUAIRE).toAbsolutePath().toString());
            });
        }
    }

    @Test
    void ingestJsonFormatIsParseable() throws IOException {
        CliRun r = ok("ingest", TestData.file(TestData.GEOLOC).toString(), "--dataset",
                "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre", "--format", "json");
        JsonNode n = json(r.out());
        assertThat(n.path("version").path("number").asInt()).isEqualTo(1);
        assertThat(n.path("version").path("rowCount").asLong()).isEqualTo(117);
        assertThat(n.path("quality").path("rowsChecked").asLong()).isEqualTo(117);
    }

    @Test
    void datasetsAsTextAndJson() throws IOException {
        CliRun empty = ok("datasets");
        assertThat(empty.out()).contains("Aucun jeu de données");

        ingestAnnuaire();
        Path small = smallCsv("code;nom;valeur\nA1;alpha;1\nB2;beta;2\n");
        ok("ingest", small.toString(), "--dataset", "petit-jeu", "--access", "restricted");

        CliRun text = ok("datasets");
        List<String> lines = text.out().lines().toList();
        assertThat(lines.get(0)).contains("ID").contains("ACCÈS").contains("VERSIONS").contains("LIGNES").contains("TITRE");
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(
                "^" + Pattern.quote(ANNUAIRE) + "\\s+open\\s+1\\s+996\\s+Annuaire de l'éducation$"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("^petit-jeu\\s+restricted\\s+1\\s+2\\s+petit-jeu$"));

        JsonNode all = json(ok("datasets", "--format", "json").out());
        assertThat(all.isArray()).isTrue();
        assertThat(all).hasSize(2);
        JsonNode annuaire = find(all, "id", ANNUAIRE);
        assertThat(annuaire.path("title").asText()).isEqualTo("Annuaire de l'éducation");
        assertThat(annuaire.path("access").asText()).isEqualTo("open");
        assertThat(annuaire.path("versions").asInt()).isEqualTo(1);
        assertThat(annuaire.path("rows").asLong()).isEqualTo(996);
        assertThat(annuaire.path("published_at").asText()).isNotBlank();
        JsonNode petit = find(all, "id", "petit-jeu");
        assertThat(petit.path("access").asText()).isEqualTo("restricted");
        assertThat(petit.path("rows").asLong()).isEqualTo(2);

        // a dataset without a declared schema gets the title its producer gives, instead of its id
        ok("ingest", small.toString(), "--dataset", "jeu-titre", "--titre", "Petit jeu d'essai", "--description", "Deux lignes.");
        assertThat(ok("datasets").out().lines()).anySatisfy(l -> assertThat(l).matches("^jeu-titre\\s+open\\s+1\\s+2\\s+Petit jeu d'essai$"));
    }

    @Test
    void showListsFieldsWithTheirTypes() throws IOException {
        ingestAnnuaire();
        CliRun r = ok("show", ANNUAIRE);
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Annuaire de l'éducation  (" + ANNUAIRE + ")");
        assertThat(r.out()).containsPattern("Clé / key:\\s+identifiant_de_l_etablissement")
                .containsPattern("Dernière version / latest:\\s+v1 du .*, 996 lignes")
                .contains("CHAMP / FIELD");
        assertThat(lines).anyMatch(l -> l.matches("^identifiant_de_l_etablissement\\s+text\\b.*"))
                .anyMatch(l -> l.matches("^latitude\\s+double\\b.*"))
                .anyMatch(l -> l.matches("^nombre_d_eleves\\s+int\\b.*"))
                .anyMatch(l -> l.matches("^date_ouverture\\s+date\\b.*"))
                .anyMatch(l -> l.matches("^position\\s+geo_point_2d\\b.*"))
                .anyMatch(l -> l.matches("^uai_valide\\s+boolean\\b.*\\[calculé]$"));

        JsonNode n = json(ok("show", ANNUAIRE, "--format", "json").out());
        assertThat(n.path("dataset").path("id").asText()).isEqualTo(ANNUAIRE);
        assertThat(n.path("latest_version").path("number").asInt()).isEqualTo(1);
        assertThat(n.path("latest_version").path("rowCount").asLong()).isEqualTo(996);
    }

    @Test
    void qualityAsJsonHasTheMultiRowRule() throws IOException {
        ingestAnnuaire();
        JsonNode report = json(ok("quality", ANNUAIRE, "--format", "json").out());
        assertThat(report.path("datasetId").asText()).isEqualTo(ANNUAIRE);
        assertThat(report.path("rowsChecked").asLong()).isEqualTo(996);
        JsonNode multi = find(report.path("results"), "rule", "cle-multi-lignes");
        assertThat(multi.path("count").asLong()).isEqualTo(3);
        assertThat(multi.path("severity").asText()).isEqualTo("WARNING");
        Set<String> uais = new HashSet<>();
        multi.path("examples").forEach(e -> uais.add(e.path("value").asText()));
        assertThat(uais).containsExactlyInAnyOrder("0352072M", "0350852L", "0350778F");
        assertThat(find(report.path("results"), "rule", "zero-pour-o").path("count").asLong()).isEqualTo(34);

        CliRun text = ok("quality", ANNUAIRE, "--version", "1");
        assertThat(text.out()).contains("cle-multi-lignes");
    }

    @Test
    void versionsListsEachPublication() throws IOException {
        ingestAnnuaire();
        ingestAnnuaire();
        CliRun r = ok("versions", ANNUAIRE);
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("VERSION").contains("LIGNES").contains("SHA-256").contains("SOURCE");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).matches("^1\\s+\\S+\\s+996\\s+[0-9a-f]{16}…\\s+.*fr-en-annuaire-education\\.csv$");
        assertThat(lines.get(2)).matches("^2\\s+\\S+\\s+996\\s+[0-9a-f]{16}….*");

        JsonNode versions = json(ok("versions", ANNUAIRE, "--format", "json").out());
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).path("number").asInt()).isEqualTo(1);
        assertThat(versions.get(1).path("number").asInt()).isEqualTo(2);
        // the same file twice: the same SHA-256
        assertThat(versions.get(1).path("lineage").path("sha256").asText())
                .isEqualTo(versions.get(0).path("lineage").path("sha256").asText()).hasSize(64);
    }

    // ------------------------------------------------------------------ diff

    @Test
    void diffByKeyOnTheAnnuaire() throws IOException {
        Path original = TestData.file(TestData.ANNUAIRE);
        List<String> lines = new ArrayList<>(Arrays.asList(Files.readString(original, StandardCharsets.UTF_8).split("\r\n", -1)));
        assertThat(lines.get(lines.size() - 1)).isEmpty(); // the file ends with CRLF
        // 1. rename the first établissement
        String[] first = lines.get(1).split(";", -1);
        assertThat(first[0]).isEqualTo("0350122T");
        assertThat(first[1]).isEqualTo("Ecole primaire publique les Lucioles");
        first[1] = "Ecole primaire publique des Lucioles";
        lines.set(1, String.join(";", first));
        // 2. delete the établissement of line 3 (one row only)
        String removedUai = lines.get(3).split(";", -1)[0];
        assertThat(removedUai).isEqualTo("0350192U");
        assertThat(lines.stream().filter(l -> l.startsWith(removedUai + ";"))).hasSize(1);
        lines.remove(3);
        // 3. add a new établissement (a copy of line 2 with a new, valid UAI)
        String newUai = "0358888" + Uai.checkLetter("0358888");
        assertThat(lines).noneMatch(l -> l.startsWith(newUai));
        String[] copy = lines.get(2).split(";", -1);
        copy[0] = newUai;
        copy[1] = "Ecole nouvelle de test";
        lines.add(lines.size() - 1, String.join(";", copy));
        Path modified = work.resolve("fr-en-annuaire-education-modifie.csv");
        Files.writeString(modified, String.join("\r\n", lines), StandardCharsets.UTF_8);

        ingestAnnuaire();
        CliRun second = ok("ingest", modified.toString(), "--dataset", ANNUAIRE);
        assertThat(second.out()).contains("version 2 — 996 lignes/rows");

        CliRun text = ok("diff", ANNUAIRE, "1", "2");
        assertThat(text.out()).contains("v1 → v2").contains("clé/key identifiant_de_l_etablissement")
                .contains("ajoutées/added 1, supprimées/removed 1, modifiées/changed 1, inchangées/unchanged 994")
                .contains("  + " + newUai)
                .contains("  - " + removedUai)
                .contains("  ~ 0350122T")
                .contains("nom_etablissement: «Ecole primaire publique les Lucioles» → «Ecole primaire publique des Lucioles»");

        JsonNode d = json(ok("diff", ANNUAIRE, "1", "2", "--format", "json").out());
        assertThat(d.path("addedCount").asLong()).isEqualTo(1);
        assertThat(d.path("removedCount").asLong()).isEqualTo(1);
        assertThat(d.path("changedCount").asLong()).isEqualTo(1);
        assertThat(d.path("unchanged").asLong()).isEqualTo(994);
        assertThat(d.path("added").get(0).asText()).isEqualTo(newUai);
        assertThat(d.path("removed").get(0).asText()).isEqualTo(removedUai);
        JsonNode change = d.path("changed").get(0);
        assertThat(change.path("key").asText()).isEqualTo("0350122T");
        assertThat(change.path("changes")).hasSize(1);
        assertThat(change.path("changes").get(0).path("field").asText()).isEqualTo("nom_etablissement");
        assertThat(change.path("changes").get(0).path("after").asText()).isEqualTo("Ecole primaire publique des Lucioles");
    }

    @Test
    void diffWithoutAKeyPairsTheChangedRowByAFieldUniqueInBothVersions() throws IOException {
        Path v1 = smallCsv("code;nom;valeur\nA1;alpha;1\nB2;beta;2\nC3;gamma;3\nD4;delta;4\n");
        Path v2 = work.resolve("v2.csv");
        Files.writeString(v2, "code;nom;valeur\nA1;alpha;1\nB2;beta;20\nC3;gamma;3\nD4;delta;4\nE5;epsilon;5\n");
        ok("ingest", v1.toString(), "--dataset", "jeu-infere");
        ok("ingest", v2.toString(), "--dataset", "jeu-infere");

        CliRun r = ok("diff", "jeu-infere", "1", "2");
        // no declared key: whole rows compared, then B2's old and new rows paired by code (one row in each version)
        assertThat(r.out()).contains("lignes modifiées appariées par / whole row; changed rows paired by code")
                .contains("ajoutées/added 1, supprimées/removed 0, modifiées/changed 1, inchangées/unchanged 3");
        JsonNode d = json(ok("diff", "jeu-infere", "1", "2", "--format", "json").out());
        assertThat(d.path("keyFields")).isEmpty();
        assertThat(d.path("pairedBy").asText()).isEqualTo("code");
        assertThat(d.path("removed")).isEmpty();
        assertThat(d.path("added")).hasSize(1);
        assertThat(d.path("added").get(0).asText()).contains("E5");
        JsonNode change = d.path("changed").get(0);
        assertThat(change.path("key").asText()).isEqualTo("B2");
        assertThat(change.path("changes")).hasSize(1);
        assertThat(change.path("changes").get(0).path("field").asText()).isEqualTo("valeur");
    }

    // ------------------------------------------------------------------ référentiels, catalogue

    @Test
    void referentielLoadCommunesAndCogHistory() {
        Path communes = TestData.file(TestData.COMMUNES_35);
        CliRun r = ok("referentiel", "load", "communes", communes.toString(), "--millesime", "2018");
        assertThat(r.out()).contains(communes + " : 345 communes chargé(e)s / loaded");

        Path cog = TestData.cogExtract(work);
        CliRun h = ok("referentiel", "load", "cog-mouvements", cog.toString());
        assertThat(h.out()).contains(" : 30 événements chargé(e)s / loaded");

        try (SqliteStore store = SqliteStore.open(data)) {
            assertThat(store.referentiel("commune")).hasSize(345)
                    .anySatisfy(f -> assertThat(f.code()).isEqualTo("35238"))
                    .allSatisfy(f -> assertThat(f.code()).startsWith("35"));
            assertThat(store.communeEvents()).hasSize(30);
        }

        assertCleanError(geoeduc("referentiel", "load", "cantons", communes.toString()), "unknown référentiel type 'cantons'");
    }

    @Test
    void catalogueAsDcatJsonLd() throws IOException {
        ingestAnnuaire();
        ok("ingest", smallCsv("code;nom\nA;a\n").toString(), "--dataset", "petit-jeu");

        CliRun list = ok("catalogue");
        assertThat(list.out().lines().toList()).containsExactlyInAnyOrder(ANNUAIRE + "\tAnnuaire de l'éducation",
                "petit-jeu\tpetit-jeu");

        JsonNode root = json(ok("catalogue", "--dcat").out());
        assertThat(root.path("@context").path("dcat").asText()).isEqualTo("http://www.w3.org/ns/dcat#");
        assertThat(root.path("@context").path("dct").asText()).isEqualTo("http://purl.org/dc/terms/");
        assertThat(root.path("@type").asText()).isEqualTo("dcat:Catalog");
        JsonNode datasets = root.path("dcat:dataset");
        assertThat(datasets.isArray()).isTrue();
        assertThat(datasets).hasSize(2).allSatisfy(d -> assertThat(d.path("@type").asText()).isEqualTo("dcat:Dataset"));
        JsonNode annuaire = find(datasets, "dct:identifier", ANNUAIRE);
        assertThat(annuaire.path("dct:title").path("@value").asText()).isEqualTo("Annuaire de l'éducation");
        assertThat(annuaire.path("csvw:tableSchema").path("csvw:column")).hasSize(72);
        assertThat(annuaire.has("dcat:distribution")).isFalse();

        JsonNode withBase = json(ok("catalogue", "--dcat", "--base-url", "https://geoeduc.example.fr/").out());
        JsonNode dist = find(withBase.path("dcat:dataset"), "dct:identifier", ANNUAIRE).path("dcat:distribution");
        assertThat(dist).hasSize(3);
        assertThat(dist.get(0).path("dcat:accessURL").asText())
                .isEqualTo("https://geoeduc.example.fr/api/datasets/" + ANNUAIRE + "/export.csv");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void missingFileIsAOneLineError() {
        CliRun r = geoeduc("ingest", work.resolve("absent.csv").toString(), "--dataset", "jeu");
        assertCleanError(r, "absent.csv: file not found");
        try (SqliteStore store = SqliteStore.open(data)) {
            assertThat(store.datasets()).isEmpty();
        }
    }

    @Test
    void unknownDatasetIsAOneLineError() {
        assertCleanError(geoeduc("show", "inconnu"), "unknown dataset 'inconnu'");
        assertCleanError(geoeduc("quality", "inconnu"), "unknown dataset 'inconnu'");
        assertCleanError(geoeduc("versions", "inconnu"), "unknown dataset 'inconnu'");
    }

    @Test
    void badDelimiterIsAOneLineError() {
        CliRun r = geoeduc("ingest", TestData.file(TestData.ANNUAIRE).toString(), "--dataset", ANNUAIRE, "--delimiter", "x");
        assertCleanError(r, "--delimiter must be ';', ',', '|' or tab, not 'x'");
        try (SqliteStore store = SqliteStore.open(data)) {
            assertThat(store.datasets()).isEmpty();
        }
    }

    @Test
    void versionThatDoesNotExistIsAOneLineError() {
        ingestAnnuaire();
        assertCleanError(geoeduc("quality", ANNUAIRE, "--version", "7"), ANNUAIRE + " has no version 7 (versions: 1)");
        assertCleanError(geoeduc("diff", ANNUAIRE, "1", "9"), ANNUAIRE + " has no version 9");
    }

    @Test
    void badAccessLevelAndDatasetIdAreOneLineErrors() {
        Path small = smallCsv("a;b\n1;2\n");
        assertCleanError(geoeduc("ingest", small.toString(), "--dataset", "jeu", "--access", "secret"),
                "unknown access level 'secret'");
        assertCleanError(geoeduc("ingest", small.toString(), "--dataset", "Pas Valide"), "invalid dataset id 'Pas Valide'");
    }

    // ------------------------------------------------------------------ help

    @Test
    void helpIsFrenchByDefaultAndEnglishWithLangEn() {
        String env = System.getenv("GEOEDUC_LANG");
        if (env == null || env.isBlank()) {
            env = System.getenv("LANG");
        }
        boolean envEnglish = env != null && env.toLowerCase(Locale.ROOT).startsWith("en");

        CliRun byDefault = raw("--help");
        assertThat(byDefault.code()).isZero();
        if (envEnglish) {
            // the environment asks for English (LANG/GEOEDUC_LANG=en…): the default follows it
            assertThat(byDefault.out()).contains("Commands:").doesNotContain("Commandes");
        } else {
            assertThat(byDefault.out()).contains("Commandes :").contains("Options :").doesNotContain("Commands:");
        }

        CliRun fr = raw("--lang", "fr", "--help");
        assertThat(fr.code()).isZero();
        assertThat(fr.out()).contains("Commandes :").contains("plateforme des données géolocalisées")
                .contains("ingest").contains("Charge un fichier").doesNotContain("Commands:");

        CliRun en = raw("--lang", "en", "--help");
        assertThat(en.code()).isZero();
        assertThat(en.out()).contains("Commands:").contains("the platform for geolocated education data")
                .contains("Loads a file").doesNotContain("Commandes");

        CliRun enSub = raw("--lang=en", "ingest", "--help");
        assertThat(enSub.code()).isZero();
        assertThat(enSub.out()).contains("Dataset id").doesNotContain("Identifiant du jeu");
    }

    @Test
    void peopleAreCreatedWithRolesListedAndDisabled() {
        ok("org", "create", "--id", "ville-rennes", "--name", "Ville de Rennes", "--kind", "commune", "--territory", "35238");
        CliRun created = ok("user", "create", "Marie.Dupont@Rennes.fr", "--name", "Marie Dupont", "--org", "ville-rennes",
                "--role", "convention-manager,consumer");
        assertThat(created.out()).contains("shown once").contains("marie.dupont@rennes.fr").contains("consumer,convention-manager");
        assertThat(ok("user", "list").out()).contains("marie.dupont@rennes.fr").contains("actif");
        assertCleanError(geoeduc("user", "create", "x@y.fr", "--name", "X", "--org", "nulle-part", "--role", "consumer"), "unknown organisation");
        assertCleanError(geoeduc("user", "create", "x@y.fr", "--name", "X", "--org", "ville-rennes", "--role", "chef"), "unknown role");
        assertThat(ok("user", "roles", "marie.dupont@rennes.fr", "--role", "producer").out()).contains("producer").doesNotContain("consumer");
        assertThat(ok("user", "disable", "marie.dupont@rennes.fr").out()).contains("désactivé");
    }

    // ------------------------------------------------------------------ helpers

    private Path smallCsv(String content) {
        try {
            Path p = Files.createTempFile(work, "petit-", ".csv");
            Files.writeString(p, content, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode find(JsonNode array, String property, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(property).asText())) {
                return n;
            }
        }
        throw new AssertionError("no element with " + property + " = " + value + " in " + array);
    }
    @Test
    void rotateKeyWritesTheCorrespondenceTableForTheOwnerOnlyAndNeverOverwritesOne() throws IOException {
        Path eleves = work.resolve("eleves.csv");
        Path realAnnuaire = TestData.root().resolve(TestData.ANNUAIRE);
        List<String> synthetic = new ArrayList<>(List.of("synthetic", "eleves", "--out", eleves.toString(), "--rentree", "2023", "--max-ecoles", "20"));
        if (Files.isRegularFile(realAnnuaire)) {
            synthetic.addAll(List.of("--annuaire", realAnnuaire.toString()));
        }
        ok(synthetic.toArray(String[]::new));
        ok("ingest", eleves.toString(), "--dataset", "eleves-synthetiques", "--access", "restricted");
        ok("org", "create", "--id", "rectorat-rennes", "--name", "Rectorat de Rennes", "--kind", "academie", "--territory", "14");
        ok("org", "create", "--id", "region-bretagne", "--name", "Région Bretagne", "--kind", "region", "--territory", "53");
        // the documented example convention, its territory set to the communes where the generated pupils live
        com.fasterxml.jackson.databind.node.ObjectNode example = (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(Path.of("..", "docs", "examples", "convention-region-bretagne.json").toFile());
        com.fasterxml.jackson.databind.node.ArrayNode codes = JSON.createArrayNode();
        Files.readAllLines(eleves).stream().skip(1).map(l -> l.split(";")[8]).distinct().forEach(codes::add);
        ((com.fasterxml.jackson.databind.node.ObjectNode) example.get("scopes").get(0).get("territory")).set("codes", codes);
        Path conventionFile = work.resolve("convention.json");
        JSON.writeValue(conventionFile.toFile(), example);
        ok("convention", "create", conventionFile.toString());
        assertCleanError(geoeduc("org", "owner", "--org", "rectorat-rennes", "--dataset", "inconnu"), "unknown dataset");
        assertCleanError(geoeduc("org", "owner", "--org", "nulle-part", "--dataset", "eleves-synthetiques"), "nulle-part");
        assertThat(ok("org", "owner", "--org", "rectorat-rennes", "--dataset", "eleves-synthetiques").out()).contains("rectorat-rennes");
        ok("convention", "status", "conv-region-lycees", "validated");
        ok("convention", "status", "conv-region-lycees", "active");

        Path table = work.resolve("correspondance.csv");
        CliRun rotated = ok("convention", "rotate-key", "conv-region-lycees", "--correspondance", table.toString());
        assertThat(rotated.out()).contains("key rotated");
        List<String> lines = Files.readAllLines(table);
        assertThat(lines.get(0)).isEqualTo("jeu;champ;ancien_pseudonyme;nouveau_pseudonyme");
        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).matches("eleves-synthetiques;ine;[a-z2-7]{26};[a-z2-7]{26}"));
        assertThat(Files.getPosixFilePermissions(table)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        try (var files = Files.list(work)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }

        byte[] before = Files.readAllBytes(table);
        assertCleanError(geoeduc("convention", "rotate-key", "conv-region-lycees", "--correspondance", table.toString()), "exists");
        assertThat(Files.readAllBytes(table)).as("an existing table is never overwritten").isEqualTo(before);
        CliRun second = ok("convention", "rotate-key", "conv-region-lycees", "--correspondance", work.resolve("correspondance-2.csv").toString());
        List<String> next = Files.readAllLines(work.resolve("correspondance-2.csv"));
        assertThat(next.get(1).split(";")[2]).as("the second table starts from the first one's new pseudonyms")
                .isIn(lines.stream().skip(1).map(l -> l.split(";")[3]).toList());
        assertThat(second.out()).contains("conv-region-lycees");
    }
}
