package fr.geoeduc.core.access;

import fr.geoeduc.core.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** Reads the audit log: entries by filter, their number, the last checkpoint, the head. Needs no key. */
public final class AuditReader {

    /** The last entry: how many there are (seq numbers are 1…n) and its hash; (0, null) for an empty log. */
    public record Head(long seq, String hash) {
    }

    private final AuditLog.ConnectionSource source;

    public AuditReader(AuditLog.ConnectionSource source) {
        this.source = source;
    }

    static Head head(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : new Head(0, null);
        }
    }

    public List<AuditLog.Logged> show(AuditLog.Filter filter) {
        AuditLog.Filter f = filter == null ? AuditLog.Filter.all() : filter;
        Deque<AuditLog.Logged> out = new ArrayDeque<>();
        String sql = "SELECT seq, entry_json, hash FROM audit_entry" + (f.since() == null ? "" : " WHERE at >= ?") + " ORDER BY seq";
        try (Connection c = source.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (f.since() != null) {
                ps.setString(1, AuditEntry.AT_FORMAT.format(f.since()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AuditEntry e = AuditCanonical.parse(rs.getString(2));
                    if (e == null || !f.matches(e)) {
                        continue;
                    }
                    out.addLast(new AuditLog.Logged(rs.getLong(1), e, rs.getString(3)));
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

    public long size() {
        try (Connection c = source.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM audit_entry")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log: " + e.getMessage(), e);
        }
    }

    public Optional<AuditLog.Checkpoint> lastCheckpoint() {
        try (Connection c = source.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, hash, mac, at FROM audit_checkpoint ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? Optional.of(new AuditLog.Checkpoint(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                    : Optional.empty();
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log: " + e.getMessage(), e);
        }
    }
}
