package fr.geoeduc.server.web;

import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.DatasetSummary;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue {@code /catalogue?q=MOTS&theme=…&producteur=…&acces=…&territoire=…&motcle=…&page=N}: the datasets the
 * visitor may see, found by words and narrowed by facets, twenty a page, with their size, version and quality.
 */
public final class CataloguePage {

    static final int PAGE_SIZE = 20;

    /** One line of the catalogue. */
    public record Entry(String id, String title, String producer, String rows, int version, String published,
                        QualityBadge quality, List<String> themes, boolean restricted) {
    }

    private final QueryService queries;
    private final Layout layout;

    public CataloguePage(QueryService queries, Layout layout) {
        this.queries = queries;
        this.layout = layout;
    }

    public void register(Javalin app) {
        app.get("/catalogue", this::show);
    }

    private void show(Context ctx) {
        CatalogueSearch.Request request = CatalogueSearch.request(ctx.queryParam("q"), ctx::queryParam);
        CatalogueSearch.Result result = CatalogueSearch.search(queries.catalogue(fr.geoeduc.server.explore.ExploreApi.caller(ctx)), request);
        int pages = Math.max(1, (result.hits().size() + PAGE_SIZE - 1) / PAGE_SIZE);
        String p = ctx.queryParam("page");
        int page = p != null && p.matches("\\d{1,6}") ? Math.min(pages, Math.max(1, Integer.parseInt(p))) : 1;
        List<Entry> entries = result.hits().stream().skip((long) (page - 1) * PAGE_SIZE).limit(PAGE_SIZE).map(this::entry).toList();
        Map<String, Object> m = new HashMap<>();
        m.put("entries", entries);
        m.put("count", result.hits().size());
        m.put("facets", result.facets());
        m.put("words", request.words());
        m.put("chosen", request.chosen().entrySet().stream()
                .map(e -> new CatalogueSearch.FacetValue(e.getKey().label + " : " + e.getValue(), 0, true, request.link(e.getKey(), null, 1)))
                .toList());
        m.put("chosenParams", request.chosen().entrySet().stream().map(e -> Map.entry(e.getKey().param, e.getValue())).toList());
        m.put("page", page);
        m.put("pages", pages);
        m.put("previous", page > 1 ? request.link(null, null, page - 1) : null);
        m.put("next", page < pages ? request.link(null, null, page + 1) : null);
        m.put("empty", queries.catalogue().isEmpty());
        layout.render(ctx, 200, "catalogue", "Catalogue", Layout.Section.CATALOGUE, List.of(Crumb.here("Catalogue")), m);
    }

    Entry entry(DatasetSummary s) {
        DatasetDefinition d = s.definition();
        DatasetVersion v = s.latest().orElseThrow();
        return new Entry(d.id(), d.title(), d.producer(), Formats.count(v.rowCount()), v.number(), Formats.date(v.publishedAt()),
                QualityBadge.of(queries.quality(Caller.INTERNAL, d.id(), v.number()).orElse(null)), d.themes(),
                d.accessLevel() == fr.geoeduc.core.model.AccessLevel.RESTRICTED);
    }
}
