package fr.geoeduc.core.access;

import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The data directory is 700 and its files 600 (database, WAL, audit journal and anchor, keys); the database holds no
 * pseudonymisation key in clear (sealed under the master key kept in {@code master.key}); keys stored in clear by an
 * earlier version are sealed when the platform opens, and open to the same bytes.
 */
class KeysAtRestTest {

    @TempDir
    Path data;

    static Convention convention(String id) {
        return new Convention(id, "2026-1", "Essai", 1, null, null,
                List.of(new Convention.Party("rectorat", Convention.Role.PROVIDER, null, null),
                        new Convention.Party("ville", Convention.Role.RECIPIENT, null, null)),
                new Convention.LegalBasis(List.of("L.212-7"), "RGPD 6.1.e", null), List.of(new Convention.Purpose("sectorisation", "L.212-7")),
                List.of(new Convention.DataScope("eleves", List.of("sexe"), Convention.Granularity.AGGREGATED,
                        new Convention.Territory("commune", List.of("35238")), null, true, List.of(), List.of(), 1,
                        new Convention.SecretRules(3, 0, List.of(List.of("sexe"))))),
                List.of(), null, null, null, new Convention.Retention(Map.of("eleves", 12), 3),
                new Convention.Rights("dpd@x.fr", Map.of(), "Recteur", null),
                new Convention.LifeCycle(LocalDate.now(), null, 12, false, null, null, null, List.of()), null);
    }

    List<String> storedKeys(SqliteStore store) throws Exception {
        List<String> keys = new ArrayList<>();
        try (Connection c = store.connection(); Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT secret_key FROM convention")) {
            while (r.next()) {
                keys.add(r.getString(1));
            }
        }
        return keys;
    }

    @Test
    void dataFilesAreOwnerOnlyAndKeysAreSealed() throws Exception {
        byte[] key;
        try (SqliteStore store = SqliteStore.open(data); AccessServices access = AccessServices.open(store, data, Clock.systemUTC())) {
            access.registry().saveOrganisation(new fr.geoeduc.core.access.Organisation("rectorat", "R", null, Organisation.Kind.ACADEMIE, List.of()));
            access.registry().saveOrganisation(new fr.geoeduc.core.access.Organisation("ville", "V", null, Organisation.Kind.COMMUNE, List.of()));
            access.registry().saveConvention(convention("conv-1"));
            key = access.registry().pseudonymKey("conv-1");
            access.auditWriter().submit(AuditEntry.granted(null, "c", "o", "conv-1@1", "eleves", "records", Map.of(), 1, null));
            access.auditWriter().flush();
            assertThat(storedKeys(store)).singleElement().satisfies(k -> {
                assertThat(k).startsWith("aesgcm1:").doesNotContain(Base64.getEncoder().encodeToString(key));
            });
            assertThat(Files.getPosixFilePermissions(data)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            List<Path> files;
            try (Stream<Path> all = Files.walk(data)) {
                files = all.toList();
            }
            assertThat(files).extracting(p -> data.relativize(p).toString())
                    .contains(SqliteStore.FILE_NAME, SqliteStore.FILE_NAME + "-wal", KeyVault.FILE, "audit.key", "audit.anchor", "token.key");
            for (Path f : files) {
                String expected = Files.isDirectory(f) ? "rwx------" : "rw-------";
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(data.relativize(f).toString()).isEqualTo(expected);
            }
        }
        try (SqliteStore store = SqliteStore.open(data)) {
            assertThat(new AccessRegistry(store).pseudonymKey("conv-1")).as("the same key after a restart").isEqualTo(key);
        }
        Files.writeString(data.resolve(KeyVault.FILE), Base64.getEncoder().encodeToString(new byte[32]));
        try (SqliteStore store = SqliteStore.open(data)) {
            assertThatThrownBy(() -> new AccessRegistry(store).pseudonymKey("conv-1")).hasMessageContaining("master key");
        }
    }

    @Test
    void clearKeysOfAnEarlierVersionAreSealedOnOpening() throws Exception {
        byte[] clear = new byte[32];
        clear[0] = 42;
        try (SqliteStore store = SqliteStore.open(data); AccessServices access = AccessServices.open(store, data, Clock.systemUTC())) {
            access.registry().saveOrganisation(new fr.geoeduc.core.access.Organisation("rectorat", "R", null, Organisation.Kind.ACADEMIE, List.of()));
            access.registry().saveOrganisation(new fr.geoeduc.core.access.Organisation("ville", "V", null, Organisation.Kind.COMMUNE, List.of()));
            access.registry().saveConvention(convention("conv-ancienne"));
            try (Connection c = store.connection(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE convention SET secret_key = '" + Base64.getEncoder().encodeToString(clear) + "'");
            }
        }
        try (SqliteStore store = SqliteStore.open(data); AccessServices access = AccessServices.open(store, data, Clock.systemUTC())) {
            assertThat(storedKeys(store)).allSatisfy(k -> assertThat(k).startsWith("aesgcm1:"));
            assertThat(access.registry().pseudonymKey("conv-ancienne")).isEqualTo(clear);
        }
    }

    @Test
    void aSealedKeyCannotBeMovedToAnotherConvention() {
        KeyVault vault = new KeyVault(new byte[32], null);
        String sealed = vault.seal("conv-a", new byte[]{1, 2, 3});
        assertThat(vault.open("conv-a", sealed)).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> vault.open("conv-b", sealed)).isInstanceOf(IllegalStateException.class);
        byte[] next = new byte[32];
        next[0] = 1;
        KeyVault rotated = new KeyVault(next, new byte[32]);
        assertThat(rotated.open("conv-a", sealed)).as("the previous master key still opens during a rotation").containsExactly(1, 2, 3);
        assertThat(rotated.sealedUnderCurrent("conv-a", sealed)).isFalse();
    }
}
