package fr.geoeduc.core.store.contract;

import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.store.PostgresStore;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.testing.PostgresDatabase;
import fr.geoeduc.core.testing.SharedData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The store contract on a real PostgreSQL 15 + PostGIS 3, plus what only PostgreSQL does: GIS tables. */
class PostgresStoreContractTest extends StoreContract {

    private PostgresDatabase database;

    @Override
    Store open() {
        if (database == null) {
            database = PostgresDatabase.create();
        }
        return PostgresStore.open(database.url);
    }

    @Override
    Connection raw() throws SQLException {
        return database.connect();
    }

    @AfterEach
    void dropDatabase() {
        if (store != null) {
            store.close();
            store = null;
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void publishedVersionsAreGisTablesWithASpatialIndexAndACurrentView() throws Exception {
        String id = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre";
        ingest(SharedData.file("national/fr-en-adresse-et-geolocalisation-colleges-2024.csv"), id);
        ingest(SharedData.file("ille-et-vilaine/fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre.csv"), id);
        try (Connection c = raw(); Statement s = c.createStatement()) {
            ResultSet tables = s.executeQuery("SELECT version, table_name, view_name, geometry_columns FROM donnees.tables_publiees "
                    + "WHERE dataset_id = '" + id + "' ORDER BY version");
            assertThat(tables.next()).isTrue();
            String v1 = tables.getString(2);
            String view = tables.getString(3);
            assertThat(tables.getString(4)).isEqualTo("position");
            assertThat(tables.next()).isTrue();
            String v2 = tables.getString(2);
            assertThat(v1).hasSizeLessThanOrEqualTo(63).endsWith("_v1");
            assertThat(v2).endsWith("_v2");
            assertThat(scalar(s, "SELECT COUNT(*) FROM donnees.\"" + v1 + "\"")).isEqualTo(7654);
            assertThat(scalar(s, "SELECT COUNT(*) FROM donnees.\"" + view + "\"")).as("the view shows the current version").isEqualTo(117);
            assertThat(scalar(s, "SELECT COUNT(*) FROM donnees.\"" + v1 + "\" WHERE ST_SRID(position) = 4326")).isEqualTo(7654 - 147);
            assertThat(scalar(s, "SELECT COUNT(*) FROM geometry_columns WHERE f_table_schema = 'donnees' AND f_table_name = '" + v1
                    + "' AND srid = 4326 AND type = 'POINT'")).isEqualTo(1);
            assertThat(scalar(s, "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = 'donnees' AND tablename = '" + v1
                    + "' AND indexdef LIKE '%USING gist%'")).isEqualTo(1);
            assertThat(scalar(s, "SELECT COUNT(*) FROM donnees.\"" + v1 + "\" WHERE numero_uai = '0350017D' "
                    + "AND ST_DWithin(position::geography, ST_SetSRID(ST_MakePoint(-1.93, 47.99), 4326)::geography, 50000)")).isEqualTo(1);
            assertThat(scalar(s, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'donnees' AND table_name LIKE 'stg_%'"))
                    .as("no staging table left").isZero();
        }
    }

    @Test
    void restrictedDatasetsAreNotExposedAsGisTables() throws Exception {
        ingester.ingest(new IngestRequest(SharedData.file("national/fr-en-ips-colleges-extract.csv").toString(), "fr-en-ips_colleges",
                AccessLevel.RESTRICTED, null, null), ProgressListener.NONE);
        try (Connection c = raw(); Statement s = c.createStatement()) {
            assertThat(scalar(s, "SELECT COUNT(*) FROM donnees.tables_publiees")).isZero();
            assertThat(scalar(s, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'donnees' AND table_name <> 'tables_publiees'"))
                    .isZero();
        }
    }

    private static long scalar(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
