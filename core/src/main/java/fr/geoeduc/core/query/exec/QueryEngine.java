package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.query.odsql.Clauses;
import fr.geoeduc.core.query.odsql.Clauses.GroupItem;
import fr.geoeduc.core.query.odsql.Clauses.OrderItem;
import fr.geoeduc.core.query.odsql.Clauses.SelectItem;
import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.query.odsql.OdsqlException;
import fr.geoeduc.core.query.odsql.OdsqlParser;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs an Explore query (select, where, group_by, order_by, limit, offset, refine, exclude) on a snapshot.
 * Without aggregation it filters rows (using indexes), sorts them with nulls last and projects the page;
 * with group_by or aggregates it groups the matching rows and computes the aggregates exactly.
 */
public final class QueryEngine {

    /** One query; {@code limit} -1 means all rows (exports). */
    /**
     * One query. {@code where} holds ODSQL texts (the Explore API's parameters); {@code filters} holds conditions
     * already parsed into the expression tree (CQL2, OGC bbox and datetime, joins), ANDed with them.
     */
    public record Request(String select, List<String> where, String groupBy, String orderBy, int limit, int offset,
                          List<String> refine, List<String> exclude, QueryContext context, List<Expr> filters) {
        public Request {
            where = where == null ? List.of() : List.copyOf(where);
            refine = refine == null ? List.of() : List.copyOf(refine);
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
            filters = filters == null ? List.of() : List.copyOf(filters);
        }

        public Request(String select, List<String> where, String groupBy, String orderBy, int limit, int offset,
                       List<String> refine, List<String> exclude, QueryContext context) {
            this(select, where, groupBy, orderBy, limit, offset, refine, exclude, context, List.of());
        }

        /** The same request with more parsed conditions. */
        public Request and(List<Expr> more) {
            List<Expr> all = new ArrayList<>(filters);
            all.addAll(more);
            return new Request(select, where, groupBy, orderBy, limit, offset, refine, exclude, context, all);
        }
    }

    /** The rows of the page, and the number of matching rows (of groups, for a grouped query). */
    public record Result(long totalCount, List<Map<String, Object>> rows, boolean grouped) {
    }

    private QueryEngine() {
    }

    public static Result run(Snapshot snapshot, Request request) {
        List<Map<String, Object>> rows = new ArrayList<>();
        long total = execute(snapshot, request, rows::add);
        return new Result(total, rows, isGrouped(request));
    }

    private static boolean isGrouped(Request r) {
        if (r.groupBy() != null && !r.groupBy().isBlank()) {
            return true;
        }
        return r.select() != null && !r.select().isBlank() && OdsqlParser.select(r.select()).stream()
                .anyMatch(i -> i instanceof Clauses.Column c && Exprs.containsAggregate(c.expr()));
    }

