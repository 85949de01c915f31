package fr.geoeduc.core.engine;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The distinct values of a text column, by code. On the heap as strings, or read in place from a version's column
 * file ({@link SnapshotFile}: UTF-8 bytes and their offsets) when the dictionary is large: a near-unique field (UAI,
 * INE) of millions of rows then holds no string on the heap, each value being decoded when it is read.
 */
public abstract sealed class TextDictionary permits TextDictionary.Heap, TextDictionary.Mapped {

    /** Dictionaries of a column file larger than this stay in the file; smaller ones are decoded onto the heap. */
    static volatile int mappedFrom = 65_536;

    public abstract int size();

    public abstract String get(int code);

    /** Bytes held on the heap (estimated). */
    public abstract long heapBytes();

    /** Whether some value holds one of these ASCII characters (read once per column by writers that cache the answer). */
    public abstract boolean containsAnyOf(String asciiChars);

    static TextDictionary of(String[] values) {
        return new Heap(values);
    }

    static final class Heap extends TextDictionary {
        private final String[] values;

        Heap(String[] values) {
            this.values = values;
        }

        public int size() {
            return values.length;
        }

        public String get(int code) {
            return values[code];
        }

        public boolean containsAnyOf(String asciiChars) {
            for (String s : values) {
                for (int i = 0; i < s.length(); i++) {
                    if (asciiChars.indexOf(s.charAt(i)) >= 0) {
                        return true;
                    }
                }
            }
            return false;
        }

        public long heapBytes() {
            long total = 16 + 4L * values.length;
            for (String s : values) {
                total += 40 + 2L * s.length();
            }
            return total;
        }
    }

    static final class Mapped extends TextDictionary {
        private final IntBuffer offsets;
        private final ByteBuffer bytes;
        private final int size;

        /** {@code offsets}: size + 1 starts of each value in {@code bytes}. */
        Mapped(IntBuffer offsets, ByteBuffer bytes, int size) {
            this.offsets = offsets;
            this.bytes = bytes;
            this.size = size;
        }

        public int size() {
            return size;
        }

        public String get(int code) {
            int from = offsets.get(code);
            byte[] b = new byte[offsets.get(code + 1) - from];
            bytes.get(from, b);
            return new String(b, StandardCharsets.UTF_8);
        }

        public boolean containsAnyOf(String asciiChars) {
            // an ASCII byte never occurs inside a multi-byte UTF-8 sequence: the bytes can be read without decoding
            for (int i = offsets.get(0), end = offsets.get(size); i < end; i++) {
                byte b = bytes.get(i);
                if (b >= 0 && asciiChars.indexOf(b) >= 0) {
                    return true;
                }
            }
            return false;
        }

        public long heapBytes() {
            return 0;
        }
    }
}
