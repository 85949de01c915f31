package fr.geoeduc.server.web;

import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.quality.RuleResult;
import fr.geoeduc.core.quality.Severity;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.server.api.Exports;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One dataset's page, in tabs: Informations, Champs, Tableau, Carte, Qualité, Versions, API, Téléchargements. A dataset
 * the visitor may not see is "introuvable" (404), the same answer as for a dataset that never existed.
 */
public final class DatasetPage {

    /** A label and its value in the metadata list. */
    public record Meta(String label, String value) {
    }

    /** One published version in the Versions tab. */
    public record VersionLine(int number, String published, String rows, String source, String sha256, boolean current) {
    }

    /** One quality rule with its French severity. */
    public record Rule(RuleResult result, String severity, String level) {
    }

    /** A download: its format, where, and what it holds. */
    public record Download(String format, String href, String description) {
    }

    private final QueryService queries;
    private final Layout layout;

    public DatasetPage(QueryService queries, Layout layout) {
        this.queries = queries;
        this.layout = layout;
    }

    public void register(Javalin app) {
        app.get("/jeux/{id}", this::show);
    }

    private void show(Context ctx) {
        String id = ctx.pathParam("id");
        String v = ctx.queryParam("version");
        Integer number = v == null || !v.matches("\\d{1,9}") ? null : Integer.valueOf(v);
        fr.geoeduc.core.access.Caller caller = fr.geoeduc.server.explore.ExploreApi.caller(ctx);
        QueryService.Visible d = queries.dataset(caller, id, number).orElse(null);
        if (d == null) {
            layout.notFound(ctx, "Jeu de données introuvable", "Aucun jeu de données publié sous l'identifiant « " + id + " ».");
            return;
        }
        DatasetDefinition def = d.definition();
        // a convention's view of a restricted dataset: its fields only (the catalogue's version is the view's)
        DatasetVersion version = !d.restricted() ? d.version() : queries.catalogue(caller).stream()
                .filter(s -> s.definition().id().equals(def.id())).findFirst().flatMap(fr.geoeduc.core.store.DatasetSummary::latest)
                .filter(x -> x.number() == d.version().number()).orElse(d.version());
        List<DatasetVersion> versions = queries.versions(def.id());
        int latest = versions.stream().mapToInt(DatasetVersion::number).max().orElse(version.number());
        boolean geo = Exports.geometryField(version.schema()) >= 0;
        QualityReport report = queries.quality(d).orElse(null);
        String base = ctx.scheme() + "://" + ctx.host();

        Map<String, Object> m = new HashMap<>();
        m.put("dataset", def);
        m.put("convention", ConventionNotice.of(d));
        m.put("version", version);
        m.put("published", Formats.date(version.publishedAt()));
        m.put("rows", Formats.count(version.rowCount()));
        m.put("current", version.number() == latest);
        m.put("meta", meta(def, version));
        m.put("fields", version.schema().fields());
        m.put("typeLabels", FieldTypeLabels.byApiName());
        m.put("columns", version.schema().fields().stream().filter(f -> !f.type().isGeo()).filter(f -> !f.isAddedByGeoeduc())
                .map(Field::name).limit(8).toList());
        m.put("records", ApiExamples.recordsPath(def.id()));
        m.put("versions", versions.stream().sorted(Comparator.comparingInt(DatasetVersion::number).reversed())
                .map(x -> new VersionLine(x.number(), Formats.date(x.publishedAt()), Formats.count(x.rowCount()), x.lineage().publicSource(),
                        x.lineage().sha256(), x.number() == version.number())).toList());
        m.put("report", report);
        m.put("badge", QualityBadge.of(report));
        m.put("rules", report == null ? List.of() : report.results().stream().sorted(Comparator.comparing(RuleResult::severity))
                .map(r -> new Rule(r, severity(r.severity()), r.severity().name().toLowerCase(java.util.Locale.ROOT))).toList());
        m.put("downloads", downloads(def.id(), version.number(), geo));
        m.put("calls", ApiExamples.of(base, def.id(), geo));
        if (geo) {
            MapFields fields = MapFields.of(version.schema(), null, null);
            m.put("map", MapConfig.of(def.id(), fields));
            m.put("explorer", "/carte?jeu=" + MapConfig.encode(def.id()));
        }
        layout.render(ctx, 200, "jeu", def.title(), Layout.Section.CATALOGUE, List.of(new Crumb("Catalogue", "/catalogue"),
                Crumb.here(def.title())), m);
    }

    private static List<Meta> meta(DatasetDefinition def, DatasetVersion version) {
        List<Meta> out = new ArrayList<>();
        add(out, "Producteur", def.producer());
        add(out, "Licence", def.licence());
        add(out, "Mots-clés", String.join(", ", def.keywords()));
        add(out, "Thèmes", String.join(", ", def.themes()));
        add(out, "Fréquence de mise à jour", frequency(def.frequency()));
        add(out, "Couverture temporelle", def.temporalCoverage());
        add(out, "Couverture spatiale", def.spatialCoverage());
        add(out, "Accès", def.accessLevel().name().equals("OPEN") ? "ouvert" : "restreint (sous convention)");
        add(out, "Source", version.lineage().publicSource());
        add(out, "Empreinte SHA-256", version.lineage().sha256());
        add(out, "Format lu", version.lineage().format());
        add(out, "Produit par", version.lineage().tool());
        add(out, "Jeux d'origine", String.join(", ", version.lineage().parents()));
        return out;
    }

    /** The schemas' frequency codes (DCAT's, in English) as the page says them; another value as it is written. */
    static String frequency(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "daily" -> "quotidienne";
            case "weekly" -> "hebdomadaire";
            case "monthly" -> "mensuelle";
            case "quarterly" -> "trimestrielle";
            case "annual" -> "annuelle";
            case "irregular" -> "irrégulière";
            case "never" -> "aucune (jeu figé)";
            default -> code;
        };
    }

    private static void add(List<Meta> out, String label, String value) {
        if (value != null && !value.isBlank()) {
            out.add(new Meta(label, value));
        }
    }

    private static List<Download> downloads(String id, int version, boolean geo) {
        String own = "/api/datasets/" + MapConfig.encode(id) + "/export.";
        List<Download> out = new ArrayList<>(List.of(
                new Download("CSV", own + "csv?version=" + version, "cette version, tous les champs (dont ceux calculés par GéoÉduc), séparateur « ; »"),
                new Download("JSON", own + "json?version=" + version, "cette version, un tableau d'objets")));
        if (geo) {
            out.add(new Download("GeoJSON", own + "geojson?version=" + version, "cette version, une entité par ligne (WGS84)"));
        }
        out.add(new Download("CSV (Explore)", ApiExamples.exportPath(id, "csv"), "version courante, colonnes du portail data.education.gouv.fr"));
        out.add(new Download("JSON Lines", ApiExamples.exportPath(id, "jsonl"), "version courante, un objet par ligne"));
        out.add(new Download("Parquet", ApiExamples.exportPath(id, "parquet"), "version courante, colonnes typées"));
        out.add(new Download("XLSX", ApiExamples.exportPath(id, "xlsx"), "version courante, classeur Excel"));
        return out;
    }

    private static String severity(Severity s) {
        return switch (s) {
            case ERROR -> "Erreur";
            case WARNING -> "Attention";
            case INFO -> "Info";
        };
    }
}
