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
     * Length as a varint (7 bits per byte, low bits first), then the UTF-8 bytes, encoded in place: the same bytes
     * as {@code s.getBytes(UTF_8)} (an unpaired surrogate becomes '?'), without a temporary array per value.
     */
    void putString(String s) {
        int n = s.length();
        int length = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length++;
            } else {
                length += 3;
            }
        }
        int v = length;
        while ((v & ~0x7F) != 0) {
            putByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        putByte(v);
        room(length);
        byte[] b = bytes;
        int p = size;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b[p++] = '?';
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        size = p;
    }

    byte[] bytes() {
        return bytes;
    }

    int size() {
        return size;
    }
}
