package fr.geoeduc.core.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The sub-boxes of a {@link ProtectedTable} whose hidden cells the audit's restricted LPs take as variables. */
final class AuditBox {

    private AuditBox() {
    }

    /**
     * Hidden cells of a sub-box of the hypercube containing {@code target}: one set of levels per dimension,
     * grown greedily from the target's levels by adding, each time, the level whose slab (the cells of the
     * box with that level) has the highest share of hidden cells, while the box stays within the budget.
     * Target first, then canonical order. The starting point of the column generation.
     */
    static int[] variables(ProtectedTable t, int target, int budget) {
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
                    int hiddenInSlab = countHiddenInSlab(t, levels, sizes, d, l);
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
        collectBox(t, levels, sizes, 0, 0, cells);
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

    private static int countHiddenInSlab(ProtectedTable t, int[][] levels, int[] sizes, int slabDim, int slabLevel) {
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

    private static void collectBox(ProtectedTable t, int[][] levels, int[] sizes, int d, int partial,
                                   List<Integer> out) {
        if (d == t.k) {
            out.add(partial);
            return;
        }
        for (int i = 0; i < sizes[d]; i++) {
            collectBox(t, levels, sizes, d + 1, partial + levels[d][i] * t.stride[d], out);
        }
    }
}
