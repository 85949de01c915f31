package fr.geoeduc.app;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline demo shows the platform's restricted side too: a restricted SYNTHETIC pupils dataset and an active
 * convention granting it to the demo account's organisation, the INE pseudonymised; nothing for an anonymous caller;
 * a second run reuses both.
 */
class DemoConventionTest {

    @TempDir
    Path data;

    private static final QueryEngine.Request ALL = new QueryEngine.Request(null, List.of(), null, null, 1000, 0, List.of(), List.of(),
            new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC));

    @Test
    void theOfflineDemoGrantsARestrictedPseudonymisedPupilsDatasetToTheDemoOrganisationOnce() {
        CliRun first = CliRun.in(data, "demo", "--offline", "--no-serve");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains(DemoConvention.DATASET, DemoConvention.CONVENTION, "/conventions", "/jeux/" + DemoConvention.DATASET);
        CliRun second = CliRun.in(data, "demo", "--offline", "--no-serve");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains(DemoConvention.CONVENTION);

        try (Platform p = Platform.open(data)) {
            assertThat(p.store().dataset(DemoConvention.DATASET).orElseThrow().accessLevel()).isEqualTo(AccessLevel.RESTRICTED);
            assertThat(p.store().dataset(DemoConvention.DATASET).orElseThrow().isSynthetic()).isTrue();
            assertThat(p.store().versions(DemoConvention.DATASET)).hasSize(1); // the second run published nothing
            AccessRegistry registry = p.access().registry();
            assertThat(registry.datasetOwner(DemoConvention.DATASET)).contains(DemoConvention.PROVIDER);
            assertThat(registry.conventions()).filteredOn(c -> c.id().equals(DemoConvention.CONVENTION)).hasSize(1);
            assertThat(p.store().dataset(DemoConvention.DATASET).orElseThrow().title())
                    .isEqualTo(fr.geoeduc.core.model.DatasetDefinition.SYNTHETIC_TITLE + DemoConvention.TITLE);
            // the fields carry their labels (a metadata revision of the inferred schema)
            assertThat(p.store().latest(DemoConvention.DATASET).orElseThrow().schema().find("mef").orElseThrow().label()).isEqualTo("Niveau");
            Convention c = registry.convention(DemoConvention.CONVENTION).orElseThrow();
            assertThat(c.version()).isEqualTo(1);
            assertThat(c.status()).isEqualTo(Convention.Status.ACTIVE);
            assertThat(c.activeOn(LocalDate.now(ZoneOffset.UTC))).isTrue();
            assertThat(c.parties()).filteredOn(Convention.Party::receives).extracting(Convention.Party::organisation)
                    .containsExactly(DemoAccount.ORGANISATION);
            assertThat(c.scopes().get(0).pseudonymisedFields()).containsExactly("ine");
            // created, validated then activated as `geoeduc convention create|status` do, each change in the audit log, once
            assertThat(p.access().audit().show(fr.geoeduc.core.access.AuditLog.Filter.all()))
                    .extracting(l -> l.entry())
                    .filteredOn(e -> CliAudit.ROUTE.equals(e.route()) && DemoConvention.CONVENTION.equals(e.convention()))
                    .extracting(e -> e.query().get("action") + " " + e.query().getOrDefault("status", ""))
                    .containsExactly("convention-create ", "convention-status VALIDATED", "convention-status ACTIVE");

            var queries = p.access().queries();
            assertThat(queries.records(new Caller("198.51.100.7", null), DemoConvention.DATASET, ALL)).isEmpty();

            String userId = p.access().users().find(DemoAccount.LOGIN).orElseThrow().id();
            assertPseudonymised(queries.records(Caller.person("198.51.100.7", userId), DemoConvention.DATASET, ALL).orElseThrow().rows());
            String key = registry.createClient(DemoAccount.ORGANISATION, "test", 1000).apiKey();
            assertPseudonymised(queries.records(new Caller("198.51.100.7", key), DemoConvention.DATASET, ALL).orElseThrow().rows());
        }
    }

    private static void assertPseudonymised(List<Map<String, Object>> rows) {
        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(r -> {
            assertThat(r).containsKey("ine").doesNotContainKeys("annee_naissance", "adresse_lat", "adresse_lon");
            assertThat(String.valueOf(r.get("ine"))).doesNotMatch("\\d{10}[A-Z]");
        });
    }
}
