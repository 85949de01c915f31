package fr.geoeduc.app;

import fr.geoeduc.core.referentiel.Uai;
import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code geoeduc ingest} and {@code referentiel load} as a person runs them: refusal of files with errors, clear messages. */
class IngestCliTest {

    @TempDir
    Path data;
    @TempDir
    Path work;
    private Locale savedLocale;


    @BeforeEach
    void saveLocale() {
        savedLocale = Locale.getDefault();
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(savedLocale);
    }

    private CliRun geoeduc(String... args) {
        return CliRun.in(data, args);
    }

    private Path write(String name, String text) throws IOException {
        Path f = work.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private static String uai(int n) {
        String digits = String.format("%07d", n);
        return digits + Uai.checkLetter(digits);
    }

    private int versions(String dataset) {
        try (SqliteStore store = SqliteStore.open(data)) {
            return store.versions(dataset).size();
        }
    }

    @Test
    void refuseOnErrorPublishesNothingAndPrintsTheReport() throws IOException {
        Path clean = write("sites.csv", "uai;nom\n" + uai(350_001) + ";Ecole 1\n" + uai(350_002) + ";Ecole 2\n");
        assertThat(geoeduc("ingest", clean.toString(), "--dataset", "sites", "--refuse-on-error").code()).isZero();
        Path wrong = write("sites-erreur.csv", "uai;nom\n" + uai(350_001) + ";Ecole 1\n0350002A;Ecole 2\n");

        CliRun refused = geoeduc("ingest", wrong.toString(), "--dataset", "sites", "--refuse-on-error");
        assertThat(refused.code()).isEqualTo(3);
        assertThat(refused.out()).contains("[ERREUR] uai-cle").contains("ligne 3, uai = «0350002A»").doesNotContain("Publié");
        assertThat(refused.err()).contains("sites-erreur.csv").contains("rien n'a été publié").doesNotContain("Exception");
        assertThat(versions("sites")).isEqualTo(1);

        CliRun failed = geoeduc("ingest", wrong.toString(), "--dataset", "sites", "--fail-on-error");
        assertThat(failed.code()).isEqualTo(3);
        assertThat(versions("sites")).as("--fail-on-error publishes, then fails").isEqualTo(2);
    }

    @Test
    void anUnknownEncodingIsExplainedInFrenchAndEnglish() throws IOException {
        Path file = write("sites.csv", "uai;nom\n" + uai(350_001) + ";Ecole 1\n");
        CliRun fr = geoeduc("ingest", file.toString(), "--dataset", "sites", "--encoding", "foo-99");
        assertThat(fr.code()).isEqualTo(1);
        assertThat(fr.err().strip()).startsWith("geoeduc: --encoding : encodage inconnu « foo-99 »").contains("windows-1252");
        CliRun en = geoeduc("--lang", "en", "ingest", file.toString(), "--dataset", "sites", "--encoding", "foo 99");
        assertThat(en.err().strip()).startsWith("geoeduc: --encoding: unknown encoding 'foo 99'").contains("windows-1252");
        try (SqliteStore store = SqliteStore.open(data)) {
            assertThat(store.datasets()).isEmpty();
        }
    }

    @Test
    void referentielLoadSaysWhichPolygonItRepaired() throws IOException {
        String square = "[[[-1.7,48.1],[-1.6,48.1],[-1.6,48.2],[-1.7,48.2],[-1.7,48.1]]]";
        String bowtie = "[[[-1.7,48.1],[-1.6,48.2],[-1.6,48.1],[-1.7,48.2],[-1.7,48.1]]]";
        Path file = write("communes.geojson", "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"properties\":{\"code\":\"35001\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + square + "}},"
                + "{\"type\":\"Feature\",\"properties\":{\"code\":\"35002\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + bowtie + "}}]}");
        CliRun r = geoeduc("referentiel", "load", "communes", file.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Attention : " + file + ", objet/feature 2 (35002) : Self-intersection")
                .contains(": 2 communes chargé(e)s");
    }
}
