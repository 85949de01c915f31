package fr.geoeduc.core.engine;

/**
 * The rows of each dictionary code of a text column, in row order: one array of all rows grouped by code and the start
 * of each code's group (compressed sparse rows). Eight bytes a row whatever the number of distinct values, where an
 * array per code costs about 24 more bytes per value of a near-unique field; in memory-mapped files for a large version.
 */
final class CodeIndex {

    private final IntVec starts;
    private final IntVec rows;

    private CodeIndex(IntVec starts, IntVec rows) {
        this.starts = starts;
        this.rows = rows;
    }

    static CodeIndex build(Column.Text text, ColumnFiles files) {
        int codesCount = text.dictionary().size();
        IntVec codes = text.codes();
        int n = codes.length();
        int[] next = new int[codesCount + 1];
        int indexed = 0;
        for (int row = 0; row < n; row++) {
            int c = codes.get(row);
            if (c >= 0) {
                next[c + 1]++;
                indexed++;
            }
        }
        IntVec starts = IntVec.allocate(codesCount + 1, files);
        for (int c = 0; c < codesCount; c++) {
            next[c + 1] += next[c];
            starts.set(c + 1, next[c + 1]);
        }
        IntVec rows = IntVec.allocate(indexed, files);
        for (int row = 0; row < n; row++) {
            int c = codes.get(row);
            if (c >= 0) {
                rows.set(next[c]++, row);
            }
        }
        return new CodeIndex(starts, rows);
    }

    /** The rows holding {@code code}, ascending. */
    int[] rowsOf(int code) {
        int from = starts.get(code);
        int[] out = new int[starts.get(code + 1) - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(from + i);
        }
        return out;
    }

    int count(int code) {
        return starts.get(code + 1) - starts.get(code);
    }

    /** Copies the rows of {@code code} into {@code into} at {@code at}; returns the position after them. */
    int copyRows(int code, int[] into, int at) {
        for (int i = starts.get(code), end = starts.get(code + 1); i < end; i++) {
            into[at++] = rows.get(i);
        }
        return at;
    }

    /** Sets the bit of each row holding {@code code} in {@code bits} (one bit per row). */
    void markRows(int code, long[] bits) {
        for (int i = starts.get(code), end = starts.get(code + 1); i < end; i++) {
            int row = rows.get(i);
            bits[row >>> 6] |= 1L << row;
        }
    }

    long heapBytes() {
        return starts.heapBytes() + rows.heapBytes();
    }
}
