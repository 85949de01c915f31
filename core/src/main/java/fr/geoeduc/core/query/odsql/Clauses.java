package fr.geoeduc.core.query.odsql;

import java.util.List;

/** The parsed items of the select, group_by and order_by clauses. */
public final class Clauses {

    private Clauses() {
    }

    /** One select item: an expression with its optional alias, or an include/exclude of field name patterns. */
    public sealed interface SelectItem permits Column, Pattern {
    }

    /** {@code expr [AS alias]}; {@code alias} is null when none was given. {@code *} is a Column with a Star. */
    public record Column(Expr expr, String alias) implements SelectItem {
    }

    /** {@code include(pattern, …)} or {@code exclude(pattern, …)}; patterns may end with {@code *}. */
    public record Pattern(boolean include, List<String> patterns) implements SelectItem {
        public Pattern {
            patterns = List.copyOf(patterns);
        }
    }

    /** {@code expr [AS alias]} of group_by. */
    public record GroupItem(Expr expr, String alias) {
    }

    /** {@code expr [ASC|DESC]} of order_by. */
    public record OrderItem(Expr expr, boolean descending) {
    }
}
