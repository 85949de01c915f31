package fr.geoeduc.core.privacy;

import fr.geoeduc.core.privacy.ProtectedTable.Cell;
import fr.geoeduc.core.privacy.ProtectedTable.Reason;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.PivotSelectionRule;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Disclosure audit of a {@link ProtectedTable}: for every hidden cell, the interval an attacker can infer from
 * everything published, computed by linear programming (commons-math3 {@link SimplexSolver}).
 *
 * <p>The attacker's model: variables are the hidden cells; constraints are every additivity relation of the
 * hypercube (each margin equals the sum of the cells of each of its lines), published cells entering as
 * constants; counts are {@code ≥ 0} (so every cell is also bounded by the published grand total, which needs no
 * separate constraint), sums are {@code ≥ 0} when every microdata value is. The interval of a hidden cell is
 * [min, max] of its variable under these constraints. For counts it is rounded inwards to integers (an
 * attacker knows counts are integers), which is conservative.
 *
 * <p>Requirements: a cell hidden by the frequency rule (or a protected zero) passes when
 * {@code max − min ≥ protectionWidth}; a cell hidden by the dominance rule passes when the upper bound of its
 * sum reaches {@code largest contribution / dominance} (τ-ARGUS's upper protection level: the attacker's best
 * upper estimate of the cell must not single out the dominant contributor). Secondary cells have no
 * requirement; their interval is reported for information.
 *
 * <p>Size. The constraint system is solved per hidden cell on its connected component (hidden cells linked by
 * the lines they share, found by BFS). A component larger than the LP budget is solved on the first cells of the
 * BFS around the target, the other hidden cells of the component being fixed at their true values: this only
 * adds constraints, so the interval found is contained in the true one (a certified inner bound, flagged
 * {@code exact = false}) and a pass is a real pass. A failing cell is retried with a larger budget
 * (24, 96 then 256 variables), so failures are reported only after the largest budget. Before the LP, lines
 * left with a single unknown are propagated (presolve), which removes most variables fixed by the local cut.
 *
 * <p>The report is for the data producer: it is derived from confidential values (required sum levels reveal
 * the largest contribution) and must not be published.
 */
public final class TableAudit {

    /** Components up to this many hidden cells are solved whole, directly. */
    static final int EXACT_COMPONENT = 48;
    /** Size of the sub-box the column generation starts from. */
    static final int INITIAL_BOX = 16;
    /** Largest number of variables of a column-generation LP; beyond, the restricted optimum is reported. */
    static final int GENERATION_BUDGET = 400;
    static final int COLUMNS_PER_ROUND = 24;
    private static final int MAX_ITERATIONS = 100_000;
    private static final double PRICING_TOLERANCE = 1e-7;
    private static final double TOLERANCE = 1e-6;
    /** Sum LPs are rescaled so that their largest constant has this magnitude. */
    private static final double SUM_SCALE = 1e3;

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

