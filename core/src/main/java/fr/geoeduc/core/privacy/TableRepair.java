package fr.geoeduc.core.privacy;

import fr.geoeduc.core.privacy.ProtectedTable.Reason;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The audit-driven repair of a {@link ProtectedTable} (step 3 of its class comment): while a primary cell is not
 * proven protected by {@link TableAudit}, hides the cheapest sub-cube around it, or one more cell of its lines,
 * then re-runs the table's fixed point. Works on the table's package-visible state.
 */
final class TableRepair {

    /** Sub-cubes examined when choosing a repair for one cell, at most. */
    static final int MAX_REPAIR_HYPERCUBES = 100_000;

    private final ProtectedTable t;

    private TableRepair(ProtectedTable table) {
        this.t = table;
    }

    static void repairUntilAudited(ProtectedTable table) {
        new TableRepair(table).run();
    }

    /**
     * Audit-driven repair: while a primary cell is not proven protected, hide the cheapest sub-cube protecting it
     * (or, failing that, one more cell of its lines) and redo the fixed point. Hiding cells only removes published
     * constants, so true intervals can only widen: only failing cells are re-audited, then every primary cell once
     * more, since the inner bounds used on large components depend on the neighbourhood and may move.
     */
    private void run() {
        TableAudit.Engine engine = new TableAudit.Engine(t, false);
        List<Integer> pending = new ArrayList<>();
        for (int c = 0; c < t.size; c++) {
            if (t.thresholdSensitive[c] || t.dominanceSensitive[c]) {
                pending.add(c);
            }
        }
        boolean fullCheck = true;
        Set<Integer> unresolvable = new HashSet<>();
        while (true) {
            List<TableAudit.CellInterval> failing = new ArrayList<>();
            List<Integer> failingCells = new ArrayList<>();
            for (int c : pending) {
                if (unresolvable.contains(c)) {
                    continue;
                }
                TableAudit.CellInterval interval = engine.interval(c);
                if (!interval.passed()) {
                    failing.add(interval);
                    failingCells.add(c);
                }
            }
            if (failing.isEmpty()) {
                if (fullCheck) {
                    return;
                }
                // Local LPs are re-centred after each change: confirm every primary cell once more.
                pending = new ArrayList<>();
                for (int c = 0; c < t.size; c++) {
                    if ((t.thresholdSensitive[c] || t.dominanceSensitive[c]) && !unresolvable.contains(c)) {
                        pending.add(c);
                    }
                }
                fullCheck = true;
                continue;
            }
            boolean progressed = false;
            Set<Integer> touchedLines = new HashSet<>();
            for (int i = 0; i < failing.size(); i++) {
                int c = failingCells.get(i);
                if (progressed && engine.certified(c)) {
                    continue; // a sub-cube hidden earlier in this round already protects it
                }
                int[] cube = chooseHypercube(c, failing.get(i), engine);
                if (cube != null) {
                    for (int corner : cube) {
                        t.hide(corner, Reason.SECONDARY);
                    }
                    progressed = true;
                    continue;
                }
                boolean touched = false;
                for (int d = 0; d < t.k; d++) {
                    touched |= touchedLines.contains(t.lineId(c, d));
                }
                if (touched) {
                    continue; // a cell was already added next to it this round: re-audit first
                }
                int extra = chooseRepair(c, failing.get(i));
                if (extra < 0) {
                    unresolvable.add(c);
                    continue;
                }
                t.hide(extra, Reason.SECONDARY);
                for (int d = 0; d < t.k; d++) {
                    touchedLines.add(t.lineId(extra, d));
                }
                progressed = true;
            }
            if (!progressed) {
                return; // every failing cell is unresolvable: the audit reports them
            }
            Suppression.secondary(t);
            pending = failingCells;
            fullCheck = false;
        }
    }

