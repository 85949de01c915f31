package fr.geoeduc.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code geoeduc join} end to end on a temporary data directory: published with its report; bad specs name the culprit. */
class JoinCommandTest {

    @TempDir
    Path data;
    @TempDir
    Path work;


    private CliRun run(String... args) {
        return CliRun.in(data, args);
    }

    @Test
    void joinPublishesADerivedVersionAndRefusesAnUnknownField() throws Exception {
        Files.writeString(work.resolve("etab.csv"), "uai,nom\n0350001Z,A\n0350002Z,B\n0350003Z,C\n");
        Files.writeString(work.resolve("eff.csv"), "numero_uai,effectif\n0350001Z,10\n0350001Z,5\n0350002Z,7\n0359999Z,1\n");
        assertThat(run("ingest", work.resolve("etab.csv").toString(), "--dataset", "etab").code()).isZero();
        assertThat(run("ingest", work.resolve("eff.csv").toString(), "--dataset", "eff").code()).isZero();

        CliRun ok = run("join", "--left", "etab", "--right", "eff", "--on", "uai=numero_uai", "--kind", "left",
                "--aggregate", "effectif:sum", "--as", "etab-eff");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("etab-eff version 1").contains("3 lignes/rows").contains("etab@1, eff@1")
                .containsPattern("jointure-appariees\\s+2").containsPattern("jointure-droite-seule\\s+1")
                .containsPattern("jointure-plusieurs-regroupees\\s+1");

        CliRun bad = run("join", "--left", "etab", "--right", "eff", "--on", "uai=code_uai", "--aggregate", "effectif:sum", "--as", "x");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("'code_uai'").contains("numero_uai").contains("rien n'est publié");
        CliRun unknown = run("join", "--left", "etab", "--right", "nulle-part", "--on", "uai", "--as", "x");
        assertThat(unknown.err()).contains("'nulle-part'");
        assertThat(run("versions", "x").code()).isNotZero();
        assertThat(run("join", "--help").out()).contains("--commune").contains("--aggregate");
    }
}
