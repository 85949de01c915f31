package fr.geoeduc.core.access;

import fr.geoeduc.core.store.SqliteStore;

import java.nio.file.Path;

/** Child process of {@link RegistryChangesTest}: revokes a client in the store of a data directory, as the CLI would. */
public final class RegistryRevokeMain {

    public static void main(String[] args) {
        try (SqliteStore store = SqliteStore.open(Path.of(args[0]))) {
            new AccessRegistry(store).revokeClient(args[1]);
        }
    }
}
