package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.server.explore.QuotaSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The territorial référentiels as OGC collections: every commune of 2018 (about 35,000, from the per-département
 * files), the départements and régions with overseas, the académies, loaded with {@code geoeduc referentiel load} and
 * served read-only and open like a published dataset: items with filters, one item, queryables, tiles (a z5 tile
 * over France of all the communes stays under 500 kB). They are OGC collections only, not Explore datasets.
 */
class OgcReferentielTest {

    private static final String COMMUNES = "referentiel-communes";
    private static final String DEPARTEMENTS = "referentiel-departements";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static TestServer server;
    static OgcTestServerClient s;
    static int communes;
    static int departements;

    /** The test server's GET helpers over a server started here. */
    record OgcTestServerClient(String base) {
        JsonNode ok(String path) throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            return Json.MAPPER.readTree(r.body());
        }

        HttpResponse<byte[]> bytes(String path) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        /** The one feature of that code in the collection (asserted alone). */
        JsonNode one(String collection, String code) throws Exception {
            JsonNode items = ok("/ogc/collections/" + collection + "/items?filter=" + enc("code = '" + code + "'"));
            assertThat(items.path("features")).as(collection + " " + code).hasSize(1);
            return items.path("features").get(0);
        }

        /** The area (square degrees) of a GeoJSON feature's geometry. */
        static double area(JsonNode feature) throws Exception {
            return new GeoJsonReader().read(feature.path("geometry").toString()).getArea();
        }
    }

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.in(dir);
        ReferentielLoader loader = new ReferentielLoader(server.store);
        try (Stream<Path> files = Files.list(TestData.file("geometry/communes-2018/communes-35-ille-et-vilaine.geojson").getParent())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".geojson")).sorted().toList()) {
                communes += loader.loadBoundaries("commune", f, "2018");
            }
        }
        departements = loader.loadBoundaries("departement", TestData.file("geometry/departements-avec-outre-mer.geojson"), "2018");
        loader.loadBoundaries("region", TestData.file("geometry/regions-avec-outre-mer.geojson"), "2018");
        loader.loadBoundaries("academie", TestData.file("geometry/fr-en-contour-academies-2020.geojson"), "2020");
        s = new OgcTestServerClient(server.start(null, new QuotaSettings(10_000_000, Map.of())).base());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    @Test
    void theReferentielsAreCollectionsWithTheirMillesime() throws Exception {
        assertThat(communes).isGreaterThan(34_000);
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        s.ok("/ogc/collections").path("collections").forEach(c -> byId.put(c.path("id").asText(), c));
        assertThat(byId).containsKeys(COMMUNES, DEPARTEMENTS, "referentiel-regions", "referentiel-academies");
        assertThat(byId.get(COMMUNES).path("title").asText()).isEqualTo("Communes (millésime 2018)");
        assertThat(byId.get("referentiel-academies").path("title").asText()).isEqualTo("Académies (millésime 2020)");
        JsonNode c = s.ok("/ogc/collections/" + COMMUNES);
        JsonNode box = c.path("extent").path("spatial").path("bbox").get(0);
        assertThat(box.get(0).asDouble()).isLessThan(-61); // the Antilles
        assertThat(box.get(2).asDouble()).isGreaterThan(55); // La Réunion, Mayotte
        assertThat(OgcCoreTest.rels(c.path("links"), null)).containsKeys("items", "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector");
        List<String> queryables = new ArrayList<>();
        s.ok("/ogc/collections/" + COMMUNES + "/queryables").path("properties").fieldNames().forEachRemaining(queryables::add);
        assertThat(queryables).contains("code", "nom", "millesime");
        // an OGC collection only: the Explore API's catalogue still lists published datasets alone
        assertThat(s.ok("/api/explore/v2.1/catalog/datasets").toString()).doesNotContain(COMMUNES);
    }

    @Test
    void itemsAreFilteredPagedAndReadOneByOne() throws Exception {
        String items = "/ogc/collections/" + DEPARTEMENTS + "/items";
        assertThat(s.ok(items + "?limit=1").path("numberMatched").asLong()).isEqualTo(departements);
        JsonNode ille = s.ok(items + "?filter=" + enc("code = '35'"));
        assertThat(ille.path("numberMatched").asLong()).isEqualTo(1);
        JsonNode f = ille.path("features").get(0);
        assertThat(f.path("properties").path("nom").asText()).isEqualTo("Ille-et-Vilaine");
        assertThat(f.path("properties").path("millesime").asText()).isEqualTo("2018");
        assertThat(f.path("geometry").path("type").asText()).isIn("Polygon", "MultiPolygon");
        JsonNode one = s.ok(items + "/" + f.path("id").asText());
        assertThat(one.path("properties").path("code").asText()).isEqualTo("35");

        // the commune under a point of Rennes, by CQL2 spatial filter; and a bbox in Lambert-93
        JsonNode rennes = s.ok("/ogc/collections/" + COMMUNES + "/items?filter=" + enc("S_INTERSECTS(geometrie, POINT(-1.6778 48.1173))"));
        assertThat(rennes.path("features").get(0).path("properties").path("code").asText()).isEqualTo("35238");
        JsonNode l93 = s.ok("/ogc/collections/" + COMMUNES + "/items?limit=1&properties=code&crs="
                + enc("http://www.opengis.net/def/crs/EPSG/0/2154") + "&filter=" + enc("code = '35238'"));
        JsonNode ring = l93.path("features").get(0).path("geometry").path("coordinates");
        while (ring.get(0).isArray()) {
            ring = ring.get(0);
        }
        assertThat(ring.get(0).asDouble()).isBetween(340_000.0, 360_000.0); // Rennes' easting in Lambert-93
        assertThat(s.bytes("/ogc/collections/" + COMMUNES + "/items?filter=" + enc("inconnu = 1")).statusCode()).isEqualTo(400);
    }

    @Test
    void allTheCommunesAtZoom5StayUnder500kB() throws Exception {
        String tiles = "/ogc/collections/" + COMMUNES + "/tiles/WebMercatorQuad/5/";
        long total = 0;
        boolean arles = false;
        for (long[] t : new long[][]{{11, 15}, {11, 16}, {10, 15}, {10, 16}}) { // metropolitan France at z5
            HttpResponse<byte[]> r = s.bytes(tiles + t[0] + "/" + t[1]);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body().length).as("z5 tile %s/%s", t[0], t[1]).isLessThan(500 * 1024);
            assertThat(r.headers().firstValue("ETag")).isPresent();
            List<Geometry> features = MvtDecoder.features(r.body(), COMMUNES);
            features.forEach(g -> assertThat(MvtDecoder.attributes(g)).containsKey("code"));
            total += features.size();
            System.out.printf("communes z5/%d/%d: %d bytes, %d communes%n", t[0], t[1], r.body().length, features.size());
            arles |= features.stream().anyMatch(g -> "13004".equals(MvtDecoder.attributes(g).get("code")));
        }
        // about one pixel each at z5: the smallest are dropped to keep the tiles light, the largest stay
        assertThat(total).as("communes drawn").isGreaterThan(3_000);
        assertThat(arles).as("Arles, the largest commune of metropolitan France").isTrue();
        HttpResponse<byte[]> z12 = s.bytes("/ogc/collections/" + COMMUNES + "/tiles/WebMercatorQuad/12/"
                + MvtDecoder.row(12, 48.1173) + "/" + MvtDecoder.col(12, -1.6778));
        assertThat(MvtDecoder.features(z12.body(), COMMUNES).stream().map(g -> MvtDecoder.attributes(g).get("code"))).contains("35238");
    }

    @Test
    void theReferentielsAreReadOnly() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(s.base() + "/ogc/collections/" + DEPARTEMENTS + "/items"))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method).isBetween(400, 499);
        }
    }
}
