package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static fr.geoeduc.server.OgcTestServer.COLLEGES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * GDAL's OAPIF driver (Debian {@code gdal-bin}) against the OGC API: {@code ogrinfo} lists the collections and reads
 * the collèges with the file's count, also with a spatial filter; {@code ogr2ogr -f GPKG} copies the national
 * collection with the Explore API GeoJSON export's count and coordinates (to 1e-7°), also with {@code -spat}, with a
 * {@code -where} that GDAL sends as a CQL2 filter, and reprojected to Lambert-93. Skipped, with the reason, where
 * ogrinfo is absent.
 */
class OgcGdalTest {

    @TempDir
    static Path dir;
    @RegisterExtension
    static final OgcTestServer s = new OgcTestServer();

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ogrinfo")) || Ogrinfo.onPath("ogrinfo"),
                "ogrinfo not installed (Debian package gdal-bin): the GDAL client test is skipped");
    }

    /** The Explore API's GeoJSON export of the collèges (optionally with an ODSQL where), point by UAI. */
    private static Map<String, double[]> exportedPoints(String where) {
        String q = where == null ? "" : "?where=" + URLEncoder.encode(where, StandardCharsets.UTF_8);
        JsonNode export = s.ok("/api/explore/v2.1/catalog/datasets/" + COLLEGES + "/exports/geojson" + q);
        Map<String, double[]> points = new HashMap<>();
        export.path("features").forEach(f -> {
            JsonNode c = f.path("geometry").path("coordinates");
            points.put(f.path("properties").path("numero_uai").asText(),
                    c.isMissingNode() ? null : new double[]{c.get(0).asDouble(), c.get(1).asDouble()});
        });
        return points;
    }

    /** Runs ogr2ogr (with GDAL's debug output, to see the requests it sends) into a new GeoPackage; returns the output. */
    private static String ogr2ogr(Path gpkg, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("ogr2ogr", "--debug", "on", "-f", "GPKG"));
        command.addAll(List.of(options));
        command.addAll(List.of("-nln", "copie", gpkg.toString(), "OAPIF:" + s.base + "/ogc", COLLEGES));
        return Ogrinfo.run(command.toArray(String[]::new));
    }

    /** The copied points by UAI, checked against the expected ones: same keys, coordinates within the tolerance. */
    private static GisFiles.Read sameAs(Path gpkg, Map<String, double[]> expected, double tolerance) throws Exception {
        GisFiles.Read copy = GisFiles.geopackage(gpkg);
        assertThat(copy.features()).hasSize(expected.size());
        for (GisFiles.Row row : copy.features()) {
            String uai = String.valueOf(row.values().get("numero_uai"));
            assertThat(expected).as(uai).containsKey(uai);
            double[] p = expected.get(uai);
            if (p == null) {
                assertThat(row.geometry()).as(uai).isNull();
            } else {
                Point point = (Point) row.geometry();
                assertThat(point.getX()).as(uai).isCloseTo(p[0], within(tolerance));
                assertThat(point.getY()).as(uai).isCloseTo(p[1], within(tolerance));
            }
        }
        return copy;
    }

    @Test
    void ogr2ogrCopiesTheNationalCollectionAsTheExploreExport() throws Exception {
        Map<String, double[]> all = exportedPoints(null);
        assertThat(all).hasSize(s.colleges.size());
        Path whole = dir.resolve("entier.gpkg");
        ogr2ogr(whole, "-oo", "PAGE_SIZE=1000");
        assertThat(sameAs(whole, all, 1e-7).epsg()).isEqualTo(4326);

        // -spat: GDAL sends the bbox and drops the features without geometry that the bbox also returns
        Map<String, double[]> inBox = new HashMap<>();
        all.forEach((uai, p) -> {
            if (p != null && p[0] >= -2.3 && p[0] <= -1.0 && p[1] >= 47.6 && p[1] <= 48.8) {
                inBox.put(uai, p);
            }
        });
        assertThat(inBox).hasSizeBetween(100, 2000);
        Path spat = dir.resolve("spat.gpkg");
        assertThat(ogr2ogr(spat, "-spat", "-2.3", "47.6", "-1.0", "48.8")).contains("bbox=");
        sameAs(spat, inBox, 1e-7);
    }

    @Test
    void ogr2ogrSendsTheWhereAsCql2AndReprojectsToLambert93() throws Exception {
        // <> cannot be sent as a query parameter: GDAL sends it in a filter (it names CQL2 text "cql-text" up to 3.6)
        String where = "libelle_academie = 'Rennes' AND secteur_public_prive_libe <> 'Public'";
        Map<String, double[]> rennes = exportedPoints(where.replace("<>", "!="));
        assertThat(rennes).hasSizeBetween(20, 1000);
        Path filtered = dir.resolve("where.gpkg");
        String log = ogr2ogr(filtered, "-where", where);
        // the filter went to the server as CQL2 text (GDAL filters on the client only what it cannot send)
        assertThat(log).containsPattern("filter=[^&\\s]*libelle_academie").containsPattern("filter-lang=cql2?-text")
                .doesNotContain("Full filter will be evaluated on client side");
        sameAs(filtered, rennes, 1e-7);

        // -t_srs EPSG:2154: the same points as the OGC API answers with crs=EPSG:2154 (easting, northing in metres)
        JsonNode l93 = s.ok("/ogc/collections/" + COLLEGES + "/items?limit=10000&crs="
                + URLEncoder.encode("http://www.opengis.net/def/crs/EPSG/0/2154", StandardCharsets.UTF_8)
                + "&filter=" + URLEncoder.encode(where, StandardCharsets.UTF_8));
        assertThat(l93.path("numberMatched").asLong()).isEqualTo(l93.path("numberReturned").asLong());
        Map<String, double[]> projected = new HashMap<>();
        l93.path("features").forEach(f -> {
            JsonNode c = f.path("geometry").path("coordinates");
            projected.put(f.path("properties").path("numero_uai").asText(),
                    c.isMissingNode() ? null : new double[]{c.get(0).asDouble(), c.get(1).asDouble()});
        });
        assertThat(projected).hasSameSizeAs(rennes);
        Path lambert = dir.resolve("l93.gpkg");
        ogr2ogr(lambert, "-where", where, "-t_srs", "EPSG:2154");
        GisFiles.Read copy = sameAs(lambert, projected, 1e-2); // PROJ and proj4j agree to the centimetre
        assertThat(copy.epsg()).isEqualTo(2154);
        assertThat(copy.features().get(0).geometry().getCoordinate().x).isBetween(100_000.0, 1_300_000.0);
    }

    @Test
    void ogrinfoListsTheCollectionsAndCountsTheFeatures() throws Exception {
        String root = "OAPIF:" + s.base + "/ogc";
        String list = Ogrinfo.run("ogrinfo", "-ro", "-q", root);
        assertThat(list).contains(COLLEGES).contains(OgcTestServer.DEPARTEMENTS).contains(OgcTestServer.REFERENTIEL).doesNotContain(OgcTestServer.RESTRICTED);
        String summary = Ogrinfo.run("ogrinfo", "-ro", "-so", root, COLLEGES);
        assertThat(Ogrinfo.featureCount(summary)).isEqualTo(s.colleges.size());
        // counting by reading every feature (paging along next links), and with a spatial filter
        List<String> all = new ArrayList<>(List.of("ogrinfo", "-ro", "-al", "-so", "-oo", "PAGE_SIZE=1000", root, COLLEGES));
        assertThat(Ogrinfo.featureCount(Ogrinfo.run(all.toArray(String[]::new)))).isEqualTo(s.colleges.size());
        long inBox = s.colleges.stream().filter(OgcCoreTest::located)
                .filter(r -> OgcCoreTest.lon(r) >= -2.3 && OgcCoreTest.lon(r) <= -1.0 && OgcCoreTest.lat(r) >= 47.6 && OgcCoreTest.lat(r) <= 48.8)
                .count();
        String spat = Ogrinfo.run("ogrinfo", "-ro", "-al", "-spat", "-2.3", "47.6", "-1.0", "48.8", root, COLLEGES);
        // GDAL asks the server with bbox (which also returns features without geometry) and filters those out itself
        assertThat(Ogrinfo.featureCount(spat)).isEqualTo(inBox);
    }
}
