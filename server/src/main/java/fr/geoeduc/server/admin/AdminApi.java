package fr.geoeduc.server.admin;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.access.User;
import fr.geoeduc.core.access.UserRegistry;
import fr.geoeduc.core.access.UserSessions;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.server.admin.Administration.Principal;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Locale;
import java.util.Map;

/**
 * The admin API (JSON) of the conventions registry: organisations, people, conventions (create, amend, change
 * status, renew), registry views.
 *
 * <p>Who may call it: the platform's administrator key ({@code GEOEDUC_ADMIN_KEY}, as
 * {@code Authorization: Bearer <key>}), or a person with an account: {@code POST /api/admin/session} with HTTP
 * Basic credentials returns a 15-minute session token to send as {@code Authorization: Bearer <token>}. Basic
 * credentials are accepted on that route only, and repeated failures are throttled (per login and per address), so
 * that the password hash cannot be used to load the server or to guess passwords. What each role may do:
 * <ul>
 *   <li>platform-admin: everything, including organisations, people and which organisation holds each dataset
 *       ({@code PUT /api/admin/datasets/{id}/owner});</li>
 *   <li>convention-manager: reads every convention and the art. 30 register; drafts, submits and terminates the
 *       conventions to which their organisation is a party; suspends, revokes or expires those where it is a
 *       <em>provider</em>; validates, activates, amends and renews only those where it is a provider and holds every
 *       dataset of the scope (recorded with {@code geoeduc ingest … --owner ORG}): a recipient cannot grant itself
 *       access;</li>
 *   <li>producer, consumer: read the conventions to which their organisation is a party.</li>
 * </ul>
 * Every signed-in role reads the list of organisations. Anything else is 403.
 */
public final class AdminApi {

    private static final String PRINCIPAL = "geoeduc.principal";
    private final fr.geoeduc.server.http.CredentialThrottle throttle = fr.geoeduc.server.http.CredentialThrottle.standard();
    /** Wrong bearer tokens (administrator key or session token) per address: 20, then a back-off from 1 s up to 15 min. */
    private final fr.geoeduc.server.http.FailureThrottle bearerThrottle = new fr.geoeduc.server.http.FailureThrottle(
            20, java.time.Duration.ofSeconds(1), java.time.Duration.ofMinutes(15), java.time.Duration.ofMinutes(15), java.time.Clock.systemUTC());
    private final Administration admin;
    private final UserSessions sessions;
    private final String adminKey;

    /** @param admin the rights and the audit of every change, shared with the administration pages */
    public AdminApi(Administration admin, UserSessions sessions, String adminKey) {
        this.admin = admin;
        this.sessions = sessions;
        this.adminKey = adminKey == null || adminKey.isBlank() ? null : adminKey;
    }

