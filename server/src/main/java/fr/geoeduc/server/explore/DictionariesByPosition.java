package fr.geoeduc.server.explore;

import fr.geoeduc.core.engine.Column;

import java.util.Arrays;
import java.util.function.Function;

/**
 * The encoded dictionaries of the text columns of one response, by output position: the rows of a result share their
 * columns, so each is looked up once, then checked by identity.
 */
final class DictionariesByPosition {

    private final Function<Column.Text, byte[][]> encode;
    private final java.util.function.Predicate<Column.Text> plain;
    private Column.Text[] columns = new Column.Text[0];
    private byte[][][] encoded = new byte[0][][];
    private boolean[] plainValues = new boolean[0];

    DictionariesByPosition(Function<Column.Text, byte[][]> encode) {
        this(encode, column -> false);
    }

    /** @param plain whether the values of a column that keeps no encoded dictionary are written as they are */
    DictionariesByPosition(Function<Column.Text, byte[][]> encode, java.util.function.Predicate<Column.Text> plain) {
        this.encode = encode;
        this.plain = plain;
    }

    /** The encoded dictionary of the column at this position, or null when the column keeps none. */
    byte[][] of(int position, Column.Text column) {
        if (position >= columns.length) {
            int size = Math.max(position + 1, Math.max(32, columns.length * 2));
            columns = Arrays.copyOf(columns, size);
            encoded = Arrays.copyOf(encoded, size);
            plainValues = Arrays.copyOf(plainValues, size);
        }
        if (columns[position] != column) {
            columns[position] = column;
            encoded[position] = encode.apply(column);
            plainValues[position] = encoded[position] == null && plain.test(column);
        }
        return encoded[position];
    }

    /** For the column last passed to {@link #of} at this position when it keeps no encoded dictionary: its values need no quoting. */
    boolean plain(int position) {
        return plainValues[position];
    }

    /** Forgets the columns seen. */
    void clear() {
        Arrays.fill(columns, null);
        Arrays.fill(encoded, null);
        Arrays.fill(plainValues, false);
    }
}
