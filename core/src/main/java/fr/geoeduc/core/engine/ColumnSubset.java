package fr.geoeduc.core.engine;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * A column made of some rows of another, in a given order (a convention's view of a version): on the heap, or in
 * mapped files when {@code files} is given, so that a view of millions of rows does not need the heap either.
 * A text column gets a dictionary of its own, holding only the values of the rows kept (the base's dictionary also
 * holds the values of rows the view must not show); its codes are translated, not looked up by value.
 */
public final class ColumnSubset {

    /** Distinct values transformed together, on every core, before they are added in order. */
    private static final int CHUNK = 1 << 16;

    private ColumnSubset() {
    }

    /** The values of {@code base} at {@code rows[0..count)}, in that order. */
    public static Column of(Column base, int[] rows, int count, ColumnFiles files) {
        if (base instanceof Column.Text text) {
            return text(text, rows, count, files, null);
        }
        ColumnBuilder builder = ColumnBuilder.of(base.type(), count, files);
        for (int k = 0; k < count; k++) {
            builder.add(base.get(rows[k]));
        }
        return builder.build();
    }

    /**
     * The same rows of a text column with each value replaced by {@code transform} of it (a pseudonym): computed once
     * per distinct value kept, not per row, in parallel ({@code transforms} gives one transform per thread: they need
     * not be thread-safe). Two values with the same image share one code.
     */
    public static Column transformed(Column.Text base, int[] rows, int count, ColumnFiles files, Supplier<UnaryOperator<String>> transforms) {
        return text(base, rows, count, files, transforms);
    }

    private static Column text(Column.Text base, int[] rows, int count, ColumnFiles files, Supplier<UnaryOperator<String>> transforms) {
        IntVec codes = IntVec.allocate(count, files);
        int[] viewCode = new int[base.dictionary().size()];
        Arrays.fill(viewCode, -1);
        int[] baseCode = new int[Math.min(count, viewCode.length)];
        int distinct = 0;
        for (int k = 0; k < count; k++) {
            int b = base.codes().get(rows[k]);
            if (b >= 0 && viewCode[b] < 0) {
                viewCode[b] = distinct;
                baseCode[distinct++] = b;
            }
        }
        // the dictionary of the kept values (or of their images), in the order of their first row
        GrowingDictionary out = new GrowingDictionary(files, distinct, distinct);
        ThreadLocal<UnaryOperator<String>> transform = transforms == null ? null : ThreadLocal.withInitial(transforms);
        String[] values = new String[Math.min(CHUNK, distinct)];
        for (int from = 0; from < distinct; from += CHUNK) {
            int n = Math.min(CHUNK, distinct - from);
            int start = from;
            IntStream chunk = IntStream.range(0, n);
            (transform == null ? chunk : chunk.parallel()).forEach(i -> {
                String v = base.dictionary().get(baseCode[start + i]);
                values[i] = transform == null ? v : transform.get().apply(v);
            });
            for (int i = 0; i < n; i++) {
                // a base dictionary holds each value once; images of two values may be equal
                viewCode[baseCode[start + i]] = transform == null ? out.add(values[i]) : out.addOrFind(values[i]);
            }
        }
        for (int k = 0; k < count; k++) {
            int b = base.codes().get(rows[k]);
            codes.set(k, b < 0 ? -1 : viewCode[b]);
        }
        return new Column.Text(codes, out.dictionary(), out.index());
    }
}
