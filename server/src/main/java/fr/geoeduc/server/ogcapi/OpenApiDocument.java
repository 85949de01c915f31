package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.server.gis.GisFormat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.0.3 definition of the API at {@code /ogc/api}: the generic paths and, as GDAL and QGIS read them, one
 * concrete path per collection with its property query parameters; {@code servers} is the public root the client
 * used; {@code limit} is at {@code components.parameters.limit}; {@code bbox} is an array of 4 to 6 numbers.
 */
final class OpenApiDocument {

    private OpenApiDocument() {
    }

    static Map<String, Object> build(String base, List<OgcCollection> collections, List<String> itemsParameters) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "GéoÉduc — OGC API Features et Tiles", "version", "1.0.0",
                "description", "Données géolocalisées de l'éducation en OGC API – Entités, parties 1 (cœur), 2 (CRS) et 3 (filtres CQL2), "
                        + "et en OGC API – Tuiles (tuiles vectorielles Mapbox en WebMercatorQuad).",
                "license", Map.of("name", "Licence Ouverte v2.0 (Etalab)", "url", "https://www.etalab.gouv.fr/licence-ouverte-open-licence")));
        doc.put("servers", List.of(Map.of("url", base, "description", "GéoÉduc")));
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("/", get("Page d'accueil", "landingPage", List.of(ref("f")), json("application/json")));
        paths.put("/conformance", get("Classes de conformité", "getConformance", List.of(ref("f")), json("application/json")));
        paths.put("/api", get("Cette définition OpenAPI", "getApi", List.of(ref("f")), json(OgcLinks.OPENAPI)));
        paths.put("/collections", get("Collections", "getCollections", List.of(ref("f")), json("application/json")));
        paths.put("/collections/{collectionId}", get("Une collection", "describeCollection",
                List.of(ref("collectionId"), ref("f")), json("application/json")));
        List<Object> items = new ArrayList<>(List.of(ref("collectionId")));
        itemsParameters.forEach(p -> items.add(ref(p)));
        paths.put("/collections/{collectionId}/items", get("Entités d'une collection", "getFeatures", items, itemsContent()));
        paths.put("/collections/{collectionId}/queryables", get("Propriétés filtrables", "getQueryables",
                List.of(ref("collectionId"), ref("f")), json(OgcLinks.SCHEMA)));
        paths.put("/collections/{collectionId}/items/{featureId}", get("Une entité", "getFeature",
                List.of(ref("collectionId"), ref("featureId"), ref("crs"), ref("properties"), ref("f")), json(OgcLinks.GEOJSON)));
        for (OgcCollection c : collections) {
            String path = "/collections/" + c.id();
            String op = c.id().replaceAll("[^A-Za-z0-9]", "_");
            paths.put(path, get("Collection « " + c.title() + " »", "describeCollection_" + op, List.of(ref("f")), json("application/json")));
            List<Object> own = new ArrayList<>();
            itemsParameters.forEach(p -> own.add(ref(p)));
            for (Field f : c.properties()) {
                if (ItemsQuery.simple(f) && !ItemsQuery.PARAMETERS.contains(f.name())) {
                    own.add(propertyParameter(f));
                }
            }
            paths.put(path + "/items", get("Entités de « " + c.title() + " »", "getFeatures_" + op, own, itemsContent()));
            paths.put(path + "/queryables", get("Propriétés filtrables de « " + c.title() + " »", "getQueryables_" + op,
                    List.of(ref("f")), json(OgcLinks.SCHEMA)));
            paths.put(path + "/items/{featureId}", get("Une entité de « " + c.title() + " »", "getFeature_" + op,
                    List.of(ref("featureId"), ref("crs"), ref("properties"), ref("f")), json(OgcLinks.GEOJSON)));
        }
        tilePaths(paths);
        doc.put("paths", paths);
        doc.put("components", Map.of("parameters", parameters(), "schemas", schemas()));
        return doc;
    }

    /** OGC API – Tiles: the tile matrix sets, a collection's tilesets, one tileset (or its TileJSON) and a tile. */
    private static void tilePaths(Map<String, Object> paths) {
        paths.put("/tileMatrixSets", get("Grilles de tuiles proposées", "getTileMatrixSetsList", List.of(ref("f-json")),
                content(Map.of("application/json", object()))));
        paths.put("/tileMatrixSets/{tileMatrixSetId}", get("Définition d'une grille de tuiles", "getTileMatrixSet",
                List.of(ref("tileMatrixSetId"), ref("f-json")), content(Map.of("application/json", object()))));
        String tiles = "/collections/{collectionId}/tiles";
        paths.put(tiles, get("Jeux de tuiles vectorielles d'une collection", "getCollectionVectorTileSetsList",
                List.of(ref("collectionId"), ref("f-json")), content(Map.of("application/json", object()))));
        Map<String, Object> tileset = new LinkedHashMap<>();
        tileset.put("application/json", object());
        tileset.put(TileDocuments.TILEJSON, object());
        paths.put(tiles + "/{tileMatrixSetId}", get("Métadonnées d'un jeu de tuiles (f=tilejson : TileJSON 3.0 pour MapLibre)",
                "describeCollectionVectorTileSet", List.of(ref("collectionId"), ref("tileMatrixSetId"), ref("f-tileset"),
                        ref("properties"), ref("apikey")), content(tileset)));
        Map<String, Object> tile = get("Une tuile Mapbox Vector Tile (204 : tuile vide)", "getCollectionVectorTile",
                List.of(ref("collectionId"), ref("tileMatrixSetId"), ref("tileMatrix"), ref("tileRow"), ref("tileCol"),
                        ref("f-tile"), ref("properties"), ref("apikey")),
                content(Map.of(TileDocuments.MVT, Map.of("schema", Map.of("type", "string", "format", "binary")))));
        @SuppressWarnings("unchecked")
        Map<String, Object> responses = (Map<String, Object>) ((Map<String, Object>) tile.get("get")).get("responses");
        responses.put("204", Map.of("description", "Aucune entité dans cette tuile"));
        responses.put("304", Map.of("description", "Tuile inchangée (If-None-Match égal à son ETag)"));
        paths.put(tiles + "/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", tile);
        // the dataset tileset: one layer per collection, or those of collections=
        paths.put("/tiles", get("Jeux de tuiles vectorielles de toutes les collections", "getDatasetVectorTileSetsList",
                List.of(ref("f-json")), content(Map.of("application/json", object()))));
        paths.put("/tiles/{tileMatrixSetId}", get("Métadonnées du jeu de tuiles de toutes les collections (f=tilejson : TileJSON)",
                "describeDatasetVectorTileSet", List.of(ref("tileMatrixSetId"), ref("f-tileset"), ref("collections"), ref("apikey")),
                content(tileset)));
        Map<String, Object> datasetTile = get("Une tuile de toutes les collections, une couche par collection (204 : vide)",
                "getDatasetVectorTile", List.of(ref("tileMatrixSetId"), ref("tileMatrix"), ref("tileRow"), ref("tileCol"), ref("f-tile"),
                        ref("collections"), ref("apikey")),
                content(Map.of(TileDocuments.MVT, Map.of("schema", Map.of("type", "string", "format", "binary")))));
        @SuppressWarnings("unchecked")
        Map<String, Object> datasetResponses = (Map<String, Object>) ((Map<String, Object>) datasetTile.get("get")).get("responses");
        datasetResponses.put("204", Map.of("description", "Aucune entité dans cette tuile"));
        datasetResponses.put("304", Map.of("description", "Tuile inchangée (If-None-Match égal à son ETag)"));
        paths.put("/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", datasetTile);
    }

    private static Map<String, Object> content(Map<String, Object> byType) {
        return Map.of("description", "Réponse", "content", byType);
    }

    private static Map<String, Object> object() {
        return Map.of("schema", Map.of("type", "object"));
    }

    private static Map<String, Object> get(String summary, String operationId, List<Object> parameters, Map<String, Object> ok) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("summary", summary);
        op.put("operationId", operationId);
        op.put("parameters", parameters);
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", ok);
        responses.put("400", error("Paramètre invalide ou inconnu"));
        responses.put("404", error("Ressource introuvable"));
        responses.put("406", error("Type de contenu non servi"));
        op.put("responses", responses);
        return Map.of("get", op);
    }

    private static Map<String, Object> json(String type) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put(type, Map.of("schema", Map.of("type", "object")));
        content.put("text/html", Map.of("schema", Map.of("type", "string")));
        return Map.of("description", "Réponse", "content", content);
    }

    /** The items answer: a GeoJSON page, its HTML page, or the whole selection as a GeoPackage or FlatGeobuf file. */
    private static Map<String, Object> itemsContent() {
        Map<String, Object> content = new LinkedHashMap<>(castContent(json(OgcLinks.GEOJSON)));
        for (GisFormat f : GisFormat.values()) {
            content.put(f.mediaType, Map.of("schema", Map.of("type", "string", "format", "binary")));
        }
        return Map.of("description", "Réponse (f=gpkg ou f=fgb : toutes les entités retenues, en un fichier)", "content", content);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castContent(Map<String, Object> response) {
        return (Map<String, Object>) response.get("content");
    }

    private static Map<String, Object> error(String description) {
        return Map.of("description", description, "content",
                Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/exception"))));
    }

    private static Map<String, Object> ref(String name) {
        return Map.of("$ref", "#/components/parameters/" + name);
    }

    private static Map<String, Object> query(String name, String description, Map<String, Object> schema) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("in", "query");
        p.put("description", description);
        p.put("required", false);
        p.put("style", "form");
        p.put("explode", false);
        p.put("schema", schema);
        return p;
    }

    static Map<String, Object> propertyParameter(Field f) {
        String type = switch (f.type()) {
            case INT -> "integer";
            case DOUBLE -> "number";
            case BOOLEAN -> "boolean";
            default -> "string";
        };
        return query(f.name(), "égal à cette valeur : " + f.label(), Map.of("type", type));
    }

    private static Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        List<String> crs = OgcCrs.ALL.stream().map(OgcCrs.Ref::uri).toList();
        p.put("f", query("f", "format de la réponse (sinon l'en-tête Accept)", Map.of("type", "string",
                "enum", List.of("json", "html"))));
        p.put("f-items", query("f", "format de la réponse (sinon l'en-tête Accept) : une page en GeoJSON ou HTML, ou toute la "
                + "sélection en GeoPackage (gpkg) ou FlatGeobuf (fgb)", Map.of("type", "string",
                "enum", List.of("json", "html", GisFormat.GPKG.extension, GisFormat.FGB.extension))));
        Map<String, Object> limit = new LinkedHashMap<>();
        limit.put("type", "integer");
        limit.put("minimum", 1);
        limit.put("maximum", ItemsQuery.MAX_LIMIT);
        limit.put("default", ItemsQuery.DEFAULT_LIMIT);
        p.put("limit", query("limit", "nombre maximal d'entités de la page (au-delà de 10 000 : 10 000)", limit));
        p.put("offset", query("offset", "rang de la première entité de la page (pages suivantes)", Map.of("type", "integer",
                "minimum", 0, "default", 0)));
        Map<String, Object> bbox = new LinkedHashMap<>();
        bbox.put("type", "array");
        bbox.put("minItems", 4);
        bbox.put("maxItems", 6);
        bbox.put("items", Map.of("type", "number"));
        p.put("bbox", query("bbox", "boîte englobante ouest,sud,est,nord (CRS84 sauf bbox-crs)", bbox));
        p.put("bbox-crs", query("bbox-crs", "CRS de bbox", Map.of("type", "string", "format", "uri", "enum", crs)));
        p.put("crs", query("crs", "CRS des géométries de la réponse", Map.of("type", "string", "format", "uri", "enum", crs)));
        p.put("datetime", query("datetime", "instant ou intervalle RFC 3339 (début/fin, .. pour une borne ouverte)",
                Map.of("type", "string")));
        p.put("filter", query("filter", "filtre CQL2 (texte, ou JSON avec filter-lang=cql2-json)", Map.of("type", "string")));
        p.put("filter-lang", query("filter-lang", "langage du filtre (cql-text : ancien nom de cql2-text, celui que GDAL 3.6 cherche)", Map.of("type", "string", "enum", FilterParameter.LANGUAGES,
                "default", "cql2-text")));
        p.put("filter-crs", query("filter-crs", "CRS des géométries du filtre", Map.of("type", "string", "format", "uri", "enum", crs)));
        p.put("sortby", query("sortby", "tri : propriétés séparées par des virgules, préfixe - pour décroissant",
                Map.of("type", "array", "items", Map.of("type", "string"))));
        p.put("properties", query("properties", "propriétés à inclure", Map.of("type", "array", "items", Map.of("type", "string"))));
        p.put("apikey", query("apikey", "clé d'API GéoÉduc (ou l'en-tête Authorization: Apikey …)", Map.of("type", "string")));
        Map<String, Object> collectionId = new LinkedHashMap<>();
        collectionId.put("name", "collectionId");
        collectionId.put("in", "path");
        collectionId.put("required", true);
        collectionId.put("schema", Map.of("type", "string"));
        p.put("collectionId", collectionId);
        Map<String, Object> featureId = new LinkedHashMap<>(collectionId);
        featureId.put("name", "featureId");
        p.put("featureId", featureId);
        p.put("f-json", query("f", "format du document", Map.of("type", "string", "enum", List.of("json"))));
        p.put("f-tileset", query("f", "json : métadonnées OGC du jeu de tuiles ; tilejson : document TileJSON 3.0 (MapLibre)",
                Map.of("type", "string", "enum", List.of("json", "tilejson"))));
        p.put("f-tile", query("f", "format de la tuile", Map.of("type", "string", "enum", List.of("mvt"))));
        p.put("collections", query("collections", "collections à inclure, séparées par des virgules (par défaut toutes)",
                Map.of("type", "array", "items", Map.of("type", "string"))));
        Map<String, Object> tms = new LinkedHashMap<>(collectionId);
        tms.put("name", "tileMatrixSetId");
        tms.put("schema", Map.of("type", "string", "enum", List.of(WebMercatorQuad.ID)));
        p.put("tileMatrixSetId", tms);
        for (String[] level : new String[][]{{"tileMatrix", "niveau de zoom (0 à " + WebMercatorQuad.MAX_ZOOM + ")", String.valueOf(WebMercatorQuad.MAX_ZOOM)}, {"tileRow", "ligne, 0 au nord", null},
                {"tileCol", "colonne, 0 à l'ouest", null}}) {
            Map<String, Object> param = new LinkedHashMap<>(collectionId);
            param.put("name", level[0]);
            param.put("description", level[1]);
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "integer");
            schema.put("minimum", 0);
            if (level[2] != null) {
                schema.put("maximum", Integer.parseInt(level[2]));
            }
            param.put("schema", schema);
            p.put(level[0], param);
        }
        return p;
    }

    private static Map<String, Object> schemas() {
        Map<String, Object> exception = new LinkedHashMap<>();
        exception.put("type", "object");
        exception.put("required", List.of("code"));
        exception.put("properties", Map.of("code", Map.of("type", "string"), "description", Map.of("type", "string")));
        return Map.of("exception", exception);
    }
}
