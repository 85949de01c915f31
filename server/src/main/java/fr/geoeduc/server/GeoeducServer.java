package fr.geoeduc.server;

import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.server.api.CatalogueApi;
import fr.geoeduc.server.web.CataloguePages;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;

import java.util.Map;

/** The HTTP face of GéoÉduc: the French web interface and the JSON API, on Jetty with virtual threads. */
public final class GeoeducServer implements AutoCloseable {

    private final Javalin app;

    private GeoeducServer(Javalin app) {
        this.app = app;
    }

    /**
     * @param banner shown on every page when not null (e.g. "données synthétiques")
     */
    public static GeoeducServer start(Store store, String host, int port, String banner) {
        return start(store, host, port, banner, fr.geoeduc.server.explore.QuotaSettings.fromEnvironment());
    }

    public static GeoeducServer start(Store store, String host, int port, String banner,
                                      fr.geoeduc.server.explore.QuotaSettings quotas) {
        QueryService queries = new QueryService(store);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.staticFiles.enableWebjars();
            config.staticFiles.add(s -> {
                s.hostedPath = "/static";
                s.directory = "/public";
                s.location = Location.CLASSPATH;
            });
            config.http.defaultContentType = "application/json";
        });
        new CataloguePages(queries, banner).register(app);
        new fr.geoeduc.server.explore.ExploreApi(queries, new fr.geoeduc.server.explore.Quotas(quotas)).register(app);
        new CatalogueApi(queries).register(app);
        app.get("/favicon.ico", ctx -> ctx.status(204));
        app.get("/api/explore/v2.1/swagger.json", ctx -> {
            ctx.contentType("application/json; charset=utf-8");
            ctx.result(GeoeducServer.class.getResourceAsStream("/openapi/explore-v2.1.json"));
        });
        app.get("/api/health", ctx -> ctx.json(Map.of("status", "ok", "store_schema", store.schemaVersion(),
                "memory_bytes_by_dataset", queries.memory())));
        app.exception(IllegalArgumentException.class, (e, ctx) ->
                ctx.status(400).json(Map.of("error_code", "BadRequest", "message", e.getMessage())));
        app.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus())
                .json(Map.of("error_code", e.getStatus() == 404 ? "NotFound" : "HttpError", "message", e.getMessage())));
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                ctx.json(Map.of("error_code", "NotFound", "message", "ressource introuvable / not found: " + ctx.path()));
            }
        });
        app.start(host, port);
        return new GeoeducServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
