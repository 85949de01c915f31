package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.engine.Snapshot;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The order in which matched rows leave: the snapshot's presentation order (a convention's keyed order) when there is
 * no {@code order_by}, else the sort keys with ties broken by that order. A page needs only its first
 * {@code offset + limit} rows in place, so both stop there: a bounded heap instead of a full sort or a full pass.
 */
final class RowOrder {

    /** A full sort beyond this share of the matches; below it, a heap of the rows wanted. */
    private static final int PARTIAL_DIVISOR = 4;

    private RowOrder() {
    }

    /**
     * The matched rows (ascending) in the snapshot's presentation order. Only the first {@code need} positions are
     * meaningful when {@code need >= 0} (the rest are unspecified); {@code need < 0} orders every row.
     */
    static int[] presentation(Snapshot snapshot, int[] rows, int need) {
        int[] order = snapshot.presentationOrder();
        if (rows.length == snapshot.rows()) {
            return order;
        }
        int wanted = need < 0 ? rows.length : Math.min(need, rows.length);
        if (wanted == 0) {
            return rows;
        }
        if (rows.length >= snapshot.rows() / 16) { // many matches: walk the order, stop once the page is full
            BitSet matched = new BitSet(snapshot.rows());
            for (int r : rows) {
                matched.set(r);
            }
            int[] out = new int[rows.length];
            int n = 0;
            for (int k = 0; k < order.length && n < wanted; k++) {
                if (matched.get(order[k])) {
                    out[n++] = order[k];
                }
            }
            return out;
        }
        int[] rank = snapshot.presentationRank();
        long[] keyed = new long[rows.length];
        for (int k = 0; k < rows.length; k++) {
            keyed[k] = ((long) rank[rows[k]] << 32) | rows[k];
        }
        int sorted = partial(keyed, wanted);
        int[] out = new int[rows.length];
        for (int k = 0; k < sorted; k++) {
            out[k] = (int) keyed[k];
        }
        return out;
    }

    /**
     * Puts the {@code wanted} smallest values of {@code keyed} first, in ascending order; returns how many are in
     * place (all of them when a full sort was cheaper).
     */
    private static int partial(long[] keyed, int wanted) {
        if (wanted > keyed.length / PARTIAL_DIVISOR) {
            Arrays.sort(keyed);
            return keyed.length;
        }
        // max-heap of the wanted smallest in keyed[0, wanted)
        for (int i = wanted / 2 - 1; i >= 0; i--) {
            siftDown(keyed, i, wanted);
        }
        for (int k = wanted; k < keyed.length; k++) {
            if (keyed[k] < keyed[0]) {
                keyed[0] = keyed[k];
                siftDown(keyed, 0, wanted);
            }
        }
        Arrays.sort(keyed, 0, wanted);
        return wanted;
    }

    private static void siftDown(long[] heap, int i, int size) {
        long v = heap[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && heap[c + 1] > heap[c]) {
                c++;
            }
            if (heap[c] <= v) {
                break;
            }
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = v;
    }

    /**
     * The rows (ascending) sorted on {@code values} (one array per key, indexed like {@code rows}; nulls last), ties
     * broken by {@code rank} (the presentation rank of each snapshot row) or, without one, by row. Only the first
     * {@code need} positions are meaningful when {@code need >= 0}.
     */
    static int[] sorted(int[] rows, Object[][] values, boolean[] desc, int[] rank, int need) {
        int wanted = need < 0 ? rows.length : Math.min(need, rows.length);
        KeyOrder keys = new KeyOrder(values, desc);
        if (wanted <= rows.length / PARTIAL_DIVISOR) {
            return top(rows, keys, rank, wanted);
        }
        // a stable sort on the keys alone keeps the rows' own order in ties: the published rows' runs stay runs
        Integer[] idx = new Integer[rows.length];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = k;
        }
        Arrays.sort(idx, keys::compare);
        if (rank != null) { // then the keyed order, only inside runs of equal keys and only as far as needed
            for (int start = 0; start < wanted; ) {
                int end = start + 1;
                while (end < idx.length && keys.compare(idx[start], idx[end]) == 0) {
                    end++;
                }
                if (end - start > 1) {
                    Arrays.sort(idx, start, end, (a, b) -> Integer.compare(rank[rows[a]], rank[rows[b]]));
                }
                start = end;
            }
        }
        int[] out = new int[rows.length];
        for (int k = 0; k < idx.length; k++) {
            out[k] = rows[idx[k]];
        }
        return out;
    }

    /** The {@code wanted} first rows in order, through a bounded max-heap of positions in {@code rows}. */
    private static int[] top(int[] rows, KeyOrder keys, int[] rank, int wanted) {
        int[] out = new int[rows.length];
        if (wanted == 0) {
            return out;
        }
        PositionOrder order = (a, b) -> {
            int c = keys.compare(a, b);
            if (c != 0) {
                return c;
            }
            return rank == null ? Integer.compare(a, b) : Integer.compare(rank[rows[a]], rank[rows[b]]);
        };
        int[] heap = new int[wanted];
        int size = 0;
        for (int k = 0; k < rows.length; k++) {
            if (size < wanted) {
                heap[size] = k;
                siftUp(heap, size++, order);
            } else if (order.compare(k, heap[0]) < 0) {
                heap[0] = k;
                siftDown(heap, 0, size, order);
            }
        }
        Integer[] page = new Integer[size];
        for (int k = 0; k < size; k++) {
            page[k] = heap[k];
        }
        Arrays.sort(page, order::compare);
        for (int k = 0; k < size; k++) {
            out[k] = rows[page[k]];
        }
        return out;
    }

    private interface PositionOrder {
        int compare(int a, int b);
    }

    private static void siftUp(int[] heap, int i, PositionOrder order) {
        int v = heap[i];
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (order.compare(heap[parent], v) >= 0) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = v;
    }

    private static void siftDown(int[] heap, int i, int size, PositionOrder order) {
        int v = heap[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && order.compare(heap[c + 1], heap[c]) > 0) {
                c++;
            }
            if (order.compare(heap[c], v) <= 0) {
                break;
            }
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = v;
    }

    /** Positions in the matched rows compared on their sort keys only. */
    private record KeyOrder(Object[][] values, boolean[] desc) {
        int compare(int a, int b) {
            for (int i = 0; i < values.length; i++) {
                int c = QueryEngine.compareNullsLast(values[i][a], values[i][b], desc[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
    }
}
