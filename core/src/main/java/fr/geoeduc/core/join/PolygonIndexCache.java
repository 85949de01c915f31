package fr.geoeduc.core.join;

import fr.geoeduc.core.engine.VersionFiles;
import fr.geoeduc.core.store.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The polygon grids of the spatial jointures, built once per set of polygons (a version of a référentiel or of any
 * polygon dataset, as the caller reads it) and reused: the latest ones in memory (at most
 * {@code geoeduc.join.polygon-index.memory} MiB, default {@value #DEFAULT_MEMORY_MIB}), every one in a file of the index
 * directory ({@code polygon-index/} next to the store's column files). A grid is found by the digest of the polygons'
 * rings and used only when its rings are exactly those asked for; a missing, corrupt or foreign file is rebuilt.
 */
public final class PolygonIndexCache {

    static final long DEFAULT_MEMORY_MIB = 512;
    private static final Map<Path, PolygonIndexCache> SHARED = new ConcurrentHashMap<>();
    private static final System.Logger LOG = System.getLogger(PolygonIndexCache.class.getName());

    private final Path directory;
    private final long memoryBytes;
    private final LinkedHashMap<Long, PolygonGrid> recent = new LinkedHashMap<>(16, 0.75f, true);
    private long recentBytes;
    private final AtomicLong built = new AtomicLong();
    private final AtomicLong fromMemory = new AtomicLong();
    private final AtomicLong fromFile = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** {@code directory}: where the grids' files are kept (null: none kept); {@code memoryBytes}: the in-memory bound. */
    public PolygonIndexCache(Path directory, long memoryBytes) {
        this.directory = directory;
        this.memoryBytes = memoryBytes;
    }

    /** The cache of the store's data directory (one per directory in this process); the temporary directory for a store without one. */
    public static PolygonIndexCache of(Store store) {
        Path dir = store.keyDirectory().map(d -> d.resolve("polygon-index")).orElse(Path.of(System.getProperty("java.io.tmpdir"),
                "geoeduc", "polygon-index"));
        return SHARED.computeIfAbsent(dir.toAbsolutePath().normalize(),
                d -> new PolygonIndexCache(d, Long.getLong("geoeduc.join.polygon-index.memory", DEFAULT_MEMORY_MIB) << 20));
    }

    /** How the grids asked for were obtained. */
    public record Loads(long built, long fromMemory, long fromFile, long refusedFiles) {
    }

    public Loads loads() {
        return new Loads(built.get(), fromMemory.get(), fromFile.get(), refused.get());
    }

    /** The grid of {@code rings} (polygons of {@code datasetId} version {@code version}): kept in memory, else read from its file, else built. */
    PolygonGrid grid(String datasetId, int version, PolygonRings rings, Supplier<PolygonGrid> build) {
        long key = rings.fingerprint();
        synchronized (this) {
            PolygonGrid g = recent.get(key);
            if (g != null && g.rings.sameAs(rings)) {
                fromMemory.incrementAndGet();
                return g;
            }
        }
        Path file = directory == null ? null : file(datasetId, version, key);
        PolygonGrid g = file == null ? null : read(file, rings);
        if (g != null) {
            fromFile.incrementAndGet();
        } else {
            g = build.get();
            built.incrementAndGet();
            if (file != null) {
                try {
                    PolygonGridFile.write(file, g);
                    removeOlder(file, version);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot keep the polygon index of {0} v{1} in {2}: {3}", datasetId, version, file, e.toString());
                }
            }
        }
        remember(key, g);
        return g;
    }

    /** The file of a grid: per dataset, its version and the rings' digest. */
    Path file(String datasetId, int version, long fingerprint) {
        String dataset = datasetId == null ? "_" : datasetId.replaceAll("[^A-Za-z0-9._-]", "_");
        return directory.resolve(dataset).resolve("v" + version + "-" + Long.toHexString(fingerprint) + PolygonGridFile.SUFFIX);
    }

    private PolygonGrid read(Path file, PolygonRings rings) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return PolygonGridFile.read(file, rings);
        } catch (PolygonGridFile.Refused | IOException | RuntimeException e) {
            refused.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "polygon index file {0} refused ({1}): rebuilt", file, e.getMessage());
            return null;
        }
    }

    private synchronized void remember(long key, PolygonGrid g) {
        long bytes = g.bytes();
        if (bytes > memoryBytes) {
            return;
        }
        PolygonGrid old = recent.put(key, g);
        recentBytes += bytes - (old == null ? 0 : old.bytes());
        for (Iterator<PolygonGrid> it = recent.values().iterator(); recentBytes > memoryBytes && it.hasNext(); ) {
            PolygonGrid eldest = it.next();
            if (eldest != g) {
                recentBytes -= eldest.bytes();
                it.remove();
            }
        }
    }

    /** Files of earlier versions of the dataset, and temporary files left an hour ago or more by a process that died. */
    private static void removeOlder(Path kept, int version) {
        try (var files = Files.list(kept.getParent())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                boolean older = name.endsWith(PolygonGridFile.SUFFIX) && VersionFiles.versionOf(name) < version;
                boolean stale = VersionFiles.isStalePart(p);
                if (older || stale) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot clean " + kept.getParent() + ": " + e);
        }
    }
}
