package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.store.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads each published version into a {@link Snapshot} on first use and keeps the latest one per dataset;
 * a snapshot is dropped as soon as a newer version of its dataset is asked for.
 */
public final class SnapshotCache {

    private final Store store;
    private final Map<String, Snapshot> latest = new ConcurrentHashMap<>();
    private final ColumnFiles columnFiles;
    private final Path columnDirectory;
    private final long offHeapCells;
    private final AtomicLong fromStore = new AtomicLong();
    private final AtomicLong fromFile = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private static final System.Logger LOG = System.getLogger(SnapshotCache.class.getName());

    /**
     * Versions of at least {@code geoeduc.offheap.cells} values (rows × fields, default {@value #OFF_HEAP_CELLS}) keep
     * their columns in memory-mapped files of the data directory ({@code columns/}), or of {@code geoeduc.columns.dir}
     * (default: the temporary directory) for a store without one; smaller versions stay on the heap, where the engine
     * reads them fastest.
     */
    public SnapshotCache(Store store) {
        this(store, store.keyDirectory().map(d -> d.resolve("columns")).orElse(Path.of(System.getProperty("geoeduc.columns.dir",
                        Path.of(System.getProperty("java.io.tmpdir"), "geoeduc", "columns").toString()))),
                Long.getLong("geoeduc.offheap.cells", OFF_HEAP_CELLS));
    }

    public SnapshotCache(Store store, Path columnDirectory, long offHeapCells) {
        this.store = store;
        this.columnDirectory = columnDirectory;
        this.columnFiles = new ColumnFiles(columnDirectory);
        this.offHeapCells = offHeapCells;
    }

    /** How the large versions of this cache were loaded: read from the store, mapped from their file, files refused. */
    public record Loads(long fromStore, long fromFile, long refusedFiles) {
    }

    public Loads loads() {
        return new Loads(fromStore.get(), fromFile.get(), refused.get());
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
        if ((long) rows * n < offHeapCells) {
            return new Snapshot(version, build(version, null), rows);
        }
        try {
            return new Snapshot(version, kept(version), rows).indexesIn(columnFiles);
        } catch (OutOfMemoryError e) {
            throw new DatasetTooLarge(version, "its columns need more than the heap of " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        }
    }

    /**
     * A large version's columns mapped from its file of the column directory, written at the first load of the
     * version; a missing, truncated, corrupt or foreign file is (re)built from the store. Older versions' files of the
     * dataset are removed once the new one is written.
     */
    private Column[] kept(DatasetVersion version) {
        Path file = SnapshotFile.of(columnDirectory, version);
        if (Files.exists(file)) {
            try {
                Column[] columns = SnapshotFile.open(file, version);
                fromFile.incrementAndGet();
                LOG.log(System.Logger.Level.INFO, "{0} v{1}: columns mapped from {2}", version.datasetId(), version.number(), file);
                return columns;
            } catch (SnapshotFile.Refused e) {
                refused.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "{0} v{1}: column file {2} refused ({3}), rebuilt from the store",
                        version.datasetId(), version.number(), file, e.getMessage());
            } catch (IOException e) {
                refused.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "{0} v{1}: column file {2} unreadable ({3}), rebuilt from the store",
                        version.datasetId(), version.number(), file, e.toString());
            }
        }
        Column[] built = build(version, columnFiles);
        try {
            SnapshotFile.write(file, version, built, (int) version.rowCount());
            removeOlderFiles(version, file);
            return SnapshotFile.open(file, version);
        } catch (IOException | SnapshotFile.Refused e) {
            LOG.log(System.Logger.Level.WARNING, "{0} v{1}: cannot keep the columns in {2} ({3}); served from memory this time",
                    version.datasetId(), version.number(), file, e.toString());
            return built;
        }
    }

    /** Files of earlier versions of the dataset, and temporary files left by a process that died an hour ago or more. */
    private static void removeOlderFiles(DatasetVersion version, Path kept) {
        try (var files = Files.list(kept.getParent())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                boolean older = name.endsWith(SnapshotFile.SUFFIX) && !p.equals(kept) && VersionFiles.versionOf(name) < version.number();
                boolean stale = VersionFiles.isStalePart(p);
                boolean orphanStamp = name.endsWith(SnapshotFile.SUFFIX + VerifiedStamp.SUFFIX)
                        && !Files.exists(p.resolveSibling(name.substring(0, name.length() - VerifiedStamp.SUFFIX.length())));
                if (older || stale || orphanStamp) {
                    Files.deleteIfExists(p);
                }
                if (older) {
                    VerifiedStamp.forget(p);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot clean " + kept.getParent() + ": " + e);
        }
    }

    private Column[] build(DatasetVersion version, ColumnFiles files) {
        Schema schema = version.schema();
        int n = schema.size();
        int rows = (int) version.rowCount();
        if (files != null) {
            fromStore.incrementAndGet();
        }
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
            return columns;
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
