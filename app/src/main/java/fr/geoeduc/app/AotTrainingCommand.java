package fr.geoeduc.app;

import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code geoeduc aot-training} (hidden): the run the launcher records once, on a JDK 25+, into an ahead-of-time cache
 * ({@code -XX:AOTCacheOutput}) so that later commands start with their classes already loaded and linked. It does
 * what a user's commands do: help, ingest of CSV files (the synthetic sample), quality report, catalogue listing,
 * all in a throw-away data directory, output discarded.
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
        } finally {
            System.setOut(out);
            System.setErr(err);
            deleteTree(work);
        }
        out.println("aot-training: ok");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the system to clean
        }
    }
}
