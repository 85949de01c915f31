package fr.geoeduc.app;

import fr.geoeduc.core.model.DatasetVersion;

/** Finds a version for a command, with the message a user needs when it does not exist. */
final class Versions {

    private Versions() {
    }

    static DatasetVersion resolve(Platform platform, String id, Integer number) {
        if (platform.store().dataset(id).isEmpty()) {
            throw new Main.UserError("unknown dataset '" + id + "' (jeu inconnu); list them with: geoeduc datasets");
        }
        if (number == null) {
            return platform.store().latest(id).orElseThrow(() -> new Main.UserError(id + " has no published version yet"));
        }
        return platform.store().version(id, number).orElseThrow(() -> new Main.UserError(id + " has no version " + number
                + " (versions: " + platform.store().versions(id).stream().map(v -> String.valueOf(v.number()))
                .reduce((a, b) -> a + ", " + b).orElse("none") + ")"));
    }
}
