package fr.geoeduc.server.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdministratorKeyTest {

    @Test
    void aShortKeyStopsTheServerWithAClearMessage() {
        assertThatThrownBy(() -> AdministratorKey.validated("admin123")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GEOEDUC_ADMIN_KEY has 8 characters").hasMessageContaining("at least 32");
        assertThat(AdministratorKey.validated(null)).isNull();
        assertThat(AdministratorKey.validated("  ")).isNull();
        String strong = "q4pN3v8yR1sT6wZ0bC5dF7gH2jK9mL4x";
        assertThat(AdministratorKey.validated(strong)).isEqualTo(strong);
        assertThat(AdministratorKey.matches(strong, "Bearer " + strong)).isTrue();
        assertThat(AdministratorKey.matches(strong, "Bearer " + strong.substring(1))).isFalse();
    }
}
