package fr.geoeduc.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The saved simulations of a re-sectorisation, in the store (table {@code saved_simulation}): a draft, as the URL
 * query of the simulation form, under a title, for one organisation. Only that organisation lists, opens, compares,
 * exports or deletes it; the pages decide who the caller acts for.
 */
public final class SavedSimulations {

    /** One saved simulation: the form's state (eleves, deplacer, voie, zone, capacite…) under a title, by an organisation. */
    public record SavedSimulation(String id, String title, String state, String organisation, Instant createdAt) {
    }

    private final Store store;

    public SavedSimulations(Store store) {
        this.store = store;
    }

    /** Saves a new simulation under a fresh random id. */
    public SavedSimulation save(String title, String state, String organisation) {
        SavedSimulation s = new SavedSimulation(SavedViews.newId(), title, state, organisation,
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        try (Connection c = store.connection(); PreparedStatement p = c.prepareStatement("INSERT INTO saved_simulation "
                + "(id, title, state, organisation, created_at) VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, s.id());
            p.setString(2, s.title());
            p.setString(3, s.state());
            p.setString(4, s.organisation());
            p.setString(5, SavedViews.CREATED.format(s.createdAt()));
            p.executeUpdate();
            return s;
        } catch (SQLException e) {
            throw new StoreException("cannot save the simulation: " + e.getMessage(), e);
        }
    }

    /** The simulation under this id if it is this organisation's; another's is answered as absent. */
    public Optional<SavedSimulation> find(String id, String organisation) {
        return read("SELECT * FROM saved_simulation WHERE id = ? AND organisation = ?", id, organisation).stream().findFirst();
    }

    /** The organisation's simulations, the most recent first. */
    public List<SavedSimulation> of(String organisation) {
        return read("SELECT * FROM saved_simulation WHERE organisation = ? ORDER BY created_at DESC, id", organisation);
    }

    /** Deletes the organisation's simulation; false when it has none under that id. */
    public boolean delete(String id, String organisation) {
        try (Connection c = store.connection(); PreparedStatement p = c.prepareStatement("DELETE FROM saved_simulation WHERE id = ? AND organisation = ?")) {
            p.setString(1, id);
            p.setString(2, organisation);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot delete the simulation " + id + ": " + e.getMessage(), e);
        }
    }

    private List<SavedSimulation> read(String sql, String... args) {
        try (Connection c = store.connection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
            }
            List<SavedSimulation> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new SavedSimulation(r.getString("id"), r.getString("title"), r.getString("state"), r.getString("organisation"),
                            Instant.parse(r.getString("created_at"))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the saved simulations: " + e.getMessage(), e);
        }
    }
}
