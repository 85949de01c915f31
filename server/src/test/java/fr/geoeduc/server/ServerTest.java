package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.server.explore.QuotaSettings;
import fr.geoeduc.core.version.VersionDiff;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The web server over an embedded store filled with the real files of ../shared/data (or their generated stand-ins
 * when it is absent; the figures checked are counted from the file loaded), through HTTP: the JSON API, the exports, the
 * French pages, the static files, and the access policy (restricted datasets are invisible).
 */
class ServerTest {

    static final String ANNUAIRE = "fr-en-annuaire-education";
    static final String GEOLOC = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre";
    static final String RESTRICTED = "fr-en-effectifs-second-degre";
    static final String BANNER = "Données de test : bannière d'avertissement";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static TestServer running;
    private static SqliteStore store;
    private static GeoeducServer server;
    private static String base;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** The files loaded, row by row (header → value), read with plain string handling. */
    private static Path annuaireFile;
    private static List<Map<String, String>> annuaire;
    private static List<Map<String, String>> geoloc;
    private static List<Map<String, String>> restrictedRows;

    @BeforeAll
    static void start() throws IOException {
        annuaireFile = TestData.fileOrGenerated(TestData.ANNUAIRE, dir);
        Path geolocFile = TestData.fileOrGenerated(TestData.GEOLOC, dir);
        Path restrictedFile = TestData.fileOrGenerated(TestData.EFFECTIFS_SECOND_DEGRE, dir);
        annuaire = ExploreCompatibilityTest.readCsv(annuaireFile);
        geoloc = ExploreCompatibilityTest.readCsv(geolocFile);
        restrictedRows = ExploreCompatibilityTest.readCsv(restrictedFile);
        if (TestData.real()) {
            assertThat(annuaire).hasSize(996);
            assertThat(geoloc).hasSize(117);
        }
        running = TestServer.in(dir);
        store = running.store;
        ingest(annuaireFile, ANNUAIRE, null);
        ingest(geolocFile, GEOLOC, null);
        IngestResult restricted = ingest(restrictedFile, RESTRICTED, AccessLevel.RESTRICTED);
        assertThat(restricted.version().rowCount()).isPositive();
        assertThat(store.dataset(RESTRICTED).orElseThrow().accessLevel()).isEqualTo(AccessLevel.RESTRICTED);

        server = running.start(BANNER, QuotaSettings.fromEnvironment()).server();
        assertThat(server.port()).isPositive();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    private static IngestResult ingest(Path file, String id, AccessLevel access) {
        return running.ingester.ingest(new IngestRequest(file.toString(), id, access, null, null), ProgressListener.NONE);
    }

    static HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    // ------------------------------------------------------------------ API

    @Test
    void health() {
        HttpResponse<String> r = get("/api/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(contentType(r)).startsWith("application/json");
        JsonNode n = json(r);
        assertThat(n.path("status").asText()).isEqualTo("ok");
        assertThat(n.path("store_schema").asInt()).isEqualTo(store.schemaVersion()).isPositive();
    }

    @Test
    void catalogueListsOpenDatasetsOnly() {
        HttpResponse<String> r = get("/api/catalogue");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode list = json(r);
        List<String> ids = new ArrayList<>();
        list.forEach(n -> ids.add(n.path("id").asText()));
        assertThat(ids).containsExactlyInAnyOrder(ANNUAIRE, GEOLOC);
        JsonNode annuaire = find(list, "id", ANNUAIRE);
        assertThat(annuaire.path("title").asText()).isEqualTo("Annuaire de l'éducation");
        assertThat(annuaire.path("access").asText()).isEqualTo("open");
        assertThat(annuaire.path("rows").asLong()).isEqualTo(ServerTest.annuaire.size());
        assertThat(annuaire.path("latest_version").asInt()).isPositive();
        List<String> fields = new ArrayList<>();
        annuaire.path("fields").forEach(f -> fields.add(f.asText()));
        // the published columns and the three GéoÉduc derives (uai_valide, departement_cog, commune_cog)
        assertThat(fields).contains("identifiant_de_l_etablissement", "latitude", "position").hasSize(ServerTest.annuaire.get(0).size() + 3);
        assertThat(r.body()).doesNotContain(RESTRICTED);
    }

    @Test
    void dcatListsOpenDatasetsOnly() {
        HttpResponse<String> r = get("/api/catalogue/dcat");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(contentType(r)).startsWith("application/ld+json");
        JsonNode root = json(r);
        assertThat(root.path("@context").path("dcat").asText()).isEqualTo("http://www.w3.org/ns/dcat#");
        JsonNode datasets = root.path("dcat:dataset");
        assertThat(datasets).hasSize(2).allSatisfy(d -> assertThat(d.path("@type").asText()).isEqualTo("dcat:Dataset"));
        Set<String> ids = new HashSet<>();
        datasets.forEach(d -> ids.add(d.path("dct:identifier").asText()));
        assertThat(ids).containsExactlyInAnyOrder(ANNUAIRE, GEOLOC);
        // distributions point at this server
        JsonNode dist = find(datasets, "dct:identifier", ANNUAIRE).path("dcat:distribution");
        assertThat(dist).hasSize(3);
        assertThat(dist.get(0).path("dcat:accessURL").asText()).isEqualTo(base + "/api/datasets/" + ANNUAIRE + "/export.csv");
        assertThat(r.body()).doesNotContain(RESTRICTED);
    }

    @Test
    void restrictedDatasetIsNotFoundEverywhere() {
        String uai = restrictedRows.get(0).get("Numero_d_etablissement");
        String fullName = restrictedRows.get(0).get("nom_etablissement");
        String name = fullName.substring(fullName.lastIndexOf(' ') + 1); // BROSSOLETTE in the real file
        for (String path : List.of("/api/datasets/" + RESTRICTED, "/api/datasets/" + RESTRICTED + "/versions",
                "/api/datasets/" + RESTRICTED + "/versions/1/quality", "/api/datasets/" + RESTRICTED + "/export.csv",
                "/api/datasets/" + RESTRICTED + "/export.json", "/api/datasets/" + RESTRICTED + "/export.geojson",
                "/api/datasets/" + RESTRICTED + "/export.csv?version=1")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(json(r).path("error_code").asText()).as(path).isEqualTo("NotFound");
            // nothing of the data leaks in the error
            assertThat(r.body()).as(path).doesNotContain(uai).doesNotContain(name);
        }
        HttpResponse<String> page = get("/jeux/" + RESTRICTED);
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(contentType(page)).startsWith("text/html");
        assertThat(page.body()).contains("Jeu de données introuvable").doesNotContain(name);
        assertThat(get("/").body()).doesNotContain(RESTRICTED);
        assertThat(get("/catalogue").body()).doesNotContain(RESTRICTED);
        assertThat(get("/catalogue?acces=restreint").body()).doesNotContain(RESTRICTED).contains("Aucun jeu de données ne correspond");
    }

    @Test
    void datasetAndVersions() {
        JsonNode d = json(get("/api/datasets/" + GEOLOC));
        assertThat(d.path("dataset").path("id").asText()).isEqualTo(GEOLOC);
        assertThat(d.path("version").path("rowCount").asLong()).isEqualTo(geoloc.size());
        JsonNode versions = json(get("/api/datasets/" + GEOLOC + "/versions"));
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).path("number").asInt()).isEqualTo(1);
        assertThat(versions.get(0).path("lineage").path("sha256").asText()).hasSize(64);

        HttpResponse<String> unknown = get("/api/datasets/inconnu");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error_code").asText()).isEqualTo("NotFound");
        assertThat(get("/api/datasets/inconnu/versions").statusCode()).isEqualTo(404);
        assertThat(get("/api/datasets/" + GEOLOC + "/export.json?version=99").statusCode()).isEqualTo(404);
        HttpResponse<String> noRoute = get("/api/nulle-part");
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(json(noRoute).path("error_code").asText()).isEqualTo("NotFound");
    }

