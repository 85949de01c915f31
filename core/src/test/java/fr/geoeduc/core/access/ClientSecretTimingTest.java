package fr.geoeduc.core.access;

import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An unknown (or revoked) client id costs the same password hash as a wrong secret: timing does not tell whether an id exists. */
class ClientSecretTimingTest {

    @TempDir
    Path dir;

    @Test
    void unknownClientIdsAnswerAsSlowlyAsWrongSecrets() {
        try (SqliteStore store = SqliteStore.open(dir)) {
            AccessRegistry registry = new AccessRegistry(store);
            registry.saveOrganisation(new Organisation("ville", "Ville", null, Organisation.Kind.COMMUNE, List.of()));
            AccessRegistry.NewClient known = registry.createClient("ville", "sig", 100);
            AccessRegistry.NewClient revoked = registry.createClient("ville", "ancien", 100);
            registry.revokeClient(revoked.client().id());
            assertThat(registry.authenticate(known.client().id(), known.clientSecret())).isPresent();
            registry.authenticate("cli_warmup", "x"); // computes the dummy hash once
            int rounds = 21;
            long[] wrong = new long[rounds];
            long[] unknown = new long[rounds];
            long[] gone = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                String nobody = "cli_nosuchclient" + i;
                for (int j = 0; j < 3; j++) { // a different order each round: no kind always runs first
                    switch ((i + j) % 3) {
                        case 0 -> wrong[i] = time(() -> registry.authenticate(known.client().id(), "ges_wrong"));
                        case 1 -> unknown[i] = time(() -> registry.authenticate(nobody, "ges_wrong"));
                        default -> gone[i] = time(() -> registry.authenticate(revoked.client().id(), revoked.clientSecret()));
                    }
                }
            }
            double w = median(wrong);
            double u = median(unknown);
            double g = median(gone);
            assertThat(w).as("a wrong secret costs a password hash (ms)").isGreaterThan(5);
            double tolerance = Math.max(3, 0.10 * w);
            assertThat(Math.abs(u - w)).as("unknown id %.1f ms vs wrong secret %.1f ms: %s / %s", u, w, Arrays.toString(unknown), Arrays.toString(wrong)).isLessThan(tolerance);
            assertThat(Math.abs(g - w)).as("revoked id %.1f ms vs wrong secret %.1f ms", g, w).isLessThan(tolerance);
        }
    }

    /** CPU time of this thread: what the answer costs, without the waits of a machine shared with other builds. */
    private static long time(Runnable r) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        r.run();
        return threads.getCurrentThreadCpuTime() - start;
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }
}
