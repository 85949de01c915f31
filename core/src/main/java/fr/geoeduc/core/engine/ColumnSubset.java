package fr.geoeduc.core.engine;

import java.util.Arrays;

/**
 * A column made of some rows of another, in a given order (a convention's view of a version): on the heap, or in
 * mapped files when {@code files} is given, so that a view of millions of rows does not need the heap either.
 * A text column gets a dictionary of its own, holding only the values of the rows kept (the base's dictionary also
 * holds the values of rows the view must not show); its codes are translated, not looked up by value.
 */
public final class ColumnSubset {

    private ColumnSubset() {
    }

    /** The values of {@code base} at {@code rows[0..count)}, in that order. */
    public static Column of(Column base, int[] rows, int count, ColumnFiles files) {
        if (base instanceof Column.Text text) {
            return text(text, rows, count, files);
        }
        ColumnBuilder builder = ColumnBuilder.of(base.type(), count, files);
        for (int k = 0; k < count; k++) {
            builder.add(base.get(rows[k]));
        }
        return builder.build();
    }

    private static Column text(Column.Text base, int[] rows, int count, ColumnFiles files) {
        IntVec codes = IntVec.allocate(count, files);
        int[] viewCode = new int[base.dictionary().size()];
        Arrays.fill(viewCode, -1);
        int[] baseCode = new int[Math.min(count, viewCode.length)];
        int size = 0;
        for (int k = 0; k < count; k++) {
            int b = base.codes().get(rows[k]);
            if (b < 0) {
                codes.set(k, -1);
                continue;
            }
            int c = viewCode[b];
            if (c < 0) {
                c = size++;
                viewCode[b] = c;
                baseCode[c] = b;
            }
            codes.set(k, c);
        }
        TextDictionary dictionary;
        if (files == null || size < TextDictionary.mappedFrom) {
            String[] values = new String[size];
            for (int c = 0; c < size; c++) {
                values[c] = base.dictionary().get(baseCode[c]);
            }
            dictionary = TextDictionary.of(values);
        } else {
            DictionaryWriter writer = new DictionaryWriter(files, size);
            for (int c = 0; c < size; c++) {
                writer.add(base.dictionary().get(baseCode[c]));
            }
            dictionary = writer.done();
        }
        DictionaryIndex index = new DictionaryIndex(files);
        for (int c = 0; c < size; c++) {
            index.add(c, dictionary::get);
        }
        return new Column.Text(codes, dictionary, index);
    }
}
