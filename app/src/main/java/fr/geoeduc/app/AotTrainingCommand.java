package fr.geoeduc.app;

import picocli.CommandLine.Command;

import fr.geoeduc.server.GeoeducServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code geoeduc aot-training} (hidden): the run the launcher records once, on a JDK 25+, into an ahead-of-time cache
 * ({@code -XX:AOTCacheOutput}) so that later commands start with their classes already loaded and linked. It does
 * what a user's commands do: help, ingest of CSV files (the synthetic sample), quality report, catalogue listing,
 * then starts the server on the same store (a free port of the loopback interface) and asks it for its usual pages
 * and API answers: a server's start-up was mostly the loading of Javalin's, Jetty's and the pages' classes, which the
 * cache now holds. All in a throw-away data directory, output discarded.
 */
@Command(name = "aot-training", hidden = true)
final class AotTrainingCommand implements Runnable {

    @Override
    public void run() {
        Path work;
        try {
            work = Files.createTempDirectory("geoeduc-aot-training");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        try {
            Path sample = work.resolve("sample");
            SyntheticSample.generate(sample);
            String data = work.resolve("data").toString();
            // its own embedded store, whatever GEOEDUC_STORE says: the training must never write into the user's store
            String store = "sqlite:" + data;
            System.setOut(discard);
            System.setErr(discard);
            String[][] commands = {
                    {"--help"},
                    {"--data", data, "--store", store, "ingest", sample.resolve(SyntheticSample.ANNUAIRE).toString(), "--dataset", "fr-en-annuaire-education"},
                    {"--data", data, "--store", store, "ingest", sample.resolve(SyntheticSample.IPS).toString(), "--dataset", "fr-en-ips_ecoles"},
                    {"--data", data, "--store", store, "ingest", sample.resolve(SyntheticSample.EFFECTIFS).toString(), "--dataset", "fr-en-ecoles-effectifs-nb_classes"},
                    {"--data", data, "--store", store, "referentiel", "load", "communes", sample.resolve(SyntheticSample.COMMUNES).toString()},
                    {"--data", data, "--store", store, "datasets"},
                    {"--data", data, "--store", store, "show", "fr-en-annuaire-education"},
                    {"--data", data, "--store", store, "quality", "fr-en-annuaire-education"},
                    {"--data", data, "--store", store, "quality", "fr-en-annuaire-education", "--format", "json"},
                    {"--data", data, "--store", store, "versions", "fr-en-annuaire-education"},
            };
            for (String[] command : commands) {
                int code = Main.run(command);
                if (code != 0) {
                    throw new Main.UserError("training command failed (exit " + code + "): " + String.join(" ", command));
                }
            }
            serve(Path.of(data), store);
        } finally {
            System.setOut(out);
            System.setErr(err);
            deleteTree(work);
        }
        out.println("aot-training: ok");
    }

    /** Paths a server is asked for first: its health, the pages, the catalogue, records and a map's layers. */
    static final List<String> SERVED = List.of(
            "/api/health", "/", "/catalogue", "/jeux/fr-en-annuaire-education", "/carte", "/carte-scolaire", "/jointures",
            "/api/explore/v2.1/catalog/datasets",
            "/api/explore/v2.1/catalog/datasets/fr-en-annuaire-education/records?limit=10&where=code_postal%20like%20%2235%25%22",
            "/api/explore/v2.1/catalog/datasets/fr-en-annuaire-education/records?group_by=type_etablissement&select=count(*)%20as%20n",
            "/api/explore/v2.1/catalog/datasets/fr-en-annuaire-education/exports/csv?limit=50",
            "/api/explore/v2.1/catalog/datasets/fr-en-annuaire-education/exports/geojson?limit=50",
            "/ogc/collections", "/ogc/collections/fr-en-annuaire-education/items?limit=10",
            "/static/js/carte.js", "/static/geoeduc.css", "/inexistant");

    private static void serve(Path data, String store) {
        try (Platform platform = Platform.open(data, store)) {
            GeoeducServer server = GeoeducServer.start(platform.store(), platform.access(), "127.0.0.1", 0, null,
                    fr.geoeduc.server.explore.QuotaSettings.fromEnvironment());
            try (HttpClient http = HttpClient.newHttpClient()) {
                for (String path : SERVED) {
                    HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                            .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (path.equals("/api/health") && answer.statusCode() != 200) {
                        throw new Main.UserError("training server: /api/health answered " + answer.statusCode());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("training server", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Main.UserError("training interrupted");
            } finally {
                server.close();
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the system to clean
        }
    }
}
