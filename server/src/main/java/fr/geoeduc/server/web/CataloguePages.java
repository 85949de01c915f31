package fr.geoeduc.server.web;

import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.quality.Finding;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.quality.RuleResult;
import fr.geoeduc.core.quality.Severity;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.DatasetSummary;
import fr.geoeduc.server.api.Exports;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static fr.geoeduc.server.web.Html.esc;

/** The French pages: the catalogue, and one page per dataset (map, fields, versions, quality report). */
public final class CataloguePages {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH:mm", Locale.FRENCH)
            .withZone(ZoneId.of("Europe/Paris"));
    private final QueryService queries;
    private final String banner;

    public CataloguePages(QueryService queries, String banner) {
        this.queries = queries;
        this.banner = banner;
    }

    public void register(Javalin app) {
        app.get("/", this::catalogue);
        app.get("/jeux/{id}", this::dataset);
    }

    private void catalogue(Context ctx) {
        List<DatasetSummary> all = queries.catalogue();
        StringBuilder body = new StringBuilder("<h1>Catalogue</h1>");
        if (all.isEmpty()) {
            body.append("<p>Aucun jeu de données publié. Chargez un fichier avec <code>geoeduc ingest FICHIER --dataset ID</code> "
                    + "ou lancez <code>geoeduc demo</code>.</p>");
        } else {
            body.append("<p>").append(all.size()).append(" jeux de données publiés.</p><table class=\"catalogue\"><thead><tr>")
                    .append("<th>Jeu de données</th><th>Producteur</th><th>Lignes</th><th>Version</th><th>Qualité</th></tr></thead><tbody>");
            for (DatasetSummary s : all) {
                DatasetDefinition d = s.definition();
                DatasetVersion v = s.latest().orElseThrow();
                QualityReport q = queries.quality(fr.geoeduc.core.query.Caller.INTERNAL, d.id(), v.number()).orElse(null);
                body.append("<tr><td><a href=\"/jeux/").append(esc(d.id())).append("\">").append(esc(d.title())).append("</a><br><code>")
                        .append(esc(d.id())).append("</code></td><td>").append(esc(d.producer())).append("</td><td class=\"num\">")
                        .append(String.format(Locale.FRENCH, "%,d", v.rowCount())).append("</td><td>v").append(v.number()).append(" — ")
                        .append(esc(DATE.format(v.publishedAt()))).append("</td><td>").append(qualityBadge(q)).append("</td></tr>");
            }
            body.append("</tbody></table>");
        }
        ctx.html(Html.page("Catalogue", banner, "", body.toString()));
    }

    private void dataset(Context ctx) {
        String id = ctx.pathParam("id");
        String v = ctx.queryParam("version");
        Integer number = v == null || !v.matches("\\d{1,9}") ? null : Integer.valueOf(v);
        QueryService.Visible d = queries.dataset(id, number).orElse(null);
        if (d == null) {
            ctx.status(404).html(Html.page("Introuvable", banner, "", "<h1>Jeu de données introuvable</h1><p>Aucun jeu de données publié "
                    + "sous l'identifiant <code>" + esc(id) + "</code>. <a href=\"/\">Retour au catalogue</a>.</p>"));
            return;
        }
        DatasetDefinition def = d.definition();
        DatasetVersion version = d.version();
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(esc(def.title())).append("</h1><p><code>").append(esc(def.id())).append("</code> — version ")
                .append(version.number()).append(" du ").append(esc(DATE.format(version.publishedAt()))).append(", ")
                .append(String.format(Locale.FRENCH, "%,d", version.rowCount())).append(" lignes</p>");
        if (def.description() != null) {
            body.append("<p class=\"description\">").append(esc(def.description())).append("</p>");
        }
        body.append("<dl class=\"meta\">");
        meta(body, "Producteur", def.producer());
        meta(body, "Licence", def.licence());
        meta(body, "Mots-clés", String.join(", ", def.keywords()));
        meta(body, "Thèmes", String.join(", ", def.themes()));
        meta(body, "Fréquence de mise à jour", def.frequency());
        meta(body, "Couverture temporelle", def.temporalCoverage());
        meta(body, "Couverture spatiale", def.spatialCoverage());
        meta(body, "Source", version.lineage().source());
        meta(body, "Empreinte SHA-256", version.lineage().sha256());
        meta(body, "Format lu", version.lineage().format());
        body.append("</dl><p class=\"downloads\">Télécharger : ");
        for (String f : List.of("csv", "json", "geojson")) {
            body.append("<a href=\"/api/datasets/").append(esc(def.id())).append("/export.").append(f).append("?version=")
                    .append(version.number()).append("\">").append(f.toUpperCase(Locale.ROOT)).append("</a> ");
        }
        body.append("</p>");
        String head = "";
        if (Exports.geometryField(version.schema()) >= 0) {
            head = "<link rel=\"stylesheet\" href=\"/webjars/leaflet/1.9.4/dist/leaflet.css\">"
                    + "<script src=\"/webjars/leaflet/1.9.4/dist/leaflet.js\"></script>"
                    + "<script type=\"module\" src=\"/static/carte.js\"></script>";
            body.append("<h2>Carte</h2><div id=\"carte\" data-geojson=\"/api/datasets/").append(esc(def.id()))
                    .append("/export.geojson?version=").append(version.number()).append("\" data-taille=\"")
                    .append(esc(sizeField(version))).append("\"></div><p class=\"legend\" id=\"carte-legende\"></p>");
        }
        fields(body, version.schema().fields());
        versions(body, def.id(), queries.versions(def.id()));
        quality(body, queries.quality(d).orElse(null));
        ctx.html(Html.page(def.title(), banner, head, body.toString()));
    }

