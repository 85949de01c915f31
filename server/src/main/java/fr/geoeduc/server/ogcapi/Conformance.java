package fr.geoeduc.server.ogcapi;

import java.util.List;

/** The conformance classes declared at {@code /ogc/conformance}: exactly those implemented and tested. */
final class Conformance {

    static final String CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core";
    static final String OAS30 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30";
    static final String HTML = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html";
    static final String GEOJSON = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson";
    static final String CRS = "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs";

    static final String QUERYABLES = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables";
    static final String QUERYABLES_PARAMETERS = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters";
    static final String FILTER = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter";
    static final String FEATURES_FILTER = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter";
    private static final String CQL2 = "http://www.opengis.net/spec/cql2/1.0/conf/";
    private static final String TILES = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/";

    static final List<String> CLASSES = List.of(CORE, OAS30, HTML, GEOJSON, CRS,
            QUERYABLES, QUERYABLES_PARAMETERS, FILTER, FEATURES_FILTER,
            CQL2 + "basic-cql2", CQL2 + "advanced-comparison-operators", CQL2 + "case-insensitive-comparison",
            CQL2 + "accent-insensitive-comparison", CQL2 + "basic-spatial-functions", CQL2 + "basic-spatial-functions-plus",
            CQL2 + "cql2-text", CQL2 + "cql2-json",
            TILES + "core", TILES + "tileset", TILES + "tilesets-list", TILES + "geodata-tilesets", TILES + "mvt", TILES + "oas30",
            TILES + "dataset-tilesets", TILES + "collections-selection");

    private Conformance() {
    }
}
