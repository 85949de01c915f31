package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.sectorisation.SecteurReponse.Statut;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The matcher on a small carte generated here in the published layout (real quirks of the 35 file, kept few), ingested
 * and read through the query service: runs without ../shared/data.
 */
class CarteScolaireFixtureTest {

    static final String HEADER = "code_region;libelle_region;code_academie;libelle_academie;code_departement;libelle_departement;"
            + "code_postal;code_insee;libelle_commune;lieu_dit;Type_et_Libelle;No_de_voie_debut;Indice_de_repetition_debut;"
            + "No_de_voie_fin;Indice_de_repetition_fin;Parite;Code_RNE;Secteur_unique";
    static final String P = "53;BRETAGNE;14;RENNES;035;ILLE-ET-VILAINE;";
    static final String TRIO_1 = "0350895H", TRIO_2 = "0351638R", TRIO_3 = "0351796M", COLLEGE_A = "0350913C", COLLEGE_B = "0350027P";

    static TestPlatform platform;
    static CarteScolaireService service;

    @BeforeAll
    static void load() throws Exception {
        Path dir = Files.createTempDirectory("geoeduc-carte-fixture");
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (String uai : List.of(TRIO_1, TRIO_2, TRIO_3)) {
            csv.append(P).append("35700;35238;Rennes;;RUE D ANTRAIN;1;;103;;I;").append(uai).append(";N\n");
            csv.append(P).append("35700;35238;Rennes;;RUE D ANTRAIN;2;;130;;P;").append(uai).append(";N\n");
            csv.append(P).append("35000;35238;Rennes;;LIEU DIT LES 5 CHEMINS;1;;9999;;I;").append(uai).append(";N\n");
        }
        csv.append(P).append("35700;35238;Rennes;;RUE D ANTRAIN;140;;180;;P;").append(COLLEGE_A).append(";N\n");
        csv.append(P).append("35000;35238;Rennes;;LIEU DIT LES 5 CHEMINS;1;;9999;;PI;0350760L;N\n");
        csv.append(P).append("35700;35238;Rennes;;RUE DU BOIS RONDEL;2;A;18;;P;").append(COLLEGE_A).append(";N\n");
        csv.append(P).append("35700;35238;Rennes;;RUE GUY ROPARTZ;2;;34;B;P;").append(COLLEGE_B).append(";N\n");
        csv.append(P).append("35000;35238;Rennes;;AVENUE DU GAL LECLERC;1;;9999;;PI;").append(COLLEGE_B).append(";N\n");
        csv.append(P).append("35000;35238;Rennes;;RUE BORDERIE;1;;9999;;PI;").append(COLLEGE_A).append(";N\n");
        csv.append(P).append("35000;35238;Rennes;;RUE CORDERIE;1;;9999;;PI;").append(COLLEGE_B).append(";N\n");
        csv.append(P).append("35000;35238;Rennes;;AVENUE DU 41E REGIMENT D INFANTER;1;;9999;;I;").append(COLLEGE_B).append(";N\n");
        csv.append(P).append("35720;35308;Mesnil-Roc'h;LANHELIN;RUE DES DORIS;1;;9999;;PI;0350707D;N\n");
        csv.append(P).append("35720;35308;Mesnil-Roc'h;TRESSE;RUE DES ECOLES;1;;9999;;PI;0350708E;N\n");
        csv.append(P).append("35720;35308;Mesnil-Roc'h;ST PIERRE DE PLESGUEN;RUE DES ECOLES;1;;9999;;PI;0350707D;N\n");
        csv.append(P).append("35320;35343;Tresboeuf;;LA HUCHELOIRE;1;;9999;;I;0351053E;N\n");
        csv.append(P).append(";35344;Tressé;;;;;;;;0350708E;O\n");
        csv.append(P).append(";35100;Dompierre-du-Chemin;;;;;;;;0350762N;O\n");
        csv.append(P).append(";35163;Luitré-Dompierre;;;;;;;;0350762N;O\n");
        csv.append(P).append(";35013;Bains-sur-Oust;;;;;;;;0350969N;O\n");
        csv.append(P).append(";35013;Bains-sur-Oust;;;;;;;;0351969A;O\n");
        Path file = dir.resolve("carte.csv");
        Files.writeString(file, csv.toString(), StandardCharsets.UTF_8);
        platform = new TestPlatform(dir);
        platform.referentiels.loadCommuneEvents(Path.of("src/main/resources/referentiel/cog-mouvements-35-extrait.csv"));
        platform.ingest(file, CarteSource.DATASET);
        service = new CarteScolaireService(new QueryService(platform.store), () -> Referentiels.from(platform.store));
    }

