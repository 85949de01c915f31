package fr.geoeduc.core.join;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The specs of published jointures, kept as written ({@code jointures/ID.yaml} in the data directory) so that
 * {@code join refresh ID} runs the same spec again on the inputs' latest versions.
 */
public final class JoinSpecs {

    private final Path dir;

    public JoinSpecs(Path dir) {
        this.dir = dir;
    }

    /** Keeps the spec of a published jointure (after its publication; replaced atomically). */
    public void save(JoinPlan plan) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, plan.id(), ".tmp");
            Files.writeString(tmp, plan.text(), StandardCharsets.UTF_8);
            Files.move(tmp, file(plan.id()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<JoinPlan> load(String id) {
        Path f = file(id);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JoinPlanParser.parse(Files.readString(f, StandardCharsets.UTF_8), f.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String id) {
        if (!id.matches("[a-z0-9][a-z0-9_.-]{0,199}")) {
            throw new JoinException("identifiant invalide '" + id + "'");
        }
        return dir.resolve(id + ".yaml");
    }
}
