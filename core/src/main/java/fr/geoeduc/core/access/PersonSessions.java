package fr.geoeduc.core.access;

import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Sessions of people signed in on the web pages, kept in the store (table {@code person_session}) so that signing out
 * ends them for good and every server process on the store shares them. The browser holds a random token (256 bits);
 * the store only its SHA-256. A session ends after {@link #IDLE} without a request or {@link #LIFETIME} after sign-in,
 * when its person signs out, changes their password or is disabled. Each session has its own anti-CSRF token, which
 * its forms send back.
 */
public final class PersonSessions {

    public static final Duration IDLE = Duration.ofMinutes(30);
    public static final Duration LIFETIME = Duration.ofHours(8);
    /** A session's last request is written at most this often (not on every request). */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /** A new session: the token for the cookie (given once) and its anti-CSRF token. */
    public record Opened(String token, String csrf, User user) {
    }

    /** A live session: who, and the anti-CSRF token its forms must send. */
    public record Active(User user, String csrf) {
    }

    private final Store store;
    private final UserRegistry users;
    private final Clock clock;

    public PersonSessions(Store store, UserRegistry users, Clock clock) {
        this.store = store;
        this.users = users;
        this.clock = clock;
    }

    /** Signs in: a new session when the password matches and the account is enabled (see {@link UserRegistry#authenticate}). */
    public Optional<Opened> open(String login, String password) {
        Optional<User> user = users.authenticate(login, password);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        String token = Secrets.token("gep_");
        String csrf = Secrets.token("");
        String now = clock.instant().toString();
        update("DELETE FROM person_session WHERE user_id = ? AND (last_seen_at < ? OR created_at < ?)", user.get().id(),
                clock.instant().minus(IDLE).toString(), clock.instant().minus(LIFETIME).toString());
        update("INSERT INTO person_session (token_hash, user_id, csrf, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
                Secrets.sha256(token), user.get().id(), csrf, now, now);
        return Optional.of(new Opened(token, csrf, user.get()));
    }

    /** The session of a cookie's token, if it is live and its person's account enabled; an expired one is deleted. */
    public Optional<Active> find(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(token);
        String userId;
        String csrf;
        Instant created;
        Instant seen;
        try (Connection c = store.connection();
             PreparedStatement p = c.prepareStatement("SELECT user_id, csrf, created_at, last_seen_at FROM person_session WHERE token_hash = ?")) {
            p.setString(1, hash);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                userId = r.getString(1);
                csrf = r.getString(2);
                created = Instant.parse(r.getString(3));
                seen = Instant.parse(r.getString(4));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read a session: " + e.getMessage(), e);
        }
        Instant now = clock.instant();
        if (!now.isBefore(seen.plus(IDLE)) || !now.isBefore(created.plus(LIFETIME))) {
            update("DELETE FROM person_session WHERE token_hash = ?", hash);
            return Optional.empty();
        }
        Optional<User> user = users.find(userId).filter(u -> !u.disabled());
        if (user.isEmpty()) {
            return Optional.empty();
        }
        if (!now.isBefore(seen.plus(TOUCH_EVERY))) {
            update("UPDATE person_session SET last_seen_at = ? WHERE token_hash = ?", now.toString(), hash);
        }
        return Optional.of(new Active(user.get(), csrf));
    }

    /** Signs out: the session of this token ends (nothing happens for an unknown token). */
    public void close(String token) {
        if (token != null && !token.isBlank()) {
            update("DELETE FROM person_session WHERE token_hash = ?", Secrets.sha256(token));
        }
    }

    private void update(String sql, String... args) {
        try (Connection c = store.connection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
            }
            p.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot update the sessions: " + e.getMessage(), e);
        }
    }
}
