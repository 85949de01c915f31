package fr.geoeduc.core.sectorisation;

import java.util.List;

/**
 * The answer to "which collège(s) for this address?". An address that matches nothing is an answer too
 * ({@link Statut#AUCUN} with the reason), and several readings are stated ({@link Statut#AMBIGU} with the
 * candidates), never chosen silently.
 */
public record SecteurReponse(Statut statut, Confiance confiance, double score, List<College> colleges, Regle regle,
                             String explication, List<LigneRetenue> lignes, AdresseInterpretee adresse,
                             List<Candidat> candidats, List<String> avertissements, Carte.Version carte) {

    public enum Statut {
        /** One reading: the collège(s) of the sector. */
        TROUVE,
        /** Several readings (streets, communes déléguées, a number missing): the candidates are listed. */
        AMBIGU,
        /** No sector: the reason is in {@code explication}. */
        AUCUN
    }

    /** A collège with, when a published annuaire knows it, its name and position. */
    public record College(String uai, String nom, String commune, Double latitude, Double longitude) {
    }

    /** A carte row that took part in the answer. */
    public record LigneRetenue(String codeInsee, String commune, String lieuDit, String voie, String plage, String uai) {
        static LigneRetenue of(LigneCarte l) {
            return new LigneRetenue(l.codeInsee(), l.libelleCommune(), l.lieuDit().isEmpty() ? null : l.lieuDit(),
                    l.voie().isEmpty() ? null : l.voie(), l.communeEntiere() ? null : l.plage(), l.uai());
        }
    }

    /** How the address was read: its commune (and ancienne commune), street, number. */
    public record AdresseInterpretee(String codeInsee, String commune, String ancienneCommune, String voie, String numero,
                                     String codePostal, String voieCarte, Double similarite) {
    }

    /** One reading among several: what it assumes and where it leads. */
    public record Candidat(String libelle, List<String> uais, Double similarite) {
    }

    public boolean multiCollege() {
        return colleges.size() > 1;
    }

    public List<String> uais() {
        return colleges.stream().map(College::uai).toList();
    }
}