    @AfterAll
    static void close() {
        platform.close();
    }

    static SecteurReponse ask(String adresse) {
        return service.secteur(Caller.INTERNAL, adresse);
    }

    @Test
    void streetRangesWithParityAndGaps() {
        assertThat(ask("3 rue d'Antrain 35700 Rennes").uais()).containsExactly(TRIO_1, TRIO_2, TRIO_3);
        SecteurReponse four = ask("4 Rue d’Antrain, 35700 RENNES");
        assertThat(four.uais()).containsExactly(TRIO_1, TRIO_2, TRIO_3);
        assertThat(four.confiance()).isEqualTo(Confiance.EXACT);
        assertThat(four.regle()).isEqualTo(Regle.PLAGE_DE_VOIE);
        assertThat(four.multiCollege()).isTrue();
        assertThat(four.avertissements()).anyMatch(w -> w.contains("multi-collèges"));
        SecteurReponse gap = ask("132 rue d'Antrain 35700 Rennes");
        assertThat(gap.statut()).isEqualTo(Statut.AUCUN);
        assertThat(gap.explication()).contains("132").contains("aucune plage");
        assertThat(ask("140 rue d'Antrain 35700 Rennes").uais()).containsExactly(COLLEGE_A);
        assertThat(ask("105 rue d'Antrain 35700 Rennes").statut()).isEqualTo(Statut.AUCUN);
        assertThat(ask("2 La Hucheloire 35320 Tresbœuf").statut()).isEqualTo(Statut.AUCUN);
        assertThat(ask("3 La Hucheloire 35320 Tresbœuf").uais()).containsExactly("0351053E");
        assertThat(ask("3 La Hucheloire 35320 Tresbœuf").regle()).isEqualTo(Regle.LIEU_DIT);
    }

    @Test
    void suffixBoundsRankBisBeforeTer() {
        assertThat(ask("2 rue du Bois Rondel 35700 Rennes").statut()).isEqualTo(Statut.AUCUN);
        SecteurReponse bis = ask("2 bis rue du Bois Rondel 35700 Rennes");
        assertThat(bis.uais()).containsExactly(COLLEGE_A);
        assertThat(bis.avertissements()).anyMatch(w -> w.contains("hypothèse"));
        assertThat(ask("34 ter rue Guy Ropartz 35700 Rennes").uais()).containsExactly(COLLEGE_B);
        assertThat(ask("34 quater rue Guy Ropartz 35700 Rennes").statut()).isEqualTo(Statut.AUCUN);
        assertThat(service.secteur(Caller.INTERNAL, new AdresseSaisie("35238", null, null, "rue du Bois Rondel", 2, "bis", null)).uais())
                .containsExactly(COLLEGE_A);
    }

    @Test
    void overlappingRowsThatDisagreeAreAConflictNotAGuess() {
        SecteurReponse r = ask("3 Lieu-dit les 5 Chemins, Rennes");
        assertThat(r.uais()).containsExactlyInAnyOrder(TRIO_1, "0350760L", TRIO_2, TRIO_3);
        assertThat(r.confiance()).isEqualTo(Confiance.CONFLICT);
        assertThat(r.regle()).isEqualTo(Regle.LIEU_DIT);
        assertThat(ask("4 Lieu-dit les 5 Chemins, Rennes").uais()).containsExactly("0350760L");
    }

    @Test
    void abbreviationsTruncationAndFuzzyNamesWithTheirThreshold() {
        SecteurReponse leclerc = ask("10 avenue du Général Leclerc 35000 Rennes");
        assertThat(leclerc.uais()).containsExactly(COLLEGE_B);
        assertThat(leclerc.confiance()).isEqualTo(Confiance.EXACT);
        SecteurReponse tronque = ask("5 avenue du 41e Régiment d'Infanterie 35000 Rennes");
        assertThat(tronque.uais()).containsExactly(COLLEGE_B);
        assertThat(tronque.confiance()).isEqualTo(Confiance.NEAR);
        SecteurReponse typo = ask("5 avenue du General Lecclerc 35000 Rennes");
        assertThat(typo.statut()).isEqualTo(Statut.AUCUN); // the last word differs: a suggestion, not an answer
        assertThat(typo.candidats()).extracting(SecteurReponse.Candidat::libelle).contains("AVENUE DU GAL LECLERC");
        SecteurReponse near = ask("5 avenue du Genral Leclerc 35000 Rennes");
        assertThat(near.uais()).containsExactly(COLLEGE_B);
        assertThat(near.confiance()).isEqualTo(Confiance.NEAR);
        assertThat(near.score()).isLessThan(1.0).isGreaterThanOrEqualTo(0.9);
        // a misspelt type of way is not the same type: no fuzzy answer (spec §2.4 d)
        assertThat(ask("5 avennue du General Leclerc 35000 Rennes").statut()).isNotEqualTo(Statut.TROUVE);
        // RUE BORDERIE / RUE CORDERIE are two streets (0.92 once normalised): an unknown "rue Morderie" is neither
        SecteurReponse between = ask("5 rue Morderie 35000 Rennes");
        assertThat(between.statut()).isNotEqualTo(Statut.TROUVE);
        assertThat(ask("5 rue Borderie 35000 Rennes").uais()).containsExactly(COLLEGE_A);
    }

