package fr.geoeduc.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What a map's script needs, written as data attributes of its element: the dataset's vector tiles (OGC API Tiles,
 * TileJSON), its source layer, the size and colour fields, the card's fields, the Explore API (class breaks) and the
 * offline base layer.
 */
public record MapConfig(String dataset, String tilejson, String records, String size, String colour, boolean ips, String uai,
                        String name, String address, String base, String where, String geometry) {

    public static final String BASE_LAYER = "/carte/fond.geojson";

    public static MapConfig of(String dataset, MapFields fields) {
        return of(dataset, fields, new MapFilters(java.util.List.of()));
    }

    /** With the explorer's filters: the tiles hold the matching points only, the class breaks are theirs. */
    public static MapConfig of(String dataset, MapFields fields, MapFilters filters) {
        String properties = String.join(",", fields.tileProperties());
        String tilejson = "/ogc/collections/" + encode(dataset) + "/tiles/WebMercatorQuad?f=tilejson"
                + (properties.isEmpty() ? "" : "&properties=" + encode(properties))
                // groups of points at low zoom: their colour is the mean of the colour field weighted by the size field
                + (fields.size().isEmpty() || fields.colour().isEmpty() ? "" : "&cluster-weight=" + encode(fields.size()))
                + (filters.active() ? "&filter=" + encode(filters.cql2()) : "");
        return new MapConfig(dataset, tilejson, ApiExamples.recordsPath(dataset), fields.size(), fields.colour(), fields.mapsIps(),
                fields.uai(), fields.name(), String.join(",", fields.address()), BASE_LAYER, filters.odsql(), fields.geometry());
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
