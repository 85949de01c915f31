package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static fr.geoeduc.server.OgcTestServer.COLLEGES;
import static fr.geoeduc.server.OgcTestServer.RESTRICTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * OGC API – Features Part 1 (core, geojson, html, oas30) following the abstract test suite (A.2 core, A.3 GeoJSON,
 * A.4 HTML, A.5 OpenAPI 3.0), on the national géolocalisation of collèges; counts and coordinates are computed here
 * from the CSV file itself.
 */
class OgcCoreTest {

    private static final String ITEMS = "/ogc/collections/" + COLLEGES + "/items";

    @RegisterExtension
    static final OgcTestServer s = new OgcTestServer(true);

    static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    static Map<String, String> rels(JsonNode links, String type) {
        Map<String, String> out = new java.util.HashMap<>();
        links.forEach(l -> {
            if (type == null || type.equals(l.path("type").asText())) {
                out.putIfAbsent(l.path("rel").asText(), l.path("href").asText());
            }
        });
        return out;
    }

    static boolean located(Map<String, String> row) {
        return !row.get("latitude").isBlank() && !row.get("longitude").isBlank();
    }

    static double lat(Map<String, String> row) {
        return Double.parseDouble(row.get("latitude"));
    }

    static double lon(Map<String, String> row) {
        return Double.parseDouble(row.get("longitude"));
    }

    long count(Predicate<Map<String, String>> p) {
        return s.colleges.stream().filter(p).count();
    }

    /** Every feature of a query, following the next links with the maximum page size. */
    List<JsonNode> all(String query) {
        List<JsonNode> out = new ArrayList<>();
        String url = ITEMS + "?limit=10000" + (query.isEmpty() ? "" : "&" + query);
        while (url != null) {
            JsonNode page = s.ok(url);
            page.path("features").forEach(out::add);
            url = rels(page.path("links"), null).get("next");
        }
        return out;
    }

    // ------------------------------------------------------------------ A.2.2 landing page, A.2.3 API definition, A.2.4 conformance

    @Test
    void landingPageLinksTheApiDefinitionTheConformanceAndTheData() {
        OgcTestServer.Answer a = s.get("/ogc", "application/json");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        Map<String, String> rels = rels(a.json().path("links"), null);
        assertThat(rels).containsKeys("self", "alternate", "service-desc", "service-doc", "conformance", "data");
        a.json().path("links").forEach(l -> assertThat(l.path("type").asText()).as("every link has a type").isNotBlank());
        assertThat(rels(a.json().path("links"), "application/vnd.oai.openapi+json;version=3.0")).containsKey("service-desc");
        assertThat(rels.get("data")).isEqualTo(s.base + "/ogc/collections");
        assertThat(s.get(rels.get("conformance"), null).status()).isEqualTo(200);
    }