    public void register(Javalin app) {
        app.post("/api/admin/session", this::openSession);
        app.before("/api/admin/*", ctx -> {
            if (!ctx.path().equals("/api/admin/session")) {
                ctx.attribute(PRINCIPAL, authenticate(ctx));
            }
        });
        app.after("/api/admin/*", this::auditWrite);
        app.get("/api/admin/organisations", ctx -> ctx.json(admin.organisations()));
        app.post("/api/admin/organisations", ctx -> {
            Organisation o = body(ctx, Organisation.class);
            admin.saveOrganisation(principal(ctx), o);
            ctx.status(201).json(o);
        });
        app.get("/api/admin/users", ctx -> ctx.json(admin.users(principal(ctx))));
        app.post("/api/admin/users", ctx -> {
            Map<?, ?> b = body(ctx, Map.class);
            Set<Role> roles = EnumSet.noneOf(Role.class);
            if (b.get("roles") instanceof List<?> list) {
                list.forEach(r -> roles.add(Role.parse(String.valueOf(r))));
            }
            User u = admin.createUser(principal(ctx), text(b, "id"), text(b, "name"), text(b, "organisation"), roles, text(b, "password"));
            ctx.status(201).json(u);
        });
        app.get("/api/admin/conventions", ctx -> ctx.json(admin.conventions(principal(ctx), ctx.queryParam("party"))));
        app.post("/api/admin/conventions", ctx -> ctx.status(201).json(admin.create(principal(ctx), body(ctx, Convention.class))));
        app.get("/api/admin/conventions/{id}", ctx -> ctx.json(admin.readable(principal(ctx), ctx.pathParam("id"))));
        app.get("/api/admin/conventions/{id}/versions", ctx -> ctx.json(admin.history(principal(ctx), ctx.pathParam("id"))));
        app.post("/api/admin/conventions/{id}/amendments", ctx ->
                ctx.status(201).json(admin.amend(principal(ctx), ctx.pathParam("id"), body(ctx, Convention.class))));
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
            ctx.json(admin.transition(principal(ctx), ctx.pathParam("id"), to, date(b, "on", false)));
        });
        app.post("/api/admin/conventions/{id}/renewal", ctx -> {
            Map<?, ?> b = body(ctx, Map.class);
            ctx.json(admin.renew(principal(ctx), ctx.pathParam("id"), date(b, "review_meeting", true)));
        });
        app.put("/api/admin/datasets/{id}/owner", ctx -> {
            Map<?, ?> b = body(ctx, Map.class);
            String organisation = text(b, "organisation");
            if (organisation == null) {
                throw new IllegalArgumentException("body must be {\"organisation\": \"ORG\"}");
            }
            admin.setDatasetOwner(principal(ctx), ctx.pathParam("id"), organisation);
            ctx.json(Map.of("dataset", ctx.pathParam("id"), "organisation", organisation));
        });
        app.get("/api/admin/registre-art30", ctx -> ctx.json(admin.registreArt30(principal(ctx))));
    }

    /** Every change attempted on the registry goes to the audit log: who, what, and whether it was done. */
    private void auditWrite(Context ctx) {
        if (ctx.method() == io.javalin.http.HandlerType.GET || ctx.path().equals("/api/admin/session")) {
            return;
        }
        admin.audit(ctx.attribute(PRINCIPAL), ctx.method().name(), ctx.path(), ctx.pathParamMap().get("id"), ctx.status().getCode());
    }

    private void openSession(Context ctx) {
        String[] basic = basic(ctx).orElseThrow(() -> new UnauthorizedResponse(
                "send the login and password as HTTP Basic credentials (Authorization: Basic …)"));
        Optional<java.time.Duration> wait = throttle.attempt(basic[0], ctx.ip());
        if (wait.isPresent()) {
            throw tooMany(ctx, wait.get(), "too many failed sign-in attempts");
        }
        Optional<UserSessions.Session> opened = sessions.open(basic[0], basic[1]);
        if (opened.isEmpty()) {
            throw new UnauthorizedResponse("wrong login or password, or account disabled"); // the reservation stays as a failure
        }
        throttle.succeeded(basic[0], ctx.ip());
        UserSessions.Session s = opened.get();
        ctx.json(Map.of("access_token", s.token(), "token_type", "Bearer", "expires_in", s.expiresIn(),
                "user", s.user().id(), "roles", s.user().roles()));
    }

    private Principal authenticate(Context ctx) {
        String h = ctx.header("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String given = h.substring(7).strip();
            Optional<java.time.Duration> wait = bearerThrottle.attempt(ctx.ip());
            if (wait.isPresent()) {
                throw tooMany(ctx, wait.get(), "too many invalid bearer tokens from this address");
            }
            if (AdministratorKey.matches(adminKey, h)) {
                bearerThrottle.release(ctx.ip());
                return Principal.ADMIN_KEY;
            }
            Optional<User> user = sessions.verify(given);
            if (user.isEmpty()) {
                throw new UnauthorizedResponse("invalid or expired token: sign in again (POST /api/admin/session)"); // the reservation stays as a failure
            }
            bearerThrottle.release(ctx.ip());
            return new Principal(user.get());
        }
        if (basic(ctx).isPresent()) {
            throw new UnauthorizedResponse("Basic credentials are accepted only by POST /api/admin/session: "
                    + "exchange them there for a token and send Authorization: Bearer <token>");
        }
        throw new UnauthorizedResponse("sign in: POST /api/admin/session with Basic credentials, then Authorization: Bearer <token>"
                + (adminKey == null ? "" : " (or the administrator key)"));
    }

    static io.javalin.http.HttpResponseException tooMany(Context ctx, java.time.Duration wait, String what) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        ctx.header("Retry-After", String.valueOf(seconds));
        return new io.javalin.http.HttpResponseException(429, what + ": try again in " + seconds + " s");
    }

    private static Optional<String[]> basic(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    private static String text(Map<?, ?> body, String key) {
        Object v = body.get(key);
        return v == null ? null : v.toString();
    }

    /** A date field of a request body, AAAA-MM-JJ; a missing required one or a malformed one is a 400 that names it. */
    private static LocalDate date(Map<?, ?> body, String key, boolean required) {
        Object v = body.get(key);
        if (v == null) {
            if (required) {
                throw new IllegalArgumentException("missing field \"" + key + "\": a date AAAA-MM-JJ (e.g. \"2026-11-30\")");
            }
            return null;
        }
        try {
            return LocalDate.parse(v.toString().strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("field \"" + key + "\": '" + v + "' is not a date AAAA-MM-JJ (e.g. \"2026-11-30\")");
        }
    }

    private static <T> T body(Context ctx, Class<T> type) {
        T parsed = parse(ctx, type);
        if (parsed == null) {
            throw new IllegalArgumentException("empty body: a JSON " + (type == Map.class ? "object" : type.getSimpleName()) + " is expected");
        }
        return parsed;
    }

    private static <T> T parse(Context ctx, Class<T> type) {
        try {
            return Json.MAPPER.readValue(ctx.body(), type);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("invalid JSON body for " + type.getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
