package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static fr.geoeduc.server.OgcCoreTest.enc;
import static fr.geoeduc.server.OgcCoreTest.lat;
import static fr.geoeduc.server.OgcCoreTest.located;
import static fr.geoeduc.server.OgcCoreTest.lon;
import static fr.geoeduc.server.OgcCoreTest.rels;
import static fr.geoeduc.server.OgcFilterTest.unaccent;
import static fr.geoeduc.server.OgcTestServer.COLLEGES;
import static fr.geoeduc.server.OgcTestServer.DEPARTEMENTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every conformance class declared at {@code /ogc/conformance} against its abstract test suite: one case per abstract test,
 * named with its id (Features Part 1 OGC 17-069r4 Annex A, Part 2 OGC 18-058 Annex A, Part 3 OGC 19-079r2 Annex A,
 * CQL2 OGC 21-065r2 Annex A, Tiles OGC 20-057 Annex A: the core tests by their ids, the other Tiles classes by the
 * ids of the requirements they test). The declared list is read from the server: a class declared
 * without its abstract tests here fails {@link #everyDeclaredClassHasItsAbstractTestsAndNothingElse()}.
 *
 * <p>The CQL2 "test-data" tests presuppose the standard's own test dataset (Natural Earth); GéoÉduc does not load it, so
 * those cases evaluate the class's predicates on the national géolocalisation and compare with counts computed here from
 * the CSV file. The "logical" tests combine stored predicates as the standard says and compare the count with the one
 * computed from each predicate's own feature ids.
 */
class OgcConformanceClassesTest {

    private static final String F1 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/";
    private static final String F2 = "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/";
    private static final String F3 = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/";
    private static final String CQL2 = "http://www.opengis.net/spec/cql2/1.0/conf/";
    private static final String TILES = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/";
    private static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    private static final String EPSG = "http://www.opengis.net/def/crs/EPSG/0/";
    private static final String GEOJSON = "application/geo+json";
    private static final String OAS30 = "application/vnd.oai.openapi+json;version=3.0";
    private static final String COLLECTION = "/ogc/collections/" + COLLEGES;
    private static final String ITEMS = COLLECTION + "/items";
    private static final List<String> DATA_SOURCES = List.of(COLLEGES, DEPARTEMENTS);

    @RegisterExtension
    static final OgcTestServer s = new OgcTestServer(true);
    /** The predicates each CQL2 class's tests stored (per data source), for its "logical" test. */
    static final Map<String, Map<String, List<String>>> STORED = new LinkedHashMap<>();

    /** Conformance class URI → (abstract test id → check), in the order of the standards' annexes. */
    static final Map<String, Map<String, Runnable>> SUITE = new LinkedHashMap<>();

    static {
        Map<String, Runnable> core = suite(F1 + "core");
        core.put("/ats/core/http", OgcConformanceClassesTest::http);
        core.put("/ats/core/root-op", () -> assertThat(s.get("/ogc", "application/json").status()).isEqualTo(200));
        core.put("/ats/core/root-success", OgcConformanceClassesTest::rootSuccess);
        core.put("/ats/core/api-definition-op", () -> assertThat(s.get(landing("service-desc"), OAS30).status()).isEqualTo(200));
        core.put("/ats/core/api-definition-success", OgcConformanceClassesTest::apiDefinitionSuccess);
        core.put("/ats/core/conformance-op", () -> assertThat(s.get(landing("conformance"), "application/json").status()).isEqualTo(200));
        core.put("/ats/core/conformance-success", () -> assertThat(declared()).contains(F1 + "core"));
        core.put("/ats/core/fc-md-op", () -> assertThat(s.get(landing("data"), "application/json").status()).isEqualTo(200));
        core.put("/ats/core/fc-md-success", OgcConformanceClassesTest::collectionsSuccess);
        core.put("/ats/core/fc-md-links", OgcConformanceClassesTest::collectionsLinks);
        core.put("/ats/core/fc-md-items", OgcConformanceClassesTest::collectionsItems);
        core.put("/ats/core/fc-md-items-links", OgcConformanceClassesTest::collectionsItemsLinks);
        core.put("/ats/core/fc-md-extent", OgcConformanceClassesTest::collectionsExtent);
        core.put("/ats/core/sfc-md-op", () -> collections().forEach(c -> assertThat(s.get("/ogc/collections/" + c.path("id").asText(),
                "application/json").status()).isEqualTo(200)));
        core.put("/ats/core/sfc-md-success", OgcConformanceClassesTest::collectionSuccess);
        core.put("/ats/core/fc-op", () -> DATA_SOURCES.forEach(c -> assertThat(s.get(items(c), GEOJSON).status()).isEqualTo(200)));
        core.put("/ats/core/fc-limit-definition", () -> parameterDefined("limit", "integer"));
        core.put("/ats/core/fc-limit-response", OgcConformanceClassesTest::limitResponse);
        core.put("/ats/core/fc-bbox-definition", () -> parameterDefined("bbox", "array"));
        core.put("/ats/core/fc-bbox-response", OgcConformanceClassesTest::bboxResponse);
        core.put("/ats/core/fc-time-definition", () -> parameterDefined("datetime", "string"));
        core.put("/ats/core/fc-time-response", OgcConformanceClassesTest::timeResponse);
        core.put("/ats/core/query-param-invalid", OgcConformanceClassesTest::queryParamInvalid);
        core.put("/ats/core/query-param-unknown", OgcConformanceClassesTest::queryParamUnknown);
        core.put("/ats/core/fc-response", OgcConformanceClassesTest::featuresResponse);
        core.put("/ats/core/fc-links", OgcConformanceClassesTest::featuresLinks);
        core.put("/ats/core/fc-timeStamp", () -> assertThat(java.time.OffsetDateTime.parse(s.ok(ITEMS).path("timeStamp").asText())).isNotNull());
        core.put("/ats/core/fc-numberMatched", () -> assertThat(s.ok(ITEMS + "?limit=1").path("numberMatched").asLong()).isEqualTo(s.colleges.size()));
        core.put("/ats/core/fc-numberReturned", OgcConformanceClassesTest::numberReturned);
        core.put("/ats/core/f-op", () -> assertThat(s.get(feature(), GEOJSON).status()).isEqualTo(200));
        core.put("/ats/core/f-success", OgcConformanceClassesTest::featureSuccess);
        core.put("/ats/core/f-links", OgcConformanceClassesTest::featureLinks);

        Map<String, Runnable> geojson = suite(F1 + "geojson");
        geojson.put("/ats/geojson/definition", OgcConformanceClassesTest::geojsonDefinition);
        geojson.put("/ats/geojson/content", OgcConformanceClassesTest::geojsonContent);
        Map<String, Runnable> html = suite(F1 + "html");
        html.put("/ats/html/definition", OgcConformanceClassesTest::htmlDefinition);
        html.put("/ats/html/content", OgcConformanceClassesTest::htmlContent);
        Map<String, Runnable> oas = suite(F1 + "oas30");
        oas.put("/ats/oas30/oas-definition-1", () -> assertThat(s.get("/ogc/api", OAS30).contentType()).startsWith("application/vnd.oai.openapi+json"));
        oas.put("/ats/oas30/oas-definition-2", () -> assertThat(api().path("openapi").asText()).startsWith("3.0."));
        oas.put("/ats/oas30/oas-impl", OgcConformanceClassesTest::oasImpl);
        oas.put("/ats/oas30/completeness", OgcConformanceClassesTest::oasCompleteness);
        oas.put("/ats/oas30/exceptions-codes", OgcConformanceClassesTest::oasExceptionCodes);

        Map<String, Runnable> crs = suite(F2 + "crs");
        crs.put("/conf/crs/crs-uri", OgcConformanceClassesTest::crsUri);
        crs.put("/conf/crs/default-crs", () -> DATA_SOURCES.forEach(c -> assertThat(collectionCrs(c)).isNotEmpty().contains(CRS84)));
        crs.put("/conf/crs/storageCrs", () -> DATA_SOURCES.forEach(c -> assertThat(collectionCrs(c))
                .contains(s.ok("/ogc/collections/" + c).path("storageCrs").asText())));
        crs.put("/conf/crs/crs-parameter", OgcConformanceClassesTest::crsParameter);
        crs.put("/conf/crs/crs-parameter-invalid", OgcConformanceClassesTest::crsParameterInvalid);
        crs.put("/conf/crs/crs-parameter-default", OgcConformanceClassesTest::crsParameterDefault);
        crs.put("/conf/crs/crs-parameter-transform", OgcConformanceClassesTest::crsAction);
        crs.put("/conf/crs/bbox-crs-parameter", OgcConformanceClassesTest::bboxCrsParameter);
        crs.put("/conf/crs/bbox-crs-parameter-invalid", OgcConformanceClassesTest::bboxCrsParameterInvalid);
        crs.put("/conf/crs/bbox-crs-parameter-default", OgcConformanceClassesTest::bboxCrsParameterDefault);

        Map<String, Runnable> queryables = suite(F3 + "queryables");
        queryables.put("/conf/queryables/get-conformance", () -> assertThat(declared()).contains(F3 + "queryables"));
        queryables.put("/conf/queryables/get-queryables-uris", OgcConformanceClassesTest::queryablesUris);
        queryables.put("/conf/queryables/get-queryables", OgcConformanceClassesTest::getQueryables);
        Map<String, Runnable> qparams = suite(F3 + "queryables-query-parameters");
        qparams.put("/conf/queryables-query-parameters/get-conformance", () -> assertThat(declared()).contains(F3 + "queryables-query-parameters"));
        qparams.put("/conf/queryables-query-parameters/query-param", OgcConformanceClassesTest::queryParam);
        Map<String, Runnable> filter = suite(F3 + "filter");
        filter.put("/conf/filter/get-conformance", () -> assertThat(declared()).contains(F3 + "filter"));
        filter.put("/conf/filter/filter-param", OgcConformanceClassesTest::filterParam);
        filter.put("/conf/filter/filter-lang-default", OgcConformanceClassesTest::filterLangDefault);
        filter.put("/conf/filter/expression-construction", () -> DATA_SOURCES.forEach(c ->
                assertThat(status(c, "ceci_nest_pas_une_propriete = 'x'")).isEqualTo(400)));
        filter.put("/conf/filter/filter-crs-wgs84", OgcConformanceClassesTest::filterCrsWgs84);
        filter.put("/conf/filter/filter-crs-param", OgcConformanceClassesTest::filterCrsParam);
        Map<String, Runnable> ff = suite(F3 + "features-filter");
        ff.put("/conf/features-filter/get-conformance", () -> assertThat(declared()).contains(F3 + "features-filter"));
        ff.put("/conf/features-filter/get-collections", () -> assertThat(collections()).isNotEmpty());
        ff.put("/conf/features-filter/get-collection", OgcConformanceClassesTest::queryablesUris);
        ff.put("/conf/features-filter/filter-on-items", () -> DATA_SOURCES.forEach(c -> assertThat(status(c, "true")).isEqualTo(200)));
        ff.put("/conf/features-filter/mixing-expression", OgcConformanceClassesTest::mixingExpression);

        Map<String, Runnable> text = suite(CQL2 + "cql2-text");
        text.put("/conf/cql2-text/validate", () -> assertThat(s.get(ITEMS + "?limit=1&filter-lang=cql2-text&filter="
                + enc("libelle_academie = 'Rennes' AND coordonnee_x >= 1"), null).status()).isEqualTo(200));
        text.put("/conf/cql2-text/escaping", OgcConformanceClassesTest::textEscaping);
        Map<String, Runnable> json = suite(CQL2 + "cql2-json");
        json.put("/conf/cql2-json/validate", OgcConformanceClassesTest::jsonValidate);

        Map<String, Runnable> basic = suite(CQL2 + "basic-cql2");
        basic.put("/conf/basic-cql2/basic-test", OgcConformanceClassesTest::basicTest);
        basic.put("/conf/basic-cql2/comparison", OgcConformanceClassesTest::comparison);
        basic.put("/conf/basic-cql2/is-null", OgcConformanceClassesTest::isNull);
        basic.put("/conf/basic-cql2/boolean", OgcConformanceClassesTest::booleans);
        basic.put("/conf/basic-cql2/test-data", OgcConformanceClassesTest::basicTestData);
        basic.put("/conf/basic-cql2/logical", () -> logical("basic-cql2"));

        Map<String, Runnable> advanced = suite(CQL2 + "advanced-comparison-operators");
        advanced.put("/conf/advanced-comparison-operators/like", OgcConformanceClassesTest::like);
        advanced.put("/conf/advanced-comparison-operators/between", OgcConformanceClassesTest::between);
        advanced.put("/conf/advanced-comparison-operators/in", OgcConformanceClassesTest::in);
        advanced.put("/conf/advanced-comparison-operators/test-data", OgcConformanceClassesTest::advancedTestData);
        advanced.put("/conf/advanced-comparison-operators/logical", () -> logical("advanced-comparison-operators"));

        Map<String, Runnable> casei = suite(CQL2 + "case-insensitive-comparison");
        casei.put("/conf/case-insensitive-comparison/casei", () -> eachString("case-insensitive-comparison",
                q -> disjoint(q, "CASEI(" + q + ") = casei('foo')", "CASEI(" + q + ") <> casei('FOO')")));
        casei.put("/conf/case-insensitive-comparison/casei-like", () -> eachString("case-insensitive-comparison",
                q -> identical(q, "CASEI(" + q + ") LIKE casei('foo%')", "CASEI(" + q + ") LIKE casei('FOO%')")));
        casei.put("/conf/case-insensitive-comparison/test-data", OgcConformanceClassesTest::caseiTestData);
        casei.put("/conf/case-insensitive-comparison/logical", () -> logical("case-insensitive-comparison"));

        Map<String, Runnable> accenti = suite(CQL2 + "accent-insensitive-comparison");
        accenti.put("/conf/accent-insensitive-comparison/accenti", () -> eachString("accent-insensitive-comparison",
                q -> disjoint(q, "ACCENTI(" + q + ") = accenti('äöüéáí')", "ACCENTI(" + q + ") <> accenti('aoueai')")));
        accenti.put("/conf/accent-insensitive-comparison/accenti-like", () -> eachString("accent-insensitive-comparison",
                q -> identical(q, "ACCENTI(" + q + ") LIKE accenti('Ä%')", "ACCENTI(" + q + ") LIKE accenti('A%')")));
        accenti.put("/conf/accent-insensitive-comparison/accenti-casei", () -> eachString("accent-insensitive-comparison",
                q -> identical(q, "ACCENTI(CASEI(" + q + ")) = accenti(casei('ÄÉ'))", "ACCENTI(CASEI(" + q + ")) = accenti(casei('ae'))")));
        accenti.put("/conf/accent-insensitive-comparison/accenti-casei-like", () -> eachString("accent-insensitive-comparison",
                q -> identical(q, "ACCENTI(CASEI(" + q + ")) LIKE accenti(casei('Ä%'))", "ACCENTI(CASEI(" + q + ")) LIKE accenti(casei('a%'))")));
        accenti.put("/conf/accent-insensitive-comparison/test-data", OgcConformanceClassesTest::accentiTestData);
        accenti.put("/conf/accent-insensitive-comparison/logical", () -> logical("accent-insensitive-comparison"));

        Map<String, Runnable> spatial = suite(CQL2 + "basic-spatial-functions");
        spatial.put("/conf/basic-spatial-functions/s_intersects", OgcConformanceClassesTest::basicSpatial);
        spatial.put("/conf/basic-spatial-functions/test-data", OgcConformanceClassesTest::basicSpatialTestData);
        spatial.put("/conf/basic-spatial-functions/logical", () -> logical("basic-spatial-functions"));

        Map<String, Runnable> plus = suite(CQL2 + "basic-spatial-functions-plus");
        plus.put("/conf/basic-spatial-functions-plus/s_intersects", OgcConformanceClassesTest::spatialPlus);
        plus.put("/conf/basic-spatial-functions-plus/test-data", OgcConformanceClassesTest::spatialPlusTestData);

        Map<String, Runnable> tcore = suite(TILES + "core");
        tcore.put("/ats/core/tc-op", OgcConformanceClassesTest::tileOp);
        tcore.put("/ats/core/tc-tilematrix-definition", () -> assertThat(tileTemplate()).contains("{tileMatrix}"));
        tcore.put("/ats/core/tc-tilerow-definition", () -> assertThat(tileTemplate()).contains("{tileRow}"));
        tcore.put("/ats/core/tc-tilecol-definition", () -> assertThat(tileTemplate()).contains("{tileCol}"));
        tcore.put("/ats/core/tc-success", OgcConformanceClassesTest::tileSuccess);
        tcore.put("/ats/core/tc-error", OgcConformanceClassesTest::tileError);
        Map<String, Runnable> tileset = suite(TILES + "tileset");
        tileset.put("/conf/tileset/op", () -> assertThat(s.get(COLLECTION + "/tiles/WebMercatorQuad", "application/json").status()).isEqualTo(200));
        tileset.put("/conf/tileset/description", OgcConformanceClassesTest::tilesetSuccess);
        Map<String, Runnable> list = suite(TILES + "tilesets-list");
        list.put("/conf/tilesets-list/op", () -> assertThat(s.get(COLLECTION + "/tiles", "application/json").status()).isEqualTo(200));
        list.put("/conf/tilesets-list/tileset-links", OgcConformanceClassesTest::tilesetsListSuccess);
        Map<String, Runnable> geodata = suite(TILES + "geodata-tilesets");
        geodata.put("/conf/geodata-tilesets/tilesets-list", OgcConformanceClassesTest::geodataTilesets);
        Map<String, Runnable> datasetTilesets = suite(TILES + "dataset-tilesets");
        datasetTilesets.put("/conf/dataset-tilesets/tilesets-list", OgcConformanceClassesTest::datasetTilesets);
        Map<String, Runnable> selection = suite(TILES + "collections-selection");
        selection.put("/conf/collections-selection/collections-param", OgcConformanceClassesTest::collectionsParam);
        Map<String, Runnable> mvt = suite(TILES + "mvt");
        mvt.put("/conf/mvt/mvt-content", OgcConformanceClassesTest::mvtContent);
        Map<String, Runnable> toas = suite(TILES + "oas30");
        toas.put("/ats/oas30/oas-definition", OgcConformanceClassesTest::tilesOas);
    }

    private static Map<String, Runnable> suite(String conformanceClass) {
        return SUITE.computeIfAbsent(conformanceClass, k -> new LinkedHashMap<>());
    }

    static Stream<Arguments> abstractTests() {
        return SUITE.entrySet().stream().flatMap(c -> c.getValue().keySet().stream().map(id -> Arguments.of(c.getKey(), id)));
    }

    @Test
    void everyDeclaredClassHasItsAbstractTestsAndNothingElse() {
        assertThat(declared()).as("classes declared at /ogc/conformance").containsExactlyInAnyOrderElementsOf(SUITE.keySet());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("abstractTests")
    void abstractTest(String conformanceClass, String id) {
        assertThat(declared()).as("only declared classes are tested").contains(conformanceClass);
        try {
            SUITE.get(conformanceClass).get(id).run();
        } catch (AssertionError e) {
            throw new AssertionError(id + " (" + conformanceClass + "): " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ helpers

    static List<String> declared() {
        List<String> out = new ArrayList<>();
        s.ok("/ogc/conformance").path("conformsTo").forEach(u -> out.add(u.asText()));
        return out;
    }

    static String landing(String rel) {
        String href = rels(s.ok("/ogc").path("links"), null).get(rel);
        assertThat(href).as("landing page link " + rel).isNotNull();
        return href;
    }

    static List<JsonNode> collections() {
        List<JsonNode> out = new ArrayList<>();
        s.ok("/ogc/collections").path("collections").forEach(out::add);
        return out;
    }

    static JsonNode api() {
        return s.get("/ogc/api", OAS30).json();
    }

    static String items(String collection) {
        return "/ogc/collections/" + collection + "/items";
    }

    static String feature() {
        String id = s.ok(ITEMS + "?limit=1").path("features").get(0).path("id").asText();
        return ITEMS + "/" + enc(id);
    }

    static long count(Predicate<Map<String, String>> p) {
        return s.colleges.stream().filter(p).count();
    }

    static OgcTestServer.Answer filtered(String collection, String filter) {
        return s.get(items(collection) + "?limit=1&filter=" + enc(filter), null);
    }

    static int status(String collection, String filter) {
        return filtered(collection, filter).status();
    }

    static long matched(String collection, String filter) {
        OgcTestServer.Answer a = filtered(collection, filter);
        assertThat(a.status()).as(filter + " -> " + a.body()).isEqualTo(200);
        return a.json().path("numberMatched").asLong();
    }

    static long matched(String filter) {
        return matched(COLLEGES, filter);
    }

    static void store(String conformanceClass, String collection, String predicate) {
        STORED.computeIfAbsent(conformanceClass, k -> new LinkedHashMap<>()).computeIfAbsent(collection, k -> new ArrayList<>()).add(predicate);
    }

    /** Queryables of a collection by name → their JSON Schema. */
    static Map<String, JsonNode> queryables(String collection) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        s.ok("/ogc/collections/" + collection + "/queryables").path("properties").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static boolean isGeometry(JsonNode schema) {
        return schema.path("format").asText().startsWith("geometry-");
    }

    /** A (collection, queryable) pair to quote into a filter. */
    record Queryable(String collection, String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface QueryableCheck {
        List<String> run(Queryable q);
    }

    /** Runs a check on every String queryable of every data source and stores the predicates it returns. */
    static void eachString(String conformanceClass, QueryableCheck check) {
        int checked = 0;
        for (String c : DATA_SOURCES) {
            for (Map.Entry<String, JsonNode> e : queryables(c).entrySet()) {
                if (e.getValue().path("type").asText().equals("string") && !e.getValue().has("format")) {
                    check.run(new Queryable(c, e.getKey())).forEach(p -> store(conformanceClass, c, p));
                    checked++;
                }
            }
        }
        assertThat(checked).as("String queryables").isPositive();
    }

    /** The two result sets have no item in common. */
    static List<String> disjoint(Queryable q, String a, String b) {
        long na = matched(q.collection(), a);
        long nb = matched(q.collection(), b);
        assertThat(matched(q.collection(), "(" + a + ") AND (" + b + ")")).as(a + " / " + b).isZero();
        assertThat(na + nb).as(a + " + " + b).isLessThanOrEqualTo(matched(q.collection(), q.name() + " IS NOT NULL"));
        return List.of(a, b);
    }

    /** The two result sets are identical. */
    static List<String> identical(Queryable q, String a, String b) {
        long na = matched(q.collection(), a);
        assertThat(matched(q.collection(), b)).as(a + " / " + b).isEqualTo(na);
        assertThat(matched(q.collection(), "(" + a + ") AND (" + b + ")")).as(a + " / " + b).isEqualTo(na);
        return List.of(a, b);
    }

    /** The ids of the features a filter selects (every page), with one property only to keep the pages light. */
    static Set<String> ids(String collection, String filter) {
        String property = queryables(collection).entrySet().stream().filter(e -> !isGeometry(e.getValue())).findFirst().orElseThrow().getKey();
        Set<String> out = new HashSet<>();
        String url = items(collection) + "?limit=10000&properties=" + property + "&filter=" + enc(filter);
        while (url != null) {
            OgcTestServer.Answer a = s.get(url, null);
            assertThat(a.status()).as(filter + " -> " + a.body()).isEqualTo(200);
            a.json().path("features").forEach(f -> out.add(f.path("id").asText()));
            url = rels(a.json().path("links"), null).get("next");
        }
        return out;
    }

    /** A predicate's value for each feature: true, false, or unknown (null) where it is neither. */
    record Truth(Set<String> isTrue, Set<String> isFalse) {
        Boolean of(String id) {
            return isTrue.contains(id) ? Boolean.TRUE : isFalse.contains(id) ? Boolean.FALSE : null;
        }
    }

    static Boolean and(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return false;
        }
        return a == null || b == null ? null : true;
    }

    static Boolean or(Boolean a, Boolean b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return true;
        }
        return a == null || b == null ? null : false;
    }

    static Boolean not(Boolean a) {
        return a == null ? null : !a;
    }

    /**
     * The "logical" abstract test: at least 10 random combinations of four stored predicates in
     * ((NOT p1 AND p2) OR (p3 AND NOT p4) OR NOT (p1 AND p4)); each count is compared with the one computed, in the
     * three-valued logic of CQL2, from the features each predicate and its negation select.
     */
    static void logical(String conformanceClass) {
        Map<String, List<String>> stored = STORED.get(conformanceClass);
        if (stored == null) {
            SUITE.get(CQL2 + conformanceClass).entrySet().stream().filter(e -> !e.getKey().endsWith("/logical")).forEach(e -> e.getValue().run());
            stored = STORED.get(conformanceClass);
        }
        assertThat(stored).as("stored predicates of " + conformanceClass).isNotEmpty();
        Random random = new Random(2057);
        for (Map.Entry<String, List<String>> e : stored.entrySet()) {
            String c = e.getKey();
            List<String> pool = new ArrayList<>(new java.util.LinkedHashSet<>(e.getValue()));
            java.util.Collections.shuffle(pool, random);
            pool = pool.subList(0, Math.min(6, pool.size()));
            Map<String, Truth> truth = new LinkedHashMap<>();
            for (String p : pool) {
                truth.put(p, new Truth(ids(c, p), ids(c, "NOT (" + p + ")")));
            }
            Set<String> all = ids(c, "true");
            for (int i = 0; i < 10; i++) {
                Truth t1 = truth.get(pool.get(random.nextInt(pool.size())));
                Truth t2 = truth.get(pool.get(random.nextInt(pool.size())));
                Truth t3 = truth.get(pool.get(random.nextInt(pool.size())));
                Truth t4 = truth.get(pool.get(random.nextInt(pool.size())));
                String p1 = key(truth, t1);
                String p2 = key(truth, t2);
                String p3 = key(truth, t3);
                String p4 = key(truth, t4);
                String f = "((NOT (" + p1 + ") AND (" + p2 + ")) OR ((" + p3 + ") AND NOT (" + p4 + ")) OR NOT ((" + p1 + ") AND (" + p4 + ")))";
                long expected = all.stream().filter(id -> Boolean.TRUE.equals(or(or(and(not(t1.of(id)), t2.of(id)), and(t3.of(id), not(t4.of(id)))),
                        not(and(t1.of(id), t4.of(id)))))).count();
                assertThat(matched(c, f)).as(f).isEqualTo(expected);
            }
        }
    }

    static String key(Map<String, Truth> truth, Truth t) {
        return truth.entrySet().stream().filter(e -> e.getValue() == t).findFirst().orElseThrow().getKey();
    }

    // ------------------------------------------------------------------ Features Part 1

    static void http() {
        OgcTestServer.Answer a = s.get("/ogc", "application/json");
        assertThat(a.response().version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
        assertThat(a.status()).isEqualTo(200);
    }

    static void rootSuccess() {
        JsonNode links = s.ok("/ogc").path("links");
        Map<String, String> rels = rels(links, null);
        assertThat(rels).containsKeys("service-desc", "service-doc", "conformance", "data");
        links.forEach(l -> assertThat(l.path("href").asText()).startsWith("http"));
    }

    static void apiDefinitionSuccess() {
        OgcTestServer.Answer a = s.get(landing("service-desc"), OAS30);
        assertThat(a.contentType()).startsWith("application/vnd.oai.openapi+json");
        assertThat(a.json().path("paths").isObject()).isTrue();
        assertThat(s.get(landing("service-doc"), "text/html").status()).isEqualTo(200);
    }

    static void collectionsSuccess() {
        JsonNode list = s.ok("/ogc/collections");
        assertThat(list.path("links").isArray()).isTrue();
        assertThat(list.path("collections").isArray()).isTrue();
        assertThat(collections().stream().map(c -> c.path("id").asText())).contains(COLLEGES, DEPARTEMENTS);
    }

    static void collectionsLinks() {
        assertThat(rels(s.ok("/ogc/collections").path("links"), "application/json")).containsKey("self");
        assertThat(rels(s.ok("/ogc/collections").path("links"), "text/html")).containsKey("alternate");
    }

    static void collectionsItems() {
        collections().forEach(c -> {
            assertThat(c.path("id").asText()).isNotBlank();
            assertThat(c.path("links").isArray()).isTrue();
        });
    }

    static void collectionsItemsLinks() {
        collections().forEach(c -> {
            String href = rels(c.path("links"), GEOJSON).get("items");
            assertThat(href).as(c.path("id").asText()).isEqualTo(s.base + items(c.path("id").asText()));
            assertThat(s.get(href + "?limit=1", GEOJSON).status()).isEqualTo(200);
        });
    }

    static void collectionsExtent() {
        collections().forEach(c -> {
            JsonNode spatial = c.path("extent").path("spatial");
            if (!spatial.isMissingNode()) {
                JsonNode box = spatial.path("bbox").get(0);
                assertThat(box.size()).isIn(4, 6);
                assertThat(box.get(0).asDouble()).isBetween(-180.0, 180.0);
                assertThat(box.get(1).asDouble()).isBetween(-90.0, box.get(3).asDouble());
                assertThat(spatial.path("crs").asText(CRS84)).isEqualTo(CRS84);
            }
            JsonNode temporal = c.path("extent").path("temporal");
            if (!temporal.isMissingNode()) {
                assertThat(temporal.path("interval").get(0).size()).isEqualTo(2);
            }
        });
        JsonNode box = s.ok(COLLECTION).path("extent").path("spatial").path("bbox").get(0);
        s.colleges.stream().filter(OgcCoreTest::located).forEach(r -> {
            assertThat(lon(r)).isBetween(box.get(0).asDouble(), box.get(2).asDouble());
            assertThat(lat(r)).isBetween(box.get(1).asDouble(), box.get(3).asDouble());
        });
    }

    static void collectionSuccess() {
        for (JsonNode c : collections()) {
            JsonNode one = s.ok("/ogc/collections/" + c.path("id").asText());
            for (String k : List.of("id", "title", "extent", "itemType")) {
                assertThat(one.path(k)).as(c.path("id").asText() + " " + k).isEqualTo(c.path(k));
            }
        }
    }

    /** The items operation of the OpenAPI document defines the parameter with the schema the standard gives. */
    static void parameterDefined(String name, String type) {
        JsonNode doc = api();
        JsonNode op = doc.path("paths").path("/collections/{collectionId}/items").path("get");
        JsonNode found = null;
        for (JsonNode p : op.path("parameters")) {
            JsonNode param = p.has("$ref") ? doc.at(p.path("$ref").asText().substring(1)) : p;
            if (param.path("name").asText().equals(name)) {
                found = param;
            }
        }
        assertThat(found).as(name).isNotNull();
        assertThat(found.path("in").asText()).isEqualTo("query");
        assertThat(found.path("required").asBoolean(false)).isFalse();
        assertThat(found.path("schema").path("type").asText()).isEqualTo(type);
        if (name.equals("limit")) {
            assertThat(found.path("schema").path("minimum").asInt()).isEqualTo(1);
            assertThat(found.path("schema").path("maximum").asInt()).isGreaterThanOrEqualTo(found.path("schema").path("default").asInt());
        }
        if (name.equals("bbox")) {
            assertThat(found.path("schema").path("minItems").asInt()).isEqualTo(4);
            assertThat(found.path("schema").path("maxItems").asInt()).isEqualTo(6);
            assertThat(found.path("explode").asBoolean(true)).isFalse();
        }
    }

    static void limitResponse() {
        for (int limit : new int[]{1, 7, 100}) {
            JsonNode page = s.ok(ITEMS + "?limit=" + limit);
            assertThat(page.path("features").size()).isEqualTo(limit);
        }
        assertThat(s.get(ITEMS + "?limit=0", null).status()).isEqualTo(400);
    }

    static void bboxResponse() {
        double[] b = {-2.3, 47.6, -1.0, 48.8};
        JsonNode page = s.ok(ITEMS + "?limit=10000&bbox=-2.3,47.6,-1.0,48.8");
        long expected = count(r -> located(r) && lon(r) >= b[0] && lon(r) <= b[2] && lat(r) >= b[1] && lat(r) <= b[3]);
        long located = 0;
        for (JsonNode f : page.path("features")) {
            JsonNode xy = f.path("geometry").path("coordinates");
            if (xy.isArray()) {
                assertThat(xy.get(0).asDouble()).isBetween(b[0], b[2]);
                assertThat(xy.get(1).asDouble()).isBetween(b[1], b[3]);
                located++;
            }
        }
        assertThat(located).isEqualTo(expected).isPositive();
        assertThat(page.path("numberMatched").asLong()).as("features without a geometry are matched too")
                .isEqualTo(expected + count(r -> !located(r)));
    }

    static void timeResponse() {
        JsonNode page = s.ok(ITEMS + "?limit=10000&datetime=2010-01-01T00:00:00Z/..");
        long expected = count(r -> !r.get("date_ouverture").isBlank() && !LocalDate.parse(r.get("date_ouverture")).isBefore(LocalDate.of(2010, 1, 1)));
        long undated = count(r -> r.get("date_ouverture").isBlank());
        assertThat(page.path("numberMatched").asLong()).as("features without a date are matched too").isEqualTo(expected + undated);
        assertThat(expected).isPositive();
        page.path("features").forEach(f -> {
            String d = f.path("properties").path("date_ouverture").asText();
            if (!d.isEmpty() && !d.equals("null")) {
                assertThat(LocalDate.parse(d.substring(0, 10))).isAfterOrEqualTo(LocalDate.of(2010, 1, 1));
            }
        });
    }

    static void queryParamInvalid() {
        for (String bad : List.of("limit=abc", "limit=0", "bbox=1,2,3", "bbox=0,10,1,5", "datetime=hier")) {
            OgcTestServer.Answer a = s.get(ITEMS + "?" + bad, null);
            assertThat(a.status()).as(bad).isEqualTo(400);
            assertThat(a.json().path("description").asText()).as(bad).contains(bad.substring(0, bad.indexOf('=')));
        }
    }

    static void queryParamUnknown() {
        OgcTestServer.Answer a = s.get(ITEMS + "?ceci_nexiste_pas=1", null);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().path("description").asText()).contains("ceci_nexiste_pas");
    }

    static void featuresResponse() {
        OgcTestServer.Answer a = s.get(ITEMS, GEOJSON);
        assertThat(a.json().path("type").asText()).isEqualTo("FeatureCollection");
        assertThat(a.json().path("features").isArray()).isTrue();
        a.json().path("features").forEach(f -> assertThat(f.path("type").asText()).isEqualTo("Feature"));
    }

    static void featuresLinks() {
        JsonNode page = s.ok(ITEMS + "?limit=5");
        Map<String, String> r = rels(page.path("links"), GEOJSON);
        assertThat(r).containsKeys("self", "next");
        assertThat(rels(page.path("links"), "text/html")).containsKey("alternate");
        JsonNode next = s.ok(r.get("next"));
        assertThat(next.path("features").get(0).path("id")).isNotEqualTo(page.path("features").get(0).path("id"));
        assertThat(rels(next.path("links"), GEOJSON)).containsKey("prev");
        page.path("links").forEach(l -> assertThat(l.path("type").asText()).as(l.toString()).isNotBlank());
    }

    static void numberReturned() {
        JsonNode page = s.ok(ITEMS + "?limit=33");
        assertThat(page.path("numberReturned").asInt()).isEqualTo(page.path("features").size()).isEqualTo(33);
        JsonNode last = s.ok(ITEMS + "?limit=10&offset=" + (s.colleges.size() - 3));
        assertThat(last.path("numberReturned").asInt()).isEqualTo(last.path("features").size()).isEqualTo(3);
    }

    static void featureSuccess() {
        OgcTestServer.Answer a = s.get(feature(), GEOJSON);
        assertThat(a.contentType()).startsWith(GEOJSON);
        assertThat(a.json().path("type").asText()).isEqualTo("Feature");
        assertThat(s.get(ITEMS + "/ceci-nexiste-pas", GEOJSON).status()).isEqualTo(404);
    }

    static void featureLinks() {
        JsonNode f = s.get(feature(), GEOJSON).json();
        Map<String, String> r = rels(f.path("links"), null);
        assertThat(r).containsKeys("self", "alternate", "collection");
        assertThat(r.get("collection")).isEqualTo(s.base + COLLECTION);
    }

    static void geojsonDefinition() {
        assertThat(s.get(ITEMS, GEOJSON).contentType()).startsWith(GEOJSON);
        assertThat(s.get(feature(), GEOJSON).contentType()).startsWith(GEOJSON);
        JsonNode content = api().path("paths").path("/collections/{collectionId}/items").path("get").path("responses").path("200").path("content");
        assertThat(content.has(GEOJSON)).isTrue();
    }

    static void geojsonContent() {
        for (String c : DATA_SOURCES) {
            JsonNode page = s.ok(items(c) + "?limit=20");
            page.path("features").forEach(f -> {
                assertThat(f.path("type").asText()).isEqualTo("Feature");
                assertThat(f.has("geometry")).isTrue();
                assertThat(f.path("properties").isObject()).isTrue();
                assertThat(f.path("id").isTextual() || f.path("id").isNumber()).isTrue();
                JsonNode g = f.path("geometry");
                if (!g.isNull()) {
                    assertThat(g.path("type").asText()).isIn("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon");
                    assertThat(g.path("coordinates").isArray()).isTrue();
                }
            });
        }
    }

    static void htmlDefinition() {
        for (String path : List.of("/ogc", "/ogc/conformance", "/ogc/collections", COLLECTION, ITEMS, feature())) {
            OgcTestServer.Answer a = s.get(path, "text/html");
            assertThat(a.status()).as(path).isEqualTo(200);
            assertThat(a.contentType()).as(path).startsWith("text/html");
        }
    }

    static void htmlContent() {
        String page = s.get(ITEMS + "?limit=3", "text/html").body();
        assertThat(page.toLowerCase(Locale.ROOT)).startsWith("<!doctype html>").contains("<html lang=\"fr\"");
        JsonNode first = s.ok(ITEMS + "?limit=3").path("features").get(0);
        assertThat(page).contains(first.path("properties").path("numero_uai").asText());
        String one = s.get(feature(), "text/html").body();
        assertThat(one).contains(first.path("properties").path("appellation_officielle").asText().replace("'", "&#39;").substring(0, 5));
    }

    static void oasImpl() {
        JsonNode doc = api();
        assertThat(doc.path("servers").get(0).path("url").asText()).isEqualTo(s.base + "/ogc");
        doc.path("paths").fieldNames().forEachRemaining(p -> {
            if (!p.contains("{")) {
                int st = s.get("/ogc" + (p.equals("/") ? "" : p), null).status();
                assertThat(st).as(p).isIn(200, 204);
            }
        });
    }

    static void oasCompleteness() {
        JsonNode paths = api().path("paths");
        for (String p : List.of("/", "/conformance", "/api", "/collections", "/collections/{collectionId}", "/collections/{collectionId}/items",
                "/collections/{collectionId}/items/{featureId}", "/collections/{collectionId}/queryables")) {
            assertThat(paths.has(p)).as(p).isTrue();
        }
        JsonNode content = paths.path("/collections/{collectionId}/items").path("get").path("responses").path("200").path("content");
        assertThat(content.has(GEOJSON)).isTrue();
        assertThat(content.has("text/html")).isTrue();
    }

    static void oasExceptionCodes() {
        JsonNode responses = api().path("paths").path("/collections/{collectionId}/items").path("get").path("responses");
        assertThat(responses.has("400")).isTrue();
        assertThat(responses.has("404")).isTrue();
        OgcTestServer.Answer bad = s.get(ITEMS + "?limit=abc", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("code").asText()).isNotBlank();
    }

    // ------------------------------------------------------------------ Features Part 2

    static List<String> collectionCrs(String collection) {
        List<String> out = new ArrayList<>();
        JsonNode c = s.ok("/ogc/collections/" + collection);
        JsonNode list = c.path("crs");
        if (list.isMissingNode()) {
            list = s.ok("/ogc/collections").path("crs");
        }
        for (JsonNode x : list) {
            if (x.asText().equals("#/crs")) {
                s.ok("/ogc/collections").path("crs").forEach(g -> out.add(g.asText()));
            } else {
                out.add(x.asText());
            }
        }
        return out;
    }

    static void crsUri() {
        List<String> all = new ArrayList<>();
        s.ok("/ogc/collections").path("crs").forEach(x -> all.add(x.asText()));
        assertThat(all).as("the global list").isNotEmpty().contains(CRS84);
        DATA_SOURCES.forEach(c -> all.addAll(collectionCrs(c)));
        all.forEach(c -> assertThat(c).matches("http://www\\.opengis\\.net/def/crs/(OGC/1\\.3/CRS84|EPSG/0/[0-9]+)"));
    }

    static void crsParameter() {
        parameterDefined("crs", "string");
        for (String crs : collectionCrs(COLLEGES)) {
            OgcTestServer.Answer a = s.get(ITEMS + "?limit=2&crs=" + enc(crs), null);
            assertThat(a.status()).as(crs).isEqualTo(200);
            assertThat(a.header("Content-Crs")).isEqualTo("<" + crs + ">");
            assertThat(s.get(feature() + "?crs=" + enc(crs), GEOJSON).header("Content-Crs")).isEqualTo("<" + crs + ">");
        }
    }

    static void crsParameterInvalid() {
        for (String path : List.of(ITEMS, feature())) {
            OgcTestServer.Answer a = s.get(path + "?crs=" + enc(EPSG + "3857"), null);
            assertThat(a.status()).as(path).isEqualTo(400);
            assertThat(a.json().path("description").asText()).contains("crs");
        }
    }

    static void crsParameterDefault() {
        OgcTestServer.Answer plain = s.get(ITEMS + "?limit=5", GEOJSON);
        OgcTestServer.Answer crs84 = s.get(ITEMS + "?limit=5&crs=" + enc(CRS84), GEOJSON);
        assertThat(plain.header("Content-Crs")).isEqualTo("<" + CRS84 + ">");
        assertThat(plain.json().path("features")).isEqualTo(crs84.json().path("features"));
    }

    static void bboxCrsParameter() {
        parameterDefined("bbox-crs", "string");
        for (String crs : collectionCrs(COLLEGES)) {
            boolean projected = !crs.equals(CRS84) && !crs.endsWith("/4326");
            String box = crs.endsWith("/4326") ? "47.6,-2.3,48.8,-1.0" : projected ? bboxIn(crs) : "-2.3,47.6,-1.0,48.8";
            OgcTestServer.Answer a = s.get(ITEMS + "?limit=1&bbox-crs=" + enc(crs) + "&bbox=" + box, null);
            assertThat(a.status()).as(crs + " " + a.body()).isEqualTo(200);
            assertThat(a.json().path("numberMatched").asLong()).as(crs).isGreaterThan(count(r -> !located(r)));
        }
        long crs84 = s.ok(ITEMS + "?limit=1&bbox=-2.3,47.6,-1.0,48.8").path("numberMatched").asLong();
        long epsg4326 = s.ok(ITEMS + "?limit=1&bbox-crs=" + enc(EPSG + "4326") + "&bbox=47.6,-2.3,48.8,-1.0").path("numberMatched").asLong();
        assertThat(epsg4326).isEqualTo(crs84).isPositive();
        long expected = count(r -> r.get("EPSG").equals("EPSG:2154") && !r.get("coordonnee_x").isBlank() && located(r)
                && Double.parseDouble(r.get("coordonnee_x")) >= 300000 && Double.parseDouble(r.get("coordonnee_x")) <= 420000
                && Double.parseDouble(r.get("coordonnee_y")) >= 6700000 && Double.parseDouble(r.get("coordonnee_y")) <= 6850000);
        long lambert = s.ok(ITEMS + "?limit=1&bbox-crs=" + enc(EPSG + "2154") + "&bbox=300000,6700000,420000,6850000").path("numberMatched").asLong();
        assertThat(lambert).as("features without a geometry are matched too").isEqualTo(expected + count(r -> !located(r)));
        assertThat(expected).isPositive();
    }

    static void bboxCrsParameterInvalid() {
        OgcTestServer.Answer a = s.get(ITEMS + "?bbox-crs=" + enc(EPSG + "3857") + "&bbox=0,0,1,1", null);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().path("description").asText()).contains("bbox-crs");
    }

    static void bboxCrsParameterDefault() {
        JsonNode plain = s.ok(ITEMS + "?limit=10000&bbox=-2.3,47.6,-1.0,48.8");
        JsonNode crs84 = s.ok(ITEMS + "?limit=10000&bbox-crs=" + enc(CRS84) + "&bbox=-2.3,47.6,-1.0,48.8");
        assertThat(crs84.path("numberMatched")).isEqualTo(plain.path("numberMatched"));
        assertThat(crs84.path("features")).isEqualTo(plain.path("features"));
    }

    /** A box in a projected CRS: its first feature's coordinates, ± 1 km. */
    static String bboxIn(String crs) {
        JsonNode f = s.ok(ITEMS + "?limit=1&crs=" + enc(crs) + "&filter=" + enc("position IS NOT NULL")).path("features").get(0);
        double x = f.path("geometry").path("coordinates").get(0).asDouble();
        double y = f.path("geometry").path("coordinates").get(1).asDouble();
        return (x - 1000) + "," + (y - 1000) + "," + (x + 1000) + "," + (y + 1000);
    }

    static void crsAction() {
        Map<String, String> row = s.colleges.stream().filter(r -> r.get("EPSG").equals("EPSG:2154") && located(r) && !r.get("coordonnee_x").isBlank())
                .findFirst().orElseThrow();
        String filter = "&filter=" + enc("numero_uai = '" + row.get("numero_uai") + "'");
        JsonNode f = s.ok(ITEMS + "?limit=1&crs=" + enc(EPSG + "2154") + filter).path("features").get(0);
        assertThat(f.path("geometry").path("coordinates").get(0).asDouble()).isCloseTo(Double.parseDouble(row.get("coordonnee_x")),
                org.assertj.core.data.Offset.offset(1.0));
        assertThat(f.path("geometry").path("coordinates").get(1).asDouble()).isCloseTo(Double.parseDouble(row.get("coordonnee_y")),
                org.assertj.core.data.Offset.offset(1.0));
        JsonNode g = s.ok(ITEMS + "?limit=1&crs=" + enc(EPSG + "4326") + filter).path("features").get(0);
        assertThat(g.path("geometry").path("coordinates").get(0).asDouble()).as("EPSG:4326 is latitude first")
                .isCloseTo(lat(row), org.assertj.core.data.Offset.offset(1e-6));
    }

    // ------------------------------------------------------------------ Features Part 3

    static void queryablesUris() {
        for (String c : DATA_SOURCES) {
            String href = rels(s.ok("/ogc/collections/" + c).path("links"), null).get("http://www.opengis.net/def/rel/ogc/1.0/queryables");
            assertThat(href).as(c).isEqualTo(s.base + "/ogc/collections/" + c + "/queryables");
        }
    }

    static void getQueryables() {
        for (String c : DATA_SOURCES) {
            OgcTestServer.Answer a = s.get("/ogc/collections/" + c + "/queryables", "application/schema+json");
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.contentType()).startsWith("application/schema+json");
            assertThat(a.json().path("type").asText()).isEqualTo("object");
            assertThat(a.json().path("properties").size()).isPositive();
        }
    }

    static void queryParam() {
        long rennes = count(r -> r.get("libelle_academie").equals("Rennes"));
        JsonNode page = s.ok(ITEMS + "?limit=10000&libelle_academie=Rennes");
        assertThat(page.path("numberMatched").asLong()).isEqualTo(rennes).isPositive();
        page.path("features").forEach(f -> assertThat(f.path("properties").path("libelle_academie").asText()).isEqualTo("Rennes"));
        assertThat(s.get(ITEMS + "?coordonnee_x=abc", null).status()).isEqualTo(400);
    }

    static void filterParam() {
        long rennes = count(r -> r.get("libelle_academie").equals("Rennes"));
        assertThat(s.ok(ITEMS + "?limit=1&filter-lang=cql2-text&filter=" + enc("libelle_academie = 'Rennes'")).path("numberMatched").asLong())
                .isEqualTo(rennes);
        assertThat(s.get(ITEMS + "?filter-lang=cql2-text&filter=" + enc("THIS IS NOT A FILTER"), null).status()).isEqualTo(400);
    }

    static void filterLangDefault() {
        assertThat(matched("libelle_academie IS NULL")).isEqualTo(count(r -> r.get("libelle_academie").isBlank()));
        assertThat(status(COLLEGES, "THIS IS NOT A FILTER")).isEqualTo(400);
        assertThat(s.get(ITEMS + "?filter-lang=cql&filter=" + enc("libelle_academie = 'Rennes'"), null).status()).isEqualTo(400);
    }

    static void filterCrsWgs84() {
        JsonNode box = s.ok(COLLECTION).path("extent").path("spatial").path("bbox").get(0);
        String filter = "S_INTERSECTS(position, BBOX(" + box.get(0).asDouble() + "," + box.get(1).asDouble() + "," + box.get(2).asDouble() + ","
                + box.get(3).asDouble() + "))";
        assertThat(matched(filter)).isEqualTo(count(OgcCoreTest::located));
        assertThat(status(COLLEGES, "S_INTERSECTS(position, BBOX(1000000,1000000,2000000,2000000))")).isEqualTo(400);
    }

    static void filterCrsParam() {
        String filter = "S_INTERSECTS(position, BBOX(-2.3,47.6,-1.0,48.8))";
        long crs84 = matched(filter);
        assertThat(s.ok(ITEMS + "?limit=1&filter-crs=" + enc(CRS84) + "&filter=" + enc(filter)).path("numberMatched").asLong()).isEqualTo(crs84);
        assertThat(s.ok(ITEMS + "?limit=1&filter-crs=" + enc(EPSG + "4326") + "&filter=" + enc("S_INTERSECTS(position, BBOX(47.6,-2.3,48.8,-1.0))"))
                .path("numberMatched").asLong()).isEqualTo(crs84);
        assertThat(s.get(ITEMS + "?filter-crs=" + enc(EPSG + "3857") + "&filter=" + enc(filter), null).status()).isEqualTo(400);
    }

    static void mixingExpression() {
        long both = s.ok(ITEMS + "?limit=1&bbox=-2.3,47.6,-1.0,48.8&filter=" + enc("libelle_academie = 'Rennes'")).path("numberMatched").asLong();
        long expected = count(r -> located(r) && r.get("libelle_academie").equals("Rennes") && lon(r) >= -2.3 && lon(r) <= -1.0
                && lat(r) >= 47.6 && lat(r) <= 48.8);
        assertThat(both).isEqualTo(expected).isPositive();
        long withProperty = s.ok(ITEMS + "?limit=1&secteur_public_prive_libe=" + enc("Privé") + "&filter=" + enc("libelle_academie = 'Rennes'"))
                .path("numberMatched").asLong();
        assertThat(withProperty).isEqualTo(count(r -> r.get("libelle_academie").equals("Rennes") && r.get("secteur_public_prive_libe").equals("Privé")));
    }

    // ------------------------------------------------------------------ CQL2 encodings

    static void textEscaping() {
        Map<String, String> row = s.colleges.stream().filter(r -> r.get("appellation_officielle").contains("'")).findFirst().orElseThrow();
        String name = row.get("appellation_officielle");
        long expected = count(r -> r.get("appellation_officielle").equals(name));
        assertThat(matched("appellation_officielle = '" + name.replace("'", "''") + "'")).isEqualTo(expected).isPositive();
        assertThat(matched("appellation_officielle = '" + name.replace("'", "\\'") + "'")).isEqualTo(expected);
    }

    static void jsonValidate() {
        Map<String, String> pairs = new LinkedHashMap<>();
        pairs.put("libelle_academie = 'Rennes'", "{\"op\":\"=\",\"args\":[{\"property\":\"libelle_academie\"},\"Rennes\"]}");
        pairs.put("libelle_academie IS NULL", "{\"op\":\"isNull\",\"args\":[{\"property\":\"libelle_academie\"}]}");
        pairs.put("appellation_officielle LIKE 'Collège Jean%'", "{\"op\":\"like\",\"args\":[{\"property\":\"appellation_officielle\"},\"Collège Jean%\"]}");
        pairs.put("libelle_academie IN ('Rennes', 'Nantes')", "{\"op\":\"in\",\"args\":[{\"property\":\"libelle_academie\"},[\"Rennes\",\"Nantes\"]]}");
        pairs.put("CASEI(libelle_commune) = casei('RENNES')",
                "{\"op\":\"=\",\"args\":[{\"op\":\"casei\",\"args\":[{\"property\":\"libelle_commune\"}]},{\"op\":\"casei\",\"args\":[\"RENNES\"]}]}");
        pairs.put("ACCENTI(libelle_departement) = accenti('Ardeche')",
                "{\"op\":\"=\",\"args\":[{\"op\":\"accenti\",\"args\":[{\"property\":\"libelle_departement\"}]},{\"op\":\"accenti\",\"args\":[\"Ardeche\"]}]}");
        pairs.put("S_INTERSECTS(position, BBOX(-2.3,47.6,-1.0,48.8))",
                "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"position\"},{\"bbox\":[-2.3,47.6,-1.0,48.8]}]}");
        pairs.put("S_INTERSECTS(position, MULTIPOLYGON(((-2.3 47.6, -1 47.6, -1 48.8, -2.3 48.8, -2.3 47.6)),((5 45, 6 45, 6 46, 5 46, 5 45))))",
                "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"position\"},{\"type\":\"MultiPolygon\",\"coordinates\":"
                        + "[[[[-2.3,47.6],[-1,47.6],[-1,48.8],[-2.3,48.8],[-2.3,47.6]]],[[[5,45],[6,45],[6,46],[5,46],[5,45]]]]}]}");
        pairs.put("NOT (libelle_academie = 'Rennes') AND coordonnee_x BETWEEN 300000 AND 400000",
                "{\"op\":\"and\",\"args\":[{\"op\":\"not\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"libelle_academie\"},\"Rennes\"]}]},"
                        + "{\"op\":\"between\",\"args\":[{\"property\":\"coordonnee_x\"},300000,400000]}]}");
        pairs.forEach((textFilter, jsonFilter) -> {
            OgcTestServer.Answer a = s.get(ITEMS + "?limit=1&filter-lang=cql2-json&filter=" + enc(jsonFilter), null);
            assertThat(a.status()).as(jsonFilter + " -> " + a.body()).isEqualTo(200);
            assertThat(a.json().path("numberMatched").asLong()).as(jsonFilter).isEqualTo(matched(textFilter));
        });
    }

    // ------------------------------------------------------------------ basic-cql2

    static void basicTest() {
        Set<String> types = Set.of("string", "number", "integer", "boolean");
        for (String c : DATA_SOURCES) {
            Map<String, JsonNode> q = queryables(c);
            assertThat(q).as(c).isNotEmpty();
            q.forEach((name, schema) -> assertThat(schema.has("type") || isGeometry(schema)).as(c + "." + name + " has a data type").isTrue());
            assertThat(q.values()).as(c).anyMatch(schema -> types.contains(schema.path("type").asText()));
        }
    }

    static void comparison() {
        for (String c : DATA_SOURCES) {
            for (Map.Entry<String, JsonNode> e : queryables(c).entrySet()) {
                JsonNode schema = e.getValue();
                String type = schema.path("type").asText();
                String format = schema.path("format").asText();
                String value = switch (type + "/" + format) {
                    case "string/" -> "'foo'";
                    case "string/date" -> "DATE('2022-04-14')";
                    case "string/date-time" -> "TIMESTAMP('2022-04-14T14:48:46Z')";
                    case "number/" -> "3.14";
                    case "integer/" -> "1";
                    case "boolean/" -> "true";
                    default -> null;
                };
                if (value == null) {
                    continue;
                }
                String q = e.getKey();
                Queryable queryable = new Queryable(c, q);
                disjoint(queryable, q + " = " + value, q + " <> " + value);
                disjoint(queryable, q + " > " + value, q + " <= " + value);
                disjoint(queryable, q + " < " + value, q + " >= " + value);
                long decided = matched(c, q + " IS NOT NULL");
                assertThat(matched(c, q + " = " + value) + matched(c, q + " <> " + value)).as(q).isEqualTo(decided);
                if (!type.equals("boolean")) {
                    assertThat(matched(c, q + " < " + value) + matched(c, q + " >= " + value)).as(q).isEqualTo(decided);
                }
                for (String op : List.of(" = ", " <> ", " > ", " < ", " >= ", " <= ")) {
                    store("basic-cql2", c, q + op + value);
                }
            }
        }
    }

    static void isNull() {
        for (String c : DATA_SOURCES) {
            long all = matched(c, "true");
            for (String q : queryables(c).keySet()) {
                long nulls = matched(c, q + " IS NULL");
                long notNulls = matched(c, q + " is not null");
                assertThat(matched(c, q + " IS NULL AND " + q + " IS NOT NULL")).as(q).isZero();
                assertThat(nulls + notNulls).as(q).isEqualTo(all);
                store("basic-cql2", c, q + " IS NULL");
                store("basic-cql2", c, q + " IS NOT NULL");
            }
        }
        assertThat(matched("date_ouverture IS NULL")).isEqualTo(count(r -> r.get("date_ouverture").isBlank()));
    }

    static void booleans() {
        for (String c : DATA_SOURCES) {
            assertThat(matched(c, "true")).isEqualTo(s.ok(items(c) + "?limit=1").path("numberMatched").asLong()).isPositive();
            assertThat(matched(c, "false")).isZero();
            store("basic-cql2", c, "true");
            store("basic-cql2", c, "false");
        }
        assertThat(matched("true")).isEqualTo(s.colleges.size());
    }

    static void basicTestData() {
        long rennesPrive = count(r -> r.get("libelle_academie").equals("Rennes") && r.get("secteur_public_prive_libe").equals("Privé"));
        assertThat(matched("libelle_academie = 'Rennes' AND secteur_public_prive_libe = 'Privé'")).isEqualTo(rennesPrive).isPositive();
        assertThat(matched("libelle_academie <> 'Rennes'")).isEqualTo(count(r -> !r.get("libelle_academie").isBlank() && !r.get("libelle_academie").equals("Rennes")));
        assertThat(matched("date_ouverture < DATE('1980-01-01')"))
                .isEqualTo(count(r -> !r.get("date_ouverture").isBlank() && LocalDate.parse(r.get("date_ouverture")).isBefore(LocalDate.of(1980, 1, 1))));
        assertThat(matched("coordonnee_y <= 6700000"))
                .isEqualTo(count(r -> !r.get("coordonnee_y").isBlank() && Double.parseDouble(r.get("coordonnee_y")) <= 6700000));
        assertThat(matched("libelle_academie = 'Rennes' OR libelle_academie = 'Nantes'"))
                .isEqualTo(count(r -> List.of("Rennes", "Nantes").contains(r.get("libelle_academie"))));
    }

    // ------------------------------------------------------------------ advanced-comparison-operators

    static void like() {
        eachString("advanced-comparison-operators", q -> {
            long all = matched(q.collection(), q.name() + " IS NOT NULL");
            long percent = matched(q.collection(), q.name() + " LIKE '%'");
            assertThat(percent).as(q.name()).isEqualTo(all);
            assertThat(matched(q.collection(), q.name() + " like '%%'")).as(q.name()).isEqualTo(percent);
            disjoint(q, q.name() + " like '_%'", q.name() + " like ''");
            long escaped = matched(q.collection(), q.name() + " like '\\%\\_'");
            assertThat(escaped).as(q.name()).isLessThanOrEqualTo(all);
            return List.of(q.name() + " LIKE '%'", q.name() + " like '_%'", q.name() + " like ''");
        });
        assertThat(matched("appellation_officielle LIKE 'Collège Jean%'")).isEqualTo(count(r -> r.get("appellation_officielle").startsWith("Collège Jean")));
    }

    static void between() {
        int checked = 0;
        for (String c : DATA_SOURCES) {
            for (Map.Entry<String, JsonNode> e : queryables(c).entrySet()) {
                String type = e.getValue().path("type").asText();
                if (type.equals("number") || type.equals("integer")) {
                    String q = e.getKey();
                    matched(c, q + " BETWEEN 0 AND 100");
                    assertThat(matched(c, q + " between 100.0 and 1.0")).as("an empty range").isZero();
                    store("advanced-comparison-operators", c, q + " BETWEEN 0 AND 100");
                    checked++;
                }
            }
        }
        assertThat(checked).isPositive();
        assertThat(matched("coordonnee_x BETWEEN 300000 AND 400000")).isEqualTo(count(r -> !r.get("coordonnee_x").isBlank()
                && Double.parseDouble(r.get("coordonnee_x")) >= 300000 && Double.parseDouble(r.get("coordonnee_x")) <= 400000)).isPositive();
    }

    static void in() {
        for (String c : DATA_SOURCES) {
            for (Map.Entry<String, JsonNode> e : queryables(c).entrySet()) {
                String type = e.getValue().path("type").asText() + "/" + e.getValue().path("format").asText();
                String list = switch (type) {
                    case "number/", "integer/" -> "(1, 2, 3)";
                    case "string/" -> "('foo', 'bar')";
                    case "boolean/" -> "(true)";
                    case "string/date-time" -> "(TIMESTAMP('2022-04-14T14:52:56Z'), TIMESTAMP('2022-04-14T15:52:56Z'))";
                    case "string/date" -> "(DATE('2022-04-14'), DATE('2022-04-15'))";
                    default -> null;
                };
                if (list != null) {
                    matched(c, e.getKey() + " IN " + list);
                    store("advanced-comparison-operators", c, e.getKey() + " IN " + list);
                }
            }
        }
        assertThat(matched("libelle_academie IN ('Rennes', 'Nantes')")).isEqualTo(count(r -> List.of("Rennes", "Nantes").contains(r.get("libelle_academie"))));
    }

    static void advancedTestData() {
        assertThat(matched("appellation_officielle LIKE '%Jules Ferry%'")).isEqualTo(count(r -> r.get("appellation_officielle").contains("Jules Ferry")));
        assertThat(matched("numero_uai LIKE '035____'")).isEqualTo(count(r -> r.get("numero_uai").matches("035....")));
        assertThat(matched("libelle_academie NOT IN ('Rennes', 'Nantes')"))
                .isEqualTo(count(r -> !r.get("libelle_academie").isBlank() && !List.of("Rennes", "Nantes").contains(r.get("libelle_academie"))));
        assertThat(matched("coordonnee_x NOT BETWEEN 300000 AND 400000")).isEqualTo(count(r -> !r.get("coordonnee_x").isBlank()
                && (Double.parseDouble(r.get("coordonnee_x")) < 300000 || Double.parseDouble(r.get("coordonnee_x")) > 400000)));
    }

    // ------------------------------------------------------------------ case- and accent-insensitive comparison

    static void caseiTestData() {
        assertThat(matched("CASEI(libelle_commune) = casei('RENNES')")).isEqualTo(count(r -> r.get("libelle_commune").equalsIgnoreCase("rennes"))).isPositive();
        assertThat(matched("CASEI(appellation_officielle) LIKE casei('COLLÈGE JEAN%')"))
                .isEqualTo(count(r -> r.get("appellation_officielle").toLowerCase(Locale.ROOT).startsWith("collège jean"))).isPositive();
    }

    static void accentiTestData() {
        long ardeche = count(r -> unaccent(r.get("libelle_departement")).equals("Ardeche"));
        assertThat(matched("ACCENTI(libelle_departement) = accenti('Ardèche')")).isEqualTo(ardeche).isPositive();
        assertThat(matched("ACCENTI(libelle_departement) = accenti('Ardeche')")).isEqualTo(ardeche);
        assertThat(matched("libelle_departement = 'Ardeche'")).as("without ACCENTI the accent matters").isZero();
        assertThat(matched("ACCENTI(CASEI(libelle_departement)) = accenti(casei('ARDECHE'))"))
                .isEqualTo(count(r -> unaccent(r.get("libelle_departement")).toLowerCase(Locale.ROOT).equals("ardeche")));
        long college = count(r -> unaccent(r.get("appellation_officielle")).startsWith("College"));
        assertThat(matched("ACCENTI(appellation_officielle) LIKE accenti('Collége%')")).isEqualTo(college).isPositive();
        assertThat(matched("ACCENTI(CASEI(appellation_officielle)) LIKE accenti(casei('COLLEGE%'))"))
                .isEqualTo(count(r -> unaccent(r.get("appellation_officielle")).toLowerCase(Locale.ROOT).startsWith("college")));
    }

    // ------------------------------------------------------------------ spatial

    static List<String> geometryQueryables(String collection) {
        List<String> out = new ArrayList<>();
        queryables(collection).forEach((name, schema) -> {
            if (isGeometry(schema)) {
                out.add(name);
            }
        });
        return out;
    }

    static void eachGeometry(String conformanceClass, List<String> valid, List<String> invalid) {
        for (String c : DATA_SOURCES) {
            List<String> geometries = geometryQueryables(c);
            assertThat(geometries).as(c).isNotEmpty();
            for (String g : geometries) {
                for (String literal : valid) {
                    String p = "S_INTERSECTS(" + g + "," + literal + ")";
                    matched(c, p);
                    store(conformanceClass, c, p);
                }
                for (String literal : invalid) {
                    OgcTestServer.Answer a = filtered(c, "S_INTERSECTS(" + g + "," + literal + ")");
                    assertThat(a.status()).as(literal + " (invalid coordinate) -> " + a.body()).isEqualTo(400);
                    assertThat(a.json().path("description").asText()).contains("filter");
                }
            }
        }
    }

    static void basicSpatial() {
        eachGeometry("basic-spatial-functions", List.of("BBOX(-180,-90,180,90)", "POINT(7.02 49.92)"), List.of("POINT(90 180)"));
        for (String c : DATA_SOURCES) {
            String g = geometryQueryables(c).get(0);
            matched(c, "S_INTERSECTS(" + g + ",BBOX(-180,-90,-90,90)) AND S_INTERSECTS(" + g + ",BBOX(90,-90,180,90))");
        }
        assertThat(matched("S_INTERSECTS(position,BBOX(-180,-90,180,90))")).isEqualTo(count(OgcCoreTest::located));
    }

    static void basicSpatialTestData() {
        long inBox = count(r -> located(r) && lon(r) >= -2.3 && lon(r) <= -1.0 && lat(r) >= 47.6 && lat(r) <= 48.8);
        assertThat(matched("S_INTERSECTS(position, BBOX(-2.3,47.6,-1.0,48.8))")).isEqualTo(inBox).isPositive();
        Map<String, String> one = s.colleges.stream().filter(OgcCoreTest::located).findFirst().orElseThrow();
        long samePlace = count(r -> located(r) && lat(r) == lat(one) && lon(r) == lon(one));
        assertThat(matched("S_INTERSECTS(position, POINT(" + one.get("longitude") + " " + one.get("latitude") + "))")).isEqualTo(samePlace).isPositive();
        // a point in Rennes falls in one département (35)
        assertThat(matched(DEPARTEMENTS, "S_INTERSECTS(geo_shape, POINT(-1.68 48.11))")).isEqualTo(1);
    }

    static void spatialPlus() {
        eachGeometry("basic-spatial-functions-plus", List.of(
                "LINESTRING(-180 -45, 0 -45)",
                "MULTILINESTRING((-180 -45, 0 -45), (0 45, 180 45))",
                "POLYGON((-180 -90, -90 -90, -90 90, -180 90, -180 -90), (-120 -50, -100 -50, -100 -40, -120 -40, -120 -50))",
                "MULTIPOLYGON(((-180 -90, -90 -90, -90 90, -180 90, -180 -90), (-120 -50, -100 -50, -100 -40, -120 -40, -120 -50)),((0 0, 10 0, 10 10, 0 10, 0 0)))",
                "GEOMETRYCOLLECTION(POINT(7.02 49.92), POLYGON((0 0, 10 0, 10 10, 0 10, 0 0)))"),
                List.of("MULTIPOINT(7.02 49.92, 90 180)"));
    }

    static void spatialPlusTestData() {
        List<Map<String, String>> located = s.colleges.stream().filter(OgcCoreTest::located).toList();
        Map<String, String> a = located.get(0);
        Map<String, String> b = located.get(located.size() / 2);
        long atAOrB = count(r -> located(r) && ((lat(r) == lat(a) && lon(r) == lon(a)) || (lat(r) == lat(b) && lon(r) == lon(b))));
        assertThat(matched("S_INTERSECTS(position, MULTIPOINT((" + a.get("longitude") + " " + a.get("latitude") + "), ("
                + b.get("longitude") + " " + b.get("latitude") + ")))")).isEqualTo(atAOrB).isPositive();
        // a meridian segment through a college's exact longitude holds every college at that longitude within its latitudes
        double x = lon(a);
        long onMeridian = count(r -> located(r) && lon(r) == x && lat(r) >= lat(a) - 1 && lat(r) <= lat(a) + 1);
        String segment = "(" + a.get("longitude") + " " + (lat(a) - 1) + ", " + a.get("longitude") + " " + (lat(a) + 1) + ")";
        assertThat(matched("S_INTERSECTS(position, LINESTRING" + segment + ")")).isEqualTo(onMeridian).isPositive();
        assertThat(matched("S_INTERSECTS(position, MULTILINESTRING(" + segment + ", (0 0, 1 1)))")).isEqualTo(onMeridian);
        Predicate<Map<String, String>> bretagne = r -> located(r) && lon(r) >= -2.3 && lon(r) <= -1.0 && lat(r) >= 47.6 && lat(r) <= 48.8;
        Predicate<Map<String, String>> alpes = r -> located(r) && lon(r) >= 5 && lon(r) <= 6 && lat(r) >= 45 && lat(r) <= 46;
        assertThat(matched("S_INTERSECTS(position, MULTIPOLYGON(((-2.3 47.6, -1 47.6, -1 48.8, -2.3 48.8, -2.3 47.6)),((5 45, 6 45, 6 46, 5 46, 5 45))))"))
                .isEqualTo(count(bretagne.or(alpes))).isPositive();
        assertThat(matched("S_INTERSECTS(position, GEOMETRYCOLLECTION(POINT(" + b.get("longitude") + " " + b.get("latitude")
                + "), POLYGON((5 45, 6 45, 6 46, 5 46, 5 45))))"))
                .isEqualTo(count(alpes.or(r -> located(r) && lat(r) == lat(b) && lon(r) == lon(b))));
        // a line from Rennes to Nantes crosses Ille-et-Vilaine and Loire-Atlantique only
        assertThat(matched(DEPARTEMENTS, "S_INTERSECTS(geo_shape, LINESTRING(-1.68 48.11, -1.55 47.22))")).isEqualTo(2);
    }

    // ------------------------------------------------------------------ Tiles

    static JsonNode collectionTileset() {
        return s.ok(COLLECTION + "/tiles/WebMercatorQuad");
    }

    static String tileTemplate() {
        for (JsonNode l : collectionTileset().path("links")) {
            if (l.path("rel").asText().equals("item")) {
                return l.path("href").asText();
            }
        }
        throw new AssertionError("no tile template link");
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    static java.net.http.HttpResponse<byte[]> tile(String pathOrUrl) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : s.base + pathOrUrl;
        try {
            return HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void tileOp() {
        String tiles = rels(s.ok(COLLECTION).path("links"), null).get("http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector");
        assertThat(tiles).isNotNull();
        assertThat(s.ok(tiles).path("tilesets").size()).isPositive();
    }

    static void tileSuccess() {
        String url = tileTemplate().replace("{tileMatrix}", "5").replace("{tileRow}", "11").replace("{tileCol}", "15");
        java.net.http.HttpResponse<byte[]> r = tile(url);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.mapbox-vector-tile");
        assertThat(r.body()).isNotEmpty();
    }

    static void tileError() {
        String base = COLLECTION + "/tiles/WebMercatorQuad/";
        assertThat(s.get(base + "30/0/0", null).status()).isEqualTo(404);
        assertThat(s.get(base + "5/32/0", null).status()).isEqualTo(404);
        assertThat(s.get(base + "5/0/32", null).status()).isEqualTo(404);
        assertThat(s.get(base + "abc/0/0", null).status()).isEqualTo(400);
        assertThat(s.get(COLLECTION + "/tiles/Inconnu/0/0/0", null).status()).isEqualTo(404);
    }

    static void tilesetSuccess() {
        JsonNode set = collectionTileset();
        assertThat(set.path("dataType").asText()).isEqualTo("vector");
        assertThat(set.path("crs").asText()).isEqualTo(EPSG + "3857");
        assertThat(set.path("tileMatrixSetURI").asText()).isEqualTo("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad");
        assertThat(rels(set.path("links"), null)).containsKeys("self", "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme");
        set.path("links").forEach(l -> assertThat(l.path("templated").asBoolean(false)).as(l.toString()).isEqualTo(l.path("href").asText().contains("{")));
        assertThat(s.get(COLLECTION + "/tiles/WebMercatorQuad", "application/json").contentType()).startsWith("application/json");
    }

    static void tilesetsListSuccess() {
        JsonNode list = s.ok(COLLECTION + "/tiles");
        assertThat(list.path("tilesets").isArray()).isTrue();
        list.path("tilesets").forEach(t -> {
            assertThat(t.path("dataType").asText()).isNotBlank();
            assertThat(t.path("crs").asText()).isNotBlank();
            assertThat(rels(t.path("links"), null)).containsKey("self");
        });
    }

    static void geodataTilesets() {
        for (JsonNode c : collections()) {
            String tiles = rels(c.path("links"), null).get("http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector");
            assertThat(tiles).as(c.path("id").asText()).isEqualTo(s.base + "/ogc/collections/" + c.path("id").asText() + "/tiles");
            assertThat(s.get(tiles, "application/json").status()).isEqualTo(200);
        }
    }

    static void datasetTilesets() {
        String tiles = landing("http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector");
        JsonNode set = s.ok(tiles).path("tilesets").get(0);
        JsonNode meta = s.ok(rels(set.path("links"), null).get("self"));
        assertThat(meta.path("layers").findValuesAsText("id")).contains(COLLEGES, DEPARTEMENTS);
        assertThat(tile("/ogc/tiles/WebMercatorQuad/5/11/15").statusCode()).isEqualTo(200);
    }

    static void collectionsParam() {
        byte[] alone = tile(COLLECTION + "/tiles/WebMercatorQuad/5/11/15").body();
        assertThat(tile("/ogc/tiles/WebMercatorQuad/5/11/15?collections=" + COLLEGES).body()).isEqualTo(alone);
        assertThat(s.get("/ogc/tiles/WebMercatorQuad/5/11/15?collections=inconnu", null).status()).isEqualTo(400);
    }

    static void mvtContent() {
        java.net.http.HttpResponse<byte[]> r = tile(COLLECTION + "/tiles/WebMercatorQuad/5/11/15");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.mapbox-vector-tile");
        assertThat(MvtDecoder.decode(r.body()).getLayers().stream().map(l -> l.getName()).toList()).contains(COLLEGES);
    }

    static void tilesOas() {
        JsonNode doc = api();
        for (String p : List.of("/tileMatrixSets", "/tileMatrixSets/{tileMatrixSetId}", "/collections/{collectionId}/tiles",
                "/collections/{collectionId}/tiles/{tileMatrixSetId}", "/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}")) {
            assertThat(doc.path("paths").has(p)).as(p).isTrue();
        }
    }
}
