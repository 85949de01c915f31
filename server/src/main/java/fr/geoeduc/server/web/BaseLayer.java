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

    private static final List<String> KINDS = List.of("departement", "region", "academie", "commune");
    private static final double TOLERANCE_DEGREES = 0.005;
    private static final long REFRESH_MILLIS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private volatile String cached;
    private volatile long cachedAt;

    public BaseLayer(Store store) {
        this.store = store;
    }

    public void register(Javalin app) {
        app.get(MapConfig.BASE_LAYER, this::serve);
    }

    private void serve(Context ctx) {
        long now = System.currentTimeMillis();
        String doc = cached;
        if (doc == null || now - cachedAt > REFRESH_MILLIS) {
            doc = build();
            cached = doc;
            cachedAt = now;
        }
        ctx.header("Cache-Control", "public, max-age=300").contentType("application/geo+json; charset=utf-8").result(doc);
    }

    String build() {
        ObjectNode collection = JSON.createObjectNode().put("type", "FeatureCollection");
        ArrayNode features = collection.putArray("features");
        GeoJsonWriter writer = new GeoJsonWriter(4);
        writer.setEncodeCRS(false);
        for (String kind : KINDS) {
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
