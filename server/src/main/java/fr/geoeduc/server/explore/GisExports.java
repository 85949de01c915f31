package fr.geoeduc.server.explore;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.referentiel.CrsTransformer;
import fr.geoeduc.server.gis.GisDownloadException;
import fr.geoeduc.server.gis.GisFormat;
import fr.geoeduc.server.gis.Layer;
import fr.geoeduc.server.gis.LayerRows;
import io.javalin.http.Context;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Geometry;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/**
 * The {@code gpkg} and {@code fgb} exports: the rows of the export request (select, where, refine, exclude, order_by,
 * limit, offset) read through the query service with the caller, one layer named after the dataset whose geometry is
 * the first geo field of the selection, in {@code epsg} (4326 by default), written to a temporary file and then sent.
 */
final class GisExports {

    private final QueryService queries;
    private final CrsTransformer crs;

    GisExports(QueryService queries, CrsTransformer crs) {
        this.queries = queries;
        this.crs = crs;
    }

    void write(Context ctx, Caller caller, String id, QueryEngine.Request request, Schema schema, GisFormat format, int epsg,
               boolean compressed) throws IOException {
        LayerRows.Spec spec = new LayerRows.Spec(format, Layer.tableName(id), id, schema, null, Map.of(),
                schema.fields().stream().filter(f -> !f.isAddedByGeoeduc()).map(Field::name).toList(), epsg, projection(epsg));
        try (LayerRows rows = new LayerRows(spec)) {
            if (queries.export(caller, id, request, rows) < 0) {
                throw ApiError.notFound("Unknown dataset: " + id);
            }
            rows.finish();
            ctx.header("Content-Disposition", "attachment; filename=\"" + id + "." + format.extension + (compressed ? ".gz" : "") + "\"");
            ctx.res().setCharacterEncoding(null); // a binary file: no charset parameter
            ctx.contentType(compressed ? "application/gzip" : format.mediaType);
            OutputStream out = compressed ? new GZIPOutputStream(ctx.outputStream(), 1 << 16) : ctx.outputStream();
            rows.transferTo(out);
            if (out instanceof GZIPOutputStream gz) {
                gz.finish();
            }
            out.flush();
        } catch (GisDownloadException e) {
            throw switch (e.reason) {
                case DISK_FULL -> new ApiError(507, "InsufficientStorage", e.getMessage());
                case TOO_MANY_FEATURES -> ApiError.badParameter(e.getMessage());
            };
        }
    }

    /** WGS84 longitude/latitude → {@code epsg}, easting first. */
    private UnaryOperator<Geometry> projection(int epsg) {
        if (epsg == 4326) {
            return g -> g;
        }
        return g -> {
            Geometry copy = g.copy();
            copy.apply((CoordinateFilter) c -> {
                double[] xy = crs.fromWgs84(epsg, c.y, c.x);
                c.x = xy[0];
                c.y = xy[1];
            });
            copy.geometryChanged();
            return copy;
        };
    }
}