    @Test
    void qualityReportAsJson() {
        HttpResponse<String> r = get("/api/datasets/" + ANNUAIRE + "/versions/1/quality");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode report = json(r);
        assertThat(report.path("datasetId").asText()).isEqualTo(ANNUAIRE);
        assertThat(report.path("rowsChecked").asLong()).isEqualTo(annuaire.size());
        JsonNode multi = find(report.path("results"), "rule", "cle-multi-lignes");
        assertThat(multi.path("count").asLong()).isEqualTo(repeatedMultiLineKeys()).isPositive();
        assertThat(multi.path("severity").asText()).isEqualTo("WARNING");
        assertThat(find(report.path("results"), "rule", "code-sans-libelle").path("count").asLong()).isEqualTo(codesWithoutLabel()).isPositive();
        if (TestData.real()) {
            assertThat(repeatedMultiLineKeys()).isEqualTo(3);
            assertThat(codesWithoutLabel()).isEqualTo(9);
        }

        assertThat(get("/api/datasets/" + ANNUAIRE + "/versions/99/quality").statusCode()).isEqualTo(404);
    }

    /** Rows flagged multi-line whose UAI an earlier row already has. */
    private static long repeatedMultiLineKeys() {
        Set<String> seen = new HashSet<>();
        return annuaire.stream().filter(r -> !seen.add(r.get("Identifiant_de_l_etablissement"))
                && r.get("etablissement_multi_lignes").equals("1")).count();
    }

