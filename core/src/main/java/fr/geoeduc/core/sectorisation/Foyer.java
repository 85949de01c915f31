package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.model.GeoPoint;

/**
 * Pupils at one address for a simulation: one pupil of a pupils' file (weight 1), or the CM2 pupils of one école placed
 * at the école (weight = its CM2 effectif, IPS = the école's). {@code libelle} names an école; null for a pupil.
 */
record Foyer(String commune, String codePostal, String voie, Integer numero, String rep, Double ips, GeoPoint position,
             double poids, String libelle) {

    AdresseSaisie adresse() {
        return new AdresseSaisie(commune, codePostal, null, voie, numero, rep, null);
    }
}
