package fr.geoeduc.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import fr.geoeduc.core.ingest.ValueParser;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.Query;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.store.Json;
import org.locationtech.jts.geom.Geometry;
import fr.geoeduc.core.model.GeoJsonText;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Streams a version as CSV (';', BOM, field names: the Explore API's defaults), JSON or GeoJSON, read through the
 * query service's pipeline like every other route.
 */
public final class Exports {

    private static final QueryContext CONTEXT = new QueryContext("where", java.util.Locale.FRENCH, java.time.ZoneOffset.UTC);

    private Exports() {
    }

    /** Every row of the version, as the caller may see it, in the order of the schema's fields. */
    private static void rows(QueryService queries, Caller caller, QueryService.Visible dataset, java.util.function.Consumer<Object[]> consumer) {
        Schema schema = dataset.version().schema();
        // every field of the version by name: GéoÉduc's own exports keep the derived fields that select=* leaves out
        String select = String.join(", ", schema.fields().stream().map(f -> "`" + f.name() + "`").toList());
        QueryEngine.Request all = new QueryEngine.Request(select, java.util.List.of(), null, null, -1, 0, null, null, CONTEXT);
        queries.execute(caller, dataset.definition().id(), dataset.version().number(), new Query.Export(all, row -> {
            Object[] values = new Object[schema.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = row.get(schema.field(i).name());
            }
            consumer.accept(values);
        }));
    }

    public static void csv(QueryService queries, Caller caller, QueryService.Visible dataset, OutputStream out) throws IOException {
        Schema schema = dataset.version().schema();
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write('\uFEFF');
        for (int i = 0; i < schema.size(); i++) {
            w.write(i > 0 ? ";" : "");
            w.write(csvCell(schema.field(i).name()));
        }
        w.write("\r\n");
        rows(queries, caller, dataset, row -> {
            try {
                for (int i = 0; i < row.length; i++) {
                    w.write(i > 0 ? ";" : "");
                    w.write(csvCell(text(row[i])));
                }
                w.write("\r\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        w.flush();
    }

    public static void json(QueryService queries, Caller caller, QueryService.Visible dataset, OutputStream out) throws IOException {
        Schema schema = dataset.version().schema();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartArray();
            rows(queries, caller, dataset, row -> {
                try {
                    g.writeStartObject();
                    writeFields(g, schema, row);
                    g.writeEndObject();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            g.writeEndArray();
        }
    }

    public static void geojson(QueryService queries, Caller caller, QueryService.Visible dataset, OutputStream out) throws IOException {
        Schema schema = dataset.version().schema();
        int geo = geometryField(schema);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeArrayFieldStart("features");
            rows(queries, caller, dataset, row -> {
                try {
                    g.writeStartObject();
                    g.writeStringField("type", "Feature");
                    g.writeFieldName("geometry");
                    Object v = geo < 0 ? null : row[geo];
                    if (v instanceof GeoPoint p) {
                        g.writeRawValue("{\"type\":\"Point\",\"coordinates\":[" + p.lon() + "," + p.lat() + "]}");
                    } else if (v instanceof Geometry shape) {
                        g.writeRawValue(GeoJsonText.write(shape));
                    } else {
                        g.writeNull();
                    }
                    g.writeObjectFieldStart("properties");
                    writeFields(g, schema, row);
                    g.writeEndObject();
                    g.writeEndObject();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** The geometry shown on maps: the first geo_shape, else the first geo_point_2d; -1 if none. */
    public static int geometryField(Schema schema) {
        int point = -1;
        for (int i = 0; i < schema.size(); i++) {
            if (schema.field(i).type() == FieldType.GEO_SHAPE) {
                return i;
            }
            if (schema.field(i).type() == FieldType.GEO_POINT_2D && point < 0) {
                point = i;
            }
        }
        return point;
    }

    static void writeFields(JsonGenerator g, Schema schema, Object[] row) throws IOException {
        for (int i = 0; i < row.length; i++) {
            Field f = schema.field(i);
            Object v = row[i];
            g.writeFieldName(f.name());
            switch (v) {
                case null -> g.writeNull();
                case Long l -> g.writeNumber(l);
                case Double d -> g.writeNumber(d);
                case Boolean b -> g.writeBoolean(b);
                case GeoPoint p -> {
                    g.writeStartObject();
                    g.writeNumberField("lon", p.lon());
                    g.writeNumberField("lat", p.lat());
                    g.writeEndObject();
                }
                case Geometry shape -> {
                    g.writeRawValue(GeoJsonText.write(shape));
                }
                default -> g.writeString(text(v));
            }
        }
    }

    static String text(Object v) {
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        return ValueParser.format(v);
    }

    private static String csvCell(String s) {
        if (s.indexOf(';') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
