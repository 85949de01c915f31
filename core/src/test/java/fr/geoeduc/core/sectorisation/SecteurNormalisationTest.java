package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.adresse.VoieNormaliser;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SecteurNormalisationTest {

    @Test
    void bothSidesReachTheSameKey() {
        assertThat(VoieNormaliser.voie("Rue d’Antrain").key()).isEqualTo(VoieNormaliser.voie("RUE D ANTRAIN").key()).isEqualTo("RUE ANTRAIN");
        assertThat(VoieNormaliser.voie("Avenue du Général Leclerc").fullKey()).isEqualTo(VoieNormaliser.voie("AV DU GAL LECLERC").fullKey());
        assertThat(VoieNormaliser.voie("Terre-Plein Saint-Louis").key()).isEqualTo(VoieNormaliser.voie("TPL ST LOUIS").key());
        assertThat(VoieNormaliser.voie("Rue du 41ème Régiment").key()).isEqualTo(VoieNormaliser.voie("RUE DU 41E REGIMENT").key());
        assertThat(VoieNormaliser.voie("Lieu-dit les 5 Chemins").key()).isEqualTo("5 CHEMINS");
        assertThat(VoieNormaliser.voie("Lieu-dit les 5 Chemins").lieuDit()).isTrue();
        assertThat(VoieNormaliser.voie("La Bahuchais").lieuDit()).isTrue();
        assertThat(VoieNormaliser.voie("Rue de Vitré").lieuDit()).isFalse();
        assertThat(VoieNormaliser.commune("Tresbœuf")).isEqualTo("TRESBOEUF");
        assertThat(VoieNormaliser.commune("Saint-Pierre-de-Plesguen")).isEqualTo(VoieNormaliser.commune("ST PIERRE DE PLESGUEN"));
    }

    @Test
    void articlesStayInTheFullKeyToTellStreetsApart() {
        var sous = VoieNormaliser.voie("CHEMIN SOUS LE TERTRE");
        var du = VoieNormaliser.voie("CHEMIN DU TERTRE");
        assertThat(sous.key()).isEqualTo(du.key());
        assertThat(sous.fullKey()).isNotEqualTo(du.fullKey());
    }

    @Test
    void similarityKeepsDifferentStreetsBelowTheThreshold() {
        assertThat(VoieMatcher.similarite("RUE VIRE", "RUE VITRE")).isLessThan(VoieMatcher.SEUIL_FLOU);
        assertThat(VoieMatcher.similarite("RUE SAINT LO", "RUE SAINT MALO")).isLessThan(VoieMatcher.SEUIL_FLOU);
    }

    @Test
    void numbersAndSuffixes() {
        assertThat(new Numero(2, "bis")).isGreaterThan(new Numero(2, "")).isLessThan(new Numero(2, "ter"));
        assertThat(new Numero(34, "ter").compareTo(new Numero(34, "B"))).isZero();
        assertThat(Numero.rank("x")).isEmpty();
    }

    @Test
    void freeTextAddresses() {
        AdresseParser parser = new AdresseParser(Set.of("RENNES", "BAINS SUR OUST", "MESNIL ROC H")::contains);
        AdresseSaisie a = parser.parse("12 bis rue de Fougères 35700 Rennes");
        assertThat(a.numero()).isEqualTo(12);
        assertThat(a.rep()).isEqualTo("bis");
        assertThat(a.voie()).isEqualTo("rue de Fougères");
        assertThat(a.codePostal()).isEqualTo("35700");
        assertThat(a.commune()).isEqualTo("Rennes");
        AdresseSaisie b = parser.parse("12B rue de Fougères Rennes");
        assertThat(b.rep()).isEqualTo("B");
        assertThat(b.voie()).isEqualTo("rue de Fougères");
        assertThat(b.commune()).isEqualTo("Rennes");
        AdresseSaisie c = parser.parse("3 Lieu-dit les 5 Chemins, Rennes");
        assertThat(c.voie()).isEqualTo("Lieu-dit les 5 Chemins");
        assertThat(parser.parse("Bains-sur-Oust").commune()).isEqualTo("Bains-sur-Oust");
        assertThat(parser.parse("Bains-sur-Oust").voie()).isNull();
        AdresseSaisie d = parser.parse("1 La Mondrais 35320");
        assertThat(d.numero()).isEqualTo(1);
        assertThat(d.rep()).isNull();
        assertThat(d.voie()).isEqualTo("La Mondrais");
        assertThat(d.commune()).isNull();
        assertThat(parser.parse("4 rue du 4 Août 1944, Mesnil-Roc'h").voie()).isEqualTo("rue du 4 Août 1944");
    }
}
