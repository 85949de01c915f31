package fr.geoeduc.core.engine;

/**
 * Sets of rows as bitmaps, one bit per row in 64-bit words: how rows gathered in any order (a convention's view keeps
 * its rows in a keyed order) are listed ascending without a sort, and intersected word by word.
 */
public final class RowBitmap {

    private RowBitmap() {
    }

    /** A bitmap for a version of {@code rows} rows, every bit clear. */
    public static long[] empty(int rows) {
        return new long[(rows + 63) >>> 6];
    }

    /** The rows set in {@code bits}, ascending. */
    public static int[] rows(long[] bits) {
        int count = 0;
        for (long word : bits) {
            count += Long.bitCount(word);
        }
        return rows(bits, count);
    }

    /** The rows set in {@code bits}, ascending, when their number {@code count} is known. */
    static int[] rows(long[] bits, int count) {
        int[] out = new int[count];
        int k = 0;
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            while (word != 0) {
                out[k++] = (w << 6) + Long.numberOfTrailingZeros(word);
                word &= word - 1;
            }
        }
        return out;
    }

    /** Keeps in {@code into} only the rows also set in {@code other}; whether any row is left. */
    public static boolean retainAll(long[] into, long[] other) {
        long any = 0;
        for (int w = 0; w < into.length; w++) {
            into[w] &= other[w];
            any |= into[w];
        }
        return any != 0;
    }

    /** Whether {@code row} is set. */
    public static boolean contains(long[] bits, int row) {
        return (bits[row >>> 6] & (1L << row)) != 0;
    }
}
