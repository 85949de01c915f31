package fr.geoeduc.server.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The communes' millésime is part of a simulation's state: kept in its URL query, so a saved simulation keeps it. */
class SimulationEtatTest {

    @Test
    void theMillesimeOfTheCommunesIsKeptInTheQuery() {
        SimulationEtat etat = SimulationEtat.depuis("eleves=ecoles&deplacer=35163%3A0350002B&millesime_communes=2018");
        assertThat(etat.millesimeCommunes()).isEqualTo("2018");
        assertThat(etat.query()).isEqualTo("eleves=ecoles&deplacer=35163%3A0350002B&millesime_communes=2018");
        assertThat(SimulationEtat.depuis(etat.query())).isEqualTo(etat);
        assertThat(etat.resume()).contains("communes 2018");
        SimulationEtat courant = SimulationEtat.depuis("eleves=ecoles&deplacer=35163%3A0350002B&millesime_communes=");
        assertThat(courant.millesimeCommunes()).isNull();
        assertThat(courant.query()).doesNotContain("millesime");
    }
}
