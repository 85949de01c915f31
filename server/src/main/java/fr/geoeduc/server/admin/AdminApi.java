package fr.geoeduc.server.admin;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.access.RegistryViews;
import fr.geoeduc.core.store.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The admin API (JSON) of the conventions registry: organisations, conventions (create, amend, change status,
 * renew), registry views. Guarded by the administrator key ({@code GEOEDUC_ADMIN_KEY}) sent as
 * {@code Authorization: Bearer <key>}; without a configured key the admin API answers 403.
 */
public final class AdminApi {

    private final AccessRegistry registry;
    private final String adminKey;

    public AdminApi(AccessRegistry registry, String adminKey) {
        this.registry = registry;
        this.adminKey = adminKey == null || adminKey.isBlank() ? null : adminKey;
    }

    public void register(Javalin app) {
        app.before("/api/admin/*", this::authorise);
        app.get("/api/admin/organisations", ctx -> ctx.json(registry.organisations()));
        app.post("/api/admin/organisations", ctx -> {
            Organisation o = body(ctx, Organisation.class);
            registry.saveOrganisation(o);
            ctx.status(201).json(o);
        });
        app.get("/api/admin/conventions", ctx -> {
            String party = ctx.queryParam("party");
            List<Convention> all = registry.conventions();
            ctx.json(party == null ? all : RegistryViews.ofParty(all, party));
        });
        app.post("/api/admin/conventions", ctx -> {
            Convention c = body(ctx, Convention.class);
            if (registry.convention(c.id()).isPresent()) {
                throw new IllegalArgumentException("convention " + c.id() + " exists: POST /api/admin/conventions/" + c.id() + "/amendments");
            }
            ctx.status(201).json(registry.saveConvention(c));
        });
        app.get("/api/admin/conventions/{id}", ctx -> ctx.json(find(ctx)));
        app.get("/api/admin/conventions/{id}/versions", ctx -> ctx.json(registry.history(ctx.pathParam("id"))));
        app.post("/api/admin/conventions/{id}/amendments", ctx -> {
            Convention c = body(ctx, Convention.class);
            if (!c.id().equals(ctx.pathParam("id"))) {
                throw new IllegalArgumentException("the body describes convention " + c.id() + ", not " + ctx.pathParam("id"));
            }
            find(ctx);
            ctx.status(201).json(registry.saveConvention(c));
        });
        app.post("/api/admin/conventions/{id}/status", ctx -> {
            Map<?, ?> b = body(ctx, Map.class);
            Object status = b.get("status");
            if (status == null) {
                throw new IllegalArgumentException("body must be {\"status\": \"active\", \"on\": \"2026-01-01\"}");
            }
            Convention.Status to;
            try {
                to = Convention.Status.valueOf(status.toString().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown status '" + status + "'");
            }
            LocalDate on = b.get("on") == null ? null : LocalDate.parse(b.get("on").toString());
            ctx.json(registry.transition(ctx.pathParam("id"), to, on));
        });
        app.post("/api/admin/conventions/{id}/renewal", ctx -> {
            Map<?, ?> b = body(ctx, Map.class);
            ctx.json(registry.renew(ctx.pathParam("id"), LocalDate.parse(String.valueOf(b.get("review_meeting")))));
        });
        app.get("/api/admin/registre-art30", ctx -> ctx.json(RegistryViews.registreArt30(registry.conventions())));
    }

    private void authorise(Context ctx) {
        if (adminKey == null) {
            throw new ForbiddenResponse("admin API disabled: set GEOEDUC_ADMIN_KEY");
        }
        String h = ctx.header("Authorization");
        String given = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : null;
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), adminKey.getBytes(StandardCharsets.UTF_8))) {
            throw new UnauthorizedResponse("admin key required (Authorization: Bearer <GEOEDUC_ADMIN_KEY>)");
        }
    }

    private Convention find(Context ctx) {
        return registry.convention(ctx.pathParam("id")).orElseThrow(() -> new NotFoundResponse("unknown convention " + ctx.pathParam("id")));
    }

    private static <T> T body(Context ctx, Class<T> type) {
        try {
            return Json.MAPPER.readValue(ctx.body(), type);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("invalid JSON body for " + type.getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
