package fr.geoeduc.core.model;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** The canonical text of a typed value, as CSV exports print it and as row hashes and record ids read it. */
public final class ValueText {

    private ValueText() {
    }

    public static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        if (value instanceof Instant i) {
            return DateTimeFormatter.ISO_INSTANT.format(i);
        }
        return value.toString();
    }
}
