package fr.geoeduc.core.query.cql2;

import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.query.odsql.Expr.Binary;
import fr.geoeduc.core.query.odsql.Expr.Literal;
import fr.geoeduc.core.query.odsql.Expr.LiteralKind;

/**
 * CQL2's three-valued logic on the compiler's two-valued filters. Every predicate the compiler runs is false when an
 * operand is null (unknown), which is the CQL2 answer for a filter (NULL excludes the feature); only NOT differs:
 * {@code NOT (x = 'a')} must exclude a null x too. So NOT is pushed down to the predicates (De Morgan), and a negated
 * predicate becomes {@code NOT p AND every property of p IS NOT NULL}. IS NULL is never unknown, so its negation is
 * IS NOT NULL. The result selects exactly the features for which the CQL2 filter is TRUE.
 */
final class ThreeValuedLogic {

    private ThreeValuedLogic() {
    }

    /** The condition that is true exactly where {@code e} is TRUE. */
    static Expr whereTrue(Expr e) {
        return switch (e) {
            case Expr.Not n -> whereFalse(n.operand());
            case Binary b when b.op() == Expr.Op.AND || b.op() == Expr.Op.OR ->
                    new Binary(b.op(), whereTrue(b.left()), whereTrue(b.right()), b.position());
            default -> e;
        };
    }

    /** The condition that is true exactly where {@code e} is FALSE (not where it is unknown). */
    static Expr whereFalse(Expr e) {
        return switch (e) {
            case Expr.Not n -> whereTrue(n.operand());
            case Binary b when b.op() == Expr.Op.AND -> new Binary(Expr.Op.OR, whereFalse(b.left()), whereFalse(b.right()), b.position());
            case Binary b when b.op() == Expr.Op.OR -> new Binary(Expr.Op.AND, whereFalse(b.left()), whereFalse(b.right()), b.position());
            case Expr.IsNull n -> new Expr.IsNull(n.target(), !n.negated(), n.position());
            case Literal l when l.kind() == LiteralKind.BOOLEAN -> new Literal(LiteralKind.BOOLEAN, !(Boolean) l.value(), l.position());
            default -> {
                Expr negated = new Expr.Not(e, e.position());
                for (String p : Cql2Properties.of(e)) {
                    negated = new Binary(Expr.Op.AND, negated, new Expr.IsNull(new Expr.FieldRef(p, e.position()), true, e.position()),
                            e.position());
                }
                yield negated;
            }
        };
    }
}
