package fr.geoeduc.server.explore;

import com.fasterxml.jackson.core.JsonGenerator;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.Facets;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.query.odsql.OdsqlException;
import fr.geoeduc.core.referentiel.CrsTransformer;
import fr.geoeduc.core.store.DatasetSummary;
import fr.geoeduc.core.store.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The Explore API v2.1 as data.education.gouv.fr serves it, under {@code /api/explore/v2.1}: catalogue,
 * datasets, records, facets, exports; every answer goes through the {@link QueryService} (the policy's door).
 * Choices where the reference is silent are written in docs/api-explore.md.
 */
public final class ExploreApi {

    public static final String BASE = "/api/explore/v2.1";
    /** Catalogue metadata holding lists (joined with ", " in the catalogue snapshot), refined and counted value by value. */
    private static final java.util.Set<String> LIST_METAS = java.util.Set.of("theme", "keyword", "features");
    private static final Pattern FACET_NAME = Pattern.compile("(?i)^\\s*facet\\s*\\(.*name\\s*=\\s*[\"']([^\"']+)[\"']");
    private final QueryService queries;
    private final Quotas quotas;
    private final CrsTransformer crs = new CrsTransformer();
    private final GisExports gisExports;

    private final java.util.function.Function<String, java.util.Optional<String>> bearer;

    public ExploreApi(QueryService queries, Quotas quotas) {
        this(queries, quotas, token -> java.util.Optional.empty());
    }

    /** @param bearer resolves an OAuth2 access token to its (non-revoked) client id */
    public ExploreApi(QueryService queries, Quotas quotas, java.util.function.Function<String, java.util.Optional<String>> bearer) {
        this.queries = queries;
        this.gisExports = new GisExports(queries, crs);
        this.quotas = quotas;
        this.bearer = bearer;
    }

    public void register(Javalin app) {
        app.before("/api/*", this::quota);
        // Javalin tries the routes in the order they were added, a regular expression each: the busiest first
        app.get(BASE + "/catalog/datasets/{id}/records", this::records);
        app.get(BASE + "/catalog/datasets/{id}/exports/{format}", this::export);
        app.get(BASE, ctx -> links(ctx, List.of("catalog")));
        app.get(BASE + "/", ctx -> links(ctx, List.of("catalog")));
        app.get(BASE + "/catalog", ctx -> links(ctx, List.of("datasets", "exports", "facets")));
        app.get(BASE + "/catalog/datasets", this::catalogDatasets);
        app.get(BASE + "/catalog/datasets/{id}", this::dataset);
        app.get(BASE + "/catalog/datasets/{id}/records/{record}", this::record);
        app.get(BASE + "/catalog/datasets/{id}/facets", this::facets);
        app.get(BASE + "/catalog/datasets/{id}/attachments", ctx -> {
            visible(ctx, ctx.pathParam("id"));
            ctx.json(Map.of("_links", List.of(), "attachments", List.of()));
        });
        app.get(BASE + "/catalog/datasets/{id}/exports", ctx -> {
            visible(ctx, ctx.pathParam("id"));
            links(ctx, ExportWriters.FORMATS);
        });
        app.get(BASE + "/catalog/facets", this::catalogFacets);
        app.get(BASE + "/catalog/exports", ctx -> links(ctx, List.of("csv", "json", "dcat")));
        app.get(BASE + "/catalog/exports/{format}", this::catalogExport);
        app.exception(ApiError.class, (e, ctx) -> ctx.status(e.status).json(error(e.code, e.getMessage())));
        app.exception(OdsqlException.class, (e, ctx) -> ctx.status(400).json(error(e.errorCode(), e.getMessage())));
    }

    /**
     * Resolves the caller (OAuth2 bearer token or API key) and counts the daily quota on other routes that serve data,
     * such as the OGC API, exactly as on the Explore API's.
     */
    public void guard(Javalin app, String... paths) {
        for (String path : paths) {
            app.before(path, this::quota);
        }
    }

    static Map<String, Object> error(String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", shortened(message));
        m.put("error_code", code);
        return m;
    }

    /** A message quoting a 40 kB where is shortened around its middle: the start says what is wrong, the end where. */
    private static String shortened(String message) {
        if (message == null || message.length() <= 1000) {
            return message;
        }
        return message.substring(0, 700) + " … [" + (message.length() - 900) + " characters left out] … "
                + message.substring(message.length() - 200);
    }

    // ------------------------------------------------------------------ quota and caller

    private void quota(Context ctx) {
        if (ctx.path().startsWith("/api/admin/") || ctx.path().equals("/api/health")) {
            return; // people and the administrator key: the admin API checks its own credentials, outside the data quotas
        }
        String token = bearerToken(ctx);
        if (token != null) {
            java.util.Optional<String> client = bearer.apply(token);
            if (client.isEmpty()) {
                refuse(ctx, 401, "InvalidToken", "Invalid, expired or revoked access token: ask a new one at /oauth2/token.",
                        "jeton d'accès invalide, expiré ou révoqué : demandez-en un nouveau à /oauth2/token");
                return;
            }
            ctx.attribute("geoeduc.client", client.get());
        }
        String key = token != null ? "client:" + ctx.attribute("geoeduc.client") : apiKey(ctx);
        if (key == null && ctx.attribute(PERSON) != null) {
            key = fr.geoeduc.core.access.Policy.PERSON_PREFIX + ctx.attribute(PERSON); // a person signed in: their own quota
        }
        java.util.Optional<Quotas.Decision> counted = quotas.count(ctx.ip(), key);
        if (counted.isEmpty()) {
            refuse(ctx, 401, "InvalidAPIKey", "Unknown API key. Check the key or call without one (anonymous quota).",
                    "clé d'API inconnue ou révoquée : vérifiez la clé (page « Mon compte », /compte) ou appelez sans clé"
                            + " (quota anonyme)");
            return;
        }
        Quotas.Decision d = counted.get();
        // data.education.gouv.fr's X-RateLimit-* (reset as an epoch second) and the IETF RateLimit fields (reset in seconds)
        long untilReset = Math.max(0, d.resetEpochSecond() - java.time.Instant.now().getEpochSecond());
        ctx.header("X-RateLimit-Limit", String.valueOf(d.limit()));
        ctx.header("X-RateLimit-Remaining", String.valueOf(d.remaining()));
        ctx.header("X-RateLimit-Reset", String.valueOf(d.resetEpochSecond()));
        ctx.header("RateLimit-Policy", d.limit() + ";w=86400");
        ctx.header("RateLimit-Limit", String.valueOf(d.limit()));
        ctx.header("RateLimit-Remaining", String.valueOf(d.remaining()));
        ctx.header("RateLimit-Reset", String.valueOf(untilReset));
        if (!d.allowed()) {
            ctx.header("Retry-After", String.valueOf(untilReset));
            if (isOgc(ctx)) {
                refuse(ctx, 429, "TooManyRequests", null, "quota journalier de " + d.limit() + " appels atteint"
                        + (d.anonymous() ? " pour les appels sans clé (une clé d'API a son propre quota)" : " pour cette clé")
                        + " : nouveaux appels possibles dans " + untilReset + " s (" + Quotas.resetTime(d.resetEpochSecond()) + ")");
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("errorcode", d.anonymous() ? 10005 : 10002);
            body.put("reset_time", Quotas.resetTime(d.resetEpochSecond()));
            body.put("limit_time_unit", "day");
            body.put("call_limit", d.limit());
            body.put("error", d.anonymous() ? "You have exceeded the requests limit for anonymous users."
                    : "Too many requests on the domain. Please contact the domain administrator.");
            ctx.status(429).json(body);
            ctx.skipRemainingHandlers();
        }
    }

    private static boolean isOgc(Context ctx) {
        return ctx.path().equals("/ogc") || ctx.path().startsWith("/ogc/");
    }

    /**
     * Refuses the request before any handler: on the OGC API an OGC exception ({@code code}, {@code description}) in
     * French, as its other errors, so that QGIS and GDAL show their users why; elsewhere the Explore API's error.
     */
    private static void refuse(Context ctx, int status, String code, String english, String french) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (isOgc(ctx)) {
            body.put("code", code);
            body.put("description", french);
        } else {
            body = error(code, english);
        }
        ctx.status(status).json(body);
        ctx.skipRemainingHandlers();
    }

    /** {@code Authorization: Apikey KEY} (any case of the scheme) or {@code ?apikey=KEY}. */
    static String apiKey(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "apikey ", 0, 7)) {
            return header.substring(7).strip();
        }
        String param = ctx.queryParam("apikey");
        return param == null || param.isBlank() ? null : param.strip();
    }

    /**
     * The caller of a request (API key, or the OAuth2 client the quota filter resolved, or the person whose session
     * cookie the session filter resolved into {@link #PERSON}); shared with the OGC API and the pages.
     */
    public static Caller caller(Context ctx) {
        String client = ctx.attribute("geoeduc.client");
        return new Caller(ctx.ip(), client == null ? apiKey(ctx) : null, client, ctx.attribute(PERSON));
    }

    /** Request attribute: the login of the person signed in (set by the web session filter before this API's). */
    public static final String PERSON = "geoeduc.person";

    static String bearerToken(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && header.regionMatches(true, 0, "bearer ", 0, 7) ? header.substring(7).strip() : null;
    }

    private QueryService.Visible visible(Context ctx, String id) {
        return queries.dataset(caller(ctx), id, null).orElseThrow(() -> ApiError.notFound("Unknown dataset: " + id));
    }

    // ------------------------------------------------------------------ catalogue

    private void catalogDatasets(Context ctx) throws IOException {
        int limit = RequestParams.integer(ctx, "limit", 10);
        if (limit < -1 || limit > RequestParams.MAX_LIMIT) {
            throw ApiError.badParameter("Invalid value for limit API parameter: " + limit + " was found but -1 <= limit <= 100 is expected.");
        }
        int offset = RequestParams.integer(ctx, "offset", 0);
        if (offset < 0) {
            throw ApiError.badParameter("Invalid value for offset API parameter: " + offset + " was found but offset >= 0 is expected.");
        }
        if ((long) offset + Math.max(limit, 0) > RequestParams.MAX_WINDOW) {
            throw ApiError.badParameter("Invalid value for sum of offset + limit API parameter: " + ((long) offset + limit)
                    + " was found but <= 10000 is expected.");
        }
        List<DatasetSummary> catalogue = queries.catalogue(caller(ctx));
        Snapshot snapshot = CatalogDocuments.snapshot(catalogue);
        QueryEngine.Request request = catalogRequest(ctx, "dataset_id", ctx.queryParam("order_by"),
                limit < 0 ? RequestParams.MAX_LIMIT : limit, offset, null);
        QueryEngine.Result result = QueryEngine.run(snapshot, request);
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (Map<String, Object> row : result.rows()) {
            String id = (String) row.get("dataset_id");
            catalogue.stream().filter(s -> s.definition().id().equals(id)).findFirst()
                    .ifPresent(s -> datasets.add(select(ctx, document(ctx, s))));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", result.totalCount());
        if (HateoasLinks.wanted(ctx)) {
            body.put("_links", HateoasLinks.page(ctx, result.totalCount(), limit < 0 ? RequestParams.MAX_LIMIT : limit, offset));
        }
        body.put("results", datasets);
        ctx.json(body);
    }

    /** A dataset's catalogue document; its default facets are those of the caller's view (a convention may drop fields). */
    private Map<String, Object> document(Caller caller, DatasetSummary s) {
        return CatalogDocuments.dataset(s, queries.defaultFacets(caller, s.definition().id()));
    }

    private Map<String, Object> document(Context ctx, DatasetSummary s) {
        Map<String, Object> doc = document(caller(ctx), s);
        if (!HateoasLinks.wanted(ctx)) {
            return doc;
        }
        Map<String, Object> withLinks = new LinkedHashMap<>();
        withLinks.put("_links", HateoasLinks.dataset(ctx, s.definition().id()));
        withLinks.putAll(doc);
        return withLinks;
    }

    /** {@code select=dataset_id, title}: keeps those keys, lifting metas.default ones (title) to the root. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> select(Context ctx, Map<String, Object> doc) {
        String select = ctx.queryParam("select");
        if (select == null || select.isBlank() || select.strip().equals("*")) {
            return doc;
        }
        Map<String, Object> meta = (Map<String, Object>) ((Map<String, Object>) doc.get("metas")).get("default");
        Map<String, Object> out = new LinkedHashMap<>();
        for (String item : select.split(",")) {
            String key = item.strip();
            if (doc.containsKey(key)) {
                out.put(key, doc.get(key));
            } else if (meta.containsKey(key)) {
                out.put(key, meta.get(key));
            } else {
                throw new OdsqlException("select", 0, "Unknown field: " + key);
            }
        }
        return out;
    }

    private void dataset(Context ctx) {
        String id = ctx.pathParam("id");
        DatasetSummary s = queries.catalogue(caller(ctx)).stream().filter(d -> d.definition().id().equals(id)).findFirst()
                .orElseThrow(() -> ApiError.notFound("Unknown dataset: " + id));
        ctx.json(select(ctx, document(ctx, s)));
    }

    private void catalogFacets(Context ctx) throws IOException {
        Snapshot snapshot = CatalogDocuments.snapshot(queries.catalogue(caller(ctx)));
        List<String> facets = ctx.queryParams("facet").isEmpty() ? List.of("publisher", "theme", "language", "features", "modified")
                : ctx.queryParams("facet");
        List<Facets.Facet> out = new ArrayList<>();
        for (String facet : facets) {
            Matcher named = FACET_NAME.matcher(facet);
            String name = named.find() ? named.group(1) : facet.strip();
            // the facet's own refines and excludes do not narrow its own counts (disjunctive facets)
            QueryEngine.Request request = catalogRequest(ctx, null, null, -1, 0, name);
            out.add(LIST_METAS.contains(name) ? listFacet(ctx, snapshot, request, name)
                    : Facets.compute(snapshot, request, List.of(facet)).get(0));
        }
        writeFacets(ctx, out);
    }

    /**
     * A catalogue request: refine/exclude on list metadata (theme, keyword, features) become membership tests
     * ({@code "Géographie" IN theme}, several refines of one list ORed); others stay refines. {@code ownFacet}'s own
     * refines and excludes are left out (facet counts).
     */
    private static QueryEngine.Request catalogRequest(Context ctx, String select, String orderBy, int limit, int offset,
                                                      String ownFacet) {
        List<String> where = new ArrayList<>(CatalogMetaNames.withoutPrefix(ctx.queryParams("where")));
        List<String> refine = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (String r : CatalogMetaNames.withoutPrefix(ctx.queryParams("refine"))) {
            String[] fv = QueryEngine.facetValue(r, "refine");
            if (!LIST_METAS.contains(fv[0])) {
                refine.add(r);
            } else if (!fv[0].equals(ownFacet)) {
                members.computeIfAbsent(fv[0], k -> new ArrayList<>()).add(fv[1]);
            }
        }
        members.forEach((field, values) -> where.add(values.stream().map(v -> odsqlString(v) + " IN " + field)
                .collect(java.util.stream.Collectors.joining(" OR ", "(", ")"))));
        for (String e : CatalogMetaNames.withoutPrefix(ctx.queryParams("exclude"))) {
            String[] fv = QueryEngine.facetValue(e, "exclude");
            if (!LIST_METAS.contains(fv[0])) {
                exclude.add(e);
            } else if (!fv[0].equals(ownFacet)) {
                where.add("NOT (" + odsqlString(fv[1]) + " IN " + fv[0] + ")");
            }
        }
        return new QueryEngine.Request(select, where, null, CatalogMetaNames.withoutPrefix(orderBy), limit, offset, refine, exclude,
                RequestParams.context(ctx));
    }

    private static String odsqlString(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The facet of a list metadata: each value of the lists counted once per dataset, largest counts first. */
    private static Facets.Facet listFacet(Context ctx, Snapshot snapshot, QueryEngine.Request request, String name) {
        List<String> refined = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        ctx.queryParams("refine").stream().map(r -> QueryEngine.facetValue(r, "refine")).filter(fv -> fv[0].equals(name))
                .forEach(fv -> refined.add(fv[1]));
        ctx.queryParams("exclude").stream().map(r -> QueryEngine.facetValue(r, "exclude")).filter(fv -> fv[0].equals(name))
                .forEach(fv -> excluded.add(fv[1]));
        Map<String, Long> counts = new LinkedHashMap<>();
        QueryEngine.Request lists = new QueryEngine.Request(name, request.where(), null, null, -1, 0, request.refine(),
                request.exclude(), request.context(), request.filters());
        QueryEngine.execute(snapshot, lists, row -> {
            Object v = row.get(name);
            if (v != null) {
                java.util.Arrays.stream(v.toString().split(",")).map(String::strip).filter(x -> !x.isEmpty()).distinct()
                        .forEach(x -> counts.merge(x, 1L, Long::sum));
            }
        });
        List<Facets.Value> values = new ArrayList<>();
        counts.entrySet().stream().filter(e -> !excluded.contains(e.getKey()))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(Facets.MAX_VALUES)
                .forEach(e -> values.add(new Facets.Value(e.getKey(), e.getKey(), e.getValue(),
                        refined.contains(e.getKey()) ? "refined" : "displayed", List.of())));
        excluded.forEach(e -> values.add(new Facets.Value(e, e, null, "excluded", List.of())));
        return new Facets.Facet(name, values);
    }

    private void catalogExport(Context ctx) throws IOException {
        String format = ctx.pathParam("format").toLowerCase(Locale.ROOT);
        List<DatasetSummary> catalogue = queries.catalogue(caller(ctx));
        switch (format) {
            case "json" -> ctx.json(catalogue.stream().map(s -> document(caller(ctx), s)).toList());
            case "dcat", "dcat_ap", "dcatap" -> {
                ctx.contentType("application/ld+json; charset=utf-8");
                ctx.result(Json.write(new fr.geoeduc.core.catalogue.DcatExporter(ctx.scheme() + "://" + ctx.host()).catalogue(catalogue)));
            }
            case "csv" -> {
                ctx.contentType("text/csv; charset=utf-8");
                Snapshot snapshot = CatalogDocuments.snapshot(catalogue);
                QueryEngine.Request request = catalogRequest(ctx, null, ctx.queryParam("order_by"), -1, 0, null);
                ExportWriters.RowWriter w = ExportWriters.csv(ctx.outputStream(), snapshot.schema(), false, csvOptions(ctx), ZoneId.of("UTC"));
                QueryEngine.execute(snapshot, request, w);
                w.finish();
            }
            default -> throw ApiError.badParameter("Unknown catalog export format '" + format + "' (available: csv, json, dcat).");
        }
    }

    // ------------------------------------------------------------------ records

    private void records(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        QueryEngine.Request request = RequestParams.records(ctx);
        boolean links = HateoasLinks.wanted(ctx);
        // record links need each row's id: ask for _id too, and leave it out of the rows unless selected
        boolean recordLinks = links && (request.groupBy() == null || request.groupBy().isBlank());
        boolean idSelected = request.select() != null && request.select().matches("(?s)(^|.*,)\\s*_id\\s*(,.*|$)");
        QueryEngine.Request run = recordLinks && !idSelected
                ? new QueryEngine.Request(HateoasLinks.selectWithId(request.select()),
                request.where(), request.groupBy(), request.orderBy(), request.limit(), request.offset(), request.refine(), request.exclude(),
                request.context(), request.filters())
                : request;
        QueryEngine.Result result = queries.records(caller(ctx), id, run)
                .orElseThrow(() -> ApiError.notFound("Unknown dataset: " + id));
        ctx.contentType("application/json; charset=utf-8");
        ZoneId zone = request.context().zone();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(ctx.outputStream())
                .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM)) { // a page is sent whole; see RawRecord.writeTo
            g.writeStartObject();
            g.writeNumberField("total_count", result.totalCount());
            if (links) {
                g.writeFieldName("_links");
                Json.MAPPER.writeValue(g, HateoasLinks.page(ctx, result.totalCount(), request.limit(), request.offset()));
            }
            g.writeArrayFieldStart("results");
            try (JsonFieldNames names = JsonFieldNames.borrow()) {
                for (Map<String, Object> row : result.rows()) {
                    if (recordLinks) {
                        Map<String, Object> withLinks = new LinkedHashMap<>();
                        withLinks.put("_links", HateoasLinks.record(ctx, id, String.valueOf(row.get("_id"))));
                        row.forEach((k, v) -> {
                            if (idSelected || !k.equals("_id")) {
                                withLinks.put(k, v);
                            }
                        });
                        row = withLinks;
                    }
                    ExploreValues.writeRecord(g, row, zone, names);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private void record(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        visible(ctx, id); // an invisible dataset is an unknown dataset, not an unknown record
        String select = ctx.queryParam("select");
        boolean everyField = select == null || select.isBlank() || select.strip().equals("*");
        java.util.Set<String> named = new java.util.LinkedHashSet<>();
        if (!everyField) {
            for (String key : select.split(",")) {
                named.add(key.strip());
            }
        }
        // the published fields; GéoÉduc's derived fields only when selected
        Map<String, Object> row = queries.record(caller(ctx), id, ctx.pathParam("record"), named)
                .orElseThrow(() -> ApiError.notFound("Unknown record: " + ctx.pathParam("record")));
        QueryContext context = RequestParams.context(ctx);
        if (!everyField) {
            Map<String, Object> kept = new LinkedHashMap<>();
            for (String k : named) {
                if (!row.containsKey(k)) {
                    throw new OdsqlException("select", 0, "Unknown field: " + k);
                }
                kept.put(k, row.get(k));
            }
            row = kept;
        }
        ctx.contentType("application/json; charset=utf-8");
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(ctx.outputStream());
             JsonFieldNames names = JsonFieldNames.borrow()) {
            ExploreValues.writeRecord(g, row, context.zone(), names);
        }
    }

    private void facets(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        QueryEngine.Request request = RequestParams.request(ctx, -1, 0);
        List<Facets.Facet> facets = queries.facets(caller(ctx), id, request, ctx.queryParams("facet"))
                .orElseThrow(() -> ApiError.notFound("Unknown dataset: " + id));
        writeFacets(ctx, facets);
    }

    private static void writeFacets(Context ctx, List<Facets.Facet> facets) throws IOException {
        ctx.contentType("application/json; charset=utf-8");
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(ctx.outputStream())) {
            g.writeStartObject();
            g.writeArrayFieldStart("_links");
            g.writeEndArray();
            g.writeArrayFieldStart("facets");
            for (Facets.Facet f : facets) {
                g.writeStartObject();
                g.writeStringField("name", f.name());
                g.writeArrayFieldStart("facets");
                writeValues(g, f.facets());
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void writeValues(JsonGenerator g, List<Facets.Value> values) throws IOException {
        for (Facets.Value v : values) {
            g.writeStartObject();
            g.writeStringField("name", v.name());
            g.writeStringField("value", v.value());
            if (v.count() != null) {
                g.writeNumberField("count", v.count());
            }
            g.writeStringField("state", v.state());
            if (!v.facets().isEmpty()) {
                g.writeArrayFieldStart("facets");
                writeValues(g, v.facets());
                g.writeEndArray();
            }
            g.writeEndObject();
        }
    }

    // ------------------------------------------------------------------ exports

    /**
     * A geographic export without {@code select} of a dataset whose only geo field is the position GéoÉduc built from
     * its coordinate columns (a file imported with {@code lat}/{@code lon}): {@code *} leaves that added field out, so it
     * is named, else every feature would have no geometry. The tabular exports keep the producer's columns.
     */
    static QueryEngine.Request withDerivedGeometry(QueryEngine.Request r, fr.geoeduc.core.model.Schema schema) {
        if ((r.select() != null && !r.select().isBlank()) || r.groupBy() != null
                || schema.fields().stream().anyMatch(f -> f.type().isGeo() && !f.isAddedByGeoeduc())) {
            return r;
        }
        return schema.fields().stream().filter(f -> f.type().isGeo()).findFirst()
                .map(geo -> new QueryEngine.Request("*, `" + geo.name() + "`", r.where(), r.groupBy(), r.orderBy(), r.limit(),
                        r.offset(), r.refine(), r.exclude(), r.context(), r.filters()))
                .orElse(r);
    }

    private void export(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        String format = ctx.pathParam("format").toLowerCase(Locale.ROOT);
        if (!ExportWriters.FORMATS.contains(format)) {
            throw ApiError.badParameter("Unknown or unsupported export format '" + format + "' (available: "
                    + String.join(", ", ExportWriters.FORMATS) + ").");
        }
        visible(ctx, id);
        QueryEngine.Request request = RequestParams.export(ctx);
        boolean useLabels = RequestParams.flag(ctx, "use_labels", false);
        boolean compressed = RequestParams.flag(ctx, "compressed", false);
        int epsg = RequestParams.integer(ctx, "epsg", 4326);
        if (epsg != 4326 && !crs.isKnown(epsg)) {
            throw ApiError.badParameter("Invalid value for epsg API parameter: " + epsg + " is not a known EPSG code.");
        }
        ExportWriters.CsvOptions csv = csvOptions(ctx);
        // compile the query before the first byte is sent, so that a bad query still gets a clean 400
        // the caller's view: a convention may drop fields and turns pseudonymised identifiers into text
        fr.geoeduc.core.model.Schema schema = queries.execute(caller(ctx), id, new fr.geoeduc.core.query.Query.Prepare(request))
                .orElseThrow(() -> ApiError.notFound("Unknown dataset: " + id));
        java.util.Optional<fr.geoeduc.server.gis.GisFormat> gis = fr.geoeduc.server.gis.GisFormat.parse(format);
        if (gis.isPresent() || format.equals("geojson")) {
            request = withDerivedGeometry(request, schema);
        }
        if (gis.isPresent()) {
            gisExports.write(ctx, caller(ctx), id, request, schema, gis.get(), epsg, compressed);
            return;
        }
        String extension = format + (compressed ? ".gz" : "");
        ctx.header("Content-Disposition", "attachment; filename=\"" + id + "." + extension + "\"");
        ctx.contentType(compressed ? "application/gzip" : ExportWriters.contentType(format));
        OutputStream raw = ctx.outputStream();
        OutputStream out = compressed ? new GZIPOutputStream(raw, 1 << 16) : raw;
        ZoneId zone = request.context().zone();
        ExportWriters.RowWriter writer = switch (format) {
            case "csv" -> ExportWriters.csv(out, schema, useLabels, csv, zone);
            case "json" -> ExportWriters.json(out, zone, false);
            case "jsonl" -> ExportWriters.json(out, zone, true);
            case "geojson" -> ExportWriters.geojson(out, zone, epsg, crs);
            case "xlsx" -> ExportWriters.xlsx(out, schema, useLabels, zone);
            case "parquet" -> ExportWriters.parquet(out, schema);
            default -> throw new IllegalStateException(format);
        };
        queries.export(caller(ctx), id, request, writer);
        writer.finish();
        if (compressed) {
            ((GZIPOutputStream) out).finish();
        }
        out.flush();
    }

    private static ExportWriters.CsvOptions csvOptions(Context ctx) {
        String d = ctx.queryParam("delimiter");
        char delimiter = ';';
        if (d != null && !d.isEmpty()) {
            delimiter = switch (d) {
                case ";", ",", "|" -> d.charAt(0);
                case "\t", "\\t", "tab" -> '\t';
                default -> throw ApiError.badParameter("Invalid value for delimiter API parameter: '" + d + "' (expected ; , | or tab).");
            };
        }
        String list = ctx.queryParam("list_separator");
        return new ExportWriters.CsvOptions(delimiter, RequestParams.flag(ctx, "with_bom", true),
                RequestParams.flag(ctx, "quote_all", false), list == null ? "," : list);
    }

    private static void links(Context ctx, List<String> rels) {
        String base = ctx.scheme() + "://" + ctx.host() + ctx.path().replaceAll("/+$", "");
        List<Map<String, String>> links = new ArrayList<>();
        links.add(Map.of("rel", "self", "href", base));
        for (String rel : rels) {
            links.add(Map.of("rel", rel, "href", base + "/" + rel));
        }
        ctx.json(Map.of("_links", links));
    }
}
