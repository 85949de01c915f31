package fr.geoeduc.core.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A pre-protected count (and optionally sum) table: the full hypercube of up to four dimensions with all its
 * margins, on which the secret statistique rules have been applied (conventions spec §3). Serving queries from
 * such a table, instead of aggregating microdata on the fly, closes the differencing channel: whatever
 * combination of cells and margins a caller asks for, every published number comes from the same protected
 * hypercube, and no hidden cell can be recomputed from them.
 *
 * <h2>Structure</h2>
 * Each dimension gets the categories observed in the rows (sorted) plus a {@link #TOTAL} level. The table holds
 * every combination of levels, {@code (n_1 + 1) × … × (n_k + 1)} cells: the base cells and every margin where any
 * subset of the dimensions is aggregated, down to the grand total. Combinations without rows are cells with count
 * 0. A <em>line</em> is a margin cell together with the cells that add up to it
 * along one dimension; every cell belongs to exactly {@code k} lines (one per dimension).
 *
 * <h2>Protection</h2>
 * <ol>
 *   <li>Primary suppression: frequency rule ({@code 0 < count < threshold}, or zeros if
 *   {@link SecretStatistiqueRules#protectZeros()}) and dominance rule on sums (largest contributor, aggregated per
 *   contributor id, above {@code dominance × total}). Margins are tested like any other cell.</li>
 *   <li>Secondary suppression to a fixed point: a line holding exactly one hidden cell (the margin counts as a
 *   member) gives it away by subtraction, so one more member is hidden, chosen as the non-hidden non-zero member
 *   (a zero only when no other is left, never when zeros are published) with the lowest cost {@code count / (1 + lines it also fixes)}, ties broken by count, then by canonical cell
 *   order. Lines are processed in canonical order.</li>
 *   <li>Audit and repair: the audit engine of {@link TableAudit} bounds the feasible interval of every primary
 *   cell (exact LP on small components, certified inner bounds on large ones). The line rule alone does not
 *   prevent disclosure through combinations of lines, so while a primary cell is not proven protected, the
 *   cheapest sub-cube around it that protects it on its own is hidden (the hypercube method of τ-ARGUS: one
 *   other level per dimension, 2^k corners; cost = count of the corners not hidden yet); if no sub-cube is
 *   enough, one more cell of one of its lines is hidden instead (the smallest value at least equal to the
 *   missing width, else the largest; if its lines are exhausted, a cell of the lines of the hidden cells
 *   connected to it). The fixed point is re-run, the cells still failing re-audited, then every primary cell
 *   once more. Each round hides at least one new cell or stops, so protection terminates; in the worst case
 *   everything around a sensitive cell is hidden. A cell that cannot be protected even then (pathological
 *   tables, e.g. a protected zero whose every margin is 0) is reported failing by {@link TableAudit#audit}.</li>
 * </ol>
 * The attacker of the audit knows every published number and the lower bound of a hidden count
 * ({@link #hiddenLowerBound()}): when zeros are published as 0, a hidden cell counts at least 1, so moving pupils
 * round a sub-cube can take each corner down to 1, not 0 (a sub-cube protects by its smallest corner minus 1 in
 * each direction). The protection then never hides a zero, which would make that bound false.
 * Everything is deterministic: same rows and rules, same mask. Candidates are ordered by value then by
 * coordinates (categories compare as strings, TOTAL last), never by hash or insertion order, so a cell change
 * that does not alter the cost order of any line's candidates leaves the mask unchanged. Stability under small
 * changes is best effort, not guaranteed: a change that reorders the candidates of a line can move a secondary
 * suppression (and whatever it entailed).
 *
 * <h2>What is confidential</h2>
 * {@link Cell#reason()} is for the data producer only: telling an attacker that a hidden cell is
 * {@link Reason#PRIMARY_THRESHOLD} tells them its count is between 1 and {@code threshold − 1}. Published
 * output must print {@link SecretStatistiqueRules#hiddenValue()} for every hidden cell, whatever its reason
 * ({@link #publishedCount(Cell)}).
 */
public final class ProtectedTable {

    /** The level of a dimension aggregated over all its categories. Not allowed as a category. */
    public static final String TOTAL = "TOTAL";
    public static final int MAX_DIMENSIONS = 4;
    /** Upper bound on the hypercube size (categories + 1, multiplied over dimensions). */
    public static final int MAX_CELLS = 1_000_000;

    public enum Reason { PRIMARY_THRESHOLD, PRIMARY_DOMINANCE, SECONDARY }

    /**
     * One microdata record: its category on each dimension (in the order of the table's dimension names), an
     * optional value summed into the sum table, and an optional contributor id for the dominance rule (rows of
     * the same contributor are added together; a row without contributor is its own contributor). Either every
     * row of a table has a value or none has.
     */
    public record Row(List<String> dimensions, Double value, String contributor) {
        public Row {
            Objects.requireNonNull(dimensions, "dimensions");
            for (String v : dimensions) {
                if (v == null) {
                    throw new IllegalArgumentException("null dimension value in row " + dimensions);
                }
            }
            dimensions = List.copyOf(dimensions);
            if (value != null && (value.isNaN() || value.isInfinite())) {
                throw new IllegalArgumentException("row value must be finite: " + value);
            }
        }

        public static Row of(String... dimensions) {
            return new Row(Arrays.asList(dimensions), null, null);
        }

        public static Row of(List<String> dimensions) {
            return new Row(dimensions, null, null);
        }

        public static Row of(List<String> dimensions, double value) {
            return new Row(dimensions, value, null);
        }

        public static Row of(List<String> dimensions, double value, String contributor) {
            return new Row(dimensions, value, contributor);
        }
    }

    /**
     * A cell as published: coordinates for every dimension (a category or {@link #TOTAL}), count and sum
     * ({@code null} when hidden; sum also {@code null} for count-only tables), hidden flag and the reason it is
     * hidden ({@code null} when published; producer-side information, see the class comment).
     */
    public record Cell(Map<String, String> coordinates, Long count, Double sum, boolean hidden, Reason reason) {
        public Cell {
            coordinates = Collections.unmodifiableMap(new LinkedHashMap<>(coordinates));
        }

        public String coordinate(String dimension) {
            return coordinates.get(dimension);
        }

        public boolean isTotal(String dimension) {
            return TOTAL.equals(coordinates.get(dimension));
        }

        public boolean isGrandTotal() {
            return coordinates.values().stream().allMatch(TOTAL::equals);
        }
    }

    // ----- hypercube layout -------------------------------------------------------------------------------------

    final SecretStatistiqueRules rules;
    final List<String> dimensionNames;
    final int k;
    final String[][] categories;
    final List<Map<String, Integer>> categoryIndex;
    /** Number of levels of each dimension: categories + TOTAL (TOTAL is the last level). */
    final int[] radix;
    final int[] stride;
    final int size;

    // ----- true values (confidential) ---------------------------------------------------------------------------

    final long[] count;
    /** Sums, or null for a count-only table. */
    final double[] sum;
    /** Largest aggregated contribution per cell, or null for a count-only table. */
    final double[] maxContribution;
    final boolean nonNegativeSums;

    // ----- mask ---------------------------------------------------------------------------------------------------

    final boolean[] hidden;
    final Reason[] reason;
    final boolean[] thresholdSensitive;
    final boolean[] dominanceSensitive;
    /** Hidden members per line; indexed by {@code margin * k + dimension}, meaningful for margins only. */
    final int[] lineHidden;
    /** The attacker's lower bound on a hidden count, see {@link #hiddenLowerBound()}. */
    final long hiddenFloor;

    private ProtectedTable(List<String> dimensionNames, List<Row> rows, SecretStatistiqueRules rules) {
        this(dimensionNames, rows, rules, rules.protectZeros() ? 0 : 1);
    }

    private ProtectedTable(List<String> dimensionNames, List<Row> rows, SecretStatistiqueRules rules,
                           long hiddenFloor) {
        this.hiddenFloor = hiddenFloor;
        this.rules = Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(dimensionNames, "dimensionNames");
        Objects.requireNonNull(rows, "rows");
        if (dimensionNames.isEmpty() || dimensionNames.size() > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("between 1 and " + MAX_DIMENSIONS + " dimensions expected, got "
                    + dimensionNames.size());
        }
        if (new HashSet<>(dimensionNames).size() != dimensionNames.size()
                || dimensionNames.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("dimension names must be distinct and non-null: " + dimensionNames);
        }
        this.dimensionNames = List.copyOf(dimensionNames);
        this.k = dimensionNames.size();

        boolean anyValue = false;
        boolean anyMissing = false;
        List<TreeSet<String>> observed = new ArrayList<>();
        for (int d = 0; d < k; d++) {
            observed.add(new TreeSet<>());
        }
        for (Row row : rows) {
            Objects.requireNonNull(row, "row");
            if (row.dimensions().size() != k) {
                throw new IllegalArgumentException("row has " + row.dimensions().size() + " dimension values, "
                        + k + " expected: " + row.dimensions());
            }
            for (int d = 0; d < k; d++) {
                String v = row.dimensions().get(d);
                if (TOTAL.equals(v)) {
                    throw new IllegalArgumentException("'" + TOTAL + "' is reserved and cannot be a category of "
                            + dimensionNames.get(d));
                }
                observed.get(d).add(v);
            }
            if (row.value() == null) {
                anyMissing = true;
            } else {
                anyValue = true;
            }
        }
        if (anyValue && anyMissing) {
            throw new IllegalArgumentException("either every row has a value or none has");
        }

        this.categories = new String[k][];
        this.categoryIndex = new ArrayList<>();
        this.radix = new int[k];
        long cells = 1;
        for (int d = 0; d < k; d++) {
            categories[d] = observed.get(d).toArray(String[]::new);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < categories[d].length; i++) {
                index.put(categories[d][i], i);
            }
            categoryIndex.add(index);
            radix[d] = categories[d].length + 1;
            cells *= radix[d];
            if (cells > MAX_CELLS) {
                throw new IllegalArgumentException("hypercube too large (more than " + MAX_CELLS + " cells)");
            }
        }
        this.size = (int) cells;
        this.stride = new int[k];
        int s = 1;
        for (int d = k - 1; d >= 0; d--) {
            stride[d] = s;
            s *= radix[d];
        }

        this.count = new long[size];
        this.sum = anyValue ? new double[size] : null;
        this.maxContribution = anyValue ? new double[size] : null;
        int[] base = new int[rows.size()];
        boolean nonNegative = true;
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int cell = 0;
            for (int d = 0; d < k; d++) {
                cell += categoryIndex.get(d).get(row.dimensions().get(d)) * stride[d];
            }
            base[r] = cell;
            count[cell]++;
            if (anyValue) {
                sum[cell] += row.value();
                nonNegative &= row.value() >= 0;
            }
        }
        this.nonNegativeSums = nonNegative;
        aggregateMargins(count, null);
        if (anyValue) {
            aggregateMargins(null, sum);
            computeMaxContributions(rows, base);
        }

        this.hidden = new boolean[size];
        this.reason = new Reason[size];
        this.thresholdSensitive = new boolean[size];
        this.dominanceSensitive = new boolean[size];
        this.lineHidden = new int[size * k];
    }

    /** Fills every margin (a cell with TOTAL on some dimension) with the sum of its members, dimension by dimension. */
    private void aggregateMargins(long[] longs, double[] doubles) {
        for (int d = 0; d < k; d++) {
            int total = radix[d] - 1;
            for (int cell = 0; cell < size; cell++) {
                if (coord(cell, d) != total) {
                    continue;
                }
                int first = cell - total * stride[d];
                if (longs != null) {
                    long acc = 0;
                    for (int j = 0; j < total; j++) {
                        acc += longs[first + j * stride[d]];
                    }
                    longs[cell] = acc;
                } else {
                    double acc = 0;
                    for (int j = 0; j < total; j++) {
                        acc += doubles[first + j * stride[d]];
                    }
                    doubles[cell] = acc;
                }
            }
        }
    }

    private void computeMaxContributions(List<Row> rows, int[] base) {
        Arrays.fill(maxContribution, Double.NEGATIVE_INFINITY);
        Map<String, Map<Integer, Double>> byContributor = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            if (row.contributor() == null) {
                for (int mask = 0; mask < (1 << k); mask++) {
                    int a = ancestor(base[r], mask);
                    maxContribution[a] = Math.max(maxContribution[a], row.value());
                }
            } else {
                byContributor.computeIfAbsent(row.contributor(), c -> new HashMap<>())
                        .merge(base[r], row.value(), Double::sum);
            }
        }
        for (Map<Integer, Double> contributions : byContributor.values()) {
            Map<Integer, Double> aggregated = new HashMap<>();
            for (Map.Entry<Integer, Double> e : contributions.entrySet()) {
                for (int mask = 0; mask < (1 << k); mask++) {
                    aggregated.merge(ancestor(e.getKey(), mask), e.getValue(), Double::sum);
                }
            }
            for (Map.Entry<Integer, Double> e : aggregated.entrySet()) {
                maxContribution[e.getKey()] = Math.max(maxContribution[e.getKey()], e.getValue());
            }
        }
        for (int c = 0; c < size; c++) {
            if (maxContribution[c] == Double.NEGATIVE_INFINITY) {
                maxContribution[c] = 0;
            }
        }
    }

    /** The cell with the dimensions of {@code mask} set to TOTAL. */
    private int ancestor(int cell, int mask) {
        int a = cell;
        for (int d = 0; d < k; d++) {
            if ((mask & (1 << d)) != 0) {
                a += (radix[d] - 1 - coord(a, d)) * stride[d];
            }
        }
        return a;
    }

    int coord(int cell, int d) {
        return (cell / stride[d]) % radix[d];
    }

    /** The margin of the line of {@code cell} along dimension {@code d}. */
    int lineMargin(int cell, int d) {
        return cell + (radix[d] - 1 - coord(cell, d)) * stride[d];
    }

    int lineId(int cell, int d) {
        return lineMargin(cell, d) * k + d;
    }

    /**
     * The first member of the line whose margin is {@code margin}: the members are {@code first + j * stride[d]}
     * for {@code j < radix[d]}, the last one being the margin.
     */
    int lineFirst(int margin, int d) {
        return margin - (radix[d] - 1) * stride[d];
    }

    // ----- protection ---------------------------------------------------------------------------------------------

    /**
     * Builds the hypercube of {@code dimensionNames} from {@code rows} and protects it: primary suppression,
     * secondary suppression to a fixed point, then audit-driven extra suppression until every primary cell's
     * feasible interval is wide enough (see the class comment).
     *
     * @throws IllegalArgumentException on more than {@value #MAX_DIMENSIONS} dimensions, rows of the wrong arity,
     *                                  a category named {@value #TOTAL}, rows mixing values and no values, or a
     *                                  hypercube above {@value #MAX_CELLS} cells
     */
    public static ProtectedTable protect(List<String> dimensionNames, List<Row> rows, SecretStatistiqueRules rules) {
        ProtectedTable table = new ProtectedTable(dimensionNames, rows, rules);
        Suppression.primary(table);
        Suppression.secondary(table);
        TableRepair.repairUntilAudited(table);
        return table;
    }

    /**
     * Primary suppression only. NOT safe to publish: hidden cells can be recomputed from the margins. Kept
     * for tests and demonstrations of the subtraction attack.
     */
    static ProtectedTable primarySuppressionOnly(List<String> dimensionNames, List<Row> rows,
                                                 SecretStatistiqueRules rules) {
        ProtectedTable table = new ProtectedTable(dimensionNames, rows, rules);
        Suppression.primary(table);
        return table;
    }

    /**
     * The protection as it was before the "hidden ≥ 1" attacker was considered: audited and repaired as if a
     * hidden cell could be zero, although zeros are published. NOT safe to publish when zeros are published: kept
     * to show, in tests, the intervals that attacker narrows.
     */
    static ProtectedTable protectAssumingHiddenMayBeZero(List<String> dimensionNames, List<Row> rows,
                                                         SecretStatistiqueRules rules) {
        ProtectedTable table = new ProtectedTable(dimensionNames, rows, rules, 0);
        Suppression.primary(table);
        Suppression.secondary(table);
        TableRepair.repairUntilAudited(table);
        return table;
    }

    /** Primary and fixed-point secondary suppression, without the audit-driven repair. */
    static ProtectedTable withoutAuditRepair(List<String> dimensionNames, List<Row> rows,
                                             SecretStatistiqueRules rules) {
        ProtectedTable table = new ProtectedTable(dimensionNames, rows, rules);
        Suppression.primary(table);
        Suppression.secondary(table);
        return table;
    }

    void hide(int cell, Reason why) {
        if (hidden[cell]) {
            return;
        }
        hidden[cell] = true;
        reason[cell] = why;
        for (int d = 0; d < k; d++) {
            lineHidden[lineId(cell, d)]++;
        }
    }

    // ----- queries ------------------------------------------------------------------------------------------------

    public SecretStatistiqueRules rules() {
        return rules;
    }

    public List<String> dimensionNames() {
        return dimensionNames;
    }

    /** The categories of a dimension, sorted, without {@link #TOTAL}. */
    public List<String> categories(String dimension) {
        return List.of(categories[dimensionIndex(dimension)]);
    }

    public boolean hasSums() {
        return sum != null;
    }

    /**
     * What an attacker knows a hidden count to be at least, and what the protection is audited against: 1 when
     * zeros are published (every empty cell is visible, so a hidden cell counts somebody; the protection never
     * hides a zero), 0 when zeros are protected.
     */
    public long hiddenLowerBound() {
        return hiddenFloor;
    }

    /** Number of cells of the hypercube, margins included. */
    public int size() {
        return size;
    }

    public int hiddenCount() {
        int n = 0;
        for (boolean h : hidden) {
            if (h) {
                n++;
            }
        }
        return n;
    }

    public int hiddenCount(Reason why) {
        int n = 0;
        for (Reason r : reason) {
            if (r == why) {
                n++;
            }
        }
        return n;
    }

    /**
     * The cell at {@code coordinates}; a dimension that is missing (or mapped to {@link #TOTAL} or null) is at
     * TOTAL. Empty when a category does not exist in the table.
     *
     * @throws IllegalArgumentException on a key that is not a dimension of the table
     */
    public Optional<Cell> cell(Map<String, String> coordinates) {
        int cell = 0;
        for (String key : coordinates.keySet()) {
            dimensionIndex(key);
        }
        for (int d = 0; d < k; d++) {
            String v = coordinates.get(dimensionNames.get(d));
            int level;
            if (v == null || TOTAL.equals(v)) {
                level = radix[d] - 1;
            } else {
                Integer i = categoryIndex.get(d).get(v);
                if (i == null) {
                    return Optional.empty();
                }
                level = i;
            }
            cell += level * stride[d];
        }
        return Optional.of(view(cell));
    }

    public Cell grandTotal() {
        return view(size - 1);
    }

    /**
     * The cells of a group-by: one cell per combination of categories of {@code groupBy} (TOTAL excluded), the
     * other dimensions set to their value in {@code fixed} or to TOTAL. Canonical order. Empty when a fixed
     * category does not exist.
     *
     * @throws IllegalArgumentException on unknown dimensions or a dimension both grouped and fixed
     */
    public List<Cell> slice(List<String> groupBy, Map<String, String> fixed) {
        boolean[] grouped = new boolean[k];
        for (String g : groupBy) {
            int d = dimensionIndex(g);
            if (grouped[d]) {
                throw new IllegalArgumentException("dimension grouped twice: " + g);
            }
            grouped[d] = true;
        }
        int base = 0;
        for (String key : fixed.keySet()) {
            if (grouped[dimensionIndex(key)] && fixed.get(key) != null) {
                throw new IllegalArgumentException("dimension both grouped and fixed: " + key);
            }
        }
        for (int d = 0; d < k; d++) {
            if (grouped[d]) {
                continue;
            }
            String v = fixed.get(dimensionNames.get(d));
            int level;
            if (v == null || TOTAL.equals(v)) {
                level = radix[d] - 1;
            } else {
                Integer i = categoryIndex.get(d).get(v);
                if (i == null) {
                    return List.of();
                }
                level = i;
            }
            base += level * stride[d];
        }
        List<Integer> cells = new ArrayList<>();
        cells.add(base);
        for (int d = 0; d < k; d++) {
            if (!grouped[d]) {
                continue;
            }
            List<Integer> next = new ArrayList<>();
            for (int c : cells) {
                for (int j = 0; j < radix[d] - 1; j++) {
                    next.add(c + j * stride[d]);
                }
            }
            cells = next;
        }
        Collections.sort(cells);
        List<Cell> out = new ArrayList<>(cells.size());
        for (int c : cells) {
            out.add(view(c));
        }
        return out;
    }

    /** Every cell of the hypercube, margins included, in canonical order. */
    public List<Cell> allCells() {
        List<Cell> out = new ArrayList<>(size);
        for (int c = 0; c < size; c++) {
            out.add(view(c));
        }
        return out;
    }

    /** Coordinates of the hidden cells, in canonical order: the mask, to compare across runs or rentrées. */
    public List<Map<String, String>> mask() {
        List<Map<String, String>> out = new ArrayList<>();
        for (int c = 0; c < size; c++) {
            if (hidden[c]) {
                out.add(coordinates(c));
            }
        }
        return out;
    }

    /** The count as printed: the count, or {@link SecretStatistiqueRules#hiddenValue()} when hidden. */
    public Object publishedCount(Cell cell) {
        return cell.hidden() ? rules.hiddenValue() : cell.count();
    }

    /** The sum as printed: the sum, or {@link SecretStatistiqueRules#hiddenValue()} when hidden. */
    public Object publishedSum(Cell cell) {
        return cell.hidden() ? rules.hiddenValue() : cell.sum();
    }

    Cell view(int cell) {
        boolean h = hidden[cell];
        return new Cell(coordinates(cell), h ? null : count[cell], h || sum == null ? null : sum[cell], h,
                reason[cell]);
    }

    Map<String, String> coordinates(int cell) {
        Map<String, String> coords = new LinkedHashMap<>();
        for (int d = 0; d < k; d++) {
            int level = coord(cell, d);
            coords.put(dimensionNames.get(d), level == radix[d] - 1 ? TOTAL : categories[d][level]);
        }
        return Collections.unmodifiableMap(coords);
    }

    private int dimensionIndex(String dimension) {
        int d = dimensionNames.indexOf(dimension);
        if (d < 0) {
            throw new IllegalArgumentException("unknown dimension '" + dimension + "', expected one of "
                    + dimensionNames);
        }
        return d;
    }

    @Override
    public String toString() {
        return "ProtectedTable" + dimensionNames + "[" + size + " cells, " + hiddenCount() + " hidden]";
    }
}
