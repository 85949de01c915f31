package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static fr.geoeduc.server.OgcTestServer.COLLEGES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * GeoPackage and FlatGeobuf downloads on the national collèges: OGC {@code items?f=gpkg|fgb} and the Explore exports
 * read back with NGA geopackage-java and flatgeobuf-java give the GeoJSON's count, columns, values and coordinates (to
 * 1e-7°), also with bbox + CQL2 filter and in Lambert-93; ogrinfo reads both files with the same count; a restricted
 * collection is a 404.
 */
class GpkgFgbDownloadTest {

    private static final String ITEMS = "/ogc/collections/" + COLLEGES + "/items";
    private static final String EXPORTS = "/api/explore/v2.1/catalog/datasets/" + COLLEGES + "/exports/";
    private static final String L93 = "http://www.opengis.net/def/crs/EPSG/0/2154";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    @RegisterExtension
    static final OgcTestServer s = new OgcTestServer();

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    /** Downloads a file; checks status 200, the content type and the attachment's file name. */
    private static Path download(String pathAndQuery, String type, String extension) throws Exception {
        Path file = Files.createTempFile(dir, "dl-", "." + extension);
        HttpResponse<Path> r = HTTP.send(HttpRequest.newBuilder(URI.create(s.base + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofFile(file));
        assertThat(r.statusCode()).as(pathAndQuery + ": " + (r.statusCode() == 200 ? "" : Files.readString(file))).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(type);
        assertThat(r.headers().firstValue("Content-Disposition").orElse(""))
                .isEqualTo("attachment; filename=\"" + COLLEGES + "." + extension + "\"");
        return file;
    }

    private static GisFiles.Read gpkg(String query) throws Exception {
        return GisFiles.geopackage(download(ITEMS + "?f=gpkg" + query, "application/geopackage+sqlite3", "gpkg"));
    }

    private static GisFiles.Read fgb(String query) throws Exception {
        return GisFiles.flatgeobuf(download(ITEMS + "?f=fgb" + query, "application/flatgeobuf", "fgb"));
    }

    /** Every GeoJSON feature of a query (one page of up to 10,000), by id. */
    private static Map<String, JsonNode> geojson(String query) {
        JsonNode page = s.ok(ITEMS + "?limit=10000" + query);
        assertThat(page.path("numberMatched").asLong()).isEqualTo(page.path("numberReturned").asLong());
        Map<String, JsonNode> byId = new HashMap<>();
        page.path("features").forEach(f -> byId.put(f.path("id").asText(), f));
        return byId;
    }

    /** The file has the GeoJSON's features: same ids, every property with its value, same coordinates. */
    private static void sameAsGeojson(GisFiles.Read file, Map<String, JsonNode> expected, double tolerance) {
        assertThat(file.features()).hasSize(expected.size());
        for (GisFiles.Row row : file.features()) {
            JsonNode f = expected.get(String.valueOf(row.values().get("id")));
            assertThat(f).as("feature %s", row.values().get("id")).isNotNull();
            Iterator<Map.Entry<String, JsonNode>> props = f.path("properties").fields();
            while (props.hasNext()) {
                Map.Entry<String, JsonNode> p = props.next();
                assertThat(file.columns()).containsKey(p.getKey());
                sameValue(p.getKey(), row.values().get(p.getKey()), p.getValue());
            }
            JsonNode g = f.path("geometry");
            if (g.isNull()) {
                assertThat(row.geometry()).isNull();
            } else {
                Point point = (Point) row.geometry();
                assertThat(point.getX()).isCloseTo(g.path("coordinates").get(0).asDouble(), within(tolerance));
                assertThat(point.getY()).isCloseTo(g.path("coordinates").get(1).asDouble(), within(tolerance));
            }
        }
    }

    private static void sameValue(String name, Object actual, JsonNode expected) {
        if (expected.isNull()) {
            assertThat(actual).as(name).isNull();
        } else if (expected.isIntegralNumber()) {
            assertThat(actual).as(name).isEqualTo(expected.asLong());
        } else if (expected.isNumber()) {
            assertThat((Double) actual).as(name).isCloseTo(expected.asDouble(), within(1e-9));
        } else if (expected.isBoolean()) {
            assertThat(actual).as(name).isEqualTo(expected.asBoolean());
        } else {
            assertThat(String.valueOf(actual)).as(name).isEqualTo(expected.asText());
        }
    }

    @Test
    void theWholeCollectionAsGeoPackageAndFlatGeobufIsTheGeoJson() throws Exception {
        Map<String, JsonNode> all = geojson("");
        assertThat(all).hasSize(s.colleges.size());
        GisFiles.Read g = gpkg("");
        assertThat(g.table()).isEqualTo(COLLEGES.replace('-', '_'));
        assertThat(g.epsg()).isEqualTo(4326);
        assertThat(g.indexed()).isTrue();
        // typed columns: integers, reals, dates and text as the dataset declares them
        assertThat(g.columns()).containsEntry("id", "TEXT").containsEntry("numero_uai", "TEXT")
                .containsEntry("date_ouverture", "DATE").containsEntry("latitude", "REAL");
        sameAsGeojson(g, all, 1e-7);
        GisFiles.Read f = fgb("");
        assertThat(f.epsg()).isEqualTo(4326);
        assertThat(f.columns()).isEqualTo(Map.copyOf(f.columns())).containsEntry("numero_uai", "String")
                .containsEntry("date_ouverture", "DateTime").containsEntry("latitude", "Double");
        assertThat(f.columns().keySet()).containsExactlyElementsOf(g.columns().keySet());
        sameAsGeojson(f, all, 1e-7);
    }

    @Test
    void bboxFilterPropertiesAndLambert93AreHonouredExactly() throws Exception {
        String query = "&bbox=-2.3,47.6,-1.0,48.8&filter=" + enc("libelle_academie = 'Rennes' AND secteur_public_prive_libe = 'Public'");
        Map<String, JsonNode> some = geojson(query);
        assertThat(some).hasSizeBetween(20, 2000);
        sameAsGeojson(gpkg(query), some, 1e-7);
        sameAsGeojson(fgb(query), some, 1e-7);

        String l93 = query + "&crs=" + enc(L93) + "&properties=numero_uai,appellation_officielle";
        Map<String, JsonNode> projected = geojson(l93);
        GisFiles.Read g = gpkg(l93);
        assertThat(g.epsg()).isEqualTo(2154);
        assertThat(g.columns()).containsOnlyKeys("id", "numero_uai", "appellation_officielle");
        sameAsGeojson(g, projected, 1e-6);
        GisFiles.Read f = fgb(l93);
        assertThat(f.epsg()).isEqualTo(2154);
        sameAsGeojson(f, projected, 1e-6);
        Geometry first = f.features().get(0).geometry();
        assertThat(first.getCoordinate().x).isBetween(100_000.0, 1_300_000.0); // Lambert-93 metres, easting first
    }

    @Test
    void exploreExportsHonourSelectWhereAndRefine() throws Exception {
        String query = "?select=" + enc("numero_uai, position, code_departement") + "&where=" + enc("code_departement = '035'")
                + "&refine=" + enc("secteur_public_prive_libe:Public");
        JsonNode json = s.ok("/api/explore/v2.1/catalog/datasets/" + COLLEGES + "/exports/geojson" + query);
        Map<String, JsonNode> byUai = new HashMap<>();
        json.path("features").forEach(f -> byUai.put(f.path("properties").path("numero_uai").asText(), f));
        assertThat(byUai).hasSizeBetween(20, 200);
        for (GisFiles.Read r : List.of(
                GisFiles.geopackage(download(EXPORTS + "gpkg" + query, "application/geopackage+sqlite3", "gpkg")),
                GisFiles.flatgeobuf(download(EXPORTS + "fgb" + query, "application/flatgeobuf", "fgb")))) {
            assertThat(r.columns()).containsOnlyKeys("numero_uai", "code_departement");
            assertThat(r.features()).hasSize(byUai.size());
            for (GisFiles.Row row : r.features()) {
                JsonNode f = byUai.get((String) row.values().get("numero_uai"));
                assertThat(row.values().get("code_departement")).isEqualTo(f.path("properties").path("code_departement").asText());
                Point p = (Point) row.geometry();
                assertThat(p.getX()).isCloseTo(f.path("geometry").path("coordinates").get(0).asDouble(), within(1e-7));
                assertThat(p.getY()).isCloseTo(f.path("geometry").path("coordinates").get(1).asDouble(), within(1e-7));
            }
        }
    }

    @Test
    void aRestrictedCollectionIsNotFoundForAnonymousCallers() throws Exception {
        for (String path : List.of("/ogc/collections/" + OgcTestServer.RESTRICTED + "/items?f=gpkg",
                "/ogc/collections/" + OgcTestServer.RESTRICTED + "/items?f=fgb",
                "/api/explore/v2.1/catalog/datasets/" + OgcTestServer.RESTRICTED + "/exports/gpkg",
                "/api/explore/v2.1/catalog/datasets/" + OgcTestServer.RESTRICTED + "/exports/fgb")) {
            OgcTestServer.Answer a = s.get(path, null);
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.contentType()).as(path).startsWith("application/json");
        }
    }

    @Test
    void theCollectionDeclaresBothEncodingsAndOtherRoutesRefuseThem() {
        JsonNode c = s.ok("/ogc/collections/" + COLLEGES);
        List<String> types = c.path("links").findValuesAsText("type");
        assertThat(types).contains("application/geopackage+sqlite3", "application/flatgeobuf");
        assertThat(s.get("/ogc/collections/" + COLLEGES + "?f=gpkg", null).status()).isEqualTo(400);
        OgcTestServer.Answer byAccept = s.get(ITEMS + "?limit=1", "application/flatgeobuf");
        assertThat(byAccept.status()).isEqualTo(200);
        assertThat(byAccept.contentType()).isEqualTo("application/flatgeobuf");
        assertThat(s.get(ITEMS + "?f=gpkg&limit=0", null).status()).isEqualTo(400);
    }

    @Test
    void ogrinfoReadsBothFilesWithTheSameCount() throws Exception {
        Assumptions.assumeTrue(Ogrinfo.onPath("ogrinfo"), "ogrinfo not installed (Debian package gdal-bin): the GDAL reading test is skipped");
        String query = "&bbox=-5.2,47.2,-1.0,48.9";
        long expected = s.ok(ITEMS + "?limit=1" + query).path("numberMatched").asLong();
        assertThat(expected).isGreaterThan(100);
        for (String[] f : List.of(new String[]{"gpkg", "application/geopackage+sqlite3"}, new String[]{"fgb", "application/flatgeobuf"})) {
            Path file = download(ITEMS + "?f=" + f[0] + query, f[1], f[0]);
            String all = Ogrinfo.run("ogrinfo", "-ro", "-al", "-so", file.toString());
            assertThat(Ogrinfo.featureCount(all)).as(f[0]).isEqualTo(expected);
            assertThat(all).contains("numero_uai: String").contains("EPSG\",4326");
            String whole = Ogrinfo.run("ogrinfo", "-ro", "-al", "-q", file.toString());
            assertThat(Pattern.compile("^OGRFeature", Pattern.MULTILINE).matcher(whole).results().count()).isEqualTo(expected);
            Path l93 = download(ITEMS + "?f=" + f[0] + query + "&crs=" + enc(L93), f[1], f[0]);
            String projected = Ogrinfo.run("ogrinfo", "-ro", "-al", "-so", l93.toString());
            assertThat(Ogrinfo.featureCount(projected)).as(f[0]).isEqualTo(expected);
            assertThat(projected).as(f[0]).contains("Lambert-93").contains("EPSG\",2154");
        }
    }

}
