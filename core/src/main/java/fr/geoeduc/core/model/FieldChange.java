package fr.geoeduc.core.model;

/**
 * One attribute of one field changed by a metadata revision.
 *
 * @param attribute {@code label}, {@code description} or {@code unit}
 * @param before    the value served before the revision (null: none)
 * @param after     the value served from the revision on (null: none)
 */
public record FieldChange(String field, String attribute, String before, String after) {

    public static final java.util.List<String> ATTRIBUTES = java.util.List.of("label", "description", "unit");

    public FieldChange {
        if (!ATTRIBUTES.contains(attribute)) {
            throw new IllegalArgumentException("unknown field attribute '" + attribute + "' (expected one of " + ATTRIBUTES + ")");
        }
    }
}
