package fr.geoeduc.server.web;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.ApiClient;
import fr.geoeduc.core.access.AuditEntry;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.PersonSessions;
import fr.geoeduc.core.access.Policy;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.access.Secrets;
import fr.geoeduc.core.access.User;
import fr.geoeduc.core.access.UserRegistry;
import fr.geoeduc.server.http.CredentialThrottle;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Accounts of people on the web pages: {@code /connexion} (sign-in, throttled per login and address), {@code POST
 * /deconnexion}, and {@code /compte}: who is signed in, password change, <em>Mes conventions</em> (those of which their
 * organisation is a party) and <em>Mes clés d'API</em> (their organisation's clients: create, revoke). Accounts are
 * created with {@code geoeduc user create}. Every form sends an anti-CSRF token: the session's ({@link WebSessions}), or
 * before sign-in a token also kept in a short-lived cookie (double submit).
 */
public final class AccountPages {

    /** One API client of the organisation, as listed. */
    public record Key(String id, String label, String created, boolean revoked, long dailyLimit) {
    }

    /** One convention of the organisation, as listed. */
    public record Agreement(String id, String title, String number, String status, String role, String purposes, String lastDay) {
    }

    static final String LOGIN_CSRF_COOKIE = "geoeduc_connexion";
    public static final long NEW_KEY_DAILY_LIMIT = 100_000;
    public static final int MAX_LABEL = 100;
    private final UserRegistry users;
    private final PersonSessions sessions;
    private final AccessRegistry registry;
    private final CredentialThrottle throttle;
    private final Consumer<AuditEntry> audit;
    private final Layout layout;

    public AccountPages(UserRegistry users, PersonSessions sessions, AccessRegistry registry, CredentialThrottle throttle,
                        Consumer<AuditEntry> audit, Layout layout) {
        this.users = users;
        this.sessions = sessions;
        this.registry = registry;
        this.throttle = throttle;
        this.audit = audit;
        this.layout = layout;
    }

    public void register(Javalin app) {
        app.get("/connexion", this::signInPage);
        app.post("/connexion", this::signIn);
        app.post("/deconnexion", this::signOut);
        app.get("/compte", this::account);
        app.post("/compte/mot-de-passe", this::changePassword);
        app.post("/compte/cles", this::createKey);
        app.post("/compte/cles/{id}/revocation", this::revokeKey);
    }

    // ------------------------------------------------------------------ sign-in, sign-out

    private void signInPage(Context ctx) {
        signInForm(ctx, 200, null, null);
    }

    private void signInForm(Context ctx, int status, String error, String login) {
        Map<String, Object> m = new HashMap<>();
        m.put("retour", target(ctx));
        m.put("error", error);
        m.put("login", login == null ? "" : login);
        if (WebSessions.active(ctx).isEmpty()) {
            String token = Secrets.token("");
            WebSessions.setCookie(ctx, LOGIN_CSRF_COOKIE, token, "/connexion", Duration.ofHours(1).toSeconds());
            m.put("loginCsrf", token);
        }
        layout.render(ctx, status, "connexion", "Se connecter", Layout.Section.COMPTE, List.of(Crumb.here("Se connecter")), m);
    }

