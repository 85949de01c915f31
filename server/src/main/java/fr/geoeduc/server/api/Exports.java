package fr.geoeduc.server.api;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.query.Query;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.server.explore.ExportWriters;

import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Streams a version as CSV (';', BOM, field names: the Explore API's defaults), JSON or GeoJSON, read through the
 * query service's pipeline like every other route and written by the same writers as the Explore API's exports
 * ({@link ExportWriters}); unlike those, every field of the version is there, the derived ones included.
 */
public final class Exports {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final QueryContext CONTEXT = new QueryContext("where", java.util.Locale.FRENCH, UTC);

    private Exports() {
    }

    /** Every row of the version, as the caller may see it, each field in the order of the schema, to the writer. */
    private static void rows(QueryService queries, Caller caller, QueryService.Visible dataset, ExportWriters.RowWriter writer)
            throws IOException {
        // every field of the version by name: GéoÉduc's own exports keep the derived fields that select=* leaves out
        String select = String.join(", ", names(dataset.version().schema()).stream().map(n -> "`" + n + "`").toList());
        QueryEngine.Request all = new QueryEngine.Request(select, List.of(), null, null, -1, 0, null, null, CONTEXT);
        queries.execute(caller, dataset.definition().id(), dataset.version().number(), new Query.Export(all, writer));
        writer.finish();
    }

    private static List<String> names(Schema schema) {
        return schema.fields().stream().map(Field::name).toList();
    }

    public static void csv(QueryService queries, Caller caller, QueryService.Visible dataset, OutputStream out) throws IOException {
        Schema schema = dataset.version().schema();
        rows(queries, caller, dataset, ExportWriters.csv(out, schema, false, ExportWriters.CsvOptions.DEFAULT, UTC, names(schema)));
        out.flush();
    }

    public static void json(QueryService queries, Caller caller, QueryService.Visible dataset, OutputStream out) throws IOException {
        rows(queries, caller, dataset, ExportWriters.json(out, UTC, false));
        out.flush();
    }

    public static void geojson(QueryService queries, Caller caller, QueryService.Visible dataset, OutputStream out) throws IOException {
        Schema schema = dataset.version().schema();
        int geo = geometryField(schema);
        rows(queries, caller, dataset, ExportWriters.geojson(out, UTC, 4326, null, geo < 0 ? "" : schema.field(geo).name()));
        out.flush();
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
}
