package fr.geoeduc.server.cartescolaire;

import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.server.TestServer;

/**
 * What the simulations of the carte scolaire read, from the real files of ../shared/data (the test is skipped when the
 * folder is absent): the carte of Ille-et-Vilaine's public collèges, the écoles' pupils, the annuaire and the écoles' IPS.
 */
public final class SimulationData {

    private SimulationData() {
    }

    public static TestServer ingest(TestServer server) {
        return server.ingestShared("ille-et-vilaine/fr-en-carte-scolaire-colleges-publics.csv", "fr-en-carte-scolaire-colleges-publics")
                .ingestShared("ille-et-vilaine/fr-en-ecoles-effectifs-nb_classes.csv", "fr-en-ecoles-effectifs-nb_classes")
                .ingestShared(SharedData.ANNUAIRE, "fr-en-annuaire-education")
                .ingestShared("national/fr-en-ips_ecoles-2021-2022.csv", "fr-en-ips_ecoles");
    }
}
