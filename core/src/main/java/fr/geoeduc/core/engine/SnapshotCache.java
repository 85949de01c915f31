package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.store.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads each published version into a {@link Snapshot} on first use and keeps the latest one per dataset;
 * a snapshot is dropped as soon as a newer version of its dataset is asked for, or when the heap the kept snapshots
 * hold ({@link Snapshot#memoryBytes()}: a mapped version counts only what it keeps on the heap) exceeds the budget
 * ({@link #HEAP_BUDGET_PROPERTY}): the least recently used go first. Dropping only forgets the cache's reference: a
 * request still reading an evicted snapshot keeps it alive until it is done, and the next request loads it again.
 */
public final class SnapshotCache {

    /**
     * The heap the cached snapshots may hold together: a share of the maximum heap ({@code 25%}, the default) or a
     * size ({@code 2g}, {@code 512m}, {@code 1048576}).
     */
    public static final String HEAP_BUDGET_PROPERTY = "geoeduc.snapshots.heap";
    public static final String DEFAULT_HEAP_BUDGET = "25%";

    /** A cached snapshot and when it was last asked for ({@link System#nanoTime()}). */
    private static final class Entry {
        final Snapshot snapshot;
        volatile long used;

        Entry(Snapshot snapshot, long used) {
            this.snapshot = snapshot;
            this.used = used;
        }
    }

    private final Store store;
    private final Map<String, Entry> latest = new ConcurrentHashMap<>();
    private final long heapBudget;
    private final AtomicLong evicted = new AtomicLong();
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
        this(store, columnDirectory, offHeapCells, heapBudget(System.getProperty(HEAP_BUDGET_PROPERTY, DEFAULT_HEAP_BUDGET)));
    }

    /** @param heapBudget bytes of heap the cached snapshots may hold together (see {@link #HEAP_BUDGET_PROPERTY}) */
    public SnapshotCache(Store store, Path columnDirectory, long offHeapCells, long heapBudget) {
        this.heapBudget = heapBudget;
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

    /**
     * The budget a {@link #HEAP_BUDGET_PROPERTY} value gives on this JVM: {@code NN%} of {@link Runtime#maxMemory()},
     * or a size in bytes with an optional {@code k}, {@code m} or {@code g} suffix.
     */
    public static long heapBudget(String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.endsWith("%")) {
                double share = Double.parseDouble(v.substring(0, v.length() - 1)) / 100;
                if (share < 0) {
                    throw new NumberFormatException();
                }
                return (long) (Runtime.getRuntime().maxMemory() * share);
            }
            long unit = switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                default -> 1;
            };
            long n = Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1));
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(HEAP_BUDGET_PROPERTY + "=" + value + " : attendu un pourcentage du tas (25%) ou une taille (2g, 512m)");
        }
    }

    /** The heap budget of this cache, in bytes. */
    public long heapBudget() {
        return heapBudget;
    }

    /** How many snapshots were dropped to keep within the heap budget. */
    public long evictions() {
        return evicted.get();
    }

    public Snapshot get(DatasetVersion version) {
        Entry cached = latest.get(version.datasetId());
        if (cached != null && cached.snapshot.version().number() == version.number()) {
            cached.used = System.nanoTime();
            return sameMetadata(cached, version);
        }
        synchronized (this) {
            cached = latest.get(version.datasetId());
            if (cached != null && cached.snapshot.version().number() == version.number()) {
                cached.used = System.nanoTime();
                return sameMetadata(cached, version);
            }
            Snapshot loaded = load(version);
            if (cached == null || cached.snapshot.version().number() < version.number()) {
                latest.put(version.datasetId(), new Entry(loaded, System.nanoTime()));
                keepWithinBudget(version.datasetId());
            }
            return loaded;
        }
    }

    /**
     * Drops the least recently used snapshots until the kept ones hold no more heap than the budget, except the one
     * just loaded (a version larger than the budget is still served, and kept until another is loaded). Sizes are
     * taken now: the indexes built since a snapshot was loaded count.
     */
    private void keepWithinBudget(String justLoaded) {
        evicted.addAndGet(LeastRecentlyUsed.evict(latest, justLoaded, heapBudget, e -> e.snapshot.memoryBytes(), e -> e.used,
                (id, e, kept) -> LOG.log(System.Logger.Level.DEBUG, "{0} v{1}: dropped from the snapshot cache ({2} MiB kept, budget {3} MiB)",
                        id, e.snapshot.version().number(), kept >> 20, heapBudget >> 20)));
    }

    /**
     * The cached rows under the schema the caller holds: a metadata revision changes labels, descriptions or units of
     * a version already in memory, never its rows, so the columns are kept and only the schema they are served under
     * is replaced (once per revision: afterwards the cached snapshot has the new schema).
     */
    private Snapshot sameMetadata(Entry cached, DatasetVersion version) {
        Snapshot snapshot = cached.snapshot;
        if (snapshot.version() == version || snapshot.version().schema().equals(version.schema())) {
            return snapshot;
        }
        Snapshot relabelled = snapshot.withVersion(version);
        latest.replace(version.datasetId(), cached, new Entry(relabelled, cached.used));
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

    /**
     * Where a table of {@code rows} × {@code fields} derived from a snapshot (a convention's view) keeps its columns:
     * the mapped files of large versions past the same threshold, else null (the heap).
     */
    /** Where the large versions' column files are kept (and, under {@code views/}, the conventions' large views). */
    public Path columnDirectory() {
        return columnDirectory;
    }

    public ColumnFiles filesFor(long rows, int fields) {
        return rows * fields < offHeapCells ? null : columnFiles;
    }

    /** Memory held per dataset (bytes, estimated), for the operators. */
    public Map<String, Long> memoryByDataset() {
        Map<String, Long> out = new java.util.TreeMap<>();
        latest.forEach((id, e) -> out.put(id, e.snapshot.memoryBytes()));
        return out;
    }

    public void evict(String datasetId) {
        latest.remove(datasetId);
    }
}
