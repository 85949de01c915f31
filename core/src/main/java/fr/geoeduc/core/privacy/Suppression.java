package fr.geoeduc.core.privacy;

import fr.geoeduc.core.privacy.ProtectedTable.Reason;

import java.util.PriorityQueue;

/**
 * Primary suppression and fixed-point secondary suppression of a {@link ProtectedTable} (steps 1 and 2 of its
 * class comment), on the table's package-visible mask.
 */
final class Suppression {

    private Suppression() {
    }

    static void primary(ProtectedTable t) {
        for (int c = 0; c < t.size; c++) {
            t.thresholdSensitive[c] = t.rules.isThresholdSensitive(t.count[c]);
            t.dominanceSensitive[c] = t.sum != null && t.rules.isDominanceSensitive(t.sum[c], t.maxContribution[c]);
            if (t.thresholdSensitive[c]) {
                t.hide(c, Reason.PRIMARY_THRESHOLD);
            } else if (t.dominanceSensitive[c]) {
                t.hide(c, Reason.PRIMARY_DOMINANCE);
            }
        }
    }

    /** Hides cells until no line has exactly one hidden member. */
    static void secondary(ProtectedTable t) {
        PriorityQueue<Integer> queue = new PriorityQueue<>();
        boolean[] queued = new boolean[t.size * t.k];
        for (int c = 0; c < t.size; c++) {
            for (int d = 0; d < t.k; d++) {
                if (t.coord(c, d) == t.radix[d] - 1 && t.lineHidden[c * t.k + d] == 1) {
                    queue.add(c * t.k + d);
                    queued[c * t.k + d] = true;
                }
            }
        }
        while (!queue.isEmpty()) {
            int line = queue.poll();
            queued[line] = false;
            if (t.lineHidden[line] != 1) {
                continue;
            }
            int chosen = chooseSecondary(t, line / t.k, line % t.k);
            if (chosen < 0) {
                continue; // a one-member line (empty dimension): nothing can be done, the audit will tell
            }
            t.hide(chosen, Reason.SECONDARY);
            for (int d = 0; d < t.k; d++) {
                int other = t.lineId(chosen, d);
                if (t.lineHidden[other] == 1 && !queued[other]) {
                    queue.add(other);
                    queued[other] = true;
                }
            }
        }
    }

    private static int chooseSecondary(ProtectedTable t, int margin, int d) {
        int first = t.lineFirst(margin, d);
        int best = -1;
        double bestCost = 0;
        boolean bestNonZero = false;
        for (int j = 0; j < t.radix[d]; j++) {
            int c = first + j * t.stride[d];
            if (t.hidden[c] || t.count[c] < t.hiddenFloor) {
                continue; // a published zero stays published: hiding it would break the attacker's known floor
            }
            boolean nonZero = t.count[c] > 0;
            int fixes = 0;
            for (int e = 0; e < t.k; e++) {
                if (e != d && t.lineHidden[t.lineId(c, e)] == 1) {
                    fixes++;
                }
            }
            double cost = (double) t.count[c] / (1 + fixes);
            boolean better;
            if (best < 0 || nonZero != bestNonZero) {
                better = best < 0 || nonZero;
            } else if (cost != bestCost) {
                better = cost < bestCost;
            } else {
                better = t.count[c] < t.count[best]; // equal counts: keep the earlier cell in canonical order
            }
            if (better) {
                best = c;
                bestCost = cost;
                bestNonZero = nonZero;
            }
        }
        return best;
    }
}
