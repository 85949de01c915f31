package fr.geoeduc.core.referentiel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The order of millésimes and the current one of each scope. */
class MillesimesTest {

    @Test
    void noneThenSourceNamesThenYearsInOrder() {
        List<String> millesimes = new ArrayList<>(Arrays.asList("2024", null, "synthétique", "2018", "2024-01", "2019", "10000"));
        millesimes.sort(Millesimes.ORDER);
        assertThat(millesimes).containsExactly(null, "10000", "synthétique", "2018", "2019", "2024", "2024-01");
    }

    @Test
    void eachScopeIsCurrentAtItsLatestMillesime() {
        List<ReferentielScope> loaded = List.of(
                new ReferentielScope("commune", "35", "2024", 332), new ReferentielScope("commune", "35", "2018", 345),
                new ReferentielScope("commune", "22", "2018", 355), new ReferentielScope("commune", "56", null, 250),
                new ReferentielScope("commune", "29", null, 10), new ReferentielScope("commune", "29", "synthétique", 10));
        assertThat(Millesimes.currentByScope(loaded)).containsEntry("35", "2024").containsEntry("22", "2018")
                .containsEntry("56", null).containsEntry("29", "synthétique").hasSize(4);
        assertThat(Millesimes.all(loaded)).containsExactly(null, "synthétique", "2018", "2024");
    }

    @Test
    void theOneYearOfAFilesNameOrElseOfItsFolder() {
        java.util.function.Function<String, String> read = f -> Millesimes.fromFileName(java.nio.file.Path.of(f))
                .map(l -> l.millesime() + " (" + l.source() + ")").orElse(null);
        assertThat(read.apply("/data/communes-2018.geojson")).isEqualTo("2018 (nom du fichier)");
        assertThat(read.apply("/data/fr-en-contour-academies-2020.geojson")).isEqualTo("2020 (nom du fichier)");
        assertThat(read.apply("/data/COMMUNE_FRA_2022-04-15.geojson")).isEqualTo("2022 (nom du fichier)");
        assertThat(read.apply("/data/communes-2018/communes-35-ille-et-vilaine.geojson")).isEqualTo("2018 (nom du dossier)");
        assertThat(read.apply("/data/2024/communes-2019.geojson")).as("the file's name first").isEqualTo("2019 (nom du fichier)");
        assertThat(read.apply("/data/communes-35-ille-et-vilaine.geojson")).as("35 is no year").isNull();
        assertThat(read.apply("/data/communes-2018-2024.geojson")).as("two years: none chosen").isNull();
        assertThat(read.apply("/data/communes-20185.geojson")).as("part of a longer number").isNull();
        assertThat(read.apply("communes.geojson")).isNull();
    }
}
