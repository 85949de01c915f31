package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.server.explore.ExploreApi;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * OGC API – Tiles Part 1 with Mapbox Vector Tiles in WebMercatorQuad: the tile matrix sets, each collection's tilesets
 * list, its tileset metadata (or TileJSON with {@code f=tilejson}) and its tiles. The features of a tile come only from
 * the {@link QueryService} with the caller ({@link TileSource}); tiles are cached per collection version and caller's
 * view ({@link TileCache}) and served with {@code ETag} and {@code Cache-Control}.
 */
final class OgcTiles {

    /** The numeric property weighting the means of the groups of points at low zoom (see {@link PointClusters}). */
    static final String CLUSTER_WEIGHT = "cluster-weight";
    private static final Set<String> TILE_PARAMETERS = Set.of("f", "properties", "apikey", CLUSTER_WEIGHT, "filter", "filter-lang",
            "filter-crs");
    /** What tile URL templates carry from the TileJSON's request. */
    private static final String[] CARRIED = {"properties", "apikey", CLUSTER_WEIGHT, "filter", "filter-lang"};
    /**
     * Bytes of tiles kept in memory (64 MB; the system property {@code geoeduc.ogc.tileCacheBytes} changes it, 0 builds
     * every tile on every request, as bench/ogc-vs-mapserver.sh measures the tile builds).
     */
    static final long CACHE_BYTES = Long.getLong("geoeduc.ogc.tileCacheBytes", 64L * 1024 * 1024);

    private final QueryService queries;
    private final OgcCatalogue catalogue;
    private final TileSource source;
    private final TileCache cache = new TileCache(CACHE_BYTES);
    private final TileShapes shapes = new TileShapes();
    private final OgcCrs transforms;

    OgcTiles(QueryService queries, OgcCatalogue catalogue, OgcCrs transforms) {
        this.queries = queries;
        this.catalogue = catalogue;
        this.transforms = transforms;
        this.source = new TileSource(queries);
    }

    /** The tile route alone: registered before every other GET route (see {@link OgcApi#registerTiles}). */
    void registerTile(Javalin app, UnaryOperator<Handler> guard) {
        app.get(OgcLinks.ROOT + "/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", guard.apply(this::tile));
    }

    /** The tiles' other routes. */
    void register(Javalin app, UnaryOperator<Handler> guard) {
        String root = OgcLinks.ROOT;
        app.get(root + "/tileMatrixSets", guard.apply(this::tileMatrixSets));
        app.get(root + "/tileMatrixSets/{tileMatrixSetId}", guard.apply(this::tileMatrixSet));
        app.get(root + "/collections/{collectionId}/tiles", guard.apply(this::tilesets));
        app.get(root + "/collections/{collectionId}/tiles/{tileMatrixSetId}", guard.apply(this::tileset));
        new DatasetTiles(this, catalogue).register(app, guard);
    }

    private void tileMatrixSets(Context ctx) {
        OgcParameters.check(ctx, OgcParameters.BASIC);
        jsonOnly(ctx);
        json(ctx, OgcLinks.JSON, TileDocuments.tileMatrixSets(OgcLinks.base(ctx)));
    }

    private void tileMatrixSet(Context ctx) {
        OgcParameters.check(ctx, OgcParameters.BASIC);
        jsonOnly(ctx);
        checkTileMatrixSet(ctx);
        json(ctx, OgcLinks.JSON, TileDocuments.webMercatorQuad(OgcLinks.base(ctx)));
    }

    private void tilesets(Context ctx) {
        OgcCollection c = catalogue.get(ExploreApi.caller(ctx), ctx.pathParam("collectionId"));
        OgcParameters.check(ctx, OgcParameters.BASIC);
        jsonOnly(ctx);
        json(ctx, OgcLinks.JSON, TileDocuments.tilesets(OgcLinks.base(ctx), c));
    }

