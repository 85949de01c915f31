package fr.geoeduc.core.referentiel;

import java.util.List;

/**
 * Where the référentiels loaded from files are kept (the store implements it): the référentiel reads its boundaries
 * and commune history through this interface, so that it does not depend on the store that depends on it. Several
 * millésimes of a kind live side by side, a feature being keyed by (kind, millésime, code); what "current" means is
 * {@link Millesimes}' rule.
 */
public interface ReferentielStore {

    /**
     * Replaces, in one transaction, the features of {@code scope} (a département's communes, or {@code all:CODE}) at
     * the millésime they carry (all the same one; null for "non renseigné"), and the features of that millésime with
     * the same codes: the other millésimes stay.
     */
    void replaceReferentiel(String kind, String scope, List<ReferentielFeature> features);

    /** The current référentiel of a kind: each scope at its latest millésime loaded ({@link Millesimes}). */
    List<ReferentielFeature> referentiel(String kind);

    /** The features of one millésime of a kind (null: those loaded without a millésime), by code. */
    List<ReferentielFeature> referentiel(String kind, String millesime);

    /** What is loaded of a kind: one entry per scope and millésime, with its number of features. */
    List<ReferentielScope> referentielScopes(String kind);

    /**
     * A short text that changes when a kind's features change in number, codes, names, millésimes or geometry sizes,
     * in any millésime: what a reader of {@link #referentiel} checks before reading every boundary again. This default
     * reads the current ones; a store answers it from an aggregate of all.
     */
    default String referentielDigest(String kind) {
        long count = 0;
        long sizes = 0;
        long texts = 0;
        for (ReferentielFeature f : referentiel(kind)) {
            count++;
            sizes += f.geometry() == null ? 0 : f.geometry().getNumPoints();
            texts += java.util.Objects.hash(f.code(), f.name(), f.millesime());
        }
        return count + ":" + sizes + ":" + texts;
    }

    void replaceCommuneEvents(List<CommuneEvent> events);

    List<CommuneEvent> communeEvents();
}
