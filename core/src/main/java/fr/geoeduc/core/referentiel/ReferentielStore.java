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

    void replaceCommuneEvents(List<CommuneEvent> events);

    List<CommuneEvent> communeEvents();
}
