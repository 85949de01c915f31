package fr.geoeduc.core.access;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The audit log of access decisions on restricted data: append-only and tamper-evident, in the tables
 * {@code audit_entry} and {@code audit_checkpoint} of the store's database, signed with a key and anchored in a file
 * that are both outside the database, in the data directory.
 *
 * <h2>Chain, MAC, checkpoints, anchor</h2>
 * Entries are numbered 1, 2, 3… ({@code seq}). Each keeps the canonical JSON of its {@link AuditEntry}
 * ({@link #canonicalJson}: keys sorted, no spaces, nulls written),
 * {@code hash = hex(SHA-256(prev_hash + "\n" + entry_json))} ({@code prev_hash}: the hash of the entry before, 64 zeros
 * for the first) and {@code mac = hex(HMAC-SHA-256(key, "entry:" + seq + ":" + hash))}, the key being {@value #KEY_FILE}
 * of the data directory. Every {@code checkpointEvery} entries a checkpoint row keeps the seq, hash and
 * {@code HMAC(key, seq + ":" + hash)} of that entry. After every commit the new count and head go to the append-only
 * anchor file {@value #ANCHOR_FILE} of the data directory ({@link AuditAnchor}).
 *
 * <p>Someone who can write the database but neither the key nor the anchor file cannot edit, insert, re-chain or sign
 * an entry (its MAC, or the next entry's, fails), nor delete the last entries (the anchor file counts more), nor empty
 * the log, nor delete a checkpoint. What someone who can also write the data directory can hide is in
 * {@code docs/conventions.md}: only anchors deposited elsewhere ({@code geoeduc audit anchor}) reveal it.
 *
 * <p>Entries chained before the MAC existed (upgraded stores) have none: {@link VerifyResult#unsignedUpTo} says how far
 * the log is covered only by the chain and the checkpoints (and by the MAC of the first signed entry after them).
 *
 * <h2>No INE in the log</h2>
 * The log never stores a value shaped like an INE (10 digits and a letter, or 9 digits and 2 letters): before an
 * entry is chained, every such sequence in any of its texts is replaced by {@value #INE_MASK}. We chose masking over
 * refusing so that the decision itself is never lost from the log. The match is deliberately broad, so that some
 * innocent values may be masked too: a masked value costs a little precision, an INE in the log would be a leak.
 *
 * <p>The work is split: {@link AuditAppender} (chain, sign, checkpoint, anchor), {@link AuditVerifier},
 * {@link AuditReader}, {@link AuditCanonical} (canonical form and masking), {@link AuditKey}, {@link AuditAnchor}.
 */
public final class AuditLog {

    /** The name of the audit key file in the data directory. */
    public static final String KEY_FILE = AuditKey.FILE;
    /** The name of the anchor file in the data directory. */
    public static final String ANCHOR_FILE = AuditAnchor.FILE;
    /** What replaces an INE-shaped value in the log. */
    public static final String INE_MASK = "[INE masqué]";
    /** The prev_hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);
    /** An INE-shaped sequence, wherever it appears. */
    public static final Pattern INE_SHAPED = Pattern.compile("\\d{10}[A-Za-z]|\\d{9}[A-Za-z]{2}");

    /** Opens a new JDBC connection to the store's database; the log closes it. */
    @FunctionalInterface
    public interface ConnectionSource {
        java.sql.Connection open() throws java.sql.SQLException;
    }

    /**
     * The outcome of {@link #verify}: ok, or the first problem in seq order, its code and its text in French and English.
     *
     * @param unsignedUpTo entries 1 to this one predate the per-entry MAC (0: every entry is signed)
     * @param anchoredFrom the count from which the anchor file anchors the log, or null when there is no anchor file
     * @param anchoredUpTo the largest count the anchor file attests (0: none)
     */
    public record VerifyResult(boolean ok, long entries, Long firstBadSeq, String code, String problem, String problemEn,
                               long unsignedUpTo, Long anchoredFrom, long anchoredUpTo) {

        public String problem(Locale locale) {
            return "en".equals(locale.getLanguage()) ? problemEn : problem;
        }
    }

    /** A checkpoint row. */
    public record Checkpoint(long seq, String hash, String mac, String at) {
    }

    /** One entry of the log with its place in the chain. */
    public record Logged(long seq, AuditEntry entry, String hash) {
    }

    /** An anchored point: the log had {@code seq} entries, the last one with this hash ({@code at}: when, or null). */
    public record Anchor(long seq, String hash, String at) {
        public String text() {
            return seq + " " + hash + " " + at;
        }

        /** {@code "<seq> <hash>"} or {@code "<seq>:<hash>"}, optionally followed by a date; null when it is not one. */
        public static Anchor parse(String text) {
            String[] parts = text.strip().split("[\\s:]+", 3);
            if (parts.length < 2 || !parts[0].matches("\\d{1,18}") || !parts[1].matches("[0-9a-fA-F]{64}")) {
                return null;
            }
            return new Anchor(Long.parseLong(parts[0]), parts[1].toLowerCase(Locale.ROOT), parts.length > 2 ? parts[2] : null);
        }
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

    /** An entry ready to chain: masked, in canonical JSON, with where it was first written down (or null). */
    public record Prepared(String json, String at, String origin) {
    }

    private final AuditAppender appender;
    private final AuditVerifier verifier;
    private final AuditReader reader;
    private final Path anchorFile;
    private volatile Runnable beforeRead = () -> { };

    /**
     * @param source          new connections to the database of the store (migrated)
     * @param key             the audit key (at least 16 bytes; see {@link #loadOrCreateKey})
     * @param checkpointEvery a checkpoint every this many entries (at least 1)
     * @param anchorFile      the append-only anchor file, outside the database
     */
    public AuditLog(ConnectionSource source, byte[] key, int checkpointEvery, Path anchorFile) {
        if (source == null || anchorFile == null) {
            throw new IllegalArgumentException("no connection source or no anchor file");
        }
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("the audit key must have at least 16 bytes");
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be at least 1: " + checkpointEvery);
        }
        AuditAnchor anchor = new AuditAnchor(anchorFile);
        this.appender = new AuditAppender(source, key.clone(), checkpointEvery, anchor);
        this.verifier = new AuditVerifier(source, key.clone(), checkpointEvery, anchorFile);
        this.reader = new AuditReader(source);
        this.anchorFile = anchorFile;
    }

    /** The log with the key ({@value #KEY_FILE}) and anchor file ({@value #ANCHOR_FILE}) of the data directory. */
    public static AuditLog open(ConnectionSource source, Path dataDir, int checkpointEvery) {
        return new AuditLog(source, AuditKey.loadOrCreate(dataDir), checkpointEvery, dataDir.resolve(ANCHOR_FILE));
    }

    /** Runs before every read of the log (an {@link AuditWriter} waits there for the entries it still holds). */
    void beforeReads(Runnable action) {
        this.beforeRead = action;
    }

    // appending

    /** Masks INE-shaped values and writes the canonical JSON: what is chained, and what a journal keeps. */
    public static Prepared prepare(AuditEntry entry, String origin) {
        return AuditCanonical.prepare(entry, origin);
    }

    /** Masks INE-shaped values, chains and signs the entry and returns its seq. */
    public long append(AuditEntry entry) {
        return appendAll(List.of(prepare(entry, null)));
    }

    /** Chains prepared entries in one transaction, in order; returns the seq of the last one. */
    public long appendAll(List<Prepared> entries) {
        return appender.chain(entries, false);
    }

    /** Chains the entries of a journal left by a stopped process, skipping those whose origin the log already has. */
    public long replay(List<Prepared> entries) {
        return appender.chain(entries, true);
    }

    /** Writes a checkpoint at the last entry if it has none yet (e.g. on shutdown); the seq checkpointed, or 0 when empty. */
    public long checkpointNow() {
        beforeRead.run();
        return appender.checkpointLast();
    }

    /**
     * Writes the current count and head to the anchor file (when this process has not already) and returns them: what
     * {@code geoeduc audit anchor} prints for the operator to deposit elsewhere.
     */
    public Anchor anchorNow() {
        beforeRead.run();
        AuditReader.Head head = appender.anchorHead();
        return new Anchor(head.seq(), head.hash() == null ? GENESIS : head.hash(), AuditEntry.atText(Instant.now()));
    }

    public Path anchorFile() {
        return anchorFile;
    }

    // verifying

    /** Verifies the chain, the MACs, the checkpoints and the anchor file; see {@link AuditVerifier}. */
    public VerifyResult verify() {
        return verify(List.of());
    }

    /** Also checks anchors the operator deposited elsewhere (what an attacker of the whole data directory cannot rewrite). */
    public VerifyResult verify(List<Anchor> deposited) {
        beforeRead.run();
        return verifier.verify(deposited);
    }

    /** The last checkpoint. */
    public Optional<Checkpoint> lastCheckpoint() {
        beforeRead.run();
        return reader.lastCheckpoint();
    }

    // reading

    /** The entries matching the filter, in seq order (the last {@code limit} when a limit is given). */
    public List<Logged> show(Filter filter) {
        beforeRead.run();
        return reader.show(filter);
    }

    /** The number of entries. */
    public long size() {
        beforeRead.run();
        return reader.size();
    }

    // canonical form, masking, hashing, keys

    /** An entry from its canonical JSON, or null when the text is not an entry. */
    public static AuditEntry parse(String json) {
        return AuditCanonical.parse(json);
    }

    /** The canonical JSON of an entry: keys sorted, no spaces, null values written, {@code at} as {@link AuditEntry#atText()}. */
    public static String canonicalJson(AuditEntry e) {
        return AuditCanonical.canonicalJson(e, e.atText());
    }

    /** The entry with every INE-shaped sequence of its texts replaced by {@value #INE_MASK}. */
    public static AuditEntry mask(AuditEntry e) {
        return AuditCanonical.mask(e);
    }

    /** The text with every INE-shaped sequence replaced by {@value #INE_MASK} (null stays null). */
    public static String mask(String text) {
        return AuditCanonical.mask(text);
    }

    /** True when the text holds an INE-shaped sequence. */
    public static boolean containsIneShaped(String text) {
        return text != null && INE_SHAPED.matcher(text).find();
    }

    /** {@code hex(SHA-256(prev + "\n" + json))}. */
    public static String chainHash(String prev, String json) {
        return AuditCanonical.chainHash(prev, json);
    }

    /** The audit key of the data directory, created on first use; see {@link AuditKey}. */
    public static byte[] loadOrCreateKey(Path dataDir) {
        return AuditKey.loadOrCreate(dataDir);
    }
}
