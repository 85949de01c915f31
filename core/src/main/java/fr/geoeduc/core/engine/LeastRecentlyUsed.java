package fr.geoeduc.core.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Keeps the entries of a cache within a heap budget by dropping the least recently used first (the snapshots of the
 * versions, the conventions' views): one rule for every cache that holds data in memory.
 */
public final class LeastRecentlyUsed {

    /** Told of each entry dropped, with the bytes the entries still kept hold. */
    public interface Dropped<K, E> {
        void dropped(K key, E entry, long bytesKept);
    }

    private LeastRecentlyUsed() {
    }

    /**
     * Removes entries from {@code entries}, least recently used first, until their sizes add up to at most
     * {@code budget}; {@code keep} (the entry just added) is never removed, even alone above the budget. An entry
     * replaced meanwhile by another thread is left alone. Sizes are read once, before anything is removed.
     *
     * @return the number of entries removed
     */
    public static <K, E> int evict(Map<K, E> entries, K keep, long budget, ToLongFunction<E> bytes, ToLongFunction<E> lastUse,
                                   Dropped<K, E> dropped) {
        Map<K, Long> size = new HashMap<>();
        long total = 0;
        for (Map.Entry<K, E> e : entries.entrySet()) {
            long b = bytes.applyAsLong(e.getValue());
            size.put(e.getKey(), b);
            total += b;
        }
        if (total <= budget) {
            return 0;
        }
        List<Map.Entry<K, E>> byUse = new ArrayList<>(entries.entrySet());
        byUse.sort(Comparator.comparingLong(e -> lastUse.applyAsLong(e.getValue())));
        int removed = 0;
        for (Map.Entry<K, E> e : byUse) {
            if (total <= budget) {
                break;
            }
            if (e.getKey().equals(keep) || !entries.remove(e.getKey(), e.getValue())) {
                continue;
            }
            total -= size.getOrDefault(e.getKey(), 0L);
            removed++;
            dropped.dropped(e.getKey(), e.getValue(), total);
        }
        return removed;
    }
}
