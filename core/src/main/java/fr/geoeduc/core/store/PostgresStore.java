package fr.geoeduc.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.Schema;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The production store: PostgreSQL 15+ with PostGIS 3, through a connection pool. Same contract as the
 * embedded store; in addition every published version of an open dataset is a table of the schema
 * {@code donnees} with a {@code geometry(…, 4326)} column and a spatial index, and a view per dataset points to
 * the current version (see {@link GisTables}), so that QGIS users read them directly.
 */
public final class PostgresStore extends JdbcStore {

    private static final String GIS_SETUP = String.join(";\n",
            "CREATE EXTENSION IF NOT EXISTS postgis",
            "CREATE SCHEMA IF NOT EXISTS donnees",
            "CREATE TABLE donnees.tables_publiees (dataset_id VARCHAR(200) NOT NULL, version INTEGER NOT NULL, "
                    + "table_name VARCHAR(63) NOT NULL, view_name VARCHAR(63) NOT NULL, geometry_columns TEXT, "
                    + "published_at VARCHAR(40) NOT NULL, PRIMARY KEY (dataset_id, version))",
            "COMMENT ON SCHEMA donnees IS 'GéoÉduc : une table par version publiée des jeux ouverts, une vue par jeu (version courante)'")
            + ";\n";
    private final HikariDataSource pool;
    private final String display;
    private final GisTables gis = new GisTables();

    private PostgresStore(HikariDataSource pool, String display) {
        this.pool = pool;
        this.display = display;
    }

    /** Opens {@code postgresql://user:password@host:port/database} (or a {@code jdbc:postgresql:} URL). */
    public static PostgresStore open(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl(url));
        URI uri = URI.create(url.startsWith("jdbc:") ? url.substring(5) : url);
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            config.setUsername(URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
            if (parts.length > 1) {
                config.setPassword(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        config.setPoolName("geoeduc");
        config.setMaximumPoolSize(Integer.getInteger("geoeduc.pg.pool", 8));
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(true);
        String display = "the PostgreSQL store " + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath();
        PostgresStore store = new PostgresStore(new HikariDataSource(config), display);
        try {
            store.initialise();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    static String jdbcUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return url;
        }
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw new StoreException("not a PostgreSQL URL: " + url + " (expected postgresql://user:password@host:port/database)");
        }
        URI uri = URI.create(url);
        return "jdbc:postgresql://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getPath()
                + (uri.getQuery() == null ? "" : "?" + uri.getQuery());
    }

    @Override
    protected Connection connect() throws SQLException {
        return pool.getConnection();
    }

    @Override
    protected void initialise() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            // two processes opening a fresh database at once: one migrates, the other waits
            s.execute("SELECT pg_advisory_lock(hashtext('geoeduc.migrations'))");
            try {
                super.initialise();
            } finally {
                s.execute("SELECT pg_advisory_unlock(hashtext('geoeduc.migrations'))");
            }
        } catch (SQLException e) {
            throw new StoreException("cannot open " + display + ": " + e.getMessage(), e);
        }
    }

    /** The dialect words of the migration scripts on PostgreSQL. */
    static final Map<String, String> PLACEHOLDERS = Map.of("BLOB", "BYTEA", "GIS_SETUP", GIS_SETUP);

    @Override
    protected Map<String, String> placeholders() {
        return PLACEHOLDERS;
    }

    @Override
    protected void beginPublication(Connection c, String datasetId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            p.setString(1, "geoeduc.publish." + datasetId);
            p.execute();
        }
    }

    @Override
    protected void stageRows(Connection c, String batch, Schema schema, java.util.List<Object[]> rows) throws SQLException {
        gis.stage(c, batch, schema, rows);
    }

    @Override
    protected void publishStaged(Connection c, String batch, DatasetDefinition definition, int version, Schema schema)
            throws SQLException {
        if (definition.accessLevel() == AccessLevel.OPEN) {
            gis.publish(c, batch, definition.id(), version, schema);
        } else {
            gis.discard(c, batch);
        }
    }

    @Override
    protected void discardStaged(Connection c, String batch) throws SQLException {
        gis.discard(c, batch);
    }

    @Override
    public String describe() {
        return display;
    }

    @Override
    public void close() {
        pool.close();
    }
}
