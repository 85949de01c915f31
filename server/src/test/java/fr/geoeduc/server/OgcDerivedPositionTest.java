package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A file imported without a declared schema whose coordinates are in {@code lat}/{@code lon} columns (a BAN extract, a
 * collectivité's CSV): its geometry is the {@code position} GéoÉduc builds from them, a field added by GéoÉduc that
 * {@code select=*} leaves out. Every geographic answer must still carry it: the OGC items page, its GeoPackage and
 * FlatGeobuf downloads, its vector tiles, and the Explore API's GeoJSON, GeoPackage and FlatGeobuf exports — with the
 * file's coordinates.
 */
class OgcDerivedPositionTest {

    @TempDir
    static Path dir;
    private static TestServer server;
    private static final String ID = "adresses-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** lon, lat by address id, as in the file. */
    private static final Map<String, double[]> POINTS = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        StringBuilder csv = new StringBuilder("id;numero;nom_voie;code_insee;lon;lat\n");
        for (int i = 0; i < 40; i++) {
            double lon = -1.75 + i * 0.004;
            double lat = 48.05 + (i % 7) * 0.01;
            String id = "35238_" + i;
            POINTS.put(id, new double[]{lon, lat});
            csv.append(id).append(';').append(i + 1).append(";Rue de la Gare;35238;").append(lon).append(';').append(lat).append('\n');
        }
        server = TestServer.in(dir);
        server.ingest(server.write("adresses.csv", csv), ID).start(null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path + ": " + new String(r.body())).isEqualTo(200);
        return r;
    }

    private static void sameAsFile(JsonNode features) {
        assertThat(features).hasSize(POINTS.size());
        for (JsonNode f : features) {
            String id = f.path("properties").path("id").asText();
            JsonNode c = f.path("geometry").path("coordinates");
            assertThat(c.isArray()).as(id + " " + f.path("geometry")).isTrue();
            assertThat(c.get(0).asDouble()).as(id).isCloseTo(POINTS.get(id)[0], within(1e-9));
            assertThat(c.get(1).asDouble()).as(id).isCloseTo(POINTS.get(id)[1], within(1e-9));
        }
    }

    private static void sameAsFile(GisFiles.Read read) {
        assertThat(read.features()).hasSize(POINTS.size());
        for (GisFiles.Row row : read.features()) {
            String id = String.valueOf(row.values().get("id"));
            assertThat(row.geometry()).as(id).isInstanceOf(Point.class);
            assertThat(row.geometry().getCoordinate().x).as(id).isCloseTo(POINTS.get(id)[0], within(1e-9));
            assertThat(row.geometry().getCoordinate().y).as(id).isCloseTo(POINTS.get(id)[1], within(1e-9));
        }
    }

    @Test
    void theOgcItemsCarryThePositionBuiltFromTheCoordinates() throws Exception {
        JsonNode page = JSON.readTree(get("/ogc/collections/" + ID + "/items?limit=100").body());
        sameAsFile(page.path("features"));
        // and a bbox around half of them selects those, not every feature through the "no geometry" rule
        JsonNode box = JSON.readTree(get("/ogc/collections/" + ID + "/items?limit=100&bbox=-1.8,48,-1.68,48.2").body());
        long inBox = POINTS.values().stream().filter(p -> p[0] <= -1.68).count();
        assertThat(box.path("numberMatched").asLong()).isEqualTo(inBox).isLessThan(POINTS.size());
    }

    @Test
    void theOgcDownloadsHoldThePoints() throws Exception {
        Path gpkg = dir.resolve("ogc.gpkg");
        Files.write(gpkg, get("/ogc/collections/" + ID + "/items?f=gpkg").body());
        sameAsFile(GisFiles.geopackage(gpkg));
        Path fgb = dir.resolve("ogc.fgb");
        Files.write(fgb, get("/ogc/collections/" + ID + "/items?f=fgb").body());
        sameAsFile(GisFiles.flatgeobuf(fgb));
    }

    @Test
    void theTilesShowThePoints() throws Exception {
        int z = 12;
        double[] first = POINTS.get("35238_0");
        long col = MvtDecoder.col(z, first[0]);
        long row = MvtDecoder.row(z, first[1]);
        HttpResponse<byte[]> tile = get("/ogc/collections/" + ID + "/tiles/WebMercatorQuad/" + z + "/" + row + "/" + col);
        List<Geometry> points = MvtDecoder.features(tile.body(), ID);
        long expected = POINTS.values().stream().filter(p -> MvtDecoder.inTile(z, row, col, p[0], p[1])).count();
        assertThat(expected).isPositive();
        assertThat(points).hasSize((int) expected);
    }

    @Test
    void theExploreGeographicExportsCarryThePosition() throws Exception {
        String export = "/api/explore/v2.1/catalog/datasets/" + ID + "/exports/";
        sameAsFile(JSON.readTree(get(export + "geojson").body()).path("features"));
        Path gpkg = dir.resolve("explore.gpkg");
        Files.write(gpkg, get(export + "gpkg").body());
        sameAsFile(GisFiles.geopackage(gpkg));
        Path fgb = dir.resolve("explore.fgb");
        Files.write(fgb, get(export + "fgb").body());
        sameAsFile(GisFiles.flatgeobuf(fgb));
        // the CSV export keeps the producer's columns only
        assertThat(new String(get(export + "csv").body())).startsWith("\uFEFFid;numero;nom_voie;code_insee;lon;lat");
    }
}
