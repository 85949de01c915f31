package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.server.explore.ExploreApi;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * OGC API – Tiles dataset tilesets ({@code /ogc/tiles}): one vector tileset whose tiles hold one MVT layer per collection
 * the caller sees, or only those named by {@code collections=} (collections selection). Each layer is that collection's
 * own tile, from {@link OgcTiles#entry} (same policy door, same cache); a tile of several layers is their
 * concatenation, since an MVT tile is a repeated list of layers and concatenated protobuf messages merge into one.
 */
final class DatasetTiles {

    private static final Set<String> PARAMETERS = Set.of("f", "collections", "apikey");
    private final OgcTiles tiles;
    private final OgcCatalogue catalogue;

    DatasetTiles(OgcTiles tiles, OgcCatalogue catalogue) {
        this.tiles = tiles;
        this.catalogue = catalogue;
    }

    void register(Javalin app, UnaryOperator<Handler> guard) {
        String root = OgcLinks.ROOT;
        app.get(root + "/tiles", guard.apply(this::tilesets));
        app.get(root + "/tiles/{tileMatrixSetId}", guard.apply(this::tileset));
        app.get(root + "/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", guard.apply(this::tile));
    }

    private void tilesets(Context ctx) {
        OgcParameters.check(ctx, OgcParameters.BASIC);
        OgcTiles.jsonOnly(ctx);
        String base = OgcLinks.base(ctx);
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("title", "Toutes les collections");
        set.put("dataType", "vector");
        set.put("crs", WebMercatorQuad.CRS);
        set.put("tileMatrixSetURI", WebMercatorQuad.URI);
        set.put("links", List.of(
                OgcLinks.link(base + "/tiles/" + WebMercatorQuad.ID, "self", OgcLinks.JSON, "tuiles vectorielles en " + WebMercatorQuad.ID),
                OgcLinks.link(base + "/tileMatrixSets/" + WebMercatorQuad.ID, TileDocuments.REL_TILING_SCHEME, OgcLinks.JSON, WebMercatorQuad.ID)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("links", List.of(OgcLinks.link(base + "/tiles", "self", OgcLinks.JSON, "ce document")));
        m.put("tilesets", List.of(set));
        OgcTiles.json(ctx, OgcLinks.JSON, m);
    }

    /** The tileset metadata (its layers: the selected collections), or with {@code f=tilejson} one TileJSON of them all. */
    private void tileset(Context ctx) {
        OgcTiles.checkTileMatrixSet(ctx);
        OgcParameters.check(ctx, PARAMETERS);
        List<OgcCollection> selected = selected(ctx);
        String f = ctx.queryParam("f");
        boolean tileJson = f != null && switch (f.strip().toLowerCase(Locale.ROOT)) {
            case "tilejson", TileDocuments.TILEJSON -> true;
            case "json", OgcLinks.JSON -> false;
            default -> throw OgcException.badParameter("f", "« " + f + " » n'est pas un format proposé (json ou tilejson)");
        };
        String base = OgcLinks.base(ctx);
        String query = OgcTiles.templateQuery(ctx, "collections", "apikey");
        String tileset = base + "/tiles/" + WebMercatorQuad.ID;
        ctx.header("Access-Control-Allow-Origin", "*");
        if (tileJson) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tilejson", "3.0.0");
            m.put("name", "GéoÉduc");
            m.put("attribution", "GéoÉduc");
            m.put("scheme", "xyz");
            m.put("tiles", List.of(tileset + "/{z}/{y}/{x}?f=mvt" + query));
            m.put("minzoom", 0);
            m.put("maxzoom", TileDocuments.MAX_ZOOM_ADVERTISED);
            List<Object> layers = new ArrayList<>();
            for (OgcCollection c : selected) {
                layers.add(((List<?>) TileDocuments.tileJson(base, c, null, "").get("vector_layers")).get(0));
            }
            m.put("vector_layers", layers);
            OgcTiles.json(ctx, TileDocuments.TILEJSON, m);
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "GéoÉduc — toutes les collections");
        m.put("dataType", "vector");
        m.put("crs", WebMercatorQuad.CRS);
        m.put("tileMatrixSetURI", WebMercatorQuad.URI);
        List<Object> layers = new ArrayList<>();
        for (OgcCollection c : selected) {
            layers.add(((List<?>) TileDocuments.tileset(base, c, null, "").get("layers")).get(0));
        }
        m.put("layers", layers);
        List<Map<String, Object>> links = new ArrayList<>();
        links.add(OgcLinks.link(tileset + "?f=json" + query, "self", OgcLinks.JSON, "ce document"));
        links.add(OgcLinks.link(tileset + "?f=tilejson" + query, "alternate", TileDocuments.TILEJSON, "TileJSON pour MapLibre"));
        links.add(OgcLinks.link(base + "/tileMatrixSets/" + WebMercatorQuad.ID, TileDocuments.REL_TILING_SCHEME, OgcLinks.JSON, WebMercatorQuad.ID));
        Map<String, Object> item = OgcLinks.link(tileset + "/{tileMatrix}/{tileRow}/{tileCol}?f=mvt" + query, "item", TileDocuments.MVT,
                "une tuile");
        item.put("templated", true);
        links.add(item);
        m.put("links", links);
        OgcTiles.json(ctx, OgcLinks.JSON, m);
    }

    private void tile(Context ctx) {
        Caller caller = ExploreApi.caller(ctx);
        OgcTiles.checkTileMatrixSet(ctx);
        OgcParameters.check(ctx, PARAMETERS);
        OgcTiles.checkTileFormat(ctx);
        TileAddress address = TileAddress.parse(ctx.pathParam("tileMatrix"), ctx.pathParam("tileRow"), ctx.pathParam("tileCol"));
        List<OgcCollection> selected = selected(ctx);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        StringBuilder etags = new StringBuilder();
        boolean open = true;
        for (OgcCollection c : selected) {
            String view = tiles.view(caller, c);
            open &= view.equals(OgcTiles.OPEN);
            TileCache.Entry layer = tiles.entry(caller, c, view, address, null);
            etags.append(layer.etag()).append(',');
            if (layer.body() != null) {
                body.writeBytes(layer.body());
            }
        }
        OgcTiles.send(ctx, new TileCache.Entry(body.size() == 0 ? null : body.toByteArray(), etag(etags.toString())), open);
    }

    /** The caller's collections, or those named by {@code collections} (a 400 naming the parameter for any other). */
    private List<OgcCollection> selected(Context ctx) {
        List<OgcCollection> all = catalogue.all(ExploreApi.caller(ctx));
        String names = ctx.queryParam("collections");
        if (names == null) {
            return all;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String n : names.split(",")) {
            if (!n.isBlank()) {
                wanted.add(n.strip());
            }
        }
        List<OgcCollection> out = new ArrayList<>();
        for (String id : wanted) {
            out.add(all.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() -> OgcException.badParameter("collections",
                    "collection inconnue : « " + id + " » (voir /ogc/collections)")));
        }
        if (out.isEmpty()) {
            throw OgcException.badParameter("collections", "aucune collection nommée");
        }
        return out;
    }

    private static String etag(String layers) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(layers.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(h, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
