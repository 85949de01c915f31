package fr.geoeduc.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code geoeduc referentiel commune CODE --date D} both ways, {@code referentiel fetch}'s options, and the millésime of
 * boundaries loaded without {@code --millesime}.
 */
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

    /** Two squares of département 35 (the same codes in every file: each load replaces that millésime's). */
    private Path communes(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, """
                {"type":"FeatureCollection","features":[
                {"type":"Feature","properties":{"code":"35001","nom":"Un"},"geometry":{"type":"Polygon","coordinates":[[[-1.7,48.0],[-1.65,48.0],[-1.65,48.05],[-1.7,48.05],[-1.7,48.0]]]}},
                {"type":"Feature","properties":{"code":"35002","nom":"Deux"},"geometry":{"type":"Polygon","coordinates":[[[-1.65,48.0],[-1.6,48.0],[-1.6,48.05],[-1.65,48.05],[-1.65,48.0]]]}}]}
                """);
    }

    /** The millésimes of communes {@code referentiel list} shows. */
    private java.util.List<String> listed() {
        return CliRun.in(data, "referentiel", "list").out().lines().filter(l -> l.startsWith("communes"))
                .map(l -> l.substring(12).strip().replaceFirst("\\s{2,}.*", "")).toList();
    }

    @Test
    void withoutMillesimeTheYearOfTheFilesNameIsRecordedAndSaid() throws Exception {
        CliRun byName = CliRun.in(data, "referentiel", "load", "communes", communes(work.resolve("communes-2018.geojson")).toString());
        assertThat(byName.code()).isZero();
        assertThat(byName.out()).contains("Millésime 2018 lu dans le nom du fichier").doesNotContain("non renseigné");
        assertThat(listed()).containsExactly("2018");

        CliRun byFolder = CliRun.in(data, "referentiel", "load", "communes", communes(work.resolve("contours-2024").resolve("communes-35.geojson")).toString());
        assertThat(byFolder.out()).contains("Millésime 2024 lu dans le nom du dossier");
        assertThat(listed()).containsExactly("2018", "2024");

        CliRun none = CliRun.in(data, "referentiel", "load", "communes", communes(work.resolve("communes-35.geojson")).toString());
        assertThat(none.out()).contains("sans année dans son nom").contains("« millésime non renseigné »")
                .contains("que là où aucun millésime nommé n'est chargé");
        assertThat(listed()).containsExactly("(non renseigné)", "2018", "2024");

        // --millesime wins over the name
        CliRun given = CliRun.in(data, "referentiel", "load", "communes", work.resolve("communes-2018.geojson").toString(), "--millesime", "2019");
        assertThat(given.out()).doesNotContain("lu dans le nom");
        assertThat(listed()).containsExactly("(non renseigné)", "2018", "2019", "2024");
    }
}
