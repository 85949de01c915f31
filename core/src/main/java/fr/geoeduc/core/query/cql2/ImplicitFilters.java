package fr.geoeduc.core.query.cql2;

import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.query.odsql.Expr.Literal;
import fr.geoeduc.core.query.odsql.Expr.LiteralKind;
import org.locationtech.jts.geom.Geometry;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The conditions of the OGC API Features {@code bbox} and {@code datetime} parameters as expression trees. As Part 1
 * says, both also select the features that have no geometry / no value in the temporal field.
 */
final class ImplicitFilters {

    private ImplicitFilters() {
    }

    static Expr bbox(String geoField, double w, double s, double e, double n, UnaryOperator<Geometry> toWgs84) {
        for (double v : new double[]{w, s, e, n}) {
            if (!Double.isFinite(v)) {
                throw new Cql2Exception("bbox", -1, "quatre nombres finis attendus : ouest,sud,est,nord");
            }
        }
        Literal box;
        try {
            box = Cql2Literals.bbox(List.of(w, s, e, n), 0, toWgs84);
        } catch (Cql2Exception bad) {
            throw new Cql2Exception("bbox", -1, bad.getMessage().replaceFirst("^Filtre invalide à la position \\d+ : ", ""));
        }
        Expr.FieldRef field = new Expr.FieldRef(geoField, 0);
        Expr intersects = new Expr.Call("intersects", List.of(field, box), Map.of(), false, 0);
        return new Expr.Binary(Expr.Op.OR, intersects, new Expr.IsNull(field, false, 0), 0);
    }

    /**
     * An RFC 3339 date or date-time, or an interval {@code start/end} whose ends may be open ({@code ..} or empty). A date
     * at the end of an interval includes its whole day. Both ends open: every feature.
     */
    static Expr datetime(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new Cql2Exception("datetime", -1, "date-heure RFC 3339 attendue, par exemple 2024-09-02T08:00:00Z, ou intervalle "
                    + "début/fin, par exemple 2024-01-01T00:00:00Z/..");
        }
        Expr.FieldRef ref = new Expr.FieldRef(field, 0);
        String[] parts = text.strip().split("/", -1);
        if (parts.length > 2) {
            throw new Cql2Exception("datetime", -1, "un instant ou un intervalle début/fin attendu, trouvé " + (parts.length - 1) + " « / »");
        }
        Expr match;
        if (parts.length == 1) {
            if (open(parts[0])) {
                throw new Cql2Exception("datetime", -1, "instant attendu, par exemple 2024-09-02T08:00:00Z, trouvé « .. »");
            }
            match = new Expr.Binary(Expr.Op.EQ, ref, instant(parts[0], false), 0);
        } else {
            Literal start = open(parts[0]) ? null : instant(parts[0], false);
            Literal end = open(parts[1]) ? null : instant(parts[1], true);
            if (start == null && end == null) {
                return new Literal(LiteralKind.BOOLEAN, true, 0);
            }
            if (start != null && end != null && startOf(start).isAfter(startOf(end))) {
                throw new Cql2Exception("datetime", -1, "l'intervalle " + text + " finit avant de commencer");
            }
            boolean dayEnd = end != null && ((Expr.DateLiteral) end.value()).precision() == ChronoUnit.DAYS;
            match = new Expr.InRange(ref, start, true, end, !dayEnd, 0);
        }
        return new Expr.Binary(Expr.Op.OR, match, new Expr.IsNull(ref, false, 0), 0);
    }

    private static boolean open(String s) {
        return s.isBlank() || s.strip().equals("..");
    }

    /** A date (a whole day; as an interval's end, the start of the next day, excluded) or a date-time. */
    private static Literal instant(String s, boolean end) {
        String t = s.strip();
        try {
            if (t.length() == 10) {
                Literal day = Cql2Literals.date(t, 0);
                if (!end) {
                    return day;
                }
                LocalDate next = LocalDate.parse(t).plusDays(1);
                return new Literal(LiteralKind.DATE, new Expr.DateLiteral(t, next.atStartOfDay(), ChronoUnit.DAYS, ZoneOffset.UTC), 0);
            }
            return Cql2Literals.timestamp(t, 0);
        } catch (Cql2Exception | java.time.DateTimeException e) {
            throw new Cql2Exception("datetime", -1, "'" + Cql2Lexer.excerpt(t) + "' n'est ni une date (2024-09-02) ni une date-heure RFC 3339 "
                    + "(2024-09-02T08:00:00Z)");
        }
    }

    private static Instant startOf(Literal l) {
        Expr.DateLiteral d = (Expr.DateLiteral) l.value();
        return d.start().toInstant(d.offset());
    }
}
