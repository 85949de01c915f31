package fr.geoeduc.server.web;

import java.util.List;

/** Ready-to-copy calls of a dataset's APIs (Explore API v2.1, OGC API Features and Tiles): URL, curl and Python. */
public final class ApiExamples {

    /** One call: what it does, its URL, and the same call with curl and with Python. */
    public record Call(String id, String title, String url, String curl, String python) {
    }

    private ApiExamples() {
    }

    public static String recordsPath(String dataset) {
        return "/api/explore/v2.1/catalog/datasets/" + MapConfig.encode(dataset) + "/records";
    }

    public static String exportPath(String dataset, String format) {
        return "/api/explore/v2.1/catalog/datasets/" + MapConfig.encode(dataset) + "/exports/" + format;
    }

    public static List<Call> of(String base, String dataset, boolean geo) {
        String ogc = base + "/ogc/collections/" + MapConfig.encode(dataset);
        List<Call> calls = new java.util.ArrayList<>(List.of(
                call("explore-records", "Explore API v2.1 : 20 premiers enregistrements", base + recordsPath(dataset) + "?limit=20"),
                call("explore-count", "Explore API v2.1 : nombre d'enregistrements", base + recordsPath(dataset) + "?select=count(*)%20as%20n"),
                call("explore-csv", "Explore API v2.1 : tout le jeu en CSV", base + exportPath(dataset, "csv"))));
        if (geo) {
            calls.add(call("ogc-items", "OGC API – Entités : 10 entités en GeoJSON", ogc + "/items?f=json&limit=10"));
            calls.add(call("ogc-tilejson", "OGC API – Tuiles : TileJSON pour MapLibre", ogc + "/tiles/WebMercatorQuad?f=tilejson"));
        }
        return calls;
    }

    private static Call call(String id, String title, String url) {
        String curl = "curl -sS '" + url + "'";
        String python = "import requests\n\nr = requests.get(\"" + url + "\", timeout=60)\nr.raise_for_status()\n"
                + (url.contains("/exports/csv") ? "open(\"export.csv\", \"wb\").write(r.content)" : "print(r.json())");
        return new Call(id, title, url, curl, python);
    }
}
