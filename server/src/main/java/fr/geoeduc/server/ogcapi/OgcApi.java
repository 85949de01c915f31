package fr.geoeduc.server.ogcapi;

import com.fasterxml.jackson.core.JsonGenerator;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.query.odsql.OdsqlException;
import fr.geoeduc.core.referentiel.CrsTransformer;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.server.explore.ExploreApi;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OGC API – Features (Part 1 core with GeoJSON, HTML and OpenAPI 3.0; Part 2 CRS by reference; Part 3 queryables and
 * CQL2 filters) under {@code /ogc}.
 * Every read goes through the {@link QueryService} with the caller resolved as for the Explore API: a restricted
 * dataset is absent from {@code /collections} and a 404 on every route for a caller without a convention.
 */
public final class OgcApi {

    public static final String ROOT = OgcLinks.ROOT;
    private static final Set<String> ITEM_PARAMETERS = Set.of("f", "crs", "properties", "apikey");
    private final QueryService queries;
    private final OgcCatalogue catalogue;
    private final OgcCrs transforms = new OgcCrs(new CrsTransformer());
    private final GeoJsonWriter writer = new GeoJsonWriter(transforms);
    private final HtmlPages html;
    private final OgcTiles tiles;
    private final OgcDownloads downloads;

    public OgcApi(QueryService queries, String banner) {
        this.queries = queries;
        this.catalogue = new OgcCatalogue(queries);
        this.html = new HtmlPages(banner);
        this.tiles = new OgcTiles(queries, catalogue, transforms);
        this.downloads = new OgcDownloads(queries, transforms);
    }

    /**
     * The tile route, to register before any other GET route: Javalin 6 tries the GET routes in the order they were
     * added, a regular expression each, three times per request (before-matched, the handler, after-matched), and a map
     * asks for tiles by the dozen. Its guard (caller, quota) is the before-handler on {@code /ogc/*}, as for every route
     * here.
     */
    public void registerTiles(Javalin app) {
        tiles.registerTile(app, OgcApi::guarded);
    }

