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
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The background audit writer on a real SQLite file: order, flush, journal clean-up, replay after a crash. */
class AuditWriterTest {

    @TempDir
    Path dir;

    private Path db;
    private AuditLog log;

    @BeforeEach
    void migrate() {
        SqliteStore.open(dir).close();
        db = dir.resolve(SqliteStore.FILE_NAME);
        log = AuditLog.open(this::connect, dir, 10);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    private static AuditEntry entry(String client, int n) {
        return AuditEntry.granted(Instant.parse("2024-03-01T08:00:00Z").plusMillis(n), client, "region-a", "conv-1@1", "eleves",
                "records", Map.of("n", String.valueOf(n), "where", "ine = \"1234567890A\""), n, null);
    }

    private Path journals() {
        return dir.resolve("audit-journal");
    }

    private List<String> journalFiles() throws IOException {
        if (!Files.isDirectory(journals())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(journals())) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void entriesFromManyThreadsReachTheLogInSubmissionOrderPerThreadAndTheJournalIsRemoved() throws Exception {
        AuditWriter writer = new AuditWriter(log, journals());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String client = "client-" + t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 250; i++) {
                    writer.submit(entry(client, i));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(log.size()).as("a read waits for the queued entries").isEqualTo(1000);
        assertThat(log.verify().ok()).isTrue();
        for (int t = 0; t < 4; t++) {
            String client = "client-" + t;
            List<Long> rows = log.show(AuditLog.Filter.all()).stream().filter(l -> l.entry().client().equals(client)).map(l -> l.entry().rowsOut()).toList();
            assertThat(rows).isSorted().hasSize(250);
        }
        assertThat(log.show(AuditLog.Filter.all())).allSatisfy(l -> assertThat(l.entry().query().get("where")).doesNotContain("1234567890A"));
        writer.close();
        assertThat(journalFiles()).as("nothing left to replay after a clean close").isEmpty();
    }

    @Test
    void aJournalLeftByADeadProcessIsReplayedOnceAndOnlyForTheEntriesNotYetChained() throws Exception {
        AuditJournal crashed = new AuditJournal(journals());
        List<AuditLog.Prepared> written = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            written.add(crashed.write(entry("crashed", i)).entry());
        }
        log.appendAll(written.subList(0, 12)); // the background writer had chained the first 12 when the process died
        crashed.close(); // entries pending: the file stays, and its lock is released as when a process dies
        Path orphan;
        try (Stream<Path> s = Files.list(journals())) {
            orphan = s.filter(f -> f.toString().endsWith(".journal")).findFirst().orElseThrow();
        }
        byte[] content = Files.readAllBytes(orphan);
        int end = 0;
        while (content[end] != 0) {
            end++;
        }
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(orphan.toFile(), "rw")) {
            raf.seek(end); // an entry the process was copying when it died: no newline, ignored
            raf.write("unfinished-line\t2024".getBytes(StandardCharsets.UTF_8));
        }

        AuditWriter next = new AuditWriter(log, journals());
        assertThat(log.size()).isEqualTo(30);
        assertThat(log.show(AuditLog.Filter.all()).stream().map(l -> l.entry().rowsOut()).toList())
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 30).boxed().toList());
        assertThat(log.verify().ok()).isTrue();
        assertThat(journalFiles()).isEmpty();
        assertThat(distinctOrigins()).isEqualTo(30);
        next.close();
    }

    @Test
    void decisionsOfAProcessThatDiesBeforeTheDatabaseHasThemAreReplayedByTheNextOne() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                AuditCrashMain.class.getName(), dir.toString(), "5000").redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isEqualTo(9);
        assertThat(output).contains("submitted 5000");
        long before = countRows();
        System.out.println("audit crash test: " + output.strip() + ", in the database before the replay: " + before);
        assertThat(before).as("the process died with decisions not yet in the database").isLessThan(5000);
        assertThat(journalFiles()).as("the dead process left its journal").isNotEmpty();
        AuditWriter next = new AuditWriter(log, journals());
        assertThat(log.size()).as("every decision is in the log after the replay (%d were before it)", before).isEqualTo(5000);
        assertThat(log.show(AuditLog.Filter.all()).stream().map(l -> l.entry().rowsOut()).toList())
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 5000).boxed().toList());
        assertThat(log.verify().ok()).isTrue();
        assertThat(journalFiles()).isEmpty();
        next.close();
    }

    private long countRows() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM audit_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aJournalOfARunningProcessIsLeftAlone() throws Exception {
        AuditWriter running = new AuditWriter(log, journals());
        running.submit(entry("live", 1));
        AuditJournal other = new AuditJournal(journals()); // same process: alive, its file must not be replayed
        other.write(entry("other", 2));
        new AuditWriter(AuditLog.open(this::connect, dir, 10), journals());
        running.flush();
        assertThat(log.show(AuditLog.Filter.all())).extracting(l -> l.entry().client()).containsExactly("live");
        running.close();
        other.close();
    }

    @Test
    void theCanonicalJsonIsWhatASortedObjectMapperWrites() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper sorted = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        for (AuditEntry e : List.of(entry("c", 1),
                new AuditEntry(Instant.parse("2025-01-02T03:04:05.678Z"), "refused", null, null, null, "d\"é\t\n", "export",
                        Map.of("zeta", "ü \u0001", "alpha", "1", "Mid", "x"), 0, null, "pas de convention « active »"))) {
            Map<String, Object> m = new java.util.TreeMap<>();
            m.put("at", e.atText());
            m.put("decision", e.decision());
            m.put("client", e.client());
            m.put("organisation", e.organisation());
            m.put("convention", e.convention());
            m.put("dataset", e.dataset());
            m.put("route", e.route());
            m.put("query", new java.util.TreeMap<>(e.query()));
            m.put("rowsOut", e.rowsOut());
            m.put("suppression", e.suppression());
            m.put("reason", e.reason());
            assertThat(AuditLog.canonicalJson(e)).isEqualTo(sorted.writeValueAsString(m));
            assertThat(AuditLog.parse(AuditLog.canonicalJson(e))).isEqualTo(e);
        }
        // every escape Jackson makes, in values and in query keys: control characters, quotes, backslashes, non-ASCII, surrogates
        java.util.Random random = new java.util.Random(16);
        char[] alphabet = ("\u0000\u0001\u001f\b\t\n\f\r \"\\/aZ9é€\u2028\u007f\ud83d\ude00\ud800").toCharArray();
        for (int i = 0; i < 2_000; i++) {
            String value = randomText(random, alphabet);
            String key = randomText(random, alphabet);
            AuditEntry e = new AuditEntry(Instant.parse("2025-01-02T03:04:05.678Z"), "granted", value, null, "conv@1", value, "records",
                    Map.of(key, value, "limit", "10"), i, value, null);
            Map<String, Object> m = new java.util.TreeMap<>();
            m.put("at", e.atText());
            m.put("decision", e.decision());
            m.put("client", e.client());
            m.put("organisation", null);
            m.put("convention", e.convention());
            m.put("dataset", e.dataset());
            m.put("route", e.route());
            m.put("query", new java.util.TreeMap<>(e.query()));
            m.put("rowsOut", e.rowsOut());
            m.put("suppression", e.suppression());
            m.put("reason", null);
            assertThat(AuditLog.canonicalJson(e)).as("entry %d", i).isEqualTo(sorted.writeValueAsString(m));
        }
    }

    private static String randomText(java.util.Random random, char[] alphabet) {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            s.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return s.toString();
    }

    @Test
    void theTimeIsSpelledAsTheFormatterSpellsIt() {
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochMilli(random.nextLong(0, 253_402_300_799_999L)); // 1970 to 9999-12-31
            assertThat(AuditEntry.atText(t)).isEqualTo(AuditEntry.AT_FORMAT.format(t));
        }
        Instant far = Instant.parse("+12024-01-01T00:00:00Z");
        assertThat(AuditEntry.atText(far)).isEqualTo(AuditEntry.AT_FORMAT.format(far));
    }

    private long distinctOrigins() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(DISTINCT origin) FROM audit_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The pid of a process that has ended. */
    @Test
    void theJournalOfAnotherLiveProcessIsLeftAloneUntilThatProcessDies() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                AuditCrashMain.class.getName(), dir.toString(), "40", "hold").redirectErrorStream(true).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("journalled 40");
            new AuditWriter(log, journals()).close();
            assertThat(log.size()).as("the other process is alive: its journal is not replayed").isZero();
            assertThat(journalFiles()).anySatisfy(f -> assertThat(f).endsWith(".journal"));
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        AuditWriter next = new AuditWriter(log, journals());
        assertThat(log.size()).as("once it is dead, its entries are replayed").isEqualTo(40);
        assertThat(log.verify().ok()).isTrue();
        next.close();
        assertThat(journalFiles()).isEmpty();
    }

    @Test
    void aBatchRetriedAfterItWasCommittedIsNotChainedTwice() throws Exception {
        AuditJournal journal = new AuditJournal(journals());
        List<AuditLog.Prepared> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(journal.write(entry("retry", i)).entry());
        }
        log.appendAll(batch);
        log.replay(batch); // what a retry does when the first attempt's outcome is unknown
        assertThat(log.size()).isEqualTo(5);
        log.appendAll(batch.subList(0, 1)); // a blind append: the unique origin refuses it, the retry skips it
        assertThat(log.size()).isEqualTo(5);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO audit_entry (seq, at, entry_json, prev_hash, hash, origin) "
                    + "VALUES (999, 'x', 'x', 'x', 'x', '" + batch.get(0).origin() + "')"))
                    .as("the origin column is unique").isInstanceOf(SQLException.class);
        }
        assertThat(log.verify().ok()).isTrue();
        journal.close();
    }
}
