package fr.geoeduc.core.access;

import fr.geoeduc.core.store.ChangeCounter;
import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry change made through another store handle (another process in production) is seen by the very next
 * read of a cached registry: no time window, thanks to the counter every process shares through the data directory.
 */
class RegistryChangesTest {

    @TempDir
    Path dir;

    @Test
    void twoMappingsOfTheCounterSeeEachOthersIncrements() {
        try (ChangeCounter a = ChangeCounter.open(dir.resolve("c")); ChangeCounter b = ChangeCounter.open(dir.resolve("c"))) {
            long before = b.get();
            a.increment();
            a.increment();
            assertThat(b.get()).isEqualTo(before + 2);
        }
    }

    @Test
    void aRevocationThroughAnotherHandleActsOnTheNextReadAndOtherwiseTheCacheIsNotRechecked() throws Exception {
        try (SqliteStore server = SqliteStore.open(dir); SqliteStore cli = SqliteStore.open(dir)) {
            AccessRegistry served = new AccessRegistry(server);
            served.saveOrganisation(new Organisation("ville", "Ville", null, Organisation.Kind.COMMUNE, List.of()));
            AccessRegistry.NewClient client = served.createClient("ville", "sig", 100);
            assertThat(served.clientByKey(client.apiKey())).isPresent(); // now cached
            long checks = served.databaseChecks();
            Thread.sleep(20);
            for (int i = 0; i < 1000; i++) {
                assertThat(served.clientByKey(client.apiKey())).isPresent();
            }
            assertThat(served.databaseChecks()).as("nothing changed: requests do not read the database").isEqualTo(checks);
            new AccessRegistry(cli).revokeClient(client.client().id());
            assertThat(served.clientByKey(client.apiKey())).as("revoked by another handle: refused at once").isEmpty();
            assertThat(served.databaseChecks()).isEqualTo(checks + 1);
        }
    }

    @Test
    void aRevocationByAnotherProcessActsOnTheNextRead() throws Exception {
        try (SqliteStore server = SqliteStore.open(dir)) {
            AccessRegistry served = new AccessRegistry(server);
            served.saveOrganisation(new Organisation("ville", "Ville", null, Organisation.Kind.COMMUNE, List.of()));
            AccessRegistry.NewClient client = served.createClient("ville", "sig", 100);
            assertThat(served.clientByKey(client.apiKey())).isPresent();
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(javaBin, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    RegistryRevokeMain.class.getName(), dir.toString(), client.client().id()).redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor()).as(output).isZero();
            assertThat(served.clientByKey(client.apiKey())).as("revoked by another process").isEmpty();
        }
    }
}
