package fr.geoeduc.core.query;

import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.model.ValueText;
import fr.geoeduc.core.privacy.ProtectedTable;
import fr.geoeduc.core.privacy.SecretStatistiqueRules;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.query.odsql.Clauses;
import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.query.odsql.OdsqlException;
import fr.geoeduc.core.query.odsql.OdsqlParser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Aggregated access to restricted individual data: counts only, read from tables protected once by secret
 * statistique (primary and secondary suppression, audited), for the tables the convention declares. Every
 * answer is a slice of the same protected table, so two allowed queries cannot be subtracted to reveal a
 * hidden cell: the differencing channel is closed by construction. Free where clauses are refused; refine on
 * the table's dimensions selects a slice.
 */
final class AggregatedAccess {

    record Answer(QueryEngine.Result result, String suppression) {
    }

    private static final Map<Snapshot, Map<List<String>, ProtectedTable>> TABLES = Collections.synchronizedMap(new WeakHashMap<>());

    private AggregatedAccess() {
    }

    static Answer answer(QueryService service, QueryService.Visible d, QueryEngine.Request request) {
        Convention.DataScope scope = d.grant().scope();
        Snapshot view = service.snapshot(d);
        if (request.where().stream().anyMatch(w -> w != null && !w.isBlank()) || !request.filters().isEmpty()) {
            throw new OdsqlException("where", -1, "aggregated access under convention " + d.grant().conventionRef()
                    + " allows no where clause: use refine on the dimensions of an allowed table " + scope.secret().tables());
        }
        if (!request.exclude().isEmpty()) {
            throw new OdsqlException("exclude", -1, "aggregated access allows no exclude: use refine on the table's dimensions");
        }
        List<String> groupBy = new ArrayList<>();
        if (request.groupBy() != null && !request.groupBy().isBlank()) {
            for (Clauses.GroupItem g : OdsqlParser.groupBy(request.groupBy())) {
                if (!(g.expr() instanceof Expr.FieldRef f) || g.alias() != null) {
                    throw new OdsqlException("group_by", g.expr().position(), "aggregated access groups by plain fields of an allowed table only");
                }
                groupBy.add(f.name());
            }
        }
        String countKey = null;
        List<String> selectedKeys = new ArrayList<>();
        if (request.select() == null || request.select().isBlank()) {
            throw new OdsqlException("select", -1, "the convention " + d.grant().conventionRef() + " grants aggregated counts only on "
                    + d.definition().id() + ": use select=count(*) with group_by on the fields of an allowed table " + scope.secret().tables());
        }
        for (Clauses.SelectItem item : OdsqlParser.select(request.select())) {
            if (item instanceof Clauses.Column c && c.expr() instanceof Expr.Call call && call.name().equals("count")
                    && (call.args().isEmpty() || call.args().get(0) instanceof Expr.Star) && !call.distinct()) {
                countKey = c.alias() != null ? c.alias() : "count(*)";
                selectedKeys.add(countKey);
            } else if (item instanceof Clauses.Column c && c.expr() instanceof Expr.FieldRef f && groupBy.contains(f.name())) {
                selectedKeys.add(c.alias() != null ? c.alias() : f.name());
            } else {
                throw new OdsqlException("select", -1, "aggregated access answers count(*) and the group_by fields only");
            }
        }
        if (countKey == null) {
            throw new OdsqlException("select", -1, "aggregated access needs count(*) in select");
        }
        Map<String, String> fixed = new LinkedHashMap<>();
        for (String r : request.refine()) {
            String[] fv = QueryEngine.facetValue(r, "refine");
            if (fixed.put(fv[0], fv[1]) != null) {
                throw new OdsqlException("refine", -1, "aggregated access takes one refine value per dimension");
            }
        }
        Set<String> needed = new LinkedHashSet<>(groupBy);
        needed.addAll(fixed.keySet());
        List<String> table = scope.secret().tables().stream().filter(t -> t.containsAll(needed)).findFirst()
                .orElseThrow(() -> new OdsqlException("group_by", -1, "no table allowed by convention " + d.grant().conventionRef()
                        + " covers " + needed + "; allowed tables: " + scope.secret().tables()));
        ProtectedTable protectedTable = TABLES.computeIfAbsent(view, v -> new HashMap<>())
                .computeIfAbsent(List.copyOf(table), t -> protect(view, t, scope.secret()));
        for (Map.Entry<String, String> e : fixed.entrySet()) {
            if (!protectedTable.categories(e.getKey()).contains(e.getValue())) {
                fixed.put(e.getKey(), "\u0000none");
            }
        }
        List<ProtectedTable.Cell> cells = fixed.containsValue("\u0000none") ? List.of() : protectedTable.slice(groupBy, fixed);
        List<Map<String, Object>> rows = new ArrayList<>();
        int hidden = 0;
        for (ProtectedTable.Cell cell : cells) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (Clauses.SelectItem item : OdsqlParser.select(request.select())) {
                Clauses.Column c = (Clauses.Column) item;
                if (c.expr() instanceof Expr.FieldRef f) {
                    row.put(c.alias() != null ? c.alias() : f.name(), cell.coordinates().get(f.name()));
                } else {
                    row.put(countKey, protectedTable.publishedCount(cell));
                }
            }
            hidden += cell.hidden() ? 1 : 0;
            rows.add(row);
        }
        sort(rows, request.orderBy(), countKey);
        int from = Math.min(request.offset(), rows.size());
        int to = request.limit() < 0 ? rows.size() : Math.min(rows.size(), from + request.limit());
        String suppression = "secret statistique (seuil " + scope.secret().threshold() + ") : " + hidden + " cellule(s) masquée(s) sur "
                + cells.size() + " ; table " + table + " : " + protectedTable.hiddenCount() + " masquée(s) sur " + protectedTable.size();
        return new Answer(new QueryEngine.Result(rows.size(), new ArrayList<>(rows.subList(from, to)), true), suppression);
    }

    /** Numbers before hidden markers and text; numbers by value, text alphabetically. */
    static int compareValues(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Number) {
            return -1;
        }
        if (b instanceof Number) {
            return 1;
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static ProtectedTable protect(Snapshot view, List<String> dimensions, Convention.SecretRules secret) {
        int[] fields = new int[dimensions.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = view.fieldIndex(dimensions.get(i));
            if (fields[i] < 0) {
                throw new OdsqlException("group_by", -1, "dimension " + dimensions.get(i) + " is not a field of the convention's view");
            }
        }
        List<ProtectedTable.Row> rows = new ArrayList<>(view.rows());
        for (int r = 0; r < view.rows(); r++) {
            List<String> values = new ArrayList<>(fields.length);
            for (int f : fields) {
                Object v = view.column(f).get(r);
                values.add(v == null ? "" : ValueText.format(v));
            }
            rows.add(new ProtectedTable.Row(values, null, null));
        }
        SecretStatistiqueRules rules = SecretStatistiqueRules.of(secret.threshold());
        if (secret.dominance() > 0) {
            rules = rules.withDominance(secret.dominance());
        }
        return ProtectedTable.protect(dimensions, rows, rules);
    }

    private static void sort(List<Map<String, Object>> rows, String orderBy, String countKey) {
        if (orderBy == null || orderBy.isBlank()) {
            return;
        }
        Comparator<Map<String, Object>> cmp = null;
        for (Clauses.OrderItem o : OdsqlParser.orderBy(orderBy)) {
            String key = o.expr() instanceof Expr.FieldRef f ? f.name()
                    : o.expr() instanceof Expr.Call c && c.name().equals("count") ? countKey : null;
            if (key == null || !rows.isEmpty() && !rows.get(0).containsKey(key)) {
                throw new OdsqlException("order_by", o.expr().position(), "aggregated access sorts by the selected keys only");
            }
            Comparator<Map<String, Object>> c = (a, b) -> compareValues(a.get(key), b.get(key));
            if (o.descending()) {
                c = c.reversed();
            }
            cmp = cmp == null ? c : cmp.thenComparing(c);
        }
        if (cmp != null) {
            rows.sort(cmp);
        }
    }
}
