package fr.geoeduc.app;

import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.access.AuditEntry;
import fr.geoeduc.core.access.AuditLog;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Administrative changes made with the CLI (convention status, client revocation, accounts created, their roles,
 * passwords and deactivation) are in the audit log; a password never is.
 */
class CliAuditTest {

    @TempDir
    Path data;

    int geoeduc(String... args) {
        List<String> all = new ArrayList<>(List.of("--data", data.toString()));
        all.addAll(List.of(args));
        PrintStream out = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return Main.run(all.toArray(String[]::new));
        } finally {
            System.setOut(out);
        }
    }

    int geoeducWithInput(String input, String... args) {
        java.io.InputStream in = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream((input + "\n").getBytes(StandardCharsets.UTF_8)));
            return geoeduc(args);
        } finally {
            System.setIn(in);
        }
    }

    @Test
    void cliChangesAreAudited() throws java.io.IOException {
        String client;
        try (SqliteStore store = SqliteStore.open(data); AccessServices access = AccessServices.open(store, data, Clock.systemUTC())) {
            access.registry().saveOrganisation(new Organisation("rectorat", "Rectorat", null, Organisation.Kind.ACADEMIE, List.of()));
            access.registry().saveOrganisation(new Organisation("ville", "Ville", null, Organisation.Kind.COMMUNE, List.of()));
            access.registry().saveConvention(new Convention("conv-cli", "2026-1", "Essai", 1, null, null,
                    List.of(new Convention.Party("rectorat", Convention.Role.PROVIDER, null, null),
                            new Convention.Party("ville", Convention.Role.RECIPIENT, null, null)),
                    new Convention.LegalBasis(List.of("L.212-7"), "RGPD 6.1.e", null), List.of(new Convention.Purpose("sectorisation", "L.212-7")),
                    List.of(new Convention.DataScope("eleves", List.of("sexe"), Convention.Granularity.AGGREGATED,
                            new Convention.Territory("commune", List.of("35238")), null, true, List.of(), List.of(), 1,
                            new Convention.SecretRules(3, 0, List.of(List.of("sexe"))))),
                    List.of(), null, null, null, new Convention.Retention(Map.of("eleves", 12), 3),
                    new Convention.Rights("dpd@x.fr", Map.of(), "Recteur", null),
                    new Convention.LifeCycle(LocalDate.now(), null, 12, false, null, null, null, List.of()), null));
            client = access.registry().createClient("ville", "sig", 100).client().id();
            access.users().create("agent@ville.fr", "Agent", "ville", EnumSet.of(Role.CONSUMER), "un mot de passe assez long");
        }
        Path amendment = data.resolve("conv-cli-avenant.json");
        try (SqliteStore store = SqliteStore.open(data); AccessServices access = AccessServices.open(store, data, Clock.systemUTC())) {
            Convention current = access.registry().convention("conv-cli").orElseThrow();
            java.nio.file.Files.writeString(amendment, fr.geoeduc.core.store.Json.MAPPER.writeValueAsString(current));
            java.nio.file.Files.writeString(data.resolve("conv-autre.json"), fr.geoeduc.core.store.Json.MAPPER.writeValueAsString(current)
                    .replace("\"conv-cli\"", "\"conv-autre\""));
        }
        assertThat(geoeduc("convention", "amend", "conv-cli", amendment.toString())).isZero();
        assertThat(geoeduc("convention", "create", data.resolve("conv-autre.json").toString())).isZero();
        assertThat(geoeduc("convention", "status", "conv-cli", "submitted")).isZero();
        assertThat(geoeduc("convention", "status", "conv-cli", "active")).as("DRAFT→…→ACTIVE skips validation").isNotZero();
        assertThat(geoeduc("client", "revoke", client)).isZero();
        String newPassword = "cheval-agrafe-batterie-correcte";
        String created = "premier-mot-de-passe-du-compte";
        assertThat(geoeducWithInput(created, "user", "create", "chef@ville.fr", "--name", "Chef", "--org", "ville",
                "--role", "convention-manager", "--password-stdin")).isZero();
        assertThat(geoeduc("user", "roles", "agent@ville.fr", "--role", "consumer,producer")).isZero();
        assertThat(geoeducWithInput(newPassword, "user", "password", "agent@ville.fr", "--password-stdin")).isZero();
        assertThat(geoeducWithInput("court", "user", "password", "agent@ville.fr", "--password-stdin")).as("too short").isNotZero();
        assertThat(geoeduc("user", "disable", "agent@ville.fr")).isZero();
        try (SqliteStore store = SqliteStore.open(data); AccessServices access = AccessServices.open(store, data, Clock.systemUTC())) {
            List<AuditEntry> cli = access.audit().show(AuditLog.Filter.all()).stream().map(AuditLog.Logged::entry)
                    .filter(e -> "admin-cli".equals(e.route())).toList();
            assertThat(cli).anySatisfy(e -> {
                assertThat(e.isGranted()).isTrue();
                assertThat(e.convention()).isEqualTo("conv-cli");
                assertThat(e.query()).containsEntry("action", "convention-status").containsEntry("status", "SUBMITTED");
                assertThat(e.client()).startsWith("cli:");
            }).anySatisfy(e -> {
                assertThat(e.isGranted()).isFalse();
                assertThat(e.query()).containsEntry("status", "ACTIVE");
                assertThat(e.reason()).contains("cannot go from SUBMITTED to ACTIVE");
            }).anySatisfy(e -> assertThat(e.query()).containsEntry("action", "client-revoke").containsEntry("cible", client))
                    .anySatisfy(e -> {
                        assertThat(e.isGranted()).isTrue();
                        assertThat(e.convention()).isEqualTo("conv-cli");
                        assertThat(e.query()).containsEntry("action", "convention-amend").containsEntry("fichier", "conv-cli-avenant.json");
                    })
                    .anySatisfy(e -> assertThat(e.query()).containsEntry("action", "convention-create").containsEntry("cible", "conv-autre"))
                    .anySatisfy(e -> assertThat(e.query()).containsEntry("action", "user-disable").containsEntry("cible", "agent@ville.fr"))
                    .anySatisfy(e -> assertThat(e.query()).containsEntry("action", "user-create").containsEntry("cible", "chef@ville.fr")
                            .containsEntry("organisation", "ville").containsEntry("roles", "convention-manager"))
                    .anySatisfy(e -> {
                        assertThat(e.isGranted()).isTrue();
                        assertThat(e.query()).containsEntry("action", "user-roles").containsEntry("cible", "agent@ville.fr")
                                .containsEntry("roles", "consumer,producer");
                    });
            List<AuditEntry> passwords = cli.stream().filter(e -> "user-password".equals(e.query().get("action"))).toList();
            assertThat(passwords).hasSize(2).allSatisfy(e -> {
                assertThat(e.query()).containsEntry("cible", "agent@ville.fr").containsOnlyKeys("action", "cible");
                assertThat(e.client()).startsWith("cli:");
            });
            assertThat(passwords).anySatisfy(e -> assertThat(e.isGranted()).isTrue()).anySatisfy(e -> {
                assertThat(e.isGranted()).isFalse();
                assertThat(e.reason()).contains("at least").doesNotContain("court");
            });
            assertThat(access.audit().verify().ok()).isTrue();
        }
        // No password in the log, nor anywhere in the data directory's files as text (the database stores hashes).
        try (var files = java.nio.file.Files.walk(data)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                String bytes = new String(readAll(f), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as("%s", f).doesNotContain(newPassword).doesNotContain(created);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] readAll(Path f) {
        try {
            return java.nio.file.Files.readAllBytes(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
