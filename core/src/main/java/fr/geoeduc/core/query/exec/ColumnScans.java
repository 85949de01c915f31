package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.engine.IntVec;
import fr.geoeduc.core.engine.LongVec;

import java.util.BitSet;

/**
 * Filters evaluated as tight loops over a column's vector, 64 rows per call ({@link Filter.Scan}): a dictionary
 * code (or a set of codes) compared with each row's, a number compared with bounds. They answer exactly as the
 * row-by-row tests of {@link Compiler} do, without a boxed value per row.
 */
final class ColumnScans {

    private ColumnScans() {
    }

    /** Rows whose dictionary code is {@code code} (≥ 0). */
    static Filter codeEquals(IntVec codes, int code, int count) {
        return new Filter(null, row -> codes.get(row) == code, count, (base, end) -> {
            long w = 0;
            int n = Math.min(64, end - base);
            for (int i = 0; i < n; i++) {
                w |= (codes.get(base + i) == code ? 1L : 0L) << i;
            }
            return w;
        });
    }

    /** Rows whose dictionary code is one of {@code allowed}. */
    static Filter codeIn(IntVec codes, BitSet allowed) {
        Filter.Test test = row -> {
            int c = codes.get(row);
            return c >= 0 && allowed.get(c);
        };
        return new Filter(null, test, -1, (base, end) -> {
            long w = 0;
            int n = Math.min(64, end - base);
            for (int i = 0; i < n; i++) {
                int c = codes.get(base + i);
                w |= (c >= 0 && allowed.get(c) ? 1L : 0L) << i;
            }
            return w;
        });
    }

    /**
     * Rows of an integer or decimal column between bounds, compared as {@link Values#compare} compares numbers
     * ({@link Double#compare} of the values as doubles); null never passes. {@code low}/{@code high} null: no bound.
     */
    static Filter numberRange(Column column, Double low, boolean lowInclusive, Double high, boolean highInclusive) {
        Bounds b = new Bounds(low == null ? 0 : low, low != null, lowInclusive, high == null ? 0 : high, high != null, highInclusive);
        if (b.lowKey() > b.highKey()) {
            return new Filter(new int[0], row -> false, 0);
        }
        return switch (column) {
            case Column.Dbl d -> decimalRange(d, b);
            case Column.Int c -> integerRange(c, b);
            default -> throw new IllegalArgumentException("not a number column: " + column.type());
        };
    }

    /** An integer column between bounds, its values compared as doubles. */
    private static Filter integerRange(Column.Int column, Bounds b) {
        LongVec values = column.values();
        BitSet nulls = column.nulls();
        long[] nullBits = nullWords(nulls);
        return new Filter(null, row -> !nulls.get(row) && b.passes(values.get(row)), -1, (base, end) -> {
            long w = 0;
            int n = Math.min(64, end - base);
            for (int i = 0; i < n; i++) {
                w |= (b.passes(values.get(base + i)) ? 1L : 0L) << i;
            }
            return w == 0 ? 0 : w & ~nullWord(nullBits, base, n);
        });
    }

    /**
     * A decimal column between bounds: each word's 64 values copied at once from the vector (one bulk read of the
     * mapped file or array) and compared in a loop without a call per row. The copy's array belongs to the filter: a
     * query's filter is scanned by one thread.
     */
    private static Filter decimalRange(Column.Dbl column, Bounds b) {
        fr.geoeduc.core.engine.DoubleVec values = column.values();
        BitSet nulls = column.nulls();
        double[] block = new double[64];
        long[] nullBits = nullWords(nulls);
        return new Filter(null, row -> !nulls.get(row) && b.passes(values.get(row)), -1, (base, end) -> {
            int n = Math.min(64, end - base);
            values.copy(base, block, n);
            long lowKey = b.lowKey();
            long highKey = b.highKey();
            long w = 0;
            for (int i = 0; i < n; i++) {
                long k = orderKey(block[i]);
                w |= (k >= lowKey & k <= highKey ? 1L : 0L) << i;
            }
            return w == 0 ? 0 : w & ~nullWord(nullBits, base, n);
        });
    }

    /** A long whose signed order is {@link Double#compare}'s order of the doubles (negative zero first, NaN last). */
    static long orderKey(double x) {
        long bits = Double.doubleToLongBits(x); // one NaN
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /**
     * The null bits of a column as words, read once per filter (null when it has none): reading them from the
     * {@link BitSet} per word of rows with {@code nextSetBit} scanned forward to the next null, anywhere in the column,
     * so a column with few nulls cost a long walk per word (69 % of a 12M-row box query on a convention's view).
     */
    private static long[] nullWords(BitSet nulls) {
        return nulls.isEmpty() ? null : nulls.toLongArray();
    }

    /** The null bits of rows base to base + n - 1 (n ≤ 64). */
    private static long nullWord(long[] nulls, int base, int n) {
        if (nulls == null) {
            return 0;
        }
        int w = base >>> 6;
        int shift = base & 63;
        long low = w < nulls.length ? nulls[w] >>> shift : 0;
        long high = shift == 0 || w + 1 >= nulls.length ? 0 : nulls[w + 1] << (64 - shift);
        long bits = low | high;
        return n >= 64 ? bits : bits & ((1L << n) - 1);
    }

    /**
     * Bounds on the order of {@link Double#compare} (negative zero before zero, NaN after every number), tested as two
     * comparisons of longs without a branch ({@link #orderKey}).
     */
    private record Bounds(long lowKey, long highKey) {
        Bounds(double low, boolean hasLow, boolean lowInclusive, double high, boolean hasHigh, boolean highInclusive) {
            this(!hasLow ? Long.MIN_VALUE : lowInclusive ? orderKey(low) : orderKey(low) + 1,
                    !hasHigh ? Long.MAX_VALUE : highInclusive ? orderKey(high) : orderKey(high) - 1);
        }

        boolean passes(double x) {
            long k = orderKey(x);
            return k >= lowKey & k <= highKey;
        }
    }

    /** Both filters (neither has candidates). */
    static Filter.Scan and(Filter a, Filter b) {
        return (base, end) -> {
            long w = a.word(base, end);
            return w == 0 ? 0 : w & b.word(base, end);
        };
    }

    /** Either filter. */
    static Filter.Scan or(Filter a, Filter b) {
        return (base, end) -> {
            long w = a.word(base, end);
            return w == Filter.every(base, end) ? w : w | b.word(base, end);
        };
    }

    /** The rows the filter does not pass. */
    static Filter.Scan not(Filter f) {
        return (base, end) -> ~f.word(base, end) & Filter.every(base, end);
    }
}
