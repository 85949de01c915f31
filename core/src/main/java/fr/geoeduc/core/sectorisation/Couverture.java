package fr.geoeduc.core.sectorisation;

import java.util.List;

/**
 * How well the BAN and the carte met (spec carte-scolaire §4): per commune, the addresses (distinct housenumbers,
 * toponyms and repeated positions left out) and how many got a collège; the carte's streets that no address named; the
 * addresses in no sector; the communes where the two sources disagree (in one and not the other, or matched below
 * {@link SecteursBuilder#SEUIL_APPARIEMENT}, whose address polygons are then not built); the addresses that share a
 * Voronoi site (closer than 1 m) with an address of another collège set, which its cell then shows.
 */
public record Couverture(List<Commune> communes, List<VoieSansAdresse> voiesSansAdresse, long adresses, long adressesAppariees,
                         long adressesSansSecteur, long adressesEnConflit, long positionsPartagees,
                         List<Desaccord> desaccords) {

    public record Commune(String code, String nom, long adresses, long appariees, long sansSecteur, long conflits,
                          double taux, boolean construite) {
    }

    public record VoieSansAdresse(String codeInsee, String commune, String voie) {
    }

    public record Desaccord(String codeInsee, String nom, String raison) {
    }

    public Couverture {
        communes = List.copyOf(communes);
        voiesSansAdresse = List.copyOf(voiesSansAdresse);
        desaccords = List.copyOf(desaccords);
    }
}
