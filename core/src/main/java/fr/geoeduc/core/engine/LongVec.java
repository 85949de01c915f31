package fr.geoeduc.core.engine;

import java.nio.LongBuffer;

/** A fixed-length array of longs, on the heap or memory-mapped: see {@link IntVec}. */
public abstract sealed class LongVec permits LongVec.Heap, LongVec.Mapped {

    public abstract long get(int i);

    public abstract int length();

    abstract void set(int i, long v);

    /** Bytes this vector holds on the heap (0 when mapped). */
    public abstract long heapBytes();

    static LongVec allocate(int n, ColumnFiles files) {
        return files == null ? new Heap(new long[n]) : new Mapped(files.map(8L * n).asLongBuffer());
    }

    public static LongVec of(long[] values) {
        return new Heap(values);
    }

    static final class Heap extends LongVec {
        private final long[] a;

        Heap(long[] a) {
            this.a = a;
        }

        public long get(int i) {
            return a[i];
        }

        public int length() {
            return a.length;
        }

        void set(int i, long v) {
            a[i] = v;
        }

        public long heapBytes() {
            return 8L * a.length;
        }
    }

    static final class Mapped extends LongVec {
        private final LongBuffer b;

        Mapped(LongBuffer b) {
            this.b = b;
        }

        public long get(int i) {
            return b.get(i);
        }

        public int length() {
            return b.capacity();
        }

        void set(int i, long v) {
            b.put(i, v);
        }

        public long heapBytes() {
            return 0;
        }
    }
}