    /** Streams the page to {@code sink}; returns the total count. */
    public static long execute(Snapshot snapshot, Request request, Consumer<Map<String, Object>> sink) {
        QueryContext base = request.context();
        Filter filter = filter(snapshot, request);
        Compiler compiler = new Compiler(snapshot, base.in("where"));
        List<SelectItem> select = blank(request.select()) ? null : OdsqlParser.select(request.select());
        List<GroupItem> groups = blank(request.groupBy()) ? List.of() : OdsqlParser.groupBy(request.groupBy());
        List<OrderItem> order = blank(request.orderBy()) ? List.of() : OdsqlParser.orderBy(request.orderBy());
        boolean grouped = !groups.isEmpty() || (select != null && select.stream()
                .anyMatch(i -> i instanceof Clauses.Column c && Exprs.containsAggregate(c.expr())));
        if (grouped) {
            return new Grouping(snapshot, base, select, request.select(), groups, request.groupBy(), order)
                    .run(compiler, filter, request.limit(), request.offset(), sink);
        }
        if (order.isEmpty() && filter == Filter.ALL) {
            // every row in row order needs no list of them: a page of a 12-million-row version would build one of 48 MB
            return rowMode(snapshot, base, null, snapshot.rows(), select, request.select(), order, request.limit(), request.offset(), sink);
        }
        if (order.isEmpty() && filter.candidates() == null && filter.count() >= 0) {
            // the total is known: only the rows up to the end of the page are looked for, in row order
            int count = filter.count();
            int to = request.limit() < 0 ? count : (int) Math.min(count, (long) Math.max(0, request.offset()) + request.limit());
            return rowMode(snapshot, base, compiler.firstMatches(filter, to), count, select, request.select(), order,
                    request.limit(), request.offset(), sink);
        }
        int end = request.limit() < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, (long) Math.max(0, request.offset()) + request.limit());
        if (order.isEmpty() && filter.candidates() == null && end >= 0) {
            // the rows up to the end of the page are listed, the others only counted: no list of millions of matches
            Compiler.FirstMatches first = compiler.firstMatchesCounting(filter, end);
            return rowMode(snapshot, base, first.rows(), first.total(), select, request.select(), order, request.limit(),
                    request.offset(), sink);
        }
        TopRows top = end >= 0 && end <= TopRows.MAX_WANTED ? TopRows.of(snapshot, order, end) : null;
        if (top != null) {
            // a page of sorted rows: the matches go through a bounded heap on the columns' values, not a full sort
            compiler.forEachMatch(filter, top::offer);
            return rowMode(snapshot, base, top.inOrder(), top.total(), select, request.select(), List.of(), request.limit(),
                    request.offset(), sink);
        }
        int[] rows = compiler.matches(filter);
        return rowMode(snapshot, base, rows, rows.length, select, request.select(), order, request.limit(), request.offset(), sink);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The rows a request selects (where, refine, exclude), before grouping and paging. */
    public static Filter filter(Snapshot snapshot, Request request) {
        QueryContext base = request.context();
        List<Filter> parts = new ArrayList<>();
        Compiler where = new Compiler(snapshot, base.in("where"));
        for (String w : request.where()) {
            if (!blank(w)) {
                parts.add(where.filter(OdsqlParser.where(w)));
            }
        }
        for (Expr f : request.filters()) {
            parts.add(where.filter(f));
        }
        Compiler refine = new Compiler(snapshot, base.in("refine"));
        Map<String, List<Filter>> byField = new LinkedHashMap<>();
        for (String r : request.refine()) {
            String[] fv = facetValue(r, "refine");
            byField.computeIfAbsent(fv[0], k -> new ArrayList<>()).add(refine.facetValue(fv[0], fv[1], 0));
        }
        // several refines on one facet are ORed (disjunctive facets), different facets are ANDed
        byField.values().forEach(list -> parts.add(Compiler.orAll(list)));
        Compiler exclude = new Compiler(snapshot, base.in("exclude"));
        for (String e : request.exclude()) {
            String[] fv = facetValue(e, "exclude");
            parts.add(Compiler.not(exclude.facetValue(fv[0], fv[1], 0), exclude));
        }
        return Compiler.andAll(parts);
    }

    /** {@code field:value} or {@code field:"value"}. */
    public static String[] facetValue(String param, String clause) {
        int colon = param.indexOf(':');
        if (colon <= 0) {
            throw new OdsqlException(clause, 0, "expected FACET:VALUE, found '" + param + "'");
        }
        String field = param.substring(0, colon).strip();
        String value = param.substring(colon + 1).strip();
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return new String[]{field, value};
    }

    // ------------------------------------------------------------------ rows

    /** One output column; {@code field} is the snapshot field it copies unchanged, or -1 for a computed value. */
    private record Projection(String key, RowFn value, int field) {
    }

    /** How the rows of a result are read: its columns, and for each where its values come from. Immutable. */
    private record RowPlan(List<Projection> projections, RowMap.Keys keys, RowFn[] values,
                           fr.geoeduc.core.engine.Column.Text[] textSources) {

        static RowPlan of(Snapshot snapshot, List<Projection> projections) {
            fr.geoeduc.core.engine.Column.Text[] textSources = new fr.geoeduc.core.engine.Column.Text[projections.size()];
            boolean[] copied = new boolean[projections.size()];
            for (int k = 0; k < copied.length; k++) {
                Projection p = projections.get(k);
                if (p.field() >= 0) {
                    textSources[k] = snapshot.column(p.field()) instanceof fr.geoeduc.core.engine.Column.Text t ? t : null;
                    copied[k] = p.key().equals(snapshot.field(p.field()).name()); // an alias of a field is not that field
                }
            }
            RowMap.Keys keys = new RowMap.Keys(projections.stream().map(Projection::key).toList(), textSources, copied);
            RowFn[] values = projections.stream().map(Projection::value).toArray(RowFn[]::new);
            return new RowPlan(List.copyOf(projections), keys, values, textSources);
        }
    }

    /** The key of the plan of a query without {@code select}: every field, the same for every such query. */
    private static final Object EVERY_FIELD = new Object();

    private static RowPlan plan(Snapshot snapshot, QueryContext ctx, List<SelectItem> select, String selectText) {
        if (select == null) {
            return snapshot.derived(EVERY_FIELD, s -> RowPlan.of(s, projections(s, ctx, null, null)));
        }
        return RowPlan.of(snapshot, projections(snapshot, ctx, select, selectText));
    }

