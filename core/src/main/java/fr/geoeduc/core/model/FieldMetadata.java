package fr.geoeduc.core.model;

/**
 * What a producer asks for one field: its label, description and unit; a null attribute is left as it is.
 */
public record FieldMetadata(String field, String label, String description, String unit) {

    public String value(String attribute) {
        return switch (attribute) {
            case "label" -> label;
            case "description" -> description;
            case "unit" -> unit;
            default -> throw new IllegalArgumentException("unknown field attribute '" + attribute + "'");
        };
    }
}
