package fr.geoeduc.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code geoeduc referentiel commune CODE --date D} both ways, and {@code referentiel fetch}'s options. */
class ReferentielCommandTest {

    @TempDir
    Path data;
    @TempDir
    Path work;

    @Test
    void theCommuneOfACodeAtADateBothWays() throws Exception {
        Files.writeString(work.resolve("mvt.csv"), """
                MOD,DATE_EFF,TYPECOM_AV,COM_AV,TNCC_AV,NCC_AV,NCCENR_AV,LIBELLE_AV,TYPECOM_AP,COM_AP,TNCC_AP,NCC_AP,NCCENR_AP,LIBELLE_AP
                32,2019-01-01,COM,35163,0,LUITRE,Luitré,Luitré,COM,35163,0,LUITRE DOMPIERRE,Luitré-Dompierre,Luitré-Dompierre
                32,2019-01-01,COM,35100,0,DOMPIERRE DU CHEMIN,Dompierre-du-Chemin,Dompierre-du-Chemin,COM,35163,0,LUITRE DOMPIERRE,Luitré-Dompierre,Luitré-Dompierre
                """);
        assertThat(CliRun.in(data, "referentiel", "commune", "35100").code()).isNotZero();
        assertThat(CliRun.in(data, "referentiel", "load", "cog-mouvements", work.resolve("mvt.csv").toString()).code()).isZero();
        CliRun before = CliRun.in(data, "referentiel", "commune", "35100", "--date", "2018-06-01");
        assertThat(before.out()).contains("35100 le 2018-06-01 : commune 35100");
        CliRun after = CliRun.in(data, "referentiel", "commune", "35100", "--date", "2020-01-01");
        assertThat(after.out()).contains("35100 le 2020-01-01 : commune 35163 (Luitré-Dompierre)");
        CliRun back = CliRun.in(data, "referentiel", "commune", "35163", "--date", "2018-06-01");
        assertThat(back.out()).contains(": 35100, 35163");
        assertThat(CliRun.in(data, "referentiel", "fetch", "--help").out()).contains("--departement").contains("--cog-millesime");
    }
}
