package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import org.locationtech.jts.geom.Geometry;

import java.time.Instant;
import java.time.LocalDate;
import java.util.BitSet;

/**
 * One field of a snapshot, stored by column: dictionary-encoded text, primitive vectors for numbers, dates
 * and points (on the heap, or memory-mapped for large versions: {@link ColumnFiles}), null bitmaps. Immutable once built.
 */
public sealed interface Column permits Column.Text, Column.Int, Column.Dbl, Column.Bool, Column.Day, Column.Time,
        Column.Point, Column.Shape {

    FieldType type();

    boolean isNull(int row);

    /** The value as the rest of the code uses it: String, Long, Double, Boolean, LocalDate, Instant, GeoPoint, Geometry. */
    Object get(int row);

    long memoryBytes();

    /**
     * Text: {@code codes.get(row)} indexes {@code dictionary}; -1 is null. {@code derived} keeps what writers compute once
     * per dictionary entry (e.g. the encoded CSV cell of each value), for as long as the column lives.
     */
    record Text(IntVec codes, TextDictionary dictionary, DictionaryIndex index, Derived derived) implements Column {
        Text(IntVec codes, TextDictionary dictionary, DictionaryIndex index) {
            this(codes, dictionary, index, new Derived());
        }

        public FieldType type() {
            return FieldType.TEXT;
        }

        /**
         * Whether values computed once per dictionary entry are worth keeping with the column: not for near-unique
         * columns (identifiers, pseudonyms) of large datasets, whose values are each written about once and whose
         * encodings would double the column's memory.
         */
        public boolean worthDeriving() {
            return dictionary.size() <= 65_536 || dictionary.size() <= codes.length() / 4;
        }

        /**
         * What {@code make} computes from this column, computed once per slot (0 to {@link Derived#SLOTS} − 1; each
         * kind of writer owns its slots). Two threads may both compute it the first time; one result is kept.
         */
        @SuppressWarnings("unchecked")
        public <T> T derived(int slot, java.util.function.Function<Text, T> make) {
            Object v = derived.values.get(slot);
            if (v == null) {
                v = make.apply(this);
                if (!derived.values.compareAndSet(slot, null, v)) {
                    v = derived.values.get(slot);
                }
            }
            return (T) v;
        }

        /**
         * Each dictionary code's place among the dictionary's values in {@link String#compareTo} order (the order_by of
         * text), computed once per column: groups keyed by codes are put in value order by sorting integers.
         */
        public int[] valueRanks() {
            return derived(Derived.VALUE_RANKS, c -> {
                int n = c.dictionary.size();
                Integer[] byValue = new Integer[n];
                for (int code = 0; code < n; code++) {
                    byValue[code] = code;
                }
                java.util.Arrays.sort(byValue, c.dictionary::compare);
                int[] ranks = new int[n];
                for (int r = 0; r < n; r++) {
                    ranks[byValue[r]] = r;
                }
                return ranks;
            });
        }

        public boolean isNull(int row) {
            return codes.get(row) < 0;
        }

        public String get(int row) {
            int c = codes.get(row);
            return c < 0 ? null : dictionary.get(c);
        }

        /** The dictionary code of a row's value; -1 is null. */
        public int codeAt(int row) {
            return codes.get(row);
        }

        /** The dictionary code of a value, or -1 when no row has it. */
        public int code(String value) {
            return index.find(value, dictionary::get);
        }

        public long memoryBytes() {
            return codes.heapBytes() + dictionary.heapBytes() + index.heapBytes() + derived.memoryBytes();
        }
    }

    /** Values derived from a text column (e.g. encoded dictionaries), in numbered slots; compared by identity. */
    final class Derived {
        /** Slots of derived values per column; looked up by index on every response, so no hashing. */
        public static final int SLOTS = 5;
        /** The slot of the engine's {@link Text#valueRanks()}; the response writers own slots 0 to 3. */
        static final int VALUE_RANKS = 4;
        private final java.util.concurrent.atomic.AtomicReferenceArray<Object> values = new java.util.concurrent.atomic.AtomicReferenceArray<>(SLOTS);

        /** Memory held (estimated; arrays of byte arrays are counted, other values as one object). */
        long memoryBytes() {
            long total = 0;
            for (int i = 0; i < SLOTS; i++) {
                Object v = values.get(i);
                if (v == null) {
                    continue;
                }
                if (v instanceof byte[][] arrays) {
                    total += 16 + 4L * arrays.length;
                    for (byte[] a : arrays) {
                        total += a == null ? 0 : 16 + a.length;
                    }
                } else if (v instanceof int[] ints) {
                    total += 16 + 4L * ints.length;
                } else {
                    total += 16;
                }
            }
            return total;
        }
    }

    record Int(LongVec values, BitSet nulls) implements Column {
        public FieldType type() {
            return FieldType.INT;
        }

        public boolean isNull(int row) {
            return nulls.get(row);
        }

        public Long get(int row) {
            return nulls.get(row) ? null : values.get(row);
        }

        public long memoryBytes() {
            return values.heapBytes() + values.length() / 8;
        }
    }

    record Dbl(DoubleVec values, BitSet nulls) implements Column {
        public FieldType type() {
            return FieldType.DOUBLE;
        }

        public boolean isNull(int row) {
            return nulls.get(row);
        }

        public Double get(int row) {
            return nulls.get(row) ? null : values.get(row);
        }

        public long memoryBytes() {
            return values.heapBytes() + values.length() / 8;
        }
    }

    record Bool(BitSet values, BitSet nulls) implements Column {
        public FieldType type() {
            return FieldType.BOOLEAN;
        }

        public boolean isNull(int row) {
            return nulls.get(row);
        }

        public Boolean get(int row) {
            return nulls.get(row) ? null : values.get(row);
        }

        public long memoryBytes() {
            return values.size() / 4;
        }
    }

    record Day(IntVec epochDays, BitSet nulls) implements Column {
        public FieldType type() {
            return FieldType.DATE;
        }

        public boolean isNull(int row) {
            return nulls.get(row);
        }

        public LocalDate get(int row) {
            return nulls.get(row) ? null : LocalDate.ofEpochDay(epochDays.get(row));
        }

        public long memoryBytes() {
            return epochDays.heapBytes() + epochDays.length() / 8;
        }
    }

    record Time(LongVec epochMillis, BitSet nulls) implements Column {
        public FieldType type() {
            return FieldType.DATETIME;
        }

        public boolean isNull(int row) {
            return nulls.get(row);
        }

        public Instant get(int row) {
            return nulls.get(row) ? null : Instant.ofEpochMilli(epochMillis.get(row));
        }

        public long memoryBytes() {
            return epochMillis.heapBytes() + epochMillis.length() / 8;
        }
    }

    record Point(DoubleVec lat, DoubleVec lon, BitSet nulls) implements Column {
        public FieldType type() {
            return FieldType.GEO_POINT_2D;
        }

        public boolean isNull(int row) {
            return nulls.get(row);
        }

        public GeoPoint get(int row) {
            return nulls.get(row) ? null : new GeoPoint(lat.get(row), lon.get(row));
        }

        public long memoryBytes() {
            return lat.heapBytes() + lon.heapBytes() + lat.length() / 8;
        }
    }

    record Shape(Geometry[] values) implements Column {
        public FieldType type() {
            return FieldType.GEO_SHAPE;
        }

        public boolean isNull(int row) {
            return values[row] == null;
        }

        public Geometry get(int row) {
            return values[row];
        }

        public long memoryBytes() {
            long total = 8L * values.length;
            for (Geometry g : values) {
                total += g == null ? 0 : 40L * g.getNumPoints() + 64;
            }
            return total;
        }
    }

    /** Builds a column on the heap from the values of one field, in row order. */
    static Column build(FieldType type, java.util.List<Object> values) {
        ColumnBuilder b = ColumnBuilder.of(type, values.size(), null);
        for (Object v : values) {
            b.add(v);
        }
        return b.build();
    }
}
