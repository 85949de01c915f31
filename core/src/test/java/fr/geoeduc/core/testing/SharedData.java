package fr.geoeduc.core.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the real published files of ../shared/data (CI has them beside the checkout). */
public final class SharedData {

    private SharedData() {
    }

    public static Path root() {
        String configured = System.getProperty("geoeduc.shared");
        Path base = configured != null ? Path.of(configured) : Path.of("..", "shared");
        Path data = base.resolve("data").toAbsolutePath().normalize();
        if (!Files.isDirectory(data)) {
            Path up = Path.of("..", "..", "shared", "data").toAbsolutePath().normalize();
            data = Files.isDirectory(up) ? up : data;
        }
        return data;
    }

    public static boolean available() {
        return Files.isDirectory(root());
    }

    /** The path of a real file; the test is skipped (reported, with the reason) when ../shared/data is absent. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), "real file not available: " + p + " (../shared/data missing)");
        return p;
    }
}
