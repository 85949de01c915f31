package fr.geoeduc.core.sectorisation;

/** How an answer was reached (spec carte-scolaire §2). */
public enum Confiance {
    /** A whole-commune row. */
    COMMUNE,
    /** The street's name equal once normalised, number and parity in a range. */
    EXACT,
    /** The street found by truncation or fuzzy similarity. */
    NEAR,
    /** The street is not in the carte, but every street row of the commune points to the same collège(s). */
    INFERRED,
    /** Matching rows disagree: the union of their collèges is given. */
    CONFLICT,
    /** Nothing matched, or several readings remain. */
    UNKNOWN
}
