package fr.geoeduc.core.privacy;

import fr.geoeduc.core.privacy.ProtectedTable.Cell;
import fr.geoeduc.core.privacy.ProtectedTable.Reason;
import org.apache.commons.math3.optim.linear.SimplexSolver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Disclosure audit of a {@link ProtectedTable}: for every hidden cell, the interval an attacker can infer from
 * everything published, computed by linear programming (commons-math3 {@link SimplexSolver}).
 *
 * <p>The attacker's model: variables are the hidden cells; constraints are every additivity relation of the
 * hypercube (each margin equals the sum of the cells of each of its lines), published cells entering as
 * constants; hidden counts are {@code ≥ floor} (so every cell is also bounded by the published grand total, which
 * needs no separate constraint), sums are {@code ≥ 0} when every microdata value is. The interval of a hidden cell
 * is [min, max] of its variable under these constraints. For counts it is rounded inwards to integers (an
 * attacker knows counts are integers), which is conservative.
 *
 * <p>The floor is the attacker's lower bound on a hidden count ({@link ProtectedTable#hiddenLowerBound()}). When
 * zeros are published as 0 (the default), every empty cell is visible, so a hidden cell is known to count at least
 * one: the floor is 1, and the protection never hides a zero (which would make that knowledge false). When zeros
 * are protected, a hidden cell may be zero: the floor is 0. {@link #audit(ProtectedTable, long)} audits under
 * either assumption; a floor of 1 narrows every interval (a cell hidden with a partner of 4 pupils can move by 3,
 * not 4), which is what the stronger attacker exploits.
 *
 * <p>Requirements: a cell hidden by the frequency rule (or a protected zero) passes when
 * {@code max − min ≥ protectionWidth}; a cell hidden by the dominance rule passes when the upper bound of its
 * sum reaches {@code largest contribution / dominance} (τ-ARGUS's upper protection level: the attacker's best
 * upper estimate of the cell must not single out the dominant contributor). Secondary cells have no
 * requirement; their interval is reported for information.
 *
 * <p>Size. For each hidden cell, the constraint system is restricted to its connected component (hidden cells
 * linked by the lines they share, found by BFS). A component of at most {@value #EXACT_COMPONENT} hidden cells is
 * solved whole: lines left with a single unknown are propagated first (presolve), then SimplexSolver gives the
 * min and the max ({@code exact = true}). Larger components, where a dense simplex would take seconds per LP,
 * get <em>inner bounds</em>, each achieved by a table that agrees with everything published, so the true
 * interval contains them and a pass is a real pass ({@code exact = false}):
 * <ol>
 *   <li>hypercube certificates ({@link Engine#hypercubeBounds}): any sub-cube of the hypercube whose 2^k corners
 *   are all hidden lets the cell move by a known amount without changing a published number;</li>
 *   <li>the LP on a dense sub-box of about {@value #BOX_BUDGET} cells around the cell, other hidden cells fixed at
 *   their true values (fixing variables only adds constraints);</li>
 *   <li>if the requirement is still not met: column generation up to {@value #GENERATION_BUDGET} variables: the
 *   dual of the restricted LP (also solved with SimplexSolver) prices the hidden cells left out; those that would
 *   improve the optimum join; when none would, the optimum is the component's ({@code exact = true}).</li>
 * </ol>
 * A cell is reported failing only when none of these proves it. The LP is a relaxation: an attacker who also
 * uses integrality may, in 3+ dimensions, narrow an interval slightly more (in 2D the constraint matrix is
 * totally unimodular and the LP bounds are the integer bounds).
 *
 * <p>The report is for the data producer: it is derived from confidential values (required sum levels reveal
 * the largest contribution) and must not be published.
 */
public final class TableAudit {

    /** Components up to this many hidden cells are solved whole, directly. */
    static final int EXACT_COMPONENT = 60;
    /** Size of the sub-box the column generation starts from. */
    static final int INITIAL_BOX = 16;
    /** Largest number of variables of a column-generation LP; beyond, the restricted optimum is reported. */
    static final int GENERATION_BUDGET = 160;
    /** Size of the sub-box of the LP tried after the hypercube certificates. */
    static final int BOX_BUDGET = 27;
    /** Sub-cubes examined per cell, at most. */
    static final long MAX_HYPERCUBES = 200_000;
    static final int COLUMNS_PER_ROUND = 24;
    static final int MAX_ITERATIONS = 100_000;
    static final double PRICING_TOLERANCE = 1e-7;
    static final double TOLERANCE = 1e-6;
    /** Sum LPs are rescaled so that their largest constant has this magnitude. */
    static final double SUM_SCALE = 1e3;

    private TableAudit() {
    }

    /**
     * Feasible interval of one hidden cell.
     *
     * @param lower            lowest count compatible with the published table (integer, rounded up)
     * @param upper            highest count (integer, rounded down; +∞ when unbounded)
     * @param requiredWidth    required {@code upper − lower}: the protection width for a cell hidden by the
     *                         frequency rule, 0 otherwise
     * @param sumLower         lowest sum, null for a count-only table
     * @param sumUpper         highest sum, null for a count-only table
     * @param requiredSumUpper level {@code sumUpper} must reach for a dominance-sensitive cell, null otherwise
     * @param exact            whether the LPs covered the whole connected component (else an inner bound)
     * @param passed           whether every requirement holds
     */
    public record CellInterval(Cell cell, double lower, double upper, double requiredWidth,
                               Double sumLower, Double sumUpper, Double requiredSumUpper,
                               boolean exact, boolean passed) {

        public double width() {
            return upper - lower;
        }

        public Reason reason() {
            return cell.reason();
        }

        /** Whether the cell carries a requirement (frequency or dominance rule). */
        public boolean primary() {
            return requiredWidth > 0 || requiredSumUpper != null;
        }
    }

    /**
     * The audit of a table: one interval per hidden cell, canonical order.
     *
     * @param linearPrograms number of LPs solved
     * @param elapsedMillis  wall time of the audit
     */
    public record AuditReport(List<CellInterval> intervals, int linearPrograms, long elapsedMillis) {
        public AuditReport {
            intervals = List.copyOf(intervals);
        }

        /** Whether every hidden cell meets its requirement. */
        public boolean passed() {
            return intervals.stream().allMatch(CellInterval::passed);
        }

        public List<CellInterval> failures() {
            return intervals.stream().filter(i -> !i.passed()).toList();
        }

        /** Number of intervals computed on the whole connected component (the others are inner bounds). */
        public long exactCount() {
            return intervals.stream().filter(CellInterval::exact).count();
        }

        /** The interval of the hidden cell at these coordinates (missing dimensions at TOTAL). */
        public Optional<CellInterval> interval(Map<String, String> coordinates) {
            return intervals.stream().filter(i -> sameCell(i.cell(), coordinates)).findFirst();
        }

        private static boolean sameCell(Cell cell, Map<String, String> coordinates) {
            for (Map.Entry<String, String> e : cell.coordinates().entrySet()) {
                String wanted = coordinates.getOrDefault(e.getKey(), ProtectedTable.TOTAL);
                if (!e.getValue().equals(wanted == null ? ProtectedTable.TOTAL : wanted)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Audits every hidden cell of {@code table} under its attacker model ({@link ProtectedTable#hiddenLowerBound()}). */
    public static AuditReport audit(ProtectedTable table) {
        return audit(table, table.hiddenLowerBound());
    }

    /**
     * Audits every hidden cell of {@code table} for an attacker who knows every hidden count is at least
     * {@code hiddenLowerBound}: 0 (a hidden cell may be empty) or 1 (zeros are published, so hidden means at least
     * one).
     *
     * @throws IllegalArgumentException when a hidden cell counts less than {@code hiddenLowerBound}: the assumption
     *                                  is then false for this table (a hidden zero)
     */
    public static AuditReport audit(ProtectedTable table, long hiddenLowerBound) {
        if (hiddenLowerBound < 0) {
            throw new IllegalArgumentException("hiddenLowerBound must be >= 0: " + hiddenLowerBound);
        }
        for (int c = 0; c < table.size; c++) {
            if (table.hidden[c] && table.count[c] < hiddenLowerBound) {
                throw new IllegalArgumentException("a hidden cell counts less than " + hiddenLowerBound
                        + ": the attacker's assumption does not hold for this table");
            }
        }
        long start = System.nanoTime();
        Engine engine = new Engine(table, true, hiddenLowerBound);
        List<CellInterval> intervals = new ArrayList<>();
        for (int c = 0; c < table.size; c++) {
            if (table.hidden[c]) {
                intervals.add(engine.interval(c));
            }
        }
        return new AuditReport(intervals, engine.linearPrograms, (System.nanoTime() - start) / 1_000_000);
    }

    /** LP bounds of one variable. */
    record Bounds(double min, double max, boolean exact) {
    }

    /** The LP machinery, shared with {@link ProtectedTable}'s repair loop. Not thread-safe. */
    static final class Engine {
        final ProtectedTable t;
        final int[] stamp;
        final int[] lineStamp;
        final int[] lineSlot;
        final int[] varIndex;
        int generation;
        int linearPrograms;

        /** Whether to refine failing cells by column generation (the audit does; the protection loop repairs instead). */
        private final boolean refine;
        /** The attacker's lower bound on a hidden count (sums keep their own bound: 0 or none). */
        private final double floor;

        Engine(ProtectedTable table, boolean refine) {
            this(table, refine, table.hiddenLowerBound());
        }

        Engine(ProtectedTable table, boolean refine, long floor) {
            this.t = table;
            this.refine = refine;
            this.floor = floor;
            this.stamp = new int[table.size];
            this.lineStamp = new int[table.size * table.k];
            this.lineSlot = new int[table.size * table.k];
            this.varIndex = new int[table.size];
            Arrays.fill(varIndex, -1);
        }

        CellInterval interval(int cell) {
            boolean ts = t.thresholdSensitive[cell];
            boolean ds = t.dominanceSensitive[cell];
            double requiredWidth = ts ? t.rules.protectionWidth() : 0;
            Bounds counts = bounds(cell, false,
                    ts ? b -> roundDown(b.max()) - roundUp(b.min()) >= requiredWidth - TOLERANCE : null);
            double lower = roundUp(counts.min());
            double upper = roundDown(counts.max());
            boolean passed = !ts || upper - lower >= requiredWidth - TOLERANCE;
            boolean exact = counts.exact();
            Double sumLower = null;
            Double sumUpper = null;
            Double requiredSumUpper = null;
            if (t.sum != null) {
                double required = ds ? t.maxContribution[cell] / t.rules.dominance() : Double.NaN;
                double slack = 1e-9 * Math.max(1, Math.abs(required));
                Bounds sums = bounds(cell, true, ds ? b -> b.max() >= required - slack : null);
                sumLower = sums.min();
                sumUpper = sums.max();
                exact &= sums.exact();
                if (ds) {
                    requiredSumUpper = required;
                    passed &= sums.max() >= required - slack;
                }
            }
            return new CellInterval(t.view(cell), lower, upper, requiredWidth, sumLower, sumUpper,
                    requiredSumUpper, exact, passed);
        }

        /** Whether hypercube certificates alone prove the requirements of {@code cell} (cheap check). */
        boolean certified(int cell) {
            if (t.thresholdSensitive[cell]) {
                Bounds b = hypercubeBounds(cell, false);
                if (roundDown(b.max()) - roundUp(b.min()) < t.rules.protectionWidth() - TOLERANCE) {
                    return false;
                }
            }
            if (t.dominanceSensitive[cell] && t.sum != null) {
                double required = t.maxContribution[cell] / t.rules.dominance();
                return hypercubeBounds(cell, true).max() >= required - 1e-9 * Math.max(1, Math.abs(required));
            }
            return true;
        }

        private static double roundUp(double v) {
            return Double.isInfinite(v) ? v : Math.ceil(v - TOLERANCE);
        }

        private static double roundDown(double v) {
            return Double.isInfinite(v) ? v : Math.floor(v + TOLERANCE);
        }

        double value(int cell, boolean sums) {
            return sums ? t.sum[cell] : t.count[cell];
        }

        /** Lower bound of a hidden variable: the floor for counts, 0 for sums (callers check nonNegative). */
        double lowerBound(boolean sums) {
            return sums ? 0 : floor;
        }

        /** Coefficient of {@code cell} in its line along {@code d}: +1 for a member, −1 for the margin. */
        double coefficient(int cell, int d) {
            return t.coord(cell, d) == t.radix[d] - 1 ? -1 : 1;
        }

        /**
         * Feasible interval of {@code target} (counts or sums): exact on a small component; otherwise the best of
         * cheap inner bounds (hypercube certificates, LP on a sub-box), refined by column generation only when
         * they do not meet {@code requirement} (null: no requirement, cheap bounds only). Without {@code refine}
         * (protection loop), a certificate meeting the requirement is returned before any LP.
         */
        Bounds bounds(int target, boolean sums, Predicate<Bounds> requirement) {
            Bounds b = null;
            if (!refine && requirement != null) {
                // Protection loop: only pass/fail matters, so try the cheap certificate before any LP.
                b = hypercubeBounds(target, sums);
                if (requirement.test(b)) {
                    return b;
                }
            }
            int[] component = component(target, EXACT_COMPONENT);
            if (component != null) {
                return restrictedBounds(target, component, sums, true);
            }
            if (b == null) {
                b = hypercubeBounds(target, sums);
                if (requirement != null && requirement.test(b)) {
                    return b;
                }
            }
            b = union(b, restrictedBounds(target, AuditBox.variables(t, target, BOX_BUDGET), sums, false));
            if (requirement == null || requirement.test(b) || !refine) {
                return b;
            }
            Optimum max = columnGeneration(target, sums, 1);
            Optimum min = columnGeneration(target, sums, -1);
            return new Bounds(Math.min(-min.value(), b.min()), Math.max(max.value(), b.max()),
                    max.exact() && min.exact());
        }

        /** Both bounds are achieved by feasible tables, so is their union; exact if either is. */
        private static Bounds union(Bounds a, Bounds b) {
            if (a.exact()) {
                return a;
            }
            if (b.exact()) {
                return b;
            }
            return new Bounds(Math.min(a.min(), b.min()), Math.max(a.max(), b.max()), false);
        }

        /**
         * Inner bounds from hypercubes: pick for every dimension d another level l_d with the target's partner
         * (the target with level l_d on d) hidden; if the 2^k corners of the sub-cube are all hidden, moving t
         * units round them (sign + on the target, flipped along d when both levels are categories, kept when one
         * is TOTAL) keeps every line sum: so the target can rise by the smallest "−" corner and drop by the
         * smallest "+" corner (itself included), each less the floor (no corner may go below it). The best rise and the best drop over all sub-cubes bound the
         * interval from inside. This is τ-ARGUS's hypercube criterion, used as a certificate.
         */
        Bounds hypercubeBounds(int target, boolean sums) {
            double truth = value(target, sums);
            boolean nonNegative = !sums || t.nonNegativeSums;
            double lb = lowerBound(sums);
            int k = t.k;
            int[][] options = new int[k][];
            long combos = 1;
            for (int d = 0; d < k; d++) {
                int own = t.coord(target, d);
                int[] levels = new int[t.radix[d]];
                int n = 0;
                for (int l = 0; l < t.radix[d]; l++) {
                    if (l != own && t.hidden[target + (l - own) * t.stride[d]]) {
                        levels[n++] = l;
                    }
                }
                if (n == 0) {
                    return new Bounds(truth, truth, false);
                }
                options[d] = Arrays.copyOf(levels, n);
                combos *= n;
            }
            double rise = 0;
            double drop = 0;
            boolean any = false;
            int[] pos = new int[k];
            int[] corners = new int[1 << k];
            int[] signs = new int[1 << k];
            for (long it = 0; it < Math.min(combos, MAX_HYPERCUBES); it++) {
                hypercube(target, options, pos, corners, signs);
                double plus = Double.POSITIVE_INFINITY;
                double minus = Double.POSITIVE_INFINITY;
                boolean allHidden = true;
                for (int m = 0; m < corners.length && allHidden; m++) {
                    allHidden = t.hidden[corners[m]];
                    double v = value(corners[m], sums);
                    if (signs[m] > 0) {
                        plus = Math.min(plus, v);
                    } else {
                        minus = Math.min(minus, v);
                    }
                }
                if (allHidden) {
                    any = true;
                    rise = Math.max(rise, minus - lb);
                    drop = Math.max(drop, plus - lb);
                }
                for (int d = 0; d < k; d++) {
                    if (++pos[d] < options[d].length) {
                        break;
                    }
                    pos[d] = 0;
                }
            }
            if (!any) {
                return new Bounds(truth, truth, false);
            }
            if (!nonNegative) {
                return new Bounds(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false);
            }
            return new Bounds(truth - drop, truth + rise, false);
        }

        /** Fills the corners and signs of the sub-cube of {@code target} with levels {@code options[d][pos[d]]}. */
        void hypercube(int target, int[][] options, int[] pos, int[] corners, int[] signs) {
            int k = t.k;
            for (int m = 0; m < (1 << k); m++) {
                int cell = target;
                int sign = 1;
                for (int d = 0; d < k; d++) {
                    if ((m & (1 << d)) != 0) {
                        int own = t.coord(target, d);
                        int other = options[d][pos[d]];
                        cell += (other - own) * t.stride[d];
                        boolean oneTotal = own == t.radix[d] - 1 || other == t.radix[d] - 1;
                        if (!oneTotal) {
                            sign = -sign;
                        }
                    }
                }
                corners[m] = cell;
                signs[m] = sign;
            }
        }

        /** The hidden cells connected to {@code target} through lines (target first), or null beyond {@code limit}. */
        int[] component(int target, int limit) {
            generation++;
            int[] vars = new int[Math.min(limit, t.size)];
            int n = 0;
            vars[n++] = target;
            stamp[target] = generation;
            for (int head = 0; head < n; head++) {
                int h = vars[head];
                for (int d = 0; d < t.k; d++) {
                    int first = t.lineFirst(t.lineMargin(h, d), d);
                    for (int j = 0; j < t.radix[d]; j++) {
                        int c = first + j * t.stride[d];
                        if (t.hidden[c] && stamp[c] != generation) {
                            if (n == limit) {
                                return null;
                            }
                            stamp[c] = generation;
                            vars[n++] = c;
                        }
                    }
                }
            }
            return Arrays.copyOf(vars, n);
        }

        /** {@code max(sign · target)}, and whether it is the optimum over the whole component. */
        record Optimum(double value, boolean exact) {
        }

        /** {@code max(sign · target)} over the whole component, see {@link ColumnGeneration}. */
        Optimum columnGeneration(int target, boolean sums, int sign) {
            return new ColumnGeneration(this).optimum(target, sums, sign);
        }

        /** Bounds of {@code target} with the hidden cells {@code vars} as variables, see {@link RestrictedLp}. */
        Bounds restrictedBounds(int target, int[] vars, boolean sums, boolean exact) {
            return new RestrictedLp(this).bounds(target, vars, sums, exact);
        }
    }
}