    private void tileset(Context ctx) {
        OgcCollection c = catalogue.get(ExploreApi.caller(ctx), ctx.pathParam("collectionId"));
        checkTileMatrixSet(ctx);
        OgcParameters.check(ctx, TILE_PARAMETERS);
        List<String> properties = ItemsQuery.properties(ctx, c);
        clusterWeight(ctx, c); // refused here already when it is not a numeric property, or the filter when it is wrong
        FilterParameter.parse(ctx, c, transforms);
        String f = ctx.queryParam("f");
        String accept = ctx.header("Accept");
        boolean tileJson = f == null ? accept != null && accept.contains(TileDocuments.TILEJSON) : switch (f.strip().toLowerCase(Locale.ROOT)) {
            case "tilejson", TileDocuments.TILEJSON -> true;
            case "json", OgcLinks.JSON -> false;
            default -> throw OgcException.badParameter("f", "« " + f + " » n'est pas un format proposé (json ou tilejson)");
        };
        String base = OgcLinks.base(ctx);
        String query = templateQuery(ctx, CARRIED);
        ctx.header("Access-Control-Allow-Origin", "*"); // MapLibre reads the TileJSON from another origin
        if (tileJson) {
            json(ctx, TileDocuments.TILEJSON, TileDocuments.tileJson(base, c, properties, query));
        } else {
            json(ctx, OgcLinks.JSON, TileDocuments.tileset(base, c, properties, query));
        }
    }

    private void tile(Context ctx) {
        Caller caller = ExploreApi.caller(ctx);
        OgcCollection c = catalogue.get(caller, ctx.pathParam("collectionId"));
        checkTileMatrixSet(ctx);
        OgcParameters.check(ctx, TILE_PARAMETERS);
        checkTileFormat(ctx);
        TileAddress address = TileAddress.parse(ctx.pathParam("tileMatrix"), ctx.pathParam("tileRow"), ctx.pathParam("tileCol"));
        List<String> properties = ItemsQuery.properties(ctx, c);
        String weight = clusterWeight(ctx, c);
        List<fr.geoeduc.core.query.odsql.Expr> filters = FilterParameter.parse(ctx, c, transforms);
        String view = view(caller, c);
        String filterKey = filters.isEmpty() ? "" : ctx.queryParam("filter-lang") + ":" + ctx.queryParam("filter") + " crs=" + ctx.queryParam("filter-crs");
        send(ctx, entry(caller, c, view, address, properties, weight, filters, filterKey), view.equals(OPEN));
    }

    /**
     * One collection's tile as the caller sees it: open tiles are shared by everyone (cached); a convention's tile is
     * built from its view on every request, so that each read of restricted data goes through the query service and
     * is audited like any other.
     */
    TileCache.Entry entry(Caller caller, OgcCollection c, String view, TileAddress address, List<String> properties) {
        return entry(caller, c, view, address, properties, null, List.of(), "");
    }

    /** The same with a cluster weight and filters; {@code filterKey} names the filters in the cache key. */
    TileCache.Entry entry(Caller caller, OgcCollection c, String view, TileAddress address, List<String> properties, String weight,
                          List<fr.geoeduc.core.query.odsql.Expr> filters, String filterKey) {
        TileCache.Key key = new TileCache.Key(c.id(), c.version(), view, address.toString(),
                (properties == null ? "*" : String.join(",", properties)) + (weight == null ? "" : " " + CLUSTER_WEIGHT + "=" + weight)
                        + (filters.isEmpty() ? "" : " filter=" + filterKey));
        java.util.function.Supplier<byte[]> build = () -> MvtTileBuilder.build(c.id(), address,
                source.features(caller, c, MvtTileBuilder.readExtent(address), properties, filters), shapes, weight);
        return view.equals(OPEN) ? cache.get(key, build) : TileCache.uncached(key, build);
    }

