package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.store.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static fr.geoeduc.server.OgcTestServer.COLLEGES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy door of the OGC API: the collèges published as restricted, under a convention granting five fields on
 * the département 35 to one organisation. Anonymous callers and other clients see no collection and get 404 on every
 * route; the convention's client sees only the granted fields and territory, in items, one item and queryables.
 */
class OgcConventionTest {

    private static final List<String> GRANTED = List.of("numero_uai", "appellation_officielle", "code_departement", "position", "date_ouverture");
    private static final String ITEMS = "/ogc/collections/" + COLLEGES + "/items";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static TestServer server;
    static String key;
    static String otherKey;
    static List<Map<String, String>> colleges;

    @BeforeAll
    static void start() throws Exception {
        Path collegesFile = TestData.fileOrGenerated(OgcTestServer.COLLEGES_FILE, dir);
        colleges = ExploreCompatibilityTest.readCsv(collegesFile);
        server = TestServer.in(dir).ingest(collegesFile, COLLEGES, AccessLevel.RESTRICTED)
                .organisation("rectorat", "Rectorat", Organisation.Kind.ACADEMIE)
                .organisation("cd35", "Département d'Ille-et-Vilaine", Organisation.Kind.AUTRE)
                .organisation("autre", "Autre", Organisation.Kind.AUTRE);
        TestConventions.activate(server.registry(), TestConventions.between("conv-cd35", "2026-7", "Collèges du département", "rectorat", "cd35",
                "bâti scolaire", "L.213-1", new Convention.DataScope(COLLEGES, GRANTED, Convention.Granularity.INDIVIDUAL_PSEUDONYMISED,
                        new Convention.Territory("code_departement", List.of("35", "035")), null, false, List.of(), List.of(), 1, null)));
        key = server.apiKey("cd35", "sig");
        otherKey = server.apiKey("autre", "x");
        server.start(null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> get(String path, String apiKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + path));
        if (apiKey != null) {
            b.header("Authorization", "Apikey " + apiKey);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutConventionTheCollectionDoesNotExist() throws Exception {
        String id = null;
        JsonNode page = Json.MAPPER.readTree(get(ITEMS + "?limit=1", key).body());
        id = page.path("features").get(0).path("id").asText();
        for (String caller : new String[]{null, otherKey}) {
            assertThat(get("/ogc/collections", caller).body()).doesNotContain(COLLEGES);
            assertThat(get("/ogc/api", caller).body()).doesNotContain(COLLEGES);
            for (String path : List.of("/ogc/collections/" + COLLEGES, ITEMS, ITEMS + "?f=html", ITEMS + "?f=gpkg", ITEMS + "?f=fgb",
                    "/api/explore/v2.1/catalog/datasets/" + COLLEGES + "/exports/gpkg", ITEMS + "/" + id,
                    "/ogc/collections/" + COLLEGES + "/queryables")) {
                HttpResponse<String> r = get(path, caller);
                assertThat(r.statusCode()).as(path).isEqualTo(404);
                assertThat(r.body()).doesNotContain("Collège");
            }
        }
        assertThat(get("/ogc/collections", "gek_inconnue").statusCode()).isEqualTo(401);
    }

    @Test
    void theConventionLimitsFieldsAndTerritory() throws Exception {
        assertThat(get("/ogc/collections", key).body()).contains(COLLEGES);
        long in35 = colleges.stream().filter(r -> r.get("code_departement").equals("035")).count();
        assertThat(in35).isPositive();
        HttpResponse<String> r = get(ITEMS + "?limit=1000", key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode page = Json.MAPPER.readTree(r.body());
        assertThat(page.path("numberMatched").asLong()).isEqualTo(in35);
        for (JsonNode f : page.path("features")) {
            List<String> names = new ArrayList<>();
            f.path("properties").fieldNames().forEachRemaining(names::add);
            assertThat(GRANTED).containsAll(names);
            assertThat(names).doesNotContain("coordonnee_x", "libelle_commune");
            assertThat(f.path("geometry").path("type").asText()).isEqualTo("Point");
        }
        String id = page.path("features").get(0).path("id").asText();
        JsonNode one = Json.MAPPER.readTree(get(ITEMS + "/" + id, key).body());
        assertThat(one.path("properties").has("coordonnee_x")).isFalse();
        assertThat(one.path("properties").path("numero_uai").asText()).isNotBlank();
        JsonNode queryables = Json.MAPPER.readTree(get("/ogc/collections/" + COLLEGES + "/queryables", key).body());
        List<String> q = new ArrayList<>();
        queryables.path("properties").fieldNames().forEachRemaining(q::add);
        assertThat(GRANTED).containsAll(q);
        assertThat(get(ITEMS + "?filter=" + java.net.URLEncoder.encode("coordonnee_x > 0", java.nio.charset.StandardCharsets.UTF_8), key)
                .statusCode()).as("a field outside the convention is not a queryable").isEqualTo(400);
    }

    @Test
    void theConventionsDownloadsHoldOnlyTheGrantedFieldsAndTerritory() throws Exception {
        long in35 = colleges.stream().filter(r -> r.get("code_departement").equals("035")).count();
        for (String f : List.of("gpkg", "fgb")) {
            HttpResponse<byte[]> r = tile(ITEMS + "?f=" + f, key);
            assertThat(r.statusCode()).as(f).isEqualTo(200);
            Path file = dir.resolve("convention." + f);
            java.nio.file.Files.write(file, r.body());
            GisFiles.Read layer = f.equals("gpkg") ? GisFiles.geopackage(file) : GisFiles.flatgeobuf(file);
            assertThat(layer.features()).hasSize((int) in35);
            List<String> columns = new ArrayList<>(layer.columns().keySet());
            columns.remove("id");
            assertThat(GRANTED).containsAll(columns);
            assertThat(columns).contains("numero_uai").doesNotContain("coordonnee_x", "libelle_commune");
            assertThat(layer.features()).allSatisfy(row -> {
                assertThat(row.values().get("code_departement")).isIn("35", "035");
                assertThat(row.geometry()).isNotNull();
            });
        }
    }

    @Test
    void ogr2ogrCopiesOnlyTheGrantedFieldsAndTerritoryAndOthersGetNothing() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Ogrinfo.onPath("ogr2ogr"),
                "ogr2ogr not installed (Debian package gdal-bin): the GDAL copy test is skipped");
        long in35 = colleges.stream().filter(r -> r.get("code_departement").equals("035")).count();
        String root = "OAPIF:http://127.0.0.1:" + server.port() + "/ogc";
        // GDAL appends the connection's query string (here the API key) to every request it sends
        Path copy = dir.resolve("ogr2ogr-convention.gpkg");
        Ogrinfo.run("ogr2ogr", "-f", "GPKG", "-oo", "PAGE_SIZE=1000", copy.toString(), root + "?apikey=" + key, COLLEGES);
        GisFiles.Read layer = GisFiles.geopackage(copy);
        assertThat(layer.features()).hasSize((int) in35);
        List<String> columns = new ArrayList<>(layer.columns().keySet());
        columns.remove("id");
        assertThat(GRANTED).containsAll(columns);
        assertThat(columns).contains("numero_uai", "appellation_officielle").doesNotContain("coordonnee_x", "libelle_commune");
        assertThat(layer.features()).allSatisfy(row -> assertThat(row.values().get("code_departement")).isIn("35", "035"));
        // anyone else (anonymous, another organisation's key): the collection is not in the service, the copy fails
        for (String other : new String[]{"", "?apikey=" + otherKey}) {
            Path refused = dir.resolve("ogr2ogr-refused" + other.length() + ".gpkg");
            Process p = new ProcessBuilder("ogr2ogr", "-f", "GPKG", refused.toString(), root + other, COLLEGES)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isNotZero();
            // no collection at all (GDAL cannot open an empty service) or not this one
            assertThat(out).containsAnyOf("Couldn't fetch requested layer", "Unable to open datasource");
            assertThat(refused).doesNotExist();
        }
    }

    static HttpResponse<byte[]> tile(String path, String apiKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + path));
        if (apiKey != null) {
            b.header("Authorization", "Apikey " + apiKey);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void tilesShowOnlyTheConventionsFieldsAndTerritoryAndAreNotSharedWithOtherCallers() throws Exception {
        String tiles = "/ogc/collections/" + COLLEGES + "/tiles/WebMercatorQuad";
        List<Map<String, String>> in35 = colleges.stream().filter(r -> r.get("code_departement").equals("035"))
                .filter(r -> !r.get("latitude").isBlank()).toList();
        HttpResponse<byte[]> world = tile(tiles + "/0/0/0", key);
        assertThat(world.statusCode()).isEqualTo(200);
        assertThat(MvtDecoder.features(world.body(), COLLEGES).stream()
                .mapToLong(g -> ((Number) MvtDecoder.attributes(g).get("count")).longValue()).sum()).isEqualTo(in35.size());
        double lon = Double.parseDouble(in35.get(0).get("longitude"));
        double lat = Double.parseDouble(in35.get(0).get("latitude"));
        int z = 11;
        long row = MvtDecoder.row(z, lat);
        long col = MvtDecoder.col(z, lon);
        long expected = in35.stream().filter(r -> MvtDecoder.inTile(z, row, col, Double.parseDouble(r.get("longitude")),
                Double.parseDouble(r.get("latitude")))).count();
        String path = tiles + "/" + z + "/" + row + "/" + col;
        HttpResponse<byte[]> granted = tile(path, key);
        assertThat(granted.statusCode()).isEqualTo(200);
        // a credentialed answer is never stored by a shared cache nor by the browser (SecurityHeaders)
        assertThat(granted.headers().firstValue("Cache-Control").orElse("")).isEqualTo("no-store");
        List<org.locationtech.jts.geom.Geometry> features = MvtDecoder.features(granted.body(), COLLEGES);
        assertThat(features).hasSize((int) expected);
        for (org.locationtech.jts.geom.Geometry g : features) {
            // the convention's fields, and the count every point of a tile carries
            java.util.Set<String> attributes = new java.util.HashSet<>(MvtDecoder.attributes(g).keySet());
            assertThat(attributes.remove("count")).isTrue();
            assertThat(GRANTED).containsAll(attributes);
            assertThat(MvtDecoder.attributes(g)).containsEntry("code_departement", "035");
        }
        // the tile is now cached for the convention's view: other callers still get nothing
        for (String caller : new String[]{null, otherKey}) {
            for (String p : List.of(path, tiles, tiles + "?f=tilejson", "/ogc/collections/" + COLLEGES + "/tiles")) {
                HttpResponse<byte[]> r = tile(p, caller);
                assertThat(r.statusCode()).as(p).isEqualTo(404);
                assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("Collège");
            }
            HttpResponse<byte[]> revalidate = HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + path))
                    .header("If-None-Match", granted.headers().firstValue("ETag").orElseThrow()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(revalidate.statusCode()).isEqualTo(404);
        }
        assertThat(tile(path + "?properties=coordonnee_x", key).statusCode()).as("a field outside the convention").isEqualTo(400);
        JsonNode tileJson = Json.MAPPER.readTree(tile(tiles + "?f=tilejson", key).body());
        List<String> fields = new ArrayList<>();
        tileJson.path("vector_layers").get(0).path("fields").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).doesNotContain("coordonnee_x", "libelle_commune").contains("numero_uai");
    }
}
