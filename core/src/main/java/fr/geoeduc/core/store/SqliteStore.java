package fr.geoeduc.core.store;

import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The embedded store: one SQLite file ({@code geoeduc.db}) under the data directory, in WAL mode so that
 * readers (the server) never wait for an ingest, and crash-safe: a killed ingest leaves only staged blocks.
 */
public final class SqliteStore extends JdbcStore {

    public static final String FILE_NAME = "geoeduc.db";
    private final Path file;
    private final SQLiteConfig config;
    private final com.zaxxer.hikari.HikariDataSource pool;

    private SqliteStore(Path file) {
        this.file = file;
        this.config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(120_000);
        config.enforceForeignKeys(true);
        // every write transaction takes the write lock at BEGIN: two publications never read the same MAX(version)
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // a small pool: opening a SQLite connection re-applies the pragmas and, when the last one closes,
        // checkpoints the WAL with fsyncs; keeping connections open makes each request cost a query, not a file open
        org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file);
        com.zaxxer.hikari.HikariConfig hikari = new com.zaxxer.hikari.HikariConfig();
        hikari.setDataSource(source);
        hikari.setPoolName("geoeduc-sqlite");
        hikari.setMaximumPoolSize(Integer.getInteger("geoeduc.sqlite.pool", 8));
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(120_000);
        hikari.setAutoCommit(true);
        this.pool = new com.zaxxer.hikari.HikariDataSource(hikari);
    }

    private ChangeCounter registryChanges;
    private ChangeCounter catalogueChanges;

    public static SqliteStore open(Path dataDir) {
        try {
            PrivateFiles.directory(dataDir);
            Path db = dataDir.resolve(FILE_NAME);
            if (!Files.exists(db)) {
                Files.createFile(db, PrivateFiles.owner()); // SQLite gives its WAL and shared-memory files the database's mode
            }
            for (String f : new String[]{FILE_NAME, FILE_NAME + "-wal", FILE_NAME + "-shm", FILE_NAME + "-journal"}) {
                PrivateFiles.restrict(dataDir.resolve(f)); // databases created by earlier versions were 644
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        SqliteStore store = new SqliteStore(dataDir.resolve(FILE_NAME));
        store.initialise();
        return store;
    }

    @Override
    public java.util.Optional<Path> keyDirectory() {
        return java.util.Optional.of(file.toAbsolutePath().getParent());
    }

    @Override
    protected Connection connect() throws SQLException {
        return pool.getConnection();
    }

    /** The dialect words of the migration scripts on SQLite. */
    static final java.util.Map<String, String> PLACEHOLDERS = java.util.Map.of("BLOB", "BLOB", "GIS_SETUP", "");

    @Override
    protected java.util.Map<String, String> placeholders() {
        return PLACEHOLDERS;
    }

    @Override
    protected void beginPublication(Connection c, String datasetId) {
        // the IMMEDIATE transaction mode already takes the write lock when the publication transaction begins
    }

    @Override
    public String describe() {
        return "the embedded store " + file;
    }

    @Override
    public synchronized Optional<ChangeCounter> registryChanges() {
        if (registryChanges == null) {
            registryChanges = ChangeCounter.open(file.resolveSibling(file.getFileName() + "-registre"));
        }
        return Optional.of(registryChanges);
    }

    @Override
    public synchronized Optional<ChangeCounter> catalogueChanges() {
        if (catalogueChanges == null) {
            catalogueChanges = ChangeCounter.open(file.resolveSibling(file.getFileName() + "-catalogue"));
        }
        return Optional.of(catalogueChanges);
    }

    @Override
    public void close() {
        pool.close();
        synchronized (this) {
            if (registryChanges != null) {
                registryChanges.close();
            }
            if (catalogueChanges != null) {
                catalogueChanges.close();
            }
        }
    }

    public Path file() {
        return file;
    }
}
