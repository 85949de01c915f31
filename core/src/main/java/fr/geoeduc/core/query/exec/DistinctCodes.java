package fr.geoeduc.core.query.exec;

import java.util.BitSet;

/**
 * The distinct dictionary codes a distinct count has seen: an open-addressing set of ints (code + 1 per slot) while
 * it is small, a bit per dictionary entry once the set would take more. One per group of a grouped count: 12 million
 * INEs spread over 3,000 groups take about 100 MB, where a set of their strings did not fit in the heap.
 */
final class DistinctCodes {

    private int[] slots = new int[8];
    private int size;
    private BitSet bits;

    void add(int code, int dictionarySize) {
        if (bits != null) {
            bits.set(code);
            return;
        }
        if (2 * (size + 1) > slots.length) {
            if (4L * slots.length * 2 > dictionarySize / 8 + 64) {
                bits = new BitSet(dictionarySize);
                for (int s : slots) {
                    if (s != 0) {
                        bits.set(s - 1);
                    }
                }
                slots = null;
                bits.set(code);
                return;
            }
            int[] old = slots;
            slots = new int[old.length * 2];
            for (int s : old) {
                if (s != 0) {
                    insert(s - 1);
                }
            }
        }
        if (insert(code)) {
            size++;
        }
    }

    private boolean insert(int code) {
        int mask = slots.length - 1;
        for (int i = (code * 0x9E3779B9) >>> 7 & mask; ; i = (i + 1) & mask) {
            if (slots[i] == 0) {
                slots[i] = code + 1;
                return true;
            }
            if (slots[i] == code + 1) {
                return false;
            }
        }
    }

    long size() {
        return bits != null ? bits.cardinality() : size;
    }
}
