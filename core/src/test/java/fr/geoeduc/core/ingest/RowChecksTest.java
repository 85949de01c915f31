package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.quality.Finding;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.quality.RuleResult;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Row-level checks of a CSV ingest under an inferred schema: empty rows, positions, missing coordinates, NUL bytes. */
class RowChecksTest {

    private static final String SITES = "sites-test";
    private static final String HEADER = "uai;nom;latitude;longitude;position";

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
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static RuleResult rule(QualityReport report, String id) {
        return report.results().stream().filter(r -> r.rule().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding of rule " + id + " in " + report.results()));
    }

    private static String row(int k) {
        return String.format(java.util.Locale.ROOT, "%s;Ecole %d;48.1%03d;-1.6%03d;48.1%03d, -1.6%03d", BadInputTest.uai(350_000 + k), k,
                k % 1000, k % 1000, k % 1000, k % 1000);
    }

    private void assertOnlyVersion(DatasetVersion v1) {
        assertThat(p.store.versions(SITES)).hasSize(1);
        assertThat(p.store.latest(SITES).orElseThrow().batchId()).isEqualTo(v1.batchId());
        assertThat(Rows.read(p.store, v1)).hasSize((int) v1.rowCount());
        assertThat(Rows.stagedBatches(dir.resolve("store"))).isZero();
        assertThat(Rows.orphanBlocks(dir.resolve("store"))).isZero();
    }

    @Test
    void entirelyEmptyRowsAreReportedAndNotPublished() throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n').append(row(1)).append('\n');
        for (int k = 0; k < 3000; k++) {
            text.append(";;;;\n");
        }
        text.append(row(2)).append('\n').append(" ; ;;\t;\n");
        IngestResult r = p.ingest(write("vides.csv", text.toString()), SITES);
        assertThat(r.version().rowCount()).isEqualTo(2);
        assertThat(Rows.read(p.store, r.version())).extracting(m -> m.get("nom")).containsExactly("Ecole 1", "Ecole 2");
        RuleResult empty = rule(r.quality(), "ligne-vide");
        assertThat(empty.count()).isEqualTo(3001);
        assertThat(empty.examples().get(0).line()).isEqualTo(3);
        assertThat(r.quality().rowsChecked()).isEqualTo(2);
    }

    @Test
    void onlyEmptyRowsIsRefused() throws IOException {
        Throwable t = catchThrowable(() -> p.ingest(write("que-du-vide.csv", HEADER + "\n;;;;\n;;;;\n"), SITES));
        assertThat(t).isInstanceOf(IngestException.class).hasMessageContaining("no data rows").hasMessageContaining("2 entirely empty rows");
        assertThat(p.store.dataset(SITES)).isEmpty();
    }

    @Test
    void positionFarFromLatitudeLongitudeIsAnError() throws IOException {
        String text = HEADER + "\n" + row(1) + "\n" + "" + BadInputTest.uai(350_002) + ";Ecole décalée;48.11;-1.68;48.61, -1.68\n" + row(3) + "\n";
        IngestResult r = p.ingest(write("position.csv", text), SITES);
        RuleResult far = rule(r.quality(), "coord-position-desaccord");
        assertThat(far.severity()).hasToString("ERROR");
        assertThat(far.count()).isEqualTo(1);
        Finding f = far.examples().get(0);
        assertThat(f.line()).isEqualTo(3);
        assertThat(f.field()).isEqualTo("position");
        assertThat(f.message()).containsPattern("5559\\d m from latitude/longitude").contains("48.11");
        List<Map<String, Object>> rows = Rows.read(p.store, r.version());
        assertThat(rows.get(1).get("position")).isEqualTo(new GeoPoint(48.61, -1.68)); // the source is never rewritten
    }

    @Test
    void rowsWithoutCoordinatesAreReported() throws IOException {
        String text = HEADER + "\n" + row(1) + "\n" + BadInputTest.uai(350_002) + ";Ecole sans adresse;;;\n" + row(3) + "\n" + BadInputTest.uai(350_004) + ";Ecole ND;ND;ND;\n";
        IngestResult r = p.ingest(write("sans-coordonnees.csv", text), SITES);
        RuleResult none = rule(r.quality(), "coord-absentes");
        assertThat(none.severity()).hasToString("WARNING");
        assertThat(none.count()).isEqualTo(1); // the ND row is a null marker, already reported as such
        assertThat(none.examples().get(0).line()).isEqualTo(3);
        assertThat(none.examples().get(0).field()).isEqualTo("latitude");
    }

