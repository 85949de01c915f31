package fr.geoeduc.server.web;

import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.DatasetSummary;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;

/** The home page: the catalogue of the datasets the visitor may see, with their size, version and quality. */
public final class CataloguePage {

    /** One line of the catalogue. */
    public record Entry(String id, String title, String producer, String rows, int version, String published,
                        QualityBadge quality) {
    }

    private final QueryService queries;
    private final Layout layout;

    public CataloguePage(QueryService queries, Layout layout) {
        this.queries = queries;
        this.layout = layout;
    }

    public void register(Javalin app) {
        app.get("/", this::show);
    }

    private void show(Context ctx) {
        List<Entry> entries = queries.catalogue().stream().map(this::entry).toList();
        layout.render(ctx, 200, "catalogue", "Catalogue", Layout.Section.CATALOGUE, List.of(), Map.of("entries", entries,
                "count", entries.size()));
    }

    private Entry entry(DatasetSummary s) {
        DatasetDefinition d = s.definition();
        DatasetVersion v = s.latest().orElseThrow();
        return new Entry(d.id(), d.title(), d.producer(), Formats.count(v.rowCount()), v.number(), Formats.date(v.publishedAt()),
                QualityBadge.of(queries.quality(Caller.INTERNAL, d.id(), v.number()).orElse(null)));
    }
}
