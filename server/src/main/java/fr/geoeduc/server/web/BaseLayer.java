package fr.geoeduc.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.geoeduc.core.referentiel.ReferentielFeature;
import fr.geoeduc.core.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

import java.util.List;

/**
 * The maps' offline base layer: the boundaries of the référentiels loaded in the store (départements, else régions,
 * académies or communes), simplified to about 500 m, as one GeoJSON document. No remote tile is needed to see where
 * the points are. Référentiels are public boundaries, not data under conventions.
 */
public final class BaseLayer {

    static final List<String> KINDS = List.of("departement", "region", "academie", "commune");
    /** The polygons of one level, for the explorer's choropleths: {@code /carte/contours/departement}… */
    public static final String CONTOURS = "/carte/contours/";
    private static final double TOLERANCE_DEGREES = 0.005;
    private static final long REFRESH_MILLIS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Cached(String doc, long at) {
    }

    private final Store store;
    private final java.util.concurrent.ConcurrentHashMap<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();

    public BaseLayer(Store store) {
        this.store = store;
    }

    public void register(Javalin app) {
        app.get(MapConfig.BASE_LAYER, ctx -> serve(ctx, ""));
        app.get(CONTOURS + "{niveau}", ctx -> {
            String level = ctx.pathParam("niveau");
            if (!KINDS.contains(level) || !loaded(level)) {
                ctx.status(404).json(java.util.Map.of("error_code", "NotFound", "message",
                        "aucun contour chargé pour le niveau « " + level + " » (geoeduc referentiel load)"));
                return;
            }
            serve(ctx, level);
        });
    }

    /** Whether the store holds the boundaries of {@code kind} (a level the choropleths can use). */
    public boolean loaded(String kind) {
        return KINDS.contains(kind) && !store.referentiel(kind).isEmpty();
    }

    /** @param level one level, or "" for the base layer (the first level loaded) */
    private void serve(Context ctx, String level) {
        long now = System.currentTimeMillis();
        Cached c = cache.get(level);
        if (c == null || now - c.at() > REFRESH_MILLIS) {
            c = new Cached(build(level.isEmpty() ? KINDS : List.of(level)), now);
            cache.put(level, c);
        }
        ctx.header("Cache-Control", "public, max-age=300").contentType("application/geo+json; charset=utf-8").result(c.doc());
    }

    String build() {
        return build(KINDS);
    }

    /** The polygons of the first of {@code kinds} that is loaded, simplified, with their code and name. */
    String build(List<String> kinds) {
        ObjectNode collection = JSON.createObjectNode().put("type", "FeatureCollection");
        ArrayNode features = collection.putArray("features");
        GeoJsonWriter writer = new GeoJsonWriter(4);
        writer.setEncodeCRS(false);
        for (String kind : kinds) {
            List<ReferentielFeature> all = store.referentiel(kind);
            if (all.isEmpty()) {
                continue;
            }
            collection.put("niveau", kind);
            for (ReferentielFeature f : all) {
                Geometry simple = TopologyPreservingSimplifier.simplify(f.geometry(), TOLERANCE_DEGREES);
                ObjectNode feature = features.addObject().put("type", "Feature");
                feature.putObject("properties").put("code", f.code()).put("nom", f.name());
                try {
                    feature.set("geometry", JSON.readTree(writer.write(simple)));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("géométrie illisible pour " + kind + " " + f.code(), e);
                }
            }
            break;
        }
        return collection.toString();
    }
}
