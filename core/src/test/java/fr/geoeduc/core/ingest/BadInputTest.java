package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.quality.Finding;
import fr.geoeduc.core.quality.Rule;
import fr.geoeduc.core.quality.RuleResult;
import fr.geoeduc.core.referentiel.Uai;
import fr.geoeduc.core.store.DatasetSummary;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static fr.geoeduc.core.ingest.CsvVariantsTest.GEOLOC;
import static fr.geoeduc.core.ingest.CsvVariantsTest.GEOLOC_FIELDS;
import static fr.geoeduc.core.ingest.CsvVariantsTest.GEOLOC_ROWS;
import static fr.geoeduc.core.ingest.CsvVariantsTest.IPS;
import static fr.geoeduc.core.ingest.CsvVariantsTest.IPS_FIELDS;
import static fr.geoeduc.core.ingest.CsvVariantsTest.IPS_LABELS;
import static fr.geoeduc.core.ingest.CsvVariantsTest.IPS_ROWS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Broken input: every error names the file (and the line when there is one), and leaves the store exactly as it
 * was: the version published before is still there and readable, no new version, nothing left staged.
 * Suspicious but readable input is published with findings instead.
 */
class BadInputTest {

    static final String CONTOURS = "contours-test";

    @TempDir
    Path dir;
    private Path storeDir;
    private TestPlatform p;
    private DatasetVersion ipsV1;

    @BeforeEach
    void publishFirstVersion() throws IOException {
        storeDir = dir.resolve("store");
        p = new TestPlatform(storeDir);
        ipsV1 = p.ingest(write("ips-v1.csv", lines(IPS_LABELS, IPS_ROWS, "\r\n")), IPS).version();
        assertThat(ipsV1.number()).isEqualTo(1);
        assertThat(ipsV1.rowCount()).isEqualTo(4);
    }

    @AfterEach
    void close() {
        p.close();
    }

    // ------------------------------------------------------------------ helpers

