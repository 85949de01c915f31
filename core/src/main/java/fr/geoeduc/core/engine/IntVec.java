package fr.geoeduc.core.engine;

import java.nio.IntBuffer;

/**
 * A fixed-length array of ints: on the heap for ordinary versions, in a memory-mapped file (see {@link ColumnFiles})
 * for large ones, so that the column's size is bounded by the disk and the page cache rather than by the heap. Written
 * once by a {@link ColumnBuilder}, read-only afterwards.
 */
public abstract sealed class IntVec permits IntVec.Heap, IntVec.Mapped {

    public abstract int get(int i);

    public abstract int length();

    abstract void set(int i, int v);

    /** Bytes this vector holds on the heap (0 when mapped). */
    public abstract long heapBytes();

    static IntVec allocate(int n, ColumnFiles files) {
        return files == null ? new Heap(new int[n]) : new Mapped(files.map(4L * n).asIntBuffer());
    }

    public static IntVec of(int[] values) {
        return new Heap(values);
    }

    static final class Heap extends IntVec {
        private final int[] a;

        Heap(int[] a) {
            this.a = a;
        }

        public int get(int i) {
            return a[i];
        }

        public int length() {
            return a.length;
        }

        void set(int i, int v) {
            a[i] = v;
        }

        public long heapBytes() {
            return 4L * a.length;
        }
    }

    static final class Mapped extends IntVec {
        private final IntBuffer b;

        Mapped(IntBuffer b) {
            this.b = b;
        }

        public int get(int i) {
            return b.get(i);
        }

        public int length() {
            return b.capacity();
        }

        void set(int i, int v) {
            b.put(i, v);
        }

        public long heapBytes() {
            return 0;
        }
    }
}
