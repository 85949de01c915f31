package fr.geoeduc.core.referentiel;

/**
 * One millésime of a référentiel as loaded for one scope: the communes of a département ({@code scope} is its COG
 * code), or one département, région or académie ({@code all:CODE}). {@code millesime} is null when the load did not
 * name one ("millésime non renseigné").
 */
public record ReferentielScope(String kind, String scope, String millesime, int features) {
}
