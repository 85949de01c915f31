package fr.geoeduc.core.query.odsql;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Conversion of the ODSQL literal forms whose content needs checking: numbers, {@code date'…'}, {@code geom'…'},
 * distances ({@code 10km}) and date intervals ({@code 1 day}). Every failure is an {@link OdsqlException}.
 */
final class OdsqlLiterals {

    /** Metres per distance unit (spec §3.4, within_distance). Units are matched case-insensitively. */
    static final Map<String, Double> DISTANCE_UNITS = Map.of(
            "mi", 1609.344, "yd", 0.9144, "ft", 0.3048, "m", 1.0, "cm", 0.01, "km", 1000.0, "mm", 0.001);

    /** Date interval units of {@code range(date, 1 day)} (spec §3.5), case-sensitive, with their ChronoUnit. */
    static final Map<String, ChronoUnit> INTERVAL_UNITS = Map.ofEntries(
            Map.entry("ms", ChronoUnit.MILLIS), Map.entry("millisecond", ChronoUnit.MILLIS), Map.entry("milliseconds", ChronoUnit.MILLIS),
            Map.entry("s", ChronoUnit.SECONDS), Map.entry("second", ChronoUnit.SECONDS), Map.entry("seconds", ChronoUnit.SECONDS),
            Map.entry("m", ChronoUnit.MINUTES), Map.entry("minute", ChronoUnit.MINUTES), Map.entry("minutes", ChronoUnit.MINUTES),
            Map.entry("h", ChronoUnit.HOURS), Map.entry("hour", ChronoUnit.HOURS), Map.entry("hours", ChronoUnit.HOURS),
            Map.entry("d", ChronoUnit.DAYS), Map.entry("day", ChronoUnit.DAYS), Map.entry("days", ChronoUnit.DAYS),
            Map.entry("w", ChronoUnit.WEEKS), Map.entry("week", ChronoUnit.WEEKS), Map.entry("weeks", ChronoUnit.WEEKS),
            Map.entry("M", ChronoUnit.MONTHS), Map.entry("month", ChronoUnit.MONTHS), Map.entry("months", ChronoUnit.MONTHS),
            Map.entry("q", ChronoUnit.MONTHS), Map.entry("quarter", ChronoUnit.MONTHS), Map.entry("quarters", ChronoUnit.MONTHS),
            Map.entry("y", ChronoUnit.YEARS), Map.entry("year", ChronoUnit.YEARS), Map.entry("years", ChronoUnit.YEARS));

    /** Maximum nesting of brackets and braces inside a geometry literal (JTS readers recurse on collections). */
    static final int MAX_GEOMETRY_NESTING = 64;

    private static final int MAX_DATE_LENGTH = 64;

    /**
     * YYYY, YYYY-MM, YYYY-MM-DD (or with '/'), then optionally T or space, HH, :mm, :ss, .fraction, and an offset
     * (Z, ±HH, ±HHmm, ±HH:mm) when there is a time. No nested quantifiers: linear matching.
     */
    private static final Pattern DATE = Pattern.compile(
            "(\\d{4})(?:([-/])(\\d{1,2})(?:\\2(\\d{1,2})(?:[T ](\\d{2})(?::(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
                    + "(Z|z|[+-]\\d{2}(?::?\\d{2})?)?)?)?)?");

    private OdsqlLiterals() {
    }

    /** An integer literal (optionally negated) as a Long, a decimal one as a Double. */
    static Object number(String clause, int position, String digits, boolean negative) {
        String signed = negative ? "-" + digits : digits;
        if (digits.indexOf('.') < 0) {
            if (digits.length() > 19) {
                throw new OdsqlException(clause, position, "number " + OdsqlLexer.excerpt(signed)
                        + " is out of range: expected an integer between -9223372036854775808 and 9223372036854775807");
            }
            try {
                return Long.parseLong(signed);
            } catch (NumberFormatException e) {
                throw new OdsqlException(clause, position, "number " + signed
                        + " is out of range: expected an integer between -9223372036854775808 and 9223372036854775807");
            }
        }
        double d;
        try {
            d = Double.parseDouble(signed);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new OdsqlException(clause, position, "number " + OdsqlLexer.excerpt(signed) + " is out of range: expected a finite decimal number");
        }
        return d;
    }

