package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.model.ValueText;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a raw cell into a typed value, the way the ministry's files write them: {@code "74,3"} and
 * {@code "81,7%"} as doubles, {@code 1.0} as an int, {@code "lat, lon"} as a point, and the null markers
 * {@code NS NA ND SANS OBJET - !!} as null for non-text fields. Text keeps every value as written.
 */
public final class ValueParser {

    /** Returned when a non-empty value does not fit the type; the caller reports it. */
    public static final Object INVALID = new Object() {
        @Override
        public String toString() {
            return "INVALID";
        }
    };

    private static final Set<String> NULL_MARKERS = Set.of("NS", "NA", "ND", "N/A", "SANS OBJET", "-", "- -", "--",
            "!!", "NULL", "null", "NC", "nc", "ns", "nd", "na");
    private final GeoJsonReader geoJson = new GeoJsonReader(new GeometryFactory(new PrecisionModel(), 4326));

    private static final int MAX_MARKER_LENGTH = NULL_MARKERS.stream().mapToInt(String::length).max().orElse(0);

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    public static boolean isNullMarker(String raw) {
        return isMarker(raw.strip());
    }

    /** Whether a stripped cell is a null marker; none is longer than MAX_MARKER_LENGTH or starts with a digit, so most
     * cells are answered without a hash. */
    private static boolean isMarker(String s) {
        return !s.isEmpty() && s.length() <= MAX_MARKER_LENGTH && !isDigit(s.charAt(0)) && NULL_MARKERS.contains(s);
    }

    /** Null for an empty cell (and for a null marker outside text), {@link #INVALID} when it does not parse. */
    public Object parse(FieldType type, Object cell) {
        if (cell == null) {
            return null;
        }
        if (cell instanceof Geometry g) {
            return type == FieldType.GEO_SHAPE ? g : INVALID;
        }
        String raw = (String) cell;
        if (raw.isEmpty()) {
            return null;
        }
        if (type == FieldType.TEXT) {
            return raw;
        }
        String s = raw.strip();
        if (s.isEmpty() || isMarker(s)) {
            return null;
        }
        return switch (type) {
            case INT -> parseInt(s);
            case DOUBLE -> parseDouble(s);
            case BOOLEAN -> parseBoolean(s);
            case DATE -> parseDate(s);
            case DATETIME -> parseDateTime(s);
            case GEO_POINT_2D -> parsePoint(s);
            case GEO_SHAPE -> parseShape(s);
            case TEXT -> raw;
        };
    }

    static Object parseInt(String s) {
        int len = s.length();
        if (len > 0 && len < 19) {
            long v = 0;
            int i = s.charAt(0) == '-' ? 1 : 0;
            boolean digits = i < len;
            for (int k = i; k < len && digits; k++) {
                char c = s.charAt(k);
                if (c >= '0' && c <= '9') {
                    v = v * 10 + (c - '0');
                } else {
                    digits = false;
                }
            }
            if (digits) {
                return i == 1 ? -v : v;
            }
        }
        Object d = parseDouble(s);
        if (d instanceof Double x && x == Math.rint(x) && Math.abs(x) < 9.0e15) {
            return (long) x.doubleValue();
        }
        return INVALID;
    }

