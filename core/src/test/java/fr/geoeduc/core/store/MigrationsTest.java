package fr.geoeduc.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @TempDir
    Path dir;

    private Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"));
    }

    @Test
    void appliesEveryScriptOnceAndRecordsIt() throws SQLException {
        try (Connection c = open()) {
            int latest = Migrations.apply(c, Map.of("BLOB", "BLOB", "GIS_SETUP", ""));
            assertThat(latest).isGreaterThanOrEqualTo(7);
            assertThat(Migrations.current(c)).isEqualTo(latest);
            assertThat(Migrations.apply(c, Map.of("BLOB", "BLOB", "GIS_SETUP", ""))).isEqualTo(latest);
            assertThat(count(c, "SELECT COUNT(*) FROM schema_history")).isEqualTo(latest);
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void aFailingScriptIsNamedAndLeavesTheStoreAtItsVersion() throws SQLException {
        try (Connection c = open()) {
            Map<String, String> broken = Map.of("BLOB", "BLOB", "GIS_SETUP", "CREATE TABLE half_done (");
            assertThatThrownBy(() -> Migrations.apply(c, broken))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("migration V2__gis_publication.sql failed")
                    .hasMessageContaining("stays at version 0");
            assertThat(Migrations.current(c)).isZero();
            // V1 ran in the same transaction as the failing V2: rolled back with it
            assertThat(count(c, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'dataset'")).isZero();
            assertThat(c.getAutoCommit()).isTrue();

            // the next opening with the right dialect words applies everything
            assertThat(Migrations.apply(c, Map.of("BLOB", "BLOB", "GIS_SETUP", ""))).isEqualTo(Migrations.current(c));
            assertThat(count(c, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'dataset'")).isEqualTo(1);
        }
    }

    @Test
    void anUnexpectedFailureAlsoRollsBackEverything() throws SQLException {
        try (Connection c = open()) {
            Map<String, String> missing = new java.util.HashMap<>(Map.of("BLOB", "BLOB"));
            missing.put("GIS_SETUP", null); // a placeholder without a value: a NullPointerException, not an SQLException
            assertThatThrownBy(() -> Migrations.apply(c, missing))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("failed (the store stays at version 0)")
                    .hasRootCauseInstanceOf(NullPointerException.class);
            assertThat(Migrations.current(c)).isZero();
            assertThat(count(c, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'dataset'")).isZero();
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }
}
