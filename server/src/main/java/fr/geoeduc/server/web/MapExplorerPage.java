package fr.geoeduc.server.web;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.DatasetSummary;
import fr.geoeduc.server.api.Exports;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The map explorer {@code /carte?jeu=ID&taille=CHAMP&couleur=CHAMP&type=…&secteur=…&rentree=…&aplat=NIVEAU&mesure=…&millesime=AAAA&vue=LON,LAT,ZOOM}: one point
 * per row of a geolocated dataset, sized by one numeric field and coloured by classes of another, filtered by type,
 * sector and rentrée where the dataset has them, with legends, cards and a table alternative; or, with {@code aplat}, a
 * choropleth of an aggregate of the same rows by commune, département, académie or région ({@link MapChoropleth}), on the
 * polygons of the level's current millésime or of the one chosen.
 * The whole view is in the URL, so that a link reproduces it.
 */
public final class MapExplorerPage {

    /** A geolocated dataset that the explorer can show. */
    public record Choice(String id, String title, boolean selected) {
    }

    private final QueryService queries;
    private final Layout layout;
    private final BaseLayer boundaries;

    public MapExplorerPage(QueryService queries, Layout layout, BaseLayer boundaries) {
        this.queries = queries;
        this.layout = layout;
        this.boundaries = boundaries;
    }

    public void register(Javalin app) {
        app.get("/carte", this::show);
    }

    private void show(Context ctx) {
        String id = ctx.queryParam("jeu");
        // the caller's own access (a person signed in, or an API key): a restricted dataset only under its convention
        fr.geoeduc.core.access.Caller caller = fr.geoeduc.server.explore.ExploreApi.caller(ctx);
        List<DatasetSummary> geo = queries.catalogue(caller).stream()
                .filter(s -> s.latest().map(v -> Exports.geometryField(v.schema()) >= 0).orElse(false)).toList();
        if (id == null || id.isBlank()) {
            // the home page's map (points sized by pupils, coloured by an IPS), not the first dataset by name
            id = HomePage.mapDataset(geo).map(s -> s.definition().id()).orElse(null);
        }
        String chosen = id;
        Map<String, Object> m = new HashMap<>();
        m.put("choices", geo.stream().map(s -> new Choice(s.definition().id(), s.definition().title(),
                s.definition().id().equals(chosen))).toList());
        if (chosen == null) {
            layout.render(ctx, 200, "carte", "Carte", Layout.Section.CARTE, List.of(Crumb.here("Carte")), m);
            return;
        }
        QueryService.Visible d = queries.dataset(caller, chosen, null).orElse(null);
        if (d == null || geo.stream().noneMatch(s -> s.definition().id().equals(chosen))) {
            layout.notFound(ctx, "Carte introuvable", "Aucun jeu de données géolocalisé publié sous l'identifiant « " + chosen + " ».");
            return;
        }
        // a convention's view of a restricted dataset: its fields only (the catalogue's version is the view's)
        DatasetVersion version = geo.stream().filter(s -> s.definition().id().equals(chosen)).findFirst()
                .flatMap(DatasetSummary::latest).orElse(d.version());
        MapFields fields = MapFields.of(version.schema(), ctx.queryParam("taille"), ctx.queryParam("couleur"));
        MapFilters filters = MapFilters.of(queries, caller, chosen, version.schema(), ctx::queryParam);
        m.put("dataset", d.definition());
        m.put("convention", ConventionNotice.of(d));
        m.put("rows", Formats.count(version.rowCount()));
        m.put("fields", fields);
        m.put("filters", filters.filters());
        String rentree = filters.filters().stream().filter(f -> f.param().equals("rentree")).map(MapFilters.Filter::chosen).findFirst().orElse("");
        m.put("aplat", MapChoropleth.of(version.schema(), fields, boundaries::loaded, boundaries::millesimes,
                new MapChoropleth.Wanted(ctx.queryParam("aplat"), ctx.queryParam("mesure"), ctx.queryParam("millesime"), rentree)));
        m.put("map", MapConfig.of(chosen, fields, filters));
        // what "Enregistrer cette vue" saves when the script does not update it: this page's own query
        String query = ctx.queryString() == null ? "" : ctx.queryString();
        m.put("etat", ctx.queryParam("jeu") == null || ctx.queryParam("jeu").isBlank()
                ? "jeu=" + java.net.URLEncoder.encode(chosen, java.nio.charset.StandardCharsets.UTF_8) + (query.isEmpty() ? "" : "&" + query.replaceAll("(^|&)jeu=[^&]*", ""))
                : query);
        m.put("maxTitle", SavedViewPages.MAX_TITLE);
        m.put("maxDescription", SavedViewPages.MAX_DESCRIPTION);
        layout.render(ctx, 200, "carte", "Carte — " + d.definition().title(), Layout.Section.CARTE,
                List.of(new Crumb("Carte", "/carte"), Crumb.here(d.definition().title())), m);
    }
}
