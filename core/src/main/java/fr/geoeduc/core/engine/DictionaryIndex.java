package fr.geoeduc.core.engine;

import java.util.function.IntFunction;

/**
 * Finds the dictionary code of a text value: an open-addressing hash table of codes (code + 1 per slot, 0 empty,
 * linear probing), which compares candidates with the dictionary itself. Four bytes per slot instead of a map entry, a
 * boxed code and a table slot (about 56 bytes per value), and memory-mapped past {@value #MAPPED_FROM} slots when the
 * column is: a near-unique field (UAI, INE) of millions of rows is indexed without the heap. Grows while the column is
 * built; read-only afterwards.
 */
final class DictionaryIndex {

    private static final int MAPPED_FROM = 1 << 17;

    private final ColumnFiles files;
    private IntVec slots = IntVec.allocate(16, null);
    private int size;

    DictionaryIndex(ColumnFiles files) {
        this.files = files;
    }

    /** An index sized for {@code expected} entries, so that adding them never rehashes (which reads every value). */
    DictionaryIndex(ColumnFiles files, int expected) {
        this.files = files;
        int capacity = (int) Math.min(1L << 30, Long.highestOneBit(Math.max(16L, 2L * expected) - 1) << 1);
        this.slots = IntVec.allocate(capacity, capacity >= MAPPED_FROM ? files : null);
    }

    /** An index read from a column file: its slots as written, read-only. */
    DictionaryIndex(IntVec slots, int size) {
        this.files = null;
        this.slots = slots;
        this.size = size;
    }

    IntVec slots() {
        return slots;
    }

    int size() {
        return size;
    }

    /** The code of {@code value}, or -1 when the dictionary does not hold it. */
    int find(String value, IntFunction<String> dictionary) {
        int mask = slots.length() - 1;
        for (int i = spread(value.hashCode()) & mask; ; i = (i + 1) & mask) {
            int code = slots.get(i) - 1;
            if (code < 0) {
                return -1;
            }
            if (dictionary.apply(code).equals(value)) {
                return code;
            }
        }
    }

    /** Indexes the next dictionary entry, {@code code} (= the number of entries indexed so far). */
    void add(int code, IntFunction<String> dictionary) {
        add(code, dictionary.apply(code), dictionary);
    }

    /** The same, with the entry's value at hand: it is not read back from the dictionary (a mapped one decodes it). */
    void add(int code, String value, IntFunction<String> dictionary) {
        if (2L * (size + 1) > slots.length()) {
            int capacity = slots.length() * 2;
            IntVec bigger = IntVec.allocate(capacity, capacity >= MAPPED_FROM ? files : null);
            for (int c = 0; c < size; c++) {
                insert(bigger, dictionary.apply(c).hashCode(), c);
            }
            slots = bigger;
        }
        insert(slots, value.hashCode(), code);
        size++;
    }

    private static void insert(IntVec table, int hash, int code) {
        int mask = table.length() - 1;
        int i = spread(hash) & mask;
        while (table.get(i) != 0) {
            i = (i + 1) & mask;
        }
        table.set(i, code + 1);
    }

    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }

    long heapBytes() {
        return slots.heapBytes();
    }
}
