package fr.geoeduc.server.http;

import fr.geoeduc.core.access.TokenService;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /oauth2/token}, OAuth2 client credentials. Failed secrets are throttled per (client id, address) and
 * per address before the secret is hashed (429 with Retry-After), so that neither guessing nor hashing load pays; an
 * unknown or revoked client id costs the same hash as a wrong secret (see {@code AccessRegistry.authenticate}).
 */
public final class TokenRoute {

    private final TokenService tokens;
    private final CredentialThrottle throttle;

    public TokenRoute(TokenService tokens, CredentialThrottle throttle) {
        this.tokens = tokens;
        this.throttle = throttle;
    }

    public void register(Javalin app) {
        app.post("/oauth2/token", this::token);
    }

    private void token(Context ctx) {
        if (!"client_credentials".equals(ctx.formParam("grant_type"))) {
            ctx.status(400).json(Map.of("error", "unsupported_grant_type", "error_description", "only client_credentials is supported"));
            return;
        }
        String id = ctx.formParam("client_id");
        String secret = ctx.formParam("client_secret");
        if (id == null || secret == null) {
            ctx.status(400).json(Map.of("error", "invalid_request", "error_description", "client_id and client_secret are required"));
            return;
        }
        Optional<Duration> wait = throttle.attempt(id, ctx.ip());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ctx.header("Retry-After", String.valueOf(seconds));
            ctx.status(429).json(Map.of("error", "slow_down", "error_description",
                    "too many failed attempts for this client from this address: try again in " + seconds + " s"));
            return;
        }
        Optional<TokenService.Token> t = tokens.issue(id, secret);
        if (t.isEmpty()) {
            ctx.status(401).json(Map.of("error", "invalid_client", "error_description", "unknown client, wrong secret or revoked client"));
            return;
        }
        throttle.succeeded(id, ctx.ip());
        ctx.json(Map.of("access_token", t.get().accessToken(), "token_type", "Bearer", "expires_in", t.get().expiresIn()));
    }
}