    @Test
    void openApiDocumentIsOas30WithServersConcretePathsAndLimitBounds() {
        OgcTestServer.Answer a = s.get("/ogc/api", "application/vnd.oai.openapi+json;version=3.0");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/vnd.oai.openapi+json");
        JsonNode doc = a.json();
        assertThat(doc.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(doc.path("servers").get(0).path("url").asText()).isEqualTo(s.base + "/ogc");
        JsonNode paths = doc.path("paths");
        for (String p : List.of("/", "/conformance", "/collections", "/collections/{collectionId}", "/collections/{collectionId}/items",
                "/collections/{collectionId}/items/{featureId}", "/collections/" + COLLEGES + "/items")) {
            assertThat(paths.has(p)).as(p).isTrue();
        }
        assertThat(paths.has("/collections/" + RESTRICTED + "/items")).as("a restricted dataset is not described").isFalse();
        JsonNode limit = doc.path("components").path("parameters").path("limit");
        assertThat(limit.path("in").asText()).isEqualTo("query");
        assertThat(limit.path("style").asText()).isEqualTo("form");
        assertThat(limit.path("explode").asBoolean(true)).isFalse();
        assertThat(limit.path("schema").path("minimum").asInt()).isEqualTo(1);
        assertThat(limit.path("schema").path("maximum").asInt()).isEqualTo(10000);
        assertThat(limit.path("schema").path("default").asInt()).isEqualTo(10);
        JsonNode bbox = doc.path("components").path("parameters").path("bbox").path("schema");
        assertThat(bbox.path("minItems").asInt()).isEqualTo(4);
        assertThat(bbox.path("maxItems").asInt()).isEqualTo(6);
        List<String> declared = new ArrayList<>();
        paths.path("/collections/" + COLLEGES + "/items").path("get").path("parameters")
                .forEach(p -> declared.add((p.has("$ref") ? doc.path("components").path("parameters")
                        .path(p.path("$ref").asText().replaceAll(".*/", "")) : p).path("name").asText()));
        assertThat(declared).contains("limit", "bbox", "datetime", "crs", "bbox-crs", "f", "numero_uai", "libelle_academie")
                .doesNotContain("position");
        // every $ref resolves
        doc.findValues("$ref").forEach(r -> {
            String[] parts = r.asText().substring(2).split("/");
            JsonNode target = doc;
            for (String part : parts) {
                target = target.path(part);
            }
            assertThat(target.isMissingNode()).as(r.asText()).isFalse();
        });
        assertThat(s.get("/ogc/api?f=html", null).contentType()).startsWith("text/html");
    }

    @Test
    void conformanceDeclaresExactlyTheImplementedClasses() {
        JsonNode c = s.ok("/ogc/conformance");
        List<String> uris = new ArrayList<>();
        c.path("conformsTo").forEach(u -> uris.add(u.asText()));
        assertThat(uris).contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
                "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs");
        assertThat(uris).allSatisfy(u -> assertThat(u).contains("/1.0/conf/").doesNotContain("/req/").doesNotContain("/1.1/"));
        assertThat(uris).noneMatch(u -> u.contains("gmlsf") || u.contains("tiles-1/1.0/conf/datetime"));
    }

    // ------------------------------------------------------------------ A.2.5/A.2.6 collections

    @Test
    void collectionsListGeoDatasetsWithTheirExtentAndItemsLinks() {
        JsonNode list = s.ok("/ogc/collections");
        assertThat(rels(list.path("links"), null)).containsKeys("self", "alternate");
        JsonNode c = null;
        for (JsonNode x : list.path("collections")) {
            assertThat(x.path("id").asText()).isNotEqualTo(RESTRICTED);
            if (x.path("id").asText().equals(COLLEGES)) {
                c = x;
            }
        }
        assertThat(c).isNotNull();
        assertThat(c.path("itemType").asText()).isEqualTo("feature");
        assertThat(rels(c.path("links"), "application/geo+json").get("items")).isEqualTo(s.base + ITEMS);
        assertThat(rels(c.path("links"), "text/html")).containsKey("items");
        JsonNode box = c.path("extent").path("spatial").path("bbox").get(0);
        List<Map<String, String>> located = s.colleges.stream().filter(OgcCoreTest::located).toList();
        assertThat(box.get(0).asDouble()).isCloseTo(located.stream().mapToDouble(OgcCoreTest::lon).min().orElseThrow(), within(1e-9));
        assertThat(box.get(1).asDouble()).isCloseTo(located.stream().mapToDouble(OgcCoreTest::lat).min().orElseThrow(), within(1e-9));
        assertThat(box.get(2).asDouble()).isCloseTo(located.stream().mapToDouble(OgcCoreTest::lon).max().orElseThrow(), within(1e-9));
        assertThat(box.get(3).asDouble()).isCloseTo(located.stream().mapToDouble(OgcCoreTest::lat).max().orElseThrow(), within(1e-9));
        String first = s.colleges.stream().map(r -> r.get("date_ouverture")).filter(d -> !d.isBlank()).min(String::compareTo).orElseThrow();
        assertThat(c.path("extent").path("temporal").path("interval").get(0).get(0).asText()).isEqualTo(first + "T00:00:00Z");
        JsonNode one = s.ok("/ogc/collections/" + COLLEGES);
        for (String k : List.of("id", "title", "description", "extent", "itemType")) {
            assertThat(one.path(k)).as(k).isEqualTo(c.path(k));
        }
        assertThat(s.get("/ogc/collections/inconnue", null).status()).isEqualTo(404);
        assertThat(s.get("/ogc/collections/inconnue", null).json().path("code").asText()).isEqualTo("NotFound");
    }

    // ------------------------------------------------------------------ A.2.7 features