    /**
     * {@code rows}: the matching rows in row order (all of them when there is an order_by, else at least those up to
     * the end of the page), or null for every row of the snapshot (no list built); {@code total}: how many match.
     */
    private static long rowMode(Snapshot snapshot, QueryContext base, int[] rows, int total, List<SelectItem> select, String selectText,
                                List<OrderItem> order, int limit, int offset, Consumer<Map<String, Object>> sink) {
        RowPlan plan = plan(snapshot, base.in("select"), select, selectText);
        int from = Math.max(0, Math.min(offset, total));
        int to = limit < 0 ? total : (int) Math.min(total, (long) from + limit);
        int need = limit < 0 ? -1 : to; // a page needs its rows only up to offset + limit in order
        if (!order.isEmpty()) { // without order_by, the row order (a convention's view keeps its rows in its keyed order)
            rows = sortRows(snapshot, base.in("order_by"), rows, order, plan.projections(), need);
        }
        RowFn[] values = plan.values();
        fr.geoeduc.core.engine.Column.Text[] textSources = plan.textSources();
        for (int i = from; i < to; i++) {
            int row = rows == null ? i : rows[i];
            Object[] out = new Object[values.length];
            for (int k = 0; k < values.length; k++) {
                if (textSources[k] == null) { // a text field copied unchanged is read from its column when asked for
                    out[k] = values[k].apply(row);
                }
            }
            sink.accept(new RowMap(plan.keys(), out, row));
        }
        return total;
    }

    private static List<Projection> projections(Snapshot snapshot, QueryContext ctx, List<SelectItem> select, String selectText) {
        Compiler compiler = new Compiler(snapshot, ctx);
        List<Projection> out = new ArrayList<>();
        if (select == null) {
            addAllFields(snapshot, out, compiler, null);
            return out;
        }
        List<String> texts = ClauseText.items(selectText);
        boolean onlyExcludes = select.stream().allMatch(i -> i instanceof Clauses.Pattern p && !p.include());
        if (onlyExcludes) {
            addAllFields(snapshot, out, compiler, null);
        }
        for (int k = 0; k < select.size(); k++) {
            SelectItem item = select.get(k);
            switch (item) {
                case Clauses.Column c when c.expr() instanceof Expr.Star -> addAllFields(snapshot, out, compiler, null);
                case Clauses.Column c -> {
                    String key = c.alias() != null ? c.alias() : c.expr() instanceof Expr.FieldRef f ? f.name()
                            : k < texts.size() ? ClauseText.withoutAlias(texts.get(k)) : "expr" + k;
                    RowFn fn = compiler.value(c.expr());
                    out.removeIf(p -> p.key().equals(key));
                    out.add(new Projection(key, fn, c.expr() instanceof Expr.FieldRef f ? snapshot.fieldIndex(f.name()) : -1));
                }
                case Clauses.Pattern p when p.include() -> {
                    for (int i = 0; i < snapshot.schema().size(); i++) {
                        String name = snapshot.field(i).name();
                        if (matchesAny(name, p.patterns()) && out.stream().noneMatch(x -> x.key().equals(name))) {
                            out.add(new Projection(name, compiler.value(new Expr.FieldRef(name, 0)), i));
                        }
                    }
                }
                case Clauses.Pattern p -> out.removeIf(x -> matchesAny(x.key(), p.patterns()));
            }
        }
        return out;
    }

    /**
     * {@code *}: the fields the producer published, in their order. The fields GéoÉduc derives (COG codes, rentrée
     * year…) are answered only when named, so that positional and strict readers see the portal's columns.
     */
    private static void addAllFields(Snapshot snapshot, List<Projection> out, Compiler compiler, Object unused) {
        java.util.Set<String> present = new java.util.HashSet<>();
        out.forEach(p -> present.add(p.key()));
        for (Field f : snapshot.schema().fields()) {
            if (!f.isAddedByGeoeduc() && present.add(f.name())) {
                out.add(new Projection(f.name(), compiler.value(new Expr.FieldRef(f.name(), 0)), snapshot.fieldIndex(f.name())));
            }
        }
    }

    static boolean matchesAny(String name, List<String> patterns) {
        for (String p : patterns) {
            if (p.endsWith("*") ? name.startsWith(p.substring(0, p.length() - 1)) : name.equals(p)) {
                return true;
            }
        }
        return false;
    }

