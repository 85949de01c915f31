package fr.geoeduc.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's virtual threads get two carrier threads per core, unless the user chose their number. */
class CarrierThreadsTest {

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(Main.CARRIERS);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(Main.CARRIERS);
        } else {
            System.setProperty(Main.CARRIERS, before);
        }
    }

    @Test
    void twoCarriersPerCoreByDefault() {
        System.clearProperty(Main.CARRIERS);
        Main.preemptibleCarriers();
        assertThat(System.getProperty(Main.CARRIERS)).isEqualTo(Integer.toString(2 * Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void theUsersChoiceWins() {
        System.setProperty(Main.CARRIERS, "3");
        Main.preemptibleCarriers();
        assertThat(System.getProperty(Main.CARRIERS)).isEqualTo("3");
    }

    @Test
    void aCommandSetsItBeforeAnyVirtualThreadExists() throws Exception {
        // in a fresh JVM, as the launcher runs it: the JDK's scheduler must have been created with that many carriers
        Path log = Files.createTempFile("carriers", ".log");
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    CarrierCount.class.getName())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log).strip()).endsWith("carriers=" + 2 * Runtime.getRuntime().availableProcessors());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Runs a command through {@link Main#run}, then keeps every carrier busy with virtual threads and counts them. */
    public static final class CarrierCount {
        public static void main(String[] args) throws Exception {
            Main.run("--version");
            int cores = Runtime.getRuntime().availableProcessors();
            java.util.Set<String> carriers = java.util.concurrent.ConcurrentHashMap.newKeySet();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            java.util.List<Thread> threads = new java.util.ArrayList<>();
            for (int i = 0; i < 8 * cores; i++) {
                // busy without blocking: each keeps its carrier until the deadline, so the others need more carriers
                threads.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < until) {
                        carriers.add(carrierName());
                        Thread.onSpinWait();
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            System.out.println("carriers=" + carriers.size());
        }

        private static String carrierName() {
            // a virtual thread's toString names its carrier: VirtualThread[#22]/runnable@ForkJoinPool-1-worker-3
            String s = Thread.currentThread().toString();
            return s.substring(s.indexOf('@') + 1);
        }
    }
}
