package fr.geoeduc.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EffectifsTest {

    @Test
    void wholeCountsHaveNoDecimals() {
        assertThat(Effectifs.effectif(118.0)).isEqualTo("118");
        assertThat(Effectifs.effectif(0.0)).isEqualTo("0");
        assertThat(Effectifs.effectif(12.5)).isEqualTo("12,5");
        assertThat(Effectifs.effectif(null)).isEqualTo("—");
    }

    @Test
    void aZeroMovementIsZeroAndOthersAreSigned() {
        assertThat(Effectifs.mouvement(0.0)).isEqualTo("0");
        assertThat(Effectifs.mouvement(-0.0)).isEqualTo("0");
        assertThat(Effectifs.mouvement(-0.01)).isEqualTo("0");
        assertThat(Effectifs.mouvement(-3.0)).isEqualTo("-3");
        assertThat(Effectifs.mouvement(4.0)).isEqualTo("+4");
        assertThat(Effectifs.mouvement(1.5)).isEqualTo("+1,5");
    }
}
