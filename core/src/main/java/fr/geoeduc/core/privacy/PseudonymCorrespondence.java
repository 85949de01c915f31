package fr.geoeduc.core.privacy;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.PseudonymKeys;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.engine.SnapshotCache;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.store.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Optional;
import java.util.Set;

/**
 * After a key rotation, the table a recipient needs to re-key what it already holds: for every row of the
 * convention's scope, the old and the new pseudonym of each pseudonymised field, and nothing else (no identifier,
 * no other field, no row outside the scope, oppositions and k-anonymity applied as for the data itself).
 */
public final class PseudonymCorrespondence {

    private PseudonymCorrespondence() {
    }

    /** Writes {@code jeu;champ;ancien_pseudonyme;nouveau_pseudonyme} lines; returns the number of pairs written. */
    public static long write(Store store, AccessRegistry registry, Convention convention, AccessRegistry.RotatedKey keys, Writer out) {
        SnapshotCache snapshots = new SnapshotCache(store);
        long pairs = 0;
        try {
            out.write("jeu;champ;ancien_pseudonyme;nouveau_pseudonyme\r\n");
            for (Convention.DataScope scope : convention.scopes()) {
                if (scope.pseudonymisedFields().isEmpty()) {
                    continue;
                }
                Optional<DatasetVersion> latest = store.latest(scope.dataset());
                if (latest.isEmpty()) {
                    continue;
                }
                Snapshot base = snapshots.get(latest.get());
                Set<String> oppositions = registry.oppositionHashes(scope.dataset());
                var files = snapshots.filesFor(base.rows(), scope.fields().size());
                Snapshot before = RestrictedView.build(base, scope, keys.previous(), oppositions, files).snapshot();
                Snapshot after = RestrictedView.build(base, scope, keys.current(), oppositions, files).snapshot();
                for (String field : scope.pseudonymisedFields()) {
                    int b = before.fieldIndex(field);
                    int a = after.fieldIndex(field);
                    if (b < 0 || a < 0) {
                        continue;
                    }
                    // each view keeps its rows in its own key's order: the same published row is found through the published order
                    int[] rowBefore = before.publishedOrder();
                    int[] rowAfter = after.publishedOrder();
                    for (int p = 0; p < before.rows(); p++) {
                        Object old = before.column(b).get(rowBefore[p]);
                        Object now = after.column(a).get(rowAfter[p]);
                        if (old != null && now != null) {
                            out.write(scope.dataset() + ";" + field + ";" + old + ";" + now + "\r\n");
                            pairs++;
                        }
                    }
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the correspondence table: " + e.getMessage(), e);
        }
        return pairs;
    }

    /** The pseudonym of an identifier under a key (for checks and tests). */
    public static String pseudonym(byte[] key, String identifier) {
        return PseudonymKeys.of(key).pseudonym(identifier);
    }
}
