package fr.geoeduc.core.referentiel;

import java.util.List;

/**
 * Where the référentiels loaded from files are kept (the store implements it): the référentiel reads its boundaries
 * and commune history through this interface, so that it does not depend on the store that depends on it.
 */
public interface ReferentielStore {

    /** Replaces every feature of a référentiel kind (commune, departement, region, academie) in one transaction. */
    void replaceReferentiel(String kind, String scope, List<ReferentielFeature> features);

    List<ReferentielFeature> referentiel(String kind);

    /**
     * A short text that changes when a kind's features change in number, codes, names, millésimes or geometry sizes:
     * what a reader of {@link #referentiel} checks before reading every boundary again. This default reads them all;
     * a store answers it from an aggregate.
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
