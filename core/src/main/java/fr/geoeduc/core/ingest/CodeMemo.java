package fr.geoeduc.core.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a code leads to, computed once per distinct code of an ingest. Files are mostly sorted, so the code of a
 * row is often the previous row's: that one is answered by an {@code equals} without hashing the new string.
 * Bounded: past {@code limit} distinct codes the memo starts over, so a column of unique values costs no memory.
 */
final class CodeMemo<K, V> {

    private final Map<K, V> values = new HashMap<>();
    private final Function<K, V> compute;
    private final int limit;
    private K lastKey;
    private V lastValue;

    CodeMemo(Function<K, V> compute, int limit) {
        this.compute = compute;
        this.limit = limit;
    }

    V get(K key) {
        java.util.Objects.requireNonNull(key, "code");
        if (key.equals(lastKey)) {
            return lastValue;
        }
        V v = values.get(key);
        if (v == null) {
            v = compute.apply(key);
            if (values.size() >= limit) {
                values.clear();
            }
            values.put(key, v);
        }
        lastKey = key;
        lastValue = v;
        return v;
    }
}
