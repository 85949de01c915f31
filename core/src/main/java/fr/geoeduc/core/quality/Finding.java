package fr.geoeduc.core.quality;

/** One example of a rule broken: where (line of the source file, field), the value, and what is wrong. */
public record Finding(long line, String field, String value, String message) {
}
