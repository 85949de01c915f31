package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.model.GeoPoint;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Comparison and conversion rules between the value types of the language. */
final class Values {

    private Values() {
    }

    static Double number(Object v) {
        if (v instanceof Long l) {
            return l.doubleValue();
        }
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (v instanceof String s) {
            try {
                return Double.valueOf(s.strip().replace(',', '.'));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static Instant instant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        return null;
    }

    /** Equality as the language means it; false when either side is null. */
    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof String sa && b instanceof String sb) {
            return sa.equals(sb);
        }
        if ((a instanceof Long || a instanceof Double) && (b instanceof Long || b instanceof Double)) {
            return number(a).doubleValue() == number(b).doubleValue();
        }
        if (a instanceof String s && (b instanceof Long || b instanceof Double)) {
            return textEqualsNumber(s, b);
        }
        if (b instanceof String s && (a instanceof Long || a instanceof Double)) {
            return textEqualsNumber(s, a);
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            return a.equals(b) || (a instanceof String s ? s.equalsIgnoreCase(b.toString()) : b instanceof String t && t.equalsIgnoreCase(a.toString()));
        }
        Instant ia = instant(a);
        Instant ib = instant(b);
        if (ia != null && ib != null) {
            return ia.equals(ib);
        }
        if (a instanceof GeoPoint || b instanceof GeoPoint) {
            return a.equals(b);
        }
        return a.toString().equals(b.toString());
    }

    /** A text code compared with a number literal ({@code code_region=75}): equal when the text is that number. */
    private static boolean textEqualsNumber(String s, Object n) {
        Double d = number(s);
        return d != null && d.doubleValue() == number(n).doubleValue();
    }

    /** Ordering; null when not comparable (null values, or types that do not compare). */
    static Integer compare(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof String sa && b instanceof String sb) {
            return sa.compareTo(sb);
        }
        Double na = number(a);
        Double nb = number(b);
        if ((a instanceof Long || a instanceof Double || b instanceof Long || b instanceof Double) && na != null && nb != null) {
            return Double.compare(na, nb);
        }
        Instant ia = instant(a);
        Instant ib = instant(b);
        if (ia != null && ib != null) {
            return ia.compareTo(ib);
        }
        if (a instanceof Boolean ba && b instanceof Boolean bb) {
            return Boolean.compare(ba, bb);
        }
        return null;
    }

    static boolean truthy(Object v) {
        return v instanceof Boolean b && b;
    }
}
