package fr.geoeduc.core.privacy;

import fr.geoeduc.core.privacy.TableAudit.Bounds;
import fr.geoeduc.core.privacy.TableAudit.Engine.Optimum;
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

import java.util.ArrayList;
import java.util.List;

/**
 * The column generation of {@link TableAudit.Engine}: exact (or inner) bounds of a hidden cell of a large
 * component without solving the whole component. Uses the engine's scratch arrays and LP counter.
 */
final class ColumnGeneration {

    private final TableAudit.Engine engine;
    private final ProtectedTable t;

    ColumnGeneration(TableAudit.Engine engine) {
        this.engine = engine;
        this.t = engine.t;
    }

    /**
     * {@code max(sign · target)} over the whole component, by column generation on the dual: the LP is
     * solved with the hidden cells of {@code V} as variables (the others fixed at their true values); the
     * dual prices every other hidden cell of the lines involved; a cell whose reduced cost is non-zero (or
     * positive at value 0) would improve the optimum if freed and joins {@code V}. With no such cell, the
     * restricted optimum is the optimum of the full problem (exact). Beyond
     * {@link TableAudit#GENERATION_BUDGET} variables the restricted optimum (an inner bound) is returned.
     */
    Optimum optimum(int target, boolean sums, int sign) {
        boolean nonNegative = !sums || t.nonNegativeSums;
        double truth = engine.value(target, sums);
        // Variables x ≥ lb are shifted to y = x − lb ≥ 0: each line's constant loses lb × its variables'
        // coefficients, the objective gains sign × lb.
        double lb = nonNegative ? engine.lowerBound(sums) : 0;
        List<Integer> vars = new ArrayList<>();
        for (int c : AuditBox.variables(t, target, TableAudit.INITIAL_BOX)) {
            vars.add(c);
        }
        while (true) {
            engine.generation++;
            int n = vars.size();
            for (int i = 0; i < n; i++) {
                engine.varIndex[vars.get(i)] = i;
            }
            List<Integer> lines = new ArrayList<>();
            List<Double> rhs = new ArrayList<>();
            for (int v : vars) {
                for (int d = 0; d < t.k; d++) {
                    int line = t.lineId(v, d);
                    if (engine.lineStamp[line] == engine.generation) {
                        continue;
                    }
                    engine.lineStamp[line] = engine.generation;
                    engine.lineSlot[line] = lines.size();
                    lines.add(line);
                    rhs.add(knownPart(line, sums));
                }
            }
            int m = lines.size();
            if (lb != 0) {
                for (int v : vars) {
                    for (int d = 0; d < t.k; d++) {
                        int slot = engine.lineSlot[t.lineId(v, d)];
                        rhs.set(slot, rhs.get(slot) - lb * engine.coefficient(v, d));
                    }
                }
            }
            double scale = 1;
            if (sums) {
                double maxAbs = Math.abs(truth);
                for (double r : rhs) {
                    maxAbs = Math.max(maxAbs, Math.abs(r));
                }
                scale = maxAbs > 0 ? TableAudit.SUM_SCALE / maxAbs : 1;
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
                    row[engine.lineSlot[t.lineId(v, d)]] = engine.coefficient(v, d);
                }
                constraints.add(new LinearConstraint(row, nonNegative ? Relationship.GEQ : Relationship.EQ,
                        i == 0 ? sign : 0));
            }
            double[] y;
            double optimum;
            try {
                engine.linearPrograms++;
                PointValuePair p = new SimplexSolver().optimize(new MaxIter(TableAudit.MAX_ITERATIONS),
                        new LinearObjectiveFunction(dualObjective, 0), new LinearConstraintSet(constraints),
                        GoalType.MINIMIZE, new NonNegativeConstraint(false), PivotSelectionRule.BLAND);
                y = p.getPoint();
                optimum = p.getValue() / scale + sign * lb;
            } catch (NoFeasibleSolutionException e) {
                // Dual infeasible: the restricted primal is unbounded (or numerically troubled).
                int[] v = vars.stream().mapToInt(Integer::intValue).toArray();
                clearVarIndex(vars);
                Bounds b = engine.restrictedBounds(target, v, sums, false);
                double best = sign > 0 ? b.max() : -b.min();
                return new Optimum(best, Double.isInfinite(best));
            } catch (UnboundedSolutionException | TooManyIterationsException e) {
                clearVarIndex(vars);
                return new Optimum(sign * truth, false); // numerical trouble: no protection claimed
            }
            // Pricing: hidden cells outside V on the lines of the restricted problem.
            List<double[]> improving = new ArrayList<>();
            for (int line : lines) {
                int d = line % t.k;
                int first = t.lineFirst(line / t.k, d);
                for (int j = 0; j < t.radix[d]; j++) {
                    int c = first + j * t.stride[d];
                    if (!t.hidden[c] || engine.varIndex[c] >= 0 || engine.stamp[c] == engine.generation) {
                        continue;
                    }
                    engine.stamp[c] = engine.generation;
                    double reduced = 0;
                    for (int e = 0; e < t.k; e++) {
                        int l = t.lineId(c, e);
                        if (engine.lineStamp[l] == engine.generation) {
                            reduced -= engine.coefficient(c, e) * y[engine.lineSlot[l]];
                        }
                    }
                    boolean canDecrease = !nonNegative || engine.value(c, sums) > lb + TableAudit.TOLERANCE;
                    if (reduced > TableAudit.PRICING_TOLERANCE
                            || (reduced < -TableAudit.PRICING_TOLERANCE && canDecrease)) {
                        improving.add(new double[]{Math.abs(reduced), c});
                    }
                }
            }
            clearVarIndex(vars);
            double result = Math.max(optimum, sign * truth);
            if (improving.isEmpty()) {
                return new Optimum(result, true);
            }
            if (vars.size() >= TableAudit.GENERATION_BUDGET) {
                return new Optimum(result, false);
            }
            improving.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
            int add = Math.min(Math.min(improving.size(), TableAudit.COLUMNS_PER_ROUND),
                    TableAudit.GENERATION_BUDGET - vars.size());
            for (int i = 0; i < add; i++) {
                vars.add((int) improving.get(i)[1]);
            }
        }
    }

    private void clearVarIndex(List<Integer> vars) {
        for (int v : vars) {
            engine.varIndex[v] = -1;
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
            if (engine.varIndex[c] < 0) {
                rhs -= (j == last ? -1 : 1) * engine.value(c, sums);
            }
        }
        return rhs;
    }
}
