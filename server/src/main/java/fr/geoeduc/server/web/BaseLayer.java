package fr.geoeduc.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.geoeduc.core.referentiel.ReferentielFeature;
import fr.geoeduc.core.referentiel.ReferentielStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

import java.util.List;

/**
 * The maps' offline base layer: the boundaries of the référentiels loaded in the store, each at its current millésime
 * ({@link fr.geoeduc.core.referentiel.Millesimes}) (départements, else régions,
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

    /** A level's document, when it was built or last found current, and the digest of the boundaries it was built from. */
    private record Cached(String doc, long at, String digest) {
    }

    private final ReferentielStore store;
    private final java.util.concurrent.ConcurrentHashMap<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> refreshing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final java.util.function.LongSupplier clock;
    private final long refreshMillis;

    public BaseLayer(ReferentielStore store) {
        this(store, System::currentTimeMillis, REFRESH_MILLIS);
    }

    BaseLayer(ReferentielStore store, java.util.function.LongSupplier clock, long refreshMillis) {
        this.store = store;
        this.clock = clock;
        this.refreshMillis = refreshMillis;
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
        return KINDS.contains(kind) && !store.referentielScopes(kind).isEmpty();
    }

    /** @param level one level, or "" for the base layer (the first level loaded) */
    private void serve(Context ctx, String level) {
        ctx.header("Cache-Control", "public, max-age=300").contentType("application/geo+json; charset=utf-8").result(document(level));
    }

    /**
     * The document of a level: built on the first request (or by {@link #warm()}), then served from memory; once older
     * than a minute it is still served while one rebuild runs in the background (boundaries loaded meanwhile appear at
     * the next request after it), so that no map waits for the simplification of every polygon.
     */
    String document(String level) {
        Cached c = cache.get(level);
        if (c == null) { // one build at a time: a request during warm() waits for it instead of building again
            c = cache.computeIfAbsent(level, this::fresh);
        } else if (clock.getAsLong() - c.at() > refreshMillis && refreshing.add(level)) {
            Thread.ofVirtual().name("fond-de-carte-" + level).start(() -> {
                try {
                    rebuild(level);
                } finally {
                    refreshing.remove(level);
                }
            });
        }
        return c.doc();
    }

    /** Builds the base layer now, in the background, so that the first map does not wait for it. */
    public void warm() {
        Thread.ofVirtual().name("fond-de-carte").start(() -> document(""));
    }

    /** A stale document: built again only when the boundaries changed since (the store's digest of each level). */
    private void rebuild(String level) {
        Cached old = cache.get(level);
        String digest = digest(level);
        cache.put(level, old != null && old.digest().equals(digest) ? new Cached(old.doc(), clock.getAsLong(), digest) : fresh(level));
    }

    private Cached fresh(String level) {
        String digest = digest(level); // read before the boundaries: a load in between is caught at the next refresh
        return new Cached(build(levels(level)), clock.getAsLong(), digest);
    }

    private String digest(String level) {
        StringBuilder sb = new StringBuilder();
        for (String kind : levels(level)) {
            sb.append(kind).append('=').append(store.referentielDigest(kind)).append(';');
        }
        return sb.toString();
    }

    private static List<String> levels(String level) {
        return level.isEmpty() ? KINDS : List.of(level);
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
