package fr.geoeduc.server;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the real published files of ../shared/data (the build passes {@code geoeduc.shared}; CI has the
 * folder beside the checkout). Same lookup as core's test helper, kept here to avoid a test-jar dependency.
 */
final class TestData {

    static final String ANNUAIRE = "ille-et-vilaine/fr-en-annuaire-education.csv";
    static final String GEOLOC = "ille-et-vilaine/fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre.csv";
    static final String EFFECTIFS_SECOND_DEGRE = "ille-et-vilaine/fr-en-effectifs-second-degre.csv";

    private TestData() {
    }

    static Path root() {
        String configured = System.getProperty("geoeduc.shared");
        Path base = configured != null ? Path.of(configured) : Path.of("..", "shared");
        Path data = base.resolve("data").toAbsolutePath().normalize();
        if (!Files.isDirectory(data)) {
            Path up = Path.of("..", "..", "shared", "data").toAbsolutePath().normalize();
            data = Files.isDirectory(up) ? up : data;
        }
        return data;
    }

    /** A real file; the test is skipped (with the reason) when ../shared/data is absent. */
    static Path file(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), "real file not available: " + p + " (../shared/data missing)");
        return p;
    }
}
