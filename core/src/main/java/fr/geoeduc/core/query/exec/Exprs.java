package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.query.odsql.Expr;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Structural helpers over expression trees. */
final class Exprs {

    private Exprs() {
    }

    /** A text form that ignores positions: two trees with the same canonical form mean the same thing. */
    static String canonical(Expr e) {
        return switch (e) {
            case Expr.Literal l -> l.kind() + ":" + l.value();
            case Expr.FieldRef f -> "f:" + f.name();
            case Expr.Star s -> "*";
            case Expr.Call c -> c.name() + (c.distinct() ? "!d" : "") + "(" + c.args().stream().map(Exprs::canonical)
                    .collect(Collectors.joining(",")) + ";" + new TreeMap<>(c.named()).entrySet().stream()
                    .map(en -> en.getKey() + "=" + canonical(en.getValue())).collect(Collectors.joining(",")) + ")";
            case Expr.Binary b -> "(" + canonical(b.left()) + " " + b.op() + " " + canonical(b.right()) + ")";
            case Expr.Not n -> "not(" + canonical(n.operand()) + ")";
            case Expr.Neg n -> "neg(" + canonical(n.operand()) + ")";
            case Expr.InList in -> "in(" + canonical(in.target()) + ";" + in.values().stream().map(Exprs::canonical)
                    .collect(Collectors.joining(",")) + ")";
            case Expr.InRange r -> "range(" + canonical(r.target()) + ")";
            case Expr.IsNull n -> "isnull(" + canonical(n.target()) + n.negated() + ")";
            case Expr.IsBool b -> "isbool(" + canonical(b.target()) + b.value() + ")";
            case Expr.Like l -> "like(" + canonical(l.target()) + l.pattern() + ")";
        };
    }

    static boolean containsAggregate(Expr e) {
        return switch (e) {
            case Expr.Call c -> Compiler.AGGREGATES.contains(c.name()) || c.args().stream().anyMatch(Exprs::containsAggregate)
                    || c.named().values().stream().anyMatch(Exprs::containsAggregate);
            case Expr.Binary b -> containsAggregate(b.left()) || containsAggregate(b.right());
            case Expr.Neg n -> containsAggregate(n.operand());
            case Expr.Not n -> containsAggregate(n.operand());
            default -> false;
        };
    }

    static Map<String, Expr> none() {
        return Map.of();
    }
}
