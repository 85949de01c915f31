package fr.geoeduc.core.model;

import java.util.List;

/**
 * A field of a dataset: its data.education.gouv.fr name, its display label, its type, and the header
 * spellings it is known under in published files.
 *
 * @param format optional value format checked by quality rules: {@code uai}, {@code commune}, …
 * @param origin {@code declared}, {@code inferred} or {@code derived} (computed by normalisation)
 */
public record Field(String name, String label, FieldType type, String description, String unit,
                    List<String> aliases, boolean mandatory, String format, String origin) {

    public Field {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        label = label == null || label.isBlank() ? name : label;
    }

    public static Field derived(String name, String label, FieldType type, String description) {
        return new Field(name, label, type, description, null, List.of(), false, null, "derived");
    }

    /** The fields GéoÉduc computes next to the published ones (see the ingester's DerivedFields). */
    private static final java.util.Set<String> ADDED_BY_GEOEDUC = java.util.Set.of("uai_valide", "departement_cog",
            "commune_cog", "annee_rentree", "position");

    /**
     * Computed by GéoÉduc next to the published fields (COG codes, rentrée year, UAI check, a position built from
     * coordinates): not a field the producer published. A published field whose values GéoÉduc replaces (a
     * convention's pseudonyms) is derived too, but it is still the producer's field.
     */
    public boolean isAddedByGeoeduc() {
        return "derived".equals(origin) && ADDED_BY_GEOEDUC.contains(name);
    }

    public Field withType(FieldType newType) {
        return new Field(name, label, newType, description, unit, aliases, mandatory, format, origin);
    }

    /** This field with one of its metadata attributes ({@code label}, {@code description}, {@code unit}) replaced. */
    public Field withAttribute(String attribute, String value) {
        return switch (attribute) {
            case "label" -> withLabel(value);
            case "description" -> new Field(name, label, type, value, unit, aliases, mandatory, format, origin);
            case "unit" -> new Field(name, label, type, description, value, aliases, mandatory, format, origin);
            default -> throw new IllegalArgumentException("unknown field attribute '" + attribute + "'");
        };
    }

    /** The current value of a metadata attribute ({@code label}, {@code description}, {@code unit}). */
    public String attribute(String attribute) {
        return switch (attribute) {
            case "label" -> label;
            case "description" -> description;
            case "unit" -> unit;
            default -> throw new IllegalArgumentException("unknown field attribute '" + attribute + "'");
        };
    }

    public Field withLabel(String newLabel) {
        return new Field(name, newLabel, type, description, unit, aliases, mandatory, format, origin);
    }
}