    /** The content of a {@code date'…'} literal. */
    static Expr.DateLiteral date(String clause, int position, String raw) {
        String text = raw.strip();
        String expected = ": expected date'YYYY', date'YYYY-MM', date'YYYY-MM-DD' (or with '/') or an ISO datetime such as"
                + " date'2017-04-03T08:02:00Z'";
        if (text.length() > MAX_DATE_LENGTH) {
            throw new OdsqlException(clause, position, "invalid date literal '" + OdsqlLexer.excerpt(text) + "'" + expected);
        }
        Matcher m = DATE.matcher(text);
        if (!m.matches()) {
            throw new OdsqlException(clause, position, "invalid date literal '" + text + "'" + expected);
        }
        try {
            int year = Integer.parseInt(m.group(1));
            int month = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            int day = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
            int hour = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            int minute = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            int second = m.group(7) == null ? 0 : Integer.parseInt(m.group(7));
            int nanos = 0;
            ChronoUnit precision;
            if (m.group(8) != null) {
                String fraction = m.group(8);
                nanos = Integer.parseInt((fraction + "000000000").substring(0, 9));
                precision = fraction.length() <= 3 ? ChronoUnit.MILLIS : fraction.length() <= 6 ? ChronoUnit.MICROS : ChronoUnit.NANOS;
            } else if (m.group(7) != null) {
                precision = ChronoUnit.SECONDS;
            } else if (m.group(6) != null) {
                precision = ChronoUnit.MINUTES;
            } else if (m.group(5) != null) {
                precision = ChronoUnit.HOURS;
            } else if (m.group(4) != null) {
                precision = ChronoUnit.DAYS;
            } else if (m.group(3) != null) {
                precision = ChronoUnit.MONTHS;
            } else {
                precision = ChronoUnit.YEARS;
            }
            LocalDateTime start = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
            ZoneOffset offset = null;
            String off = m.group(9);
            if (off != null) {
                offset = off.equalsIgnoreCase("Z") ? ZoneOffset.UTC : ZoneOffset.of(off.length() == 5 && off.indexOf(':') < 0
                        ? off.substring(0, 3) + ":" + off.substring(3) : off);
            }
            return new Expr.DateLiteral(raw, start, precision, offset);
        } catch (DateTimeException | NumberFormatException e) {
            throw new OdsqlException(clause, position, "invalid date literal '" + text + "': " + e.getMessage() + expected);
        }
    }

    /** The content of a {@code geom'…'} literal: GeoJSON when it starts with '{', WKT otherwise; SRID 4326, x = lon. */
    static Geometry geometry(String clause, int position, String raw) {
        String text = raw.strip();
        if (text.isEmpty()) {
            throw new OdsqlException(clause, position, "empty geometry literal: expected WKT (geom'POINT(2.35 48.85)') or a GeoJSON geometry");
        }
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                if (++depth > MAX_GEOMETRY_NESTING) {
                    throw new OdsqlException(clause, position, "geometry literal nested too deeply: expected at most "
                            + MAX_GEOMETRY_NESTING + " levels of brackets");
                }
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
        }
        boolean json = text.charAt(0) == '{';
        GeometryFactory factory = new GeometryFactory(new PrecisionModel(), 4326);
        try {
            Geometry g = json ? new GeoJsonReader(factory).read(text) : new WKTReader(factory).read(text);
            if (g == null || g.isEmpty()) {
                throw new IllegalArgumentException("the geometry is empty (no coordinates)");
            }
            for (org.locationtech.jts.geom.Coordinate c : g.getCoordinates()) {
                if (!Double.isFinite(c.x) || !Double.isFinite(c.y)) {
                    throw new IllegalArgumentException("coordinates must be finite numbers");
                }
            }
            g.setSRID(4326);
            return g;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                throw (VirtualMachineError) t;
            }
            String why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().replaceAll("\\s+", " ");
            if (why.length() > 160) {
                why = why.substring(0, 160) + "…";
            }
            throw new OdsqlException(clause, position, "invalid geometry literal: expected "
                    + (json ? "a GeoJSON geometry such as {\"type\":\"Point\",\"coordinates\":[2.35,48.85]}"
                    : "WKT such as POINT(2.35 48.85)") + " but the reader says: " + why);
        }
    }

    /** A distance in metres; {@code unit} is matched case-insensitively. */
    static double distance(String clause, int position, Object amount, String unit) {
        Double factor = DISTANCE_UNITS.get(unit.toLowerCase(java.util.Locale.ROOT));
        if (factor == null) {
            throw new OdsqlException(clause, position, "unknown unit '" + OdsqlLexer.excerpt(unit)
                    + "' for a distance: expected mi, yd, ft, m, cm, km or mm");
        }
        return ((Number) amount).doubleValue() * factor;
    }

    /** An equal-width date interval; the unit is case-sensitive. */
    static Expr.Interval interval(String clause, int position, String digits, String unit) {
        ChronoUnit u = INTERVAL_UNITS.get(unit);
        if (u == null) {
            throw new OdsqlException(clause, position, "unknown unit '" + OdsqlLexer.excerpt(unit) + "' for a date interval: expected"
                    + " ms, s, m, h, d, w, M, q or y (or millisecond(s), second(s), minute(s), hour(s), day(s), week(s),"
                    + " month(s), quarter(s), year(s)); units are case-sensitive");
        }
        if (digits.indexOf('.') >= 0) {
            throw new OdsqlException(clause, position, "invalid interval width " + digits + ": expected a positive integer");
        }
        long amount = (Long) number(clause, position, digits, false);
        if (amount <= 0) {
            throw new OdsqlException(clause, position, "invalid interval width " + digits + ": expected a positive integer");
        }
        if (amount != 1 && (u == ChronoUnit.WEEKS || u == ChronoUnit.MONTHS || u == ChronoUnit.YEARS)) {
            throw new OdsqlException(clause, position, "invalid interval width " + digits + " for unit '" + unit
                    + "': weeks, months, quarters and years expect a width of 1");
        }
        return new Expr.Interval(amount, unit);
    }
}
