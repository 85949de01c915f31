package fr.geoeduc.core.query;

import fr.geoeduc.core.engine.LeastRecentlyUsed;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The conventions' views kept in memory, within a heap budget ({@link #HEAP_BUDGET_PROPERTY}): each view is a copy of
 * the rows its convention grants (a large one memory-mapped: it counts only what it keeps on the heap), built on first
 * use, and one is kept per convention and dataset. Beyond the budget
 * the least recently used are dropped (the one just built stays, even alone above it); a dropped view is built again
 * by its next request. Without a budget, every convention ever queried kept its copy for the life of the server.
 */
final class ViewCache<V> {

    /** The heap the cached views may hold together: a share of the maximum heap ({@code 25%}, the default) or a size. */
    static final String HEAP_BUDGET_PROPERTY = "geoeduc.views.heap";
    static final String DEFAULT_HEAP_BUDGET = "25%";

    private static final class Entry<V> {
        final V view;
        final long bytes;
        volatile long used;

        Entry(V view, long bytes) {
            this.view = view;
            this.bytes = bytes;
            this.used = System.nanoTime();
        }
    }

    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long heapBudget;
    private final AtomicLong evicted = new AtomicLong();

    ViewCache(long heapBudget) {
        this.heapBudget = heapBudget;
    }

    /** The view under {@code key}, now the most recently used; null when not kept. */
    V get(String key) {
        Entry<V> e = entries.get(key);
        if (e == null) {
            return null;
        }
        e.used = System.nanoTime();
        return e.view;
    }

    /** Keeps {@code view} ({@code bytes} of heap) under {@code key}, then drops the least recently used beyond the budget. */
    synchronized void put(String key, V view, long bytes) {
        entries.put(key, new Entry<>(view, bytes));
        evicted.addAndGet(LeastRecentlyUsed.evict(entries, key, heapBudget, e -> e.bytes, e -> e.used, (k, e, kept) -> {
        }));
    }

    /** Replaces the view under {@code key} by one of the same size (the same rows, other metadata). */
    void replace(String key, V view) {
        entries.computeIfPresent(key, (k, e) -> new Entry<>(view, e.bytes));
    }

    void removeIf(Predicate<String> key) {
        entries.keySet().removeIf(key);
    }

    long evictions() {
        return evicted.get();
    }

    /** The heap the kept views hold. */
    long heapBytes() {
        return entries.values().stream().mapToLong(e -> e.bytes).sum();
    }

    int size() {
        return entries.size();
    }
}
