package fr.geoeduc.core.referentiel;

import org.locationtech.jts.geom.Geometry;

/**
 * One entry of a territorial référentiel stored in the store: a commune, département, région or académie
 * boundary, with its code, its name, the millésime of the source and the geometry (WGS84).
 */
public record ReferentielFeature(String kind, String code, String name, String millesime, Geometry geometry) {
}
