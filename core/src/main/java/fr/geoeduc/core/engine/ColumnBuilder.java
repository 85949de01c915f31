package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import org.locationtech.jts.geom.Geometry;

import java.time.Instant;
import java.time.LocalDate;
import java.util.BitSet;

/**
 * Builds one column from its values in row order, writing each straight into its vector (no boxed list of the
 * whole column in between), on the heap or in mapped files when {@code files} is given.
 */
public abstract class ColumnBuilder {

    protected final BitSet nulls;
    protected int row;

    private ColumnBuilder(int rows) {
        this.nulls = new BitSet(rows);
    }

    /** A builder for {@code rows} values of {@code type}; {@code files} null keeps the column on the heap. */
    public static ColumnBuilder of(FieldType type, int rows, ColumnFiles files) {
        return switch (type) {
            case TEXT -> new TextBuilder(rows, files);
            case INT -> new LongBuilder(rows, files, false);
            case DATETIME -> new LongBuilder(rows, files, true);
            case DOUBLE -> new DoubleBuilder(rows, files);
            case BOOLEAN -> new BoolBuilder(rows);
            case DATE -> new DayBuilder(rows, files);
            case GEO_POINT_2D -> new PointBuilder(rows, files);
            case GEO_SHAPE -> new ShapeBuilder(rows);
        };
    }

    /** The next row's value (null for none), of the Java type {@link Column#get} gives for this field type. */
    public final void add(Object value) {
        put(row++, value);
    }

    protected abstract void put(int row, Object value);

    public abstract Column build();

    /**
     * Text: codes and the dictionary's hash slots in mapped files for a large version; the dictionary on the heap until
     * it holds {@link TextDictionary#mappedFrom} values, then in mapped files too ({@link DictionaryWriter}).
     */
    private static final class TextBuilder extends ColumnBuilder {
        private final IntVec codes;
        private final GrowingDictionary dictionary;

        TextBuilder(int rows, ColumnFiles files) {
            super(0);
            codes = IntVec.allocate(rows, files);
            dictionary = new GrowingDictionary(files, 0, rows);
        }

        protected void put(int row, Object value) {
            codes.set(row, value == null ? -1 : dictionary.addOrFind((String) value));
        }

        public Column build() {
            return new Column.Text(codes, dictionary.dictionary(), dictionary.index());
        }
    }

    private static final class LongBuilder extends ColumnBuilder {
        private final LongVec values;
        private final boolean instants;

        LongBuilder(int rows, ColumnFiles files, boolean instants) {
            super(rows);
            this.values = LongVec.allocate(rows, files);
            this.instants = instants;
        }

        protected void put(int row, Object value) {
            if (value == null) {
                nulls.set(row);
            } else {
                values.set(row, instants ? ((Instant) value).toEpochMilli() : (Long) value);
            }
        }

        public Column build() {
            return instants ? new Column.Time(values, nulls) : new Column.Int(values, nulls);
        }
    }

    private static final class DoubleBuilder extends ColumnBuilder {
        private final DoubleVec values;

        DoubleBuilder(int rows, ColumnFiles files) {
            super(rows);
            this.values = DoubleVec.allocate(rows, files);
        }

        protected void put(int row, Object value) {
            if (value == null) {
                nulls.set(row);
            } else {
                values.set(row, (Double) value);
            }
        }

        public Column build() {
            return new Column.Dbl(values, nulls);
        }
    }

    private static final class BoolBuilder extends ColumnBuilder {
        private final BitSet values;

        BoolBuilder(int rows) {
            super(rows);
            this.values = new BitSet(rows);
        }

        protected void put(int row, Object value) {
            if (value == null) {
                nulls.set(row);
            } else if ((Boolean) value) {
                values.set(row);
            }
        }

        public Column build() {
            return new Column.Bool(values, nulls);
        }
    }

    private static final class DayBuilder extends ColumnBuilder {
        private final IntVec days;

        DayBuilder(int rows, ColumnFiles files) {
            super(rows);
            this.days = IntVec.allocate(rows, files);
        }

        protected void put(int row, Object value) {
            if (value == null) {
                nulls.set(row);
            } else {
                days.set(row, (int) ((LocalDate) value).toEpochDay());
            }
        }

        public Column build() {
            return new Column.Day(days, nulls);
        }
    }

    private static final class PointBuilder extends ColumnBuilder {
        private final DoubleVec lat;
        private final DoubleVec lon;

        PointBuilder(int rows, ColumnFiles files) {
            super(rows);
            this.lat = DoubleVec.allocate(rows, files);
            this.lon = DoubleVec.allocate(rows, files);
        }

        protected void put(int row, Object value) {
            if (value == null) {
                nulls.set(row);
            } else {
                GeoPoint p = (GeoPoint) value;
                lat.set(row, p.lat());
                lon.set(row, p.lon());
            }
        }

        public Column build() {
            return new Column.Point(lat, lon, nulls);
        }
    }

    /** Shapes stay on the heap (JTS geometries); the large versions of the issue are points and attributes. */
    private static final class ShapeBuilder extends ColumnBuilder {
        private final Geometry[] values;

        ShapeBuilder(int rows) {
            super(0);
            this.values = new Geometry[rows];
        }

        protected void put(int row, Object value) {
            values[row] = (Geometry) value;
        }

        public Column build() {
            return new Column.Shape(values);
        }
    }
}
