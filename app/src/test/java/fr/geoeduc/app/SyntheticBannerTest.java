package fr.geoeduc.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntheticBannerTest {

    @Test
    void theDemoBannerIsFrenchOnly() {
        assertThat(ServeCommand.SYNTHETIC_BANNER).contains("données SYNTHÉTIQUES")
                .doesNotContainIgnoringCase("demo:").doesNotContainIgnoringCase("not real data");
    }
}