    /** Cells of a code_X column filled while its label (libelle_X, nom_X or X, found by lower-cased name) is empty. */
    private static long codesWithoutLabel() {
        Map<String, String> byName = new LinkedHashMap<>();
        annuaire.get(0).keySet().forEach(h -> byName.put(h.toLowerCase(java.util.Locale.ROOT).replace(' ', '_'), h));
        Map<String, String> pairs = new LinkedHashMap<>();
        byName.forEach((name, header) -> {
            if (name.startsWith("code_")) {
                String rest = name.substring(5);
                java.util.stream.Stream.of("libelle_" + rest, "nom_" + rest, rest).filter(byName::containsKey).findFirst()
                        .ifPresent(label -> pairs.put(header, byName.get(label)));
            }
        });
        return annuaire.stream().mapToLong(r -> pairs.entrySet().stream()
                .filter(p -> !r.get(p.getKey()).isEmpty() && r.get(p.getValue()).isEmpty()).count()).sum();
    }

    @Test
    void badVersionParameterIs400Json() {
        for (String path : List.of("/api/datasets/" + ANNUAIRE + "/versions/abc/quality",
                "/api/datasets/" + ANNUAIRE + "/export.csv?version=abc", "/api/datasets/" + ANNUAIRE + "/export.json?version=1.5",
                "/api/datasets/" + ANNUAIRE + "?version=dernière")) {
            HttpResponse<String> r = get(path.replace("dernière", "derni%C3%A8re"));
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(contentType(r)).as(path).startsWith("application/json");
            JsonNode n = json(r);
            assertThat(n.path("error_code").asText()).as(path).isEqualTo("BadRequest");
            assertThat(n.path("message").asText()).as(path).startsWith("version must be a number");
        }
    }

    // ------------------------------------------------------------------ exports