        public boolean primary() {
            return cell.reason() == Reason.PRIMARY_THRESHOLD || cell.reason() == Reason.PRIMARY_DOMINANCE
                    || requiredWidth > 0 || requiredSumUpper != null;
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

    /** Audits every hidden cell of {@code table}. */
    public static AuditReport audit(ProtectedTable table) {
        long start = System.nanoTime();
        Engine engine = new Engine(table);
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
        private final ProtectedTable t;
        private final int[] stamp;
        private final int[] lineStamp;
        private final int[] lineSlot;
        private final int[] varIndex;
        private int generation;
        int linearPrograms;

        Engine(ProtectedTable table) {
            this.t = table;
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
            Bounds counts = bounds(cell, false);
            double lower = roundUp(counts.min());
            double upper = roundDown(counts.max());
            boolean passed = !ts || upper - lower >= requiredWidth - TOLERANCE;
            boolean exact = counts.exact();
            Double sumLower = null;
            Double sumUpper = null;
            Double requiredSumUpper = null;
            if (t.sum != null) {
                Bounds sums = bounds(cell, true);
                sumLower = sums.min();
                sumUpper = sums.max();
                exact &= sums.exact();
                if (ds) {
                    double required = t.maxContribution[cell] / t.rules.dominance();
                    requiredSumUpper = required;
                    passed &= sums.max() >= required - 1e-9 * Math.max(1, Math.abs(required));
                }
            }
            return new CellInterval(t.view(cell), lower, upper, requiredWidth, sumLower, sumUpper,
                    requiredSumUpper, exact, passed);
        }

        private static double roundUp(double v) {
            return Double.isInfinite(v) ? v : Math.ceil(v - TOLERANCE);
        }

        private static double roundDown(double v) {
            return Double.isInfinite(v) ? v : Math.floor(v + TOLERANCE);
        }

        private double value(int cell, boolean sums) {
            return sums ? t.sum[cell] : t.count[cell];
        }

        /** Coefficient of {@code cell} in its line along {@code d}: +1 for a member, −1 for the margin. */
        private double coefficient(int cell, int d) {
            return t.coord(cell, d) == t.radix[d] - 1 ? -1 : 1;
        }

        /** Feasible interval of {@code target} (counts or sums). */
        Bounds bounds(int target, boolean sums) {
            int[] component = component(target, EXACT_COMPONENT);
            if (component != null) {
                return restrictedBounds(target, component, sums, true);
            }
            double max = columnGeneration(target, sums, 1);
            boolean exactMax = lastExact;
            double min = -columnGeneration(target, sums, -1);
            return new Bounds(min, max, exactMax && lastExact);
        }

        /** The hidden cells connected to {@code target} through lines (target first), or null beyond {@code limit}. */
        int[] component(int target, int limit) {
            generation++;
            int[] vars = new int[limit];
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

        private boolean lastExact;

        /**
         * {@code max(sign · target)} over the whole component, by column generation on the dual: the LP is
         * solved with the hidden cells of {@code V} as variables (the others fixed at their true values); the
         * dual prices every other hidden cell of the lines involved; a cell whose reduced cost is non-zero (or
         * positive at value 0) would improve the optimum if freed and joins {@code V}. With no such cell, the
         * restricted optimum is the optimum of the full problem ({@link #lastExact} = true). Beyond
         * {@link #GENERATION_BUDGET} variables the restricted optimum (an inner bound) is returned.
         */
        private double columnGeneration(int target, boolean sums, int sign) {
            boolean nonNegative = !sums || t.nonNegativeSums;
            double truth = value(target, sums);
            List<Integer> vars = new ArrayList<>();
            for (int c : boxVariables(target, INITIAL_BOX)) {
                vars.add(c);
            }
            while (true) {
                generation++;
                int n = vars.size();
                for (int i = 0; i < n; i++) {
                    varIndex[vars.get(i)] = i;
                }
                List<Integer> lines = new ArrayList<>();
                List<Double> rhs = new ArrayList<>();
                for (int v : vars) {
                    for (int d = 0; d < t.k; d++) {
                        int line = t.lineId(v, d);
                        if (lineStamp[line] == generation) {
                            continue;
                        }
                        lineStamp[line] = generation;
                        lineSlot[line] = lines.size();
                        lines.add(line);
                        rhs.add(knownPart(line, sums));
                    }
                }
                int m = lines.size();
                double scale = 1;
                if (sums) {
                    double maxAbs = Math.abs(truth);
                    for (double r : rhs) {
                        maxAbs = Math.max(maxAbs, Math.abs(r));
                    }
                    scale = maxAbs > 0 ? SUM_SCALE / maxAbs : 1;
                }
                double[] dualObjective = new double[m];
                for (int i = 0; i < m; i++) {
                    dualObjective[i] = rhs.get(i) * scale;
                }
                List<LinearConstraint> constraints = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int v = vars.get(i);
                    double[] row = new double[m];
                    for (int d = 0; d < t.k; d++) {
                        row[lineSlot[t.lineId(v, d)]] = coefficient(v, d);
                    }
                    constraints.add(new LinearConstraint(row, nonNegative ? Relationship.GEQ : Relationship.EQ,
                            i == 0 ? sign : 0));
                }
                double[] y;
                double optimum;
                try {
                    linearPrograms++;
                    PointValuePair p = new SimplexSolver().optimize(new MaxIter(MAX_ITERATIONS),
                            new LinearObjectiveFunction(dualObjective, 0), new LinearConstraintSet(constraints),
                            GoalType.MINIMIZE, new NonNegativeConstraint(false), PivotSelectionRule.BLAND);
                    y = p.getPoint();
                    optimum = p.getValue() / scale;
                } catch (NoFeasibleSolutionException e) {
                    // Dual infeasible: the restricted primal is unbounded (or numerically troubled).
                    int[] v = vars.stream().mapToInt(Integer::intValue).toArray();
                    clearVarIndex(vars);
                    Bounds b = restrictedBounds(target, v, sums, false);
                    double best = sign > 0 ? b.max() : -b.min();
                    lastExact = Double.isInfinite(best);
                    return best;
                } catch (UnboundedSolutionException | TooManyIterationsException e) {
                    clearVarIndex(vars);
                    lastExact = false;
                    return sign * truth; // numerical trouble: no protection claimed (conservative)
                }
                // Pricing: hidden cells outside V on the lines of the restricted problem.
                List<double[]> improving = new ArrayList<>();
                for (int line : lines) {
                    int d = line % t.k;
                    int first = t.lineFirst(line / t.k, d);
                    for (int j = 0; j < t.radix[d]; j++) {
                        int c = first + j * t.stride[d];
                        if (!t.hidden[c] || varIndex[c] >= 0 || stamp[c] == generation) {
                            continue;
                        }
                        stamp[c] = generation;
                        double reduced = 0;
                        for (int e = 0; e < t.k; e++) {
                            int l = t.lineId(c, e);
                            if (lineStamp[l] == generation) {
                                reduced -= coefficient(c, e) * y[lineSlot[l]];
                            }
                        }
                        boolean canDecrease = !nonNegative || value(c, sums) > TOLERANCE;
                        if (reduced > PRICING_TOLERANCE || (reduced < -PRICING_TOLERANCE && canDecrease)) {
                            improving.add(new double[]{Math.abs(reduced), c});
                        }
                    }
                }
                clearVarIndex(vars);
                double result = Math.max(optimum, sign * truth);
                if (improving.isEmpty()) {
                    lastExact = true;
                    return result;
                }
                if (vars.size() >= GENERATION_BUDGET) {
                    lastExact = false;
                    return result;
                }
                improving.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
                int add = Math.min(Math.min(improving.size(), COLUMNS_PER_ROUND), GENERATION_BUDGET - vars.size());
                for (int i = 0; i < add; i++) {
                    vars.add((int) improving.get(i)[1]);
                }
            }
        }

        private void clearVarIndex(List<Integer> vars) {
            for (int v : vars) {
                varIndex[v] = -1;
            }
        }

        /** {@code −Σ coefficient × value} over the cells of {@code line} that are not variables. */
        private double knownPart(int line, boolean sums) {
            int d = line % t.k;
            int first = t.lineFirst(line / t.k, d);
            int last = t.radix[d] - 1;
            double rhs = 0;
            for (int j = 0; j <= last; j++) {
                int c = first + j * t.stride[d];
                if (varIndex[c] < 0) {
                    rhs -= (j == last ? -1 : 1) * value(c, sums);
                }
            }
            return rhs;
        }

        /**
         * Hidden cells of a sub-box of the hypercube containing {@code target}: one set of levels per dimension,
         * grown greedily from the target's levels by adding, each time, the level whose slab (the cells of the
         * box with that level) has the highest share of hidden cells, while the box stays within the budget.
         * Target first, then canonical order. The starting point of the column generation.
         */
        int[] boxVariables(int target, int budget) {
            int k = t.k;
            int[][] levels = new int[k][];
            int[] sizes = new int[k];
            boolean[][] inBox = new boolean[k][];
            for (int d = 0; d < k; d++) {
                levels[d] = new int[t.radix[d]];
                levels[d][0] = t.coord(target, d);
                sizes[d] = 1;
                inBox[d] = new boolean[t.radix[d]];
                inBox[d][levels[d][0]] = true;
            }
            long boxSize = 1;
            while (true) {
                int bestD = -1;
                int bestLevel = -1;
                int bestHidden = 0;
                long bestSlab = 1;
                for (int d = 0; d < k; d++) {
                    long slab = boxSize / sizes[d];
                    if (boxSize + slab > budget) {
                        continue;
                    }
                    for (int l = 0; l < t.radix[d]; l++) {
                        if (inBox[d][l]) {
                            continue;
                        }
                        int hiddenInSlab = countHiddenInSlab(levels, sizes, d, l);
                        long lhs = (long) hiddenInSlab * bestSlab;
                        long rhs = (long) bestHidden * slab;
                        if (hiddenInSlab > 0 && (lhs > rhs || (lhs == rhs && hiddenInSlab > bestHidden))) {
                            bestD = d;
                            bestLevel = l;
                            bestHidden = hiddenInSlab;
                            bestSlab = slab;
                        }
                    }
                }
                if (bestD < 0) {
                    break;
                }
                levels[bestD][sizes[bestD]++] = bestLevel;
                inBox[bestD][bestLevel] = true;
                boxSize += bestSlab;
            }
            List<Integer> cells = new ArrayList<>();
            collectBox(levels, sizes, 0, 0, cells);
            Collections.sort(cells);
            int[] out = new int[cells.size()];
            int n = 0;
            out[n++] = target;
            for (int c : cells) {
                if (c != target && t.hidden[c]) {
                    out[n++] = c;
                }
            }
            return Arrays.copyOf(out, n);
        }

        private int countHiddenInSlab(int[][] levels, int[] sizes, int slabDim, int slabLevel) {
            int[] pos = new int[t.k];
            int count = 0;
            while (true) {
                int cell = 0;
                for (int d = 0; d < t.k; d++) {
                    int level = d == slabDim ? slabLevel : levels[d][pos[d]];
                    cell += level * t.stride[d];
                }
                if (t.hidden[cell]) {
                    count++;
                }
                int d = 0;
                while (d < t.k) {
                    if (d != slabDim && ++pos[d] < sizes[d]) {
                        break;
                    }
                    pos[d] = 0;
                    d++;
                }
                if (d == t.k) {
                    return count;
                }
            }
        }

        private void collectBox(int[][] levels, int[] sizes, int d, int partial, List<Integer> out) {
            if (d == t.k) {
                out.add(partial);
                return;
            }
            for (int i = 0; i < sizes[d]; i++) {
                collectBox(levels, sizes, d + 1, partial + levels[d][i] * t.stride[d], out);
            }
        }

        /**
         * Bounds of {@code target} with the hidden cells {@code vars} (target first) as variables and every other
         * hidden cell fixed at its true value: the primal LPs, after propagation of lines left with one unknown.
         */
        Bounds restrictedBounds(int target, int[] vars, boolean sums, boolean exact) {
            generation++;
            int n = vars.length;
            for (int i = 0; i < n; i++) {
                varIndex[vars[i]] = i;
            }
            try {
                return solveSystem(target, vars, n, sums, exact);
            } finally {
                for (int i = 0; i < n; i++) {
                    varIndex[vars[i]] = -1;
                }
            }
        }

        private Bounds solveSystem(int target, int[] vars, int n, boolean sums, boolean exact) {
            // Constraints: for every line touching a variable, sum(members) - margin = 0, known cells moved right.
            List<int[]> consVars = new ArrayList<>();
            List<double[]> consCoefs = new ArrayList<>();
            List<Double> rhsList = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < t.k; d++) {
                    int line = t.lineId(vars[i], d);
                    if (lineStamp[line] == generation) {
                        continue;
                    }
                    lineStamp[line] = generation;
                    int first = t.lineFirst(line / t.k, d);
                    int last = t.radix[d] - 1;
                    int[] idx = new int[t.radix[d]];
                    double[] coef = new double[t.radix[d]];
                    int m = 0;
                    double rhs = 0;
                    for (int j = 0; j <= last; j++) {
                        int c = first + j * t.stride[d];
                        double a = j == last ? -1 : 1;
                        if (varIndex[c] >= 0) {
                            idx[m] = varIndex[c];
                            coef[m++] = a;
                        } else {
                            rhs -= a * value(c, sums);
                        }
                    }
                    consVars.add(Arrays.copyOf(idx, m));
                    consCoefs.add(Arrays.copyOf(coef, m));
                    rhsList.add(rhs);
                }
            }
            int mCons = consVars.size();
            double[] rhs = new double[mCons];
            for (int i = 0; i < mCons; i++) {
                rhs[i] = rhsList.get(i);
            }

            // Presolve: a constraint with a single unknown fixes it.
            double[] fixed = new double[n];
            boolean[] isFixed = new boolean[n];
            int[] unknowns = new int[mCons];
            List<List<Integer>> consOfVar = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                consOfVar.add(new ArrayList<>(t.k));
            }
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            for (int c = 0; c < mCons; c++) {
                unknowns[c] = consVars.get(c).length;
                for (int v : consVars.get(c)) {
                    consOfVar.get(v).add(c);
                }
                if (unknowns[c] == 1) {
                    queue.add(c);
                }
            }
            while (!queue.isEmpty()) {
                int c = queue.poll();
                if (unknowns[c] != 1) {
                    continue;
                }
                int[] vs = consVars.get(c);
                double[] as = consCoefs.get(c);
                for (int p = 0; p < vs.length; p++) {
                    int v = vs[p];
                    if (isFixed[v]) {
                        continue;
                    }
                    double val = rhs[c] / as[p];
                    isFixed[v] = true;
                    fixed[v] = val;
                    for (int c2 : consOfVar.get(v)) {
                        int[] vs2 = consVars.get(c2);
                        for (int q = 0; q < vs2.length; q++) {
                            if (vs2[q] == v) {
                                rhs[c2] -= consCoefs.get(c2)[q] * val;
                            }
                        }
                        unknowns[c2]--;
                        if (unknowns[c2] == 1) {
                            queue.add(c2);
                        }
                    }
                    break;
                }
            }
            double truth = value(target, sums);
            if (isFixed[0]) {
                return new Bounds(fixed[0], fixed[0], exact);
            }

