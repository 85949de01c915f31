package fr.geoeduc.core.query.exec;

/**
 * A compiled where clause: an optional set of candidate rows from an index (sorted, or null for all rows) and
 * the test each candidate must pass. {@code count}: the exact number of matching rows when an index knows it without
 * listing them (a full-text search counts its rows per dictionary value), else -1. {@code scan}, when not null, gives
 * the same answers as the test 64 rows at a time in one loop over the columns (dictionary codes, numbers): what a
 * filter without candidates is evaluated with over millions of rows.
 */
public record Filter(int[] candidates, Test test, int count, Scan scan) {

    public Filter(int[] candidates, Test test, int count) {
        this(candidates, test, count, null);
    }

    public Filter(int[] candidates, Test test) {
        this(candidates, test, -1, null);
    }

    @FunctionalInterface
    public interface Test {
        boolean test(int row);
    }

    /** The matches among rows {@code base} to {@code min(base + 64, end) - 1}: bit i for row base + i. */
    @FunctionalInterface
    public interface Scan {
        long word(int base, int end);
    }

    public static final Filter ALL = new Filter(null, row -> true, -1, Filter::every);

    /** The matches among rows {@code base} to {@code min(base + 64, end) - 1}, through the scan or row by row. */
    public long word(int base, int end) {
        if (scan != null) {
            return scan.word(base, end);
        }
        long w = 0;
        int n = Math.min(64, end - base);
        for (int i = 0; i < n; i++) {
            if (test.test(base + i)) {
                w |= 1L << i;
            }
        }
        return w;
    }

    /** Every row of a word. */
    static long every(int base, int end) {
        int n = end - base;
        return n >= 64 ? -1L : (1L << n) - 1;
    }
}
