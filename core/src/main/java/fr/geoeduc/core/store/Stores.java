package fr.geoeduc.core.store;

import java.nio.file.Path;

/** Opens a store from its location: a PostgreSQL URL, or a data directory for the embedded store. */
public final class Stores {

    private Stores() {
    }

    public static boolean isPostgres(String location) {
        return location.startsWith("postgresql://") || location.startsWith("postgres://") || location.startsWith("jdbc:postgresql:");
    }

    /** {@code postgresql://user:pw@host:port/db}, {@code sqlite:DIR} or a plain directory path. */
    public static Store open(String location) {
        if (isPostgres(location)) {
            return PostgresStore.open(location);
        }
        String dir = location.startsWith("sqlite:") ? location.substring("sqlite:".length()) : location;
        return SqliteStore.open(Path.of(dir));
    }
}