    /** The other routes (after {@link #registerTiles}). */
    public void register(Javalin app) {
        // the other tile routes, then the items: asked for most after the tiles
        tiles.register(app, OgcApi::guarded);
        app.get(ROOT + "/collections/{collectionId}/items", guarded(this::items));
        app.get(ROOT + "/collections/{collectionId}/items/{featureId}", guarded(this::item));
        app.get(ROOT, guarded(this::landing));
        app.get(ROOT + "/", guarded(this::landing));
        app.get(ROOT + "/conformance", guarded(this::conformance));
        app.get(ROOT + "/api", guarded(this::api));
        app.get(ROOT + "/collections", guarded(this::collections));
        app.get(ROOT + "/collections/{collectionId}", guarded(this::collection));
        app.get(ROOT + "/collections/{collectionId}/queryables", guarded(this::queryables));
        app.exception(OgcException.class, (e, ctx) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", e.code);
            body.put("description", e.getMessage());
            ctx.status(e.status).contentType("application/json; charset=utf-8").result(Json.write(body));
        });
    }

    /** Engine errors (a value the engine cannot compare, a field the view lacks) become 400s in the OGC shape. */
    private static Handler guarded(Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (OdsqlException e) {
                String parameter = !e.clause().equals("where") ? e.clause()
                        : ctx.attribute(FilterParameter.FILTER_GIVEN) != null ? "filter" : "propriétés de la requête";
                throw OgcException.badParameter(parameter, e.getMessage());
            }
        };
    }

    private void landing(Context ctx) {
        OgcParameters.check(ctx, OgcParameters.BASIC);
        String base = OgcLinks.base(ctx);
        respond(ctx, () -> CollectionDocuments.landing(base), () -> html.landing(base), OgcLinks.JSON);
    }

    private void conformance(Context ctx) {
        OgcParameters.check(ctx, OgcParameters.BASIC);
        String base = OgcLinks.base(ctx);
        respond(ctx, () -> CollectionDocuments.conformance(base), () -> html.conformance(Conformance.CLASSES), OgcLinks.JSON);
    }

    private void api(Context ctx) {
        OgcParameters.check(ctx, OgcParameters.BASIC);
        String base = OgcLinks.base(ctx);
        Map<String, Object> doc = OpenApiDocument.build(base, catalogue.all(ExploreApi.caller(ctx)), itemsParameters());
        respond(ctx, () -> doc, () -> html.api(doc), OgcLinks.OPENAPI);
    }

    private static List<String> itemsParameters() {
        return List.of("limit", "offset", "bbox", "bbox-crs", "datetime", "crs", "filter", "filter-lang", "filter-crs", "sortby",
                "properties", "f-items", "apikey");
    }

    private void collections(Context ctx) {
        OgcParameters.check(ctx, OgcParameters.BASIC);
        String base = OgcLinks.base(ctx);
        List<OgcCollection> all = catalogue.all(ExploreApi.caller(ctx));
        respond(ctx, () -> CollectionDocuments.collections(base, all), () -> html.collections(base, all), OgcLinks.JSON);
    }

    private void collection(Context ctx) {
        OgcParameters.check(ctx, OgcParameters.BASIC);
        String base = OgcLinks.base(ctx);
        OgcCollection c = catalogue.get(ExploreApi.caller(ctx), ctx.pathParam("collectionId"));
        respond(ctx, () -> CollectionDocuments.collection(base, c), () -> html.collection(base, c), OgcLinks.JSON);
    }

    private void queryables(Context ctx) {
        OgcParameters.check(ctx, OgcParameters.BASIC);
        String base = OgcLinks.base(ctx);
        OgcCollection c = catalogue.get(ExploreApi.caller(ctx), ctx.pathParam("collectionId"));
        Map<String, Object> schema = QueryablesDocument.build(base, c);
        respond(ctx, () -> schema, () -> html.queryables(c, schema), OgcLinks.SCHEMA);
    }

    private void respond(Context ctx, java.util.function.Supplier<Map<String, Object>> json, java.util.function.Supplier<String> page,
                         String jsonType) {
        if (Negotiation.format(ctx) == Negotiation.Format.HTML) {
            ctx.html(page.get());
        } else {
            ctx.contentType(jsonType + (jsonType.contains(";") ? "" : "; charset=utf-8")).result(Json.write(json.get()));
        }
    }

    // ------------------------------------------------------------------ features

    private void items(Context ctx) throws IOException {
        Caller caller = ExploreApi.caller(ctx);
        OgcCollection c = catalogue.get(caller, ctx.pathParam("collectionId"));
        java.util.Optional<fr.geoeduc.server.gis.GisFormat> download = Negotiation.download(ctx);
        Negotiation.Format format = download.isPresent() ? null : Negotiation.format(ctx);
        ItemsQuery q = ItemsQuery.parse(ctx, c, transforms);
        if (download.isPresent()) {
            downloads.write(ctx, caller, c, q, download.get());
            return;
        }
        QueryEngine.Result result = queries.records(caller, c.id(), q.request())
                .orElseThrow(() -> OgcException.notFound("collection inconnue : " + c.id()));
        String base = OgcLinks.base(ctx);
        String itemsUrl = base + "/collections/" + OgcLinks.encode(c.id()) + "/items";
        String f = ctx.queryParam("f");
        int returned = result.rows().size();
        boolean more = (long) q.offset() + returned < result.totalCount() && returned > 0;
        ctx.header("Content-Crs", OgcCrs.header(q.crs()));
        if (format == Negotiation.Format.HTML) {
            Map<String, String> mapQuery = new HashMap<>();
            mapQuery.put("crs", null);
            ctx.html(html.items(c, result.rows(), result.totalCount(), q.offset(), itemsUrl,
                    itemsUrl + OgcLinks.query(ctx, mapQuery, "json"),
                    q.offset() > 0 ? itemsUrl + OgcLinks.query(ctx, Map.of("offset", String.valueOf(Math.max(0, q.offset() - q.limit()))), "html") : null,
                    more ? itemsUrl + OgcLinks.query(ctx, Map.of("offset", String.valueOf(q.offset() + q.limit())), "html") : null));
            return;
        }
        List<Map<String, Object>> links = new ArrayList<>();
        links.add(OgcLinks.link(itemsUrl + OgcLinks.query(ctx, Map.of(), f), "self", OgcLinks.GEOJSON, "cette page"));
        links.add(OgcLinks.link(itemsUrl + OgcLinks.query(ctx, Map.of(), "html"), "alternate", OgcLinks.HTML, "cette page en HTML"));
        if (more) {
            links.add(OgcLinks.link(itemsUrl + OgcLinks.query(ctx, Map.of("offset", String.valueOf(q.offset() + q.limit())), f),
                    "next", OgcLinks.GEOJSON, "page suivante"));
        }
        if (q.offset() > 0) {
            links.add(OgcLinks.link(itemsUrl + OgcLinks.query(ctx, Map.of("offset", String.valueOf(Math.max(0, q.offset() - q.limit()))), f),
                    "prev", OgcLinks.GEOJSON, "page précédente"));
        }
        links.add(OgcLinks.link(base + "/collections/" + OgcLinks.encode(c.id()), "collection", OgcLinks.JSON, c.title()));
        ctx.contentType(OgcLinks.GEOJSON + "; charset=utf-8");
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(ctx.outputStream())) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeArrayFieldStart("features");
            for (Map<String, Object> row : result.rows()) {
                writer.feature(g, c, row, q.crs(), q.properties(), null);
            }
            g.writeEndArray();
            g.writeStringField("timeStamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            g.writeNumberField("numberMatched", result.totalCount());
            g.writeNumberField("numberReturned", returned);
            g.writeFieldName("links");
            Json.MAPPER.writeValue(g, links);
            g.writeEndObject();
        }
    }

    private void item(Context ctx) throws IOException {
        Caller caller = ExploreApi.caller(ctx);
        OgcCollection c = catalogue.get(caller, ctx.pathParam("collectionId"));
        OgcParameters.check(ctx, ITEM_PARAMETERS);
        Negotiation.Format format = Negotiation.format(ctx);
        OgcCrs.Ref crs = OgcParameters.crs(ctx, "crs", c);
        List<String> properties = ItemsQuery.properties(ctx, c);
        String id = ctx.pathParam("featureId");
        // the same properties as the items page: the published fields, GéoÉduc's derived ones only as the geometry
        Map<String, Object> found = queries.record(caller, c.id(), id, java.util.Set.of(c.geometry().name()))
                .orElseThrow(() -> OgcException.notFound("entité inconnue dans " + c.id() + " : " + id));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(GeoJsonWriter.ID, id);
        row.putAll(found);
        String base = OgcLinks.base(ctx);
        String collectionUrl = base + "/collections/" + OgcLinks.encode(c.id());
        String itemUrl = collectionUrl + "/items/" + OgcLinks.encode(id);
        ctx.header("Content-Crs", OgcCrs.header(crs));
        if (format == Negotiation.Format.HTML) {
            Map<String, String> mapQuery = new HashMap<>();
            mapQuery.put("crs", null);
            ctx.html(html.item(c, id, row, itemUrl + OgcLinks.query(ctx, mapQuery, "json"), collectionUrl));
            return;
        }
        List<Map<String, Object>> links = new ArrayList<>();
        links.add(OgcLinks.link(itemUrl + OgcLinks.query(ctx, Map.of(), ctx.queryParam("f")), "self", OgcLinks.GEOJSON, "cette entité"));
        links.add(OgcLinks.link(itemUrl + OgcLinks.query(ctx, Map.of(), "html"), "alternate", OgcLinks.HTML, "cette entité en HTML"));
        links.add(OgcLinks.link(collectionUrl, "collection", OgcLinks.JSON, c.title()));
        ctx.contentType(OgcLinks.GEOJSON + "; charset=utf-8");
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(ctx.outputStream())) {
            writer.feature(g, c, row, crs, properties, links);
        }
    }
}
