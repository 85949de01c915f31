package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.query.odsql.Expr;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code datetime} parameter (an RFC 3339 instant or date, or an interval {@code start/end} with {@code ..} or an
 * empty string for an open end) as a condition on the collection's time field: features whose time intersects it,
 * ends included, and features without a time (Part 1). A date field holds whole days (a day matches when it meets
 * the interval); a rentrée {@code 2021-2022} covers 1 September 2021 to 31 August 2022, compared on its first year
 * as text, which orders rentrées written {@code 2021-2022} or {@code 2021} alike. ({@code Cql2.datetime} compares a
 * date field with the instants themselves, so an instant inside a day would not find that day; hence this class.)
 */
final class DatetimeParameter {

    private DatetimeParameter() {
    }

    /** The interval asked for: null ends are open. */
    record Interval(Instant start, Instant end) {
    }

    static Interval parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        if (slash < 0) {
            if (t.isEmpty() || t.equals("..")) {
                throw OgcException.badParameter("datetime", "un instant ou un intervalle début/fin est attendu");
            }
            Instant i = instant(t, false);
            return new Interval(i, t.length() == 10 ? instant(t, true) : i);
        }
        String a = t.substring(0, slash).strip();
        String b = t.substring(slash + 1).strip();
        if (b.indexOf('/') >= 0) {
            throw OgcException.badParameter("datetime", "un seul « / » entre le début et la fin");
        }
        Instant start = open(a) ? null : instant(a, false);
        Instant end = open(b) ? null : instant(b, true);
        if (start == null && end == null) {
            throw OgcException.badParameter("datetime", "les deux bornes ne peuvent pas être ouvertes");
        }
        if (start != null && end != null && start.isAfter(end)) {
            throw OgcException.badParameter("datetime", "le début " + a + " est après la fin " + b);
        }
        return new Interval(start, end);
    }

    private static boolean open(String s) {
        return s.isEmpty() || s.equals("..");
    }

    /** An RFC 3339 date-time with an offset, or a date (its first instant, or its last when {@code endOfDay}). */
    private static Instant instant(String s, boolean endOfDay) {
        try {
            if (s.length() == 10) {
                LocalDate d = LocalDate.parse(s);
                return endOfDay ? d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1) : d.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(s.replace(' ', 'T').replace('t', 'T').replace('z', 'Z')).toInstant();
        } catch (DateTimeException e) {
            throw OgcException.badParameter("datetime", "« " + s + " » n'est pas une date RFC 3339 (2024-09-02 ou 2024-09-02T08:00:00Z)");
        }
    }

    /** The condition on {@code time}; throws when the collection has no time field. */
    static Expr condition(Interval interval, Field time) {
        Expr field = new Expr.FieldRef(time.name(), 0);
        List<Expr> and = new ArrayList<>();
        if (time.type() == FieldType.TEXT) { // a rentrée
            if (interval.start() != null) {
                and.add(new Expr.Binary(Expr.Op.GE, field, text(String.format("%04d", rentree(interval.start()))), 0));
            }
            if (interval.end() != null) {
                and.add(new Expr.Binary(Expr.Op.LT, field, text(String.format("%04d", rentree(interval.end()) + 1)), 0));
            }
        } else {
            boolean days = time.type() == FieldType.DATE;
            if (interval.start() != null) {
                and.add(new Expr.Binary(Expr.Op.GE, field, date(interval.start(), days), 0));
            }
            if (interval.end() != null) {
                and.add(new Expr.Binary(Expr.Op.LE, field, date(interval.end(), days), 0));
            }
        }
        Expr within = and.size() == 1 ? and.get(0) : new Expr.Binary(Expr.Op.AND, and.get(0), and.get(1), 0);
        return new Expr.Binary(Expr.Op.OR, within, new Expr.IsNull(field, false, 0), 0);
    }

    /** The rentrée an instant falls in: from September, that year's; before, the previous year's. */
    private static int rentree(Instant i) {
        LocalDate d = i.atOffset(ZoneOffset.UTC).toLocalDate();
        return d.getMonthValue() >= 9 ? d.getYear() : d.getYear() - 1;
    }

    private static Expr text(String s) {
        return new Expr.Literal(Expr.LiteralKind.STRING, s, 0);
    }

    private static Expr date(Instant i, boolean days) {
        LocalDateTime t = LocalDateTime.ofInstant(i, ZoneOffset.UTC);
        if (days) {
            t = t.truncatedTo(ChronoUnit.DAYS);
        }
        return new Expr.Literal(Expr.LiteralKind.DATE, new Expr.DateLiteral(t.toString(), t, days ? ChronoUnit.DAYS : ChronoUnit.SECONDS,
                ZoneOffset.UTC), 0);
    }
}
