package fr.geoeduc.server.admin;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.access.RegistryViews;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.access.User;
import fr.geoeduc.core.access.UserRegistry;
import fr.geoeduc.core.access.UserSessions;
import fr.geoeduc.core.store.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;

import java.security.MessageDigest;
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

    /** Who is calling: the administrator key, or a person. */
    private record Principal(User user) {
        static final Principal ADMIN_KEY = new Principal(null);

        boolean is(Role role) {
            return user == null || user.has(Role.PLATFORM_ADMIN) || user.has(role);
        }

        boolean admin() {
            return user == null || user.has(Role.PLATFORM_ADMIN);
        }

        boolean partyTo(Convention c) {
            return admin() || c.parties().stream().anyMatch(p -> p.organisation().equals(user.organisation()));
        }

        boolean providerOf(Convention c) {
            return admin() || c.parties().stream().anyMatch(p -> p.organisation().equals(user.organisation())
                    && (p.role() == Convention.Role.PROVIDER || p.role() == Convention.Role.BOTH));
        }
    }

    private static final String PRINCIPAL = "geoeduc.principal";
    /** What a party that only receives data may do to a convention's status: propose it, withdraw it, end it. */
    private static final Set<Convention.Status> RECIPIENT_TRANSITIONS =
            EnumSet.of(Convention.Status.SUBMITTED, Convention.Status.DRAFT, Convention.Status.TERMINATED);
    /** Transitions that withdraw access: any providing party's manager may make them. */
    private static final Set<Convention.Status> WITHDRAWALS =
            EnumSet.of(Convention.Status.SUSPENDED, Convention.Status.REVOKED, Convention.Status.EXPIRED);
    private final fr.geoeduc.server.http.CredentialThrottle throttle = fr.geoeduc.server.http.CredentialThrottle.standard();
    /** Wrong bearer tokens (administrator key or session token) per address: 20, then a back-off from 1 s up to 15 min. */
    private final fr.geoeduc.server.http.FailureThrottle bearerThrottle = new fr.geoeduc.server.http.FailureThrottle(
            20, java.time.Duration.ofSeconds(1), java.time.Duration.ofMinutes(15), java.time.Duration.ofMinutes(15), java.time.Clock.systemUTC());
    private final AccessRegistry registry;
    private final UserRegistry users;
    private final UserSessions sessions;
    private final String adminKey;
    private final java.util.function.Consumer<fr.geoeduc.core.access.AuditEntry> audit;

    /** @param audit where every write attempt on the admin API (granted or refused) is recorded */
    public AdminApi(AccessRegistry registry, UserRegistry users, UserSessions sessions, String adminKey,
                    java.util.function.Consumer<fr.geoeduc.core.access.AuditEntry> audit) {
        this.registry = registry;
        this.users = users;
        this.sessions = sessions;
        this.adminKey = adminKey == null || adminKey.isBlank() ? null : adminKey;
        this.audit = audit;
    }

    public void register(Javalin app) {
        app.post("/api/admin/session", this::openSession);
        app.before("/api/admin/*", ctx -> {
            if (!ctx.path().equals("/api/admin/session")) {
                ctx.attribute(PRINCIPAL, authenticate(ctx));
            }
        });
        app.after("/api/admin/*", this::auditWrite);
        app.get("/api/admin/organisations", ctx -> ctx.json(registry.organisations()));
        app.post("/api/admin/organisations", ctx -> {
            require(ctx, principal(ctx).admin(), "platform-admin");
            Organisation o = body(ctx, Organisation.class);
            registry.saveOrganisation(o);
            ctx.status(201).json(o);
        });
        app.get("/api/admin/users", ctx -> {
            require(ctx, principal(ctx).admin(), "platform-admin");
            ctx.json(users.users());
        });
        app.post("/api/admin/users", ctx -> {
            require(ctx, principal(ctx).admin(), "platform-admin");
            Map<?, ?> b = body(ctx, Map.class);
            Set<Role> roles = EnumSet.noneOf(Role.class);
            if (b.get("roles") instanceof List<?> list) {
                list.forEach(r -> roles.add(Role.parse(String.valueOf(r))));
            }
            User u = users.create(text(b, "id"), text(b, "name"), text(b, "organisation"), roles, text(b, "password"));
            ctx.status(201).json(u);
        });
        app.get("/api/admin/conventions", ctx -> {
            Principal who = principal(ctx);
            String party = ctx.queryParam("party");
            List<Convention> all = registry.conventions();
            List<Convention> visible = all.stream().filter(c -> mayRead(who, c)).toList();
            ctx.json(party == null ? visible : RegistryViews.ofParty(visible, party));
        });
        app.post("/api/admin/conventions", ctx -> {
            Convention c = body(ctx, Convention.class);
            requireManagerOf(ctx, c);
            requireHeldByAProvider(ctx, c);
            if (registry.convention(c.id()).isPresent()) {
                throw new IllegalArgumentException("convention " + c.id() + " exists: POST /api/admin/conventions/" + c.id() + "/amendments");
            }
            ctx.status(201).json(registry.saveConvention(c));
        });
        app.get("/api/admin/conventions/{id}", ctx -> ctx.json(readable(ctx)));
        app.get("/api/admin/conventions/{id}/versions", ctx -> {
            readable(ctx);
            ctx.json(registry.history(ctx.pathParam("id")));
        });
        app.post("/api/admin/conventions/{id}/amendments", ctx -> {
            Convention c = body(ctx, Convention.class);
            if (!c.id().equals(ctx.pathParam("id"))) {
                throw new IllegalArgumentException("the body describes convention " + c.id() + ", not " + ctx.pathParam("id"));
            }
            requireProviderManagerOf(ctx, find(ctx));
            requireProviderManagerOf(ctx, c);
            ctx.status(201).json(registry.saveConvention(c));
        });
        app.post("/api/admin/conventions/{id}/status", ctx -> {
            Convention current = find(ctx);
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
            if (RECIPIENT_TRANSITIONS.contains(to)) {
                requireManagerOf(ctx, current);
            } else if (WITHDRAWALS.contains(to)) {
                requireProvidingManagerOf(ctx, current); // withdrawing access is a safety action: any providing party
            } else {
                requireProviderManagerOf(ctx, current);
            }
            LocalDate on = date(b, "on", false);
            ctx.json(registry.transition(ctx.pathParam("id"), to, on));
        });
        app.post("/api/admin/conventions/{id}/renewal", ctx -> {
            requireProviderManagerOf(ctx, find(ctx));
            Map<?, ?> b = body(ctx, Map.class);
            ctx.json(registry.renew(ctx.pathParam("id"), date(b, "review_meeting", true)));
        });
        app.put("/api/admin/datasets/{id}/owner", ctx -> {
            require(ctx, principal(ctx).admin(), "platform-admin");
            Map<?, ?> b = body(ctx, Map.class);
            String organisation = text(b, "organisation");
            if (organisation == null) {
                throw new IllegalArgumentException("body must be {\"organisation\": \"ORG\"}");
            }
            registry.setDatasetOwner(ctx.pathParam("id"), organisation);
            ctx.json(Map.of("dataset", ctx.pathParam("id"), "organisation", organisation));
        });
        app.get("/api/admin/registre-art30", ctx -> {
            require(ctx, principal(ctx).is(Role.CONVENTION_MANAGER), "platform-admin or convention-manager");
            ctx.json(RegistryViews.registreArt30(registry.conventions()));
        });
    }

    /** Every change attempted on the registry goes to the audit log: who, what, and whether it was done. */
    private void auditWrite(Context ctx) {
        if (ctx.method() == io.javalin.http.HandlerType.GET || ctx.path().equals("/api/admin/session")) {
            return;
        }
        Principal who = ctx.attribute(PRINCIPAL);
        String actor = who == null ? "non authentifié" : who.user() == null ? "clé d'administration" : who.user().id();
        String organisation = who == null || who.user() == null ? null : who.user().organisation();
        String convention = ctx.pathParamMap().get("id");
        int status = ctx.status().getCode();
        Map<String, String> query = Map.of("method", ctx.method().name(), "path", ctx.path(), "status", String.valueOf(status));
        boolean done = status / 100 == 2;
        audit.accept(new fr.geoeduc.core.access.AuditEntry(java.time.Instant.now(), done ? "granted" : "refused", actor, organisation,
                convention, null, "admin", query, 0, null, done ? null : "HTTP " + status));
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

    private static void require(Context ctx, boolean allowed, String roles) {
        if (!allowed) {
            User u = principal(ctx).user();
            throw new ForbiddenResponse("reserved to " + roles + "; " + u.id() + " has " + u.roles());
        }
    }

    /**
     * Granting access (validate, activate, amend, renew) belongs to the platform admin, or to a convention manager of
     * a providing party that actually holds every dataset of the scope: a party's declared role alone proves nothing,
     * since whoever drafts the convention declares it.
     */
    private void requireProviderManagerOf(Context ctx, Convention c) {
        requireProvidingManagerOf(ctx, c);
        Principal who = principal(ctx);
        if (who.admin()) {
            return;
        }
        for (Convention.DataScope scope : c.scopes()) {
            String owner = registry.datasetOwner(scope.dataset()).orElse(null);
            if (!who.user().organisation().equals(owner)) {
                throw new ForbiddenResponse("only the organisation that holds " + scope.dataset() + " ("
                        + (owner == null ? "none recorded: geoeduc ingest … --owner ORG" : owner)
                        + ") or the platform admin may grant access to it");
            }
        }
    }

    /** A convention in force or ended is read by every manager; a draft, submitted or suspended one by its parties alone. */
    private static boolean mayRead(Principal who, Convention c) {
        return who.partyTo(c) || (c.shownPublicly() && who.is(Role.CONVENTION_MANAGER));
    }

    /**
     * Who drafts a convention may ask a provider for its data, never name as provider an organisation that does not
     * hold the data, nor name a dataset that no providing party holds: a draft cannot put words in another's mouth.
     */
    private void requireHeldByAProvider(Context ctx, Convention c) {
        if (principal(ctx).admin()) {
            return;
        }
        Set<String> providers = new java.util.HashSet<>();
        c.parties().stream().filter(p -> p.role() == Convention.Role.PROVIDER || p.role() == Convention.Role.BOTH)
                .forEach(p -> providers.add(p.organisation()));
        for (Convention.DataScope scope : c.scopes()) {
            String owner = registry.datasetOwner(scope.dataset()).orElse(null);
            if (owner == null || !providers.contains(owner)) {
                throw new ForbiddenResponse("dataset " + scope.dataset() + " is held by " + (owner == null ? "no recorded organisation" : owner)
                        + ", which is not a providing party of " + c.id() + ": name the organisation that holds it as provider");
            }
        }
        String own = principal(ctx).user().organisation();
        for (String provider : providers) {
            if (provider.equals(own)) {
                continue; // declaring oneself provider grants nothing: each dataset's holder must still be a provider
            }
            boolean holdsSome = c.scopes().stream().anyMatch(s -> provider.equals(registry.datasetOwner(s.dataset()).orElse(null)));
            if (!holdsSome) {
                throw new ForbiddenResponse(provider + " holds none of the datasets of " + c.id() + ": it cannot be named as provider");
            }
        }
    }

    private static void requireProvidingManagerOf(Context ctx, Convention c) {
        Principal who = principal(ctx);
        require(ctx, who.admin() || (who.is(Role.CONVENTION_MANAGER) && who.providerOf(c)),
                "platform-admin, or a convention-manager of a providing party to " + c.id());
    }

    private static void requireManagerOf(Context ctx, Convention c) {
        Principal who = principal(ctx);
        require(ctx, who.admin() || (who.is(Role.CONVENTION_MANAGER) && who.partyTo(c)),
                "platform-admin, or a convention-manager of an organisation party to " + c.id());
    }

    private Convention readable(Context ctx) {
        Convention c = find(ctx);
        Principal who = principal(ctx);
        if (!mayRead(who, c)) {
            throw new NotFoundResponse("unknown convention " + c.id()); // not a party: as if it did not exist
        }
        return c;
    }

    private static String text(Map<?, ?> body, String key) {
        Object v = body.get(key);
        return v == null ? null : v.toString();
    }

    private Convention find(Context ctx) {
        return registry.convention(ctx.pathParam("id")).orElseThrow(() -> new NotFoundResponse("unknown convention " + ctx.pathParam("id")));
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
        if (parsed instanceof Convention c) {
            if (c.id() == null || c.id().isBlank()) {
                throw new IllegalArgumentException("missing field \"id\" of the convention");
            }
            fr.geoeduc.core.access.ConventionValidator.require(c); // names every missing field, before any right is checked
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
