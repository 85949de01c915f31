package fr.geoeduc.core.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A text column's dictionary being written, with its hash index: on the heap, moved to mapped files (when
 * {@code files} is given) once it holds {@link TextDictionary#mappedFrom} values, so that a near-unique column of
 * millions of rows needs no heap for its values. Shared by the columns built from rows ({@link ColumnBuilder}) and
 * those copied from another column ({@link ColumnSubset}).
 */
final class GrowingDictionary {

    private final ColumnFiles files;
    private final int atMost;
    private final DictionaryIndex index;
    private List<String> heap;
    private DictionaryWriter mapped;

    /**
     * @param expected the number of values known to come (the index is sized for them: adding them never rehashes), or
     *                 0 when unknown
     * @param atMost   no more values than this will be added (sizes the mapped files when the dictionary moves there)
     */
    GrowingDictionary(ColumnFiles files, int expected, int atMost) {
        this.files = files;
        this.atMost = atMost;
        this.index = expected > 0 ? new DictionaryIndex(files, expected) : new DictionaryIndex(files);
        if (files != null && expected >= TextDictionary.mappedFrom) {
            mapped = new DictionaryWriter(files, expected);
        } else {
            heap = new ArrayList<>(Math.min(Math.max(expected, 16), TextDictionary.mappedFrom));
        }
    }

    int size() {
        return mapped != null ? mapped.size() : heap.size();
    }

    /** The code of {@code value}, added when new. */
    int addOrFind(String value) {
        int known = mapped != null ? index.find(value, mapped::get) : index.find(value, heap::get);
        return known >= 0 ? known : add(value);
    }

    /** Adds a value known not to be there yet; returns its code. */
    int add(String value) {
        if (mapped == null && files != null && heap.size() >= TextDictionary.mappedFrom) {
            mapped = new DictionaryWriter(files, Math.max(atMost, heap.size() + 1));
            heap.forEach(mapped::add);
            heap = null;
        }
        int code;
        if (mapped != null) {
            code = mapped.add(value);
            index.add(code, value, mapped::get);
        } else {
            code = heap.size();
            heap.add(value);
            index.add(code, value, heap::get);
        }
        return code;
    }

    TextDictionary dictionary() {
        return mapped != null ? mapped.done() : TextDictionary.of(heap.toArray(String[]::new));
    }

    DictionaryIndex index() {
        return index;
    }
}
