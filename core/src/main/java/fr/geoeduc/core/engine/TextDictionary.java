package fr.geoeduc.core.engine;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The distinct values of a text column, by code. On the heap as strings, or read in place from a version's column
 * file ({@link SnapshotFile}: UTF-8 bytes and their offsets) when the dictionary is large: a near-unique field (UAI,
 * INE) of millions of rows then holds no string on the heap, each value being decoded when it is read. A large
 * dictionary built on the heap (a convention's pseudonyms) is packed the same way in one byte array ({@link Packed}).
 */
public abstract sealed class TextDictionary permits TextDictionary.Heap, TextDictionary.Mapped, TextDictionary.Packed {

    /** Dictionaries of a column file larger than this stay in the file; smaller ones are decoded onto the heap. */
    static volatile int mappedFrom = 65_536;

    public abstract int size();

    public abstract String get(int code);

    /** Bytes held on the heap (estimated). */
    public abstract long heapBytes();

    /** Whether some value holds one of these ASCII characters (read once per column by writers that cache the answer). */
    public abstract boolean containsAnyOf(String asciiChars);

    /**
     * Copies the UTF-8 bytes of a value into {@code into} from {@code at} when they fit before its end, and returns
     * their length; when they do not fit, copies nothing and returns minus their length. Writers copy values this way
     * without a string and its encoding per cell when the dictionary holds bytes.
     */
    public abstract int copyUtf8(int code, byte[] into, int at);

    /** The order of two values as {@link String#compareTo} gives it (the order_by of text fields). */
    public int compare(int a, int b) {
        return get(a).compareTo(get(b));
    }

    /**
     * {@link String#compareTo} of two values of UTF-8 bytes, without decoding them when they first differ by an ASCII
     * byte or one is a prefix of the other: an ASCII byte starts a character in valid UTF-8, so the characters before
     * it are equal and the order is that of the bytes (and of the lengths for a prefix). Otherwise both are decoded.
     */
    int compareUtf8(int a, int b, ByteAt bytes, int fromA, int endA, int fromB, int endB) {
        int n = Math.min(endA - fromA, endB - fromB);
        for (int i = 0; i < n; i++) {
            int x = bytes.at(fromA + i);
            int y = bytes.at(fromB + i);
            if (x != y) {
                return x >= 0 && y >= 0 ? x - y : get(a).compareTo(get(b));
            }
        }
        return Integer.compare(endA - fromA, endB - fromB);
    }

    /** The byte at a position of a dictionary's UTF-8 bytes. */
    interface ByteAt {
        byte at(int i);
    }

    /** Strings on the heap; above {@link #mappedFrom} values, packed UTF-8 bytes ({@link Packed}). */
    static TextDictionary of(String[] values) {
        if (values.length > mappedFrom) {
            TextDictionary packed = Packed.of(values);
            if (packed != null) {
                return packed;
            }
        }
        return new Heap(values);
    }

    private static int copied(byte[] value, int from, int length, byte[] into, int at) {
        if (length > into.length - at) {
            return -length;
        }
        System.arraycopy(value, from, into, at, length);
        return length;
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

        public int copyUtf8(int code, byte[] into, int at) {
            byte[] b = values[code].getBytes(StandardCharsets.UTF_8);
            return copied(b, 0, b.length, into, at);
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
        private final ByteAt byteAt;
        private final boolean littleEndian;

        /** {@code offsets}: size + 1 starts of each value in {@code bytes}. */
        Mapped(IntBuffer offsets, ByteBuffer bytes, int size) {
            this.offsets = offsets;
            this.bytes = bytes;
            this.size = size;
            this.byteAt = bytes::get;
            this.littleEndian = bytes.order() == java.nio.ByteOrder.LITTLE_ENDIAN;
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

        public int copyUtf8(int code, byte[] into, int at) {
            int from = offsets.get(code);
            int length = offsets.get(code + 1) - from;
            if (length > into.length - at) {
                return -length;
            }
            bytes.get(from, into, at, length);
            return length;
        }

        public int compare(int a, int b) {
            int fromA = offsets.get(a);
            int endA = offsets.get(a + 1);
            int fromB = offsets.get(b);
            int endB = offsets.get(b + 1);
            if (endA - fromA >= 8 && endB - fromB >= 8) { // the first eight bytes in one read each (identifiers, INE)
                long x = bytes.getLong(fromA);
                long y = bytes.getLong(fromB);
                if (x != y) {
                    int shift = littleEndian ? Long.numberOfTrailingZeros(x ^ y) & ~7 : 56 - (Long.numberOfLeadingZeros(x ^ y) & ~7);
                    int bx = (int) (x >>> shift) & 0xff;
                    int by = (int) (y >>> shift) & 0xff;
                    return bx < 0x80 && by < 0x80 ? bx - by : get(a).compareTo(get(b));
                }
            }
            return compareUtf8(a, b, byteAt, fromA, endA, fromB, endB);
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

    /**
     * UTF-8 bytes of every value in one array, in code order, with their offsets: the layout of a column file's
     * dictionary, on the heap. A near-unique column built in memory (the pseudonyms of a convention's view: one value
     * per row) holds one array instead of a string and its byte array per value, about a third of the memory, and
     * the values of rows read in order lie one after the other: an export of a view read them through scattered string
     * objects at about four times the cost of the open export's identifiers.
     */
    static final class Packed extends TextDictionary {
        private final int[] offsets;
        private final byte[] bytes;
        private final ByteAt byteAt;

        private Packed(int[] offsets, byte[] bytes) {
            this.offsets = offsets;
            this.bytes = bytes;
            this.byteAt = i -> bytes[i];
        }

        /** The values packed, or null when their bytes do not fit in one array. */
        static Packed of(String[] values) {
            byte[][] encoded = new byte[values.length][];
            long total = 0;
            for (int i = 0; i < values.length; i++) {
                encoded[i] = values[i].getBytes(StandardCharsets.UTF_8);
                total += encoded[i].length;
            }
            if (total > Integer.MAX_VALUE - 16) {
                return null;
            }
            int[] offsets = new int[values.length + 1];
            byte[] bytes = new byte[(int) total];
            int at = 0;
            for (int i = 0; i < encoded.length; i++) {
                System.arraycopy(encoded[i], 0, bytes, at, encoded[i].length);
                at += encoded[i].length;
                offsets[i + 1] = at;
            }
            return new Packed(offsets, bytes);
        }

        public int size() {
            return offsets.length - 1;
        }

        public String get(int code) {
            int from = offsets[code];
            return new String(bytes, from, offsets[code + 1] - from, StandardCharsets.UTF_8);
        }

        public int copyUtf8(int code, byte[] into, int at) {
            int from = offsets[code];
            return copied(bytes, from, offsets[code + 1] - from, into, at);
        }

        public int compare(int a, int b) {
            return compareUtf8(a, b, byteAt, offsets[a], offsets[a + 1], offsets[b], offsets[b + 1]);
        }

        public boolean containsAnyOf(String asciiChars) {
            for (byte b : bytes) { // no ASCII byte occurs inside a multi-byte UTF-8 sequence
                if (b >= 0 && asciiChars.indexOf(b) >= 0) {
                    return true;
                }
            }
            return false;
        }

        public long heapBytes() {
            return 32 + 4L * offsets.length + bytes.length;
        }
    }
}