    private void signIn(Context ctx) {
        if (WebSessions.active(ctx).isEmpty() && !WebSessions.sameToken(ctx.cookie(LOGIN_CSRF_COOKIE), ctx.formParam(WebSessions.CSRF_FIELD))) {
            signInForm(ctx, 403, "Formulaire périmé ou venu d'un autre site : recommencez la connexion.", null);
            return;
        }
        String login = Optional.ofNullable(ctx.formParam("identifiant")).map(String::strip).orElse("");
        String password = Optional.ofNullable(ctx.formParam("motdepasse")).orElse("");
        if (login.isEmpty() || password.isEmpty()) {
            signInForm(ctx, 400, "Saisissez votre identifiant et votre mot de passe.", login);
            return;
        }
        Optional<Duration> wait = throttle.attempt(login, ctx.ip());
        if (wait.isPresent()) {
            ctx.header("Retry-After", String.valueOf(Math.max(1, wait.get().toSeconds())));
            signInForm(ctx, 429, "Trop d'essais infructueux : réessayez dans " + Formats.duration(wait.get()) + ".", login);
            return;
        }
        Optional<PersonSessions.Opened> opened = sessions.open(login, password);
        if (opened.isEmpty()) {
            signInForm(ctx, 401, "Identifiant ou mot de passe incorrect, ou compte désactivé.", login); // the reservation stays a failure
            return;
        }
        throttle.succeeded(login, ctx.ip());
        // an earlier session of this browser ends: the new one gets a new token (no fixation)
        sessions.close(ctx.cookie(WebSessions.COOKIE));
        WebSessions.openCookie(ctx, opened.get().token());
        WebSessions.setCookie(ctx, LOGIN_CSRF_COOKIE, "", "/connexion", 0);
        ctx.redirect(target(ctx), HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        // with a live session, the session filter has checked the form's token; without one there is nothing to end
        sessions.close(ctx.cookie(WebSessions.COOKIE));
        WebSessions.clearCookie(ctx);
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    /** Where to go after sign-in: a path of this site only ({@code retour}), else the account page. */
    private static String target(Context ctx) {
        String wanted = ctx.formParam("retour") != null ? ctx.formParam("retour") : ctx.queryParam("retour");
        return wanted != null && wanted.startsWith("/") && !wanted.startsWith("//") && !wanted.contains("\\")
                && wanted.length() < 2000 && wanted.chars().noneMatch(Character::isISOControl) ? wanted : "/compte";
    }

    // ------------------------------------------------------------------ the account page

    private Optional<User> signedIn(Context ctx) {
        Optional<User> user = WebSessions.active(ctx).map(PersonSessions.Active::user);
        if (user.isEmpty()) {
            ctx.redirect("/connexion?retour=" + java.net.URLEncoder.encode(ctx.path(), java.nio.charset.StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
        }
        return user;
    }

    private void account(Context ctx) {
        signedIn(ctx).ifPresent(u -> accountPage(ctx, u, 200, null, null, null));
    }

    private void accountPage(Context ctx, User user, int status, String notice, String error, AccessRegistry.NewClient created) {
        Map<String, Object> m = new HashMap<>();
        m.put("user", user);
        m.put("organisation", registry.organisation(user.organisation()).map(o -> o.name()).orElse(user.organisation()));
        m.put("roles", user.roles().stream().map(Role::label).sorted().collect(Collectors.joining(", ")));
        m.put("agreements", agreements(user.organisation()));
        m.put("keys", registry.clients().stream().filter(c -> c.organisation().equals(user.organisation()))
                .map(c -> new Key(c.id(), c.label(), Formats.date(c.createdAt()), c.revoked(), c.dailyLimit())).toList());
        m.put("notice", notice);
        m.put("error", error);
        m.put("created", created);
        m.put("minPassword", UserRegistry.MIN_PASSWORD_LENGTH);
        m.put("maxLabel", MAX_LABEL);
        layout.render(ctx, status, "compte", "Mon compte", Layout.Section.COMPTE, List.of(Crumb.here("Mon compte")), m);
    }

    private List<Agreement> agreements(String organisation) {
        return registry.conventions().stream()
                .filter(c -> c.parties().stream().anyMatch(p -> p.organisation().equals(organisation)))
                .map(c -> {
                    Convention.Party party = c.parties().stream().filter(p -> p.organisation().equals(organisation)).findFirst().orElseThrow();
                    String role = switch (party.role()) {
                        case PROVIDER -> "fournisseur";
                        case RECIPIENT -> "destinataire";
                        case BOTH -> "fournisseur et destinataire";
                    };
                    java.time.LocalDate last = c.lifeCycle() == null ? null : c.lifeCycle().lastDay();
                    return new Agreement(c.id(), c.title(), c.number(), status(c.status()), role,
                            c.purposes().stream().map(Convention.Purpose::label).collect(Collectors.joining(" ; ")),
                            last == null ? "—" : Formats.day(last));
                }).toList();
    }

    private static String status(Convention.Status s) {
        return switch (s) {
            case DRAFT -> "brouillon";
            case SUBMITTED -> "soumise";
            case VALIDATED -> "validée";
            case ACTIVE -> "en vigueur";
            case SUSPENDED -> "suspendue";
            case EXPIRED -> "expirée";
            case TERMINATED -> "résiliée";
            case REVOKED -> "révoquée";
        };
    }

    private void changePassword(Context ctx) {
        Optional<User> user = signedIn(ctx);
        if (user.isEmpty()) {
            return;
        }
        User u = user.get();
        String current = Optional.ofNullable(ctx.formParam("actuel")).orElse("");
        String next = Optional.ofNullable(ctx.formParam("nouveau")).orElse("");
        String again = Optional.ofNullable(ctx.formParam("confirmation")).orElse("");
        Optional<Duration> wait = throttle.attempt(u.id(), ctx.ip());
        if (wait.isPresent()) {
            accountPage(ctx, u, 429, null, "Trop d'essais infructueux : réessayez dans " + Formats.duration(wait.get()) + ".", null);
            return;
        }
        if (users.authenticate(u.id(), current).isEmpty()) {
            accountPage(ctx, u, 400, null, "Le mot de passe actuel est incorrect.", null);
            return;
        }
        throttle.succeeded(u.id(), ctx.ip());
        if (!next.equals(again)) {
            accountPage(ctx, u, 400, null, "Les deux saisies du nouveau mot de passe diffèrent.", null);
            return;
        }
        if (next.length() < UserRegistry.MIN_PASSWORD_LENGTH || next.isBlank()) {
            accountPage(ctx, u, 400, null, "Le nouveau mot de passe doit compter au moins " + UserRegistry.MIN_PASSWORD_LENGTH + " caractères.", null);
            return;
        }
        users.setPassword(u.id(), next); // ends every session of the account, this one included
        PersonSessions.Opened opened = sessions.open(u.id(), next).orElseThrow();
        WebSessions.openCookie(ctx, opened.token());
        record(u, "password", Map.of());
        // the page is drawn with the new session (its anti-CSRF token)
        WebSessions.replace(ctx, new PersonSessions.Active(opened.user(), opened.csrf()));
        accountPage(ctx, u, 200, "Mot de passe changé. Vos autres sessions sont fermées.", null, null);
    }

    private void createKey(Context ctx) {
        Optional<User> user = signedIn(ctx);
        if (user.isEmpty()) {
            return;
        }
        User u = user.get();
        String label = Optional.ofNullable(ctx.formParam("libelle")).map(String::strip).orElse("");
        if (label.isEmpty() || label.length() > MAX_LABEL) {
            accountPage(ctx, u, 400, null, "Le libellé de la clé est obligatoire (" + MAX_LABEL + " caractères au plus).", null);
            return;
        }
        AccessRegistry.NewClient created = registry.createClient(u.organisation(), label + " (" + u.id() + ")", NEW_KEY_DAILY_LIMIT);
        record(u, "create-client", Map.of("client", created.client().id()));
        accountPage(ctx, u, 201, null, null, created);
    }

    private void revokeKey(Context ctx) {
        Optional<User> user = signedIn(ctx);
        if (user.isEmpty()) {
            return;
        }
        User u = user.get();
        String id = ctx.pathParam("id");
        Optional<ApiClient> client = registry.client(id).filter(c -> c.organisation().equals(u.organisation()));
        if (client.isEmpty()) {
            accountPage(ctx, u, 404, null, "Aucune clé « " + id + " » dans votre organisation.", null);
            return;
        }
        if (!client.get().revoked()) {
            registry.revokeClient(id);
            record(u, "revoke-client", Map.of("client", id));
        }
        accountPage(ctx, u, 200, "Clé « " + client.get().label() + " » révoquée : elle ne donne plus accès à rien.", null, null);
    }

    private void record(User u, String action, Map<String, String> details) {
        Map<String, String> query = new HashMap<>(details);
        query.put("action", action);
        audit.accept(new AuditEntry(Instant.now(), AuditEntry.GRANTED, Policy.PERSON_PREFIX + u.id(), u.organisation(), null, null,
                "compte", query, 0, null, null));
    }
}
