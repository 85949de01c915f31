package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.quality.Finding;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.quality.QualityText;
import fr.geoeduc.core.quality.RuleResult;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** GeoJSON ingest: coordinates checked against WGS84 bounds, findings that name the feature, very large geometries. */
class GeoJsonIngestTest {

    private static final String ZONES = "zones-test";
    private static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}";
    private static final String BOWTIE = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}";

    @TempDir
    Path dir;
    private TestPlatform p;

    @BeforeEach
    void open() {
        p = new TestPlatform(dir.resolve("store"));
    }

    @AfterEach
    void close() {
        p.close();
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private static String feature(String code, String geometry) {
        return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\"},\"geometry\":" + geometry + "}";
    }

    /** A FeatureCollection on one line, as data.education.gouv.fr and most tools write it. */
    private static String oneLine(String... features) {
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
    }

    private static RuleResult rule(QualityReport report, String id) {
        return report.results().stream().filter(r -> r.rule().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding of rule " + id + " in " + report.results()));
    }

    @Test
    void coordinatesOutsideWgs84BoundsAreErrors() throws IOException {
        String text = oneLine(
                feature("ok", SQUARE),
                feature("lon200", "{\"type\":\"Polygon\",\"coordinates\":[[[199,0],[200,0],[200,1],[199,1],[199,0]]]}"),
                feature("lat95", "{\"type\":\"LineString\",\"coordinates\":[[2,48],[2.5,95]]}"),
                feature("lat148", "{\"type\":\"Point\",\"coordinates\":[2.35,148]}"));
        IngestResult r = p.ingest(write("hors-limites.geojson", text), ZONES);

        RuleResult out = rule(r.quality(), "coord-hors-limites");
        assertThat(out.severity()).hasToString("ERROR");
        assertThat(out.count()).isEqualTo(3);
        assertThat(out.examples()).extracting(Finding::featureId).containsExactly("lon200", "lat95", "lat148");
        assertThat(out.examples()).extracting(Finding::feature).containsExactly(2L, 3L, 4L);
        assertThat(out.examples().get(0).message()).contains("longitude 199.0");
        assertThat(out.examples().get(2).message()).contains("latitude 148.0");
        assertThat(QualityText.render(r.quality(), 1)).doesNotContain("Aucune anomalie").contains("coord-hors-limites");
        assertThat(r.version().rowCount()).isEqualTo(4); // published as written, with the errors said
    }

    @Test
    void findingsOfAOneLineFileNameTheFeatureAndItsId() throws IOException {
        String text = oneLine(feature("A1", SQUARE), feature("A2", SQUARE), feature("A3", BOWTIE),
                "{\"type\":\"Feature\",\"id\":\"zone-4\",\"properties\":{\"nom\":\"Quatre\"},\"geometry\":" + BOWTIE + "}");
        IngestResult r = p.ingest(write("zones.geojson", text), ZONES);
        RuleResult invalid = rule(r.quality(), "geometrie-invalide");
        assertThat(invalid.examples()).extracting(Finding::line).containsOnly(1L);
        assertThat(invalid.examples()).extracting(Finding::feature).containsExactly(3L, 4L);
        assertThat(invalid.examples()).extracting(Finding::featureId).containsExactly("A3", "zone-4");
        assertThat(QualityText.render(r.quality(), 1)).contains("objet/feature 3 (A3), ligne 1, geo_shape")
                .contains("objet/feature 4 (zone-4), ligne 1");
    }

    /** The 35,357 communes of 2018 in one file on one line: the one invalid polygon is feature 4508, commune 14174. */
    @Test
    void theInvalidCommuneOf2018IsFoundByFeatureAndCode() throws IOException {
        Path folder = SharedData.root().resolve("geometry/communes-2018");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(folder), "../shared/data missing");
        Path all = dir.resolve("communes-2018.geojson");
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(f -> f.toString().endsWith(".geojson")).sorted().toList();
        }
        try (BufferedWriter out = Files.newBufferedWriter(all, StandardCharsets.UTF_8)) {
            out.write("{\"type\":\"FeatureCollection\",\"features\":[");
            boolean first = true;
            for (Path f : files) {
                String body = Files.readString(f, StandardCharsets.UTF_8).strip();
                String features = body.substring(body.indexOf('[') + 1, body.lastIndexOf(']')).strip();
                if (!features.isEmpty()) {
                    out.write(first ? "" : ",");
                    out.write(features.replace("\n", "").replace("\r", ""));
                    first = false;
                }
            }
            out.write("]}");
        }
        IngestResult r = p.ingest(all, "communes-2018");
        assertThat(r.version().rowCount()).isEqualTo(35_357);
        RuleResult invalid = rule(r.quality(), "geometrie-invalide");
        assertThat(invalid.count()).isEqualTo(1);
        Finding f = invalid.examples().get(0);
        assertThat(f.feature()).isEqualTo(4508);
        assertThat(f.featureId()).isEqualTo("14174");
        assertThat(QualityText.render(r.quality(), 1)).contains("objet/feature 4508 (14174), ligne 1, geo_shape");
    }

    @Test
    void aPolygonOfManyVerticesIsReadExactly() throws IOException {
        int n = 200_000;
        Path file = dir.resolve("grand.geojson");
        writeCircle(file, "grand", n);
        IngestResult r = p.ingest(file, ZONES);
        Geometry g = (Geometry) Rows.read(p.store, r.version()).get(1).get("geo_shape");
        assertThat(g.getNumPoints()).isEqualTo(n + 1);
        Coordinate c = g.getCoordinates()[12_345];
        assertThat(c.x).isEqualTo(circleX(12_345, n));
        assertThat(c.y).isEqualTo(circleY(12_345, n));
    }

    /** A 4-million-vertex polygon (a 96 MB file) is refused with the feature and the limit; the previous version stays. */
    @Test
    void aGeometryOverTheVertexLimitIsRefusedNamingTheFeatureAndTheLimit() throws IOException {
        DatasetVersion v1 = p.ingest(write("zones-v1.geojson", oneLine(feature("A1", SQUARE))), ZONES).version();
        Path file = dir.resolve("enorme.geojson");
        writeCircle(file, "enorme", 4_000_000);
        assertThat(Files.size(file)).isGreaterThan(90_000_000L);

        Throwable t = catchThrowable(() -> p.ingest(file, ZONES));
        assertThat(t).isInstanceOf(IngestException.class);
        assertThat(t.getMessage()).startsWith("enorme.geojson").contains("objet/feature 2 (enorme)")
                .contains("1 000 000 sommets").contains("simplif").contains("rien n'a été publié");
        assertThat(p.store.versions(ZONES)).hasSize(1);
        assertThat(p.store.latest(ZONES).orElseThrow().batchId()).isEqualTo(v1.batchId());
        assertThat(Rows.read(p.store, v1)).extracting(m -> m.get("code")).containsExactly("A1");
        assertThat(Rows.stagedBatches(dir.resolve("store"))).isZero();
    }

    private static double circleX(int i, int n) {
        return Math.round((2.0 + 0.5 * Math.cos(2 * Math.PI * i / n)) * 1e9) / 1e9;
    }

    private static double circleY(int i, int n) {
        return Math.round((46.0 + 0.5 * Math.sin(2 * Math.PI * i / n)) * 1e9) / 1e9;
    }

    /** A small square, then a closed ring of {@code n} vertices (9-decimal coordinates), written as a stream. */
    private static void writeCircle(Path file, String code, int n) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write("{\"type\":\"FeatureCollection\",\"features\":[" + feature("petit", SQUARE) + ",");
            out.write("{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[");
            for (int i = 0; i <= n; i++) {
                int k = i == n ? 0 : i;
                out.write(i == 0 ? "[" : ",[");
                out.write(Double.toString(circleX(k, n)));
                out.write(',');
                out.write(Double.toString(circleY(k, n)));
                out.write(']');
            }
            out.write("]]}}]}");
        }
    }
}
