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
        collect(e, out, new LinkedHashSet<>(), false);
        return out;
    }

    /** The property names an expression reads as geometries: the property arguments of its spatial predicates. */
    static Set<String> spatial(Expr e) {
        Set<String> all = new LinkedHashSet<>();
        Set<String> out = new LinkedHashSet<>();
        collect(e, all, out, false);
        return out;
    }

    /** {@code geometric}: e is an argument of a spatial predicate, so a property there goes to {@code spatial} too. */
    private static void collect(Expr e, Set<String> out, Set<String> spatial, boolean geometric) {
        switch (e) {
            case Expr.FieldRef f -> {
                out.add(f.name());
                if (geometric) {
                    spatial.add(f.name());
                }
            }
            case Expr.Call c -> {
                boolean predicate = Cql2Nodes.SPATIAL.containsValue(c.name()) || c.name().equals("within_distance");
                c.args().forEach(a -> collect(a, out, spatial, predicate));
                c.named().values().forEach(a -> collect(a, out, spatial, false));
            }
            case Expr.Binary b -> {
                collect(b.left(), out, spatial, false);
                collect(b.right(), out, spatial, false);
            }
            case Expr.Not n -> collect(n.operand(), out, spatial, false);
            case Expr.Neg n -> collect(n.operand(), out, spatial, false);
            case Expr.InList in -> {
                collect(in.target(), out, spatial, false);
                in.values().forEach(v -> collect(v, out, spatial, false));
            }
            case Expr.InRange r -> {
                collect(r.target(), out, spatial, false);
                if (r.low() != null) {
                    collect(r.low(), out, spatial, false);
                }
                if (r.high() != null) {
                    collect(r.high(), out, spatial, false);
                }
            }
            case Expr.IsNull n -> collect(n.target(), out, spatial, false);
            case Expr.IsBool b -> collect(b.target(), out, spatial, false);
            case Expr.Like l -> collect(l.target(), out, spatial, false);
            case Expr.Literal l -> {
            }
            case Expr.Star s -> {
            }
        }
    }
}
