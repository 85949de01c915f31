package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.store.Store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads each published version into a {@link Snapshot} on first use and keeps the latest one per dataset;
 * a snapshot is dropped as soon as a newer version of its dataset is asked for.
 */
public final class SnapshotCache {

    private final Store store;
    private final Map<String, Snapshot> latest = new ConcurrentHashMap<>();
    private final ColumnFiles columnFiles;
    private final long offHeapCells;

    /**
     * Versions of at least {@code geoeduc.offheap.cells} values (rows × fields, default {@value #OFF_HEAP_CELLS}) keep
     * their columns in memory-mapped files of the data directory ({@code columns/}), or of the temporary directory for
     * a store without one; smaller versions stay on the heap, where the engine reads them fastest.
     */
    public SnapshotCache(Store store) {
        this(store, store.keyDirectory().orElse(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "geoeduc"))
                .resolve("columns"), Long.getLong("geoeduc.offheap.cells", OFF_HEAP_CELLS));
    }

    public SnapshotCache(Store store, java.nio.file.Path columnDirectory, long offHeapCells) {
        this.store = store;
        this.columnFiles = new ColumnFiles(columnDirectory);
        this.offHeapCells = offHeapCells;
    }

    public static final long OFF_HEAP_CELLS = 16_000_000;

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
        if (version.rowCount() > Integer.MAX_VALUE - 8) {
            throw new DatasetTooLarge(version, "over " + (Integer.MAX_VALUE - 8) + " rows");
        }
        int rows = (int) version.rowCount();
        ColumnFiles files = (long) rows * n >= offHeapCells ? columnFiles : null;
        try {
            ColumnBuilder[] builders = new ColumnBuilder[n];
            for (int i = 0; i < n; i++) {
                builders[i] = ColumnBuilder.of(schema.field(i).type(), rows, files);
            }
            store.readRows(version, row -> {
                for (int i = 0; i < n; i++) {
                    builders[i].add(row[i]);
                }
            });
            Column[] columns = new Column[n];
            for (int i = 0; i < n; i++) {
                columns[i] = builders[i].build();
            }
            return new Snapshot(version, columns, rows);
        } catch (OutOfMemoryError e) {
            throw new DatasetTooLarge(version, "its columns need more than the heap of " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        }
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
