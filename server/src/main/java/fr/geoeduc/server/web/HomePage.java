package fr.geoeduc.server.web;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.DatasetSummary;
import fr.geoeduc.server.api.Exports;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The home page: a search box, the themes, the datasets updated last, a few key figures and a map of établissements
 * sized by their pupils and coloured by IPS when a published dataset carries both (the demo's join does).
 */
public final class HomePage {

    static final int RECENT = 5;

    /** A key figure: its value, written the French way, and what it counts. */
    public record Figure(String value, String label) {
    }

    private final QueryService queries;
    private final Layout layout;
    private final CataloguePage catalogue;

    public HomePage(QueryService queries, Layout layout, CataloguePage catalogue) {
        this.queries = queries;
        this.layout = layout;
        this.catalogue = catalogue;
    }

    public void register(Javalin app) {
        app.get("/", this::show);
    }

    private void show(Context ctx) {
        List<DatasetSummary> all = queries.catalogue();
        Map<String, Object> m = new HashMap<>();
        m.put("empty", all.isEmpty());
        CatalogueSearch.Result everything = CatalogueSearch.search(all, new CatalogueSearch.Request("", Map.of()));
        m.put("themes", everything.facets().stream().filter(f -> f.dimension() == CatalogueSearch.Dimension.THEME)
                .flatMap(f -> f.values().stream()).toList());
        m.put("recent", all.stream().sorted(Comparator.comparing((DatasetSummary s) -> s.latest().orElseThrow().publishedAt()).reversed())
                .limit(RECENT).map(catalogue::entry).toList());
        List<DatasetSummary> geo = all.stream().filter(HomePage::geolocated).toList();
        long rows = all.stream().mapToLong(s -> s.latest().orElseThrow().rowCount()).sum();
        long versions = all.stream().mapToLong(DatasetSummary::versionCount).sum();
        m.put("figures", List.of(new Figure(Formats.count(all.size()), all.size() > 1 ? "jeux de données" : "jeu de données"),
                new Figure(Formats.count(geo.size()), "jeux géolocalisés, à voir sur la carte"),
                new Figure(Formats.count(rows), "lignes publiées"),
                new Figure(Formats.count(versions), "versions conservées, comparables entre elles")));
        mapDataset(geo).ifPresent(s -> {
            MapFields fields = MapFields.of(s.latest().orElseThrow().schema(), null, null);
            m.put("mapDataset", s.definition());
            m.put("mapRows", Formats.count(s.latest().orElseThrow().rowCount()));
            m.put("mapParents", s.latest().orElseThrow().lineage() == null ? List.of() : s.latest().orElseThrow().lineage().parents());
            m.put("map", MapConfig.of(s.definition().id(), fields));
            m.put("mapLink", "/carte?jeu=" + MapConfig.encode(s.definition().id()));
        });
        layout.render(ctx, 200, "accueil", "Accueil", Layout.Section.ACCUEIL, List.of(), m);
    }

    static boolean geolocated(DatasetSummary s) {
        return s.latest().map(v -> Exports.geometryField(v.schema()) >= 0).orElse(false);
    }

    /**
     * The map of the home page: among the geolocated datasets, one whose points can be sized and coloured by an IPS,
     * a join's result first (the IPS then comes from another dataset than the points), else the first geolocated one.
     */
    static Optional<DatasetSummary> mapDataset(List<DatasetSummary> geo) {
        return geo.stream().max(Comparator.comparingInt(HomePage::score));
    }

    private static int score(DatasetSummary s) {
        DatasetVersion v = s.latest().orElseThrow();
        MapFields f = MapFields.of(v.schema(), null, null);
        boolean joined = v.lineage() != null && !v.lineage().parents().isEmpty();
        return (f.size().isEmpty() ? 0 : 2) + (MapFields.isIps(f.colour()) ? 4 : 0) + (joined ? 1 : 0);
    }
}
