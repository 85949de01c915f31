package fr.geoeduc.core.join;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The right rows of a key jointure grouped by key, without a map entry or a list per key: each distinct key gets a
 * group number (in order of first appearance) in an open-addressing table of ints, and the rows of group {@code g} are
 * {@code rows[start[g]] … rows[start[g + 1] - 1]}, in the input's order. Look-ups are thread-safe once built.
 */
final class KeyGroups {

    private final String[] keys;
    private final int[] slots;
    /** The spread hash of the key in each slot: most probes of another key stop here, without reading its string. */
    private final int[] slotHashes;
    private final int mask;
    /** Per right row: its group, -1 without a key. */
    final int[] groupOf;
    final int[] start;
    final int[] rows;

    /** {@code rowKeys[j]}: the key of right row j (null: none). */
    KeyGroups(String[] rowKeys) {
        int capacity = Integer.highestOneBit(Math.max(4, rowKeys.length * 2 - 1)) << 1;
        slots = new int[capacity];
        slotHashes = new int[capacity];
        mask = capacity - 1;
        groupOf = new int[rowKeys.length];
        String[] distinct = new String[Math.max(1, rowKeys.length)];
        int groups = 0;
        for (int j = 0; j < rowKeys.length; j++) {
            String k = rowKeys[j];
            if (k == null) {
                groupOf[j] = -1;
                continue;
            }
            int h = spread(k.hashCode());
            int s = h & mask;
            while (true) {
                int g = slots[s] - 1;
                if (g < 0) {
                    distinct[groups] = k;
                    slots[s] = ++groups;
                    slotHashes[s] = h;
                    groupOf[j] = groups - 1;
                    break;
                }
                if (slotHashes[s] == h && distinct[g].equals(k)) {
                    groupOf[j] = g;
                    break;
                }
                s = (s + 1) & mask;
            }
        }
        keys = Arrays.copyOf(distinct, groups);
        start = new int[groups + 1];
        for (int g : groupOf) {
            if (g >= 0) {
                start[g + 1]++;
            }
        }
        for (int g = 0; g < groups; g++) {
            start[g + 1] += start[g];
        }
        rows = new int[start[groups]];
        int[] fill = Arrays.copyOf(start, groups);
        for (int j = 0; j < groupOf.length; j++) {
            if (groupOf[j] >= 0) {
                rows[fill[groupOf[j]]++] = j;
            }
        }
    }

    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The group of {@code key}, -1 when no right row has it (or the key is null). */
    int find(String key) {
        if (key == null) {
            return -1;
        }
        int h = spread(key.hashCode());
        int s = h & mask;
        while (true) {
            int g = slots[s] - 1;
            if (g < 0) {
                return -1;
            }
            if (slotHashes[s] == h && keys[g].equals(key)) {
                return g;
            }
            s = (s + 1) & mask;
        }
    }

    /** The group of each key, looked up in parallel. */
    int[] findAll(String[] keysToFind) {
        int[] out = new int[keysToFind.length];
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = find(keysToFind[i]));
        return out;
    }

    int groups() {
        return keys.length;
    }

    int size(int group) {
        return start[group + 1] - start[group];
    }
}
