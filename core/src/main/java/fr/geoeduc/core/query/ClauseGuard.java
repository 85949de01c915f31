package fr.geoeduc.core.query;

import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.query.odsql.Clauses;
import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.query.odsql.OdsqlException;
import fr.geoeduc.core.query.odsql.OdsqlParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Closes the count oracles of a convention's view before a query runs. A count answers "how many rows match", so
 * a condition on an identifier rebuilds it one character at a time ({@code startswith(ine, "1")}, then
 * {@code "12"}…) even when the outbound scan stops every value from leaving. So:
 * <ul>
 *   <li>a pseudonymised field may be compared only for equality with a pseudonym ({@code =}, {@code in (…)},
 *       {@code refine}/{@code exclude}), and may be selected, grouped and sorted (its values are pseudonyms);</li>
 *   <li>a granted field whose values hold INE-shaped text (a direct identifier under another name) may not be
 *       named in any clause, and free-text search (which reads every field) is refused on such a view.</li>
 * </ul>
 */
final class ClauseGuard {

    private final Set<String> pseudonyms;
    private final Set<String> identifiers;

    /**
     * @param pseudonyms  the view's pseudonymised fields
     * @param identifiers the view's other fields whose values may hold an INE
     */
    ClauseGuard(Set<String> pseudonyms, Set<String> identifiers) {
        this.pseudonyms = pseudonyms;
        this.identifiers = identifiers;
    }

    void check(QueryEngine.Request request) {
        for (String w : request.where()) {
            if (w != null && !w.isBlank()) {
                condition(OdsqlParser.where(w), "where");
            }
        }
        for (Expr f : request.filters()) {
            condition(f, "filter");
        }
        for (String r : request.refine()) {
            plainUse(QueryEngine.facetValue(r, "refine")[0], "refine");
        }
        for (String e : request.exclude()) {
            plainUse(QueryEngine.facetValue(e, "exclude")[0], "exclude");
        }
        if (request.select() != null && !request.select().isBlank()) {
            for (Clauses.SelectItem item : OdsqlParser.select(request.select())) {
                if (item instanceof Clauses.Column c) {
                    output(c.expr(), "select");
                }
            }
        }
        if (request.groupBy() != null && !request.groupBy().isBlank()) {
            OdsqlParser.groupBy(request.groupBy()).forEach(g -> output(g.expr(), "group_by"));
        }
        if (request.orderBy() != null && !request.orderBy().isBlank()) {
            OdsqlParser.orderBy(request.orderBy()).forEach(o -> output(o.expr(), "order_by"));
        }
    }

    boolean identifiersContain(String field) {
        return identifiers.contains(field);
    }

    /** Facet names: a facet lists values, so an identifier field is refused; pseudonyms are listed as pseudonyms. */
    void checkFacets(List<String> names) {
        names.forEach(n -> plainUse(n, "facet"));
    }

    private void plainUse(String field, String clause) {
        if (identifiers.contains(field)) {
            throw refused(clause, -1, field);
        }
    }

    /** In select, group_by and order_by a pseudonym is only read as it is; a function of it is still a pseudonym's. */
    private void output(Expr e, String clause) {
        for (Expr.FieldRef f : fields(e)) {
            if (identifiers.contains(f.name())) {
                throw refused(clause, f.position(), f.name());
            }
        }
        rejectSearch(e, clause);
    }

    private void condition(Expr e, String clause) {
        switch (e) {
            case Expr.Binary b when b.op() == Expr.Op.AND || b.op() == Expr.Op.OR -> {
                condition(b.left(), clause);
                condition(b.right(), clause);
            }
            case Expr.Not n -> condition(n.operand(), clause);
            case Expr.Binary b when (b.op() == Expr.Op.EQ || b.op() == Expr.Op.NE) && pseudonymAgainstLiteral(b.left(), b.right()) -> {
            }
            case Expr.InList in when in.target() instanceof Expr.FieldRef f && pseudonyms.contains(f.name())
                    && in.values().stream().allMatch(v -> v instanceof Expr.Literal) -> {
            }
            case Expr.IsNull n when n.target() instanceof Expr.FieldRef f && pseudonyms.contains(f.name()) -> {
            }
            default -> {
                for (Expr.FieldRef f : fields(e)) {
                    if (pseudonyms.contains(f.name())) {
                        throw new OdsqlException(clause, f.position(), "the field " + f.name() + " holds pseudonyms: it can only be "
                                + "compared for equality with a pseudonym (" + f.name() + " = \"…\" or " + f.name() + " in (…))");
                    }
                    if (identifiers.contains(f.name())) {
                        throw refused(clause, f.position(), f.name());
                    }
                }
                rejectSearch(e, clause);
            }
        }
    }

    private boolean pseudonymAgainstLiteral(Expr a, Expr b) {
        return a instanceof Expr.FieldRef f && pseudonyms.contains(f.name()) && b instanceof Expr.Literal
                || b instanceof Expr.FieldRef g && pseudonyms.contains(g.name()) && a instanceof Expr.Literal;
    }

    /** A bare text literal or search(…)/suggest(…) reads every text field, identifiers included. */
    private void rejectSearch(Expr e, String clause) {
        if (identifiers.isEmpty()) {
            return;
        }
        walk(e, node -> {
            boolean search = node instanceof Expr.Call c && (c.name().equals("search") || c.name().equals("suggest")
                    || c.name().equals("startswith") && !c.args().isEmpty() && c.args().get(0) instanceof Expr.Star);
            boolean bareText = node instanceof Expr.Literal l && l.kind() == Expr.LiteralKind.STRING && node == e;
            if (search || bareText) {
                throw new OdsqlException(clause, node.position(), "full-text search is not available on this convention's view: "
                        + "it holds direct identifiers (" + String.join(", ", identifiers) + ")");
            }
        });
    }

    private static OdsqlException refused(String clause, int position, String field) {
        return new OdsqlException(clause, position, "the field " + field + " holds direct identifiers (INE-shaped values): "
                + "it cannot be used in " + clause + "; ask the provider to pseudonymise it in the convention");
    }

    private static List<Expr.FieldRef> fields(Expr e) {
        List<Expr.FieldRef> out = new ArrayList<>();
        walk(e, node -> {
            if (node instanceof Expr.FieldRef f) {
                out.add(f);
            }
        });
        return out;
    }

    private static void walk(Expr e, java.util.function.Consumer<Expr> visit) {
        if (e == null) {
            return;
        }
        visit.accept(e);
        switch (e) {
            case Expr.Call c -> {
                c.args().forEach(a -> walk(a, visit));
                c.named().values().forEach(a -> walk(a, visit));
            }
            case Expr.Binary b -> {
                walk(b.left(), visit);
                walk(b.right(), visit);
            }
            case Expr.Not n -> walk(n.operand(), visit);
            case Expr.Neg n -> walk(n.operand(), visit);
            case Expr.InList in -> {
                walk(in.target(), visit);
                in.values().forEach(v -> walk(v, visit));
            }
            case Expr.InRange r -> {
                walk(r.target(), visit);
                walk(r.low(), visit);
                walk(r.high(), visit);
            }
            case Expr.IsNull n -> walk(n.target(), visit);
            case Expr.IsBool b -> walk(b.target(), visit);
            case Expr.Like l -> walk(l.target(), visit);
            default -> {
            }
        }
    }
}