    /** A tile answer: CORS, ETag (304 when it matches), Cache-Control (private for a convention's view), 204 when empty. */
    static void send(Context ctx, TileCache.Entry entry, boolean open) {
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.header("ETag", entry.etag());
        ctx.header("Cache-Control", open ? "public, max-age=300" : "private, max-age=300");
        ctx.header("Vary", "Authorization");
        if (matches(ctx.header("If-None-Match"), entry.etag())) {
            ctx.status(304);
            return;
        }
        if (entry.body() == null) {
            ctx.status(204);
            return;
        }
        ctx.header("Vary", "Authorization, Accept-Encoding");
        if (entry.gzipped() != null && acceptsGzip(ctx.header("Accept-Encoding"))) {
            ctx.disableCompression(); // already compressed once, when the tile was kept
            ctx.header("Content-Encoding", "gzip");
            ctx.contentType(TileDocuments.MVT).result(entry.gzipped());
            return;
        }
        ctx.contentType(TileDocuments.MVT).result(entry.body());
    }

    /** Whether an {@code Accept-Encoding} header takes gzip (not refused with {@code q=0}). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.strip().split(";");
            String coding = p[0].strip().toLowerCase(Locale.ROOT);
            if (coding.equals("gzip") || coding.equals("*")) {
                for (int i = 1; i < p.length; i++) {
                    String q = p[i].strip().replace(" ", "");
                    if (q.matches("q=0(\\.0{0,3})?")) {
                        return false;
                    }
                }
                return coding.equals("gzip") || !acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip");
            }
        }
        return false;
    }

    static final String OPEN = "open";

    /**
     * The caller's view of a collection, as the policy door says: "open" for open data (cached and shared), else the
     * caller's own (never cached: see tile()), which only names the tile's ETag.
     */
    String view(Caller caller, OgcCollection c) {
        QueryService.Visible visible = queries.dataset(caller, c.id(), null)
                .orElseThrow(() -> OgcException.notFound("collection inconnue : " + c.id() + " (voir /ogc/collections)"));
        return visible.restricted() ? "restreint " + caller.clientId() + " " + caller.apiKey() : OPEN;
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code cluster-weight} parameter: a numeric property of the collection, or null. */
    private static String clusterWeight(Context ctx, OgcCollection c) {
        String w = ctx.queryParam(CLUSTER_WEIGHT);
        if (w == null || w.isBlank()) {
            return null;
        }
        String name = w.strip();
        boolean numeric = c.properties().stream().anyMatch(f -> f.name().equals(name)
                && (f.type() == fr.geoeduc.core.model.FieldType.INT || f.type() == fr.geoeduc.core.model.FieldType.DOUBLE));
        if (!numeric) {
            throw OgcException.badParameter(CLUSTER_WEIGHT, "« " + name + " » n'est pas une propriété numérique de la collection");
        }
        return name;
    }

    static void checkTileMatrixSet(Context ctx) {
        String tms = ctx.pathParam("tileMatrixSetId");
        if (!tms.equals(WebMercatorQuad.ID)) {
            throw OgcException.notFound("paramètre tileMatrixSetId : « " + tms + " » n'est pas proposé ; seul "
                    + WebMercatorQuad.ID + " l'est (voir /ogc/tileMatrixSets)");
        }
    }

    static void checkTileFormat(Context ctx) {
        String f = ctx.queryParam("f");
        if (f != null && !f.strip().equalsIgnoreCase("mvt") && !f.strip().equalsIgnoreCase(TileDocuments.MVT)) {
            throw OgcException.badParameter("f", "« " + f + " » n'est pas un format de tuile proposé (mvt)");
        }
    }

    static void jsonOnly(Context ctx) {
        String f = ctx.queryParam("f");
        if (f != null && !f.strip().equalsIgnoreCase("json") && !f.strip().equalsIgnoreCase(OgcLinks.JSON)) {
            throw OgcException.badParameter("f", "« " + f + " » n'est pas un format proposé pour ce document (json)");
        }
    }

    /** The request's parameters of these names, to carry into tile URL templates ({@code &…} or empty). */
    static String templateQuery(Context ctx, String... names) {
        StringBuilder sb = new StringBuilder();
        for (String name : names) {
            String v = ctx.queryParam(name);
            if (v != null) {
                sb.append('&').append(name).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }

    static void json(Context ctx, String type, Map<String, Object> doc) {
        ctx.contentType(type + "; charset=utf-8").result(Json.write(doc));
    }
}
