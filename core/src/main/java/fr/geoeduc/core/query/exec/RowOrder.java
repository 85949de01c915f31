package fr.geoeduc.core.query.exec;

import java.util.Arrays;

/**
 * The order in which matched rows leave under an {@code order_by}: the sort keys, ties broken by row (without
 * {@code order_by} rows leave in row order; a convention's view stores its rows in its keyed order). A page needs only
 * its first {@code offset + limit} rows in place: a bounded heap instead of a full sort.
 */
final class RowOrder {

    /** A full sort beyond this share of the matches; below it, a heap of the rows wanted. */
    private static final int PARTIAL_DIVISOR = 4;

    private RowOrder() {
    }

    /**
     * The rows (ascending) sorted on {@code values} (one array per key, indexed like {@code rows}; nulls last), ties
     * broken by row (a convention's view stores its rows in its keyed order). {@code publishedOrder}, when the
     * snapshot has one, is where a full sort starts from: the keys users sort by often come in runs in the published
     * order, which the merge sort uses. Only the first {@code need} positions are meaningful when {@code need >= 0}.
     */
    static int[] sorted(int[] rows, Object[][] values, boolean[] desc, int[] publishedOrder, int need) {
        int wanted = need < 0 ? rows.length : Math.min(need, rows.length);
        KeyOrder keys = new KeyOrder(values, desc);
        if (wanted <= rows.length / PARTIAL_DIVISOR) {
            return top(rows, keys, wanted);
        }
        Integer[] idx = publishedOrder == null ? positions(rows.length) : positionsInPublishedOrder(rows, publishedOrder);
        // a stable sort on the keys alone keeps the starting order in ties: the published rows' runs stay runs
        Arrays.sort(idx, keys::compare);
        if (publishedOrder != null) { // then the row order, only inside runs of equal keys and only as far as needed
            for (int start = 0; start < wanted; ) {
                int end = start + 1;
                while (end < idx.length && keys.compare(idx[start], idx[end]) == 0) {
                    end++;
                }
                if (end - start > 1) {
                    Arrays.sort(idx, start, end); // positions in the ascending rows: row order
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

    private static Integer[] positions(int n) {
        Integer[] idx = new Integer[n];
        for (int k = 0; k < n; k++) {
            idx[k] = k;
        }
        return idx;
    }

    /** The positions in {@code rows} (ascending) of its rows, taken in published order. */
    private static Integer[] positionsInPublishedOrder(int[] rows, int[] publishedOrder) {
        int[] position = new int[publishedOrder.length];
        Arrays.fill(position, -1);
        for (int k = 0; k < rows.length; k++) {
            position[rows[k]] = k;
        }
        Integer[] idx = new Integer[rows.length];
        int n = 0;
        for (int row : publishedOrder) {
            if (position[row] >= 0) {
                idx[n++] = position[row];
            }
        }
        return idx;
    }

    /** The {@code wanted} first rows in order, through a bounded max-heap of positions in {@code rows}. */
    private static int[] top(int[] rows, KeyOrder keys, int wanted) {
        int[] out = new int[rows.length];
        if (wanted == 0) {
            return out;
        }
        PositionOrder order = (a, b) -> {
            int c = keys.compare(a, b);
            if (c != 0) {
                return c;
            }
            return Integer.compare(a, b);
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
