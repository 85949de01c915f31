package fr.geoeduc.app;

import fr.geoeduc.core.access.AuditEntry;
import fr.geoeduc.core.access.AuditLog;
import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code geoeduc audit verify|anchor} on a data directory whose database is tampered with: exit codes and messages. */
class AuditCliTest {

    @TempDir
    Path data;

    private Locale savedLocale;


    @BeforeEach
    void fill() {
        savedLocale = Locale.getDefault();
        try (SqliteStore store = SqliteStore.open(data)) {
            AuditLog log = AuditLog.open(store::connection, data, AuditCommand.CHECKPOINT_EVERY);
            for (int i = 1; i <= 250; i++) {
                log.append(AuditEntry.granted(Instant.parse("2024-03-01T08:00:00Z").plusSeconds(i), "client-1", "region-a", "conv-1@1",
                        "eleves", "records", Map.of("n", String.valueOf(i)), i, null));
            }
        }
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(savedLocale);
    }

    private CliRun geoeduc(String... args) {
        return CliRun.in(data, args);
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteStore.FILE_NAME));
             Statement st = c.createStatement()) {
            for (String s : statements) {
                st.executeUpdate(s);
            }
        }
    }

    @Test
    void untouchedLogVerifiesAndTheAnchorIsPrinted() {
        CliRun verify = geoeduc("audit", "verify");
        assertThat(verify.code()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("journal d'audit intact : 250 entrées vérifiées");
        CliRun anchor = geoeduc("audit", "anchor");
        assertThat(anchor.code()).as(anchor.err()).isZero();
        assertThat(anchor.out().lines().findFirst().orElseThrow()).matches("250 [0-9a-f]{64} \\d{4}-.*Z");
        assertThat(anchor.out()).contains("geoeduc audit verify --anchor").contains(AuditLog.ANCHOR_FILE);
    }

    @Test
    void truncatedLogExitsTwoNamingItInFrenchOrEnglish() throws SQLException {
        sql("DELETE FROM audit_entry WHERE seq > 100", "DELETE FROM audit_checkpoint WHERE seq > 100");
        CliRun fr = geoeduc("audit", "verify");
        assertThat(fr.code()).isEqualTo(AuditCommand.ALTERED);
        assertThat(fr.out()).contains("première entrée altérée : seq 101").contains("journal tronqué").contains("250");
        CliRun en = geoeduc("--lang", "en", "audit", "verify");
        assertThat(en.code()).isEqualTo(AuditCommand.ALTERED);
        assertThat(en.out()).contains("first altered entry: seq 101").contains("log truncated");
    }

    @Test
    void emptiedLogAndDeletedCheckpointsExitTwo() throws SQLException {
        sql("DELETE FROM audit_checkpoint");
        CliRun checkpoints = geoeduc("audit", "verify", "--format", "json");
        assertThat(checkpoints.code()).isEqualTo(AuditCommand.ALTERED);
        assertThat(checkpoints.out()).contains("\"code\":\"point-de-controle-supprime\"").contains("\"first_bad_seq\":100");
        sql("DELETE FROM audit_entry");
        CliRun emptied = geoeduc("audit", "verify");
        assertThat(emptied.code()).isEqualTo(AuditCommand.ALTERED);
        assertThat(emptied.out()).contains("journal vidé");
    }

    @Test
    void aDepositedAnchorRevealsWhatTheWholeDataDirectoryHid() throws SQLException, IOException {
        String deposited = geoeduc("audit", "anchor").out().lines().findFirst().orElseThrow();
        sql("DELETE FROM audit_entry WHERE seq > 100", "DELETE FROM audit_checkpoint WHERE seq > 100");
        Files.delete(data.resolve(AuditLog.ANCHOR_FILE)); // the attacker also holds the data directory
        CliRun local = geoeduc("audit", "verify");
        // opening the data directory starts a new anchor file at 100: locally nothing disagrees, but it is said
        assertThat(local.code()).isZero();
        assertThat(local.out()).contains("ATTENTION : le fichier d'ancrage commence à 100 entrées");
        CliRun withDeposit = geoeduc("audit", "verify", "--anchor", deposited);
        assertThat(withDeposit.code()).isEqualTo(AuditCommand.ALTERED);
        assertThat(withDeposit.out()).contains("journal tronqué").contains("l'ancrage déposé");
        CliRun bad = geoeduc("audit", "verify", "--anchor", "pas un ancrage");
        assertThat(bad.code()).isEqualTo(1);
    }

    @Test
    void storeWrittenBeforeTheMacSaysWhatOnlyTheChainCovers() throws SQLException, IOException {
        sql("UPDATE audit_entry SET mac = NULL");
        Files.delete(data.resolve(AuditLog.ANCHOR_FILE));
        CliRun verify = geoeduc("audit", "verify");
        assertThat(verify.code()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("entrées 1 à 250 antérieures au MAC par entrée : couvertes seulement par le chaînage");
    }
}
