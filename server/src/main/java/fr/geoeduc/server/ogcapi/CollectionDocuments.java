package fr.geoeduc.server.ogcapi;

import org.locationtech.jts.geom.Envelope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of the landing page, the conformance declaration, {@code /collections} and one collection. */
final class CollectionDocuments {

    private CollectionDocuments() {
    }

    static Map<String, Object> landing(String base) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "GéoÉduc — OGC API Features");
        m.put("description", "Les données géolocalisées de l'éducation publiées par GéoÉduc, chaque jeu de données à sa version "
                + "courante, en OGC API – Entités (Features) parties 1 (cœur), 2 (CRS) et 3 (filtres CQL2).");
        List<Map<String, Object>> links = new ArrayList<>(OgcLinks.selfAndAlternate(base, OgcLinks.JSON, false));
        links.add(OgcLinks.link(base + "/api", "service-desc", OgcLinks.OPENAPI, "définition de l'API (OpenAPI 3.0)"));
        links.add(OgcLinks.link(base + "/api?f=html", "service-doc", OgcLinks.HTML, "documentation de l'API"));
        links.add(OgcLinks.link(base + "/conformance", "conformance", OgcLinks.JSON, "classes de conformité"));
        links.add(OgcLinks.link(base + "/collections", "data", OgcLinks.JSON, "collections"));
        links.add(OgcLinks.link(base + "/tileMatrixSets", TileDocuments.REL_TILING_SCHEMES, OgcLinks.JSON, "grilles de tuiles"));
        links.add(OgcLinks.link(base + "/tiles", TileDocuments.REL_TILESETS_VECTOR, OgcLinks.JSON, "tuiles vectorielles de toutes les collections"));
        m.put("links", links);
        return m;
    }

    static Map<String, Object> conformance(String base) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("links", OgcLinks.selfAndAlternate(base + "/conformance", OgcLinks.JSON, false));
        m.put("conformsTo", Conformance.CLASSES);
        return m;
    }

    static Map<String, Object> collections(String base, List<OgcCollection> all) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("links", OgcLinks.selfAndAlternate(base + "/collections", OgcLinks.JSON, false));
        m.put("collections", all.stream().map(c -> collection(base, c)).toList());
        m.put("crs", OgcCrs.ALL.stream().map(OgcCrs.Ref::uri).toList());
        return m;
    }

    static Map<String, Object> collection(String base, OgcCollection c) {
        String href = base + "/collections/" + OgcLinks.encode(c.id());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("title", c.title());
        m.put("description", c.description());
        m.put("itemType", "feature");
        Map<String, Object> extent = new LinkedHashMap<>();
        Envelope box = c.extent();
        if (box != null) {
            extent.put("spatial", Map.of("bbox", List.of(List.of(box.getMinX(), box.getMinY(), box.getMaxX(), box.getMaxY())),
                    "crs", OgcCrs.CRS84));
        }
        if (c.timeStart() != null || c.timeEnd() != null) {
            Map<String, Object> temporal = new LinkedHashMap<>();
            temporal.put("interval", List.of(Arrays.asList(c.timeStart(), c.timeEnd())));
            temporal.put("trs", "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian");
            extent.put("temporal", temporal);
        }
        m.put("extent", extent);
        m.put("crs", c.crs().stream().map(OgcCrs.Ref::uri).toList());
        m.put("storageCrs", OgcCrs.CRS84);
        List<Map<String, Object>> links = new ArrayList<>(OgcLinks.selfAndAlternate(href, OgcLinks.JSON, false));
        links.add(OgcLinks.link(href + "/items", "items", OgcLinks.GEOJSON, "les entités en GeoJSON"));
        links.add(OgcLinks.link(href + "/items?f=html", "items", OgcLinks.HTML, "les entités en HTML"));
        for (fr.geoeduc.server.gis.GisFormat f : fr.geoeduc.server.gis.GisFormat.values()) {
            links.add(OgcLinks.link(href + "/items?f=" + f.extension, "items", f.mediaType, "toutes les entités en " + f.title));
        }
        links.add(OgcLinks.link(href + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", OgcLinks.SCHEMA,
                "propriétés filtrables"));
        links.add(OgcLinks.link(href + "/tiles", TileDocuments.REL_TILESETS_VECTOR, OgcLinks.JSON, "tuiles vectorielles (MVT)"));
        m.put("links", links);
        return m;
    }
}
