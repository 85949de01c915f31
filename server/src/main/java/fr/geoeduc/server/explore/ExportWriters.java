package fr.geoeduc.server.explore;

import com.fasterxml.jackson.core.JsonGenerator;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.referentiel.CrsTransformer;
import fr.geoeduc.core.store.Json;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The writers of the export formats, for every route that exports (the Explore API's exports, the version downloads of
 * {@code /api/datasets}); each receives the rows of the query one by one.
 */
public final class ExportWriters {

    /** A row writer for one format; {@link #finish()} closes the document. */
    public interface RowWriter extends Consumer<Map<String, Object>> {
        void finish() throws IOException;
    }

    static final List<String> FORMATS = List.of("csv", "json", "jsonl", "geojson", "parquet", "xlsx", "gpkg", "fgb");

    private ExportWriters() {
    }

    static String contentType(String format) {
        return switch (format) {
            case "csv" -> "text/csv; charset=utf-8";
            case "json" -> "application/json; charset=utf-8";
            case "jsonl" -> "application/jsonl; charset=utf-8";
            case "geojson" -> "application/geo+json; charset=utf-8";
            case "xlsx" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            case "parquet" -> "application/vnd.apache.parquet";
            default -> "application/octet-stream";
        };
    }

    /** Options of the CSV export (Explore API defaults: ';', BOM, no quoting unless needed). */
    public record CsvOptions(char delimiter, boolean withBom, boolean quoteAll, String listSeparator) {
        /** The Explore API's defaults. */
        public static final CsvOptions DEFAULT = new CsvOptions(';', true, false, ",");
    }

    static RowWriter csv(OutputStream out, Schema schema, boolean useLabels, CsvOptions options, ZoneId zone) throws IOException {
        List<String> published = new ArrayList<>();
        for (Field f : schema.fields()) {
            if (!f.isAddedByGeoeduc()) {
                published.add(useLabels ? f.label() : f.name());
            }
        }
        return csv(out, schema, useLabels, options, zone, published);
    }

