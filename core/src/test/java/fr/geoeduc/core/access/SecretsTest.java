package fr.geoeduc.core.access;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    @Test
    void identifiersAreNeverMaskedAsInesInTheAuditLog() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String id = Secrets.identifier("cli_", 16);
            assertThat(id).matches("cli_[a-z]{16}");
            assertThat(AuditLog.INE_SHAPED.matcher(id).find()).as(id).isFalse();
            seen.add(id);
        }
        assertThat(seen).hasSize(20_000);
    }
}