    @Test
    void exportJsonHasTypedValues() {
        HttpResponse<String> r = get("/api/datasets/" + ANNUAIRE + "/export.json?version=1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(contentType(r)).startsWith("application/json");
        JsonNode rows = json(r);
        assertThat(rows.isArray()).isTrue();
        assertThat(rows).hasSize(annuaire.size());
        Map<String, String> line = annuaire.stream().filter(x -> !x.get("Nombre_d_eleves").isEmpty()).findFirst().orElseThrow();
        int index = annuaire.indexOf(line);
        JsonNode first = rows.get(index);
        if (TestData.real()) {
            assertThat(index).isZero();
            assertThat(line.get("Identifiant_de_l_etablissement")).isEqualTo("0350122T");
        }
        double lat = Double.parseDouble(line.get("latitude"));
        double lon = Double.parseDouble(line.get("longitude"));
        assertThat(first.path("identifiant_de_l_etablissement").asText()).isEqualTo(line.get("Identifiant_de_l_etablissement"));
        assertThat(first.path("latitude").isNumber()).isTrue();
        assertThat(first.path("latitude").asDouble()).isEqualTo(lat);
        assertThat(first.path("longitude").asDouble()).isEqualTo(lon);
        assertThat(first.path("nombre_d_eleves").isIntegralNumber()).isTrue();
        assertThat(first.path("nombre_d_eleves").asLong()).isEqualTo(Long.parseLong(line.get("Nombre_d_eleves")));
        assertThat(first.path("position").isObject()).isTrue();
        assertThat(first.path("position").path("lon").asDouble()).isEqualTo(lon);
        assertThat(first.path("position").path("lat").asDouble()).isEqualTo(lat);
        assertThat(first.path("uai_valide").isBoolean()).isTrue();
        assertThat(first.path("date_ouverture").asText()).isEqualTo(line.get("date_ouverture"));
        assertThat(first.path("code_departement").isTextual()).isTrue();
        assertThat(first.path("code_departement").asText()).isEqualTo(line.get("Code_departement")).startsWith("0");
        // a value withheld is null, not an empty string
        long nulls = 0;
        for (JsonNode row : rows) {
            if (row.path("nombre_d_eleves").isNull()) {
                nulls++;
            }
        }
        assertThat(nulls).isEqualTo(annuaire.stream().filter(x -> x.get("Nombre_d_eleves").isEmpty()).count()).isPositive();
    }

    @Test
    void exportGeojsonHasOnePointPerRow() {
        HttpResponse<String> r = get("/api/datasets/" + GEOLOC + "/export.geojson");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(contentType(r)).startsWith("application/geo+json");
        JsonNode fc = json(r);
        assertThat(fc.path("type").asText()).isEqualTo("FeatureCollection");
        JsonNode features = fc.path("features");
        assertThat(features).hasSize(geoloc.size());
        Map<String, String> college = geoloc.stream().filter(x -> x.get("Nature").equals("COLLEGE")).findFirst().orElseThrow();
        JsonNode querpon = null;
        for (JsonNode f : features) {
            assertThat(f.path("type").asText()).isEqualTo("Feature");
            assertThat(f.path("geometry").path("type").asText()).isEqualTo("Point");
            JsonNode c = f.path("geometry").path("coordinates");
            assertThat(c).hasSize(2);
            // [lon, lat] in Ille-et-Vilaine, equal to the properties
            assertThat(c.get(0).asDouble()).isBetween(-2.5, -1.0).isEqualTo(f.path("properties").path("longitude").asDouble());
            assertThat(c.get(1).asDouble()).isBetween(47.5, 48.8).isEqualTo(f.path("properties").path("latitude").asDouble());
            if (college.get("Code établissement").equals(f.path("properties").path("numero_uai").asText())) {
                querpon = f;
            }
        }
        assertThat(querpon).isNotNull();
        assertThat(querpon.path("geometry").path("coordinates").get(0).asDouble()).isCloseTo(Double.parseDouble(college.get("Longitude")), within(1e-12));
        assertThat(querpon.path("geometry").path("coordinates").get(1).asDouble()).isCloseTo(Double.parseDouble(college.get("Latitude")), within(1e-12));
        assertThat(querpon.path("properties").path("appellation_officielle").asText()).isEqualTo(college.get("Appellation officielle"));
        if (TestData.real()) {
            assertThat(college.get("Appellation officielle")).isEqualTo("Collège du Querpon");
        }
    }

    /** Downloads the CSV export of a version to a file and checks its form (BOM, ';', field names, one line per row). */
    private static Path downloadCsv(String id, int version, String fileName) throws IOException {
        Path exported = dir.resolve(fileName);
        HttpResponse<Path> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/datasets/" + id + "/export.csv?version=" + version)).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(exported));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(contentType(r)).startsWith("text/csv");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + id + ".csv\"");
        byte[] bytes = Files.readAllBytes(exported);
        assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        return exported;
    }

