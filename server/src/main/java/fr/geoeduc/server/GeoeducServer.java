package fr.geoeduc.server;

import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.server.api.CatalogueApi;
import fr.geoeduc.server.ogcapi.OgcApi;
import fr.geoeduc.server.web.BaseLayer;
import fr.geoeduc.server.web.CataloguePage;
import fr.geoeduc.server.web.DatasetPage;
import fr.geoeduc.server.web.Layout;
import fr.geoeduc.server.web.MapExplorerPage;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;

import java.util.Map;

/** The HTTP face of GéoÉduc: the French web interface and the JSON API, on Jetty with virtual threads. */
public final class GeoeducServer implements AutoCloseable {

    private final Javalin app;
    private final fr.geoeduc.server.explore.Quotas quotas;
    private final fr.geoeduc.core.adresse.BanSuggestionsVeille suggestions;

    private GeoeducServer(Javalin app, fr.geoeduc.server.explore.Quotas quotas, fr.geoeduc.core.adresse.BanSuggestionsVeille suggestions) {
        this.app = app;
        this.quotas = quotas;
        this.suggestions = suggestions;
    }

    /**
     * @param banner shown on every page when not null (e.g. "données synthétiques")
     */
    public static GeoeducServer start(Store store, String host, int port, String banner) {
        return start(store, host, port, banner, fr.geoeduc.server.explore.QuotaSettings.fromEnvironment());
    }

    public static GeoeducServer start(Store store, String host, int port, String banner,
                                      fr.geoeduc.server.explore.QuotaSettings quotas) {
        return start(store, null, host, port, banner, quotas);
    }

    private static void yieldVirtualThread() {
        if (Thread.currentThread().isVirtual()) {
            Thread.yield();
        }
    }