    /**
     * The cheapest sub-cube protecting an under-protected cell on its own (GHMITER-like): one other level per
     * dimension, whose 2^k corners, once all hidden, let the cell move by at least the protection width (or
     * let its sum rise to the required level). Cost = total count of the corners not hidden yet, then their
     * number, then the widest protection, then enumeration order (levels whose partner cell is already hidden
     * or small first). Returns the corners to hide, or null when no sub-cube is enough.
     */
    private int[] chooseHypercube(int cell, TableAudit.CellInterval interval, TableAudit.Engine engine) {
        boolean countShort = t.thresholdSensitive[cell] && interval.width() < interval.requiredWidth();
        boolean bySums = !countShort && t.dominanceSensitive[cell] && t.sum != null;
        if (!countShort && !bySums) {
            return null;
        }
        double requiredWidth = t.rules.protectionWidth();
        double requiredUpper = bySums ? t.maxContribution[cell] / t.rules.dominance() : Double.NaN;
        double truth = bySums ? t.sum[cell] : t.count[cell];
        int[][] options = new int[t.k][];
        double combos = 1;
        for (int d = 0; d < t.k; d++) {
            int own = t.coord(cell, d);
            List<Integer> levels = new ArrayList<>();
            for (int l = 0; l < t.radix[d]; l++) {
                if (l != own) {
                    levels.add(l);
                }
            }
            final int dim = d;
            levels.sort((a, b) -> {
                int pa = cell + (a - own) * t.stride[dim];
                int pb = cell + (b - own) * t.stride[dim];
                if (t.hidden[pa] != t.hidden[pb]) {
                    return t.hidden[pa] ? -1 : 1;
                }
                if (t.count[pa] != t.count[pb]) {
                    return Long.compare(t.count[pa], t.count[pb]);
                }
                return Integer.compare(a, b);
            });
            options[d] = levels.stream().mapToInt(Integer::intValue).toArray();
            combos *= options[d].length;
        }
        if (combos == 0) {
            return null;
        }
        if (combos > MAX_REPAIR_HYPERCUBES) {
            int per = Math.max(2, (int) Math.floor(Math.pow(MAX_REPAIR_HYPERCUBES, 1.0 / t.k)));
            for (int d = 0; d < t.k; d++) {
                options[d] = Arrays.copyOf(options[d], Math.min(options[d].length, per));
            }
        }
        int[] pos = new int[t.k];
        int[] corners = new int[1 << t.k];
        int[] signs = new int[1 << t.k];
        int[] best = null;
        double bestCost = 0;
        int bestNew = 0;
        double bestWidth = 0;
        while (true) {
            engine.hypercube(cell, options, pos, corners, signs);
            double plus = Double.POSITIVE_INFINITY;
            double minus = Double.POSITIVE_INFINITY;
            double cost = 0;
            int fresh = 0;
            boolean hidesZero = false;
            for (int m = 0; m < corners.length; m++) {
                int c = corners[m];
                hidesZero |= t.count[c] < t.hiddenFloor;
                double v = bySums ? t.sum[c] : t.count[c] - t.hiddenFloor;
                if (signs[m] > 0) {
                    plus = Math.min(plus, v);
                } else {
                    minus = Math.min(minus, v);
                }
                if (!t.hidden[c]) {
                    cost += t.count[c];
                    fresh++;
                }
            }
            boolean enough = !hidesZero
                    && (bySums ? truth + minus >= requiredUpper : plus + minus >= requiredWidth);
            double width = plus + minus;
            if (enough && (best == null || cost < bestCost || (cost == bestCost
                    && (fresh < bestNew || (fresh == bestNew && width > bestWidth))))) {
                best = corners.clone();
                bestCost = cost;
                bestNew = fresh;
                bestWidth = width;
            }
            int d = 0;
            while (d < t.k && ++pos[d] == options[d].length) {
                pos[d] = 0;
                d++;
            }
            if (d == t.k) {
                break;
            }
        }
        return best;
    }

    /** An extra cell to hide next to an under-protected cell, or -1 when none is left anywhere around it. */
    private int chooseRepair(int cell, TableAudit.CellInterval interval) {
        boolean countShort = t.thresholdSensitive[cell] && interval.width() < interval.requiredWidth();
        double needed;
        if (countShort || t.sum == null) {
            needed = Math.max(1, interval.requiredWidth() - interval.width());
        } else {
            needed = interval.requiredSumUpper() - interval.sumUpper();
        }
        // 1. its own lines; 2. lines of the hidden cells connected to it
        List<Integer> candidates = new ArrayList<>();
        for (int d = 0; d < t.k; d++) {
            addLineCandidates(t.lineMargin(cell, d), d, candidates);
        }
        if (candidates.isEmpty()) {
            for (int h : connectedHidden(cell)) {
                for (int d = 0; d < t.k; d++) {
                    addLineCandidates(t.lineMargin(h, d), d, candidates);
                }
            }
        }
        if (candidates.isEmpty()) {
            return -1;
        }
        int best = -1;
        for (int c : candidates) {
            if (best < 0 || repairBetter(c, best, countShort, needed)) {
                best = c;
            }
        }
        return best;
    }

    private void addLineCandidates(int margin, int d, List<Integer> out) {
        int first = t.lineFirst(margin, d);
        for (int j = 0; j < t.radix[d]; j++) {
            int c = first + j * t.stride[d];
            if (!t.hidden[c] && t.count[c] >= t.hiddenFloor) {
                out.add(c);
            }
        }
    }

    private boolean repairBetter(int a, int b, boolean byCount, double needed) {
        double va = byCount || t.sum == null ? t.count[a] : t.sum[a];
        double vb = byCount || t.sum == null ? t.count[b] : t.sum[b];
        boolean nza = t.count[a] > 0;
        boolean nzb = t.count[b] > 0;
        if (nza != nzb) {
            return nza;
        }
        boolean enoughA = va >= needed;
        boolean enoughB = vb >= needed;
        if (enoughA != enoughB) {
            return enoughA;
        }
        if (va != vb) {
            return enoughA ? va < vb : va > vb;
        }
        return a < b;
    }

    /** Hidden cells reachable from {@code cell} through lines, in BFS order. */
    private List<Integer> connectedHidden(int cell) {
        List<Integer> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        out.add(cell);
        seen.add(cell);
        for (int i = 0; i < out.size(); i++) {
            int h = out.get(i);
            for (int d = 0; d < t.k; d++) {
                int first = t.lineFirst(t.lineMargin(h, d), d);
                for (int j = 0; j < t.radix[d]; j++) {
                    int c = first + j * t.stride[d];
                    if (t.hidden[c] && seen.add(c)) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }
}
