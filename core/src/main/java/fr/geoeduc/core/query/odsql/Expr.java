package fr.geoeduc.core.query.odsql;

import java.util.List;
import java.util.Map;

/**
 * The one expression tree of GéoÉduc's query language: ODSQL (the Explore API's language) parses into it,
 * and OGC CQL2 will too. Nodes are immutable records; {@code position} is the character offset of the node
 * in its clause, for error messages.
 */
public sealed interface Expr permits Expr.Literal, Expr.FieldRef, Expr.Star, Expr.Call, Expr.Binary, Expr.Not, Expr.Neg,
        Expr.InList, Expr.InRange, Expr.IsNull, Expr.IsBool, Expr.Like {

    int position();

    /** Kinds of literal values. */
    enum LiteralKind {
        /** {@code value} is a String. */
        STRING,
        /** {@code value} is a Long or a Double. */
        NUMBER,
        /** {@code value} is a Boolean. */
        BOOLEAN,
        /** {@code value} is null. */
        NULL,
        /** {@code value} is a {@link DateLiteral}. */
        DATE,
        /** {@code value} is a JTS Geometry in WGS84, x = longitude (from WKT or GeoJSON). */
        GEOMETRY,
        /** {@code value} is a Double: a distance in metres ({@code 10km}, {@code 500m}, {@code 3mi}). */
        DISTANCE,
        /** {@code value} is an {@link Interval} ({@code 1 day}, {@code 2 h}) for equal-width date ranges. */
        INTERVAL
    }

    /** A date literal as written ({@code date'2017'}, {@code date'2017-01'}, {@code date'2017-04-03T08:02'}) and its precision. */
    record DateLiteral(String text, java.time.LocalDateTime start, java.time.temporal.ChronoUnit precision,
                       java.time.ZoneOffset offset) {
    }

    /** An interval of a date range: amount and case-sensitive unit (ms, s, m, h, d, w, M, q, y and long forms). */
    record Interval(long amount, String unit) {
    }

    record Literal(LiteralKind kind, Object value, int position) implements Expr {
    }

    /** A field name (back-quoted names are unquoted here). */
    record FieldRef(String name, int position) implements Expr {
    }

    /** {@code *} in select, in {@code count(*)} and in {@code search(*, "x")}. */
    record Star(int position) implements Expr {
    }

    /**
     * A function call: scalar functions, aggregates, predicates ({@code search}, {@code within_distance},
     * {@code in_bbox}…), group-by functions ({@code range}, {@code geo_cluster}). {@code name} is lower case.
     * {@code named} holds named arguments ({@code now(years=-1)}, {@code geo_cluster(p, 5, radius=40)}).
     * {@code distinct} is true for {@code count(distinct x)}.
     */
    record Call(String name, List<Expr> args, Map<String, Expr> named, boolean distinct, int position) implements Expr {
        public Call {
            args = List.copyOf(args);
            named = Map.copyOf(named);
        }
    }

    enum Op {
        AND, OR, EQ, NE, LT, LE, GT, GE, ADD, SUB, MUL, DIV
    }

    record Binary(Op op, Expr left, Expr right, int position) implements Expr {
    }

    record Not(Expr operand, int position) implements Expr {
    }

    /** Unary minus. */
    record Neg(Expr operand, int position) implements Expr {
    }

    /**
     * {@code target IN (v1, v2…)}; also {@code "Paris" IN multivalued_field}, which parses as target = the
     * literal and values = [the field].
     */
    record InList(Expr target, List<Expr> values, int position) implements Expr {
        public InList {
            values = List.copyOf(values);
        }
    }

    /** {@code target IN [low..high]}, {@code ]low..high[}, {@code [low TO high]}; a bound may be null (open, {@code *}). */
    record InRange(Expr target, Expr low, boolean lowInclusive, Expr high, boolean highInclusive, int position) implements Expr {
    }

    /** {@code target IS NULL} / {@code IS NOT NULL}. */
    record IsNull(Expr target, boolean negated, int position) implements Expr {
    }

    /** {@code flag IS TRUE} / {@code flag IS FALSE}. */
    record IsBool(Expr target, boolean value, int position) implements Expr {
    }

    /** {@code field LIKE "pattern"}: word match, case- and accent-insensitive; {@code *} is a wildcard. */
    record Like(Expr target, String pattern, int position) implements Expr {
    }
}