    @Test
    void communesDelegueesAndAnciennesCommunes() {
        assertThat(ask("Dompierre-du-Chemin").uais()).containsExactly("0350762N");
        SecteurReponse d = service.secteur(Caller.INTERNAL, new AdresseSaisie("35100", null, null, null, null, null, null));
        assertThat(d.regle()).isEqualTo(Regle.COMMUNE_DELEGUEE);
        assertThat(d.adresse().codeInsee()).isEqualTo("35163");
        assertThat(ask("12 rue des Doris, Lanhélin").uais()).containsExactly("0350707D");
        assertThat(ask("12 rue des Doris 35720 Mesnil-Roc'h").uais()).containsExactly("0350707D");
        assertThat(ask("Tressé").uais()).containsExactly("0350708E");
        SecteurReponse ecoles = ask("3 rue des Écoles 35720 Mesnil-Roc'h");
        assertThat(ecoles.statut()).isEqualTo(Statut.AMBIGU);
        assertThat(ecoles.candidats()).hasSize(2);
        assertThat(ask("3 rue des Écoles, Saint-Pierre-de-Plesguen").uais()).containsExactly("0350707D");
        assertThat(service.secteur(Caller.INTERNAL, new AdresseSaisie("35308", null, "Tressé", "rue des écoles", 3, null, null)).uais())
                .containsExactly("0350708E");
    }

    @Test
    void wholeCommunesAndMultiCollegeSectors() {
        SecteurReponse bains = ask("Bains-sur-Oust");
        assertThat(bains.uais()).containsExactly("0350969N", "0351969A");
        assertThat(bains.confiance()).isEqualTo(Confiance.COMMUNE);
        assertThat(bains.regle()).isEqualTo(Regle.COMMUNE_ENTIERE);
        assertThat(bains.carte().dataset()).isEqualTo(CarteSource.DATASET);
        assertThat(bains.carte().version()).isEqualTo(1);
    }

    @Test
    void badInputIsAnAnswerWithItsReason() {
        SecteurReponse absent = service.secteur(Caller.INTERNAL, new AdresseSaisie("29019", null, null, "rue de Siam", 3, null, null));
        assertThat(absent.statut()).isEqualTo(Statut.AUCUN);
        assertThat(absent.explication()).contains("n'est pas dans la carte");
        assertThat(ask("3 rue inconnue").statut()).isEqualTo(Statut.AUCUN);
        assertThat(ask("3 rue inconnue").explication()).contains("commune");
        SecteurReponse street = ask("3 rue qui n'existe pas 35700 Rennes");
        assertThat(street.statut()).isEqualTo(Statut.AUCUN);
        assertThat(street.explication()).contains("n'est pas dans la carte de Rennes");
        SecteurReponse noStreet = ask("Rennes");
        assertThat(noStreet.statut()).isEqualTo(Statut.AMBIGU);
        assertThat(noStreet.explication()).contains("indiquez la voie");
        assertThat(ask("rue d'Antrain 35700 Rennes").statut()).isEqualTo(Statut.AMBIGU); // split by number: the number is needed
    }

    @Test
    void withoutAPublishedCarteTheServiceSaysSo() throws Exception {
        try (TestPlatform empty = new TestPlatform(Files.createTempDirectory("geoeduc-carte-vide"))) {
            CarteScolaireService none = new CarteScolaireService(new QueryService(empty.store), () -> Referentiels.from(empty.store));
            assertThatThrownBy(() -> none.secteur(Caller.INTERNAL, "3 rue d'Antrain 35700 Rennes"))
                    .isInstanceOf(CarteScolaireService.CarteAbsente.class).hasMessageContaining("geoeduc ingest");
        }
    }
}
