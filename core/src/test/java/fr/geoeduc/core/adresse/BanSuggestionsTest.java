package fr.geoeduc.core.adresse;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link BanSuggestions} on a few hand-written BAN rows: whole words first, abbreviations, accents, no BAN. */
class BanSuggestionsTest {

    static final String HEADER = "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;"
            + "nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;source_position;"
            + "source_nom_voie;certification_commune;cad_parcelles\n";

    static String row(String id, int numero, String voie) {
        return id + ";;" + numero + ";;" + voie + ";35700;35238;Rennes;;;353000.00;6790000.00;-1.665770;48.117810;entrée;;;RENNES;;commune;commune;1;\n";
    }

    @Test
    void wholeWordsFirstAbbreviationsAndAccents(@TempDir Path dir) throws Exception {
        try (TestPlatform platform = new TestPlatform(dir.resolve("store"))) {
            BanSuggestions suggestions = new BanSuggestions(new QueryService(platform.store));
            assertThat(suggestions.suggerer(Caller.INTERNAL, "rue de la gare", 10).banChargee()).isFalse();
            Path ban = dir.resolve("adresses-35.csv");
            // in the file (the BAN's order) 12 and 10 come before 1
            Files.writeString(ban, HEADER + row("35238_a_00012", 12, "Rue de la Gare") + row("35238_a_00010", 10, "Rue de la Gare")
                    + row("35238_a_00001", 1, "Rue de la Gare") + row("35238_b_00001", 1, "Bd St-Hélier")
                    + row("35238_c_00003", 3, "Rue Gareth"), StandardCharsets.UTF_8);
            new BanLoader(platform.ingester, dir.resolve("work")).load(ban, ProgressListener.NONE);

            BanSuggestions.Resultat r = suggestions.suggerer(Caller.INTERNAL, "1 gare renn", 10);
            assertThat(r.banChargee()).isTrue();
            assertThat(r.datasets()).containsExactly("ban-adresses-35");
            assertThat(r.adresses()).extracting(BanAdresse::id).containsExactly("35238_a_00001", "35238_a_00012", "35238_a_00010");
            assertThat(suggestions.suggerer(Caller.INTERNAL, "1 gare", 1).adresses()).extracting(BanAdresse::id).containsExactly("35238_a_00001");
            assertThat(suggestions.suggerer(Caller.INTERNAL, "boulevard saint helier", 10).adresses()).extracting(BanAdresse::id)
                    .containsExactly("35238_b_00001");
            assertThat(suggestions.suggerer(Caller.INTERNAL, "BD SAINT-HÉL", 10).adresses()).extracting(BanAdresse::id)
                    .containsExactly("35238_b_00001");
            assertThat(suggestions.suggerer(Caller.INTERNAL, "gare", 10).adresses()).extracting(BanAdresse::id)
                    .startsWith("35238_a_00012", "35238_a_00010", "35238_a_00001").contains("35238_c_00003");
        }
    }
}