    private static int[] sortRows(Snapshot snapshot, QueryContext ctx, int[] rows, List<OrderItem> order, List<Projection> projections,
                                  int need) {
        Compiler compiler = new Compiler(snapshot, ctx);
        int n = order.size();
        RowFn[] keys = new RowFn[n];
        boolean[] desc = new boolean[n];
        for (int i = 0; i < n; i++) {
            OrderItem o = order.get(i);
            desc[i] = o.descending();
            if (Exprs.containsAggregate(o.expr())) {
                throw new OdsqlException("order_by", o.expr().position(), "aggregation in order_by needs a group_by or an aggregated select");
            }
            RowFn alias = null;
            if (o.expr() instanceof Expr.FieldRef f && snapshot.fieldIndex(f.name()) < 0) {
                alias = projections.stream().filter(p -> p.key().equals(f.name())).map(Projection::value).findFirst().orElse(null);
            }
            keys[i] = alias != null ? alias : compiler.value(o.expr());
        }
        Object[][] values = new Object[n][];
        for (int i = 0; i < n; i++) {
            values[i] = new Object[rows.length];
            for (int k = 0; k < rows.length; k++) {
                values[i][k] = keys[i].apply(rows[k]);
            }
        }
        return RowOrder.sorted(rows, values, desc, snapshot.publishedOrder(), need);
    }

