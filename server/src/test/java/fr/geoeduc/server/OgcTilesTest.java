package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.store.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygonal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static fr.geoeduc.server.OgcTestServer.COLLEGES;
import static fr.geoeduc.server.OgcTestServer.DEPARTEMENTS;
import static fr.geoeduc.server.OgcTestServer.RESTRICTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OGC API – Tiles Part 1 with MVT in WebMercatorQuad, on the national collèges (points) and the départements
 * (polygons): tiles are decoded with the MVT library and their features counted against the CSV file itself.
 */
class OgcTilesTest {

    private static final String TILES = "/ogc/collections/" + COLLEGES + "/tiles/WebMercatorQuad";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final OgcTestServer s = new OgcTestServer();
    /** lon/lat and UAI of the CSV's collèges that have coordinates. */
    static List<double[]> points;
    static List<String> uais;

    @BeforeAll
    static void start() {
        points = new ArrayList<>();
        uais = new ArrayList<>();
        for (Map<String, String> row : s.colleges) {
            if (!row.get("latitude").isBlank() && !row.get("longitude").isBlank()) {
                points.add(new double[]{Double.parseDouble(row.get("longitude")), Double.parseDouble(row.get("latitude"))});
                uais.add(row.get("numero_uai"));
            }
        }
    }

