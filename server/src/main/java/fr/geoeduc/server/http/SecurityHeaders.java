package fr.geoeduc.server.http;

import fr.geoeduc.core.access.RegistryViews;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Headers every response carries, whatever route, error or static file produced it: a Content-Security-Policy that
 * allows only the platform's own scripts and style sheets (the pages have no inline script; the printable convention's
 * inline style sheet is allowed by its hash), no MIME sniffing, no framing, no referrer sent to other sites; and
 * {@code Cache-Control: no-store} on every request made with credentials (header or {@code ?apikey=}) and on the
 * admin and token routes. Restricted data is only ever served to a caller with credentials, so this covers it.
 */
public final class SecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' '"
            + sha256(RegistryViews.PRINTABLE_STYLE) + "'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; "
            // MapLibre GL decodes tiles in web workers (its CSP build loads the worker from a file; blob: for its fallback)
            + "worker-src 'self' blob:; child-src 'self' blob:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    /** Registers the headers first, so that they are set before any other handler may stop the request. */
    public static void register(Javalin app) {
        app.before(SecurityHeaders::apply);
        // set again at the end: an exception handler or an error page may have rebuilt the response
        app.after(SecurityHeaders::apply);
    }

    static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        if (withCredentials(ctx)) {
            ctx.header("Cache-Control", "no-store");
            ctx.header("Pragma", "no-cache");
        }
    }

    static boolean withCredentials(Context ctx) {
        String path = ctx.path();
        return ctx.header("Authorization") != null || ctx.queryParam("apikey") != null
                || path.startsWith("/api/admin") || path.startsWith("/oauth2/");
    }

    private static String sha256(String text) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
