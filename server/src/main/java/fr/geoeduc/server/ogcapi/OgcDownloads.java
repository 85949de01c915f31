package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.server.gis.GisDownloadException;
import fr.geoeduc.server.gis.GisFormat;
import fr.geoeduc.server.gis.Layer;
import fr.geoeduc.server.gis.LayerRows;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /items?f=gpkg} and {@code f=fgb}: every feature the query selects (bbox, datetime, property equalities,
 * filter, sortby, properties exactly as for a GeoJSON page, {@code limit}/{@code offset} only when given), read
 * through the query service with the caller, written as one layer in the requested CRS (coordinates easting or
 * longitude first, as both formats store them), then sent as a file.
 */
final class OgcDownloads {

    private final QueryService queries;
    private final OgcCrs transforms;

    OgcDownloads(QueryService queries, OgcCrs transforms) {
        this.queries = queries;
        this.transforms = transforms;
    }

    void write(Context ctx, Caller caller, OgcCollection c, ItemsQuery q, GisFormat format) throws IOException {
        OgcCrs.Ref fileCrs = q.crs().geographic() ? OgcCrs.ALL.get(0) : q.crs(); // EPSG:4326 stored longitude first
        // the feature id is the GeoJSON "id"; a property already named id keeps its name and the feature id is _id
        String idColumn = c.property("id").isPresent() ? GeoJsonWriter.ID : "id";
        List<String> empty = new ArrayList<>(List.of(GeoJsonWriter.ID));
        empty.add(c.geometry().name());
        empty.addAll(q.properties() != null ? q.properties() : c.properties().stream().map(Field::name).toList());
        LayerRows.Spec spec = new LayerRows.Spec(format, Layer.tableName(c.id()), c.title(), c.schema(), c.geometry().name(),
                Map.of(GeoJsonWriter.ID, idColumn), empty, fileCrs.epsg(), g -> transforms.fromWgs84(fileCrs, g));
        try (LayerRows rows = new LayerRows(spec)) {
            if (queries.export(caller, c.id(), q.download(ctx), rows) < 0) {
                throw OgcException.notFound("collection inconnue : " + c.id());
            }
            rows.finish();
            ctx.header("Content-Crs", OgcCrs.header(q.crs()));
            ctx.header("Content-Disposition", "attachment; filename=\"" + c.id() + "." + format.extension + "\"");
            ctx.res().setCharacterEncoding(null); // a binary file: no charset parameter
            ctx.contentType(format.mediaType);
            rows.transferTo(ctx.outputStream());
        } catch (GisDownloadException e) {
            throw switch (e.reason) {
                case DISK_FULL -> OgcException.insufficientStorage(e.getMessage());
                case TOO_MANY_FEATURES -> OgcException.badParameter("limit", e.getMessage());
            };
        }
    }
}