    @Test
    void itemsPageHasDefaultLimitCountsTimestampAndLinks() {
        OgcTestServer.Answer a = s.get(ITEMS, "application/geo+json");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/geo+json");
        assertThat(a.header("Content-Crs")).isEqualTo("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>");
        JsonNode page = a.json();
        assertThat(page.path("type").asText()).isEqualTo("FeatureCollection");
        assertThat(page.path("features")).hasSize(10);
        assertThat(page.path("numberReturned").asInt()).isEqualTo(10);
        assertThat(page.path("numberMatched").asLong()).isEqualTo(s.colleges.size());
        assertThat(java.time.OffsetDateTime.parse(page.path("timeStamp").asText())).isNotNull();
        Map<String, String> rels = rels(page.path("links"), null);
        assertThat(rels).containsKeys("self", "alternate", "next").doesNotContainKey("prev");
        page.path("links").forEach(l -> assertThat(l.path("type").asText()).isNotBlank());
        assertThat(rels.get("next")).startsWith(s.base + ITEMS + "?").contains("offset=10");
    }

    @Test
    void pagingAlongNextLinksReturnsEveryFeatureOnceAndTheMatchedCount() {
        List<JsonNode> all = all("");
        assertThat(all).hasSize(s.colleges.size());
        Set<String> ids = new HashSet<>();
        all.forEach(f -> ids.add(f.path("id").asText()));
        assertThat(ids).hasSize(s.colleges.size());
        Set<String> uais = new HashSet<>();
        all.forEach(f -> uais.add(f.path("properties").path("numero_uai").asText()));
        Set<String> expected = new HashSet<>();
        s.colleges.forEach(r -> expected.add(r.get("numero_uai")));
        assertThat(uais).isEqualTo(expected);
        // geometries are the file's longitude/latitude, in that order
        Map<String, Map<String, String>> byUai = new java.util.HashMap<>();
        s.colleges.forEach(r -> byUai.put(r.get("numero_uai"), r));
        int located = 0;
        for (JsonNode f : all) {
            Map<String, String> row = byUai.get(f.path("properties").path("numero_uai").asText());
            if (located(row)) {
                located++;
                JsonNode xy = f.path("geometry").path("coordinates");
                assertThat(f.path("geometry").path("type").asText()).isEqualTo("Point");
                assertThat(xy.get(0).asDouble()).isCloseTo(lon(row), within(1e-9));
                assertThat(xy.get(1).asDouble()).isCloseTo(lat(row), within(1e-9));
            } else {
                assertThat(f.path("geometry").isNull()).isTrue();
            }
        }
        assertThat(located).isEqualTo(count(OgcCoreTest::located));
        // following next with a small page and a filter keeps the filter
        JsonNode p = s.ok(ITEMS + "?limit=7&libelle_academie=Rennes");
        String next = rels(p.path("links"), null).get("next");
        assertThat(next).contains("libelle_academie=Rennes").contains("limit=7").contains("offset=7");
        JsonNode p2 = s.ok(next);
        assertThat(p2.path("features")).hasSize(7);
        assertThat(p2.path("features")).allSatisfy(f -> assertThat(f.path("properties").path("libelle_academie").asText()).isEqualTo("Rennes"));
        assertThat(rels(p2.path("links"), null).get("prev")).contains("offset=0");
    }

    @Test
    void limitIsClampedAndInvalidLimitsAreRefused() {
        JsonNode big = s.ok(ITEMS + "?limit=50000");
        assertThat(big.path("numberReturned").asInt()).isEqualTo(Math.min(10000, s.colleges.size()));
        assertThat(s.ok(ITEMS + "?limit=1").path("features")).hasSize(1);
        for (String bad : List.of("0", "-1", "unlimited", "1.5")) {
            OgcTestServer.Answer a = s.get(ITEMS + "?limit=" + bad, null);
            assertThat(a.status()).as(bad).isEqualTo(400);
            assertThat(a.json().path("code").asText()).isEqualTo("InvalidParameterValue");
            assertThat(a.json().path("description").asText()).contains("limit");
        }
    }

    @Test
    void unknownParametersAreRefusedWithTheirName() {
        for (String path : List.of("/ogc", "/ogc/conformance", "/ogc/collections", "/ogc/collections/" + COLLEGES, ITEMS)) {
            OgcTestServer.Answer a = s.get(path + "?unknownQueryParameter12345=1", null);
            assertThat(a.status()).as(path).isEqualTo(400);
            assertThat(a.json().path("description").asText()).contains("unknownQueryParameter12345");
        }
    }

