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

    @Test
    void aSpecFileRunsAndRefreshReRunsItWhenAnInputHasANewVersion() throws Exception {
        Files.writeString(work.resolve("etab.csv"), "uai,nom\n0350001Z,A\n0350002Z,B\n");
        Files.writeString(work.resolve("eff.csv"), "numero_uai,effectif\n0350001Z,10\n0350001Z,5\n");
        assertThat(run("ingest", work.resolve("etab.csv").toString(), "--dataset", "etab").code()).isZero();
        assertThat(run("ingest", work.resolve("eff.csv").toString(), "--dataset", "eff").code()).isZero();
        Path spec = work.resolve("etab-eff.yaml");
        Files.writeString(spec, """
                id: etab-eff
                from: etab
                joins:
                  - dataset: eff
                    on: [uai=numero_uai]
                    aggregate: {effectif: sum}
                """);
        CliRun first = run("join", spec.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("etab-eff version 1").contains("etab@1, eff@1").containsPattern("jointure-appariees\\s+1");
        assertThat(run("join", "refresh", "etab-eff").out()).contains("à jour");

        Files.writeString(work.resolve("eff.csv"), "numero_uai,effectif\n0350001Z,10\n0350002Z,7\n");
        assertThat(run("ingest", work.resolve("eff.csv").toString(), "--dataset", "eff").code()).isZero();
        CliRun refreshed = run("join", "refresh", "etab-eff");
        assertThat(refreshed.code()).as(refreshed.err()).isZero();
        assertThat(refreshed.out()).contains("eff@1 → eff@2").contains("etab-eff version 2").containsPattern("jointure-appariees\\s+2");

        // options are kept as a spec too: refresh works on them
        assertThat(run("join", "--left", "etab", "--right", "eff", "--on", "uai=numero_uai", "--as", "etab-eff-2").code()).isZero();
        assertThat(run("join", "refresh", "etab-eff-2").out()).contains("à jour");

        Files.writeString(work.resolve("bad.yaml"), "id: x\nfrom: etab\njoins:\n  - dataset: eff\n    on: [uai=identifiant]\n");
        CliRun bad = run("join", work.resolve("bad.yaml").toString());
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("bad.yaml, ligne 4").contains("'identifiant'").contains("rien n'est publié");
        assertThat(run("versions", "x").code()).isNotZero();
    }
}