    /** Splits a CSV line on ';' outside quotes, keeping each cell as written (quotes included). */
    private static List<String> rawCells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /**
     * The export of version 1, re-ingested as a new version of the same dataset, gives the same rows. The columns
     * GéoÉduc derives (uai_valide, departement_cog, commune_cog) are left out of the file: they are derived again
     * (see {@link #exportCsvWithItsDerivedColumnsReingests()} for the file as exported).
     */
    @Test
    void exportCsvRoundTripsAsANewVersion() throws IOException {
        Path exported = downloadCsv(ANNUAIRE, 1, "export-annuaire.csv");
        DatasetVersion v1 = store.version(ANNUAIRE, 1).orElseThrow();
        List<String> lines = Files.readString(exported, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(annuaire.size() + 1);
        assertThat(lines.get(0)).startsWith("\uFEFFidentifiant_de_l_etablissement;nom_etablissement;");
        List<String> header = rawCells(lines.get(0).substring(1));
        assertThat(header).containsExactlyElementsOf(v1.schema().fields().stream().map(Field::name).toList());
        Set<Integer> derived = new HashSet<>();
        for (int i = 0; i < v1.schema().size(); i++) {
            if ("derived".equals(v1.schema().field(i).origin())) {
                derived.add(i);
            }
        }
        assertThat(derived).hasSize(3);
        StringBuilder withoutDerived = new StringBuilder("\uFEFF");
        for (int l = 0; l < lines.size(); l++) {
            List<String> cells = rawCells(l == 0 ? lines.get(0).substring(1) : lines.get(l));
            assertThat(cells).as("line %d", l + 1).hasSize(v1.schema().size());
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                if (!derived.contains(i)) {
                    kept.add(cells.get(i));
                }
            }
            withoutDerived.append(String.join(";", kept)).append("\r\n");
        }
        Path file = dir.resolve("export-annuaire-sans-derives.csv");
        Files.writeString(file, withoutDerived, StandardCharsets.UTF_8);

        IngestResult again = ingest(file, ANNUAIRE, null);
        assertRoundTrip(v1, again);
    }

    private static void assertRoundTrip(DatasetVersion v1, IngestResult again) {
        DatasetVersion v2 = again.version();
        assertThat(v2.number()).isGreaterThan(1);
        assertThat(v2.rowCount()).isEqualTo(annuaire.size());
        assertThat(v2.schema().fields()).extracting(Field::name).containsExactlyElementsOf(
                v1.schema().fields().stream().map(Field::name).toList());
        assertThat(v2.schema().fields()).extracting(Field::type).containsExactlyElementsOf(
                v1.schema().fields().stream().map(Field::type).toList());

        List<Map<String, Object>> rows1 = read(v1);
        List<Map<String, Object>> rows2 = read(v2);
        int n = annuaire.size();
        for (int i : new int[]{0, 1, 100, n / 2, n - 1}) {
            assertThat(rows2.get(i)).as("row %d", i).isEqualTo(rows1.get(i));
        }
        VersionDiff.Result diff = new VersionDiff(5).compare(store, v1, v2, List.of("identifiant_de_l_etablissement"));
        assertThat(diff.fieldsAdded()).isEmpty();
        assertThat(diff.fieldsRemoved()).isEmpty();
        assertThat(diff.addedCount()).isZero();
        assertThat(diff.removedCount()).isZero();
        assertThat(diff.changedCount()).as("changed rows %s", diff.changed()).isZero();
        assertThat(diff.unchanged()).isEqualTo(n);
        assertThat(again.quality().count(fr.geoeduc.core.quality.Rule.MULTI_ROW_KEY)).isEqualTo(repeatedMultiLineKeys());
    }

    @Test
    void exportCsvWithItsDerivedColumnsReingests() throws IOException {
        Path exported = downloadCsv(ANNUAIRE, 1, "export-annuaire-complet.csv");
        IngestResult again = ingest(exported, ANNUAIRE, null);
        assertThat(again.version().lineage().source()).isEqualTo(exported.toString());
        assertRoundTrip(store.version(ANNUAIRE, 1).orElseThrow(), again);
    }

