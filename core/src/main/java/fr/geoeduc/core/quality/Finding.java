package fr.geoeduc.core.quality;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One example of a rule broken: where (line of the source file, field), the value, and what is wrong. For a GeoJSON
 * file, whose features usually share line 1, {@code feature} is the feature's 1-based index in the file and
 * {@code featureId} its {@code id} (or its code property); both are 0/null for a CSV row.
 */
public record Finding(long line, String field, String value, String message,
                      @JsonInclude(JsonInclude.Include.NON_DEFAULT) long feature,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String featureId) {

    public Finding(long line, String field, String value, String message) {
        this(line, field, value, message, 0, null);
    }

    /** Where to look in the source, as a person reads it: "ligne 12", or "objet 4508 (14174), ligne 1". */
    @JsonIgnore
    public String where() {
        if (feature <= 0) {
            return "ligne " + line;
        }
        return "objet/feature " + feature + (featureId == null ? "" : " (" + featureId + ")") + ", ligne " + line;
    }
}
