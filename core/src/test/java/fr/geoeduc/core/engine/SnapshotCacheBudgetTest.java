package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The snapshot cache keeps the snapshots it holds within a heap budget (issue 22: a national BAN read per
 * département used to keep every département's snapshot): least recently used dropped first, the one just loaded
 * kept, a reload gives the same rows, a dropped snapshot still reads, mapped versions count only their heap part,
 * and concurrent requests for one version load it once. Generated files of three datasets of the same shape.
 */
class SnapshotCacheBudgetTest {

    static TestPlatform platform;
    static Path dir;
    static final List<DatasetVersion> versions = new ArrayList<>();
    /** Heap one of the datasets' snapshots holds (they have the same shape and row count). */
    static long one;

    @BeforeAll
    static void ingest() throws Exception {
        dir = Files.createTempDirectory("geoeduc-budget");
        platform = new TestPlatform(dir);
        for (String id : List.of("alpha", "beta", "gamma")) {
            StringBuilder csv = new StringBuilder("code;nom;effectif;date_ouverture;latitude;longitude\n");
            for (int r = 0; r < 3000; r++) {
                csv.append(id).append('-').append(r).append(";Établissement ").append(r % 97).append(' ').append(id).append(';')
                        .append(r * 7 % 1000).append(";20").append(10 + r % 15).append("-09-0").append(1 + r % 9).append(';')
                        .append(43 + r % 500 / 100.0).append(';').append(-1 + r % 300 / 100.0).append('\n');
            }
            Path file = dir.resolve(id + ".csv");
            Files.writeString(file, csv);
            platform.ingest(file, id);
            versions.add(platform.store.latest(id).orElseThrow());
        }
        one = heapCache(Long.MAX_VALUE, new ConcurrentHashMap<>()).get(versions.get(0)).memoryBytes();
        assertThat(one).isPositive();
    }

    @AfterAll
    static void close() {
        if (platform != null) {
            platform.close();
        }
    }

    static SnapshotCache heapCache(long budget, Map<String, AtomicInteger> reads) {
        return new SnapshotCache(counting(platform.store, reads, 0), dir.resolve("columns"), Long.MAX_VALUE, budget);
    }

    @Test
    void theLeastRecentlyUsedSnapshotIsDroppedWhenTheBudgetIsExceeded() {
        Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
        SnapshotCache cache = heapCache(2 * one + one / 2, reads);
        cache.get(versions.get(0));
        cache.get(versions.get(1));
        cache.get(versions.get(0)); // alpha used after beta
        assertThat(cache.memoryByDataset().keySet()).containsExactly("alpha", "beta");
        cache.get(versions.get(2));
        assertThat(cache.memoryByDataset().keySet()).containsExactly("alpha", "gamma");
        assertThat(cache.evictions()).isEqualTo(1);
        cache.get(versions.get(0));
        cache.get(versions.get(2));
        assertThat(reads.get("alpha")).hasValue(1);
        assertThat(reads.get("gamma")).hasValue(1);
        cache.get(versions.get(1)); // dropped: read again, and alpha (the least recent now) goes
        assertThat(reads.get("beta")).hasValue(2);
        assertThat(cache.memoryByDataset().keySet()).containsExactly("beta", "gamma");
    }

    @Test
    void theSnapshotsKeptNeverHoldMoreThanTheBudgetButTheOneJustLoadedIsKept() {
        SnapshotCache cache = heapCache(one + one / 2, new ConcurrentHashMap<>());
        for (int round = 0; round < 2; round++) {
            for (DatasetVersion v : versions) {
                cache.get(v);
                assertThat(cache.memoryByDataset().keySet()).containsExactly(v.datasetId());
            }
        }
        SnapshotCache tiny = heapCache(1, new ConcurrentHashMap<>());
        assertThat(tiny.get(versions.get(0)).rows()).isEqualTo(3000);
        assertThat(tiny.memoryByDataset()).containsOnlyKeys("alpha");
        SnapshotCache unbounded = heapCache(Long.MAX_VALUE, new ConcurrentHashMap<>());
        versions.forEach(unbounded::get);
        assertThat(unbounded.memoryByDataset()).hasSize(3);
        assertThat(unbounded.evictions()).isZero();
    }

    @Test
    void aReloadAfterEvictionGivesTheSameRowsAndTheDroppedSnapshotStillReads() {
        SnapshotCache cache = heapCache(one + one / 2, new ConcurrentHashMap<>());
        Snapshot first = cache.get(versions.get(0));
        cache.get(versions.get(1)); // alpha dropped; a request holding it reads on
        assertThat(cache.memoryByDataset()).doesNotContainKey("alpha");
        Snapshot again = cache.get(versions.get(0));
        assertThat(again).isNotSameAs(first);
        assertSameValues(first, again);
    }

    @Test
    void aMappedVersionCountsOnlyItsHeapPart() throws Exception {
        Path columns = Files.createTempDirectory(dir, "mapped");
        Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
        SnapshotCache measure = new SnapshotCache(counting(platform.store, reads, 0), columns, 0, Long.MAX_VALUE);
        long mapped = measure.get(versions.get(0)).memoryBytes();
        assertThat(mapped).isLessThan(one * 2 / 3); // the small dictionaries stay on the heap
        // a budget that holds three mapped snapshots but not two on the heap: none of the mapped ones dropped
        long budget = 3 * mapped + mapped / 2;
        assertThat(budget).isLessThan(2 * one);
        SnapshotCache cache = new SnapshotCache(counting(platform.store, reads, 0), columns, 0, budget);
        versions.forEach(cache::get);
        assertThat(cache.memoryByDataset()).hasSize(3);
        assertThat(cache.evictions()).isZero();
        SnapshotCache onHeap = heapCache(budget, new ConcurrentHashMap<>());
        versions.forEach(onHeap::get);
        assertThat(onHeap.memoryByDataset()).hasSize(1);
        assertSameValues(cache.get(versions.get(1)), heapCache(Long.MAX_VALUE, new ConcurrentHashMap<>()).get(versions.get(1)));
    }

    @Test
    void concurrentRequestsLoadAVersionOnceAndEvictionUnderContentionServesTheRightRows() throws Exception {
        Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
        SnapshotCache cache = new SnapshotCache(counting(platform.store, reads, 50), dir.resolve("columns"), Long.MAX_VALUE, Long.MAX_VALUE);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Snapshot>> got = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                got.add(pool.submit(() -> {
                    start.await();
                    return cache.get(versions.get(0));
                }));
            }
            start.countDown();
            Snapshot s = got.get(0).get();
            for (Future<Snapshot> f : got) {
                assertThat(f.get()).isSameAs(s);
            }
            assertThat(reads.get("alpha")).hasValue(1);

            Map<String, AtomicInteger> tightReads = new ConcurrentHashMap<>();
            SnapshotCache tight = new SnapshotCache(counting(platform.store, tightReads, 0), dir.resolve("columns"), Long.MAX_VALUE, one + one / 2);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        DatasetVersion v = versions.get((thread + i) % 3);
                        Snapshot snapshot = tight.get(v);
                        assertThat(snapshot.version().datasetId()).isEqualTo(v.datasetId());
                        assertThat(snapshot.column(0).get(2999)).isEqualTo(v.datasetId() + "-2999");
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            assertThat(tight.memoryByDataset()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theBudgetIsAShareOfTheHeapOrASize() {
        long max = Runtime.getRuntime().maxMemory();
        assertThat(SnapshotCache.heapBudget("25%")).isEqualTo((long) (max * 0.25));
        assertThat(SnapshotCache.heapBudget(SnapshotCache.DEFAULT_HEAP_BUDGET)).isEqualTo((long) (max * 0.25));
        assertThat(SnapshotCache.heapBudget("2g")).isEqualTo(2L << 30);
        assertThat(SnapshotCache.heapBudget("512M")).isEqualTo(512L << 20);
        assertThat(SnapshotCache.heapBudget("64k")).isEqualTo(64L << 10);
        assertThat(SnapshotCache.heapBudget("1048576")).isEqualTo(1_048_576L);
        for (String bad : List.of("", "beaucoup", "-1g", "-5%", "12x", "99999999999g")) {
            assertThatThrownBy(() -> SnapshotCache.heapBudget(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(SnapshotCache.HEAP_BUDGET_PROPERTY);
        }
    }

    private static void assertSameValues(Snapshot a, Snapshot b) {
        assertThat(a.rows()).isEqualTo(b.rows());
        for (int f = 0; f < a.schema().size(); f++) {
            for (int r = 0; r < a.rows(); r++) {
                assertThat(a.column(f).get(r)).as("field %d row %d", f, r).isEqualTo(b.column(f).get(r));
            }
        }
    }

    /** The store, counting the rows reads per dataset (and slowed by {@code pauseMillis}, to let requests meet). */
    private static Store counting(Store store, Map<String, AtomicInteger> reads, long pauseMillis) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[]{Store.class}, (proxy, method, args) -> {
            if (method.getName().equals("readRows")) {
                reads.computeIfAbsent(((DatasetVersion) args[0]).datasetId(), k -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(pauseMillis);
            }
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
