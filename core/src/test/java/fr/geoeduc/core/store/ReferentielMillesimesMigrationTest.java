package fr.geoeduc.core.store;

import fr.geoeduc.core.referentiel.ReferentielFeature;
import fr.geoeduc.core.referentiel.ReferentielScope;
import fr.geoeduc.core.testing.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V14 on a store as GéoÉduc left it at V13 (one millésime per code, a NULL millésime where the load named none), on
 * SQLite and on a real PostgreSQL: every row is kept with its millésime, and a second millésime then lives beside it.
 */
class ReferentielMillesimesMigrationTest {

    private static final GeometryFactory GEOMETRY = new GeometryFactory();
    private static final Geometry RENNES = square(-1.75, 48.08);
    private static final Geometry VANNES = square(-2.8, 47.63);

    @TempDir
    Path dir;

    @Test
    void anEmbeddedStoreOfVersion13KeepsEveryReferentielRowWithItsMillesime() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteStore.FILE_NAME))) {
            storeOfVersion13(c, SqliteStore.PLACEHOLDERS);
        }
        try (SqliteStore store = SqliteStore.open(data)) {
            migratedAndSideBySide(store);
        }
    }

    @Test
    void aPostgresStoreOfVersion13KeepsEveryReferentielRowWithItsMillesime() throws Exception {
        try (PostgresDatabase database = PostgresDatabase.create()) {
            try (Connection c = database.connect()) {
                storeOfVersion13(c, PostgresStore.PLACEHOLDERS);
            }
            try (PostgresStore store = PostgresStore.open(database.url)) {
                migratedAndSideBySide(store);
            }
        }
    }

    private static void storeOfVersion13(Connection c, Map<String, String> placeholders) throws SQLException {
        assertThat(Migrations.apply(c, placeholders, 13)).isEqualTo(13);
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO referentiel (kind, scope, code, name, millesime, geometry) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert(p, "commune", "35", "35238", "Rennes", "2018", RENNES);
            insert(p, "commune", "56", "56260", "Vannes", null, VANNES); // loaded without --millesime
            insert(p, "departement", "all:35", "35", "Ille-et-Vilaine", "2018", RENNES);
        }
    }

    private static void migratedAndSideBySide(Store store) {
        assertThat(store.schemaVersion()).isGreaterThanOrEqualTo(14);
        assertThat(store.referentiel("commune")).extracting(f -> f.code() + " " + f.name() + " " + f.millesime())
                .containsExactly("35238 Rennes 2018", "56260 Vannes null");
        assertThat(store.referentiel("commune", "2018")).singleElement()
                .satisfies(f -> assertThat(f.geometry().equalsExact(RENNES)).isTrue());
        assertThat(store.referentiel("commune", null)).extracting(ReferentielFeature::code).containsExactly("56260");
        assertThat(store.referentiel("departement")).extracting(ReferentielFeature::millesime).containsExactly("2018");
        assertThat(store.referentielScopes("commune")).containsExactly(new ReferentielScope("commune", "35", "2018", 1),
                new ReferentielScope("commune", "56", null, 1));

        Geometry bigger = RENNES.buffer(0.01);
        store.replaceReferentiel("commune", "35", List.of(new ReferentielFeature("commune", "35238", "Rennes", "2024", bigger)));
        assertThat(store.referentiel("commune", "2018")).singleElement()
                .satisfies(f -> assertThat(f.geometry().equalsExact(RENNES)).as("2018 kept beside 2024").isTrue());
        assertThat(store.referentiel("commune")).filteredOn(f -> f.code().equals("35238")).singleElement()
                .satisfies(f -> assertThat(f.millesime()).isEqualTo("2024"));
    }

    private static void insert(PreparedStatement p, String kind, String scope, String code, String name, String millesime,
                               Geometry g) throws SQLException {
        p.setString(1, kind);
        p.setString(2, scope);
        p.setString(3, code);
        p.setString(4, name);
        p.setString(5, millesime);
        p.setBytes(6, new WKBWriter(2).write(g));
        p.executeUpdate();
    }

    private static Geometry square(double x, double y) {
        return GEOMETRY.createPolygon(new Coordinate[]{new Coordinate(x, y), new Coordinate(x + 0.1, y), new Coordinate(x + 0.1, y + 0.1),
                new Coordinate(x, y + 0.1), new Coordinate(x, y)});
    }
}
