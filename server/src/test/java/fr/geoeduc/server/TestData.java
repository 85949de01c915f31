package fr.geoeduc.server;

import fr.geoeduc.core.testing.SharedData;

import java.nio.file.Path;

/**
 * Locates the real published files of ../shared/data (the build passes {@code geoeduc.shared}; CI has the
 * folder beside the checkout), through core's test helper, or their generated stand-ins ({@link GeneratedFiles}).
 */
final class TestData {

    static final String ANNUAIRE = "ille-et-vilaine/fr-en-annuaire-education.csv";
    static final String GEOLOC = "ille-et-vilaine/fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre.csv";
    static final String EFFECTIFS_SECOND_DEGRE = "ille-et-vilaine/fr-en-effectifs-second-degre.csv";
    static final String CARTE_SCOLAIRE = "ille-et-vilaine/fr-en-carte-scolaire-colleges-publics.csv";
    static final String COLLEGE_EFFECTIFS = "ille-et-vilaine/fr-en-college-effectifs-niveau-sexe-lv.csv";
    static final String ECOLES_EFFECTIFS = "ille-et-vilaine/fr-en-ecoles-effectifs-nb_classes.csv";
    static final String GEOLOC_COLLEGES = "national/fr-en-adresse-et-geolocalisation-colleges-2024.csv";
    static final String IPS_ECOLES = "national/fr-en-ips_ecoles-2021-2022.csv";
    static final String VALEUR_AJOUTEE = "national/fr-en-indicateurs-valeur-ajoutee-colleges.csv";
    static final String DEPARTEMENTS_GEOJSON = "geometry/departements.geojson";

    private TestData() {
    }

    static Path root() {
        return SharedData.root();
    }

    /** Whether the real files are there (tests then also check figures known of them). */
    static boolean real() {
        return SharedData.available();
    }

    /** A real file; the test is skipped (with the reason) when ../shared/data is absent. */
    static Path file(String relative) {
        return SharedData.file(relative);
    }

    /** The real file, or its generated stand-in written in {@code dir} when ../shared/data is absent. */
    static Path fileOrGenerated(String relative, Path dir) {
        return GeneratedFiles.fileOrGenerated(relative, dir);
    }

    /** The real annuaire of Ille-et-Vilaine, or a generated one written in {@code dir} when ../shared/data is absent. */
    static Path annuaire(Path dir) {
        return SharedData.annuaire(dir);
    }
}
