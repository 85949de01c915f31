package fr.geoeduc.core.store.contract;

import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.core.store.Store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The store contract on the embedded SQLite store. */
class SqliteStoreContractTest extends StoreContract {

    @Override
    Store open() {
        return SqliteStore.open(dir.resolve("data"));
    }

    @Override
    Connection raw() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve(SqliteStore.FILE_NAME));
    }
}