    static Object parseDouble(String s) {
        String t = s;
        if (t.endsWith("%")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        if (t.indexOf(',') >= 0) {
            if (t.indexOf('.') >= 0) {
                return INVALID;
            }
            t = t.replace(',', '.');
        }
        if (t.indexOf(' ') >= 0 || t.indexOf('\u00a0') >= 0 || t.indexOf('\u202f') >= 0) {
            t = t.replace(" ", "").replace("\u00a0", "").replace("\u202f", "");
        }
        if (t.isEmpty()) {
            return INVALID;
        }
        char first = t.charAt(0);
        if (!(first == '-' || first == '+' || first == '.' || (first >= '0' && first <= '9'))) {
            return INVALID;
        }
        try {
            double v = decimal(t);
            return Double.isFinite(v) ? v : INVALID;
        } catch (NumberFormatException e) {
            return INVALID;
        }
    }

    /** Java's decimal syntax, read by the fast double parser that jackson-core ships (same results as Double.parseDouble). */
    private static double decimal(String s) {
        return com.fasterxml.jackson.core.io.NumberInput.parseDouble(s, true);
    }

    static Object parseBoolean(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "1", "true", "vrai", "oui", "o", "y", "yes", "t" -> Boolean.TRUE;
            case "0", "false", "faux", "non", "n", "no", "f" -> Boolean.FALSE;
            default -> INVALID;
        };
    }

    static Object parseDate(String s) {
        try {
            if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
                return date(s, 0, 5, 8);
            }
            if (s.length() == 10 && s.charAt(2) == '/' && s.charAt(5) == '/') {
                return date(s, 6, 3, 0);
            }
            if (s.length() > 10 && s.charAt(4) == '-' && s.charAt(10) == 'T') {
                return LocalDate.parse(s.substring(0, 10));
            }
        } catch (java.time.DateTimeException e) {
            return INVALID;
        }
        return INVALID;
    }

    /** A date from fixed-width digits (year on 4, month and day on 2 at the given offsets); INVALID when not digits. */
    private static Object date(String s, int year, int month, int day) {
        int y = digits(s, year, 4);
        int m = digits(s, month, 2);
        int d = digits(s, day, 2);
        return y < 0 || m < 0 || d < 0 ? INVALID : LocalDate.of(y, m, d);
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static final java.util.regex.Pattern OFFSET_AT_END = java.util.regex.Pattern.compile(".*[+-]\\d{2}:\\d{2}$");

    static Object parseDateTime(String s) {
        // An ISO date-time starts with its year: a digit, or a sign for a year beyond 9999; one that starts with a digit
        // has a four-digit year, so '-' at 4 and 7. Anything else cannot parse, and is refused here without the regular
        // expression and the parser's exception (type inference tries every cell of a text column as a date-time).
        // Ten characters go to parseDate, which also reads dd/MM/yyyy.
        if (s.isEmpty()) {
            return INVALID;
        }
        char first = s.charAt(0);
        if (!isDigit(first) && first != '+' && first != '-') {
            return INVALID;
        }
        if (s.length() != 10 && isDigit(first) && (s.length() < 10 || s.charAt(4) != '-' || s.charAt(7) != '-')) {
            return INVALID;
        }
        if (s.length() == 10) {
            // before the offset test: no ten-character string is a date-time with an offset (17 at least), and a date
            // ends with a digit, so the regular expression is spared on date columns
            Object d = parseDate(s);
            return d instanceof LocalDate date ? date.atStartOfDay().toInstant(ZoneOffset.UTC) : INVALID;
        }
        try {
            if (s.endsWith("Z") || OFFSET_AT_END.matcher(s).matches()) {
                return OffsetDateTime.parse(s).toInstant();
            }
            return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return INVALID;
        }
    }

    static Object parsePoint(String s) {
        int comma = s.indexOf(',');
        if (comma < 0 || s.indexOf(',', comma + 1) >= 0) {
            return INVALID;
        }
        try {
            double lat = decimal(s.substring(0, comma).strip());
            double lon = decimal(s.substring(comma + 1).strip());
            return new GeoPoint(lat, lon);
        } catch (IllegalArgumentException e) {
            return INVALID;
        }
    }

    Object parseShape(String s) {
        if (!s.startsWith("{")) {
            return INVALID;
        }
        try {
            return geoJson.read(s);
        } catch (ParseException | RuntimeException e) {
            return INVALID;
        }
    }

    /** The canonical text of a typed value, as CSV exports print it ({@link ValueText#format}). */
    public static String format(Object value) {
        return ValueText.format(value);
    }
}
