package fr.geoeduc.app;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Locates the real published files of ../shared/data (the build passes {@code geoeduc.shared}; CI has the
 * folder beside the checkout). Same lookup as core's test helper, kept here to avoid a test-jar dependency.
 */
final class TestData {

    static final String ANNUAIRE = "ille-et-vilaine/fr-en-annuaire-education.csv";
    static final String GEOLOC = "ille-et-vilaine/fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre.csv";
    static final String CARTE = "ille-et-vilaine/fr-en-carte-scolaire-colleges-publics.csv";
    static final String EFFECTIFS_ECOLES = "ille-et-vilaine/fr-en-ecoles-effectifs-nb_classes.csv";
    static final String IPS_ECOLES = "national/fr-en-ips_ecoles-2021-2022.csv";
    static final String COMMUNES_35 = "geometry/communes-2018/communes-35-ille-et-vilaine.geojson";

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

    /**
     * The COG history extract bundled with core: the source file when the checkout is there, else the copy on the
     * classpath (core's jar) written to {@code dir}.
     */
    static Path cogExtract(Path dir) {
        Path source = Path.of("..", "core", "src", "main", "resources", "referentiel", "cog-mouvements-35-extrait.csv");
        if (Files.isRegularFile(source)) {
            return source.toAbsolutePath().normalize();
        }
        try (InputStream in = TestData.class.getResourceAsStream("/referentiel/cog-mouvements-35-extrait.csv")) {
            Assumptions.assumeTrue(in != null, "cog-mouvements-35-extrait.csv neither in core/src nor on the classpath");
            Path copy = dir.resolve("cog-mouvements-35-extrait.csv");
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
