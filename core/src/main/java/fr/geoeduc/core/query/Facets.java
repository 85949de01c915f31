package fr.geoeduc.core.query;

import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.query.exec.Compiler;
import fr.geoeduc.core.query.exec.Filter;
import fr.geoeduc.core.query.exec.QueryEngine;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Facet counts as the Explore API returns them: per facet, its values with their counts among the rows that
 * match the query, where a facet's own refines are left out of its counts (disjunctive facets); dates are
 * hierarchical (years, then the months of a refined year).
 */
public final class Facets {

    /** A text field with at most this many distinct values is a facet by default. */
    public static final int MAX_DEFAULT_FACET_VALUES = 1000;
    public static final int MAX_VALUES = 100;
    private static final Pattern FACET_FN = Pattern.compile("(?i)^\\s*facet\\s*\\((.*)\\)\\s*$");
    private static final Pattern NAME_ARG = Pattern.compile("(?i)name\\s*=\\s*[\"']([^\"']+)[\"']");
    private static final Pattern LIMIT_ARG = Pattern.compile("(?i)limit\\s*=\\s*(\\d+)");
    private static final Pattern SORT_ARG = Pattern.compile("(?i)sort\\s*=\\s*[\"']([^\"']*)[\"']");

    public record Value(String name, String value, Long count, String state, List<Value> facets) {
    }

    public record Facet(String name, List<Value> facets) {
    }

    private Facets() {
    }

