package fr.geoeduc.core.referentiel;

import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.core.ingest.IngestException;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@code referentiel load} of boundaries: coordinates checked, repairs said, malformed files explained for people. */
class BoundaryLoadTest {

    private static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":[[[-1.7,48.1],[-1.6,48.1],[-1.6,48.2],[-1.7,48.2],[-1.7,48.1]]]}";
    private static final String BOWTIE = "{\"type\":\"Polygon\",\"coordinates\":[[[-1.7,48.1],[-1.6,48.2],[-1.6,48.1],[-1.7,48.2],[-1.7,48.1]]]}";

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

    private static String commune(String code, String geometry) {
        return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\",\"nom\":\"Commune " + code + "\"},\"geometry\":" + geometry + "}";
    }

    private static String collection(String... features) {
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
    }

    @Test
    void coordinatesOutsideWgs84BoundsRefuseTheFileAndLoadNothing() throws IOException {
        p.referentiels.loadBoundaries("commune", write("v1.geojson", collection(commune("35238", SQUARE))), "2018");
        String lon200 = SQUARE.replace("-1.6,", "200,");
        Throwable t = catchThrowable(() -> p.referentiels.loadBoundaries("commune",
                write("hors-limites.geojson", collection(commune("35001", SQUARE), commune("35002", lon200))), "2019"));
        assertThat(t).isInstanceOf(IngestException.class);
        assertThat(t.getMessage()).contains("hors-limites.geojson").contains("objet/feature 2 (35002)").contains("longitude 200.0")
                .contains("rien n'a été chargé");
        Throwable lat = catchThrowable(() -> p.referentiels.loadBoundaries("commune",
                write("point.geojson", collection(commune("35003", "{\"type\":\"Point\",\"coordinates\":[2.35,148]}"))), "2019"));
        assertThat(lat).isInstanceOf(IngestException.class).hasMessageContaining("latitude 148.0");
        assertThat(p.store.referentiel("commune")).extracting(ReferentielFeature::code).containsExactly("35238");
    }

    @Test
    void aSelfIntersectingPolygonIsRepairedAndSaid() throws IOException {
        ReferentielLoader.BoundaryLoad load = p.referentiels.load("commune",
                write("noeud.geojson", collection(commune("35001", SQUARE), commune("35002", BOWTIE))), "2018");
        assertThat(load.count()).isEqualTo(2);
        assertThat(load.repairs()).hasSize(1);
        assertThat(load.repairs().get(0)).contains("noeud.geojson, objet/feature 2 (35002)").contains("Self-intersection")
                .contains("surface");
        assertThat(p.store.referentiel("commune")).filteredOn(f -> f.code().equals("35002"))
                .allMatch(f -> f.geometry().isValid());
    }

    @Test
    void theSelfIntersectingCommuneOfCalvadosIsSaid() {
        ReferentielLoader.BoundaryLoad load = p.referentiels.load("commune",
                SharedData.file("geometry/communes-2018/communes-14-calvados.geojson"), "2018");
        assertThat(load.repairs()).hasSize(1);
        assertThat(load.repairs().get(0)).contains("objet/feature 63 (14174)");
    }

    @Test
    void malformedJsonIsExplainedWithoutTheLibrarysInternals() throws IOException {
        String whole = collection(commune("35001", SQUARE), commune("35002", SQUARE));
        Throwable cut = catchThrowable(() -> p.referentiels.loadBoundaries("commune",
                write("coupe.geojson", whole.substring(0, whole.length() - 60)), "2018"));
        Throwable typo = catchThrowable(() -> p.referentiels.loadBoundaries("commune",
                write("faute.geojson", whole.replace("\"nom\":", "nom:")), "2018"));
        for (Throwable t : java.util.List.of(cut, typo)) {
            assertThat(t).isInstanceOf(IngestException.class);
            assertThat(t.getMessage()).contains("ligne/line 1").contains("JSON").contains("rien n'a été publié")
                    .doesNotContain("[Source").doesNotContain("com.fasterxml").doesNotContain("(code ").doesNotContain("StreamReadFeature");
        }
        assertThat(cut.getMessage()).contains("coupe.geojson").contains("tronqué");
        assertThat(typo.getMessage()).contains("faute.geojson").contains("colonne/column").contains("objet 1");
        assertThat(p.store.referentiel("commune")).isEmpty();
    }

    @Test
    void aPolygonOverTheVertexLimitIsRefusedNamingTheFeatureAndLoadsNothing() throws IOException {
        p.referentiels.loadBoundaries("commune", write("v1.geojson", collection(commune("35238", SQUARE))), "2018");
        Path file = dir.resolve("enorme.geojson");
        int n = (int) fr.geoeduc.core.ingest.GeoJsonFeatures.MAX_VERTICES + 1;
        try (java.io.BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\"type\":\"FeatureCollection\",\"features\":[" + commune("35001", SQUARE) + ",");
            out.write("{\"type\":\"Feature\",\"properties\":{\"code\":\"35002\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[");
            for (int i = 0; i <= n; i++) {
                double a = 2 * Math.PI * (i == n ? 0 : i) / n;
                out.write((i == 0 ? "[" : ",[") + (-1.65 + 0.05 * Math.cos(a)) + "," + (48.15 + 0.05 * Math.sin(a)) + "]");
            }
            out.write("]]}}]}");
        }
        Throwable t = catchThrowable(() -> p.referentiels.loadBoundaries("commune", file, "2019"));
        assertThat(t).isInstanceOf(IngestException.class);
        assertThat(t.getMessage()).contains("enorme.geojson, objet/feature 2 (35002)").contains("1 000 000 sommets").contains("simplif");
        assertThat(p.store.referentiel("commune")).extracting(ReferentielFeature::code).containsExactly("35238");
    }
}
