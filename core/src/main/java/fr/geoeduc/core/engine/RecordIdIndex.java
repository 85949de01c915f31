package fr.geoeduc.core.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The record ids of a large version without a string per row on the heap: an id is computed when it is asked for (the
 * digest of the row's content, as for a small version), and what cannot be computed from one row alone is kept in two
 * compact structures built in one pass: the occurrence number of each repeated identical row after the first (a few
 * rows, usually none), and for the look-up of a row by its id, the first 33 bits of every id's digest with its row,
 * sorted, in a mapped vector of 8 bytes a row. A look-up reads the rows whose ids share those bits (one, rarely two)
 * and compares their whole ids.
 */
final class RecordIdIndex {

    /** Bits of an id's digest kept per row: with the 31 bits of a row number, one long. */
    private static final int PREFIX_BITS = 33;
    private static final int ROW_BITS = 31;
    private static final HexFormat HEX = HexFormat.of();

    private final IntFunction<String> content;
    private final ThreadLocal<Function<byte[], byte[]>> digests;
    private final Map<Integer, Integer> laterOccurrences;
    private final LongVec sortedKeys;

    private RecordIdIndex(IntFunction<String> content, Supplier<Function<byte[], byte[]>> digests, Map<Integer, Integer> laterOccurrences,
                          LongVec sortedKeys) {
        this.content = content;
        this.digests = ThreadLocal.withInitial(digests);
        this.laterOccurrences = laterOccurrences;
        this.sortedKeys = sortedKeys;
    }

    /**
     * Reads every row's content once: {@code content} gives a row's canonical text, {@code digests} a fresh digest
     * function (not thread-safe, one per thread); the sorted keys go to {@code files} (null: the heap).
     */
    static RecordIdIndex build(int rows, IntFunction<String> content, Supplier<Function<byte[], byte[]>> digests, ColumnFiles files) {
        Function<byte[], byte[]> digest = digests.get();
        long[] prefixes = new long[rows];
        for (int r = 0; r < rows; r++) {
            prefixes[r] = prefix(digest.apply(bytes(content.apply(r))));
        }
        // identical rows have identical digests: only the rows whose prefix repeats are compared by content
        long[] sorted = prefixes.clone();
        Arrays.sort(sorted);
        Set<Long> repeated = new HashSet<>();
        for (int i = 1; i < rows; i++) {
            if (sorted[i] == sorted[i - 1]) {
                repeated.add(sorted[i]);
            }
        }
        sorted = null;
        Map<String, Integer> seen = new HashMap<>();
        Map<Integer, Integer> later = new HashMap<>();
        for (int r = 0; r < rows; r++) {
            if (repeated.contains(prefixes[r])) {
                int occurrence = seen.merge(content.apply(r), 1, Integer::sum);
                if (occurrence > 1) {
                    later.put(r, occurrence);
                    prefixes[r] = prefix(digest.apply(bytes(withOccurrence(content.apply(r), occurrence))));
                }
            }
        }
        long[] keys = prefixes;
        for (int r = 0; r < rows; r++) {
            keys[r] = keys[r] << ROW_BITS | r;
        }
        Arrays.sort(keys);
        LongVec vec = LongVec.allocate(rows, files);
        for (int i = 0; i < rows; i++) {
            vec.set(i, keys[i]);
        }
        return new RecordIdIndex(content, digests, Map.copyOf(later), vec);
    }

    /** The id of a row: see {@link #id(Function, String, int)}. */
    String id(int row) {
        return id(digests.get(), content.apply(row), laterOccurrences.getOrDefault(row, 1));
    }

    /**
     * The record id rule, for small and large versions alike: 40 hex digits of the digest of a row's content, its
     * occurrence number mixed in when the row repeats an identical earlier one ({@code occurrence} > 1).
     */
    static String id(Function<byte[], byte[]> digest, String content, int occurrence) {
        return HEX.formatHex(digest.apply(bytes(occurrence > 1 ? withOccurrence(content, occurrence) : content)), 0, 20);
    }

    /** The row of an id, or -1. */
    int row(String id) {
        if (id == null || id.length() != 40 || !HexFormat.isHexDigit(id.charAt(0))) {
            return -1;
        }
        long prefix;
        try {
            prefix = HexFormat.fromHexDigitsToLong(id, 0, 9) >>> (36 - PREFIX_BITS);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        long from = prefix << ROW_BITS;
        int lo = 0;
        int hi = sortedKeys.length();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedKeys.get(mid) < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int i = lo; i < sortedKeys.length() && sortedKeys.get(i) >>> ROW_BITS == prefix; i++) {
            int row = (int) (sortedKeys.get(i) & ((1L << ROW_BITS) - 1));
            if (id(row).equalsIgnoreCase(id)) {
                return row;
            }
        }
        return -1;
    }

    long heapBytes() {
        return sortedKeys.heapBytes() + 64L * laterOccurrences.size();
    }

    private static String withOccurrence(String content, int occurrence) {
        return content + "\u001e" + occurrence;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long prefix(byte[] digest) {
        long high = 0;
        for (int i = 0; i < 5; i++) {
            high = high << 8 | (digest[i] & 0xffL);
        }
        return high >>> (40 - PREFIX_BITS);
    }
}
