package fr.geoeduc.core.access;

import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each way of tampering with the audit log that issue 16 lists, done as an attacker who can write the database (plain
 * SQL on the SQLite file), and what someone who can also write the data directory can and cannot hide: verify must
 * name every one of them, and an untouched log must still verify.
 */
class AuditTamperingTest {

    private static final Instant T0 = Instant.parse("2024-03-01T08:00:00Z");

    @TempDir
    Path dir;

    private Path db;

    @BeforeEach
    void migrate() {
        SqliteStore.open(dir).close();
        db = dir.resolve(SqliteStore.FILE_NAME);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    private AuditLog log() {
        return AuditLog.open(this::connect, dir, 100);
    }

    private static AuditEntry entry(int i) {
        return AuditEntry.granted(T0.plusSeconds(i), "client-" + (i % 5), "org-" + (i % 3), "conv-1@1", "eleves", "records",
                Map.of("where", "rentree_scolaire = 2023", "n", String.valueOf(i)), i % 50, null);
    }

    /** Appends entries start..end, by batches as the background writer does. */
    private AuditLog filled(int end) {
        AuditLog log = log();
        List<AuditLog.Prepared> batch = new ArrayList<>();
        for (int i = 1; i <= end; i++) {
            batch.add(AuditLog.prepare(entry(i), null));
            if (batch.size() == 37) {
                log.appendAll(batch);
                batch.clear();
            }
        }
        log.appendAll(batch);
        return log;
    }

    private void exec(String... sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.executeUpdate(s);
            }
        }
    }

    /** Edits the entry's content and recomputes every hash from it to the end: a consistent chain, without the key. */
    private void editAndRechainFrom(long from) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, entry_json, prev_hash FROM audit_entry WHERE seq >= " + from + " ORDER BY seq")) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        String prev = rows.get(0)[2];
        for (String[] row : rows) {
            String json = row[0].equals(String.valueOf(from)) ? row[1].replace("\"client-", "\"autre-client-") : row[1];
            String hash = AuditLog.chainHash(prev, json);
            exec("UPDATE audit_entry SET entry_json = '" + json.replace("'", "''") + "', prev_hash = '" + prev + "', hash = '" + hash
                    + "' WHERE seq = " + row[0]);
            prev = hash;
        }
    }

    private static AuditLog.VerifyResult failed(AuditLog log, String code, long firstBadSeq) {
        AuditLog.VerifyResult r = log.verify();
        assertThat(r.ok()).as("verify should fail: %s", r).isFalse();
        assertThat(r.code()).as(r.problem()).isEqualTo(code);
        assertThat(r.firstBadSeq()).as(r.problem()).isEqualTo(firstBadSeq);
        assertThat(r.problem()).isNotBlank();
        assertThat(r.problem(Locale.ENGLISH)).isNotBlank().isNotEqualTo(r.problem());
        return r;
    }

    @Test
    void untouchedLogVerifiesAndIsSignedAndAnchored() throws SQLException {
        AuditLog log = filled(250);
        AuditLog.VerifyResult r = log.verify();
        assertThat(r.ok()).as(r.problem()).isTrue();
        assertThat(r.entries()).isEqualTo(250);
        assertThat(r.unsignedUpTo()).isZero();
        assertThat(r.anchoredUpTo()).isEqualTo(250);
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM audit_entry WHERE mac IS NULL OR length(mac) <> 64")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void truncatedTailWithItsCheckpointsIsNamed() throws SQLException {
        AuditLog log = filled(250);
        exec("DELETE FROM audit_entry WHERE seq > 100", "DELETE FROM audit_checkpoint WHERE seq > 100");
        AuditLog.VerifyResult r = failed(log, "journal-tronque", 101);
        assertThat(r.problem()).contains("tronqué").contains("250").contains("100").contains("fichier d'ancrage");
        assertThat(r.entries()).isEqualTo(100);
    }

    @Test
    void tailDeletedAfterTheLastCheckpointIsNamed() throws SQLException {
        AuditLog log = filled(250);
        exec("DELETE FROM audit_entry WHERE seq > 201");
        assertThat(failed(log, "journal-tronque", 202).problem()).contains("250");
    }

    @Test
    void everyCheckpointDeletedIsNamed() throws SQLException {
        AuditLog log = filled(250);
        exec("DELETE FROM audit_checkpoint");
        assertThat(failed(log, "point-de-controle-supprime", 100).problem()).contains("100").contains("supprimé");
    }

    @Test
    void rechainedLogWithoutItsCheckpointsIsNamed() throws SQLException {
        AuditLog log = filled(250);
        editAndRechainFrom(150);
        exec("DELETE FROM audit_checkpoint WHERE seq >= 100");
        failed(log, "point-de-controle-supprime", 100);
        // and were checkpoint 100 kept, the re-chained entry's own MAC would name it
        exec("INSERT INTO audit_checkpoint (seq, hash, mac, at) VALUES (100, '" + hashOf(100) + "', '"
                + new AuditMac(AuditLog.loadOrCreateKey(dir)).checkpoint(100, hashOf(100)) + "', '2024-03-01T09:00:00.000Z')");
        failed(log, "mac-invalide", 150);
    }

    @Test
    void rechainedLogIsNamedAtTheEditedEntry() throws SQLException {
        AuditLog log = filled(250);
        editAndRechainFrom(150);
        assertThat(failed(log, "mac-invalide", 150).problem()).contains("rechaînée");
    }

    @Test
    void rechainedLogStrippedOfItsMacsIsNamedByTheAnchor() throws SQLException {
        AuditLog log = filled(80); // below the first checkpoint: only the MACs and the anchor stand
        editAndRechainFrom(30);
        exec("UPDATE audit_entry SET mac = NULL");
        // the first anchored count at or after the edit (a commit of 37 entries, then 74) no longer has its hash
        AuditLog.VerifyResult r = failed(log, "journal-reecrit", 37);
        assertThat(r.problem()).contains("fichier d'ancrage");
    }

    @Test
    void emptiedLogIsNamed() throws SQLException {
        AuditLog log = filled(250);
        exec("DELETE FROM audit_entry", "DELETE FROM audit_checkpoint");
        AuditLog.VerifyResult r = failed(log, "journal-vide", 1);
        assertThat(r.problem()).contains("vidé").contains("250");
        assertThat(r.entries()).isZero();
    }

    @Test
    void entryEditedAfterTheLastCheckpointIsNamed() throws SQLException {
        AuditLog log = filled(250);
        exec("UPDATE audit_entry SET entry_json = replace(entry_json, '\"rowsOut\":30', '\"rowsOut\":0') WHERE seq = 230");
        failed(log, "entree-modifiee", 230);
    }

    @Test
    void entryEditedAfterTheLastCheckpointAndRechainedIsNamed() throws SQLException {
        AuditLog log = filled(250);
        editAndRechainFrom(230);
        failed(log, "mac-invalide", 230);
    }

    @Test
    void editedEntryIsNamed() throws SQLException {
        AuditLog log = filled(250);
        exec("UPDATE audit_entry SET entry_json = replace(entry_json, '\"client-', '\"x-') WHERE seq = 42");
        failed(log, "entree-modifiee", 42);
    }

    @Test
    void entrySignedWithAnotherKeyIsNamed() throws SQLException {
        AuditLog log = filled(120);
        byte[] other = new byte[32];
        exec("UPDATE audit_entry SET mac = '" + new AuditMac(other).entry(110, hashOf(110)) + "' WHERE seq = 110");
        failed(log, "mac-invalide", 110);
    }

    private String hashOf(long seq) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT hash FROM audit_entry WHERE seq = " + seq)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void storeWrittenBeforeTheMacStillOpensAndSaysWhatOnlyTheChainCovers() throws SQLException, IOException {
        filled(150);
        // what a store written by the previous version looks like: no MAC, no anchor file
        exec("UPDATE audit_entry SET mac = NULL");
        Files.delete(dir.resolve(AuditLog.ANCHOR_FILE));
        AuditLog upgraded = log();
        AuditLog.VerifyResult before = upgraded.verify();
        assertThat(before.ok()).as(before.problem()).isTrue();
        assertThat(before.unsignedUpTo()).isEqualTo(150);
        assertThat(before.anchoredFrom()).isNull();

        assertThat(upgraded.anchorNow().seq()).isEqualTo(150); // what opening the access services does
        for (int i = 151; i <= 170; i++) {
            upgraded.append(entry(i));
        }
        AuditLog.VerifyResult after = upgraded.verify();
        assertThat(after.ok()).as(after.problem()).isTrue();
        assertThat(after.unsignedUpTo()).isEqualTo(150);
        assertThat(after.anchoredFrom()).isEqualTo(150);
        assertThat(after.anchoredUpTo()).isEqualTo(170);

        // an old entry re-chained: the head anchored on opening no longer matches, and the first signed entry's MAC fails
        editAndRechainFrom(120);
        failed(upgraded, "journal-reecrit", 150);
        Files.delete(dir.resolve(AuditLog.ANCHOR_FILE));
        failed(log(), "mac-invalide", 151);
    }

    @Test
    void macStrippedFromASignedEntryIsNamed() throws SQLException {
        AuditLog log = filled(150);
        exec("UPDATE audit_entry SET mac = NULL WHERE seq = 140");
        failed(log, "mac-absent", 140);
    }

    @Test
    void whatAnAttackerOfTheWholeDataDirectoryHidesShowsOnlyAgainstADepositedAnchor() throws SQLException, IOException {
        AuditLog log = filled(250);
        AuditLog.Anchor deposited = log.anchorNow();
        assertThat(deposited.seq()).isEqualTo(250);
        // truncate the database, and the anchor file to match: with the data directory, nothing local disagrees
        exec("DELETE FROM audit_entry WHERE seq > 100", "DELETE FROM audit_checkpoint WHERE seq > 100");
        Path anchor = dir.resolve(AuditLog.ANCHOR_FILE);
        List<String> kept = Files.readAllLines(anchor, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("#") || l.startsWith("debut") || Long.parseLong(l.split(" ")[0]) <= 100).toList();
        Files.write(anchor, kept, StandardCharsets.UTF_8);
        assertThat(log().verify().ok()).isTrue();

        AuditLog.VerifyResult r = log().verify(List.of(AuditLog.Anchor.parse(deposited.seq() + " " + deposited.hash())));
        assertThat(r.ok()).isFalse();
        assertThat(r.code()).isEqualTo("journal-tronque");
        assertThat(r.problem()).contains("l'ancrage déposé").contains("250");
    }

    @Test
    void anchorFileDeletedOrGarbledIsNamed() throws SQLException, IOException {
        AuditLog log = filled(150);
        Path anchor = dir.resolve(AuditLog.ANCHOR_FILE);
        Files.writeString(anchor, "150 pas-un-hash\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        failed(log, "ancrage-illisible", 151);
        Files.delete(anchor);
        failed(log(), "ancrage-absent", 151);
    }

    @Test
    void anchorFileIsAppendedOncePerCommitAndStartsWithWhereItBegan() throws IOException {
        AuditLog log = filled(100); // three batches of 37, 37, 26
        List<String> lines = Files.readAllLines(dir.resolve(AuditLog.ANCHOR_FILE), StandardCharsets.UTF_8);
        assertThat(lines).filteredOn(l -> l.startsWith("#")).hasSize(2);
        assertThat(lines).filteredOn(l -> l.startsWith("debut ")).singleElement().satisfies(l -> assertThat(l).startsWith("debut 37 "));
        assertThat(lines).filteredOn(l -> Character.isDigit(l.charAt(0))).extracting(l -> l.split(" ")[0])
                .containsExactly("37", "74", "100");
        assertThat(log.anchorNow().seq()).isEqualTo(100);
        assertThat(Files.readAllLines(dir.resolve(AuditLog.ANCHOR_FILE))).hasSameSizeAs(lines); // head already anchored
    }
}
