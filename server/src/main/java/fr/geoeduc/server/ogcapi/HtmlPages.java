package fr.geoeduc.server.ogcapi;

import fr.geoeduc.server.web.Html;

import java.util.List;
import java.util.Map;

import static fr.geoeduc.server.web.Html.esc;

/**
 * The French HTML pages of the OGC API (conformance class {@code html}): every JSON resource has one. Items are shown
 * as a table and on a small map drawn by the platform's own Leaflet (served from the webjar, no remote tiles).
 */
final class HtmlPages {

    private static final String MAP_HEAD = "<link rel=\"stylesheet\" href=\"/webjars/leaflet/1.9.4/dist/leaflet.css\">"
            + "<script src=\"/webjars/leaflet/1.9.4/dist/leaflet.js\"></script>"
            + "<script type=\"module\" src=\"/static/carte.js\"></script>";
    private final String banner;

    HtmlPages(String banner) {
        this.banner = banner;
    }

    String landing(String base) {
        return page("OGC API – Entités", """
                <h1>GéoÉduc en OGC API – Entités</h1>
                <p>Chaque jeu de données géolocalisé de GéoÉduc, à sa version courante, est une collection que QGIS
                (<em>Couche › Ajouter une couche › WFS / OGC API – Entités</em>), ArcGIS Pro et GDAL
                (<code>ogrinfo OAPIF:%1$s</code>) savent lire.</p>
                <ul>
                <li><a href="%1$s/collections?f=html">Collections</a></li>
                <li><a href="%1$s/conformance?f=html">Classes de conformité</a></li>
                <li><a href="%1$s/api?f=html">Définition de l'API</a> (<a href="%1$s/api?f=json">OpenAPI 3.0</a>)</li>
                </ul>""".formatted(esc(base)), "");
    }

    String conformance(List<String> classes) {
        StringBuilder b = new StringBuilder("<h1>Classes de conformité</h1><ul>");
        classes.forEach(c -> b.append("<li><code>").append(esc(c)).append("</code></li>"));
        return page("Classes de conformité", b.append("</ul>").toString(), "");
    }

    String collections(String base, List<OgcCollection> all) {
        StringBuilder b = new StringBuilder("<h1>Collections</h1><table><thead><tr><th>Identifiant</th><th>Titre</th>"
                + "<th>Entités</th></tr></thead><tbody>");
        for (OgcCollection c : all) {
            String href = base + "/collections/" + OgcLinks.encode(c.id());
            b.append("<tr><td><a href=\"").append(esc(href)).append("?f=html\">").append(esc(c.id())).append("</a></td><td>")
                    .append(esc(c.title())).append("</td><td><a href=\"").append(esc(href)).append("/items?f=html\">voir</a></td></tr>");
        }
        return page("Collections", b.append("</tbody></table>").toString(), "");
    }

    String collection(String base, OgcCollection c) {
        String href = base + "/collections/" + OgcLinks.encode(c.id());
        StringBuilder b = new StringBuilder("<h1>").append(esc(c.title())).append("</h1><p class=\"description\">")
                .append(esc(c.description())).append("</p><dl class=\"meta\">");
        meta(b, "Identifiant", c.id());
        meta(b, "Version", String.valueOf(c.version()));
        meta(b, "Géométrie", c.geometry().name() + " (" + c.geometry().type().apiName() + ")");
        meta(b, "Date", c.time() == null ? "aucune" : c.time().name());
        if (c.extent() != null) {
            meta(b, "Emprise (CRS84)", c.extent().getMinX() + ", " + c.extent().getMinY() + ", " + c.extent().getMaxX() + ", " + c.extent().getMaxY());
        }
        if (c.timeStart() != null || c.timeEnd() != null) {
            meta(b, "Période", (c.timeStart() == null ? ".." : c.timeStart()) + " / " + (c.timeEnd() == null ? ".." : c.timeEnd()));
        }
        meta(b, "CRS proposés", String.join(", ", c.crs().stream().map(OgcCrs.Ref::uri).toList()));
        b.append("</dl><p><a href=\"").append(esc(href)).append("/items?f=html\">Les entités</a> · <a href=\"").append(esc(href))
                .append("/items?f=json\">GeoJSON</a></p>");
        return page(c.title(), b.toString(), "");
    }

