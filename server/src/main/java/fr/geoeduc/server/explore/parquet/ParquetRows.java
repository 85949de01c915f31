package fr.geoeduc.server.explore.parquet;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.query.exec.ResultRow;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes export rows as an Apache Parquet file (GZIP pages) on a stream. Column types come from the dataset's
 * fields (text → STRING, int → INT64, double → DOUBLE, boolean, date → DATE, datetime → TIMESTAMP µs UTC);
 * points and shapes are WKB with GeoParquet 1.1 metadata ({@code geo}, WGS84), so QGIS, DuckDB or GeoPandas read
 * them as geometries. A computed column (select expression, aggregate) takes the type of its first value.
 */
public final class ParquetRows {

    /** How one column is declared and written. */
    private enum Kind {
        STRING, INT64, DOUBLE, BOOLEAN, DATE, TIMESTAMP, POINT, SHAPE
    }

    private static final long ROW_GROUP_BYTES = 32L << 20;
    private static final GeometryFactory GEOMETRIES = new GeometryFactory();

    private final OutputStream out;
    private final Schema datasetSchema;
    private ParquetWriter<Object[]> writer;
    private String[] keys;

    public ParquetRows(OutputStream out, Schema datasetSchema) {
        this.out = out;
        this.datasetSchema = datasetSchema;
    }

