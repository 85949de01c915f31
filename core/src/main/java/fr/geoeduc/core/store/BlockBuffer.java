package fr.geoeduc.core.store;

import java.util.Arrays;

/** A growable byte array written big-endian, as {@link java.io.DataOutputStream} does, for encoding record blocks. */
final class BlockBuffer {

    private byte[] bytes;
    private int size;

    BlockBuffer(int capacity) {
        bytes = new byte[Math.max(64, capacity)];
    }

    private void room(int n) {
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
        }
    }

    void putByte(int v) {
        room(1);
        bytes[size++] = (byte) v;
    }

    void putInt(int v) {
        room(4);
        bytes[size++] = (byte) (v >>> 24);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    void putBytes(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    /**
     * Length as a varint (7 bits per byte, low bits first), then the UTF-8 bytes ({@code s.getBytes(UTF_8)}: an
     * unpaired surrogate becomes '?'). The JDK's encoder copies a Latin-1 string without a character loop.
     */
    void putString(String s) {
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int v = utf8.length;
        while ((v & ~0x7F) != 0) {
            putByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        putByte(v);
        putBytes(utf8);
    }

    byte[] bytes() {
        return bytes;
    }

    int size() {
        return size;
    }

    /** Empties the buffer and keeps its array, so that the next block is encoded without growing a new one. */
    void clear() {
        size = 0;
    }
}
