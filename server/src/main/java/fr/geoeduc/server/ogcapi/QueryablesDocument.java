package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.model.Field;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The queryables of a collection (Part 3) as a JSON Schema 2020-12: one entry per field of the caller's view, its label
 * as {@code title} when the label is more than the name capitalised, a {@code type} on every non-spatial one
 * ({@code format} date/date-time for dates), {@code format: geometry-…} and no type on the geometry, {@code x-ogc-role}
 * on the geometry and the time field; other names are refused. A field GéoÉduc computes, which the features leave out,
 * says so in its description.
 */
final class QueryablesDocument {

    private QueryablesDocument() {
    }

    static Map<String, Object> build(String base, OgcCollection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        m.put("$id", base + "/collections/" + OgcLinks.encode(c.id()) + "/queryables");
        m.put("type", "object");
        m.put("title", c.title());
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Field f : c.schema().fields()) {
            Map<String, Object> p = new LinkedHashMap<>();
            if (!f.label().equalsIgnoreCase(f.name())) {
                p.put("title", f.label());
            }
            String description = description(f, c);
            if (!description.isBlank()) {
                p.put("description", description);
            }
            switch (f.type()) {
                case GEO_POINT_2D -> p.put("format", "geometry-point");
                case GEO_SHAPE -> p.put("format", "geometry-any");
                case INT -> p.put("type", "integer");
                case DOUBLE -> p.put("type", "number");
                case BOOLEAN -> p.put("type", "boolean");
                case DATE -> {
                    p.put("type", "string");
                    p.put("format", "date");
                }
                case DATETIME -> {
                    p.put("type", "string");
                    p.put("format", "date-time");
                }
                default -> p.put("type", "string");
            }
            if (f.name().equals(c.geometry().name())) {
                p.put("x-ogc-role", "primary-geometry");
            } else if (c.time() != null && f.name().equals(c.time().name())) {
                p.put("x-ogc-role", "primary-instant");
            }
            properties.put(f.name(), p);
        }
        m.put("properties", properties);
        m.put("additionalProperties", false);
        return m;
    }

    /** Said of a queryable GéoÉduc computes, which the features and downloads leave out. */
    static final String FILTER_ONLY = "Champ calculé par GéoÉduc : il sert au filtre mais ne figure pas dans les propriétés "
            + "des objets ni dans les téléchargements.";

    /**
     * The field's description; for a field GéoÉduc adds (COG codes, UAI check, rentrée year) that the features do not
     * show, followed by {@link #FILTER_ONLY}, so that a user who can filter on it knows why the features lack it.
     */
    private static String description(Field f, OgcCollection c) {
        String own = f.description() == null ? "" : f.description().strip();
        if (!f.isAddedByGeoeduc() || f.name().equals(c.geometry().name())) {
            return own;
        }
        return own.isEmpty() ? FILTER_ONLY : own + (own.endsWith(".") ? " " : ". ") + FILTER_ONLY;
    }
}
