package fr.geoeduc.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a server loads before it answers (issue 22, start-up under 5 s): the schema registry (ingest only) and proj4j's
 * registry and datum grids (reprojection only) are no longer on the start path, and the launcher's ahead-of-time
 * training run starts a server and asks for its pages, so that the classes of Javalin, Jetty and the pages are in the
 * cache. Separate processes, their loaded classes read from {@code -Xlog:class+load}.
 */
class ServeStartPathTest {

    private static final Pattern SERVING = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir
    Path work;

    @Test
    void aServerAnswersWithoutLoadingTheSchemaRegistryOrProj4j() throws Exception {
        Path classes = work.resolve("classes.log");
        Process p = java(classes, "--data", work.resolve("data").toString(), "serve", "--port", "0").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            int port = -1;
            StringBuilder seen = new StringBuilder();
            for (String line; port < 0 && (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertThat(port).as(seen.toString()).isPositive();
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
            }
            String loaded = Files.readString(classes);
            assertThat(loaded).contains("io.javalin.Javalin ", "fr.geoeduc.server.GeoeducServer ", "fr.geoeduc.core.referentiel.CrsTransformer ")
                    .doesNotContain("fr.geoeduc.core.ingest.SchemaRegistry ")
                    .doesNotContain("org.locationtech.proj4j.Registry ")
                    .doesNotContain("org.locationtech.proj4j.datum.Grid ");
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    @Test
    void theTrainingRunStartsAServerAndAsksForItsPages() throws Exception {
        Path classes = work.resolve("training-classes.log");
        Process p = java(classes, "aot-training").start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        String loaded = Files.readString(classes);
        assertThat(loaded).contains("io.javalin.Javalin ", "org.eclipse.jetty.server.Server ", "fr.geoeduc.server.GeoeducServer ",
                "fr.geoeduc.server.web.CataloguePage ", "fr.geoeduc.server.explore.ExploreApi ", "fr.geoeduc.server.ogcapi.OgcApi ",
                "io.pebbletemplates.pebble.PebbleEngine ");
    }

    private static ProcessBuilder java(Path classLog, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xlog:class+load=info:file=" + classLog, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }
}