    static String lines(String header, List<String> rows, String eol) {
        StringBuilder b = new StringBuilder(header).append(eol);
        rows.forEach(r -> b.append(r).append(eol));
        return b.toString();
    }

    Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve("in").resolve(name);
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
        return f;
    }

    /** The ingest fails with an IngestException naming the file and containing every fragment; returns the message. */
    private String rejected(Path file, String dataset, String... fragments) {
        return rejected(IngestRequest.of(file.toString(), dataset), fragments);
    }

    private String rejected(IngestRequest request, String... fragments) {
        String name = Path.of(request.location()).getFileName().toString();
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> p.ingester.ingest(request, ProgressListener.NONE));
        assertThat(t).isInstanceOf(IngestException.class);
        assertThat(t.getMessage()).contains(name).contains(fragments);
        return t.getMessage();
    }

    /** The IPS dataset still has exactly its version 1, readable with all its rows; nothing staged is left. */
    private void assertStoreUnchanged() {
        assertThat(p.store.versions(IPS)).hasSize(1);
        DatasetVersion v1 = p.store.latest(IPS).orElseThrow();
        assertThat(v1.number()).isEqualTo(1);
        assertThat(v1.batchId()).isEqualTo(ipsV1.batchId());
        assertThat(v1.rowCount()).isEqualTo(4);
        List<Map<String, Object>> rows = Rows.read(p.store, v1);
        assertThat(rows).extracting(m -> m.get("uai")).containsExactly("0352443R", "0352445T", "0750845L", "6200096K");
        assertThat(p.store.quality(IPS, 1)).isPresent();
        assertNothingStaged();
    }

    private void assertNothingStaged() {
        assertThat(Rows.stagedBatches(storeDir)).as("staged batches").isZero();
        assertThat(Rows.orphanBlocks(storeDir)).as("blocks of no published version").isZero();
        assertThat(Rows.sql(storeDir, "SELECT COUNT(*) FROM dataset_version")).isEqualTo(p.store.datasets().stream()
                .mapToLong(DatasetSummary::versionCount).sum());
    }

    private static String ipsRow(int k, String uai) {
        return "2021-2022;RENNES;035;ILLE-ET-VILAINE;" + uai + ";ECOLE " + k + ";35085;COMBOURG;public;" + (80 + k % 50) + ".5";
    }

    static String uai(int n) {
        String digits = String.format("%07d", n);
        return digits + Uai.checkLetter(digits);
    }

    // ------------------------------------------------------------------ malformed CSV

    @Test
    void raggedRowWithTooFewFields() throws IOException {
        List<String> rows = new ArrayList<>(IPS_ROWS);
        rows.set(1, "2021-2022;RENNES;035;ILLE-ET-VILAINE;0352445T;ECOLE;35115;FOUGERES;107.4");
        String message = rejected(write("ips-court.csv", lines(IPS_LABELS, rows, "\n")), IPS, "line 3", "10 fields", "found 9");
        assertThat(message).contains("nothing was published");
        assertStoreUnchanged();
    }

    @Test
    void raggedRowWithTooManyFields() throws IOException {
        List<String> rows = new ArrayList<>(IPS_ROWS);
        rows.set(2, "2021-2022;PARIS;075;PARIS;0750845L;E E PU CAMBON; ANNEXE;75101;PARIS 1ER ARRONDISSEMENT;public;123.7");
        rejected(write("ips-long.csv", lines(IPS_LABELS, rows, "\r\n")), IPS, "line 4", "found 11");
        assertStoreUnchanged();
    }

    @Test
    void raggedRowAfterStagedBlocksLeavesNothingStaged() throws IOException {
        int n = 100_000;
        StringBuilder text = new StringBuilder(IPS_LABELS).append('\n');
        for (int k = 0; k < n; k++) {
            text.append(ipsRow(k, uai(100_000 + k))).append('\n');
        }
        text.append("2021-2022;RENNES;035;ILLE-ET-VILAINE;0352443R\n");
        Path file = write("ips-gros.csv", text.toString());
        // watch the staging table while the ingest runs: blocks of the new batch are committed before the bad row
        AtomicLong stagedSeen = new AtomicLong();
        ProgressListener watcher = new ProgressListener() {
            @Override
            public void progress(long done) {
                stagedSeen.accumulateAndGet(Rows.orphanBlocks(storeDir), Math::max);
            }
        };
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> p.ingester.ingest(IngestRequest.of(file.toString(), IPS), watcher));
        assertThat(t).isInstanceOf(IngestException.class);
        assertThat(t.getMessage()).startsWith("ips-gros.csv").contains("line " + (n + 2)).contains("found 5");
        assertThat(stagedSeen.get()).as("blocks staged during the ingest").isGreaterThanOrEqualTo(16);
        assertStoreUnchanged();
    }

    @Test
    void forcedWrongDelimiter() throws IOException {
        Path file = write("ips-ok.csv", lines(IPS_LABELS, IPS_ROWS, "\n"));
        rejected(new IngestRequest(file.toString(), IPS, null, null, ','), "line 1", "delimiter ','");
        assertStoreUnchanged();
    }

    @Test
    void rowsWithAnotherDelimiterThanTheHeader() throws IOException {
        List<String> rows = IPS_ROWS.stream().map(r -> r.replace(';', ',')).toList();
        rejected(write("ips-virgules.csv", lines(IPS_LABELS, rows, "\n")), IPS, "line 2", "found 1");
        assertStoreUnchanged();
    }

    @Test
    void fileOfAnotherDatasetIsRefusedOnItsHeader() throws IOException {
        String text = lines("Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Adresse_1",
                List.of("0350122T;Ecole;Ecole;Public;1 rue X"), "\n");
        rejected(write("annuaire.csv", text), IPS, "line 1", "fr-en-ips_ecoles", "Nothing was published");
        assertStoreUnchanged();
    }

    @Test
    void latin1FileIsRefusedAtTheFirstBadByte() throws IOException {
        byte[] latin1 = lines(IPS_LABELS, IPS_ROWS, "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        rejected(write("ips-latin1.csv", latin1), IPS, "line 1", "0xe9", "UTF-8");
        assertStoreUnchanged();
    }

    @Test
    void latin1ByteFurtherDownNamesItsLine() throws IOException {
        List<String> rows = new ArrayList<>(IPS_ROWS);
        rows.set(2, "2021-2022;PARIS;075;PARIS;0750845L;ECOLE CAMBON;75101;PARIS 1ER;privé;123.7");
        byte[] head = lines(IPS_FIELDS, rows.subList(0, 2), "\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = lines("", rows.subList(2, 4), "\n").substring(1).getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(head);
        all.writeBytes(tail);
        rejected(write("ips-mixte.csv", all.toByteArray()), IPS, "line 4", "0xe9");
        assertStoreUnchanged();
    }

    @Test
    void emptyFile() throws IOException {
        rejected(write("vide.csv", new byte[0]), IPS, "empty");
        assertStoreUnchanged();
    }

    @Test
    void emptyFileForANewDatasetCreatesNothing() throws IOException {
        rejected(write("vide.csv", new byte[0]), "nouveau-jeu", "empty");
        assertThat(p.store.dataset("nouveau-jeu")).isEmpty();
        assertThat(p.store.versions("nouveau-jeu")).isEmpty();
        assertThat(p.store.datasets()).hasSize(1);
        assertStoreUnchanged();
    }

    @Test
    void headerOnlyFile() throws IOException {
        rejected(write("entete.csv", IPS_LABELS + "\r\n"), IPS, "header but no data rows");
        assertStoreUnchanged();
    }

    @Test
    void headerFollowedByBlankLinesOnly() throws IOException {
        rejected(write("entete-blanc.csv", "\uFEFF" + IPS_LABELS + "\r\n\r\n\r\n"), IPS, "no data rows");
        assertStoreUnchanged();
    }

    @Test
    void whitespaceOnlyFile() throws IOException {
        rejected(write("blanc.csv", "\r\n\r\n"), IPS, "line 1");
        assertStoreUnchanged();
    }

    @Test
    void truncatedInTheMiddleOfAQuotedField() throws IOException {
        String text = lines(IPS_LABELS, IPS_ROWS.subList(0, 3), "\r\n")
                + "2021-2022;CORSE;02A;CORSE-DU-SUD;6200096K;\"ECOLE PRIMAI";
        rejected(write("ips-coupe-guillemet.csv", text), IPS, "line 5");
        assertStoreUnchanged();
    }

    @Test
    void truncatedInTheMiddleOfARow() throws IOException {
        String text = lines(IPS_LABELS, IPS_ROWS.subList(0, 3), "\r\n") + "2021-2022;CORSE;02A;CORSE-DU";
        rejected(write("ips-coupe.csv", text), IPS, "line 5", "found 4");
        assertStoreUnchanged();
    }

    @Test
    void zipFileIsRefusedAsBinary() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("fr-en-ips_ecoles.csv"));
            z.write(lines(IPS_LABELS, IPS_ROWS, "\n").getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        rejected(write("fr-en-ips_ecoles.zip", zip.toByteArray()), IPS, "binary");
        rejected(write("fr-en-ips_ecoles.csv", zip.toByteArray()), IPS, "binary");
        assertStoreUnchanged();
    }

    @Test
    void nulBytesAreRefusedAsBinary() throws IOException {
        byte[] text = lines(IPS_LABELS, IPS_ROWS, "\n").getBytes(StandardCharsets.UTF_8);
        byte[] withNul = Arrays.copyOf(text, text.length + 4);
        withNul[200] = 0;
        rejected(write("ips-nul.csv", withNul), IPS, "binary", "NUL");
        assertStoreUnchanged();
    }

    @Test
    void missingFile() {
        rejected(dir.resolve("in").resolve("absent.csv"), IPS, "not found");
        assertStoreUnchanged();
    }

    // ------------------------------------------------------------------ GeoJSON

    private static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}";
    private static final String BOWTIE = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}";

    static String feature(String code, String geometry) {
        return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\",\"nom\":\"Zone " + code + "\"},\"geometry\":" + geometry + "}";
    }

    static String collection(String... features) {
        return "{\"type\":\"FeatureCollection\",\"features\":[\n" + String.join(",\n", features) + "\n]}\n";
    }

    private DatasetVersion publishContours() throws IOException {
        DatasetVersion v1 = p.ingest(write("contours-v1.geojson", collection(feature("01", SQUARE), feature("02", SQUARE))), CONTOURS).version();
        assertThat(v1.rowCount()).isEqualTo(2);
        return v1;
    }

    private void assertContoursUnchanged(DatasetVersion v1) {
        assertThat(p.store.versions(CONTOURS)).hasSize(1);
        assertThat(p.store.latest(CONTOURS).orElseThrow().batchId()).isEqualTo(v1.batchId());
        assertThat(Rows.read(p.store, v1)).extracting(m -> m.get("code")).containsExactly("01", "02");
        assertStoreUnchanged();
    }

    @Test
    void truncatedGeoJson() throws IOException {
        DatasetVersion v1 = publishContours();
        String whole = collection(feature("01", SQUARE), feature("02", SQUARE), feature("03", SQUARE));
        String cut = whole.substring(0, whole.indexOf("\"Zone 03\"") + 4);
        rejected(write("contours-coupe.geojson", cut), CONTOURS, "line 4", "malformed JSON");
        assertContoursUnchanged(v1);
    }

    @Test
    void geoJsonWithoutFeatures() throws IOException {
        DatasetVersion v1 = publishContours();
        rejected(write("point.geojson", "{\"type\":\"Point\",\"coordinates\":[1,2]}"), CONTOURS, "features");
        rejected(write("tableau.json", "[1, 2, 3]"), CONTOURS, "GeoJSON");
        assertContoursUnchanged(v1);
    }

    @Test
    void invalidAndUnparseableGeometriesAreFindings() throws IOException {
        DatasetVersion v1 = publishContours();
        String text = collection(
                feature("01", SQUARE),
                feature("02", BOWTIE),
                feature("03", "{\"type\":\"Polygon\",\"coordinates\":\"abc\"}"),
                feature("04", "{\"type\":\"Blob\",\"coordinates\":[1,2]}"),
                feature("05", "null"));
        IngestResult r = p.ingest(write("contours-v2.geojson", text), CONTOURS);
        assertThat(r.version().number()).isEqualTo(2);
        assertThat(r.version().rowCount()).isEqualTo(5);
        assertThat(Rows.types(r.version())).containsEntry("geo_shape", FieldType.GEO_SHAPE);
        RuleResult invalid = r.quality().result(Rule.INVALID_GEOMETRY).orElseThrow();
        assertThat(invalid.count()).isEqualTo(3);
        assertThat(invalid.examples()).extracting(Finding::line).containsExactly(3L, 4L, 5L);
        assertThat(invalid.examples()).extracting(Finding::field).containsOnly("geo_shape");
        assertThat(invalid.examples().get(0).message()).containsIgnoringCase("self-intersection");
        List<Map<String, Object>> rows = Rows.read(p.store, r.version());
        assertThat(rows).extracting(m -> m.get("code")).containsExactly("01", "02", "03", "04", "05");
        assertThat(((Geometry) rows.get(0).get("geo_shape")).getArea()).isEqualTo(1.0);
        assertThat(rows.get(2).get("geo_shape")).isNull();
        assertThat(rows.get(3).get("geo_shape")).isNull();
        assertThat(rows.get(4).get("geo_shape")).isNull();
        // version 1 is untouched
        assertThat(Rows.read(p.store, v1)).hasSize(2);
        assertNothingStaged();
    }

    // ------------------------------------------------------------------ coordinates

    @Test
    void xyInLambert93DeclaredAsReunionUtmDisagreeWithLatLon() throws IOException {
        List<String> rows = List.of(GEOLOC_ROWS.get(0).replace("EPSG:2154", "EPSG:2975"), GEOLOC_ROWS.get(1));
        IngestResult r = p.ingest(write("geoloc-epsg.csv", lines(GEOLOC_FIELDS, rows, "\r\n")), GEOLOC);
        RuleResult xy = r.quality().result(Rule.XY_DISAGREE).orElseThrow();
        assertThat(xy.count()).isEqualTo(1);
        Finding f = xy.examples().get(0);
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.field()).isEqualTo("coordonnee_x");
        assertThat(f.value()).contains("327366.8").contains("6766352.2");
        assertThat(f.message()).contains("EPSG:2975");
        assertThat(r.quality().count(Rule.UNKNOWN_EPSG)).isZero();
        assertThat(r.version().rowCount()).isEqualTo(2);
        assertStoreUnchanged();
    }

    @Test
    void unknownOrMissingEpsgWithCoordinates() throws IOException {
        List<String> rows = List.of(
                GEOLOC_ROWS.get(0).replace("EPSG:2154", "EPSG:99999"),
                GEOLOC_ROWS.get(1).replace("EPSG:2154", "Lambert 93"),
                GEOLOC_ROWS.get(1).replace("0350707D", "0351019T").replace(";EPSG:2154;", ";;"),
                GEOLOC_ROWS.get(0).replace("0350017D", "0350002M").replace("327366.8;6766352.2;EPSG:2154;47.89156984600312;-1.9895683290916766",
                        ";;EPSG:2154;;").replace("47.89156984600312, -1.9895683290916766", ""));
        IngestResult r = p.ingest(write("geoloc-epsg-inconnu.csv", lines(GEOLOC_FIELDS, rows, "\n")), GEOLOC);
        RuleResult unknown = r.quality().result(Rule.UNKNOWN_EPSG).orElseThrow();
        assertThat(unknown.count()).isEqualTo(3);
        assertThat(unknown.examples()).extracting(Finding::line).containsExactly(2L, 3L, 4L);
        assertThat(unknown.examples()).extracting(Finding::value).containsExactly("EPSG:99999", "Lambert 93", null);
        assertThat(unknown.examples().get(2).message()).contains("missing");
        assertThat(r.quality().count(Rule.XY_DISAGREE)).isZero();
        // the fourth row has an EPSG but no coordinates: no finding, no position
        List<Map<String, Object>> records = Rows.read(p.store, r.version());
        assertThat(records.get(3)).containsEntry("numero_uai", "0350002M").containsEntry("coordonnee_x", null).containsEntry("position", null);
        assertThat(records.get(0).get("position")).isNotNull();
        assertStoreUnchanged();
    }
}
