package fr.geoeduc.core.query.cql2;

import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.query.odsql.Expr.Call;
import fr.geoeduc.core.query.odsql.Expr.FieldRef;
import fr.geoeduc.core.query.odsql.Expr.Literal;
import fr.geoeduc.core.query.odsql.Expr.LiteralKind;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the expression-tree nodes of each CQL2 operator, checking their operands, for both encodings: CQL2-Text and
 * CQL2-JSON give the same tree for the same filter. The functions and predicates used are those the compiler runs for
 * ODSQL too ({@code intersects}, {@code within}, {@code within_distance}…) plus the CQL2 ones it was given
 * ({@code casei}, {@code accenti}, {@code sql_like}, {@code contains}, {@code equals}, {@code touches}…).
 */
final class Cql2Nodes {

    /** CQL2 spatial operator → compiler predicate, the property first and the literal second. */
    static final Map<String, String> SPATIAL = Map.of("s_intersects", "intersects", "s_within", "within",
            "s_contains", "contains", "s_disjoint", "disjoint", "s_equals", "equals", "s_touches", "touches",
            "s_overlaps", "overlaps", "s_crosses", "crosses");
    /** The converse of each spatial predicate, to put the property first when the literal came first. */
    private static final Map<String, String> CONVERSE = Map.of("within", "contains", "contains", "within");

    private Cql2Nodes() {
    }

    static Expr comparison(String op, Expr left, Expr right, int position) {
        Expr.Op o = switch (op) {
            case "=" -> Expr.Op.EQ;
            case "<>" -> Expr.Op.NE;
            case "<" -> Expr.Op.LT;
            case "<=" -> Expr.Op.LE;
            case ">" -> Expr.Op.GT;
            case ">=" -> Expr.Op.GE;
            default -> throw new Cql2Exception(position, "opérateur de comparaison inconnu " + op);
        };
        scalar(left, op);
        scalar(right, op);
        return new Expr.Binary(o, left, right, position);
    }

    static Expr like(Expr target, Expr pattern, int position) {
        scalar(target, "LIKE");
        if (!isPattern(pattern)) {
            throw new Cql2Exception(pattern.position(), "motif (chaîne) attendu après LIKE (par exemple 'Renn%' ou CASEI('renn%')), trouvé "
                    + describe(pattern));
        }
        return new Call("sql_like", List.of(target, pattern), Map.of(), false, position);
    }

    private static boolean isPattern(Expr e) {
        if (e instanceof Literal l) {
            return l.kind() == LiteralKind.STRING;
        }
        return e instanceof Call c && (c.name().equals("casei") || c.name().equals("accenti")) && isPattern(c.args().get(0));
    }

    static Expr between(Expr target, Expr low, Expr high, int position) {
        scalar(target, "BETWEEN");
        literal(low, "BETWEEN");
        literal(high, "BETWEEN");
        return new Expr.InRange(target, low, true, high, true, position);
    }

    static Expr in(Expr target, List<Expr> values, int position) {
        scalar(target, "IN");
        if (values.isEmpty()) {
            throw new Cql2Exception(position, "au moins une valeur attendue dans la liste de IN, trouvé une liste vide");
        }
        for (Expr v : values) {
            literal(v, "IN");
        }
        return new Expr.InList(target, values, position);
    }

    static Expr isNull(Expr target, boolean negated, int position) {
        if (target instanceof Literal l && l.kind() != LiteralKind.GEOMETRY) {
            throw new Cql2Exception(target.position(), "propriété attendue avant IS NULL, trouvé " + describe(target));
        }
        return new Expr.IsNull(target, negated, position);
    }

    /** CASEI or ACCENTI of a character expression. */
    static Expr fold(String function, Expr argument, int position) {
        if (argument instanceof Literal l && l.kind() != LiteralKind.STRING) {
            throw new Cql2Exception(argument.position(), "chaîne ou propriété attendue dans " + function.toUpperCase(Locale.ROOT)
                    + "(), trouvé " + describe(argument));
        }
        return new Call(function, List.of(argument), Map.of(), false, position);
    }

