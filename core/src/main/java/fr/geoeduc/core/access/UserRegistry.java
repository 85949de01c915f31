package fr.geoeduc.core.access;

import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The people who use the platform, in the store's database: each belongs to an organisation of the registry and
 * holds roles. Passwords are stored only as Argon2id hashes ({@link PasswordHashes}; older accounts' PBKDF2 hashes are
 * replaced at their next sign-in); a disabled account is refused at its next request. A password change or disabling
 * the account ends the person's web sessions ({@link PersonSessions}).
 */
public final class UserRegistry {

    public static final int MIN_PASSWORD_LENGTH = 12;
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9._@+-]{3,200}");
    /** Checked when the login is unknown, so that the answer takes as long as for a wrong password (computed on first use). */
    private static final class Dummy {
        static final String HASH = PasswordHashes.hash("geoeduc-no-such-user");
    }

    private final Store store;
    private final AccessRegistry registry;

    public UserRegistry(Store store, AccessRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    public User create(String login, String name, String organisation, Set<Role> roles, String password) {
        String id = login == null ? "" : login.strip().toLowerCase(Locale.ROOT);
        if (!LOGIN.matcher(id).matches()) {
            throw new IllegalArgumentException("identifiant « " + login + " » : de 3 à 200 lettres, chiffres ou . _ @ + - (une adresse électronique convient) / login '" + login + "': 3 to 200 letters, digits or . _ @ + - (an e-mail address fits)");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("le nom de la personne est obligatoire / a user needs a name");
        }
        if (registry.organisation(organisation).isEmpty()) {
            throw new IllegalArgumentException("organisation « " + organisation + " » inconnue / unknown organisation '" + organisation + "'");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("au moins un rôle est obligatoire / a user needs at least one role: platform-admin, convention-manager, producer or consumer");
        }
        requireStrong(password);
        if (find(id).isPresent()) {
            throw new IllegalArgumentException("le compte « " + id + " » existe déjà / user '" + id + "' exists");
        }
        Instant now = Instant.now();
        update("create user " + id, "INSERT INTO app_user (id, name, organisation, roles, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                id, name.strip(), organisation, text(roles), PasswordHashes.hash(password), now.toString());
        return new User(id, name.strip(), organisation, roles, now, null);
    }

    public Optional<User> find(String login) {
        if (login == null) {
            return Optional.empty();
        }
        List<User> found = query("WHERE id = ?", login.strip().toLowerCase(Locale.ROOT));
        return found.stream().findFirst();
    }

    public List<User> users() {
        return query("ORDER BY organisation, id");
    }

    /** The user when the password matches and the account is enabled; the same work is done for an unknown login. */
    public Optional<User> authenticate(String login, String password) {
        Optional<User> user = find(login);
        String stored = user.isPresent() ? passwordHash(user.get().id()) : Dummy.HASH;
        boolean matches = PasswordHashes.matches(password, stored);
        Optional<User> signedIn = user.filter(u -> matches && !u.disabled());
        if (signedIn.isPresent() && PasswordHashes.outdated(stored)) {
            // an account from before Argon2id (PBKDF2): hashed again now that the password is known; its credential
            // stamp changes, and so the admin API's bearer tokens of this account end, as after a password change
            update("hash again the password of " + signedIn.get().id(), "UPDATE app_user SET password_hash = ? WHERE id = ? AND password_hash = ?",
                    PasswordHashes.hash(password), signedIn.get().id(), stored);
        }
        return signedIn;
    }

    /**
     * A short fingerprint of the account's current password hash: sessions carry it, so that a password change
     * ends every session opened with the old password.
     */
    public String credentialStamp(String login) {
        return find(login).map(u -> Secrets.sha256(passwordHash(u.id())).substring(0, 16)).orElse("");
    }

    public User setRoles(String login, Set<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("a user needs at least one role");
        }
        User u = require(login);
        update("change roles of " + u.id(), "UPDATE app_user SET roles = ? WHERE id = ?", text(roles), u.id());
        return require(u.id());
    }

    public void setPassword(String login, String password) {
        requireStrong(password);
        User u = require(login);
        update("change the password of " + u.id(), "UPDATE app_user SET password_hash = ? WHERE id = ?", PasswordHashes.hash(password), u.id());
        update("end the sessions of " + u.id(), "DELETE FROM person_session WHERE user_id = ?", u.id());
    }

    public User disable(String login) {
        User u = require(login);
        update("disable " + u.id(), "UPDATE app_user SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL", Instant.now().toString(), u.id());
        update("end the sessions of " + u.id(), "DELETE FROM person_session WHERE user_id = ?", u.id());
        return require(u.id());
    }

    private User require(String login) {
        return find(login).orElseThrow(() -> new IllegalArgumentException("unknown user '" + login + "'"));
    }

    private static void requireStrong(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("le mot de passe doit compter au moins " + MIN_PASSWORD_LENGTH + " caractères / the password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.isBlank()) {
            throw new IllegalArgumentException("le mot de passe ne peut pas être vide / the password must not be blank");
        }
    }

    private static String text(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }

    private static Set<Role> roles(String text) {
        EnumSet<Role> out = EnumSet.noneOf(Role.class);
        Arrays.stream(text.split(",")).filter(s -> !s.isBlank()).map(Role::valueOf).forEach(out::add);
        return out;
    }

    private String passwordHash(String id) {
        try (Connection c = store.connection(); PreparedStatement p = c.prepareStatement("SELECT password_hash FROM app_user WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : Dummy.HASH;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read user " + id + ": " + e.getMessage(), e);
        }
    }

    private List<User> query(String tail, String... args) {
        try (Connection c = store.connection();
             PreparedStatement p = c.prepareStatement("SELECT id, name, organisation, roles, created_at, disabled_at FROM app_user " + tail)) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
            }
            List<User> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new User(r.getString(1), r.getString(2), r.getString(3), roles(r.getString(4)), Instant.parse(r.getString(5)),
                            r.getString(6) == null ? null : Instant.parse(r.getString(6))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read users: " + e.getMessage(), e);
        }
    }

    private void update(String what, String sql, String... args) {
        try (Connection c = store.connection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
            }
            p.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
