package fr.geoeduc.core.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the real published files of ../shared/data (CI has them beside the checkout). */
public final class SharedData {

    public static final String ANNUAIRE = "ille-et-vilaine/fr-en-annuaire-education.csv";

    private SharedData() {
    }

    public static Path root() {
        String configured = System.getProperty("geoeduc.shared");
        Path base = configured != null ? Path.of(configured) : Path.of("..", "shared");
        Path data = base.resolve("data").toAbsolutePath().normalize();
        if (configured == null && !Files.isDirectory(data)) { // a configured folder is the answer, present or not
            Path up = Path.of("..", "..", "shared", "data").toAbsolutePath().normalize();
            data = Files.isDirectory(up) ? up : data;
        }
        return data;
    }

    public static boolean available() {
        return Files.isDirectory(root());
    }

    /** The real annuaire of Ille-et-Vilaine, or a generated one in {@code dir} when ../shared/data is absent. */
    public static Path annuaire(Path dir) {
        Path real = root().resolve(ANNUAIRE);
        return Files.isRegularFile(real) ? real : AnnuaireFixture.write(dir.resolve("annuaire-genere.csv"), 1000, 35);
    }

    /** The number of rows of an annuaire file (real or generated): lines but the header. */
    public static long rows(Path csv) {
        try (var lines = Files.lines(csv)) {
            return lines.filter(l -> !l.isEmpty()).count() - 1;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The path of a real file; the test is skipped (reported, with the reason) when ../shared/data is absent. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), "real file not available: " + p + " (../shared/data missing)");
        return p;
    }
}
