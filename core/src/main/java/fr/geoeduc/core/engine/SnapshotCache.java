package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.store.Store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads each published version into a {@link Snapshot} on first use and keeps the latest one per dataset;
 * a snapshot is dropped as soon as a newer version of its dataset is asked for.
 */
public final class SnapshotCache {

    private final Store store;
    private final Map<String, Snapshot> latest = new ConcurrentHashMap<>();

    public SnapshotCache(Store store) {
        this.store = store;
    }

    public Snapshot get(DatasetVersion version) {
        Snapshot cached = latest.get(version.datasetId());
        if (cached != null && cached.version().number() == version.number()) {
            return sameMetadata(cached, version);
        }
        synchronized (this) {
            cached = latest.get(version.datasetId());
            if (cached != null && cached.version().number() == version.number()) {
                return sameMetadata(cached, version);
            }
            Snapshot loaded = load(version);
            if (cached == null || cached.version().number() < version.number()) {
                latest.put(version.datasetId(), loaded);
            }
            return loaded;
        }
    }

    /**
     * The cached rows under the schema the caller holds: a metadata revision changes labels, descriptions or units of
     * a version already in memory, never its rows, so the columns are kept and only the schema they are served under
     * is replaced (once per revision: afterwards the cached snapshot has the new schema).
     */
    private Snapshot sameMetadata(Snapshot cached, DatasetVersion version) {
        if (cached.version() == version || cached.version().schema().equals(version.schema())) {
            return cached;
        }
        Snapshot relabelled = cached.withVersion(version);
        latest.replace(version.datasetId(), cached, relabelled);
        return relabelled;
    }

    private Snapshot load(DatasetVersion version) {
        Schema schema = version.schema();
        int n = schema.size();
        List<List<Object>> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(new ArrayList<>((int) Math.min(version.rowCount(), Integer.MAX_VALUE - 8)));
        }
        store.readRows(version, row -> {
            for (int i = 0; i < n; i++) {
                values.get(i).add(row[i]);
            }
        });
        Column[] columns = new Column[n];
        for (int i = 0; i < n; i++) {
            columns[i] = Column.build(schema.field(i).type(), values.get(i));
            values.set(i, null);
        }
        return new Snapshot(version, columns, (int) version.rowCount());
    }

    /** Memory held per dataset (bytes, estimated), for the operators. */
    public Map<String, Long> memoryByDataset() {
        Map<String, Long> out = new java.util.TreeMap<>();
        latest.forEach((id, s) -> out.put(id, s.memoryBytes()));
        return out;
    }

    public void evict(String datasetId) {
        latest.remove(datasetId);
    }
}