    static HttpResponse<byte[]> tile(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.base + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static long csvCount(int z, long row, long col) {
        return points.stream().filter(p -> MvtDecoder.inTile(z, row, col, p[0], p[1])).count();
    }

    static long countSum(List<Geometry> features) {
        return features.stream().mapToLong(g -> ((Number) MvtDecoder.attributes(g).get("count")).longValue()).sum();
    }

    @Test
    void tileMatrixSetsListAndDefineWebMercatorQuad() {
        JsonNode list = s.ok("/ogc/tileMatrixSets");
        assertThat(list.path("tileMatrixSets").get(0).path("id").asText()).isEqualTo("WebMercatorQuad");
        assertThat(list.path("tileMatrixSets").get(0).path("uri").asText())
                .isEqualTo("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad");
        JsonNode tms = s.ok(list.path("tileMatrixSets").get(0).path("links").get(0).path("href").asText());
        assertThat(tms.path("crs").asText()).isEqualTo("http://www.opengis.net/def/crs/EPSG/0/3857");
        assertThat(tms.path("tileMatrices")).hasSize(25);
        JsonNode z5 = tms.path("tileMatrices").get(5);
        assertThat(z5.path("id").asText()).isEqualTo("5");
        assertThat(z5.path("matrixWidth").asLong()).isEqualTo(32);
        assertThat(z5.path("cellSize").asDouble()).isCloseTo(4891.9698, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(z5.path("scaleDenominator").asDouble()).isCloseTo(17471320.75, org.assertj.core.data.Offset.offset(1.0));
        assertThat(s.get("/ogc/tileMatrixSets/WorldCRS84Quad", null).status()).isEqualTo(404);
    }

    @Test
    void conformanceLandingAndCollectionsLinkTheTiles() {
        List<String> uris = new ArrayList<>();
        s.ok("/ogc/conformance").path("conformsTo").forEach(u -> uris.add(u.asText()));
        String t = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/";
        assertThat(uris).contains(t + "core", t + "tileset", t + "tilesets-list", t + "geodata-tilesets", t + "mvt", t + "oas30",
                t + "dataset-tilesets", t + "collections-selection");
        assertThat(uris).doesNotContain(t + "datetime", t + "geojson");
        assertThat(OgcCoreTest.rels(s.ok("/ogc").path("links"), null))
                .containsEntry("http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes", s.base + "/ogc/tileMatrixSets");
        String tilesets = OgcCoreTest.rels(s.ok("/ogc/collections/" + COLLEGES).path("links"), null)
                .get("http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector");
        assertThat(tilesets).isEqualTo(s.base + "/ogc/collections/" + COLLEGES + "/tiles");
        JsonNode list = s.ok(tilesets);
        JsonNode set = list.path("tilesets").get(0);
        assertThat(set.path("dataType").asText()).isEqualTo("vector");
        assertThat(set.path("crs").asText()).isEqualTo("http://www.opengis.net/def/crs/EPSG/0/3857");
        assertThat(set.path("tileMatrixSetURI").asText()).isEqualTo("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad");
        assertThat(OgcCoreTest.rels(set.path("links"), null)).containsKeys("self", "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme");
        JsonNode meta = s.ok(OgcCoreTest.rels(set.path("links"), null).get("self"));
        assertThat(meta.path("dataType").asText()).isEqualTo("vector");
        JsonNode item = null;
        for (JsonNode l : meta.path("links")) {
            if (l.path("rel").asText().equals("item")) {
                item = l;
            }
        }
        assertThat(item).isNotNull();
        assertThat(item.path("templated").asBoolean()).isTrue();
        assertThat(item.path("type").asText()).isEqualTo("application/vnd.mapbox-vector-tile");
        assertThat(item.path("href").asText()).contains("/{tileMatrix}/{tileRow}/{tileCol}");
        assertThat(meta.path("layers").get(0).path("id").asText()).isEqualTo(COLLEGES);
    }

    /**
     * Dataset tilesets (A.x of dataset-tilesets and collections-selection): the landing page links /ogc/tiles, whose one
     * tileset has a layer per visible collection; its tiles hold each collection's own tile as a layer, and
     * collections= keeps only the named ones (a 400 naming the parameter for an unknown or invisible one).
     */
    @Test
    void theDatasetTilesetHasOneLayerPerCollection() {
        String tiles = OgcCoreTest.rels(s.ok("/ogc").path("links"), null).get("http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector");
        assertThat(tiles).isEqualTo(s.base + "/ogc/tiles");
        JsonNode set = s.ok(tiles).path("tilesets").get(0);
        assertThat(set.path("dataType").asText()).isEqualTo("vector");
        assertThat(set.path("tileMatrixSetURI").asText()).isEqualTo("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad");
        JsonNode meta = s.ok(OgcCoreTest.rels(set.path("links"), null).get("self"));
        List<String> layers = meta.path("layers").findValuesAsText("id");
        assertThat(layers).contains(COLLEGES, DEPARTEMENTS, OgcTestServer.REFERENTIEL).doesNotContain(RESTRICTED);
        assertThat(s.ok("/ogc/tiles/WebMercatorQuad?f=tilejson").path("vector_layers").findValuesAsText("id")).isEqualTo(layers);

        HttpResponse<byte[]> all = tile("/ogc/tiles/WebMercatorQuad/5/11/15");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("ETag")).isPresent();
        assertThat(MvtDecoder.decode(all.body()).getLayers().stream().map(l -> l.getName()).toList())
                .contains(COLLEGES, DEPARTEMENTS, OgcTestServer.REFERENTIEL);
        byte[] alone = tile("/ogc/collections/" + COLLEGES + "/tiles/WebMercatorQuad/5/11/15").body();
        assertThat(countSum(MvtDecoder.features(all.body(), COLLEGES))).isEqualTo(countSum(MvtDecoder.features(alone, COLLEGES)))
                .isEqualTo(csvCount(5, 11, 15));
        HttpResponse<byte[]> one = tile("/ogc/tiles/WebMercatorQuad/5/11/15?collections=" + COLLEGES);
        assertThat(one.body()).isEqualTo(alone);
        assertThat(tile("/ogc/tiles/WebMercatorQuad/5/11/15?collections=" + DEPARTEMENTS + "," + COLLEGES).body().length)
                .isGreaterThan(alone.length);
        for (String bad : List.of("inconnu", RESTRICTED, "")) {
            OgcTestServer.Answer a = s.get("/ogc/tiles/WebMercatorQuad/5/11/15?collections=" + bad, null);
            assertThat(a.status()).as(bad).isEqualTo(400);
            assertThat(a.json().path("description").asText()).contains("collections");
        }
        assertThat(tile("/ogc/tiles/WebMercatorQuad/5/0/0").statusCode()).as("nothing in the Arctic").isEqualTo(204);
        assertThat(s.get("/ogc/tiles/WebMercatorQuad/30/0/0", null).status()).isEqualTo(404);
    }

    /** Tiles' oas30 class: the OpenAPI document describes every tile resource, and each of its references resolves. */
    @Test
    void theOpenApiDocumentDescribesTheTiles() {
        JsonNode doc = s.get("/ogc/api", "application/vnd.oai.openapi+json;version=3.0").json();
        JsonNode paths = doc.path("paths");
        String tiles = "/collections/{collectionId}/tiles";
        for (String p : List.of("/tileMatrixSets", "/tileMatrixSets/{tileMatrixSetId}", tiles, tiles + "/{tileMatrixSetId}",
                tiles + "/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}")) {
            assertThat(paths.has(p)).as(p).isTrue();
        }
        JsonNode tile = paths.path(tiles + "/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}").path("get");
        assertThat(tile.path("responses").path("200").path("content").has("application/vnd.mapbox-vector-tile")).isTrue();
        assertThat(tile.path("responses").has("204")).isTrue();
        List<String> names = new ArrayList<>();
        tile.path("parameters").forEach(p -> names.add(doc.at(p.path("$ref").asText().substring(1)).path("name").asText()));
        assertThat(names).contains("collectionId", "tileMatrixSetId", "tileMatrix", "tileRow", "tileCol", "f", "properties");
        assertThat(doc.at("/components/parameters/tileMatrixSetId/schema/enum").get(0).asText()).isEqualTo("WebMercatorQuad");
        List<String> refs = new ArrayList<>();
        doc.findValues("$ref").forEach(r -> refs.add(r.asText()));
        assertThat(refs).isNotEmpty().allSatisfy(r -> assertThat(doc.at(r.substring(1)).isMissingNode()).as(r).isFalse());
    }

    @Test
    void tileJsonDescribesTheLayerForMapLibre() {
        OgcTestServer.Answer a = s.get(TILES + "?f=tilejson", null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/vnd.mapbox.tile+json");
        assertThat(a.header("Access-Control-Allow-Origin")).isEqualTo("*");
        JsonNode j = a.json();
        assertThat(j.path("tilejson").asText()).isEqualTo("3.0.0");
        assertThat(j.path("tiles").get(0).asText()).isEqualTo(s.base + TILES + "/{z}/{y}/{x}?f=mvt");
        assertThat(j.path("vector_layers").get(0).path("id").asText()).isEqualTo(COLLEGES);
        assertThat(j.path("vector_layers").get(0).path("fields").path("numero_uai").asText()).isEqualTo("String");
        assertThat(j.path("vector_layers").get(0).path("fields").path("count").asText()).isEqualTo("Number");
        assertThat(j.path("bounds")).hasSize(4);
        assertThat(j.path("bounds").get(0).asDouble()).isLessThan(-60); // the Antilles
        assertThat(j.path("bounds").get(2).asDouble()).isGreaterThan(50); // Mayotte, La Réunion
        assertThat(j.path("minzoom").asInt()).isZero();
        assertThat(j.path("center")).hasSize(3);
        JsonNode chosen = s.get(TILES + "?f=tilejson&properties=numero_uai", null).json();
        List<String> fields = new ArrayList<>();
        chosen.path("vector_layers").get(0).path("fields").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("numero_uai", "count");
        assertThat(chosen.path("tiles").get(0).asText()).endsWith("?f=mvt&properties=numero_uai");
        assertThat(s.get(TILES, "application/vnd.mapbox.tile+json").json().path("tilejson").asText()).isEqualTo("3.0.0");
    }

    @Test
    void lowZoomTilesClusterEveryPointOnceWithItsCount() {
        HttpResponse<byte[]> world = tile(TILES + "/0/0/0");
        assertThat(world.statusCode()).isEqualTo(200);
        assertThat(world.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.mapbox-vector-tile");
        List<Geometry> clusters = MvtDecoder.features(world.body(), COLLEGES);
        assertThat(countSum(clusters)).isEqualTo(points.size()).isEqualTo(csvCount(0, 0, 0));
        assertThat(clusters.size()).isLessThan(points.size() / 4);
        // metropolitan France at z5 spans columns 15–16 and rows 10–11
        long total = 0;
        for (long row = 10; row <= 11; row++) {
            for (long col = 15; col <= 16; col++) {
                HttpResponse<byte[]> r = tile(TILES + "/5/" + row + "/" + col);
                long expected = csvCount(5, row, col);
                if (expected == 0) {
                    assertThat(r.statusCode()).isEqualTo(204);
                    continue;
                }
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body().length).as("z5 tile size").isLessThan(500 * 1024);
                System.out.printf("z5/%d/%d: %d collèges, %d bytes%n", row, col, expected, r.body().length);
                List<Geometry> features = MvtDecoder.features(r.body(), COLLEGES);
                assertThat(features).allSatisfy(g -> assertThat(g).isInstanceOf(Point.class));
                assertThat(countSum(features)).as("z5/%d/%d", row, col).isEqualTo(expected);
                assertThat(features).anySatisfy(g -> assertThat(((Number) MvtDecoder.attributes(g).get("count")).longValue()).isGreaterThan(1));
                features.stream().filter(g -> ((Number) MvtDecoder.attributes(g).get("count")).longValue() == 1)
                        .forEach(g -> assertThat(MvtDecoder.attributes(g)).containsKey("numero_uai"));
                total += expected;
            }
        }
        assertThat(total).isGreaterThan(6000);
    }

    @Test
    void lowZoomGroupsCarryTheSumsAndMeansOfTheNumericProperties() {
        List<Geometry> clusters = MvtDecoder.features(tile(TILES + "/0/0/0?properties=latitude&cluster-weight=longitude").body(), COLLEGES);
        List<Map<String, Object>> groups = clusters.stream().map(MvtDecoder::attributes)
                .filter(a -> ((Number) a.get("count")).longValue() > 1).toList();
        assertThat(groups).isNotEmpty().allSatisfy(a -> {
            // the weight is not among the chosen properties: a plain mean, equal to the sum over the count
            double mean = ((Number) a.get("latitude")).doubleValue();
            double sum = ((Number) a.get("sum(latitude)")).doubleValue();
            assertThat(mean).isCloseTo(sum / ((Number) a.get("count")).doubleValue(), org.assertj.core.data.Offset.offset(1e-6));
        });
        // the group sums add up to the file's total
        double total = clusters.stream().map(MvtDecoder::attributes).mapToDouble(a -> a.containsKey("sum(latitude)")
                ? ((Number) a.get("sum(latitude)")).doubleValue() : ((Number) a.get("latitude")).doubleValue()).sum();
        assertThat(total).isCloseTo(points.stream().mapToDouble(p -> p[1]).sum(), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(s.get(TILES + "?f=tilejson&properties=latitude", null).json().path("vector_layers").get(0).path("fields")
                .path("sum(latitude)").asText()).isEqualTo("Number");
        assertThat(tile(TILES + "/0/0/0?cluster-weight=numero_uai").statusCode()).isEqualTo(400);
        assertThat(s.get(TILES + "?f=tilejson&cluster-weight=longitude", null).json().path("tiles").get(0).asText())
                .endsWith("&cluster-weight=longitude");
    }

    @Test
    void aFilterKeepsOnlyTheMatchingPointsInTheTiles() {
        String dep = s.colleges.stream().filter(r -> !r.get("latitude").isBlank()).map(r -> r.get("code_departement")).findFirst().orElseThrow();
        long expected = s.colleges.stream().filter(r -> !r.get("latitude").isBlank() && !r.get("longitude").isBlank()
                && r.get("code_departement").equals(dep)).count();
        String filter = java.net.URLEncoder.encode("code_departement = '" + dep + "'", java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<byte[]> filtered = tile(TILES + "/0/0/0?filter=" + filter);
        assertThat(filtered.statusCode()).isEqualTo(200);
        assertThat(countSum(MvtDecoder.features(filtered.body(), COLLEGES))).isEqualTo(expected).isLessThan(points.size());
        // the unfiltered tile is not the filtered one from the cache
        assertThat(countSum(MvtDecoder.features(tile(TILES + "/0/0/0").body(), COLLEGES))).isEqualTo(points.size());
        assertThat(tile(TILES + "/0/0/0?filter=" + java.net.URLEncoder.encode("inconnu = 1", java.nio.charset.StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(400);
        assertThat(s.get(TILES + "?f=tilejson&filter=" + filter, null).json().path("tiles").get(0).asText()).endsWith("&filter=" + filter);
    }

    @Test
    void highZoomTilesCarryEveryPointWithTheChosenProperties() {
        // the tile at z12 holding the first collège of the file, and its neighbour to the east
        double[] p = points.get(0);
        long row = MvtDecoder.row(12, p[1]);
        long col = MvtDecoder.col(12, p[0]);
        for (long c = col; c <= col + 1; c++) {
            long r = row;
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < points.size(); i++) {
                if (MvtDecoder.inTile(12, r, c, points.get(i)[0], points.get(i)[1])) {
                    expected.add(uais.get(i));
                }
            }
            HttpResponse<byte[]> resp = tile(TILES + "/12/" + r + "/" + c + "?properties=numero_uai");
            if (expected.isEmpty()) {
                assertThat(resp.statusCode()).isEqualTo(204);
                continue;
            }
            List<Geometry> features = MvtDecoder.features(resp.body(), COLLEGES);
            assertThat(features).hasSize(expected.size());
            Set<String> served = new HashSet<>();
            for (Geometry g : features) {
                assertThat(MvtDecoder.attributes(g)).containsOnlyKeys("numero_uai", "count"); // count 1: nothing grouped from z10
                assertThat(((Number) MvtDecoder.attributes(g).get("count")).longValue()).isEqualTo(1);
                served.add((String) MvtDecoder.attributes(g).get("numero_uai"));
                assertThat(g.getCoordinate().x).isBetween(0.0, 4096.0);
                assertThat(g.getCoordinate().y).isBetween(0.0, 4096.0);
            }
            assertThat(served).isEqualTo(expected);
        }
        assertThat(uais.get(0)).isNotBlank();
    }

    @Test
    void pointsLandWhereTheyAreNorthUp() {
        double[] p = points.get(0);
        int z = 14;
        long row = MvtDecoder.row(z, p[1]);
        long col = MvtDecoder.col(z, p[0]);
        List<Geometry> features = MvtDecoder.features(tile(TILES + "/" + z + "/" + row + "/" + col + "?properties=numero_uai").body(), COLLEGES);
        Geometry g = features.stream().filter(f -> uais.get(0).equals(MvtDecoder.attributes(f).get("numero_uai"))).findFirst().orElseThrow();
        double west = MvtDecoder.west(z, col);
        double east = MvtDecoder.west(z, col + 1);
        double expectedX = (p[0] - west) / (east - west) * 4096;
        double north = Math.log(Math.tan(Math.PI / 4 + Math.toRadians(MvtDecoder.north(z, row)) / 2));
        double south = Math.log(Math.tan(Math.PI / 4 + Math.toRadians(MvtDecoder.north(z, row + 1)) / 2));
        double y = Math.log(Math.tan(Math.PI / 4 + Math.toRadians(p[1]) / 2));
        double expectedY = (north - y) / (north - south) * 4096; // y grows southwards
        assertThat(g.getCoordinate().x).isCloseTo(expectedX, org.assertj.core.data.Offset.offset(1.0));
        assertThat(g.getCoordinate().y).isCloseTo(expectedY, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void polygonsAreClippedWithABufferAndLight() {
        String path = "/ogc/collections/" + DEPARTEMENTS + "/tiles/WebMercatorQuad";
        HttpResponse<byte[]> r = tile(path + "/5/11/16");
        assertThat(r.statusCode()).isEqualTo(200);
        System.out.printf("départements z5/11/16: %d bytes%n", r.body().length);
        List<Geometry> features = MvtDecoder.features(r.body(), DEPARTEMENTS);
        assertThat(features).isNotEmpty().allSatisfy(g -> assertThat(g).isInstanceOf(Polygonal.class));
        for (Geometry g : features) {
            assertThat(g.getEnvelopeInternal().getMinX()).isGreaterThanOrEqualTo(-64 - 1);
            assertThat(g.getEnvelopeInternal().getMaxX()).isLessThanOrEqualTo(4096 + 64 + 1);
            assertThat(g.getEnvelopeInternal().getMinY()).isGreaterThanOrEqualTo(-64 - 1);
            assertThat(g.getEnvelopeInternal().getMaxY()).isLessThanOrEqualTo(4096 + 64 + 1);
        }
        HttpResponse<byte[]> z8 = tile(path + "/8/88/129"); // around Paris
        assertThat(z8.statusCode()).isEqualTo(200);
        System.out.printf("départements z8/88/129: %d bytes%n", z8.body().length);
        int z5Vertices = features.stream().mapToInt(Geometry::getNumPoints).sum();
        HttpResponse<byte[]> z0 = tile(path + "/0/0/0");
        int z0Vertices = MvtDecoder.features(z0.body(), DEPARTEMENTS).stream().mapToInt(Geometry::getNumPoints).sum();
        System.out.printf("départements z0/0/0: %d bytes, %d vertices; z5/11/16: %d vertices%n", z0.body().length, z0Vertices, z5Vertices);
        assertThat(z0.body().length).isLessThan(100 * 1024);
        assertThat(z0Vertices).isLessThan(z5Vertices); // simplified further at a lower level
    }

    @Test
    void anEmptyTileIs204() {
        HttpResponse<byte[]> r = tile(TILES + "/5/20/1"); // South Pacific
        assertThat(csvCount(5, 20, 1)).isZero();
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void tilesOutsideTheMatrixAreRefusedNamingTheParameter() throws IOException {
        Map<String, Object[]> cases = Map.of(
                TILES + "/30/0/0", new Object[]{404, "tileMatrix"},
                TILES + "/-1/0/0", new Object[]{404, "tileMatrix"},
                TILES + "/abc/0/0", new Object[]{400, "tileMatrix"},
                TILES + "/5/-1/3", new Object[]{404, "tileRow"},
                TILES + "/5/32/3", new Object[]{404, "tileRow"},
                TILES + "/5/3/-2", new Object[]{404, "tileCol"},
                TILES + "/5/3/32", new Object[]{404, "tileCol"},
                TILES + "/5/3/x", new Object[]{400, "tileCol"},
                "/ogc/collections/" + COLLEGES + "/tiles/WorldCRS84Quad/5/3/3", new Object[]{404, "tileMatrixSetId"},
                TILES + "/5/3/3?zoom=2", new Object[]{400, "zoom"});
        for (Map.Entry<String, Object[]> e : cases.entrySet()) {
            HttpResponse<byte[]> r = tile(e.getKey());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(e.getValue()[0]);
            JsonNode body = Json.MAPPER.readTree(r.body());
            assertThat(body.path("code").asText()).as(e.getKey()).isNotBlank();
            assertThat(body.path("description").asText()).as(e.getKey()).contains((String) e.getValue()[1]);
        }
        assertThat(tile(TILES + "/5/11/16?f=png").statusCode()).isEqualTo(400);
        assertThat(tile(TILES + "/5/11/16?properties=inconnue").statusCode()).isEqualTo(400);
        assertThat(tile("/ogc/collections/inconnue/tiles/WebMercatorQuad/0/0/0").statusCode()).isEqualTo(404);
    }

    @Test
    void aRestrictedCollectionHasNoTilesForAnonymousCallers() {
        for (String path : List.of("/ogc/collections/" + RESTRICTED + "/tiles", "/ogc/collections/" + RESTRICTED + "/tiles/WebMercatorQuad",
                "/ogc/collections/" + RESTRICTED + "/tiles/WebMercatorQuad?f=tilejson",
                "/ogc/collections/" + RESTRICTED + "/tiles/WebMercatorQuad/5/11/15")) {
            HttpResponse<byte[]> r = tile(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("Collège");
        }
    }

    @Test
    void tilesCarryAnETagAndAnswer304WhenItMatches() {
        HttpResponse<byte[]> first = tile(TILES + "/6/22/32");
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("\"").endsWith("\"");
        assertThat(first.headers().firstValue("Cache-Control").orElse("")).startsWith("public").contains("max-age");
        assertThat(first.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        HttpResponse<byte[]> again = tile(TILES + "/6/22/32", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        HttpResponse<byte[]> other = tile(TILES + "/6/22/32", "If-None-Match", "\"autre\"");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo(first.body());
        // a kept tile is compressed once: gzip for the clients that take it (MapLibre's browser), the same bytes inside
        HttpResponse<byte[]> gzipped = tile(TILES + "/6/22/32", "Accept-Encoding", "gzip, deflate, br");
        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gzipped.headers().firstValue("ETag")).contains(etag);
        assertThat(gzipped.headers().firstValue("Vary").orElse("")).contains("Accept-Encoding");
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(first.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        HttpResponse<byte[]> fewer = tile(TILES + "/6/22/32?properties=numero_uai");
        assertThat(fewer.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
        assertThat(fewer.body().length).isLessThan(first.body().length);
    }
}