    @Test
    void bboxSelectsFeaturesInTheBoxAndThoseWithoutGeometry() {
        double w = -2.3, south = 47.6, e = -1.0, n = 48.8;
        List<JsonNode> got = all("bbox=" + w + "," + south + "," + e + "," + n);
        long inBox = count(r -> located(r) && lon(r) >= w && lon(r) <= e && lat(r) >= south && lat(r) <= n);
        long unlocated = count(r -> !located(r));
        assertThat(inBox).isGreaterThan(50);
        assertThat(got).hasSize((int) (inBox + unlocated));
        // across the antimeridian: Réunion and Mayotte (east of 40°E) and the Antilles (west of 60°W)
        List<JsonNode> across = all("bbox=40,-30,-60,20");
        long expected = count(r -> located(r) && lat(r) >= -30 && lat(r) <= 20 && (lon(r) >= 40 || lon(r) <= -60));
        assertThat(expected).isGreaterThan(100);
        assertThat(across).hasSize((int) (expected + unlocated));
        // the boxes of the test suite all answer
        for (String box : List.of("-1.5,50,1.5,53", "-80,-5,-70,5", "177,65,-177,70", "-180,85,180,90", "-180,-90,180,-85", "2,48,2,48")) {
            assertThat(s.get(ITEMS + "?bbox=" + box, null).status()).as(box).isEqualTo(200);
        }
        for (String bad : List.of("1,2,3", "a,b,c,d", "0,10,1,5", "0,-95,1,5", "1,2,3,4,5")) {
            OgcTestServer.Answer a = s.get(ITEMS + "?bbox=" + bad, null);
            assertThat(a.status()).as(bad).isEqualTo(400);
            assertThat(a.json().path("description").asText()).contains("bbox");
        }
    }

    @Test
    void datetimeSelectsOnTheOpeningDateWithOpenEnds() {
        Predicate<Map<String, String>> undated = r -> r.get("date_ouverture").isBlank();
        long undatedCount = count(undated);
        java.util.function.BiFunction<String, String, Long> between = (a, b) -> count(r -> !undated.test(r)
                && (a == null || LocalDate.parse(r.get("date_ouverture")).compareTo(LocalDate.parse(a)) >= 0)
                && (b == null || LocalDate.parse(r.get("date_ouverture")).compareTo(LocalDate.parse(b)) <= 0));
        assertThat(s.ok(ITEMS + "?datetime=" + enc("1970-01-01T00:00:00Z/1979-12-31T23:59:59Z")).path("numberMatched").asLong())
                .isEqualTo(between.apply("1970-01-01", "1979-12-31") + undatedCount);
        assertThat(s.ok(ITEMS + "?datetime=" + enc("../1965-06-30T00:00:00Z")).path("numberMatched").asLong())
                .isEqualTo(between.apply(null, "1965-06-30") + undatedCount);
        assertThat(s.ok(ITEMS + "?datetime=" + enc("2010-01-01T00:00:00Z/")).path("numberMatched").asLong())
                .isEqualTo(between.apply("2010-01-01", null) + undatedCount);
        assertThat(s.ok(ITEMS + "?datetime=1973-10-25T12:00:00Z").path("numberMatched").asLong())
                .isEqualTo(between.apply("1973-10-25", "1973-10-25") + undatedCount);
        assertThat(between.apply("1973-10-25", "1973-10-25")).isPositive();
        for (String bad : List.of("hier", "2024-13-01T00:00:00Z", "../..", "2024-01-02T00:00:00Z/2024-01-01T00:00:00Z")) {
            OgcTestServer.Answer a = s.get(ITEMS + "?datetime=" + enc(bad), null);
            assertThat(a.status()).as(bad).isEqualTo(400);
            assertThat(a.json().path("description").asText()).contains("datetime");
        }
    }