    @Test
    void aGeoJsonFeatureWithoutGeometryIsReported() throws IOException {
        String text = "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"properties\":{\"code\":\"A\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[2,48]}},"
                + "{\"type\":\"Feature\",\"properties\":{\"code\":\"B\"},\"geometry\":null}]}";
        IngestResult r = p.ingest(write("sans-geometrie.geojson", text), SITES);
        RuleResult none = rule(r.quality(), "coord-absentes");
        assertThat(none.examples()).extracting(Finding::feature, Finding::featureId).containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "B"));
    }

    @Test
    void aNulByteFarDownTheFileIsRefusedWithItsLineAndField() throws IOException {
        DatasetVersion v1 = p.ingest(write("v1.csv", HEADER + "\n" + row(1) + "\n"), SITES).version();
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (int k = 1; k <= 6000; k++) {
            text.append(k == 5000 ? row(k).replace("Ecole 5000", "Ecole\u00005000") : row(k)).append('\n');
        }
        Throwable t = catchThrowable(() -> p.ingest(write("nul.csv", text.toString()), SITES));
        assertThat(t).isInstanceOf(IngestException.class);
        assertThat(t.getMessage()).startsWith("nul.csv, ligne/line 5001, champ/field 'nom'").contains("NUL").contains("rien n'a été publié");
        assertOnlyVersion(v1);
    }

    @Test
    void aFieldOfFiftyMegabytesNamesItsLineAndColumnWithoutInventingAQuote() throws IOException {
        DatasetVersion v1 = p.ingest(write("v1.csv", HEADER + "\n" + row(1) + "\n"), SITES).version();
        byte[] head = (HEADER + "\n" + row(1) + "\n" + BadInputTest.uai(350_002) + ";").getBytes(StandardCharsets.UTF_8);
        byte[] tail = (";48.1;-1.6;\n" + row(3) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + 50_000_000 + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        java.util.Arrays.fill(all, head.length, head.length + 50_000_000, (byte) 'x');
        System.arraycopy(tail, 0, all, head.length + 50_000_000, tail.length);
        Throwable t = catchThrowable(() -> p.ingest(write("ligne-enorme.csv", all), SITES));
        assertThat(t).isInstanceOf(IngestException.class);
        assertThat(t.getMessage()).startsWith("ligne-enorme.csv, ligne/line 3, champ/field 'nom'").contains("16777216")
                .doesNotContain("guillemet").doesNotContainIgnoringCase("quot");
        assertOnlyVersion(v1);

        byte[] unclosed = (HEADER + "\n" + row(1) + "\n" + BadInputTest.uai(350_002) + ";\"Ecole;48.1;-1.6;\n" + row(3) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] padded = java.util.Arrays.copyOf(unclosed, unclosed.length + 20_000_000);
        java.util.Arrays.fill(padded, unclosed.length, padded.length, (byte) 'y');
        Throwable q = catchThrowable(() -> p.ingest(write("guillemet.csv", padded), SITES));
        assertThat(q).isInstanceOf(IngestException.class);
        assertThat(q.getMessage()).startsWith("guillemet.csv, ligne/line 3, champ/field 'nom'").contains("guillemet");
        assertOnlyVersion(v1);
    }

    @Test
    void theSameFileAgainIsSaid() throws IOException {
        Path file = write("sites.csv", HEADER + "\n" + row(1) + "\n");
        IngestResult first = p.ingest(file, SITES);
        assertThat(first.quality().notes()).noneMatch(n -> n.contains("identique"));
        IngestResult second = p.ingest(file, SITES);
        assertThat(second.version().number()).isEqualTo(2);
        assertThat(second.quality().notes()).anyMatch(n -> n.contains("Fichier identique à la version 1") && n.contains("SHA-256"));
        assertThat(p.store.quality(SITES, 2).orElseThrow().notes()).anyMatch(n -> n.contains("identique à la version 1"));
    }

    @Test
    void refuseOnErrorPublishesNothingWhenAnErrorIsFound() throws IOException {
        DatasetVersion v1 = p.ingest(write("v1.csv", HEADER + "\n" + row(1) + "\n"), SITES).version();
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (int k = 1; k <= 10_000; k++) {
            text.append(row(k)).append('\n');
        }
        text.append(BadInputTest.uai(999_999) + ";Ecole décalée;48.11;-1.68;48.61, -1.68\n");
        Path file = write("erreur.csv", text.toString());
        IngestRequest request = IngestRequest.of(file.toString(), SITES).refusingOnError();
        Throwable t = catchThrowable(() -> p.ingester.ingest(request, ProgressListener.NONE));
        assertThat(t).isInstanceOf(IngestRefused.class).hasMessageContaining("erreur.csv").hasMessageContaining("rien n'a été publié");
        assertThat(((IngestRefused) t).report().count(fr.geoeduc.core.quality.Severity.ERROR)).isEqualTo(1);
        assertOnlyVersion(v1);

        // without errors, the same option publishes
        IngestResult clean = p.ingester.ingest(IngestRequest.of(write("propre.csv", HEADER + "\n" + row(2) + "\n").toString(), SITES)
                .refusingOnError(), ProgressListener.NONE);
        assertThat(clean.version().number()).isEqualTo(2);
    }
}
