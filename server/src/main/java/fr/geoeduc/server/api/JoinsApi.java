package fr.geoeduc.server.api;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.join.JoinException;
import fr.geoeduc.core.join.JoinPlan;
import fr.geoeduc.core.join.JoinPlanParser;
import fr.geoeduc.core.join.JoinService;
import fr.geoeduc.core.join.JoinSpecs;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.server.explore.ExploreApi;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The join tool over HTTP. {@code POST /api/joins}: a spec (the YAML spec's JSON form: id, title, from, joins) run as the
 * caller, whose inputs are read through the policy like any query; the result is published as a derived dataset and the
 * answer carries its version and match report. {@code GET /api/joins/{id}}: the status of a published jointure the caller
 * may see. Both name the inputs ({@code inputs}: {@code dataset@version}) with the SHA-256 each input's version records
 * ({@code inputs_sha256}, for the inputs the caller may see). Publishing or checking needs a client's credentials (API key or
 * token) or a person's web session, whose POSTs {@link fr.geoeduc.server.web.WebSessions} has already checked for the
 * session's anti-CSRF token; it never replaces a dataset that is not a jointure. Messages are French (the error codes and
 * field names stay as they are).
 */
public final class JoinsApi {

    private static final int MAX_SPEC_BYTES = 64 * 1024;
    private final QueryService queries;
    private final Store store;
    private final JoinSpecs specs;

    /** {@code specs}: where published specs are kept for {@code join refresh}, or null when the store has no local directory. */
    public JoinsApi(QueryService queries, Store store, JoinSpecs specs) {
        this.queries = queries;
        this.store = store;
        this.specs = specs;
    }

    public void register(Javalin app) {
        app.post("/api/joins", this::create);
        app.post("/api/joins/verification", this::check);
        app.get("/api/joins/{id}", this::status);
    }

    /** The spec of a request from a client or a person signed in, or null when the answer (401, 413, 400) is already given. */
    private static JoinPlan plan(Context ctx, Caller caller) {
        if (caller.apiKey() == null && caller.clientId() == null && caller.userId() == null) {
            ctx.status(401).json(error("CredentialsRequired", "Publier ou vérifier une jointure demande d'être connecté (page « Se connecter ») "
                    + "ou la clé d'API d'un client (en-tête Authorization: Apikey CLE)."));
            return null;
        }
        String body = ctx.body();
        if (body.length() > MAX_SPEC_BYTES) {
            ctx.status(413).json(error("SpecTooLarge", "La spécification dépasse 64 Kio."));
            return null;
        }
        try {
            return JoinPlanParser.parse(body, "requête");
        } catch (JoinException e) {
            ctx.status(400).json(error("BadJoinSpec", e.getMessage()));
            return null;
        }
    }

    /** Rows shown by a check: the first ones of the result. */
    static final int PREVIEW_ROWS = 20;

    /**
     * {@code POST /api/joins/verification}: the match report of a spec, run as the caller, and {@code preview}: the
     * result's field names and its first {@value #PREVIEW_ROWS} rows (values as text, a geometry by its type); nothing is
     * published.
     */
    private void check(Context ctx) {
        Caller caller = ExploreApi.caller(ctx);
        JoinPlan plan = plan(ctx, caller);
        if (plan == null) {
            return;
        }
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", plan.id());
            m.put("status", "verifie");
            JoinService.Preview preview = new JoinService(queries, store).preview(caller, plan, PREVIEW_ROWS);
            m.put("report", preview.report());
            List<List<Object>> rows = new ArrayList<>();
            for (Object[] r : preview.rows()) {
                List<Object> row = new ArrayList<>();
                for (Object v : r) {
                    row.add(v == null || v instanceof Number || v instanceof Boolean ? v
                            : v instanceof org.locationtech.jts.geom.Geometry g ? "(" + g.getGeometryType() + ")" : v.toString());
                }
                rows.add(row);
            }
            m.put("preview", Map.of("fields", preview.fields(), "rows", rows));
            ctx.json(m);
        } catch (JoinException e) {
            ctx.status(400).json(error("JoinRefused", e.getMessage() + " — rien n'est publié"));
        }
    }

    private void create(Context ctx) {
        Caller caller = ExploreApi.caller(ctx);
        JoinPlan plan = plan(ctx, caller);
        if (plan == null) {
            return;
        }
        Optional<QueryService.Visible> existing = queries.dataset(Caller.INTERNAL, plan.id(), null);
        if (existing.isPresent() && !isJointure(existing.get())) {
            ctx.status(409).json(error("NotAJointure", "« " + plan.id() + " » existe et n'est pas une jointure : choisissez un autre identifiant."));
            return;
        }
        JoinService.PlanOutcome o;
        try {
            o = new JoinService(queries, store).run(caller, plan, ProgressListener.NONE);
        } catch (JoinException e) {
            ctx.status(400).json(error("JoinRefused", e.getMessage() + " — rien n'est publié"));
            return;
        }
        if (specs != null) {
            specs.save(plan);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", plan.id());
        m.put("status", "publie");
        m.put("version", o.outcome().version().number());
        m.put("rows", o.outcome().version().rowCount());
        m.put("restricted", o.outcome().restricted());
        m.put("inputs", o.outcome().version().lineage().parents());
        m.put("inputs_sha256", new JoinService(queries, store).inputHashes(caller, o.outcome().version()));
        m.put("report", o.outcome().report());
        ctx.status(201).json(m);
    }

    private void status(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<QueryService.Visible> visible = queries.dataset(ExploreApi.caller(ctx), id, null).filter(JoinsApi::isJointure);
        if (visible.isEmpty()) {
            ctx.status(404).json(error("NotFound", "Jointure inconnue ou qui ne vous est pas accessible : " + id));
            return;
        }
        QueryService.Visible v = visible.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("status", "publie");
        m.put("title", v.definition().title());
        m.put("version", v.version().number());
        m.put("published_at", v.version().publishedAt());
        m.put("rows", v.version().rowCount());
        m.put("restricted", v.restricted());
        m.put("inputs", v.version().lineage().parents());
        m.put("inputs_sha256", new JoinService(queries, store).inputHashes(ExploreApi.caller(ctx), v.version()));
        m.put("spec", v.version().lineage().source());
        m.put("report", queries.quality(v).orElse(null));
        ctx.json(m);
    }

    private static boolean isJointure(QueryService.Visible v) {
        return v.version().lineage() != null && "jointure".equals(v.version().lineage().format());
    }

    private static Map<String, Object> error(String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error_code", code);
        m.put("message", message);
        return m;
    }
}
