package fr.geoeduc.server.api;

import fr.geoeduc.core.catalogue.DcatExporter;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.DatasetSummary;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON API of the catalogue: datasets, versions, quality reports, DCAT-AP, exports of the latest version. */
public final class CatalogueApi {

    private final QueryService queries;

    public CatalogueApi(QueryService queries) {
        this.queries = queries;
    }

    public void register(Javalin app) {
        app.get("/api/catalogue", ctx -> ctx.json(queries.catalogue().stream().map(CatalogueApi::summary).toList()));
        app.get("/api/catalogue/dcat", ctx -> {
            ctx.contentType("application/ld+json; charset=utf-8");
            ctx.result(fr.geoeduc.core.store.Json.write(new DcatExporter(baseUrl(ctx)).catalogue(queries.catalogue())));
        });
        app.get("/api/datasets/{id}", ctx -> {
            QueryService.Visible d = find(ctx);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dataset", d.definition());
            m.put("version", d.version());
            ctx.json(m);
        });
        app.get("/api/datasets/{id}/versions", ctx -> {
            List<DatasetVersion> versions = queries.versions(ctx.pathParam("id"));
            if (versions.isEmpty()) {
                throw new NotFoundResponse("jeu de données inconnu / unknown dataset: " + ctx.pathParam("id"));
            }
            ctx.json(versions.stream().map(v -> new DatasetVersion(v.datasetId(), v.number(), v.publishedAt(), v.rowCount(), v.schema(),
                    v.lineage().published(), v.batchId())).toList());
        });
        app.get("/api/datasets/{id}/versions/{n}/quality", ctx -> {
            QueryService.Visible d = find(ctx, version(ctx));
            ctx.json(queries.quality(d).orElseThrow(() -> new NotFoundResponse("no quality report")));
        });
        app.get("/api/datasets/{id}/export.csv", ctx -> {
            QueryService.Visible d = find(ctx);
            ctx.contentType("text/csv; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"" + d.definition().id() + ".csv\"");
            Exports.csv(queries, fr.geoeduc.core.access.Caller.INTERNAL, d, ctx.outputStream());
        });
        app.get("/api/datasets/{id}/export.json", ctx -> {
            QueryService.Visible d = find(ctx);
            ctx.contentType("application/json");
            Exports.json(queries, fr.geoeduc.core.access.Caller.INTERNAL, d, ctx.outputStream());
        });
        app.get("/api/datasets/{id}/export.geojson", ctx -> {
            QueryService.Visible d = find(ctx);
            ctx.contentType("application/geo+json");
            Exports.geojson(queries, fr.geoeduc.core.access.Caller.INTERNAL, d, ctx.outputStream());
        });
    }

    static Map<String, Object> summary(DatasetSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.definition().id());
        m.put("title", s.definition().title());
        m.put("producer", s.definition().producer());
        m.put("access", s.definition().accessLevel().code());
        m.put("versions", s.versionCount());
        s.latest().ifPresent(v -> {
            m.put("latest_version", v.number());
            m.put("rows", v.rowCount());
            m.put("published_at", v.publishedAt().toString());
            List<String> fields = new ArrayList<>();
            v.schema().fields().forEach(f -> fields.add(f.name()));
            m.put("fields", fields);
        });
        return m;
    }

    private Integer version(Context ctx) {
        try {
            return Integer.valueOf(ctx.pathParam("n"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("version must be a number, not '" + ctx.pathParam("n") + "'");
        }
    }

    private QueryService.Visible find(Context ctx) {
        String v = ctx.queryParam("version");
        return find(ctx, v == null ? null : parse(v));
    }

    private static Integer parse(String v) {
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("version must be a number, not '" + v + "'");
        }
    }

    private QueryService.Visible find(Context ctx, Integer version) {
        return queries.dataset(ctx.pathParam("id"), version).orElseThrow(() ->
                new NotFoundResponse("jeu de données ou version inconnu / unknown dataset or version: " + ctx.pathParam("id")));
    }

    static String baseUrl(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }
}
