package fr.geoeduc.core.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import fr.geoeduc.core.store.StoreException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit log of access decisions on restricted data: append-only and tamper-evident, in the tables
 * {@code audit_entry} and {@code audit_checkpoint} of the store's database.
 *
 * <h2>Chain</h2>
 * Entries are numbered 1, 2, 3… ({@code seq}). Each keeps the canonical JSON of its {@link AuditEntry}
 * ({@link #canonicalJson}: keys sorted, no spaces, nulls written) and
 * {@code hash = hex(SHA-256(prev_hash + "\n" + entry_json))}, where {@code prev_hash} is the hash of the entry
 * before (64 zeros for the first). Editing an entry breaks its hash; deleting one leaves a gap in {@code seq} or
 * a {@code prev_hash} that no longer matches.
 *
 * <h2>Checkpoints</h2>
 * Every {@code checkpointEvery} entries (and on {@link #checkpointNow()}), a checkpoint row keeps the seq and
 * hash of that entry with {@code mac = hex(HMAC-SHA-256(key, seq + ":" + hash))}, the key being a secret of the
 * data directory ({@link #loadOrCreateKey}, file {@value #KEY_FILE}) that the database does not hold. Someone who
 * can write the database but not read the key can rewrite the chain consistently, but not the checkpoints: the
 * rewrite shows at the next checkpoint, a truncation shows as a checkpoint beyond the last entry, and a forged
 * checkpoint as a wrong MAC. Limit, by construction: deleting the entries written after the last checkpoint
 * (together with nothing else) is not detectable; a small {@code checkpointEvery}, {@link #checkpointNow()} on
 * shutdown and keeping {@link #lastCheckpoint()} elsewhere reduce that window.
 *
 * <h2>No INE in the log</h2>
 * The log never stores a value shaped like an INE (10 digits and a letter, or 9 digits and 2 letters): before an
 * entry is chained, every such sequence in any of its texts (client, organisation, convention, dataset, route,
 * query names and values, suppression, reason) is replaced by {@value #INE_MASK}. We chose masking over refusing
 * so that the decision itself is never lost from the log. The match is deliberately broad (any such sequence of
 * characters, even inside a longer word or number), so that some innocent values (a fragment of a long number
 * or of a hexadecimal digest) may be masked too: a masked value costs a little precision, an INE in the log
 * would be a leak.
 *
 * <h2>Concurrency</h2>
 * {@link #append} is synchronized and runs in one transaction that first takes the table's write lock (SQLite:
 * a write statement at the start of the transaction; PostgreSQL: {@code LOCK TABLE … IN EXCLUSIVE MODE}), so that
 * appends of several logs or processes on the same database still form one chain; the primary key on
 * {@code seq} is the last guard (a lost race is retried).
 */
public final class AuditLog {

    /** The name of the checkpoint key file in the data directory. */
    public static final String KEY_FILE = "audit.key";
    /** What replaces an INE-shaped value in the log. */
    public static final String INE_MASK = "[INE masqué]";
    /** The prev_hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);
    /** An INE-shaped sequence, wherever it appears. */
    public static final Pattern INE_SHAPED = Pattern.compile("\\d{10}[A-Za-z]|\\d{9}[A-Za-z]{2}");

    private static final int KEY_BYTES = 32;
    private static final int ATTEMPTS = 5;
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT);

    /** Opens a new JDBC connection to the store's database; the log closes it. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /** The outcome of {@link #verify()}: ok, or the first entry found altered and why (in French). */
    public record VerifyResult(boolean ok, long entries, Long firstBadSeq, String problem) {
    }

    /** A checkpoint row. */
    public record Checkpoint(long seq, String hash, String mac, String at) {
    }

    /** One entry of the log with its place in the chain. */
    public record Logged(long seq, AuditEntry entry, String hash) {
    }

    /**
     * What {@link #show} lists; null criteria match everything.
     *
     * @param since entries at or after this instant
     * @param limit only the last {@code limit} matching entries (0 = all)
     */
    public record Filter(String dataset, String organisation, String decision, Instant since, int limit) {
        public static Filter all() {
            return new Filter(null, null, null, null, 0);
        }

        public Filter withDataset(String value) {
            return new Filter(value, organisation, decision, since, limit);
        }

        public Filter withOrganisation(String value) {
            return new Filter(dataset, value, decision, since, limit);
        }

        public Filter withDecision(String value) {
            return new Filter(dataset, organisation, value, since, limit);
        }

        public Filter withSince(Instant value) {
            return new Filter(dataset, organisation, decision, value, limit);
        }

        public Filter withLimit(int value) {
            return new Filter(dataset, organisation, decision, since, value);
        }

        boolean matches(AuditEntry e) {
            return (dataset == null || dataset.equals(e.dataset()))
                    && (organisation == null || organisation.equals(e.organisation()))
                    && (decision == null || decision.equalsIgnoreCase(e.decision()));
        }
    }

    private final ConnectionSource source;
    private final byte[] checkpointKey;
    private final int checkpointEvery;
    private volatile Runnable beforeRead = () -> { };

    /**
     * @param source          new connections to the database of the store (migrated: V3 tables present)
     * @param checkpointKey   the HMAC key of the checkpoints (at least 16 bytes; see {@link #loadOrCreateKey})
     * @param checkpointEvery a checkpoint every this many entries (at least 1)
     */
    public AuditLog(ConnectionSource source, byte[] checkpointKey, int checkpointEvery) {
        if (source == null) {
            throw new IllegalArgumentException("no connection source");
        }
        if (checkpointKey == null || checkpointKey.length < 16) {
            throw new IllegalArgumentException("the audit checkpoint key must have at least 16 bytes");
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be at least 1: " + checkpointEvery);
        }
        this.source = source;
        this.checkpointKey = checkpointKey.clone();
        this.checkpointEvery = checkpointEvery;
    }

    // ------------------------------------------------------------------------------------------------------------
    // appending

    /** Runs before every read of the log (an {@link AuditWriter} waits there for the entries it still holds). */
    void beforeReads(Runnable action) {
        this.beforeRead = action;
    }

    /** An entry ready to chain: masked, in canonical JSON, with where it was first written down (or null). */
    public record Prepared(String json, String at, String origin) {
    }

    /** Masks INE-shaped values and writes the canonical JSON: what is chained, and what a journal keeps. */
    public static Prepared prepare(AuditEntry entry, String origin) {
        AuditEntry masked = mask(entry);
        String at = masked.atText();
        return new Prepared(canonicalJson(masked, at), at, origin);
    }

    /** Masks INE-shaped values, chains the entry and returns its seq (checkpointing every {@code checkpointEvery}). */
    public long append(AuditEntry entry) {
        return appendAll(List.of(prepare(entry, null)));
    }

    /** Chains prepared entries in one transaction, in order; returns the seq of the last one (checkpointing every {@code checkpointEvery}). */
    public long appendAll(List<Prepared> entries) {
        return chain(entries, false);
    }

    /** Chains the entries of a journal left by a stopped process, skipping those whose origin the log already has. */
    public long replay(List<Prepared> entries) {
        return chain(entries, true);
    }

    private synchronized long chain(List<Prepared> entries, boolean skipKnownOrigins) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection c = source.open()) {
                boolean auto = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    lockForAppend(c);
                    long seq = 0;
                    String prev = GENESIS;
                    try (Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1")) {
                        if (rs.next()) {
                            seq = rs.getLong(1);
                            prev = rs.getString(2);
                        }
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO audit_entry (seq, at, entry_json, prev_hash, hash, origin) VALUES (?, ?, ?, ?, ?, ?)");
                         PreparedStatement known = c.prepareStatement("SELECT 1 FROM audit_entry WHERE origin = ?")) {
                        for (Prepared p : entries) {
                            // a later attempt may follow a commit that succeeded but was not acknowledged
                            if ((skipKnownOrigins || attempt > 1) && p.origin() != null && exists(known, p.origin())) {
                                continue;
                            }
                            seq++;
                            String hash = chainHash(prev, p.json());
                            ps.setLong(1, seq);
                            ps.setString(2, p.at());
                            ps.setString(3, p.json());
                            ps.setString(4, prev);
                            ps.setString(5, hash);
                            ps.setString(6, p.origin());
                            ps.addBatch();
                            if (seq % checkpointEvery == 0) {
                                ps.executeBatch(); // the checkpoint names an entry that must be written first
                                insertCheckpoint(c, seq, hash);
                            }
                            prev = hash;
                        }
                        ps.executeBatch();
                    }
                    c.commit();
                    return seq;
                } catch (SQLException e) {
                    rollbackQuietly(c);
                    throw e;
                } finally {
                    restoreAutoCommit(c, auto);
                }
            } catch (SQLException e) {
                last = e;
                if (attempt < ATTEMPTS) {
                    pause(attempt);
                }
            }
        }
        throw new StoreException("cannot append to the audit log: " + last.getMessage(), last);
    }

    private static boolean exists(PreparedStatement known, String origin) throws SQLException {
        known.setString(1, origin);
        try (ResultSet rs = known.executeQuery()) {
            return rs.next();
        }
    }

    /** Writes a checkpoint at the last entry if it has none yet (e.g. on shutdown); the seq checkpointed, or 0 when the log is empty. */
    public long checkpointNow() {
        beforeRead.run();
        return checkpointLast();
    }

    private synchronized long checkpointLast() {
        try (Connection c = source.open()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                lockForAppend(c);
                long seq = 0;
                String hash = null;
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1")) {
                    if (rs.next()) {
                        seq = rs.getLong(1);
                        hash = rs.getString(2);
                    }
                }
                if (seq > 0) {
                    boolean exists;
                    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM audit_checkpoint WHERE seq = ?")) {
                        ps.setLong(1, seq);
                        try (ResultSet rs = ps.executeQuery()) {
                            exists = rs.next();
                        }
                    }
                    if (!exists) {
                        insertCheckpoint(c, seq, hash);
                    }
                }
                c.commit();
                return seq;
            } catch (SQLException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                restoreAutoCommit(c, auto);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot checkpoint the audit log: " + e.getMessage(), e);
        }
    }

    private void insertCheckpoint(Connection c, long seq, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_checkpoint (seq, hash, mac, at) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setString(2, hash);
            ps.setString(3, mac(seq, hash));
            ps.setString(4, AuditEntry.AT_FORMAT.format(Instant.now()));
            ps.executeUpdate();
        }
    }

    /** Takes the write lock before reading the last hash, so that two writers never chain on the same entry. */
    private static void lockForAppend(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        try (Statement st = c.createStatement()) {
            if (product.contains("postgres")) {
                st.execute("LOCK TABLE audit_entry IN EXCLUSIVE MODE");
            } else if (product.contains("sqlite")) {
                // a write statement (even one touching no row) makes a deferred SQLite transaction take the write lock
                st.executeUpdate("UPDATE audit_entry SET seq = seq WHERE seq < 0");
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is closed next; the original failure is reported
        }
    }

    private static void restoreAutoCommit(Connection c, boolean auto) {
        try {
            c.setAutoCommit(auto);
        } catch (SQLException ignored) {
            // closing next
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(20L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // verifying

    /**
     * Walks the whole chain and the checkpoints. Reports the first problem in seq order: an entry whose hash does
     * not match its content (edited), a gap in seq (deleted: the seq after the gap is named), a prev_hash that
     * does not match the entry before (deleted or replaced), a checkpoint with a wrong MAC (forged), a checkpoint
     * whose hash differs from its entry (chain rewritten), a checkpoint beyond the last entry (truncated).
     */
    public VerifyResult verify() {
        beforeRead.run();
        try (Connection c = source.open()) {
            // checkpoints first: entries appended meanwhile only add to what is read next
            List<Checkpoint> checkpoints = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT seq, hash, mac, at FROM audit_checkpoint ORDER BY seq")) {
                while (rs.next()) {
                    checkpoints.add(new Checkpoint(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            Iterator<Checkpoint> cps = checkpoints.iterator();
            Checkpoint cp = cps.hasNext() ? cps.next() : null;
            long count = 0;
            long expected = 1;
            String prev = GENESIS;
            Long badSeq = null;
            String problem = null;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT seq, at, entry_json, prev_hash, hash FROM audit_entry ORDER BY seq")) {
                while (rs.next()) {
                    count++;
                    if (badSeq != null) {
                        continue;
                    }
                    long seq = rs.getLong(1);
                    String at = rs.getString(2);
                    String json = rs.getString(3);
                    String prevHash = rs.getString(4);
                    String hash = rs.getString(5);
                    while (cp != null && cp.seq() < seq) {
                        // only possible inside a gap, which is reported just below
                        cp = cps.hasNext() ? cps.next() : null;
                    }
                    if (seq != expected) {
                        badSeq = seq;
                        problem = seq > expected
                                ? (seq - expected == 1 ? "entrée " + expected + " absente : supprimée"
                                        : "entrées " + expected + " à " + (seq - 1) + " absentes : supprimées")
                                : "numéro de séquence inattendu, attendu " + expected;
                    } else if (!prev.equals(prevHash)) {
                        badSeq = seq;
                        problem = "prev_hash différent du hash de l'entrée précédente : entrée précédente supprimée ou remplacée, ou chaînage modifié";
                    } else if (json == null || hash == null || !chainHash(prevHash, json).equals(hash)) {
                        badSeq = seq;
                        problem = "hash différent du contenu : entrée modifiée";
                    } else if (!atMatches(at, json)) {
                        badSeq = seq;
                        problem = "date (colonne at) différente de celle de l'entrée : modifiée";
                    } else if (cp != null && cp.seq() == seq) {
                        if (!macMatches(cp)) {
                            badSeq = seq;
                            problem = "point de contrôle forgé : MAC invalide";
                        } else if (!cp.hash().equals(hash)) {
                            badSeq = seq;
                            problem = "point de contrôle différent de l'entrée : journal réécrit jusqu'à cette entrée";
                        }
                        cp = cps.hasNext() ? cps.next() : null;
                    }
                    prev = hash;
                    expected = seq + 1;
                }
            }
            if (badSeq == null) {
                Checkpoint lastCp = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
                for (Checkpoint beyond : checkpoints) {
                    if (beyond.seq() >= expected && !macMatches(beyond)) {
                        return new VerifyResult(false, count, beyond.seq(), "point de contrôle forgé : MAC invalide");
                    }
                }
                if (lastCp != null && lastCp.seq() >= expected) {
                    return new VerifyResult(false, count, expected, "journal tronqué : le point de contrôle " + lastCp.seq()
                            + " atteste " + lastCp.seq() + " entrées, il n'en reste que " + (expected - 1));
                }
                return new VerifyResult(true, count, null, null);
            }
            return new VerifyResult(false, count, badSeq, problem);
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log: " + e.getMessage(), e);
        }
    }

    private static boolean atMatches(String at, String json) {
        try {
            JsonNode node = CANONICAL.readTree(json);
            return node.path("at").isTextual() && node.path("at").asText().equals(at);
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private boolean macMatches(Checkpoint cp) {
        if (cp.mac() == null || cp.hash() == null) {
            return false;
        }
        byte[] expected = mac(cp.seq(), cp.hash()).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, cp.mac().strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** The last checkpoint, to be noted outside the database (a truncation after it is otherwise invisible). */
    public Optional<Checkpoint> lastCheckpoint() {
        beforeRead.run();
        try (Connection c = source.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, hash, mac, at FROM audit_checkpoint ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? Optional.of(new Checkpoint(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                    : Optional.empty();
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // reading

    /** The entries matching the filter, in seq order (the last {@code limit} when a limit is given). */
    public List<Logged> show(Filter filter) {
        beforeRead.run();
        Filter f = filter == null ? Filter.all() : filter;
        Deque<Logged> out = new ArrayDeque<>();
        String sql = "SELECT seq, entry_json, hash FROM audit_entry" + (f.since() == null ? "" : " WHERE at >= ?") + " ORDER BY seq";
        try (Connection c = source.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (f.since() != null) {
                ps.setString(1, AuditEntry.AT_FORMAT.format(f.since()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AuditEntry e = parse(rs.getString(2));
                    if (e == null || !f.matches(e)) {
                        continue;
                    }
                    out.addLast(new Logged(rs.getLong(1), e, rs.getString(3)));
                    if (f.limit() > 0 && out.size() > f.limit()) {
                        out.removeFirst();
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log: " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }

    /** The number of entries. */
    public long size() {
        beforeRead.run();
        try (Connection c = source.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM audit_entry")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log: " + e.getMessage(), e);
        }
    }

    /** An entry from its canonical JSON, or null when the text is not an entry. */
    public static AuditEntry parse(String json) {
        try {
            JsonNode n = CANONICAL.readTree(json);
            Map<String, String> query = new LinkedHashMap<>();
            n.path("query").properties().forEach(e -> query.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
            return new AuditEntry(Instant.parse(n.path("at").asText()), text(n, "decision"), text(n, "client"), text(n, "organisation"),
                    text(n, "convention"), text(n, "dataset"), text(n, "route"), query, n.path("rowsOut").asLong(0),
                    text(n, "suppression"), text(n, "reason"));
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    // ------------------------------------------------------------------------------------------------------------
    // canonical form, masking, hashing

    /**
     * The canonical JSON of an entry: keys sorted, no spaces, null values written, {@code at} as
     * {@link AuditEntry#atText()}. Written field by field in sorted order (the same bytes as an ObjectMapper with
     * sorted map keys, at a fraction of the cost: this runs on every audited request).
     */
    public static String canonicalJson(AuditEntry e) {
        return canonicalJson(e, e.atText());
    }

    private static String canonicalJson(AuditEntry e, String atText) {
        java.io.StringWriter text = new java.io.StringWriter(256);
        try (com.fasterxml.jackson.core.JsonGenerator g = CANONICAL.getFactory().createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("at", atText);
            g.writeStringField("client", e.client());
            g.writeStringField("convention", e.convention());
            g.writeStringField("dataset", e.dataset());
            g.writeStringField("decision", e.decision());
            g.writeStringField("organisation", e.organisation());
            g.writeObjectFieldStart("query");
            for (Map.Entry<String, String> q : e.query().entrySet()) { // a sorted map
                g.writeStringField(q.getKey(), q.getValue());
            }
            g.writeEndObject();
            g.writeStringField("reason", e.reason());
            g.writeStringField("route", e.route());
            g.writeNumberField("rowsOut", e.rowsOut());
            g.writeStringField("suppression", e.suppression());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new IllegalStateException("cannot serialise an audit entry", ex);
        }
        return text.toString();
    }

    /** The entry with every INE-shaped sequence of its texts replaced by {@value #INE_MASK}. */
    public static AuditEntry mask(AuditEntry e) {
        if (!needsMask(e)) {
            return e; // the usual case: no run of 9 digits anywhere, nothing to copy
        }
        Map<String, String> query = new TreeMap<>();
        e.query().forEach((k, v) -> query.merge(mask(k), mask(v), (a, b) -> a + ", " + b));
        return new AuditEntry(e.at(), e.decision(), mask(e.client()), mask(e.organisation()), mask(e.convention()), mask(e.dataset()),
                mask(e.route()), query, e.rowsOut(), mask(e.suppression()), mask(e.reason()));
    }

    /** The text with every INE-shaped sequence replaced by {@value #INE_MASK} (null stays null). */
    public static String mask(String text) {
        if (text == null || !hasNineDigits(text)) {
            return text;
        }
        Matcher m = INE_SHAPED.matcher(text);
        return m.find() ? m.replaceAll(Matcher.quoteReplacement(INE_MASK)) : text;
    }

    private static boolean needsMask(AuditEntry e) {
        for (String t : new String[]{e.client(), e.organisation(), e.convention(), e.dataset(), e.route(), e.suppression(), e.reason()}) {
            if (t != null && hasNineDigits(t)) {
                return true;
            }
        }
        for (Map.Entry<String, String> q : e.query().entrySet()) {
            if (hasNineDigits(q.getKey()) || (q.getValue() != null && hasNineDigits(q.getValue()))) {
                return true;
            }
        }
        return false;
    }

    /** Fast path: an INE-shaped sequence holds a run of at least 9 digits; most texts have none. */
    private static boolean hasNineDigits(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            run = c >= '0' && c <= '9' ? run + 1 : 0;
            if (run >= 9) {
                return true;
            }
        }
        return false;
    }

    /** True when the text holds an INE-shaped sequence. */
    public static boolean containsIneShaped(String text) {
        return text != null && INE_SHAPED.matcher(text).find();
    }

    /** {@code hex(SHA-256(prev + "\n" + json))}. */
    public static String chainHash(String prev, String json) {
        MessageDigest sha = SHA_256.get();
        sha.reset();
        return HEX.formatHex(sha.digest((prev + "\n" + json).getBytes(StandardCharsets.UTF_8)));
    }

    private static final HexFormat HEX = HexFormat.of();
    /** One digest per thread: looking the algorithm up for every entry cost as much as hashing it. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    });

    private String mac(long seq, String hash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(checkpointKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((seq + ":" + hash).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // the checkpoint key

    /**
     * The checkpoint key of the data directory: the 32 bytes of {@code dataDir/audit.key}, created with random bytes
     * (owner read/write only, 600, where the file system has POSIX permissions) on first use. Keep it out of the
     * database and of its backups' reach: whoever holds it can forge checkpoints.
     */
    public static byte[] loadOrCreateKey(Path dataDir) {
        Path file = dataDir.resolve(KEY_FILE);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                byte[] key = new byte[KEY_BYTES];
                new SecureRandom().nextBytes(key);
                try {
                    create(file, key);
                    return key;
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: read theirs
                }
            }
            for (int attempt = 0; ; attempt++) {
                byte[] key = Files.readAllBytes(file);
                if (key.length == KEY_BYTES) {
                    return key;
                }
                if (attempt >= 50) {
                    throw new IllegalStateException("the audit key " + file + " is corrupt: " + key.length + " bytes instead of " + KEY_BYTES
                            + " (restore it from a backup; a new key would make every checkpoint look forged)");
                }
                pause(1); // another process is still writing it
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the audit key " + file + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path file, byte[] key) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-------");
        try (var ch = posix
                ? Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(perms))
                : Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(key));
        }
        if (posix) {
            Files.setPosixFilePermissions(file, perms); // in case the umask was stricter or looser than asked
        }
    }
}
