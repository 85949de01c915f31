package fr.geoeduc.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code geoeduc serve} with a guessable {@code GEOEDUC_ADMIN_KEY} stops at once with a plain message and exit code 1,
 * as an operator sees it (a separate process, the key in its environment), not with an "internal error" and a stack
 * trace.
 */
class ServeAdminKeyTest {

    @TempDir
    Path data;

    @Test
    void aShortAdministratorKeyStopsServeWithAPlainMessage() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--data", data.toString(), "serve", "--port", "0"));
        pb.environment().put("GEOEDUC_ADMIN_KEY", "admin123");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("serve returned instead of serving").isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isEqualTo(1);
            assertThat(output).contains("GEOEDUC_ADMIN_KEY has 8 characters", "at least 32", "openssl rand -base64 32")
                    .doesNotContain("internal error").doesNotContain("\tat ");
        } finally {
            p.destroyForcibly();
        }
    }
}