    /**
     * @param access conventions, policy, audit and tokens; null for the open policy only (restricted data invisible)
     */
    public static GeoeducServer start(Store store, fr.geoeduc.core.query.AccessServices access, String host, int port, String banner,
                                      fr.geoeduc.server.explore.QuotaSettings quotas) {
        String adminKey = fr.geoeduc.server.admin.AdministratorKey.validated(System.getenv("GEOEDUC_ADMIN_KEY"));
        QueryService queries = access == null ? new QueryService(store) : access.queries();
        Layout layout = new Layout(banner);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.staticFiles.add(s -> {
                s.hostedPath = "/static";
                s.directory = "/public"; // built by the Maven build from src/main/web (npm ci + build.mjs)
                s.location = Location.CLASSPATH;
                s.headers = Map.of("Cache-Control", "public, max-age=3600");
                // without these, Jetty sent "text/css;charset=null", "image/svg+xml;charset=null"… for the built assets
                s.mimeTypes.add("text/css; charset=utf-8", "css");
                s.mimeTypes.add("text/javascript; charset=utf-8", "js", "mjs");
                s.mimeTypes.add("image/svg+xml; charset=utf-8", "svg");
                s.mimeTypes.add("application/manifest+json; charset=utf-8", "webmanifest");
                s.mimeTypes.add("font/woff2", "woff2");
                s.mimeTypes.add("font/woff", "woff");
            });
            config.http.defaultContentType = "application/json";
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(RequestSizeLimit.MAX_REQUEST_HEADER_BYTES));
            config.jetty.modifyServer(server -> server.setErrorHandler(new RequestSizeLimit()));
        });
        // Javalin 6 tries the GET routes in the order they were added, one regular expression each: the ones asked
        // for most (every browser's favicon, the records and exports of the Explore API) come first
        fr.geoeduc.server.http.SecurityHeaders.register(app);
        app.before("/static/*", GeoeducServer::withoutNullCharset);
        app.get("/favicon.ico", ctx -> ctx.status(204));
        OgcApi ogc = new OgcApi(queries, banner);
        ogc.registerTiles(app); // the OGC tile route next: a map asks for tiles by the dozen (see OgcApi.registerTiles)
        // Fairness between connections. Requests run on virtual threads, which are never preempted, and Jetty
        // handles the next request of a keep-alive connection on the same thread as soon as it arrives: under
        // load a few busy connections kept the two carriers while the others waited for seconds (group_by académie
        // at 64 connections: p50 8 ms, p99 1.7 s, wrk timeouts). Yielding before each request puts it behind the
        // ones already waiting (p99 0.3-0.5 s there, 10 ms instead of 16 on a UAI lookup); yielding again once it
        // is handled, before the thread goes back to its connection, halved the p99 of a count query (75-85 ms ->
        // 31-51 ms) and lowered the UAI lookup's (25-45 -> 19-29 ms), throughput unchanged.
        app.before(ctx -> yieldVirtualThread());
        app.after(ctx -> yieldVirtualThread());
        fr.geoeduc.core.access.QuotaLedger ledger = new fr.geoeduc.core.access.QuotaLedger(store);
        fr.geoeduc.server.explore.Quotas quotaCounts;
        fr.geoeduc.server.explore.ExploreApi explore;
        if (access == null) {
            quotaCounts = new fr.geoeduc.server.explore.Quotas(quotas, key -> java.util.Optional.empty(), ledger);
            explore = new fr.geoeduc.server.explore.ExploreApi(queries, quotaCounts);
            explore.register(app);
        } else {
            fr.geoeduc.core.access.AccessRegistry registry = access.registry();
            // people signed in on the pages: their session cookie makes them the caller, before the APIs' filters
            new fr.geoeduc.server.web.WebSessions(access.people(), layout).register(app);
            // a client is counted once, whether it calls with its API key or with an OAuth2 token; a person signed in
            // has a quota of their own, as large as an address's
            java.util.function.Function<String, java.util.Optional<fr.geoeduc.server.explore.Quotas.Account>> keys = key -> key.startsWith(
                    fr.geoeduc.core.access.Policy.PERSON_PREFIX) ? java.util.Optional.of(new fr.geoeduc.server.explore.Quotas.Account(key, quotas.anonymousPerDay()))
                    : (key.startsWith("client:") ? registry.client(key.substring(7)).filter(c -> !c.revoked()) : registry.clientByKey(key))
                    .map(c -> new fr.geoeduc.server.explore.Quotas.Account("client:" + c.id(), c.dailyLimit()));
            quotaCounts = new fr.geoeduc.server.explore.Quotas(quotas, keys, ledger);
            explore = new fr.geoeduc.server.explore.ExploreApi(queries, quotaCounts, token -> access.tokens().verify(token));
            explore.register(app);
            // one set of rights and one audit for the admin API and the administration pages
            fr.geoeduc.server.admin.Administration administration = new fr.geoeduc.server.admin.Administration(registry, access.users(),
                    access.auditWriter()::submit);
            new fr.geoeduc.server.admin.AdminApi(administration, access.sessions(), adminKey).register(app);
            new fr.geoeduc.server.admin.AdminPages(administration, registry,
                    () -> store.datasets().stream().map(fr.geoeduc.core.store.DatasetSummary::definition).toList(), ledger, layout).register(app);
            new fr.geoeduc.server.admin.ConventionPages(registry, access.sessions(), adminKey, layout).register(app);
            new fr.geoeduc.server.http.TokenRoute(access.tokens(), fr.geoeduc.server.http.CredentialThrottle.standard()).register(app);
        }
        // OGC API Features: same caller resolution and quota as the Explore API, same door (the query service)
        explore.guard(app, OgcApi.ROOT, OgcApi.ROOT + "/*");
        ogc.register(app);
        // the address suggestions' indexes are built in the background once the server answers, and after each BAN publication
        fr.geoeduc.core.adresse.BanSuggestionsVeille suggestions = fr.geoeduc.core.adresse.BanSuggestionsVeille.creer(queries);
        // the carte scolaire reads the communes of the millésime the user picks (millesime_communes), the current ones by default
        fr.geoeduc.core.referentiel.CommunesParMillesime communes = new fr.geoeduc.core.referentiel.CommunesParMillesime(store);
        fr.geoeduc.core.sectorisation.CarteScolaireService carteScolaire = new fr.geoeduc.core.sectorisation.CarteScolaireService(
                queries, communes::referentiels);
        new fr.geoeduc.server.cartescolaire.CarteScolaireApi(carteScolaire, new fr.geoeduc.core.sectorisation.SecteursService(
                queries, communes::referentiels), new fr.geoeduc.core.sectorisation.Simulation(queries, communes::referentiels),
                suggestions.suggestions()).register(app);
        new fr.geoeduc.server.web.CarteScolairePage(carteScolaire, layout, communes, suggestions.suggestions()).register(app);
        // simulations are saved for the organisation of the person or API client, as saved views are
        new fr.geoeduc.server.web.SimulationPages(queries, new fr.geoeduc.core.sectorisation.Simulation(queries, communes::referentiels),
                new fr.geoeduc.core.store.SavedSimulations(store), layout,
                caller -> access == null ? java.util.Optional.empty()
                        : access.policy().client(caller).map(fr.geoeduc.core.access.ApiClient::organisation), communes).register(app);
        // the French pages, after the API: see ExploreApi.register on route order
        CataloguePage cataloguePage = new CataloguePage(queries, layout);
        cataloguePage.register(app);
        new fr.geoeduc.server.web.HomePage(queries, layout, cataloguePage).register(app);
        new DatasetPage(queries, layout).register(app);
        BaseLayer baseLayer = new BaseLayer(store);
        new MapExplorerPage(queries, layout, baseLayer).register(app);
        // saved views belong to the organisation of the person or API client that saves them: without a registry, none is saved
        fr.geoeduc.core.access.AccessRegistry views = access == null ? null : access.registry();
        new fr.geoeduc.server.web.SavedViewPages(queries, layout, new fr.geoeduc.core.store.SavedViews(store),
                caller -> access == null ? java.util.Optional.empty()
                        : access.policy().client(caller).map(fr.geoeduc.core.access.ApiClient::organisation),
                org -> views == null ? org : views.organisation(org).map(fr.geoeduc.core.access.Organisation::name).orElse(org)).register(app);
        if (access != null) { // sign-in, sign-out and the account page of people
            new fr.geoeduc.server.web.AccountPages(access.users(), access.people(), access.registry(),
                    fr.geoeduc.server.http.CredentialThrottle.standard(), access.auditWriter()::submit, layout).register(app);
        }
        explore.guard(app, "/jointures/jeux"); // a client's key: checked and counted as for the Explore API
        new fr.geoeduc.server.web.JointuresPage(queries, layout).register(app);
        baseLayer.register(app);
        new CatalogueApi(queries).register(app);
        // the join tool: the caller's credentials and quota as for the Explore API, its inputs read through the query service
        explore.guard(app, "/api/joins", "/api/joins/*");
        new fr.geoeduc.server.api.JoinsApi(queries, store, store.keyDirectory()
                .map(d -> new fr.geoeduc.core.join.JoinSpecs(d.resolve("jointures"))).orElse(null)).register(app);
        app.get("/api/explore/v2.1/swagger.json", ctx -> {
            ctx.contentType("application/json; charset=utf-8");
            ctx.result(GeoeducServer.class.getResourceAsStream("/openapi/explore-v2.1.json"));
        });
        // anyone may ask whether the service is up; only the administrator learns which datasets are in memory (their ids
        // name restricted datasets once a partner has queried them)
        app.get("/api/health", ctx -> {
            Map<String, Object> health = new java.util.LinkedHashMap<>();
            health.put("status", "ok");
            health.put("store_schema", store.schemaVersion());
            health.put("memory_bytes", queries.memoryTotal());
            // open BAN datasets only (restricted views are never prepared): whether the first suggestion will wait
            fr.geoeduc.core.adresse.BanSuggestions.Etat index = suggestions.suggestions().etat();
            health.put("suggestions_adresses", Map.of("pretes", index.pretes(), "en_preparation", index.enPreparation()));
            if (fr.geoeduc.server.admin.AdministratorKey.matches(adminKey, ctx.header("Authorization"))) {
                health.put("memory_bytes_by_dataset", queries.memoryByDatasetForAdministrator());
            }
            ctx.json(health);
        });
        // the outbound scan refused an answer that would carry an INE: the request is refused (and was audited), not failed
        app.exception(fr.geoeduc.core.privacy.OutboundScanner.LeakRefused.class, (e, ctx) -> ctx.status(403).json(Map.of("error_code",
                "IdentifierRefused", "message", e.getMessage() + ". Ask the provider to pseudonymise this field in the convention.")));
        app.exception(IllegalArgumentException.class, (e, ctx) ->
                ctx.status(400).json(Map.of("error_code", "BadRequest", "message", e.getMessage())));
        app.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus())
                .json(Map.of("error_code", e.getStatus() == 404 ? "NotFound" : "HttpError", "message", e.getMessage())));
        // a version too large for this process's heap: a clear answer instead of an empty 500 (issue 22)
        app.exception(fr.geoeduc.core.engine.DatasetTooLarge.class, (e, ctx) -> ctx.status(503)
                .json(Map.of("error_code", "DatasetTooLarge", "message", e.getMessage())));
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                ctx.json(Map.of("error_code", "NotFound", "message", "ressource introuvable / not found: " + ctx.path()));
            }
        });
        app.start(host, port);
        // background work after the start, not competing with it for the processor: the base layer (the maps' first
        // request then finds it built) and the address suggestions' indexes
        baseLayer.warm();
        suggestions.lancer();
        return new GeoeducServer(app, quotaCounts, suggestions);
    }

    /** Every HTTP route registered ("GET /api/…"), read from the router: tests walk them all, including routes added later. */
    public java.util.List<String> routes() {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(e -> e.getEndpoint().getMethod().name() + " " + e.getEndpoint().getPath())
                .filter(r -> !r.startsWith("BEFORE") && !r.startsWith("AFTER"))
                .toList();
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        suggestions.close();
        quotas.close(); // after the last request: its call is saved
    }

    /**
     * A static file of a binary type (font, image) came as "font/woff2;charset=null": the response reaches the static
     * handler with its charset marked as set (not by our code), Javalin clears the content type (which drops the charset
     * but not that mark), and Jetty appends the missing charset to the file's type. Clearing the charset before the handler
     * runs drops the mark too; an after-handler was too late for a file larger than the response buffer (the fonts),
     * whose headers had left.
     */
    private static void withoutNullCharset(io.javalin.http.Context ctx) {
        ctx.res().setCharacterEncoding(null);
    }
}