    /** The field that sizes points on the map: the établissement's pupils when the dataset has them. */
    private static String sizeField(DatasetVersion version) {
        for (String candidate : List.of("nombre_d_eleves", "nombre_total_eleves", "nombre_eleves_total", "effectifs")) {
            if (version.schema().indexOf(candidate) >= 0) {
                return candidate;
            }
        }
        return "";
    }

    private static void fields(StringBuilder body, List<Field> fields) {
        body.append("<h2>Champs</h2><table class=\"fields\"><thead><tr><th>Nom</th><th>Libellé</th><th>Type</th><th>Unité</th>"
                + "<th>Description</th></tr></thead><tbody>");
        for (Field f : fields) {
            body.append("<tr><td><code>").append(esc(f.name())).append("</code></td><td>").append(esc(f.label())).append("</td><td>")
                    .append(esc(f.type().apiName())).append("</td><td>").append(esc(f.unit())).append("</td><td>")
                    .append(esc(f.description())).append("derived".equals(f.origin()) ? " <em>(calculé par GéoÉduc)</em>" : "")
                    .append("</td></tr>");
        }
        body.append("</tbody></table>");
    }

    private static void versions(StringBuilder body, String id, List<DatasetVersion> versions) {
        body.append("<h2>Versions</h2><table class=\"versions\"><thead><tr><th>Version</th><th>Publiée le</th><th>Lignes</th>"
                + "<th>Source</th></tr></thead><tbody>");
        for (DatasetVersion v : versions.stream().sorted(Comparator.comparingInt(DatasetVersion::number).reversed()).toList()) {
            body.append("<tr><td><a href=\"/jeux/").append(esc(id)).append("?version=").append(v.number()).append("\">v")
                    .append(v.number()).append("</a></td><td>").append(esc(DATE.format(v.publishedAt()))).append("</td><td class=\"num\">")
                    .append(v.rowCount()).append("</td><td>").append(esc(v.lineage().source())).append("</td></tr>");
        }
        body.append("</tbody></table>");
    }

    private static void quality(StringBuilder body, QualityReport report) {
        body.append("<h2>Rapport qualité</h2>");
        if (report == null) {
            return;
        }
        body.append("<p>").append(report.rowsChecked()).append(" lignes vérifiées : ").append(qualityBadge(report)).append("</p>");
        for (RuleResult r : report.results().stream().sorted(Comparator.comparing(RuleResult::severity)).toList()) {
            body.append("<details class=\"rule ").append(r.severity().name().toLowerCase(Locale.ROOT)).append("\"><summary><strong>")
                    .append(esc(severity(r.severity()))).append("</strong> ").append(esc(r.title())).append(" — <code>")
                    .append(esc(r.rule())).append("</code> : ").append(r.count()).append("</summary><table><thead><tr><th>Ligne</th>"
                            + "<th>Champ</th><th>Valeur</th><th>Problème</th></tr></thead><tbody>");
            for (Finding f : r.examples()) {
                body.append("<tr><td class=\"num\">").append(f.feature() > 0 ? esc(f.where()) : String.valueOf(f.line()))
                        .append("</td><td><code>").append(esc(f.field()))
                        .append("</code></td><td>").append(esc(f.value())).append("</td><td>").append(esc(f.message())).append("</td></tr>");
            }
            body.append("</tbody></table></details>");
        }
        for (String note : report.notes()) {
            body.append("<p class=\"note\">").append(esc(note)).append("</p>");
        }
    }

    private static String qualityBadge(QualityReport q) {
        if (q == null) {
            return "";
        }
        long errors = q.count(Severity.ERROR);
        long warnings = q.count(Severity.WARNING);
        return "<span class=\"badge " + (errors > 0 ? "error" : warnings > 0 ? "warning" : "ok") + "\">" + errors + " erreur"
                + (errors > 1 ? "s" : "") + ", " + warnings + " avertissement" + (warnings > 1 ? "s" : "") + "</span>";
    }

    private static String severity(Severity s) {
        return switch (s) {
            case ERROR -> "Erreur";
            case WARNING -> "Attention";
            case INFO -> "Info";
        };
    }

    private static void meta(StringBuilder body, String label, String value) {
        if (value != null && !value.isBlank()) {
            body.append("<dt>").append(esc(label)).append("</dt><dd>").append(esc(value)).append("</dd>");
        }
    }
}
