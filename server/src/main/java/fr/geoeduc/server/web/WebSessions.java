package fr.geoeduc.server.web;

import fr.geoeduc.core.access.PersonSessions;
import fr.geoeduc.server.explore.ExploreApi;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The session cookie of people signed in on the web pages, resolved before every other handler: a live session makes
 * its person the request's caller ({@link ExploreApi#PERSON}), next to API keys and OAuth2 tokens, so that the query
 * service decides, counts and audits for them. A request that changes something (POST, DELETE…) with a session cookie
 * must send back the session's anti-CSRF token (form field {@code csrf} or header {@code X-CSRF-Token}), else 403.
 * The cookie is {@code HttpOnly}, {@code SameSite=Lax}, and {@code Secure} when the request came over HTTPS.
 */
public final class WebSessions {

    public static final String COOKIE = "geoeduc_session";
    public static final String CSRF_FIELD = "csrf";
    private static final String ACTIVE = "geoeduc.session";
    private final PersonSessions sessions;
    private final Layout layout;

    public WebSessions(PersonSessions sessions, Layout layout) {
        this.sessions = sessions;
        this.layout = layout;
    }

    /** Must come before the data APIs' own filters (they read the person this sets). */
    public void register(Javalin app) {
        app.before(this::resolve);
    }

    private void resolve(Context ctx) {
        String token = ctx.cookie(COOKIE);
        if (token == null) {
            return;
        }
        Optional<PersonSessions.Active> active = sessions.find(token);
        if (active.isEmpty()) {
            clearCookie(ctx); // ended or expired: the browser forgets it
            return;
        }
        if (changes(ctx) && !sameToken(active.get().csrf(), csrfSent(ctx))) {
            refuse(ctx);
            return;
        }
        ctx.attribute(ExploreApi.PERSON, active.get().user().id());
        ctx.attribute(ACTIVE, active.get());
    }

    /** The session of this request, if a person is signed in. */
    public static Optional<PersonSessions.Active> active(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ACTIVE));
    }

    /** The request goes on under a new session (after a password change, which ended the one it came with). */
    static void replace(Context ctx, PersonSessions.Active active) {
        ctx.attribute(ACTIVE, active);
    }

    static boolean changes(Context ctx) {
        HandlerType m = ctx.method();
        return m != HandlerType.GET && m != HandlerType.HEAD && m != HandlerType.OPTIONS;
    }

    static String csrfSent(Context ctx) {
        String header = ctx.header("X-CSRF-Token");
        if (header != null) {
            return header;
        }
        String type = ctx.contentType();
        return type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"))
                ? ctx.formParam(CSRF_FIELD) : null;
    }

    static boolean sameToken(String expected, String sent) {
        return expected != null && sent != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    private void refuse(Context ctx) {
        String message = "Formulaire refusé : jeton anti-falsification (CSRF) absent ou périmé. Rechargez la page et recommencez.";
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("application/json") && !accept.contains("text/html")) {
            ctx.status(403).json(Map.of("error_code", "InvalidCsrfToken", "message", message));
        } else {
            layout.render(ctx, 403, "introuvable", "Formulaire refusé", Layout.Section.COMPTE, java.util.List.of(Crumb.here("Formulaire refusé")),
                    Map.of("message", message));
        }
        ctx.skipRemainingHandlers();
    }

    static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    static void setCookie(Context ctx, String name, String value, String path, long maxAgeSeconds) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax"
                + (secure(ctx) ? "; Secure" : ""));
    }

    static void openCookie(Context ctx, String token) {
        setCookie(ctx, COOKIE, token, "/", PersonSessions.LIFETIME.toSeconds());
    }

    static void clearCookie(Context ctx) {
        setCookie(ctx, COOKIE, "", "/", 0);
    }
}
