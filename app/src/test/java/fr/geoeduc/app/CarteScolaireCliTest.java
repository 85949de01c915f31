package fr.geoeduc.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code geoeduc carte-scolaire secteur} on a generated carte: text, JSON, structured options, clean errors. */
class CarteScolaireCliTest {

    @TempDir
    Path data;


    CliRun geoeduc(String... args) {
        return CliRun.in(data, args);
    }

    @Test
    void secteurInTextAndJson() throws Exception {
        CliRun none = geoeduc("carte-scolaire", "secteur", "3 rue d'Antrain 35700 Rennes");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("geoeduc ingest").doesNotContain("Exception");
        Path carte = data.resolve("carte.csv");
        String p = "53;BRETAGNE;14;RENNES;035;ILLE-ET-VILAINE;";
        Files.writeString(carte, "code_region;libelle_region;code_academie;libelle_academie;code_departement;libelle_departement;"
                + "code_postal;code_insee;libelle_commune;lieu_dit;Type_et_Libelle;No_de_voie_debut;Indice_de_repetition_debut;"
                + "No_de_voie_fin;Indice_de_repetition_fin;Parite;Code_RNE;Secteur_unique\n"
                + p + "35700;35238;Rennes;;RUE D ANTRAIN;1;;103;;I;0350895H;N\n"
                + p + "35700;35238;Rennes;;RUE D ANTRAIN;140;;180;;P;0350913C;N\n"
                + p + ";35013;Bains-sur-Oust;;;;;;;;0350969N;O\n"
                + p + ";35013;Bains-sur-Oust;;;;;;;;0351969A;O\n", StandardCharsets.UTF_8);
        assertThat(geoeduc("ingest", carte.toString(), "--dataset", "fr-en-carte-scolaire-colleges-publics").code()).isZero();
        CliRun text = geoeduc("carte-scolaire", "secteur", "3 rue d'Antrain 35700 Rennes");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("Collège de secteur").contains("0350895H").contains("Règle : plage de numéros");
        CliRun json = geoeduc("carte-scolaire", "secteur", "Bains-sur-Oust", "--format", "json");
        JsonNode body = new ObjectMapper().readTree(json.out());
        assertThat(body.get("colleges").findValuesAsText("uai")).containsExactly("0350969N", "0351969A");
        assertThat(body.get("multi_college").asBoolean()).isTrue();
        CliRun structured = geoeduc("carte-scolaire", "secteur", "--commune", "35238", "--voie", "rue d'Antrain", "--numero", "132");
        assertThat(structured.code()).isZero();
        assertThat(structured.out()).contains("Aucun secteur trouvé").contains("aucune plage");
        CliRun missing = geoeduc("carte-scolaire", "secteur");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("adresse manquante");
        assertThat(geoeduc("carte-scolaire", "--help").out()).contains("secteur");
    }
}