            // Remaining system.
            int[] lpIndex = new int[n];
            Arrays.fill(lpIndex, -1);
            int nv = 0;
            lpIndex[0] = nv++;
            List<Integer> active = new ArrayList<>();
            for (int c = 0; c < mCons; c++) {
                if (unknowns[c] < 2) {
                    continue;
                }
                active.add(c);
                for (int v : consVars.get(c)) {
                    if (!isFixed[v] && lpIndex[v] < 0) {
                        lpIndex[v] = nv++;
                    }
                }
            }
            boolean nonNegative = !sums || t.nonNegativeSums;
            double scale = 1;
            if (sums) {
                double maxAbs = Math.abs(truth);
                for (int c : active) {
                    maxAbs = Math.max(maxAbs, Math.abs(rhs[c]));
                }
                scale = maxAbs > 0 ? SUM_SCALE / maxAbs : 1;
            }
            if (active.isEmpty()) {
                return new Bounds(nonNegative ? 0 : Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, exact);
            }
            List<LinearConstraint> constraints = new ArrayList<>(active.size());
            for (int c : active) {
                double[] row = new double[nv];
                int[] vs = consVars.get(c);
                double[] as = consCoefs.get(c);
                for (int p = 0; p < vs.length; p++) {
                    if (!isFixed[vs[p]]) {
                        row[lpIndex[vs[p]]] += as[p];
                    }
                }
                constraints.add(new LinearConstraint(row, Relationship.EQ, rhs[c] * scale));
            }
            double[] objective = new double[nv];
            objective[0] = 1;
            double min = optimize(objective, constraints, GoalType.MINIMIZE, nonNegative, truth * scale) / scale;
            double max = optimize(objective, constraints, GoalType.MAXIMIZE, nonNegative, truth * scale) / scale;
            // Guard against round-off: the true value is always feasible.
            return new Bounds(Math.min(min, truth), Math.max(max, truth), exact);
        }

        private double optimize(double[] objective, List<LinearConstraint> constraints, GoalType goal,
                                boolean nonNegative, double truth) {
            linearPrograms++;
            try {
                PointValuePair p = new SimplexSolver().optimize(new MaxIter(100_000),
                        new LinearObjectiveFunction(objective, 0), new LinearConstraintSet(constraints), goal,
                        new NonNegativeConstraint(nonNegative), PivotSelectionRule.BLAND);
                return p.getValue();
            } catch (UnboundedSolutionException e) {
                return goal == GoalType.MAXIMIZE ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            } catch (NoFeasibleSolutionException | TooManyIterationsException e) {
                // Numerical trouble: report the true value, i.e. no protection (conservative).
                return truth;
            }
        }
    }
}
