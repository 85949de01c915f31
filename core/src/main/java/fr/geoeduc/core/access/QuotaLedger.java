package fr.geoeduc.core.access;

import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Map;

/**
 * Daily call counts in the store, so that a restart does not reset a quota and two server processes on one store
 * draw on the same one. Counters are named by whoever is counted ({@code client:ID}, {@code ip:ADDRESS}…).
 */
public final class QuotaLedger {

    private final Store store;

    public QuotaLedger(Store store) {
        this.store = store;
    }

    /** Adds each counter's calls of {@code day} in one transaction and answers every counter's total for that day. */
    public Map<String, Long> add(LocalDate day, Map<String, Long> calls) {
        String d = day.toString();
        Map<String, Long> totals = new java.util.HashMap<>();
        try (Connection c = store.connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement up = c.prepareStatement("INSERT INTO quota_usage (counter, day, used) VALUES (?, ?, ?) "
                        + "ON CONFLICT (counter, day) DO UPDATE SET used = quota_usage.used + excluded.used")) {
                    for (Map.Entry<String, Long> e : calls.entrySet()) {
                        up.setString(1, e.getKey());
                        up.setString(2, d);
                        up.setLong(3, e.getValue());
                        up.addBatch();
                    }
                    up.executeBatch();
                }
                try (PreparedStatement read = c.prepareStatement("SELECT used FROM quota_usage WHERE counter = ? AND day = ?")) {
                    for (String counter : calls.keySet()) {
                        read.setString(1, counter);
                        read.setString(2, d);
                        try (ResultSet rs = read.executeQuery()) {
                            totals.put(counter, rs.next() ? rs.getLong(1) : 0L);
                        }
                    }
                }
                try (PreparedStatement old = c.prepareStatement("DELETE FROM quota_usage WHERE day < ?")) {
                    old.setString(1, day.minusDays(2).toString());
                    old.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count quota calls: " + e.getMessage(), e);
        }
        return totals;
    }

    /** A counter's calls of {@code day} as the store holds them. */
    public long used(String counter, LocalDate day) {
        try (Connection c = store.connection();
             PreparedStatement p = c.prepareStatement("SELECT used FROM quota_usage WHERE counter = ? AND day = ?")) {
            p.setString(1, counter);
            p.setString(2, day.toString());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read quota calls: " + e.getMessage(), e);
        }
    }
}
