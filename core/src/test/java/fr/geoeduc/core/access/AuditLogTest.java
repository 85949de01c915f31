package fr.geoeduc.core.access;

import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit log on a real SQLite file: chain, checkpoints, tampering of every kind, concurrency, INE masking. */
class AuditLogTest {

    private static final Instant T0 = Instant.parse("2024-03-01T08:00:00Z");

    @TempDir
    Path dir;

    private Path db;
    private byte[] key;

    @BeforeEach
    void migrate() {
        SqliteStore.open(dir).close(); // applies the migrations (V3: audit_entry, audit_checkpoint)
        db = dir.resolve(SqliteStore.FILE_NAME);
        key = AuditLog.loadOrCreateKey(dir);
    }

    /** A plain JDBC connection, with the durability the store itself uses (WAL, synchronous NORMAL). */
    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db, fast());
    }

    private static Properties fast() {
        Properties p = new Properties();
        p.setProperty("synchronous", "NORMAL");
        p.setProperty("busy_timeout", "30000");
        return p;
    }

    private AuditLog log(int every) {
        return new AuditLog(this::connect, key, every, dir.resolve(AuditLog.ANCHOR_FILE));
    }

    @TempDir
    static Path templateDir;
    private static byte[] templateKey;

    /** A log of 1,000 entries with a checkpoint every 100, written once for the class and copied for each test. */
    private AuditLog thousand() throws IOException, SQLException {
        synchronized (AuditLogTest.class) {
            if (templateKey == null) {
                SqliteStore.open(templateDir).close();
                byte[] k = AuditLog.loadOrCreateKey(templateDir);
                Path file = templateDir.resolve(SqliteStore.FILE_NAME);
                AuditLog template = new AuditLog(() -> DriverManager.getConnection("jdbc:sqlite:" + file, fast()), k, 100,
                        templateDir.resolve(AuditLog.ANCHOR_FILE));
                for (int i = 1; i <= 1000; i++) {
                    assertThat(template.append(entry(i))).isEqualTo(i);
                }
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
                    st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
                templateKey = k;
            }
        }
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(dir.resolve(SqliteStore.FILE_NAME + suffix));
        }
        Files.copy(templateDir.resolve(SqliteStore.FILE_NAME), db, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(templateDir.resolve(AuditLog.ANCHOR_FILE), dir.resolve(AuditLog.ANCHOR_FILE), StandardCopyOption.REPLACE_EXISTING);
        key = templateKey;
        return log(100);
    }

    private static AuditEntry entry(int i) {
        String decision = i % 7 == 0 ? AuditEntry.REFUSED : AuditEntry.GRANTED;
        return new AuditEntry(T0.plusSeconds(i), decision, "client-" + (i % 5), "org-" + (i % 3),
                i % 2 == 0 ? "conv-" + (i % 4) + "@1" : null, "eleves-" + (i % 2), i % 3 == 0 ? "export" : "records",
                Map.of("where", "rentree_scolaire = 2023", "limit", String.valueOf(i % 100)), i % 50,
                i % 4 == 0 ? "secret statistique: " + (i % 9) + " cells hidden" : null,
                AuditEntry.REFUSED.equals(decision) ? "no active convention" : null);
    }

    private void fill(AuditLog log, int n) {
        for (int i = 1; i <= n; i++) {
            assertThat(log.append(entry(i))).isEqualTo(i);
        }
    }

    private void exec(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void thousandEntriesVerify() throws SQLException {
        AuditLog log = log(100);
        fill(log, 1000);
        AuditLog.VerifyResult r = log.verify();
        assertThat(r.ok()).as(r.problem()).isTrue();
        assertThat(r.entries()).isEqualTo(1000);
        assertThat(r.firstBadSeq()).isNull();
        assertThat(count("SELECT COUNT(*) FROM audit_checkpoint")).isEqualTo(10);
        assertThat(count("SELECT MIN(seq) FROM audit_checkpoint")).isEqualTo(100);
        assertThat(log.lastCheckpoint()).hasValueSatisfying(cp -> assertThat(cp.seq()).isEqualTo(1000));
        assertThat(log.size()).isEqualTo(1000);
    }

    @Test
    void chainIsTheDocumentedOne() throws SQLException {
        AuditLog log = log(2);
        log.append(entry(1));
        log.append(entry(2));
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, entry_json, prev_hash, hash, at FROM audit_entry ORDER BY seq")) {
            String prev = AuditLog.GENESIS;
            while (rs.next()) {
                assertThat(rs.getString(3)).isEqualTo(prev);
                assertThat(rs.getString(2)).isEqualTo(AuditLog.canonicalJson(entry(rs.getInt(1))));
                assertThat(rs.getString(4)).isEqualTo(AuditLog.chainHash(prev, rs.getString(2))).hasSize(64);
                assertThat(rs.getString(5)).isEqualTo(AuditEntry.AT_FORMAT.format(T0.plusSeconds(rs.getInt(1))));
                prev = rs.getString(4);
            }
        }
        assertThat(AuditLog.GENESIS).isEqualTo("0".repeat(64));
        // canonical: sorted keys, no spaces, nulls written
        String json = AuditLog.canonicalJson(entry(1));
        assertThat(json).startsWith("{\"at\":\"2024-03-01T08:00:01.000Z\",\"client\":\"client-1\",\"convention\":null,")
                .contains("\"query\":{\"limit\":\"1\",\"where\":\"rentree_scolaire = 2023\"}").doesNotContain(": ");
        assertThat(AuditLog.parse(json)).isEqualTo(entry(1));
    }

    @Test
    void editedEntryIsNamed() throws SQLException, IOException {
        AuditLog log = thousand();
        exec("UPDATE audit_entry SET entry_json = replace(entry_json, '\"rowsOut\":37', '\"rowsOut\":0') WHERE seq = 437");
        AuditLog.VerifyResult r = log.verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.firstBadSeq()).isEqualTo(437L);
        assertThat(r.problem()).contains("modifiée");
        assertThat(r.entries()).isEqualTo(1000);
    }

    @Test
    void editedEntryWithRecomputedHashFailsItsMac() throws SQLException {
        AuditLog log = log(100);
        fill(log, 300);
        String forged = AuditLog.canonicalJson(new AuditEntry(T0.plusSeconds(150), "granted", "x", "y", null, "z", "records",
                Map.of(), 0, null, null));
        String prev;
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT prev_hash FROM audit_entry WHERE seq = 150")) {
            rs.next();
            prev = rs.getString(1);
        }
        exec("UPDATE audit_entry SET entry_json = '" + forged + "', hash = '" + AuditLog.chainHash(prev, forged) + "' WHERE seq = 150");
        AuditLog.VerifyResult r = log.verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.firstBadSeq()).isEqualTo(150L);
        assertThat(r.code()).isEqualTo("mac-invalide");
        // without its MAC the forged entry is still caught by the next link
        exec("UPDATE audit_entry SET mac = NULL WHERE seq = 150");
        assertThat(log.verify().firstBadSeq()).isEqualTo(150L);
        assertThat(log.verify().code()).isEqualTo("mac-absent");
    }

    @Test
    void rewrittenChainIsCaughtAtItsFirstEntry() throws SQLException {
        AuditLog log = log(100);
        fill(log, 250);
        // rewrite entries 150..250 consistently (no key needed for the chain): the checkpoint at 200 disagrees
        List<String[]> rows = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, entry_json, prev_hash FROM audit_entry WHERE seq >= 150 ORDER BY seq")) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        String prev = rows.get(0)[2];
        for (String[] row : rows) {
            String json = row[1].replace("\"rowsOut\":", "\"rowsOut\":1");
            String hash = AuditLog.chainHash(prev, json);
            exec("UPDATE audit_entry SET entry_json = '" + json.replace("'", "''") + "', prev_hash = '" + prev + "', hash = '" + hash
                    + "' WHERE seq = " + row[0]);
            prev = hash;
        }
        AuditLog.VerifyResult r = log.verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.firstBadSeq()).isEqualTo(150L);
        assertThat(r.problem()).contains("MAC invalide").contains("rechaînée");
    }

    @Test
    void deletedEntryNamesTheSeqAfterTheGap() throws SQLException, IOException {
        AuditLog log = thousand();
        exec("DELETE FROM audit_entry WHERE seq = 500");
        AuditLog.VerifyResult r = log.verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.firstBadSeq()).isEqualTo(501L);
        assertThat(r.problem()).contains("500").contains("absente");
        assertThat(r.entries()).isEqualTo(999);
    }

    @Test
    void deletedAndRenumberedEntriesBreakTheChain() throws SQLException {
        AuditLog log = log(1000);
        fill(log, 120);
        exec("DELETE FROM audit_entry WHERE seq = 60");
        exec("UPDATE audit_entry SET seq = seq - 1 WHERE seq > 60");
        AuditLog.VerifyResult r = log.verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.firstBadSeq()).isEqualTo(60L);
        assertThat(r.problem()).contains("prev_hash");
    }

    @Test
    void truncationAfterACheckpointIsDetected() throws SQLException, IOException {
        AuditLog log = thousand();
        exec("DELETE FROM audit_entry WHERE seq > 950");
        AuditLog.VerifyResult r = log.verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.firstBadSeq()).isEqualTo(951L);
        assertThat(r.problem()).contains("tronqué").contains("1000").contains("950");
        assertThat(r.entries()).isEqualTo(950);
    }

    @Test
    void fullyEmptiedLogWithCheckpointsIsTruncated() throws SQLException {
        AuditLog log = log(10);
        fill(log, 30);
        exec("DELETE FROM audit_entry");
        AuditLog.VerifyResult r = log.verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.firstBadSeq()).isEqualTo(1L);
        assertThat(r.entries()).isZero();
    }

    @Test
    void forgedCheckpointMacIsDetected() throws SQLException, IOException {
        AuditLog log = thousand();
        exec("UPDATE audit_checkpoint SET mac = '" + "ab".repeat(32) + "' WHERE seq = 300");
        AuditLog.VerifyResult r = log.verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.firstBadSeq()).isEqualTo(300L);
        assertThat(r.problem()).contains("forgé");
    }

    @Test
    void checkpointsMadeWithAnotherKeyLookForged() {
        fill(log(100), 200);
        byte[] other = key.clone();
        other[0] ^= 1;
        AuditLog.VerifyResult r = new AuditLog(this::connect, other, 100, dir.resolve(AuditLog.ANCHOR_FILE)).verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.firstBadSeq()).isEqualTo(1L);
        assertThat(r.code()).isEqualTo("mac-invalide");
    }

    @Test
    void editedCheckpointHashIsDetected() throws SQLException {
        AuditLog log = log(100);
        fill(log, 300);
        exec("UPDATE audit_checkpoint SET hash = '" + "0".repeat(64) + "' WHERE seq = 200");
        AuditLog.VerifyResult r = log.verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.firstBadSeq()).isEqualTo(200L);
    }

    @Test
    void editedAtColumnIsDetected() throws SQLException {
        AuditLog log = log(100);
        fill(log, 50);
        exec("UPDATE audit_entry SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 20");
        AuditLog.VerifyResult r = log.verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.firstBadSeq()).isEqualTo(20L);
    }

    @Test
    void emptyLogIsIntact() {
        AuditLog.VerifyResult r = log(10).verify();
        assertThat(r.ok()).isTrue();
        assertThat(r.entries()).isZero();
        assertThat(log(10).checkpointNow()).isZero();
    }

    @Test
    void checkpointNowCoversTheTail() throws SQLException {
        AuditLog log = log(100);
        fill(log, 130);
        assertThat(log.checkpointNow()).isEqualTo(130);
        assertThat(log.checkpointNow()).isEqualTo(130); // idempotent
        assertThat(count("SELECT COUNT(*) FROM audit_checkpoint")).isEqualTo(2);
        exec("DELETE FROM audit_entry WHERE seq > 120");
        assertThat(log.verify().firstBadSeq()).isEqualTo(121L);
    }

    @Test
    void concurrentAppendsFromFourThreadsKeepOneChain() throws Exception {
        AuditLog shared = log(50);
        AuditLog second = log(50); // a second instance on the same file: only the database lock serialises them
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                List<Long> seqs = new ArrayList<>();
                AuditLog log = thread % 2 == 0 ? shared : second;
                for (int i = 0; i < 100; i++) {
                    seqs.add(log.append(entry(thread * 1000 + i)));
                }
                return seqs;
            }));
        }
        Set<Long> all = new HashSet<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(all).hasSize(400);
        assertThat(all).allMatch(s -> s >= 1 && s <= 400);
        AuditLog.VerifyResult r = shared.verify();
        assertThat(r.ok()).as(r.problem()).isTrue();
        assertThat(r.entries()).isEqualTo(400);
        assertThat(count("SELECT COUNT(*) FROM audit_checkpoint")).isEqualTo(8);
    }

    @Test
    void ineShapedValuesAreMasked() throws SQLException {
        AuditLog log = log(10);
        AuditEntry e = new AuditEntry(T0, "refused", "client-1234567890A", "org", null, "eleves", "records",
                Map.of("where", "ine = '1234567890A' or ine=\"123456789AB\"", "q", "x0987654321zy", "1234567890B", "key"),
                0, null, "INE 1234567890a refusé");
        long seq = log.append(e);
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT entry_json FROM audit_entry WHERE seq = " + seq)) {
            rs.next();
            String json = rs.getString(1);
            assertThat(json).doesNotContainPattern("\\d{10}[A-Za-z]").doesNotContainPattern("\\d{9}[A-Za-z]{2}")
                    .contains("[INE masqué]");
        }
        AuditEntry stored = log.show(AuditLog.Filter.all()).get(0).entry();
        assertThat(stored.client()).isEqualTo("client-[INE masqué]");
        assertThat(stored.query().get("where")).isEqualTo("ine = '[INE masqué]' or ine=\"[INE masqué]\"");
        assertThat(stored.query().get("q")).isEqualTo("x[INE masqué]y");
        assertThat(stored.query()).containsKey("[INE masqué]");
        assertThat(stored.reason()).isEqualTo("INE [INE masqué] refusé");
        assertThat(log.verify().ok()).isTrue();
        // what is not INE-shaped is kept: UAI, SIREN, dates, a convention reference
        assertThat(AuditLog.mask("0350122T 213500168 2024-03-01 conv-7@2 12345678901")).isEqualTo("0350122T 213500168 2024-03-01 conv-7@2 12345678901");
        assertThat(AuditLog.containsIneShaped("123456789012A")).isTrue();
    }

    @Test
    void showFilters() {
        AuditLog log = log(100);
        fill(log, 200);
        List<AuditLog.Logged> all = log.show(AuditLog.Filter.all());
        assertThat(all).hasSize(200);
        assertThat(all.get(0).seq()).isEqualTo(1);
        assertThat(all.get(0).entry()).isEqualTo(entry(1));
        assertThat(log.show(AuditLog.Filter.all().withDataset("eleves-1"))).hasSize(100)
                .allMatch(l -> l.entry().dataset().equals("eleves-1"));
        assertThat(log.show(AuditLog.Filter.all().withDecision("refused"))).hasSize(28)
                .allMatch(l -> !l.entry().isGranted());
        assertThat(log.show(AuditLog.Filter.all().withOrganisation("org-0").withDecision("granted")))
                .allMatch(l -> l.entry().organisation().equals("org-0") && l.entry().isGranted()).isNotEmpty();
        assertThat(log.show(AuditLog.Filter.all().withSince(T0.plusSeconds(151)))).hasSize(50)
                .first().satisfies(l -> assertThat(l.seq()).isEqualTo(151));
        assertThat(log.show(AuditLog.Filter.all().withSince(T0.plusMillis(150_500)))).hasSize(50);
        List<AuditLog.Logged> last = log.show(AuditLog.Filter.all().withLimit(5));
        assertThat(last).extracting(AuditLog.Logged::seq).containsExactly(196L, 197L, 198L, 199L, 200L);
    }

    @Test
    void keyIsCreatedOnceWithOwnerOnlyPermissions() throws Exception {
        Path other = dir.resolve("other");
        byte[] k1 = AuditLog.loadOrCreateKey(other);
        byte[] k2 = AuditLog.loadOrCreateKey(other);
        assertThat(k1).hasSize(32).isEqualTo(k2);
        assertThat(k1).isNotEqualTo(key);
        Path file = other.resolve(AuditLog.KEY_FILE);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        Files.write(file, new byte[5]);
        assertThatThrownBy(() -> AuditLog.loadOrCreateKey(other)).hasMessageContaining("corrupt");
    }

    @Test
    void entriesAreValidated() {
        assertThatThrownBy(() -> new AuditEntry(T0, "maybe", null, null, null, "d", "records", Map.of(), 0, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        AuditEntry e = new AuditEntry(Instant.parse("2024-03-01T08:00:00.123456Z"), "GRANTED", null, null, null, "d", "records",
                null, 3, null, null);
        assertThat(e.client()).isEqualTo(AuditEntry.ANONYMOUS);
        assertThat(e.decision()).isEqualTo("granted");
        assertThat(e.atText()).isEqualTo("2024-03-01T08:00:00.123Z");
        assertThat(e.query()).isEmpty();
        Path anchor = dir.resolve(AuditLog.ANCHOR_FILE);
        assertThatThrownBy(() -> new AuditLog(this::connect, new byte[4], 10, anchor)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditLog(this::connect, key, 0, anchor)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditLog(this::connect, key, 10, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