    public void write(Map<String, Object> row) {
        try {
            if (writer == null) {
                open(new ArrayList<>(row.keySet()), row);
            }
            Object[] values = new Object[keys.length];
            for (int i = 0; i < keys.length; i++) {
                values[i] = row.get(keys[i]);
            }
            writer.write(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the file (an empty export still gets the dataset's columns). */
    public void finish() throws IOException {
        if (writer == null) {
            open(datasetSchema.fields().stream().filter(f -> !f.isAddedByGeoeduc()).map(Field::name).toList(), Map.of());
        }
        writer.close();
    }

    private void open(List<String> names, Map<String, Object> firstRow) throws IOException {
        keys = names.toArray(String[]::new);
        Kind[] kinds = new Kind[keys.length];
        boolean[] declared = new boolean[keys.length];
        Types.MessageTypeBuilder message = Types.buildMessage();
        Map<String, String> geo = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            // a column keeps its field's declared type only when it is that field copied unchanged (an expression
            // named after a field, or a group of an aggregated answer, is typed by its first value)
            FieldType declaredType = firstRow.isEmpty() || firstRow instanceof ResultRow r && r.copied(i)
                    ? datasetSchema.find(keys[i]).map(Field::type).orElse(null) : null;
            declared[i] = declaredType != null;
            kinds[i] = kind(declaredType, firstRow.get(keys[i]));
            switch (kinds[i]) {
                case STRING -> message.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(keys[i]);
                case INT64 -> message.optional(PrimitiveTypeName.INT64).named(keys[i]);
                case DOUBLE -> message.optional(PrimitiveTypeName.DOUBLE).named(keys[i]);
                case BOOLEAN -> message.optional(PrimitiveTypeName.BOOLEAN).named(keys[i]);
                case DATE -> message.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(keys[i]);
                case TIMESTAMP -> message.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(keys[i]);
                case POINT, SHAPE -> {
                    message.optional(PrimitiveTypeName.BINARY).named(keys[i]);
                    geo.put(keys[i], kinds[i] == Kind.POINT ? "[\"Point\"]" : "[]");
                }
            }
        }
        MessageType schema = message.named("record");
        Map<String, String> metadata = new LinkedHashMap<>();
        if (!geo.isEmpty()) {
            // GeoParquet 1.1: WKB columns, no "crs" member = OGC:CRS84 (longitude, latitude), as the API serves them
            metadata.put("geo", "{\"version\":\"1.1.0\",\"primary_column\":\"" + geo.keySet().iterator().next() + "\",\"columns\":{"
                    + geo.entrySet().stream().map(e -> "\"" + e.getKey() + "\":{\"encoding\":\"WKB\",\"geometry_types\":" + e.getValue() + "}")
                    .collect(Collectors.joining(",")) + "}}");
        }
        writer = new Builder(new StreamOutputFile(out), new RowSupport(schema, kinds, declared, metadata))
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new GzipCodecs())
                .withCompressionCodec(CompressionCodecName.GZIP)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    private static Kind kind(FieldType declared, Object firstValue) {
        if (declared != null) {
            return switch (declared) {
                case TEXT -> Kind.STRING;
                case INT -> Kind.INT64;
                case DOUBLE -> Kind.DOUBLE;
                case BOOLEAN -> Kind.BOOLEAN;
                case DATE -> Kind.DATE;
                case DATETIME -> Kind.TIMESTAMP;
                case GEO_POINT_2D -> Kind.POINT;
                case GEO_SHAPE -> Kind.SHAPE;
            };
        }
        return switch (firstValue) {
            case Long l -> Kind.INT64;
            case Integer n -> Kind.INT64;
            case Double d -> Kind.DOUBLE;
            case Boolean b -> Kind.BOOLEAN;
            case LocalDate d -> Kind.DATE;
            case Instant t -> Kind.TIMESTAMP;
            case GeoPoint p -> Kind.POINT;
            case Geometry g -> Kind.SHAPE;
            case null, default -> Kind.STRING;
        };
    }

    /**
     * Turns a row (values in column order) into Parquet fields. A value that does not fit a computed column (typed by
     * its first value) is written as null; one that does not fit a declared field is an error, never a silent null.
     */
    private static final class RowSupport extends WriteSupport<Object[]> {
        private final MessageType schema;
        private final Kind[] kinds;
        private final boolean[] declared;
        private final Map<String, String> metadata;
        private final WKBWriter wkb = new WKBWriter(2);
        private RecordConsumer consumer;

        RowSupport(MessageType schema, Kind[] kinds, boolean[] declared, Map<String, String> metadata) {
            this.schema = schema;
            this.kinds = kinds;
            this.declared = declared;
            this.metadata = metadata;
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, metadata);
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(schema, metadata); // required by the API; not called with a plain configuration
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Object[] row) {
            consumer.startMessage();
            for (int i = 0; i < row.length; i++) {
                Object v = row[i];
                if (v == null) {
                    continue;
                }
                if (!fits(kinds[i], v)) {
                    if (declared[i]) {
                        throw new IllegalStateException("field " + schema.getFieldName(i) + " is declared " + kinds[i]
                                + " but holds a " + v.getClass().getSimpleName() + ": the export schema is not the one of the rows");
                    }
                    continue;
                }
                String name = schema.getFieldName(i);
                consumer.startField(name, i);
                switch (kinds[i]) {
                    case STRING -> consumer.addBinary(Binary.fromString(v instanceof GeoPoint p ? p.lat() + ", " + p.lon() : v.toString()));
                    case INT64 -> consumer.addLong(((Number) v).longValue());
                    case DOUBLE -> consumer.addDouble(((Number) v).doubleValue());
                    case BOOLEAN -> consumer.addBoolean((Boolean) v);
                    case DATE -> consumer.addInteger((int) ((LocalDate) v).toEpochDay());
                    case TIMESTAMP -> {
                        Instant t = (Instant) v;
                        consumer.addLong(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000));
                    }
                    case POINT, SHAPE -> consumer.addBinary(Binary.fromConstantByteArray(wkb.write(v instanceof GeoPoint p
                            ? GEOMETRIES.createPoint(new Coordinate(p.lon(), p.lat())) : (Geometry) v)));
                }
                consumer.endField(name, i);
            }
            consumer.endMessage();
        }

        private static boolean fits(Kind kind, Object v) {
            return switch (kind) {
                case STRING -> true;
                case INT64, DOUBLE -> v instanceof Number;
                case BOOLEAN -> v instanceof Boolean;
                case DATE -> v instanceof LocalDate;
                case TIMESTAMP -> v instanceof Instant;
                case POINT, SHAPE -> v instanceof GeoPoint || v instanceof Geometry;
            };
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final WriteSupport<Object[]> support;

        Builder(OutputFile file, WriteSupport<Object[]> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(org.apache.hadoop.conf.Configuration configuration) {
            return support;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration configuration) {
            return support;
        }
    }
}