    private static List<Map<String, Object>> read(DatasetVersion v) {
        List<Map<String, Object>> out = new ArrayList<>();
        store.readRows(v, row -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < row.length; i++) {
                m.put(v.schema().field(i).name(), row[i]);
            }
            out.add(m);
        });
        return out;
    }

    // ------------------------------------------------------------------ pages and static files

    @Test
    void cataloguePageInFrenchWithBanner() {
        HttpResponse<String> r = get("/catalogue");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(contentType(r)).startsWith("text/html");
        assertThat(r.body()).contains("<html lang=\"fr\">").contains("<h1>Catalogue</h1>").contains("2 jeux de données publiés")
                .contains("href=\"/jeux/" + ANNUAIRE + "\"").contains("Annuaire de l&#39;éducation")
                .contains("href=\"/jeux/" + GEOLOC + "\"")
                .contains("<div class=\"banner\" role=\"alert\">" + "Données de test : bannière d&#39;avertissement" + "</div>");
    }

    @Test
    void homePageHasSearchKeyFiguresThemesRecentDatasetsAndAMap() {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<form class=\"fr-search-bar fr-search-bar--lg fr-mb-4w\" id=\"accueil-recherche\" role=\"search\" method=\"get\" action=\"/catalogue\">")
                .contains("<h2>Chiffres clés</h2>").contains("<span class=\"geoeduc-chiffre\">2</span> jeux de données")
                .contains("href=\"/catalogue?theme=%C3%89tablissements\">Établissements (2)</a>")
                .contains("id=\"accueil-recents\"").contains("href=\"/jeux/" + ANNUAIRE + "\"").contains("href=\"/jeux/" + GEOLOC + "\"")
                .contains("id=\"carte\"").contains("data-taille=\"nombre_d_eleves\"").contains("/static/js/carte.js")
                .contains("aria-current=\"page\">Accueil</a>");
    }

    @Test
    void catalogueFindsByWordsIgnoringCaseAndAccentsAndNarrowsByFacets() {
        HttpResponse<String> one = get("/catalogue?q=ramsese");
        assertThat(one.body()).contains("1 jeu de données publié pour « ramsese »").contains("href=\"/jeux/" + ANNUAIRE + "\"")
                .doesNotContain("href=\"/jeux/" + GEOLOC + "\"");
        assertThat(get("/catalogue?q=GEOLOCALISATION").body()).contains("2 jeux de données publiés")
                .contains("href=\"/jeux/" + ANNUAIRE + "\"").contains("href=\"/jeux/" + GEOLOC + "\"");
        assertThat(get("/catalogue?q=lambert+93+annuaire").body()).contains("Aucun jeu de données ne correspond");
        HttpResponse<String> all = get("/catalogue");
        for (String facet : List.of("theme", "producteur", "acces", "territoire", "motcle")) {
            assertThat(all.body()).as(facet).contains("data-facette=\"" + facet + "\"");
        }
        assertThat(all.body()).contains("href=\"/catalogue?motcle=RAMSESE\">RAMSESE</a> <span class=\"geoeduc-compte\">(1)</span>")
                .contains("href=\"/catalogue?acces=ouvert\">ouvert</a> <span class=\"geoeduc-compte\">(2)</span>");
        HttpResponse<String> depp = get("/catalogue?motcle=Lambert+93");
        assertThat(depp.body()).contains("1 jeu de données publié avec les filtres choisis").contains("href=\"/jeux/" + GEOLOC + "\"")
                .doesNotContain("href=\"/jeux/" + ANNUAIRE + "\"")
                // the chosen value links back to the unfiltered catalogue; the search box keeps the filter
                .contains("href=\"/catalogue\" aria-label=\"Retirer le filtre Mot-clé : Lambert 93\"")
                .contains("<input type=\"hidden\" name=\"motcle\" value=\"Lambert 93\">");
        assertThat(get("/catalogue?motcle=Lambert+93&q=annuaire").body()).contains("Aucun jeu de données ne correspond");
    }

    @Test
    void theMapExplorerFiltersByTypeAndSectorThroughTheTilesAndTheExploreApi() {
        HttpResponse<String> r = get("/carte?jeu=" + ANNUAIRE + "&type=Coll%C3%A8ge&secteur=Public");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<select class=\"fr-select geoeduc-filtre\" id=\"filtre-type\" name=\"type\" data-champ=\"type_etablissement\">")
                .contains("<option value=\"Collège\" selected>Collège</option>").contains("<option value=\"Ecole\">Ecole</option>")
                .contains("<option value=\"Public\" selected>Public</option>")
                .contains("&amp;filter=%22type_etablissement%22%20%3D%20%27Coll%C3%A8ge%27%20AND%20%22statut_public_prive%22%20%3D%20%27Public%27")
                .contains("data-where=\"`type_etablissement` = &quot;Collège&quot; AND `statut_public_prive` = &quot;Public&quot;\"");
        // the tiles and the Explore API agree with each other on the filtered points
        String tilejson = r.body().replaceAll("(?s).*data-tilejson=\"([^\"]+)\".*", "$1").replace("&amp;", "&");
        JsonNode tj = json(get(tilejson));
        assertThat(tj.path("tiles").get(0).asText()).contains("&filter=");
        long colleges = json(get("/api/explore/v2.1/catalog/datasets/" + ANNUAIRE + "/records?limit=0&where="
                + java.net.URLEncoder.encode("`type_etablissement` = \"Collège\" AND `statut_public_prive` = \"Public\"",
                java.nio.charset.StandardCharsets.UTF_8))).path("total_count").asLong();
        assertThat(colleges).isPositive();
        String tile = tj.path("tiles").get(0).asText().replace("{z}/{y}/{x}", "0/0/0").replaceFirst("^https?://[^/]+", "");
        HttpResponse<byte[]> mvt;
        try {
            mvt = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + tile)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(mvt.statusCode()).isEqualTo(200);
        long drawn = MvtDecoder.features(mvt.body(), ANNUAIRE).stream()
                .mapToLong(g -> ((Number) MvtDecoder.attributes(g).get("count")).longValue()).sum();
        assertThat(drawn).isEqualTo(colleges);
        // an unknown value is no filter
        assertThat(get("/carte?jeu=" + ANNUAIRE + "&type=Inconnu").body()).doesNotContain("&amp;filter=").contains("data-where=\"\"");
    }

    @Test
    void theMapPagesHeadPreloadsTheAnswersTheMapWaitsForWithTheFilters() {
        String body = get("/carte?jeu=" + ANNUAIRE + "&type=Coll%C3%A8ge").body();
        java.util.List<String> preloads = java.util.regex.Pattern.compile("<link rel=\"preload\" as=\"fetch\" crossorigin=\"anonymous\" href=\"([^\"]+)\">")
                .matcher(body).results().map(m -> m.group(1)).toList();
        String tilejson = body.replaceAll("(?s).*data-tilejson=\"([^\"]+)\".*", "$1");
        String maximum = body.replaceAll("(?s).*data-maximum=\"([^\"]+)\".*", "$1");
        // the script's own URLs (its data attributes), so that its requests take the preloaded answers
        assertThat(preloads).containsExactly(tilejson, maximum, "/carte/fond.geojson");
        assertThat(body).contains("<link rel=\"prefetch\" href=\"/static/maplibre/maplibre-gl-csp-worker.js\">").contains("data-quantiles=\"\"");
        // the size maximum is that of the filtered rows
        JsonNode answer = json(get(maximum.replace("&amp;", "&")));
        JsonNode direct = json(get("/api/explore/v2.1/catalog/datasets/" + ANNUAIRE + "/records?limit=100&select=nombre_d_eleves&order_by="
                + java.net.URLEncoder.encode("nombre_d_eleves desc", java.nio.charset.StandardCharsets.UTF_8) + "&where="
                + java.net.URLEncoder.encode("`type_etablissement` = \"Collège\"", java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(answer.path("results").get(0).path("maxi").asDouble()).isPositive()
                .isEqualTo(direct.path("results").get(0).path("nombre_d_eleves").asDouble());
        assertThat(json(get(tilejson.replace("&amp;", "&"))).path("tiles")).hasSize(1);
        // with a colour field, its quintiles too; a choropleth does not wait for the points' breaks
        fr.geoeduc.server.web.MapConfig coloured = fr.geoeduc.server.web.MapConfig.of(ANNUAIRE, new fr.geoeduc.server.web.MapFields(
                java.util.List.of(), "nombre_d_eleves", "ips", "", "", java.util.List.of(), "position"));
        assertThat(coloured.firstUrls(false)).containsExactly(coloured.tilejson(), coloured.quantiles(), coloured.maximum(), "/carte/fond.geojson");
        assertThat(coloured.quantiles()).contains("percentile%28%60ips%60%2C%2020%29%20as%20q20").contains("max%28%60ips%60%29%20as%20maxi");
        assertThat(coloured.firstUrls(true)).containsExactly(coloured.tilejson(), "/carte/fond.geojson");
    }

    @Test
    void datasetPageInFrenchWithMapFieldsAndQuality() {
        HttpResponse<String> r = get("/jeux/" + ANNUAIRE + "?version=1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<h1>Annuaire de l&#39;éducation</h1>").contains("version 1 du")
                .contains("<h2>Champs</h2>").contains("<h2>Rapport qualité</h2>").contains("<h2>Versions</h2>")
                .contains("cle-multi-lignes").contains("<code>identifiant_de_l_etablissement</code>")
                .contains("id=\"carte\"").contains("data-tilejson=\"/ogc/collections/" + ANNUAIRE + "/tiles/WebMercatorQuad?f=tilejson&amp;properties=")
                .contains("data-taille=\"nombre_d_eleves\"")
                .contains("/static/maplibre/maplibre-gl-csp.js").contains("/static/js/carte.js").contains("/static/dsfr/dsfr.min.css")
                .contains("<h2>Tableau</h2>").contains("<h2>API</h2>").contains("<h2>Téléchargements</h2>").contains("role=\"tablist\"")
                .contains("curl -sS &#39;http://127.0.0.1:").contains("/exports/parquet")
                .doesNotContain("<script>").doesNotContain(" onclick=").doesNotContain(" style=\"")
                .contains("Télécharger").contains("/api/datasets/" + ANNUAIRE + "/export.csv?version=1")
                .contains("class=\"banner\"")
                .as("the annuaire's declared frequency, DCAT's code daily, said in French")
                .contains("<dt>Fréquence de mise à jour</dt><dd>quotidienne</dd>").doesNotContain("<dd>daily</dd>");
        HttpResponse<String> missing = get("/jeux/inconnu");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("Jeu de données introuvable").contains("class=\"banner\"");
    }

    @Test
    void noBannerWithoutOne() {
        try (GeoeducServer plain = GeoeducServer.start(store, "127.0.0.1", 0, null)) {
            assertThat(plain.port()).isPositive().isNotEqualTo(server.port());
            HttpResponse<String> r;
            try {
                r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plain.port() + "/catalogue")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("<h1>Catalogue</h1>").doesNotContain("class=\"banner\"");
        }
    }

    @Test
    void staticFilesAreServed() {
        // built by the Maven build from server/src/main/web (npm ci of the lockfile, then build.mjs), never committed
        HttpResponse<String> maplibre = get("/static/maplibre/maplibre-gl-csp.js");
        assertThat(maplibre.statusCode()).isEqualTo(200);
        assertThat(contentType(maplibre)).contains("javascript");
        assertThat(maplibre.body()).contains("maplibre").hasSizeGreaterThan(300_000);
        assertThat(get("/static/maplibre/maplibre-gl-csp-worker.js").statusCode()).isEqualTo(200);
        assertThat(get("/static/maplibre/maplibre-gl.css").body()).contains(".maplibregl-map");
        HttpResponse<String> dsfr = get("/static/dsfr/dsfr.min.css");
        assertThat(dsfr.statusCode()).isEqualTo(200);
        assertThat(dsfr.body()).contains(".fr-header").contains(".fr-tabs");
        assertThat(get("/static/dsfr/dsfr.module.min.js").statusCode()).isEqualTo(200);
        assertThat(get("/static/dsfr/fonts/Marianne-Regular.woff2").statusCode()).isEqualTo(200);
        HttpResponse<String> carte = get("/static/js/carte.js");
        assertThat(carte.statusCode()).isEqualTo(200);
        assertThat(contentType(carte)).contains("javascript");
        assertThat(carte.body()).contains("queryRenderedFeatures").contains("setWorkerUrl");
        assertThat(get("/static/geoeduc.css").statusCode()).isEqualTo(200);
        assertThat(get("/webjars/leaflet/1.9.4/dist/leaflet.js").statusCode()).isEqualTo(404);
    }

    static JsonNode find(JsonNode array, String property, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(property).asText())) {
                return n;
            }
        }
        throw new AssertionError("no element with " + property + " = " + value + " in " + array);
    }
}