    /** Nulls last in both directions, as the Explore API does. */
    static int compareNullsLast(Object a, Object b, boolean descending) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        Integer c = Values.compare(a, b);
        int v = c == null ? a.toString().compareTo(b.toString()) : c;
        return descending ? -v : v;
    }

    // ------------------------------------------------------------------ groups

    /**
     * The groups one query may hold: about a kilobyte of heap each (key, aggregates, map entry), a million under
     * the default -Xmx1g. Beyond, the query is refused with a message rather than filling the heap of the server.
     */
    static volatile int maxGroups = (int) Math.max(100_000, Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 1024));

    static OdsqlException tooManyGroups() {
        return new OdsqlException("group_by", 0, "more than " + maxGroups + " groups (each held in memory while the rows are "
                + "read): group by a coarser field, or narrow the rows with where or refine");
    }

    /** Compiles and runs a grouped query. */
    private static final class Grouping {
        private final Snapshot snapshot;
        private final Compiler rows;
        private final QueryContext base;
        private final List<GroupItem> groups;
        private final List<String> groupKeys = new ArrayList<>();
        private final List<RowFn> groupFns = new ArrayList<>();
        private final List<Boolean> clusterGroup = new ArrayList<>();
        private final List<Aggregator.Factory> aggregates = new ArrayList<>();
        private final List<RowFn> aggregateArgs = new ArrayList<>();
        private final List<AggregateInput> aggregateInputs = new ArrayList<>();
        private final List<Column.Text> dictionaryKeys = new ArrayList<>();
        private final Map<String, Integer> aggregateSlot = new HashMap<>();
        private final List<String> outputKeys = new ArrayList<>();
        private final List<GroupFn> outputs = new ArrayList<>();
        private final List<GroupFn> orderKeys = new ArrayList<>();
        private final List<Boolean> orderDesc = new ArrayList<>();

        interface GroupFn {
            Object apply(Object[] keys, Aggregator[] aggs);
        }

        Grouping(Snapshot snapshot, QueryContext base, List<SelectItem> select, String selectText, List<GroupItem> groups,
                 String groupText, List<OrderItem> order) {
            this.snapshot = snapshot;
            this.base = base;
            this.rows = new Compiler(snapshot, base.in("group_by"));
            this.groups = groups;
            List<String> groupTexts = ClauseText.items(groupText == null ? "" : groupText);
            for (int k = 0; k < groups.size(); k++) {
                GroupItem g = groups.get(k);
                String key = g.alias() != null ? g.alias() : g.expr() instanceof Expr.FieldRef f ? f.name()
                        : k < groupTexts.size() ? ClauseText.withoutAlias(groupTexts.get(k)) : "group" + k;
                groupKeys.add(key);
                clusterGroup.add(g.expr() instanceof Expr.Call c && c.name().equals("geo_cluster"));
                groupFns.add(groupKey(g.expr()));
                dictionaryKeys.add(plainColumn(g.expr()) instanceof Column.Text t ? t : null);
            }
            Compiler selectCompiler = new Compiler(snapshot, base.in("select"));
            if (select == null) {
                for (int k = 0; k < groups.size(); k++) {
                    int index = k;
                    outputKeys.add(groupKeys.get(k));
                    outputs.add((keys, aggs) -> keys[index]);
                }
            } else {
                List<String> texts = ClauseText.items(selectText);
                for (int k = 0; k < select.size(); k++) {
                    SelectItem item = select.get(k);
                    if (!(item instanceof Clauses.Column c)) {
                        throw new OdsqlException("select", 0, "include()/exclude() cannot be used with group_by or aggregations");
                    }
                    if (c.expr() instanceof Expr.Star s) {
                        throw new OdsqlException("select", s.position(), "'*' cannot be used with group_by or aggregations: select the group_by fields");
                    }
                    String key = c.alias() != null ? c.alias() : c.expr() instanceof Expr.FieldRef f ? f.name()
                            : k < texts.size() ? ClauseText.withoutAlias(texts.get(k)) : "expr" + k;
                    outputKeys.add(key);
                    outputs.add(compile(c.expr(), selectCompiler, "select"));
                }
                addUnselectedGroupKeys(select);
            }
            Compiler orderCompiler = new Compiler(snapshot, base.in("order_by"));
            requireAggregatesFirst(order, select);
            for (OrderItem o : order) {
                GroupFn byAlias = null;
                if (o.expr() instanceof Expr.FieldRef f) {
                    int i = outputKeys.indexOf(f.name());
                    if (i >= 0) {
                        GroupFn out = outputs.get(i);
                        byAlias = out;
                    } else if (groupKeys.contains(f.name())) {
                        int g = groupKeys.indexOf(f.name());
                        byAlias = (keys, aggs) -> keys[g];
                    }
                }
                orderKeys.add(byAlias != null ? byAlias : compile(o.expr(), orderCompiler, "order_by"));
                orderDesc.add(o.descending());
            }
        }

        /** The reference: "aggregations must come first" ({@code avg(age), gender} works, {@code gender, avg(age)} is an error). */
        private void requireAggregatesFirst(List<OrderItem> order, List<SelectItem> select) {
            Set<String> aggregatedAliases = new HashSet<>();
            for (int k = 0; select != null && k < select.size(); k++) {
                if (select.get(k) instanceof Clauses.Column c && Exprs.containsAggregate(c.expr())) {
                    aggregatedAliases.add(outputKeys.get(k));
                }
            }
            OrderItem plain = null;
            for (OrderItem o : order) {
                boolean aggregated = Exprs.containsAggregate(o.expr())
                        || o.expr() instanceof Expr.FieldRef f && aggregatedAliases.contains(f.name()) && !groupKeys.contains(f.name());
                if (!aggregated) {
                    plain = plain == null ? o : plain;
                } else if (plain != null) {
                    throw new OdsqlException("order_by", o.expr().position(), "aggregations must come before the other order_by "
                            + "expressions (e.g. order_by=count(*) DESC, commune, not commune, count(*) DESC)");
                }
            }
        }

        /**
         * The portal answers every group key next to the aggregates ({@code {"n":…,"academie":…}}), whether or not
         * select names it: the group expressions select leaves out follow the selected columns.
         */
        private void addUnselectedGroupKeys(List<SelectItem> select) {
            Set<String> selected = new HashSet<>();
            for (SelectItem item : select) {
                selected.add(Exprs.canonical(((Clauses.Column) item).expr()));
            }
            for (int g = 0; g < groups.size(); g++) {
                if (!selected.contains(Exprs.canonical(groups.get(g).expr())) && !outputKeys.contains(groupKeys.get(g))) {
                    int index = g;
                    outputKeys.add(groupKeys.get(g));
                    outputs.add((keys, aggs) -> keys[index]);
                }
            }
        }

        /** The column of a plain field reference (whose value is the column's value as is), null for anything else. */
        private Column plainColumn(Expr e) {
            if (e instanceof Expr.FieldRef f) {
                int i = snapshot.fieldIndex(f.name());
                return i < 0 ? null : snapshot.column(i);
            }
            return null;
        }

        private Aggregator[] newAggregators() {
            Aggregator[] aggs = new Aggregator[aggregates.size()];
            for (int a = 0; a < aggs.length; a++) {
                aggs[a] = aggregates.get(a).create();
            }
            return aggs;
        }

        private RowFn groupKey(Expr e) {
            if (e instanceof Expr.FieldRef f) {
                int i = snapshot.fieldIndex(f.name());
                if (i >= 0 && snapshot.field(i).type().isGeo()) {
                    throw new OdsqlException("group_by", f.position(), "Aggregation on geo point field is not possible. "
                            + "Use the geo_cluster(" + f.name() + ", int_precision) aggregation function instead", "ODSQLError");
                }
                RowFn v = rows.value(e);
                if (i >= 0 && snapshot.field(i).type() == FieldType.DATE) {
                    return row -> v.apply(row) instanceof LocalDate d ? d.toString() : null;
                }
                if (i >= 0 && snapshot.field(i).type() == FieldType.DATETIME) {
                    return row -> v.apply(row) instanceof Instant t ? Json.instant(t, base.zone()) : null;
                }
                return v;
            }
            if (e instanceof Expr.Call c) {
                switch (c.name()) {
                    case "range" -> {
                        return range(c);
                    }
                    case "geo_cluster" -> {
                        return geoCluster(c);
                    }
                    default -> {
                        if (Compiler.AGGREGATES.contains(c.name())) {
                            throw new OdsqlException("group_by", c.position(), "aggregation " + c.name() + "() is not allowed in group_by");
                        }
                    }
                }
            }
            return rows.value(e);
        }

        private RowFn range(Expr.Call c) {
            if (c.args().size() < 2) {
                throw new OdsqlException("group_by", c.position(), "range() expects a field and bounds: range(f, *, 10, 50, *) or range(f, 5)");
            }
            RowFn v = rows.value(c.args().get(0));
            if (c.args().size() == 2) {
                Expr step = c.args().get(1);
                if (step instanceof Expr.Literal l && l.kind() == Expr.LiteralKind.INTERVAL) {
                    Expr.Interval interval = (Expr.Interval) l.value();
                    ChronoUnit unit = unit(interval.unit(), l);
                    long amount = interval.amount();
                    if (amount <= 0) {
                        throw new OdsqlException("group_by", l.position(), "the range width must be positive");
                    }
                    return row -> {
                        ZonedDateTime z = rows.zoned(v.apply(row));
                        if (z == null) {
                            return null;
                        }
                        ZonedDateTime start = truncate(z, unit, amount);
                        return unit.isDateBased() && unit != ChronoUnit.HALF_DAYS ? start.toLocalDate().toString()
                                : Json.instant(start.toInstant(), base.zone());
                    };
                }
                Object width = rows.constant(step);
                if (!(width instanceof Number w) || w.doubleValue() <= 0) {
                    throw new OdsqlException("group_by", step.position(), "the range width must be a positive number or an interval such as 1 day");
                }
                double size = w.doubleValue();
                return row -> {
                    Double x = Values.number(v.apply(row));
                    if (x == null) {
                        return null;
                    }
                    double lo = Math.floor(x / size) * size;
                    return "[" + Json.number(lo) + ", " + Json.number(lo + size) + "[";
                };
            }
            List<Object> bounds = new ArrayList<>();
            for (Expr b : c.args().subList(1, c.args().size())) {
                bounds.add(b instanceof Expr.Star ? null : rows.constant(b));
            }
            return row -> {
                Object x = v.apply(row);
                if (x == null) {
                    return null;
                }
                for (int i = 0; i + 1 < bounds.size(); i++) {
                    Object lo = bounds.get(i);
                    Object hi = bounds.get(i + 1);
                    Integer cl = lo == null ? 1 : Values.compare(x, lo);
                    Integer ch = hi == null ? -1 : Values.compare(x, hi);
                    if (cl != null && ch != null && cl >= 0 && ch < 0) {
                        return "[" + bound(lo) + ", " + bound(hi) + "[";
                    }
                }
                return null;
            };
        }

        private String bound(Object b) {
            if (b == null) {
                return "*";
            }
            if (b instanceof Instant i) {
                return Json.instant(i, base.zone());
            }
            return b instanceof Number n ? Json.number(n.doubleValue()) : b.toString();
        }

        private static ChronoUnit unit(String unit, Expr at) {
            return switch (unit) {
                case "ms", "millisecond", "milliseconds" -> ChronoUnit.MILLIS;
                case "s", "second", "seconds" -> ChronoUnit.SECONDS;
                case "m", "minute", "minutes" -> ChronoUnit.MINUTES;
                case "h", "hour", "hours" -> ChronoUnit.HOURS;
                case "d", "day", "days" -> ChronoUnit.DAYS;
                case "w", "week", "weeks" -> ChronoUnit.WEEKS;
                case "M", "month", "months" -> ChronoUnit.MONTHS;
                case "q", "quarter", "quarters" -> ChronoUnit.HALF_DAYS;
                case "y", "year", "years" -> ChronoUnit.YEARS;
                default -> throw new OdsqlException("group_by", at.position(), "unknown interval unit '" + unit + "'");
            };
        }

        private static ZonedDateTime truncate(ZonedDateTime z, ChronoUnit unit, long amount) {
            return switch (unit) {
                case YEARS -> z.withDayOfYear(1).truncatedTo(ChronoUnit.DAYS);
                case HALF_DAYS -> z.withMonth(((z.getMonthValue() - 1) / 3) * 3 + 1).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
                case MONTHS -> z.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
                case WEEKS -> z.minusDays(z.getDayOfWeek().getValue() - 1L).truncatedTo(ChronoUnit.DAYS);
                default -> {
                    long ms = unit.getDuration().toMillis() * amount;
                    long t = z.toInstant().toEpochMilli();
                    yield Instant.ofEpochMilli(Math.floorDiv(t, ms) * ms).atZone(z.getZone());
                }
            };
        }

        private RowFn geoCluster(Expr.Call c) {
            if (c.args().size() < 2 || !(c.args().get(0) instanceof Expr.FieldRef f)
                    || snapshot.fieldIndex(f.name()) < 0 || snapshot.field(snapshot.fieldIndex(f.name())).type() != FieldType.GEO_POINT_2D) {
                throw new OdsqlException("group_by", c.position(), "geo_cluster() expects (geo_point_2d field, precision 0..25)");
            }
            Object p = rows.constant(c.args().get(1));
            if (!(p instanceof Long precision) || precision < 0 || precision > 25) {
                throw new OdsqlException("group_by", c.args().get(1).position(), "geo_cluster() precision must be an integer from 0 to 25");
            }
            double cell = 360.0 / Math.pow(2, precision);
            RowFn v = rows.value(f);
            return row -> v.apply(row) instanceof GeoPoint gp
                    ? (long) Math.floor((gp.lat() + 90) / cell) * 1_000_000_000L + (long) Math.floor((gp.lon() + 180) / cell) : null;
        }

        /** Compiles a select/order expression over groups: aggregates, group keys, literals and arithmetic. */
        private GroupFn compile(Expr e, Compiler compiler, String clause) {
            for (int g = 0; g < groups.size(); g++) {
                if (Exprs.canonical(groups.get(g).expr()).equals(Exprs.canonical(e))) {
                    int index = g;
                    return (keys, aggs) -> keys[index];
                }
            }
            return switch (e) {
                case Expr.Call c when Compiler.AGGREGATES.contains(c.name()) -> {
                    String canon = Exprs.canonical(c);
                    Integer slot = aggregateSlot.get(canon);
                    if (slot == null) {
                        slot = aggregates.size();
                        aggregateSlot.put(canon, slot);
                        boolean star = !c.args().isEmpty() && c.args().get(0) instanceof Expr.Star;
                        if (!c.name().equals("count") && (c.args().isEmpty() || star)) {
                            throw new OdsqlException(clause, c.position(), c.name() + "() expects a field");
                        }
                        if (c.name().equals("count") && c.args().isEmpty()) {
                            star = true;
                        }
                        double p = 50;
                        if (c.name().equals("percentile")) {
                            if (c.args().size() != 2 || !(compiler.constant(c.args().get(1)) instanceof Number n)
                                    || n.doubleValue() < 0 || n.doubleValue() > 100) {
                                throw new OdsqlException(clause, c.position(), "percentile(field, p) expects p between 0 and 100");
                            }
                            p = n.doubleValue();
                        }
                        if (Exprs.containsAggregate(star ? new Expr.Star(0) : c.args().get(0))) {
                            throw new OdsqlException(clause, c.position(), "aggregations cannot be nested");
                        }
                        aggregates.add(Aggregator.factory(c.name(), c.distinct(), star, p));
                        RowFn arg = star ? row -> Boolean.TRUE : compiler.value(c.args().get(0));
                        aggregateArgs.add(arg);
                        aggregateInputs.add(star ? AggregateInput.COUNT_ALL : AggregateInput.of(arg, plainColumn(c.args().get(0))));
                    }
                    int s = slot;
                    yield (keys, aggs) -> aggs[s].result();
                }
                case Expr.Literal l -> {
                    Object v = compiler.literal(l);
                    yield (keys, aggs) -> v;
                }
                case Expr.Binary b when b.op().ordinal() >= Expr.Op.ADD.ordinal() -> {
                    GroupFn l = compile(b.left(), compiler, clause);
                    GroupFn r = compile(b.right(), compiler, clause);
                    Expr.Op op = b.op();
                    yield (keys, aggs) -> Compiler.combine(op, l.apply(keys, aggs), r.apply(keys, aggs));
                }
                case Expr.Neg n -> {
                    GroupFn inner = compile(n.operand(), compiler, clause);
                    yield (keys, aggs) -> Compiler.combine(Expr.Op.SUB, 0L, inner.apply(keys, aggs));
                }
                case Expr.FieldRef f -> throw new OdsqlException(clause, f.position(), "field " + f.name()
                        + " must be in group_by or inside an aggregation such as count(" + f.name() + ")");
                default -> throw new OdsqlException(clause, e.position(), "with group_by or aggregations, " + clause
                        + " may only hold group_by expressions, aggregations, literals and arithmetic");
            };
        }


        long run(Compiler compiler, Filter filter, int limit, int offset, Consumer<Map<String, Object>> sink) {
            Map<List<Object>, Aggregator[]> table = new LinkedHashMap<>();
            Map<List<Object>, double[]> clusterCentres = new HashMap<>();
            int nk = groupFns.size();
            int na = aggregates.size();
            AggregateInput[] inputs = aggregateInputs.toArray(AggregateInput[]::new);
            int[] matched;
            DictionaryGroups byCodes = null;
            if (nk == 0) {
                // aggregates without group_by: one group, no per-row key, no list of the matching rows
                Aggregator[] aggs = newAggregators();
                if (Arrays.stream(inputs).allMatch(i -> i == AggregateInput.COUNT_ALL)) {
                    int count = compiler.count(filter); // count(*) alone: no row to feed
                    for (Aggregator a : aggs) {
                        ((Aggregator.CountAll) a).addRows(count);
                    }
                } else {
                    compiler.forEachMatch(filter, row -> {
                        for (int a = 0; a < na; a++) {
                            inputs[a].feed(aggs[a], row);
                        }
                    });
                }
                table.put(List.of(), aggs);
                matched = new int[0];
            } else {
                matched = compiler.matches(filter);
                byCodes = clusterGroup.contains(true) ? null
                        : DictionaryGroups.of(dictionaryKeys.toArray(Column.Text[]::new), matched.length);
            }
            if (byCodes != null) {
                table = byCodes.group(matched, this::newAggregators, inputs, orderKeys.isEmpty());
                matched = new int[0];
            }
            int cluster = clusterGroup.indexOf(true);
            RowFn clusterPoint = cluster < 0 ? null : rows.value(((Expr.Call) groups.get(cluster).expr()).args().get(0));
            Object[] key = new Object[nk];
            for (int row : matched) {
                for (int g = 0; g < nk; g++) {
                    key[g] = groupFns.get(g).apply(row);
                }
                List<Object> k = Arrays.asList(key.clone());
                Aggregator[] aggs = table.get(k);
                if (aggs == null) {
                    if (table.size() >= maxGroups) {
                        throw tooManyGroups();
                    }
                    aggs = newAggregators();
                    table.put(k, aggs);
                }
                for (int a = 0; a < na; a++) {
                    inputs[a].feed(aggs[a], row);
                }
                if (clusterPoint != null) {
                    if (clusterPoint.apply(row) instanceof GeoPoint gp) {
                        double[] centre = clusterCentres.computeIfAbsent(k, x -> new double[3]);
                        centre[0] += gp.lat();
                        centre[1] += gp.lon();
                        centre[2]++;
                    }
                }
            }
            if (table.isEmpty() && nk == 0) {
                table.put(List.of(), newAggregators());
            }
            List<Map.Entry<List<Object>, Aggregator[]>> entries = new ArrayList<>(table.entrySet());
            Comparator<Map.Entry<List<Object>, Aggregator[]>> cmp = null;
            if (!orderKeys.isEmpty()) {
                for (int i = 0; i < orderKeys.size(); i++) {
                    GroupFn fn = orderKeys.get(i);
                    boolean desc = orderDesc.get(i);
                    Comparator<Map.Entry<List<Object>, Aggregator[]>> c = (a, b) -> compareNullsLast(
                            fn.apply(a.getKey().toArray(), a.getValue()), fn.apply(b.getKey().toArray(), b.getValue()), desc);
                    cmp = cmp == null ? c : cmp.thenComparing(c);
                }
            } else {
                for (int g = 0; g < nk; g++) {
                    int index = g;
                    Comparator<Map.Entry<List<Object>, Aggregator[]>> c = (a, b) -> compareNullsLast(
                            a.getKey().get(index), b.getKey().get(index), false);
                    cmp = cmp == null ? c : cmp.thenComparing(c);
                }
            }
            if (cmp != null) {
                entries.sort(cmp);
            }
            int from = Math.max(0, Math.min(offset, entries.size()));
            int to = limit < 0 ? entries.size() : (int) Math.min(entries.size(), (long) from + limit);
            for (int i = from; i < to; i++) {
                Map.Entry<List<Object>, Aggregator[]> e = entries.get(i);
                Object[] keys = e.getKey().toArray();
                for (int g = 0; g < nk; g++) {
                    if (clusterGroup.get(g)) {
                        double[] centre = clusterCentres.get(e.getKey());
                        keys[g] = centre == null ? null : new GeoPoint(centre[0] / centre[2], centre[1] / centre[2]);
                    }
                }
                Map<String, Object> out = new LinkedHashMap<>();
                for (int o = 0; o < outputs.size(); o++) {
                    out.put(outputKeys.get(o), outputs.get(o).apply(keys, e.getValue()));
                }
                sink.accept(out);
            }
            return entries.size();
        }
    }
}