    /** Fields shown as facets when the request names none. */
    public static List<String> defaultFacets(Snapshot s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.schema().size(); i++) {
            Field f = s.field(i);
            if ("derived".equals(f.origin()) && !f.name().equals("annee_rentree")) {
                continue;
            }
            Column c = s.column(i);
            if (c instanceof Column.Text t && t.dictionary().size() > 0 && t.dictionary().size() <= MAX_DEFAULT_FACET_VALUES
                    || f.type() == FieldType.BOOLEAN || f.type() == FieldType.DATE || f.type() == FieldType.DATETIME) {
                out.add(f.name());
            }
        }
        return out;
    }

    public static List<Facet> compute(Snapshot snapshot, QueryEngine.Request request, List<String> facetParams) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> limits = new HashMap<>();
        Map<String, FacetSort> sorts = new HashMap<>();
        if (facetParams == null || facetParams.isEmpty()) {
            names.addAll(defaultFacets(snapshot));
        } else {
            for (String p : facetParams) {
                Matcher fn = FACET_FN.matcher(p);
                String name = p.strip();
                if (fn.matches()) {
                    Matcher n = NAME_ARG.matcher(fn.group(1));
                    if (!n.find()) {
                        throw new fr.geoeduc.core.query.odsql.OdsqlException("facet", 0, "facet() needs name=\"field\"");
                    }
                    name = n.group(1);
                    Matcher l = LIMIT_ARG.matcher(fn.group(1));
                    if (l.find()) {
                        limits.put(name, Math.min(MAX_VALUES, Integer.parseInt(l.group(1).length() > 6 ? "100" : l.group(1))));
                    }
                    Matcher sort = SORT_ARG.matcher(fn.group(1));
                    if (sort.find()) {
                        sorts.put(name, FacetSort.parse(sort.group(1)));
                    }
                }
                if (snapshot.fieldIndex(name) < 0) {
                    throw new fr.geoeduc.core.query.odsql.OdsqlException("facet", 0, "Unknown field: " + name);
                }
                names.add(name);
            }
        }
        List<Facet> out = new ArrayList<>();
        // facets without refines or excludes of their own count the same rows: the query runs once for all of them
        Map<List<List<String>>, int[]> matched = new HashMap<>();
        for (String name : names) {
            List<String> otherRefines = request.refine().stream().filter(r -> !facetField(r).equals(name)).toList();
            List<String> ownRefines = request.refine().stream().filter(r -> facetField(r).equals(name))
                    .map(r -> QueryEngine.facetValue(r, "refine")[1]).toList();
            List<String> ownExcludes = request.exclude().stream().filter(r -> facetField(r).equals(name))
                    .map(r -> QueryEngine.facetValue(r, "exclude")[1]).toList();
            List<String> otherExcludes = request.exclude().stream().filter(r -> !facetField(r).equals(name)).toList();
            QueryEngine.Request scoped = new QueryEngine.Request(null, request.where(), null, null, -1, 0, otherRefines,
                    otherExcludes, request.context(), request.filters());
            List<List<String>> scope = List.of(otherRefines, otherExcludes);
            int[] rows = matched.get(scope);
            if (rows == null) {
                rows = matching(snapshot, scoped);
                matched.put(scope, rows);
            }
            out.add(new Facet(name, values(snapshot, snapshot.fieldIndex(name), rows, ownRefines, ownExcludes,
                    limits.getOrDefault(name, MAX_VALUES), sorts.get(name), request)));
        }
        return out;
    }

    private static int[] matching(Snapshot snapshot, QueryEngine.Request request) {
        Compiler compiler = new Compiler(snapshot, request.context().in("where"));
        return compiler.matches(QueryEngine.filter(snapshot, request));
    }

    private static String facetField(String refine) {
        int colon = refine.indexOf(':');
        return colon < 0 ? refine : refine.substring(0, colon).strip();
    }

    private static List<Value> values(Snapshot snapshot, int field, int[] rows, List<String> refined, List<String> excluded,
                                      int limit, FacetSort sort, QueryEngine.Request request) {
        Column column = snapshot.column(field);
        if (column instanceof Column.Text text) {
            return withExcluded(textValues(text, rows, refined, limit, sort), excluded);
        }
        Map<String, long[]> counts = new LinkedHashMap<>();
        boolean date = column.type() == FieldType.DATE || column.type() == FieldType.DATETIME;
        Map<String, Map<String, long[]>> months = new HashMap<>();
        for (int row : rows) {
            Object v = column.get(row);
            if (v == null) {
                continue;
            }
            String key;
            if (date) {
                ZonedDateTime z = v instanceof LocalDate d ? d.atStartOfDay(request.context().zone())
                        : ((java.time.Instant) v).atZone(request.context().zone());
                key = String.valueOf(z.getYear());
                String month = String.format("%02d", z.getMonthValue());
                months.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(month, k -> new long[1])[0]++;
            } else if (v instanceof Double d) {
                key = fr.geoeduc.core.query.exec.Json.number(d);
            } else {
                key = v.toString();
            }
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
        }
        List<Value> out = new ArrayList<>();
        counts.forEach((k, c) -> {
            boolean isRefined = isRefined(k, refined);
            List<Value> children = List.of();
            if (date && isRefined) {
                children = new ArrayList<>();
                for (Map.Entry<String, long[]> m : months.getOrDefault(k, Map.of()).entrySet()) {
                    String path = k + "/" + m.getKey();
                    ((List<Value>) children).add(new Value(m.getKey(), path, m.getValue()[0],
                            refined.contains(path) ? "refined" : "displayed", List.of()));
                }
            }
            out.add(new Value(k, k, c[0], isRefined ? "refined" : "displayed", children));
        });
        if (sort != null) {
            out.sort(sort.comparator());
        } else if (date) {
            out.sort(Comparator.comparing(Value::value));
        } else {
            out.sort(BY_COUNT);
        }
        return withExcluded(new ArrayList<>(out.subList(0, Math.min(limit, out.size()))), excluded);
    }

    /** The facets' default order: most rows first, then by value. */
    private static final Comparator<Value> BY_COUNT = Comparator.comparing((Value v) -> -v.count()).thenComparing(Value::value);

    /** Whether a value (or, for a date facet, a year above a refined month) is refined. */
    private static boolean isRefined(String value, List<String> refined) {
        return refined.contains(value) || refined.stream().anyMatch(r -> r.startsWith(value + "/"));
    }

    private static List<Value> withExcluded(List<Value> limited, List<String> excluded) {
        for (String e : excluded) {
            limited.removeIf(v -> v.value().equals(e));
            limited.add(new Value(e, e, null, "excluded", List.of()));
        }
        return limited;
    }

    /**
     * A text field's values: counted per dictionary code, and only the {@code limit} first in the facet's order kept
     * while the codes are read (a field of 12 million INEs used to build 12 million entries before keeping 10).
     */
    private static List<Value> textValues(Column.Text text, int[] rows, List<String> refined, int limit, FacetSort sort) {
        int[] perCode = new int[text.dictionary().size()];
        for (int row : rows) {
            int c = text.codes().get(row);
            if (c >= 0) {
                perCode[c]++;
            }
        }
        Comparator<Value> order = sort != null ? sort.comparator() : BY_COUNT;
        java.util.PriorityQueue<Value> kept = new java.util.PriorityQueue<>(order.reversed());
        boolean byCount = sort == null;
        for (int c = 0; c < perCode.length && limit > 0; c++) {
            if (perCode[c] == 0 || (byCount && kept.size() == limit && perCode[c] < kept.peek().count())) {
                continue; // by count, fewer rows than the last kept value: not read from the dictionary
            }
            String k = text.dictionary().get(c);
            boolean isRefined = isRefined(k, refined);
            Value v = new Value(k, k, (long) perCode[c], isRefined ? "refined" : "displayed", List.of());
            if (kept.size() < limit) {
                kept.add(v);
            } else if (order.compare(v, kept.peek()) < 0) {
                kept.poll();
                kept.add(v);
            }
        }
        List<Value> out = new ArrayList<>(kept);
        out.sort(order);
        return out;
    }
}
