package fr.geoeduc.core.engine;

import java.nio.DoubleBuffer;

/** A fixed-length array of doubles, on the heap or memory-mapped: see {@link IntVec}. */
public abstract sealed class DoubleVec permits DoubleVec.Heap, DoubleVec.Mapped {

    public abstract double get(int i);

    public abstract int length();

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

        void set(int i, double v) {
            b.put(i, v);
        }

        public long heapBytes() {
            return 0;
        }
    }
}
