package fr.geoeduc.core.sectorisation;

/** Which rule of the carte gave the answer. */
public enum Regle {
    /** {@code secteur_unique = O}: the whole commune. */
    COMMUNE_ENTIERE("commune entière"),
    /** Whole-commune rows of a former commune, now a commune déléguée (COG history). */
    COMMUNE_DELEGUEE("commune déléguée"),
    /** A range of numbers of a street, with its parity. */
    PLAGE_DE_VOIE("plage de numéros d'une voie"),
    /** A hamlet ({@code LIEU DIT …} or a bare name) listed like a street. */
    LIEU_DIT("lieu-dit");

    public final String libelle;

    Regle(String libelle) {
        this.libelle = libelle;
    }
}
