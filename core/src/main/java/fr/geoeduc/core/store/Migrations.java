package fr.geoeduc.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the versioned SQL migrations of {@code db/migration} in order, all pending ones in one transaction, and
 * records them in {@code schema_history}. Placeholders such as {@code ${BLOB}} (the dialect's binary type) or
 * {@code ${GIS_SETUP}} (PostGIS objects, empty on SQLite) are replaced before running a script.
 */
final class Migrations {

    private Migrations() {
    }

    static int apply(Connection c, java.util.Map<String, String> placeholders) throws SQLException {
        return apply(c, placeholders, Integer.MAX_VALUE);
    }

    /** Applies the scripts up to version {@code upTo} only: how a test makes a store as an older GéoÉduc left it. */
    static int apply(Connection c, java.util.Map<String, String> placeholders, int upTo) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_history (version INTEGER PRIMARY KEY, script VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL)");
                c.commit();
            }
            List<String> all = scripts();
            List<String> scripts = all.subList(0, Math.min(upTo, all.size()));
            int current = current(c);
            if (current < scripts.size()) {
                applyPending(c, placeholders, scripts, current);
            }
            c.setAutoCommit(auto);
            return scripts.size();
        } catch (SQLException | RuntimeException | Error e) {
            try {
                c.setAutoCommit(auto);
            } catch (SQLException restore) {
                e.addSuppressed(restore);
            }
            throw e;
        }
    }

    // all pending scripts in one transaction: a store is at one version or the next, never in between, and a fresh
    // store (every command of a new data directory) pays one commit instead of one per script
    private static void applyPending(Connection c, java.util.Map<String, String> placeholders, List<String> scripts,
                                     int current) throws SQLException {
        String step = "preparing the migrations";
        boolean committed = false;
        try (Statement s = c.createStatement();
             PreparedStatement history = c.prepareStatement("INSERT INTO schema_history (version, script, applied_at) VALUES (?, ?, ?)")) {
            for (int v = current + 1; v <= scripts.size(); v++) {
                String script = scripts.get(v - 1);
                step = "migration " + script;
                for (String statement : statements(script, placeholders)) {
                    s.execute(statement);
                }
                history.setInt(1, v);
                history.setString(2, script);
                history.setString(3, Instant.now().toString());
                history.executeUpdate();
            }
            step = "commit of migrations " + scripts.get(current) + " to " + scripts.get(scripts.size() - 1);
            c.commit();
            committed = true;
        } catch (SQLException | RuntimeException | Error e) {
            if (committed) {
                return; // closing the statements failed after the commit: the migrations are applied
            }
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            if (e instanceof Error error) {
                throw error;
            }
            throw new SQLException(step + " failed (the store stays at version " + current + "): " + e.getMessage(), e);
        }
    }

    private static List<String> statements(String script, java.util.Map<String, String> placeholders) {
        String text = read(script);
        for (java.util.Map.Entry<String, String> e : placeholders.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        List<String> statements = new ArrayList<>();
        for (String sql : text.split(";\\s*\\n")) {
            StringBuilder statement = new StringBuilder();
            sql.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> statement.append('\n').append(l));
            String stmt = statement.toString().strip();
            if (!stmt.isEmpty()) {
                statements.add(stmt);
            }
        }
        return statements;
    }

    static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT MAX(version) FROM schema_history")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    private static List<String> scripts() {
        List<String> names = new ArrayList<>();
        for (String line : read("index.txt").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        return names;
    }

    // the scripts are resources of the jar: read once per process, not once per store opened
    private static final java.util.Map<String, String> TEXTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String read(String name) {
        return TEXTS.computeIfAbsent(name, Migrations::readResource);
    }

    private static String readResource(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
