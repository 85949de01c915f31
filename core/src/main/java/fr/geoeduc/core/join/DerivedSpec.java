package fr.geoeduc.core.join;

/** What a derived dataset's publication needs of the operation that produced it. */
interface DerivedSpec {

    String resultId();

    String title();

    /** A one-line description, recorded in the lineage and the catalogue entry. */
    String describe();
}