    @Test
    void propertyParametersSortbyAndPropertiesNarrowTheAnswer() {
        long rennes = count(r -> r.get("libelle_academie").equals("Rennes"));
        assertThat(s.ok(ITEMS + "?libelle_academie=Rennes").path("numberMatched").asLong()).isEqualTo(rennes);
        long prive = count(r -> r.get("libelle_academie").equals("Rennes") && r.get("secteur_public_prive_libe").equals("Privé"));
        assertThat(s.ok(ITEMS + "?libelle_academie=Rennes&secteur_public_prive_libe=" + enc("Privé")).path("numberMatched").asLong())
                .isEqualTo(prive);
        String latest = s.colleges.stream().map(r -> r.get("date_ouverture")).filter(d -> !d.isBlank()).max(String::compareTo).orElseThrow();
        JsonNode sorted = s.ok(ITEMS + "?sortby=-date_ouverture&limit=1&properties=numero_uai,date_ouverture");
        JsonNode props = sorted.path("features").get(0).path("properties");
        assertThat(props.path("date_ouverture").asText()).isEqualTo(latest);
        List<String> names = new ArrayList<>();
        props.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("numero_uai", "date_ouverture");
        assertThat(s.get(ITEMS + "?sortby=inconnu", null).status()).isEqualTo(400);
        assertThat(s.get(ITEMS + "?properties=inconnu", null).status()).isEqualTo(400);
        assertThat(s.get(ITEMS + "?coordonnee_x=abc", null).status()).isEqualTo(400);
    }

    @Test
    void polygonDatasetIsACollectionWhoseItemsIntersectTheBox() throws IOException {
        JsonNode file = new com.fasterxml.jackson.databind.ObjectMapper().readTree(s.departementsFile.toFile());
        org.locationtech.jts.io.geojson.GeoJsonReader reader = new org.locationtech.jts.io.geojson.GeoJsonReader();
        List<org.locationtech.jts.geom.Geometry> shapes = new ArrayList<>();
        for (JsonNode f : file.path("features")) {
            try {
                shapes.add(reader.read(f.path("geometry").toString()));
            } catch (org.locationtech.jts.io.ParseException e) {
                throw new AssertionError(e);
            }
        }
        String items = "/ogc/collections/" + OgcTestServer.DEPARTEMENTS + "/items";
        JsonNode all = s.ok(items + "?limit=1000");
        assertThat(all.path("numberMatched").asInt()).isEqualTo(shapes.size());
        assertThat(all.path("features").get(0).path("geometry").path("type").asText()).isIn("Polygon", "MultiPolygon");
        // a box across Rennes and the Vilaine: the départements whose outline meets it, computed from the file
        org.locationtech.jts.geom.Geometry box = new org.locationtech.jts.geom.GeometryFactory()
                .toGeometry(new org.locationtech.jts.geom.Envelope(-2.2, -1.4, 47.6, 48.2));
        long expected = shapes.stream().filter(g -> g.intersects(box)).count();
        assertThat(expected).isBetween(2L, 6L);
        assertThat(s.ok(items + "?bbox=-2.2,47.6,-1.4,48.2").path("numberMatched").asLong()).isEqualTo(expected);
        JsonNode c = s.ok("/ogc/collections/" + OgcTestServer.DEPARTEMENTS);
        double minX = shapes.stream().mapToDouble(g -> g.getEnvelopeInternal().getMinX()).min().orElseThrow();
        double maxY = shapes.stream().mapToDouble(g -> g.getEnvelopeInternal().getMaxY()).max().orElseThrow();
        assertThat(c.path("extent").path("spatial").path("bbox").get(0).get(0).asDouble()).isCloseTo(minX, within(1e-9));
        assertThat(c.path("extent").path("spatial").path("bbox").get(0).get(3).asDouble()).isCloseTo(maxY, within(1e-9));
        List<String> crs = new ArrayList<>();
        c.path("crs").forEach(x -> crs.add(x.asText()));
        assertThat(crs).as("metropolitan polygons: no overseas CRS offered").contains("http://www.opengis.net/def/crs/EPSG/0/2154")
                .doesNotContain("http://www.opengis.net/def/crs/EPSG/0/2975");
    }

    // ------------------------------------------------------------------ A.2.8 feature

    @Test
    void oneFeatureByItsStableIdWithLinks() {
        JsonNode first = s.ok(ITEMS + "?limit=1").path("features").get(0);
        String id = first.path("id").asText();
        OgcTestServer.Answer a = s.get(ITEMS + "/" + id, "application/geo+json");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/geo+json");
        assertThat(a.header("Content-Crs")).isEqualTo("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>");
        JsonNode f = a.json();
        assertThat(f.path("id").asText()).isEqualTo(id);
        assertThat(f.path("properties")).isEqualTo(first.path("properties"));
        assertThat(f.path("geometry")).isEqualTo(first.path("geometry"));
        assertThat(rels(f.path("links"), null)).containsKeys("self", "alternate", "collection");
        OgcTestServer.Answer missing = s.get(ITEMS + "/0000000000000000000000000000000000000000", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("code").asText()).isEqualTo("NotFound");
    }

