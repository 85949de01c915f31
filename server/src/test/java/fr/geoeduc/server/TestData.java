package fr.geoeduc.server;

import fr.geoeduc.core.testing.SharedData;

import java.nio.file.Path;

/**
 * Locates the real published files of ../shared/data (the build passes {@code geoeduc.shared}; CI has the
 * folder beside the checkout), through core's test helper.
 */
final class TestData {

    static final String ANNUAIRE = "ille-et-vilaine/fr-en-annuaire-education.csv";
    static final String GEOLOC = "ille-et-vilaine/fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre.csv";
    static final String EFFECTIFS_SECOND_DEGRE = "ille-et-vilaine/fr-en-effectifs-second-degre.csv";

    private TestData() {
    }

    static Path root() {
        return SharedData.root();
    }

    /** A real file; the test is skipped (with the reason) when ../shared/data is absent. */
    static Path file(String relative) {
        return SharedData.file(relative);
    }

    /** The real annuaire of Ille-et-Vilaine, or a generated one written in {@code dir} when ../shared/data is absent. */
    static Path annuaire(Path dir) {
        return SharedData.annuaire(dir);
    }
}
