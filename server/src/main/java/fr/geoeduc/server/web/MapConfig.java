package fr.geoeduc.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What a map's script needs, written as data attributes of its element: the dataset's vector tiles (OGC API Tiles,
 * TileJSON), its source layer, the size and colour fields, the card's fields, the Explore API (class breaks) and the
 * offline base layer. The answers the map waits for before drawing ({@link #firstUrls()}) are also named in the page's
 * head as preloads, so that the browser asks for them while it reads the page, before any script runs.
 *
 * @param quantiles the Explore API query of the colour field's quintiles, minimum and maximum ("" without colour field)
 * @param maximum   the Explore API query of the size field's maximum ("" without size field)
 * @param sizeLabel   the size field's label, for the legend
 * @param colourLabel the colour field's label, for the legend
 */
public record MapConfig(String dataset, String tilejson, String records, String size, String colour, boolean ips, String uai,
                        String name, String address, String base, String where, String geometry, String quantiles,
                        String maximum, String sizeLabel, String colourLabel) {

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
        String records = ApiExamples.recordsPath(dataset);
        String where = filters.odsql();
        String quantiles = fields.colour().isEmpty() ? "" : aggregate(records, where, "percentile(" + field(fields.colour()) + ", 20) as q20, "
                + "percentile(" + field(fields.colour()) + ", 40) as q40, percentile(" + field(fields.colour()) + ", 60) as q60, "
                + "percentile(" + field(fields.colour()) + ", 80) as q80, min(" + field(fields.colour()) + ") as mini, max("
                + field(fields.colour()) + ") as maxi");
        String maximum = fields.size().isEmpty() ? "" : aggregate(records, where, "max(" + field(fields.size()) + ") as maxi");
        return new MapConfig(dataset, tilejson, records, fields.size(), fields.colour(), fields.mapsIps(),
                fields.uai(), fields.name(), String.join(",", fields.address()), BASE_LAYER, where, fields.geometry(), quantiles, maximum,
                fields.sizeLabel(), fields.colourLabel());
    }

    /**
     * The points map's first requests, which it waits for before drawing: the TileJSON, the class breaks and the size
     * maximum, and the base layer. A choropleth ({@code aplat}) needs no breaks of the points.
     */
    public java.util.List<String> firstUrls(boolean choropleth) {
        java.util.List<String> urls = new java.util.ArrayList<>(java.util.List.of(tilejson));
        if (!choropleth) {
            for (String url : new String[] {quantiles, maximum}) {
                if (!url.isEmpty()) {
                    urls.add(url);
                }
            }
        }
        urls.add(base);
        return urls;
    }

    /** One row of aggregates of the (filtered) rows through the Explore API. */
    private static String aggregate(String records, String where, String select) {
        return records + "?select=" + encode(select) + "&limit=1" + (where.isEmpty() ? "" : "&where=" + encode(where));
    }

    /** A field name quoted for ODSQL (as explore.js's field()). */
    private static String field(String name) {
        return '`' + name.replace("`", "") + '`';
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
