package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.model.Field;
import org.locationtech.jts.geom.Envelope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of OGC API – Tiles: the tile matrix sets list and the WebMercatorQuad definition (TMS 2.0), a collection's
 * tilesets list, its tileset metadata and the TileJSON 3.0.0 document that MapLibre reads.
 */
final class TileDocuments {

    static final String MVT = "application/vnd.mapbox-vector-tile";
    static final String TILEJSON = "application/vnd.mapbox.tile+json";
    static final String REL_TILING_SCHEME = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";
    static final String REL_TILING_SCHEMES = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes";
    static final String REL_TILESETS_VECTOR = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";
    /** Levels advertised to clients: MapLibre overzooms beyond, the API serves every level to 24. */
    static final int MAX_ZOOM_ADVERTISED = 16;

    private TileDocuments() {
    }

    static Map<String, Object> tileMatrixSets(String base) {
        Map<String, Object> tms = new LinkedHashMap<>();
        tms.put("id", WebMercatorQuad.ID);
        tms.put("title", "Google Maps Compatible for the World");
        tms.put("uri", WebMercatorQuad.URI);
        tms.put("links", List.of(OgcLinks.link(base + "/tileMatrixSets/" + WebMercatorQuad.ID, REL_TILING_SCHEME, OgcLinks.JSON,
                WebMercatorQuad.ID)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("links", List.of(OgcLinks.link(base + "/tileMatrixSets", "self", OgcLinks.JSON, "ce document")));
        m.put("tileMatrixSets", List.of(tms));
        return m;
    }

    /** The WebMercatorQuad definition in the JSON encoding of TMS 2.0. */
    static Map<String, Object> webMercatorQuad(String base) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", WebMercatorQuad.ID);
        m.put("title", "Google Maps Compatible for the World");
        m.put("uri", WebMercatorQuad.URI);
        m.put("crs", WebMercatorQuad.CRS);
        m.put("orderedAxes", List.of("E", "N"));
        m.put("wellKnownScaleSet", "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible");
        List<Map<String, Object>> matrices = new ArrayList<>();
        for (int z = 0; z <= WebMercatorQuad.MAX_ZOOM; z++) {
            Map<String, Object> level = new LinkedHashMap<>();
            level.put("id", String.valueOf(z));
            level.put("scaleDenominator", WebMercatorQuad.scaleDenominator(z));
            level.put("cellSize", WebMercatorQuad.cellSize(z));
            level.put("cornerOfOrigin", "topLeft");
            level.put("pointOfOrigin", List.of(-WebMercatorQuad.HALF, WebMercatorQuad.HALF));
            level.put("tileWidth", 256);
            level.put("tileHeight", 256);
            level.put("matrixWidth", WebMercatorQuad.matrixSize(z));
            level.put("matrixHeight", WebMercatorQuad.matrixSize(z));
            matrices.add(level);
        }
        m.put("tileMatrices", matrices);
        m.put("links", List.of(OgcLinks.link(base + "/tileMatrixSets/" + WebMercatorQuad.ID, "self", OgcLinks.JSON, "ce document")));
        return m;
    }

    static Map<String, Object> tilesets(String base, OgcCollection c) {
        String tiles = base + "/collections/" + OgcLinks.encode(c.id()) + "/tiles";
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("title", c.title());
        set.put("dataType", "vector");
        set.put("crs", WebMercatorQuad.CRS);
        set.put("tileMatrixSetURI", WebMercatorQuad.URI);
        set.put("links", List.of(
                OgcLinks.link(tiles + "/" + WebMercatorQuad.ID, "self", OgcLinks.JSON, "tuiles vectorielles en " + WebMercatorQuad.ID),
                OgcLinks.link(base + "/tileMatrixSets/" + WebMercatorQuad.ID, REL_TILING_SCHEME, OgcLinks.JSON, WebMercatorQuad.ID)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("links", List.of(OgcLinks.link(tiles, "self", OgcLinks.JSON, "ce document"),
                OgcLinks.link(base + "/collections/" + OgcLinks.encode(c.id()), "collection", OgcLinks.JSON, c.title())));
        m.put("tilesets", List.of(set));
        return m;
    }

    /**
     * The tileset metadata (TMS 2.0 tileset). {@code query} is appended to the tile template (the chosen properties, the
     * API key of a browser client), starting with {@code &} or empty.
     */
    static Map<String, Object> tileset(String base, OgcCollection c, List<String> properties, String query) {
        String tileset = base + "/collections/" + OgcLinks.encode(c.id()) + "/tiles/" + WebMercatorQuad.ID;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", c.title());
        m.put("description", c.description());
        m.put("dataType", "vector");
        m.put("crs", WebMercatorQuad.CRS);
        m.put("tileMatrixSetURI", WebMercatorQuad.URI);
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("id", c.id());
        layer.put("dataType", "vector");
        layer.put("geometryType", geometryType(c));
        layer.put("minTileMatrix", "0");
        layer.put("maxTileMatrix", String.valueOf(MAX_ZOOM_ADVERTISED));
        Map<String, Object> props = new LinkedHashMap<>();
        fields(c, properties).forEach((k, v) -> props.put(k, Map.of("type", v.equals("Number") ? "number" : v.equals("Boolean") ? "boolean" : "string")));
        layer.put("propertiesSchema", Map.of("type", "object", "properties", props));
        m.put("layers", List.of(layer));
        Envelope box = c.extent();
        if (box != null) {
            m.put("boundingBox", Map.of("lowerLeft", List.of(box.getMinX(), box.getMinY()), "upperRight", List.of(box.getMaxX(), box.getMaxY()),
                    "crs", OgcCrs.CRS84));
        }
        List<Map<String, Object>> links = new ArrayList<>();
        links.add(OgcLinks.link(tileset + "?f=json" + query, "self", OgcLinks.JSON, "ce document"));
        links.add(OgcLinks.link(tileset + "?f=tilejson" + query, "alternate", TILEJSON, "TileJSON pour MapLibre"));
        links.add(OgcLinks.link(base + "/tileMatrixSets/" + WebMercatorQuad.ID, REL_TILING_SCHEME, OgcLinks.JSON, WebMercatorQuad.ID));
        links.add(OgcLinks.link(base + "/collections/" + OgcLinks.encode(c.id()), "collection", OgcLinks.JSON, c.title()));
        Map<String, Object> item = OgcLinks.link(tileset + "/{tileMatrix}/{tileRow}/{tileCol}?f=mvt" + query, "item", MVT, "une tuile");
        item.put("templated", true);
        links.add(item);
        m.put("links", links);
        return m;
    }

    static Map<String, Object> tileJson(String base, OgcCollection c, List<String> properties, String query) {
        String tileset = base + "/collections/" + OgcLinks.encode(c.id()) + "/tiles/" + WebMercatorQuad.ID;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tilejson", "3.0.0");
        m.put("name", c.title());
        m.put("description", c.description());
        m.put("attribution", "GéoÉduc");
        m.put("version", "1.0." + c.version());
        m.put("scheme", "xyz");
        m.put("tiles", List.of(tileset + "/{z}/{y}/{x}?f=mvt" + query));
        m.put("minzoom", 0);
        m.put("maxzoom", MAX_ZOOM_ADVERTISED);
        Envelope box = c.extent();
        if (box != null) {
            double south = Math.max(-WebMercatorQuad.MAX_LATITUDE, box.getMinY());
            double north = Math.min(WebMercatorQuad.MAX_LATITUDE, box.getMaxY());
            m.put("bounds", List.of(box.getMinX(), south, box.getMaxX(), north));
            m.put("center", List.of((box.getMinX() + box.getMaxX()) / 2, (south + north) / 2, 5));
        }
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("id", c.id());
        layer.put("description", c.title());
        layer.put("fields", fields(c, properties));
        layer.put("minzoom", 0);
        layer.put("maxzoom", MAX_ZOOM_ADVERTISED);
        m.put("vector_layers", List.of(layer));
        return m;
    }

    /** The attributes of the layer's features (name → String, Number or Boolean), with the clusters' count and sums. */
    static Map<String, String> fields(OgcCollection c, List<String> properties) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Field f : c.properties()) {
            if (f.type().isGeo() || (properties != null && !properties.contains(f.name()))) {
                continue;
            }
            out.put(f.name(), switch (f.type()) {
                case INT, DOUBLE -> "Number";
                case BOOLEAN -> "Boolean";
                default -> "String";
            });
        }
        if (c.geometry().type() == fr.geoeduc.core.model.FieldType.GEO_POINT_2D) {
            out.put(PointClusters.COUNT, "Number");
            // the groups of points at low zoom carry the sums of the numeric properties (and their means in place)
            for (Map.Entry<String, String> e : List.copyOf(out.entrySet())) {
                if (e.getValue().equals("Number") && !e.getKey().equals(PointClusters.COUNT)) {
                    out.put(PointClusters.sum(e.getKey()), "Number");
                }
            }
        }
        return out;
    }

    private static String geometryType(OgcCollection c) {
        return c.geometry().type() == fr.geoeduc.core.model.FieldType.GEO_POINT_2D ? "points" : "polygons";
    }
}
