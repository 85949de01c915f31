package fr.geoeduc.core.engine;

import java.nio.DoubleBuffer;

/** A fixed-length array of doubles, on the heap or memory-mapped: see {@link IntVec}. */
public abstract sealed class DoubleVec permits DoubleVec.Heap, DoubleVec.Mapped {

    public abstract double get(int i);

    public abstract int length();

    /** Copies {@code n} values from position {@code from} into the start of {@code into}: a scan's 64 rows in one copy. */
    public abstract void copy(int from, double[] into, int n);

    abstract void set(int i, double v);

    /** Bytes this vector holds on the heap (0 when mapped). */
    public abstract long heapBytes();

    static DoubleVec allocate(int n, ColumnFiles files) {
        return files == null ? new Heap(new double[n]) : new Mapped(files.map(8L * n).asDoubleBuffer());
    }

    public static DoubleVec of(double[] values) {
        return new Heap(values);
    }

    static final class Heap extends DoubleVec {
        private final double[] a;

        Heap(double[] a) {
            this.a = a;
        }

        public double get(int i) {
            return a[i];
        }

        public int length() {
            return a.length;
        }

        public void copy(int from, double[] into, int n) {
            System.arraycopy(a, from, into, 0, n);
        }

        void set(int i, double v) {
            a[i] = v;
        }

        public long heapBytes() {
            return 8L * a.length;
        }
    }

    static final class Mapped extends DoubleVec {
        private final DoubleBuffer b;

        Mapped(DoubleBuffer b) {
            this.b = b;
        }

        public double get(int i) {
            return b.get(i);
        }

        public int length() {
            return b.capacity();
        }

        public void copy(int from, double[] into, int n) {
            b.get(from, into, 0, n);
        }

        void set(int i, double v) {
            b.put(i, v);
        }

        public long heapBytes() {
            return 0;
        }
    }
}