    static Expr spatial(String op, Expr a, Expr b, int position) {
        String predicate = SPATIAL.get(op);
        if (predicate == null) {
            throw new Cql2Exception(position, "opérateur spatial inconnu " + op);
        }
        if (!(a instanceof FieldRef) && b instanceof FieldRef) {
            Expr t = a;
            a = b;
            b = t;
            predicate = CONVERSE.getOrDefault(predicate, predicate);
        }
        geometryOperands(op, a, b);
        return new Call(predicate, List.of(a, b), Map.of(), false, position);
    }

    /** S_DWITHIN(property, geometry, distance, units); without units the distance is in metres. */
    static Expr dwithin(Expr a, Expr b, Expr distance, String units, int position) {
        if (!(a instanceof FieldRef) && b instanceof FieldRef) {
            Expr t = a;
            a = b;
            b = t;
        }
        geometryOperands("S_DWITHIN", a, b);
        if (!(distance instanceof Literal l) || l.kind() != LiteralKind.NUMBER || ((Number) l.value()).doubleValue() < 0) {
            throw new Cql2Exception(distance.position(), "distance (nombre ≥ 0) attendue en troisième argument de S_DWITHIN, trouvé "
                    + describe(distance));
        }
        double metres = ((Number) l.value()).doubleValue() * Cql2Literals.metresPer(units, distance.position());
        return new Call("within_distance", List.of(a, b, new Literal(LiteralKind.DISTANCE, metres, distance.position())),
                Map.of(), false, position);
    }

    private static void geometryOperands(String op, Expr a, Expr b) {
        if (!(a instanceof FieldRef)) {
            throw new Cql2Exception(a.position(), "propriété géométrique attendue comme l'un des arguments de " + op.toUpperCase(Locale.ROOT)
                    + ", trouvé " + describe(a));
        }
        if (!(b instanceof Literal l) || l.kind() != LiteralKind.GEOMETRY) {
            throw new Cql2Exception(b.position(), "géométrie littérale (POINT(…), BBOX(…), POLYGON(…)…) attendue comme autre argument de "
                    + op.toUpperCase(Locale.ROOT) + ", trouvé " + describe(b) + " (comparer deux propriétés n'est pas pris en charge)");
        }
    }

    /** An operand of a comparison: a property, a literal that is not a geometry, or CASEI/ACCENTI of one. */
    private static void scalar(Expr e, String op) {
        if (e instanceof Literal l && l.kind() == LiteralKind.GEOMETRY) {
            throw new Cql2Exception(e.position(), "une géométrie ne se compare pas avec " + op + " : utiliser S_INTERSECTS, S_WITHIN…");
        }
        if (e instanceof Call c && !(c.name().equals("casei") || c.name().equals("accenti"))) {
            throw new Cql2Exception(e.position(), "propriété ou valeur attendue avant ou après " + op + ", trouvé une condition");
        }
    }

    private static void literal(Expr e, String op) {
        boolean ok = e instanceof Literal l && l.kind() != LiteralKind.GEOMETRY
                || e instanceof Call c && (c.name().equals("casei") || c.name().equals("accenti")) && c.args().get(0) instanceof Literal;
        if (!ok) {
            throw new Cql2Exception(e.position(), "valeur littérale attendue dans " + op + ", trouvé " + describe(e)
                    + " (comparer deux propriétés n'est pas pris en charge)");
        }
    }

    static String describe(Expr e) {
        return switch (e) {
            case FieldRef f -> "la propriété " + f.name();
            case Literal l -> switch (l.kind()) {
                case STRING -> "la chaîne '" + Cql2Lexer.excerpt((String) l.value()) + "'";
                case NUMBER -> "le nombre " + l.value();
                case BOOLEAN -> String.valueOf(l.value()).toUpperCase(Locale.ROOT);
                case GEOMETRY -> "une géométrie";
                case DATE -> "une date";
                default -> "une valeur littérale";
            };
            case Call c -> c.name().equals("casei") || c.name().equals("accenti") ? c.name().toUpperCase(Locale.ROOT) + "(…)" : "une condition";
            default -> "une condition";
        };
    }
}
