package fr.geoeduc.core.access;

import fr.geoeduc.core.store.StoreException;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Chains entries into {@code audit_entry}: each with its hash and its MAC, a signed checkpoint every
 * {@code checkpointEvery} entries, and, once committed, the new head on the anchor file.
 *
 * <p>Each call runs in one transaction that first takes the table's write lock (SQLite: a write statement at the start
 * of the transaction; PostgreSQL: {@code LOCK TABLE … IN EXCLUSIVE MODE}), so that appends of several logs or processes
 * on the same database still form one chain; the primary key on {@code seq} is the last guard (a lost race is retried).
 */
final class AuditAppender {

    private static final int ATTEMPTS = 5;

    private final AuditLog.ConnectionSource source;
    private final AuditMac mac;
    private final int checkpointEvery;
    private final AuditAnchor anchor;

    AuditAppender(AuditLog.ConnectionSource source, byte[] key, int checkpointEvery, AuditAnchor anchor) {
        this.source = source;
        this.mac = new AuditMac(key);
        this.checkpointEvery = checkpointEvery;
        this.anchor = anchor;
    }

    synchronized long chain(List<AuditLog.Prepared> entries, boolean skipKnownOrigins) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection c = source.open()) {
                boolean auto = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    lockForAppend(c);
                    AuditReader.Head head = AuditReader.head(c);
                    long seq = head.seq();
                    String prev = head.seq() == 0 ? AuditLog.GENESIS : head.hash();
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO audit_entry (seq, at, entry_json, prev_hash, hash, origin, mac) VALUES (?, ?, ?, ?, ?, ?, ?)");
                         PreparedStatement known = c.prepareStatement("SELECT 1 FROM audit_entry WHERE origin = ?")) {
                        for (AuditLog.Prepared p : entries) {
                            // a later attempt may follow a commit that succeeded but was not acknowledged
                            if ((skipKnownOrigins || attempt > 1) && p.origin() != null && exists(known, p.origin())) {
                                continue;
                            }
                            seq++;
                            String hash = AuditCanonical.chainHash(prev, p.json());
                            ps.setLong(1, seq);
                            ps.setString(2, p.at());
                            ps.setString(3, p.json());
                            ps.setString(4, prev);
                            ps.setString(5, hash);
                            ps.setString(6, p.origin());
                            ps.setString(7, mac.entry(seq, hash));
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
                    anchor(seq, prev);
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

    /** Adds the committed head to the anchor file; a failure there must not undo or repeat a committed append. */
    private void anchor(long seq, String hash) {
        try {
            anchor.record(seq, hash);
        } catch (IOException e) {
            // the next commit anchors its own head, which covers this one; verify only sees a shorter anchor meanwhile
            System.err.println("audit: cannot write the anchor " + anchor.file() + ": " + e.getMessage());
        }
    }

    /** Anchors the current head (e.g. when a store is opened, so that a log written before the anchor existed is pinned). */
    synchronized AuditReader.Head anchorHead() {
        try (Connection c = source.open()) {
            AuditReader.Head head = AuditReader.head(c);
            anchor.record(head.seq(), head.hash());
            return head;
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the audit anchor " + anchor.file() + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(PreparedStatement known, String origin) throws SQLException {
        known.setString(1, origin);
        try (ResultSet rs = known.executeQuery()) {
            return rs.next();
        }
    }

    /** Writes a checkpoint at the last entry if it has none yet; the seq checkpointed, or 0 when the log is empty. */
    synchronized long checkpointLast() {
        try (Connection c = source.open()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                lockForAppend(c);
                AuditReader.Head head = AuditReader.head(c);
                if (head.seq() > 0) {
                    boolean exists;
                    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM audit_checkpoint WHERE seq = ?")) {
                        ps.setLong(1, head.seq());
                        try (ResultSet rs = ps.executeQuery()) {
                            exists = rs.next();
                        }
                    }
                    if (!exists) {
                        insertCheckpoint(c, head.seq(), head.hash());
                    }
                }
                c.commit();
                return head.seq();
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
            ps.setString(3, mac.checkpoint(seq, hash));
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
}
