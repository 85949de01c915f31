package fr.geoeduc.core.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The saved views of the map explorer, in the store (table {@code saved_view}) so that they survive a restart and
 * every server process on one store shares them. This class keeps them; who may list or open one is the caller's
 * business (the dataset's access, through the query service).
 */
public final class SavedViews {

    /** One saved view: the explorer's state (its URL query) of one dataset, under a title, by an organisation. */
    public record SavedView(String id, String title, String description, String dataset, String state, String organisation,
                            Instant createdAt) {
    }

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"; // no 0/o, 1/l: read aloud or copied by hand
    private static final int ID_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Fixed width, so that the text order of {@code created_at} is the time order on every store. */
    static final java.time.format.DateTimeFormatter CREATED = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private final Store store;

    public SavedViews(Store store) {
        this.store = store;
    }

    /** Saves a new view under a fresh random id (unguessable: views of restricted data are not listed to others). */
    public SavedView save(String title, String description, String dataset, String state, String organisation) {
        SavedView v = new SavedView(newId(), title, description, dataset, state, organisation, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        try (Connection c = store.connection(); PreparedStatement p = c.prepareStatement("INSERT INTO saved_view "
                + "(id, title, description, dataset_id, state, organisation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, v.id());
            p.setString(2, v.title());
            p.setString(3, v.description());
            p.setString(4, v.dataset());
            p.setString(5, v.state());
            p.setString(6, v.organisation());
            p.setString(7, CREATED.format(v.createdAt()));
            p.executeUpdate();
            return v;
        } catch (SQLException e) {
            throw new StoreException("cannot save the view: " + e.getMessage(), e);
        }
    }

    public Optional<SavedView> find(String id) {
        List<SavedView> found = read("SELECT * FROM saved_view WHERE id = ?", id);
        return found.stream().findFirst();
    }

    /** Deletes a view; false when there was none under that id. Whether the caller may is the caller's business. */
    public boolean delete(String id) {
        try (Connection c = store.connection(); PreparedStatement p = c.prepareStatement("DELETE FROM saved_view WHERE id = ?")) {
            p.setString(1, id);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot delete the view " + id + ": " + e.getMessage(), e);
        }
    }

    /** Every saved view, the most recent first. */
    public List<SavedView> all() {
        return read("SELECT * FROM saved_view ORDER BY created_at DESC, id", null);
    }

    private List<SavedView> read(String sql, String id) {
        try (Connection c = store.connection(); PreparedStatement p = c.prepareStatement(sql)) {
            if (id != null) {
                p.setString(1, id);
            }
            List<SavedView> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new SavedView(r.getString("id"), r.getString("title"), r.getString("description"), r.getString("dataset_id"),
                            r.getString("state"), r.getString("organisation"), Instant.parse(r.getString("created_at"))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the saved views: " + e.getMessage(), e);
        }
    }

    static String newId() {
        StringBuilder b = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
