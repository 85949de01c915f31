package fr.geoeduc.core.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A fresh database on the throw-away PostgreSQL + PostGIS cluster that .ci/run starts
 * ({@code GEOEDUC_TEST_PG}); without it, PostgreSQL tests are skipped with the reason, never passed.
 */
public final class PostgresDatabase implements AutoCloseable {

    public static final String ENV = "GEOEDUC_TEST_PG";
    private final String adminJdbc;
    private final String name;
    public final String url;

    private PostgresDatabase(String base) {
        URI uri = URI.create(base);
        String hostPort = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        String user = uri.getUserInfo() == null ? "" : uri.getUserInfo();
        this.adminJdbc = "jdbc:postgresql://" + hostPort + "/postgres" + (user.isEmpty() ? "" : "?user=" + user.split(":")[0]
                + (user.contains(":") ? "&password=" + user.split(":", 2)[1] : ""));
        this.name = "geoeduc_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.url = "postgresql://" + (user.isEmpty() ? "" : user + "@") + hostPort + "/" + name;
        ensureTemplate();
        execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    }

    private static final String TEMPLATE = "geoeduc_template_postgis";

    /** A template database with PostGIS already created: CREATE EXTENSION postgis takes seconds, a copy does not. */
    private synchronized void ensureTemplate() {
        try (Connection c = DriverManager.getConnection(adminJdbc); Statement s = c.createStatement()) {
            try (java.sql.ResultSet r = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + TEMPLATE + "'")) {
                if (r.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + TEMPLATE);
            try (Connection t = DriverManager.getConnection(adminJdbc.replace("/postgres", "/" + TEMPLATE));
                 Statement ts = t.createStatement()) {
                ts.execute("CREATE EXTENSION IF NOT EXISTS postgis");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the PostGIS template database: " + e.getMessage(), e);
        }
    }

    /** The test is skipped (reported, with the reason) when no PostgreSQL cluster is configured. */
    public static PostgresDatabase create() {
        String base = System.getenv(ENV);
        Assumptions.assumeTrue(base != null && !base.isBlank(),
                "PostgreSQL tests need " + ENV + " (a PostgreSQL 15 + PostGIS 3 cluster; .ci/run starts one with scripts/pg-test-cluster.sh)");
        return new PostgresDatabase(base);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(adminJdbc.replace("/postgres", "/" + name));
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(adminJdbc); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on the test cluster: " + e.getMessage(), e);
        }
    }

    /** Runs the cluster control script ({@code GEOEDUC_TEST_PG_CTL stop-now|start-again}); skips when absent. */
    public static void cluster(String action) {
        String ctl = System.getenv("GEOEDUC_TEST_PG_CTL");
        Assumptions.assumeTrue(ctl != null && !ctl.isBlank(), "stopping the cluster needs GEOEDUC_TEST_PG_CTL (set by .ci/run)");
        try {
            Process p = new ProcessBuilder(ctl, action).inheritIO().start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(ctl + " " + action + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}
