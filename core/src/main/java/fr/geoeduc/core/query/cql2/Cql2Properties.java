package fr.geoeduc.core.query.cql2;

import fr.geoeduc.core.query.odsql.Expr;

import java.util.LinkedHashSet;
import java.util.Set;

/** The property names an expression reads, in the order they first appear. */
final class Cql2Properties {

    private Cql2Properties() {
    }

    static Set<String> of(Expr e) {
        Set<String> out = new LinkedHashSet<>();
        collect(e, out);
        return out;
    }

    private static void collect(Expr e, Set<String> out) {
        switch (e) {
            case Expr.FieldRef f -> out.add(f.name());
            case Expr.Call c -> {
                c.args().forEach(a -> collect(a, out));
                c.named().values().forEach(a -> collect(a, out));
            }
            case Expr.Binary b -> {
                collect(b.left(), out);
                collect(b.right(), out);
            }
            case Expr.Not n -> collect(n.operand(), out);
            case Expr.Neg n -> collect(n.operand(), out);
            case Expr.InList in -> {
                collect(in.target(), out);
                in.values().forEach(v -> collect(v, out));
            }
            case Expr.InRange r -> {
                collect(r.target(), out);
                if (r.low() != null) {
                    collect(r.low(), out);
                }
                if (r.high() != null) {
                    collect(r.high(), out);
                }
            }
            case Expr.IsNull n -> collect(n.target(), out);
            case Expr.IsBool b -> collect(b.target(), out);
            case Expr.Like l -> collect(l.target(), out);
            case Expr.Literal l -> {
            }
            case Expr.Star s -> {
            }
        }
    }
}
