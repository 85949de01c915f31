package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.server.web.Crumb;
import fr.geoeduc.server.web.Layout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The French HTML pages of the OGC API (conformance class {@code html}): every JSON resource has one, from the
 * templates {@code ogc/*.peb}. Items are shown as a table and on a small MapLibre map of their GeoJSON (no remote tiles).
 */
final class HtmlPages {

    /** One item of a page: its link and its values, in the table's column order. */
    record ItemRow(String href, String label, List<Object> values) {
    }

    private final Layout layout;

    HtmlPages(String banner) {
        this.layout = new Layout(banner);
    }

    String landing(String base) {
        return page("ogc/accueil", "OGC API – Entités", List.of(), Map.of("base", base));
    }

    String conformance(List<String> classes) {
        return page("ogc/conformite", "Classes de conformité", List.of(Crumb.here("Classes de conformité")), Map.of("classes", classes));
    }

    String collections(String base, List<OgcCollection> all) {
        List<Map<String, String>> rows = all.stream().map(c -> Map.of("id", c.id(), "title", c.title(),
                "href", base + "/collections/" + OgcLinks.encode(c.id()))).toList();
        return page("ogc/collections", "Collections", List.of(Crumb.here("Collections")), Map.of("collections", rows));
    }

    String collection(String base, OgcCollection c) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("Identifiant", c.id());
        meta.put("Version", String.valueOf(c.version()));
        meta.put("Géométrie", (c.geometry().type() == FieldType.GEO_POINT_2D ? "des points" : "des formes (polygones, lignes ou points)")
                + ", champ « " + c.geometry().label() + " »");
        meta.put("Date des entités", c.time() == null ? "aucun champ de date ni de rentrée : pas de filtre par date"
                : "champ « " + c.time().label() + " » (filtrable par le paramètre datetime)");
        if (c.extent() != null) {
            meta.put("Emprise (CRS84)", c.extent().getMinX() + ", " + c.extent().getMinY() + ", " + c.extent().getMaxX() + ", "
                    + c.extent().getMaxY());
        }
        if (c.timeStart() != null || c.timeEnd() != null) {
            meta.put("Période", (c.timeStart() == null ? ".." : c.timeStart()) + " / " + (c.timeEnd() == null ? ".." : c.timeEnd()));
        }
        meta.put("Systèmes de coordonnées proposés", String.join(" ; ", c.crs().stream().map(r -> r.name() + " : " + r.uri()).toList()));
        return page("ogc/collection", c.title(), collectionCrumbs(c, false), Map.of("collection", shown(c), "meta", meta,
                "href", base + "/collections/" + OgcLinks.encode(c.id())));
    }

    /** One page of items: counts, previous/next, a map of the page and a table of its properties. */
    String items(OgcCollection c, List<Map<String, Object>> rows, long matched, int offset, String itemsBase, String mapUrl,
                 String prev, String next) {
        List<String> columns = c.properties().stream().map(f -> f.name()).filter(n -> rows.isEmpty() || rows.get(0).containsKey(n))
                .limit(12).toList();
        List<ItemRow> items = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String id = String.valueOf(row.get(GeoJsonWriter.ID));
            items.add(new ItemRow(itemsBase + "/" + OgcLinks.encode(id) + "?f=html", id.length() > 10 ? id.substring(0, 10) + "…" : id,
                    columns.stream().map(row::get).toList()));
        }
        Map<String, Object> m = new HashMap<>();
        m.put("collection", shown(c));
        m.put("summary", matched == 0 ? "Aucune entité" : "Entités " + (offset + 1) + " à " + (offset + rows.size()) + " sur " + matched);
        m.put("prev", prev);
        m.put("next", next);
        m.put("mapUrl", mapUrl);
        m.put("columns", columns);
        m.put("items", items);
        return page("ogc/entites", c.title() + " — entités", collectionCrumbs(c, true), m);
    }

    String item(OgcCollection c, String id, Map<String, Object> row, String mapUrl, String collectionUrl) {
        Map<String, Object> values = new LinkedHashMap<>();
        row.forEach((k, v) -> {
            if (!k.equals(GeoJsonWriter.ID) && !k.equals(c.geometry().name())) {
                values.put(k, v);
            }
        });
        List<Crumb> crumbs = new ArrayList<>(collectionCrumbs(c, false));
        crumbs.set(crumbs.size() - 1, new Crumb(c.title(), collectionUrl + "?f=html"));
        crumbs.add(Crumb.here("Entité " + id));
        return page("ogc/entite", c.title() + " — entité", crumbs, Map.of("collection", shown(c), "id", id, "values", values,
                "mapUrl", mapUrl, "collectionUrl", collectionUrl));
    }

    @SuppressWarnings("unchecked")
    String api(Map<String, Object> openapi) {
        Map<String, Object> operations = new LinkedHashMap<>();
        ((Map<String, Object>) openapi.get("paths")).forEach((path, item) ->
                operations.put(path, ((Map<String, Object>) ((Map<String, Object>) item).get("get")).get("summary")));
        return page("ogc/api", "Définition de l'API", List.of(Crumb.here("Définition de l'API")), Map.of("operations", operations));
    }

    String queryables(OgcCollection c, Map<String, Object> schema) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> props = (Map<String, Map<String, Object>>) schema.get("properties");
        List<List<Object>> rows = new ArrayList<>();
        props.forEach((name, p) -> rows.add(java.util.Arrays.asList(name, p.get("title"), p.containsKey("type") ? p.get("type") : p.get("format"))));
        List<Crumb> crumbs = new ArrayList<>(collectionCrumbs(c, true));
        crumbs.set(crumbs.size() - 1, new Crumb(c.title(), "/ogc/collections/" + OgcLinks.encode(c.id()) + "?f=html"));
        crumbs.add(Crumb.here("Propriétés filtrables"));
        return page("ogc/proprietes", "Propriétés filtrables", crumbs, Map.of("collection", shown(c), "rows", rows));
    }

    /**
     * What the templates show of a collection. Pebble cannot call the accessors of the package-private record (the
     * headings, the description and the « Sur la carte » link came out empty), so they get a map.
     */
    private static Map<String, String> shown(OgcCollection c) {
        return Map.of("id", c.id(), "title", c.title(), "description", c.description());
    }

    private static List<Crumb> collectionCrumbs(OgcCollection c, boolean items) {
        List<Crumb> crumbs = new ArrayList<>(List.of(new Crumb("Collections", "/ogc/collections?f=html")));
        crumbs.add(items ? new Crumb(c.title(), "/ogc/collections/" + OgcLinks.encode(c.id()) + "?f=html") : Crumb.here(c.title()));
        if (items) {
            crumbs.add(Crumb.here("Entités"));
        }
        return crumbs;
    }

    private String page(String template, String title, List<Crumb> crumbs, Map<String, Object> model) {
        List<Crumb> all = new ArrayList<>();
        all.add(crumbs.isEmpty() ? Crumb.here("OGC API") : new Crumb("OGC API", "/ogc?f=html"));
        all.addAll(crumbs);
        return layout.html(template, title, Layout.Section.OGC, all, model);
    }
}
