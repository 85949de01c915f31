package fr.geoeduc.server.web;

import fr.geoeduc.core.model.FieldType;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The French words for the field types the dataset page shows next to their API codes. */
final class FieldTypeLabels {

    private static final Map<FieldType, String> LABELS = new EnumMap<>(Map.of(
            FieldType.TEXT, "texte", FieldType.INT, "entier", FieldType.DOUBLE, "décimal", FieldType.BOOLEAN, "booléen",
            FieldType.DATE, "date", FieldType.DATETIME, "date et heure", FieldType.GEO_POINT_2D, "point géographique",
            FieldType.GEO_SHAPE, "forme géographique"));

    private FieldTypeLabels() {
    }

    /** By API code ("int" → "entier"), for the templates. */
    static Map<String, String> byApiName() {
        Map<String, String> out = new LinkedHashMap<>();
        for (FieldType t : FieldType.values()) {
            out.put(t.apiName(), LABELS.getOrDefault(t, t.apiName()));
        }
        return out;
    }
}