    // ------------------------------------------------------------------ A.4 HTML, content negotiation

    @Test
    void htmlIsChosenByFOrByAcceptWithQValues() {
        OgcTestServer.Answer page = s.get(ITEMS + "?f=html&libelle_academie=Rennes", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<html lang=\"fr\"").contains("id=\"carte\"").contains("<table>").contains("Rennes")
                .doesNotContain("https://");
        for (String path : List.of("/ogc", "/ogc/conformance", "/ogc/collections", "/ogc/collections/" + COLLEGES, ITEMS,
                "/ogc/collections/" + COLLEGES + "/queryables")) {
            assertThat(s.get(path, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8").contentType()).as(path).startsWith("text/html");
            assertThat(s.get(path, "text/html;q=0.5, application/json").contentType()).as(path).startsWith("application/");
            assertThat(s.get(path, "*/*").contentType()).as(path).startsWith("application/");
        }
        assertThat(s.get("/ogc/collections", "image/png").status()).isEqualTo(406);
        assertThat(s.get("/ogc/collections?f=xml", null).status()).isEqualTo(400);
        String id = s.ok(ITEMS + "?limit=1").path("features").get(0).path("id").asText();
        assertThat(s.get(ITEMS + "/" + id + "?f=html", null).body()).contains("numero_uai");
    }

    @Test
    void htmlPagesOfACollectionAreHeadedByItsTitleAndLinkToItsMap() {
        String title = s.ok("/ogc/collections/" + COLLEGES).path("title").asText();
        assertThat(title).isNotBlank();
        String escaped = title.replace("&", "&amp;").replace("'", "&#39;").replace("\"", "&quot;").replace("<", "&lt;");
        String id = s.ok(ITEMS + "?limit=1").path("features").get(0).path("id").asText();
        for (String path : List.of("/ogc/collections/" + COLLEGES, ITEMS, ITEMS + "/" + id, "/ogc/collections/" + COLLEGES + "/queryables")) {
            String body = s.get(path + "?f=html", null).body();
            assertThat(body).as(path).containsPattern("<h1>[^<]*" + java.util.regex.Pattern.quote(escaped) + "</h1>");
        }
        assertThat(s.get("/ogc/collections/" + COLLEGES + "?f=html", null).body()).contains("href=\"/carte?jeu=" + COLLEGES + "\"");
    }

    @Test
    void theCollectionPageSaysItsGeometryDateAndCoordinateSystemsInPlainFrench() {
        String body = s.get("/ogc/collections/" + COLLEGES + "?f=html", null).body();
        assertThat(body).contains("<dd>des points, champ « Position »</dd>")
                .contains("WGS 84 (CRS84), longitude puis latitude : http://www.opengis.net/def/crs/OGC/1.3/CRS84")
                .contains("Lambert-93 (EPSG:2154), métropole et Corse : http://www.opengis.net/def/crs/EPSG/0/2154")
                .doesNotContain("geo_point_2d").doesNotContain(">aucune<").doesNotContain("CRS proposés");
        assertThat(body).containsPattern("<dt>Date des entités</dt><dd>(champ « [^»]+ » \\(filtrable par le paramètre datetime\\)"
                + "|aucun champ de date ni de rentrée : pas de filtre par date)</dd>");
    }

    // ------------------------------------------------------------------ the policy door

    @Test
    void restrictedDatasetIsAbsentAndNotFoundOnEveryRouteForAnonymous() {
        for (String path : List.of("/ogc/collections/" + RESTRICTED, "/ogc/collections/" + RESTRICTED + "/items",
                "/ogc/collections/" + RESTRICTED + "/items?f=html", "/ogc/collections/" + RESTRICTED + "/queryables",
                "/ogc/collections/" + RESTRICTED + "/items/0000000000000000000000000000000000000000")) {
            OgcTestServer.Answer a = s.get(path, null);
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.body()).doesNotContain("Lycée");
        }
        assertThat(s.get("/ogc/collections", null).body()).doesNotContain(RESTRICTED);
    }
}
