package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The open-data simulation (CM2 of the écoles) on an annuaire that publishes fewer fields than the ministry's: without
 * {@code adresse_1} or {@code code_postal} the écoles are placed by commune and the result says so; without
 * {@code code_commune} the draft is refused in words. Generated files: two communes, each whole to its collège.
 */
class SimulationAnnuaireSansAdresseTest {

    @TempDir
    Path dir;
    TestPlatform platform;

    static final String A = "0359001A";
    static final String B = "0359002B";

    @BeforeEach
    void setUp() throws Exception {
        platform = new TestPlatform(dir.resolve("store"));
        Files.writeString(dir.resolve("carte.csv"), """
                code_region;libelle_region;code_academie;libelle_academie;code_departement;libelle_departement;code_postal;code_insee;libelle_commune;lieu_dit;Type_et_Libelle;No_de_voie_debut;Indice_de_repetition_debut;No_de_voie_fin;Indice_de_repetition_fin;Parite;Code_RNE;Secteur_unique
                53;BRETAGNE;14;RENNES;035;ILLE-ET-VILAINE;;35001;Acigné;;;;;;;;%s;O
                53;BRETAGNE;14;RENNES;035;ILLE-ET-VILAINE;;35004;Val-Couesnon;;;;;;;;%s;O
                """.formatted(A, B));
        Files.writeString(dir.resolve("effectifs.csv"), """
                rentree_scolaire;code_departement;numero_ecole;denomination_principale;patronyme;secteur;nombre_eleves_cm2_hors_ulis
                2022;35;0351001X;ECOLE PRIMAIRE PUBLIQUE;DES LILAS;PUBLIC;20
                2022;35;0351002Y;ECOLE PRIMAIRE PUBLIQUE;DU PARC;PUBLIC;30
                2022;35;0351003Z;ECOLE PRIMAIRE PUBLIQUE;DU CENTRE;PUBLIC;15
                """);
        platform.ingest(dir.resolve("carte.csv"), CarteSource.DATASET);
        platform.ingest(dir.resolve("effectifs.csv"), ElevesEcoles.EFFECTIFS);
    }

    @AfterEach
    void tearDown() {
        platform.close();
    }

    Simulation.Resultat moveAcigneToB() {
        return new Simulation(new QueryService(platform.store), () -> Referentiels.from(platform.store)).simuler(Caller.INTERNAL,
                Simulation.ECOLES, null, Brouillon.communes(List.of(new Simulation.Deplacement("35001", List.of(B)))), Map.of());
    }

    @Test
    void anAnnuaireWithoutAddressesPlacesTheEcolesByCommuneAndSaysSo() throws Exception {
        Files.writeString(dir.resolve("annuaire.csv"), """
                identifiant_de_l_etablissement;nom_etablissement;code_commune
                0351001X;Ecole des Lilas;35001
                0351002Y;Ecole du Parc;35001
                0351003Z;Ecole du Centre;35004
                """);
        platform.ingest(dir.resolve("annuaire.csv"), ElevesEcoles.ANNUAIRE);

        Simulation.Resultat r = moveAcigneToB();

        Map<String, Simulation.College> parUai = r.colleges().stream().collect(Collectors.toMap(Simulation.College::uai, c -> c));
        assertThat(parUai.get(A).effectifAvant()).isEqualTo(50.0);
        assertThat(parUai.get(A).effectifApres()).isEqualTo(0.0);
        assertThat(parUai.get(B).effectifAvant()).isEqualTo(15.0);
        assertThat(parUai.get(B).effectifApres()).isEqualTo(65.0);
        assertThat(r.elevesQuiChangent()).isEqualTo(50);
        assertThat(r.avertissements()).anySatisfy(w -> assertThat(w).contains("sans champ « adresse_1 »"))
                .anySatisfy(w -> assertThat(w).contains("sans champ « code_postal »"));
    }

    @Test
    void anAnnuaireWithoutCommunesIsRefusedInWords() throws Exception {
        Files.writeString(dir.resolve("annuaire.csv"), """
                identifiant_de_l_etablissement;nom_etablissement
                0351001X;Ecole des Lilas
                """);
        platform.ingest(dir.resolve("annuaire.csv"), ElevesEcoles.ANNUAIRE);

        assertThatThrownBy(this::moveAcigneToB).isInstanceOf(Simulation.BrouillonInvalide.class)
                .hasMessageContaining("le champ « code_commune » manque à « fr-en-annuaire-education »");
    }
}
