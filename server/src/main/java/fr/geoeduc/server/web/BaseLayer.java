package fr.geoeduc.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.geoeduc.core.referentiel.Millesimes;
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
 * the points are. Référentiels are public boundaries, not data under conventions. The choropleths' polygons of one
 * level, {@code /carte/contours/NIVEAU}, are the current ones too, or those of one millésime loaded with
 * {@code ?millesime=AAAA} (the communes of 2018 for a dataset coded with them).
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
            String millesime = java.util.Optional.ofNullable(ctx.queryParam("millesime")).map(String::strip).orElse("");
            if (!millesime.isEmpty() && !millesimes(level).contains(millesime)) {
                ctx.status(400).json(java.util.Map.of("error_code", "InvalidParameter", "message", unknownMillesime(level, millesime)));
                return;
            }
            serve(ctx, key(level, millesime));
        });
    }

    /** The millésimes named of a level's boundaries, oldest first (those loaded without one are only among the current ones). */
    public List<String> millesimes(String kind) {
        return KINDS.contains(kind) ? Millesimes.all(store.referentielScopes(kind)).stream().filter(java.util.Objects::nonNull).toList()
                : List.of();
    }

    /** The French answer to a millésime of {@code level} that is not loaded, naming those that are. */
    String unknownMillesime(String level, String millesime) {
        List<String> loaded = millesimes(level);
        String shown = millesime.length() > 40 ? millesime.substring(0, 40) + "…" : millesime;
        return "millésime « " + shown + " » des contours par " + MapChoropleth.label(level) + " non chargé (chargés : "
                + (loaded.isEmpty() ? "aucun" : String.join(", ", loaded)) + ")";
    }

    /** The cache key of a level's polygons at one millésime ("" for the current ones): {@code commune@2018}. */
    private static String key(String level, String millesime) {
        return millesime.isEmpty() ? level : level + "@" + millesime;
    }

    /** Whether the store holds the boundaries of {@code kind} (a level the choropleths can use). */
    public boolean loaded(String kind) {
        return KINDS.contains(kind) && !store.referentielScopes(kind).isEmpty();
    }

    /** @param level one level (or its {@link #key} with a millésime), or "" for the base layer (the first level loaded) */
    private void serve(Context ctx, String level) {
        ctx.header("Cache-Control", "public, max-age=300").contentType("application/geo+json; charset=utf-8").result(document(level));
    }

    /**
     * The document of a level: built on the first request (or by {@link #warm()}), then served from memory; once older
     * than a minute it is still served while one rebuild runs in the background (boundaries loaded meanwhile appear at
     * the next request after it), so that no map waits for the simplification of every polygon.
     */
    String document(String level, String millesime) {
        return document(key(level, millesime));
    }

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
        int at = level.indexOf('@');
        return new Cached(at < 0 ? build(levels(level)) : build(level.substring(0, at), level.substring(at + 1)), clock.getAsLong(), digest);
    }

    /** The store's digest covers every millésime of a kind: a level's document at one millésime is checked with it too. */
    private String digest(String level) {
        StringBuilder sb = new StringBuilder();
        int at = level.indexOf('@');
        for (String kind : levels(at < 0 ? level : level.substring(0, at))) {
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
        for (String kind : kinds) {
            List<ReferentielFeature> all = store.referentiel(kind);
            if (!all.isEmpty()) {
                return build(kind, all, null);
            }
        }
        return build(null, List.of(), null);
    }

    /** The polygons of {@code kind} at {@code millesime} only, simplified, with their code and name. */
    String build(String kind, String millesime) {
        return build(kind, store.referentiel(kind, millesime), millesime);
    }

    private static String build(String kind, List<ReferentielFeature> all, String millesime) {
        ObjectNode collection = JSON.createObjectNode().put("type", "FeatureCollection");
        ArrayNode features = collection.putArray("features");
        GeoJsonWriter writer = new GeoJsonWriter(4);
        writer.setEncodeCRS(false);
        if (kind != null) {
            collection.put("niveau", kind);
            if (millesime != null) {
                collection.put("millesime", millesime);
            }
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
        }
        return collection.toString();
    }
}
