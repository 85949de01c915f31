package fr.geoeduc.core.privacy;

import fr.geoeduc.core.privacy.TableAudit.Bounds;
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
import java.util.List;

/**
 * The primal LP bounds of {@link TableAudit.Engine}: a hidden cell's interval with a given set of hidden cells as
 * variables, after presolve. Uses the engine's scratch arrays and LP counter.
 */
final class RestrictedLp {

    private final TableAudit.Engine engine;
    private final ProtectedTable t;

    RestrictedLp(TableAudit.Engine engine) {
        this.engine = engine;
        this.t = engine.t;
    }

    /**
     * Bounds of {@code target} with the hidden cells {@code vars} (target first) as variables and every other
     * hidden cell fixed at its true value: the primal LPs, after propagation of lines left with one unknown.
     */
    Bounds bounds(int target, int[] vars, boolean sums, boolean exact) {
        engine.generation++;
        int n = vars.length;
        for (int i = 0; i < n; i++) {
            engine.varIndex[vars[i]] = i;
        }
        try {
            return solveSystem(target, vars, n, sums, exact);
        } finally {
            for (int i = 0; i < n; i++) {
                engine.varIndex[vars[i]] = -1;
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
                if (engine.lineStamp[line] == engine.generation) {
                    continue;
                }
                engine.lineStamp[line] = engine.generation;
                int first = t.lineFirst(line / t.k, d);
                int last = t.radix[d] - 1;
                int[] idx = new int[t.radix[d]];
                double[] coef = new double[t.radix[d]];
                int m = 0;
                double rhs = 0;
                for (int j = 0; j <= last; j++) {
                    int c = first + j * t.stride[d];
                    double a = j == last ? -1 : 1;
                    if (engine.varIndex[c] >= 0) {
                        idx[m] = engine.varIndex[c];
                        coef[m++] = a;
                    } else {
                        rhs -= a * engine.value(c, sums);
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
        double truth = engine.value(target, sums);
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
            scale = maxAbs > 0 ? TableAudit.SUM_SCALE / maxAbs : 1;
        }
        // Variables x ≥ lb are shifted to y = x − lb ≥ 0 (lb: the floor for counts).
        double lb = nonNegative ? engine.lowerBound(sums) : 0;
        if (active.isEmpty()) {
            return new Bounds(nonNegative ? lb : Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, exact);
        }
        List<LinearConstraint> constraints = new ArrayList<>(active.size());
        for (int c : active) {
            double[] row = new double[nv];
            int[] vs = consVars.get(c);
            double[] as = consCoefs.get(c);
            double shifted = rhs[c];
            for (int p = 0; p < vs.length; p++) {
                if (!isFixed[vs[p]]) {
                    row[lpIndex[vs[p]]] += as[p];
                    shifted -= lb * as[p];
                }
            }
            constraints.add(new LinearConstraint(row, Relationship.EQ, shifted * scale));
        }
        double[] objective = new double[nv];
        objective[0] = 1;
        double y = (truth - lb) * scale;
        double min = optimize(objective, constraints, GoalType.MINIMIZE, nonNegative, y) / scale + lb;
        double max = optimize(objective, constraints, GoalType.MAXIMIZE, nonNegative, y) / scale + lb;
        // Guard against round-off: the true value is always feasible.
        return new Bounds(Math.min(min, truth), Math.max(max, truth), exact);
    }

    private double optimize(double[] objective, List<LinearConstraint> constraints, GoalType goal,
                            boolean nonNegative, double truth) {
        engine.linearPrograms++;
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
