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
 * Short sessions for people: a login and password are exchanged once for a signed token (JWT, HS256, 15 minutes,
 * its own key), so that each admin request does not pay the password hash. The account is read again on every
 * request: disabling it or changing its roles acts on the next one, and a password change ends the sessions opened
 * with the old password (each token carries a fingerprint of the password hash it was opened with).
 */
public final class UserSessions {

    public static final Duration LIFETIME = Duration.ofMinutes(15);
    private static final String AUDIENCE = "geoeduc-admin";
    private static final String CREDENTIAL_CLAIM = "cred";
    private final UserRegistry users;
    private final byte[] key;
    private final Clock clock;

    public record Session(String token, long expiresIn, User user) {
    }

    public UserSessions(UserRegistry users, byte[] key, Clock clock) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the session signing key must have at least 256 bits");
        }
        this.users = users;
        this.key = key.clone();
        this.clock = clock;
    }

    public Optional<Session> open(String login, String password) {
        return users.authenticate(login, password).map(user -> {
            Instant now = clock.instant();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("geoeduc").audience(AUDIENCE).subject(user.id())
                    .claim(CREDENTIAL_CLAIM, users.credentialStamp(user.id()))
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(LIFETIME))).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            try {
                jwt.sign(new MACSigner(key));
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot sign the session", e);
            }
            return new Session(jwt.serialize(), LIFETIME.toSeconds(), user);
        });
    }

    /** The enabled user of a valid, unexpired session token. */
    public Optional<User> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new MACVerifier(key))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (claims.getAudience() == null || !claims.getAudience().contains(AUDIENCE) || claims.getExpirationTime() == null
                    || !claims.getExpirationTime().toInstant().isAfter(clock.instant())) {
                return Optional.empty();
            }
            Object credential = claims.getClaim(CREDENTIAL_CLAIM);
            return users.find(claims.getSubject()).filter(u -> !u.disabled())
                    .filter(u -> credential != null && credential.equals(users.credentialStamp(u.id())));
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
    }
}