    /**
     * CSV; the header is the first row's keys (or their labels), or {@code emptyHeader} when there is no row.
     */
    public static RowWriter csv(OutputStream out, Schema schema, boolean useLabels, CsvOptions options, ZoneId zone, List<String> emptyHeader)
            throws IOException {
        CsvOutput csv = new CsvOutput(out, options.delimiter(), options.quoteAll());
        if (options.withBom()) {
            csv.bom();
        }
        return new RowWriter() {
            boolean header;
            final DictionariesByPosition dictionaries = new DictionariesByPosition(csv::encode, csv::plain);

            @Override
            public void accept(Map<String, Object> row) {
                try {
                    if (!header) {
                        header = true;
                        for (String k : row.keySet()) {
                            csv.cell(useLabels ? label(schema, k) : k);
                        }
                        csv.endLine();
                    }
                    if (row instanceof fr.geoeduc.core.query.exec.ResultRow r && r.sourceRow() >= 0) {
                        writeRow(csv, r, zone, dictionaries);
                        csv.endLine();
                        return;
                    }
                    row.forEach((k, v) -> {
                        try {
                            cell(csv, v, zone);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    csv.endLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void finish() throws IOException {
                if (!header) {
                    for (String column : emptyHeader) {
                        csv.cell(column);
                    }
                    csv.endLine();
                }
                csv.flush();
            }
        };
    }

    /** A row read from a snapshot: text fields copied unchanged are written from their column's encoded dictionary. */
    private static void writeRow(CsvOutput csv, fr.geoeduc.core.query.exec.ResultRow row, ZoneId zone, DictionariesByPosition dictionaries)
            throws IOException {
        int source = row.sourceRow();
        for (int i = 0; i < row.width(); i++) {
            fr.geoeduc.core.engine.Column.Text text = row.textSource(i);
            if (text != null) {
                int code = text.codeAt(source);
                if (code < 0) {
                    csv.cell("");
                } else {
                    byte[][] encoded = dictionaries.of(i, text);
                    if (encoded == null) {
                        if (dictionaries.plain(i)) {
                            csv.plainCell(text.dictionary(), code);
                        } else {
                            csv.cell(text.dictionary().get(code));
                        }
                    } else {
                        csv.encodedCell(encoded[code]);
                    }
                }
            } else {
                cell(csv, row.value(i), zone);
            }
        }
    }

    /** One value: integers and decimals written as numbers, everything else as its export text. */
    private static void cell(CsvOutput csv, Object v, ZoneId zone) throws IOException {
        if (v instanceof Long || v instanceof Integer) {
            csv.cell(((Number) v).longValue());
        } else if (v instanceof Double d) {
            csv.cell(d.doubleValue());
        } else {
            csv.cell(ExploreValues.text(v, zone));
        }
    }

    private static String label(Schema schema, String key) {
        return schema.find(key).map(Field::label).orElse(key);
    }


    static RowWriter parquet(OutputStream out, Schema schema) {
        fr.geoeduc.server.explore.parquet.ParquetRows rows = new fr.geoeduc.server.explore.parquet.ParquetRows(out, schema);
        return new RowWriter() {
            @Override
            public void accept(Map<String, Object> row) {
                rows.write(row);
            }

            @Override
            public void finish() throws IOException {
                rows.finish();
            }
        };
    }

    /** A JSON array of records, or one record per line ({@code lines}, JSON Lines). */
    public static RowWriter json(OutputStream out, ZoneId zone, boolean lines) throws IOException {
        JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out);
        JsonFieldNames names = new JsonFieldNames();
        if (!lines) {
            g.writeStartArray();
        }
        return new RowWriter() {
            @Override
            public void accept(Map<String, Object> row) {
                try {
                    ExploreValues.writeRecord(g, row, zone, names);
                    if (lines) {
                        g.writeRaw('\n');
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void finish() throws IOException {
                if (!lines) {
                    g.writeEndArray();
                }
                g.flush();
            }
        };
    }

    /** GeoJSON: the first geo value of the row is the geometry (reprojected when epsg is not 4326). */
    static RowWriter geojson(OutputStream out, ZoneId zone, int epsg, CrsTransformer crs) throws IOException {
        return geojson(out, zone, epsg, crs, null);
    }

    /** GeoJSON whose geometry is the value of {@code geometryKey} (when null: the row's first geo value). */
    public static RowWriter geojson(OutputStream out, ZoneId zone, int epsg, CrsTransformer crs, String geometryKey) throws IOException {
        JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out);
        JsonFieldNames names = new JsonFieldNames();
        g.writeStartObject();
        g.writeStringField("type", "FeatureCollection");
        if (epsg != 4326) {
            g.writeRaw(",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::" + epsg + "\"}}");
        }
        g.writeArrayFieldStart("features");
        GeometryFactory factory = new GeometryFactory();
        return new RowWriter() {
            @Override
            public void accept(Map<String, Object> row) {
                try {
                    g.writeStartObject();
                    g.writeStringField("type", "Feature");
                    g.writeFieldName("geometry");
                    Geometry geometry = null;
                    for (Object v : geometryKey == null ? row.values() : java.util.Collections.singletonList(row.get(geometryKey))) {
                        if (v instanceof Geometry shape) {
                            geometry = shape;
                            break;
                        }
                        if (v instanceof GeoPoint p) {
                            geometry = factory.createPoint(new Coordinate(p.lon(), p.lat()));
                            break;
                        }
                    }
                    if (geometry == null) {
                        g.writeNull();
                    } else {
                        g.writeRawValue(ExploreValues.geoJson(epsg == 4326 ? geometry : reproject(geometry, epsg, crs)));
                    }
                    g.writeFieldName("properties");
                    ExploreValues.writeRecord(g, row, zone, names);
                    g.writeEndObject();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void finish() throws IOException {
                g.writeEndArray();
                g.writeEndObject();
                g.flush();
            }
        };
    }

    private static Geometry reproject(Geometry g, int epsg, CrsTransformer crs) {
        Geometry copy = g.copy();
        copy.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
            double[] xy = crs.fromWgs84(epsg, c.y, c.x);
            c.x = xy[0];
            c.y = xy[1];
        });
        copy.geometryChanged();
        return copy;
    }

    static RowWriter xlsx(OutputStream out, Schema schema, boolean useLabels, ZoneId zone) {
        Workbook workbook = new Workbook(out, "GeoEduc", "1.0");
        Worksheet sheet = workbook.newWorksheet("export");
        return new RowWriter() {
            int row;

            @Override
            public void accept(Map<String, Object> values) {
                if (row == 0) {
                    int c = 0;
                    for (String k : values.keySet()) {
                        sheet.value(0, c++, useLabels ? label(schema, k) : k);
                    }
                    row = 1;
                }
                int c = 0;
                for (Object v : values.values()) {
                    switch (v) {
                        case null -> { }
                        case Long l -> sheet.value(row, c, l);
                        case Double d -> sheet.value(row, c, d);
                        case Boolean b -> sheet.value(row, c, b);
                        default -> sheet.value(row, c, ExploreValues.text(v, zone));
                    }
                    c++;
                }
                row++;
            }

            @Override
            public void finish() throws IOException {
                workbook.finish();
            }
        };
    }
}
