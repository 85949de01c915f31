package fr.geoeduc.core.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * OAuth2 client-credentials: exchanges a client's id and secret for a short-lived signed token (JWT, HS256),
 * and checks tokens on requests. The client is looked up again on every request, so revoking it takes effect
 * at once even for tokens already issued.
 */
public final class TokenService {

    public static final Duration LIFETIME = Duration.ofMinutes(15);
    private static final String ISSUER = "geoeduc";
    private final AccessRegistry registry;
    private final byte[] key;
    private final Clock clock;

    public record Token(String accessToken, long expiresIn) {
    }

    public TokenService(AccessRegistry registry, byte[] key, Clock clock) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the token signing key must have at least 256 bits");
        }
        this.registry = registry;
        this.key = key.clone();
        this.clock = clock;
    }

    public Optional<Token> issue(String clientId, String clientSecret) {
        return registry.authenticate(clientId, clientSecret).map(client -> {
            Instant now = clock.instant();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(client.id()).claim("org", client.organisation())
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(LIFETIME))).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            try {
                jwt.sign(new MACSigner(key));
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot sign the token", e);
            }
            return new Token(jwt.serialize(), LIFETIME.toSeconds());
        });
    }

    /** The client id of a valid, unexpired token whose client is not revoked. */
    public Optional<String> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new MACVerifier(key))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!ISSUER.equals(claims.getIssuer()) || claims.getExpirationTime() == null
                    || !claims.getExpirationTime().toInstant().isAfter(clock.instant())) {
                return Optional.empty();
            }
            String client = claims.getSubject();
            return registry.client(client).filter(c -> !c.revoked()).map(ApiClient::id);
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
    }
}
