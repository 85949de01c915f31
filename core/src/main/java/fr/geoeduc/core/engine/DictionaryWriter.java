package fr.geoeduc.core.engine;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The dictionary of a large text column while it is built, outside the heap: UTF-8 bytes and their offsets in
 * memory-mapped files that double when full. A near-unique field of millions of rows (INE, UAI) is then loaded
 * without its millions of strings on the heap; read back as a {@link TextDictionary.Mapped}.
 */
final class DictionaryWriter {

    private final ColumnFiles files;
    private ByteBuffer bytes;
    private IntBuffer offsets;
    private int size;
    private int used;

    DictionaryWriter(ColumnFiles files, int expectedValues) {
        this.files = files;
        this.bytes = files.map(Math.max(1 << 16, 8L * expectedValues));
        this.offsets = files.map(4L * (Math.max(1 << 14, expectedValues) + 1)).asIntBuffer();
        offsets.put(0, 0);
    }

    int size() {
        return size;
    }

    /** Adds {@code value} as the next code; returns it. */
    int add(String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        if ((long) used + b.length > bytes.capacity()) {
            long capacity = Math.max(2L * bytes.capacity(), (long) used + b.length);
            ByteBuffer bigger = files.map(Math.min(capacity, Integer.MAX_VALUE));
            bigger.put(0, bytes, 0, used);
            bytes = bigger;
        }
        if (size + 2 > offsets.capacity()) {
            IntBuffer bigger = files.map(8L * offsets.capacity()).asIntBuffer();
            bigger.put(0, offsets, 0, size + 1);
            offsets = bigger;
        }
        bytes.put(used, b);
        used += b.length;
        offsets.put(size + 1, used);
        return size++;
    }

    String get(int code) {
        int from = offsets.get(code);
        byte[] b = new byte[offsets.get(code + 1) - from];
        bytes.get(from, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    TextDictionary done() {
        return new TextDictionary.Mapped(offsets.slice(0, size + 1), bytes.slice(0, used).order(bytes.order()), size);
    }
}