    /** One page of items: counts, previous/next, a map of the page and a table of its properties. */
    String items(OgcCollection c, List<Map<String, Object>> rows, long matched, int offset, String itemsBase, String mapUrl,
                 String prev, String next) {
        StringBuilder b = new StringBuilder("<h1>").append(esc(c.title())).append("</h1><p>")
                .append(matched == 0 ? "Aucune entité" : "Entités " + (offset + 1) + " à " + (offset + rows.size()) + " sur " + matched)
                .append(".</p><p>");
        if (prev != null) {
            b.append("<a rel=\"prev\" href=\"").append(esc(prev)).append("\">← précédentes</a> ");
        }
        if (next != null) {
            b.append("<a rel=\"next\" href=\"").append(esc(next)).append("\">suivantes →</a>");
        }
        b.append("</p><div id=\"carte\" class=\"carte-entites\" data-geojson=\"").append(esc(mapUrl))
                .append("\" data-taille=\"\"></div><p class=\"legend\" id=\"carte-legende\"></p>");
        List<String> columns = c.properties().stream().map(f -> f.name()).filter(n -> rows.isEmpty() || rows.get(0).containsKey(n))
                .limit(12).toList();
        b.append("<table><thead><tr><th>Entité</th>");
        columns.forEach(col -> b.append("<th>").append(esc(col)).append("</th>"));
        b.append("</tr></thead><tbody>");
        for (Map<String, Object> row : rows) {
            String id = String.valueOf(row.get(GeoJsonWriter.ID));
            b.append("<tr><td><a href=\"").append(esc(itemsBase + "/" + OgcLinks.encode(id))).append("?f=html\">")
                    .append(esc(id.length() > 10 ? id.substring(0, 10) + "…" : id)).append("</a></td>");
            columns.forEach(col -> b.append("<td>").append(esc(row.get(col))).append("</td>"));
            b.append("</tr>");
        }
        return page(c.title() + " — entités", b.append("</tbody></table>").toString(), MAP_HEAD);
    }

    String item(OgcCollection c, String id, Map<String, Object> row, String mapUrl, String collectionUrl) {
        StringBuilder b = new StringBuilder("<h1>").append(esc(c.title())).append("</h1><p>Entité <code>").append(esc(id))
                .append("</code> · <a href=\"").append(esc(collectionUrl)).append("?f=html\">la collection</a></p>")
                .append("<div id=\"carte\" class=\"carte-entite\" data-geojson=\"").append(esc(mapUrl))
                .append("\" data-taille=\"\"></div><p class=\"legend\" id=\"carte-legende\"></p><table><tbody>");
        row.forEach((k, v) -> {
            if (!k.equals(GeoJsonWriter.ID) && !k.equals(c.geometry().name())) {
                b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
            }
        });
        return page(c.title() + " — entité", b.append("</tbody></table>").toString(), MAP_HEAD);
    }

    @SuppressWarnings("unchecked")
    String api(Map<String, Object> openapi) {
        StringBuilder b = new StringBuilder("<h1>Définition de l'API</h1><p>Le document OpenAPI 3.0 : <a href=\"?f=json\">JSON</a>.</p>"
                + "<table><thead><tr><th>Chemin</th><th>Opération</th></tr></thead><tbody>");
        ((Map<String, Object>) openapi.get("paths")).forEach((path, item) -> {
            Map<String, Object> get = (Map<String, Object>) ((Map<String, Object>) item).get("get");
            b.append("<tr><td><code>").append(esc(path)).append("</code></td><td>").append(esc(get.get("summary"))).append("</td></tr>");
        });
        return page("Définition de l'API", b.append("</tbody></table>").toString(), "");
    }

    String queryables(OgcCollection c, Map<String, Object> schema) {
        StringBuilder b = new StringBuilder("<h1>Propriétés filtrables — ").append(esc(c.title())).append("</h1><table><thead><tr>"
                + "<th>Nom</th><th>Titre</th><th>Type</th></tr></thead><tbody>");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> props = (Map<String, Map<String, Object>>) schema.get("properties");
        props.forEach((name, p) -> b.append("<tr><td><code>").append(esc(name)).append("</code></td><td>").append(esc(p.get("title")))
                .append("</td><td>").append(esc(p.containsKey("type") ? p.get("type") : p.get("format"))).append("</td></tr>"));
        return page("Propriétés filtrables", b.append("</tbody></table>").toString(), "");
    }

    private static void meta(StringBuilder b, String label, String value) {
        b.append("<dt>").append(esc(label)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    private String page(String title, String body, String head) {
        return Html.page(title, banner, head, body);
    }
}
