package fr.geoeduc.server.ogcapi;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The tile cache: bounded in bytes, least recently used out first, one entry per version and view. */
class OgcTileCacheTest {

    private static TileCache.Key key(int version, String view, String tile) {
        return new TileCache.Key("colleges", version, view, tile, "*");
    }

    @Test
    void staysWithinItsBoundEvictingTheLeastRecentlyUsed() {
        int weight = 1000 + TileCache.gzip(new byte[1000]).length + 128; // a kept tile holds its gzip form too
        TileCache cache = new TileCache(10 * weight);
        for (int i = 0; i < 10; i++) {
            cache.get(key(1, "open", "5/11/" + i), () -> new byte[1000]);
        }
        assertThat(cache.size()).isEqualTo(10);
        cache.find(key(1, "open", "5/11/0")); // used again: the eldest is now 5/11/1
        cache.get(key(1, "open", "5/11/10"), () -> new byte[1000]);
        assertThat(cache.size()).isEqualTo(10);
        assertThat(cache.bytes()).isLessThanOrEqualTo(10 * weight);
        assertThat(cache.find(key(1, "open", "5/11/0"))).isNotNull();
        assertThat(cache.find(key(1, "open", "5/11/1"))).isNull();
        cache.get(key(1, "open", "big"), () -> new byte[100_000]); // larger than the bound: served, not kept
        assertThat(cache.find(key(1, "open", "big"))).isNull();
    }

    @Test
    void aNewVersionOrAnotherViewIsAnotherEntry() {
        TileCache cache = new TileCache(1 << 20);
        AtomicInteger builds = new AtomicInteger();
        TileCache.Entry open = cache.get(key(1, "open", "0/0/0"), () -> new byte[]{(byte) builds.incrementAndGet()});
        assertThat(cache.get(key(1, "open", "0/0/0"), () -> new byte[]{(byte) builds.incrementAndGet()})).isSameAs(open);
        assertThat(builds).hasValue(1);
        TileCache.Entry v2 = cache.get(key(2, "open", "0/0/0"), () -> new byte[]{(byte) builds.incrementAndGet()});
        TileCache.Entry conv = cache.get(key(1, "convention c@1 client a", "0/0/0"), () -> new byte[]{(byte) builds.incrementAndGet()});
        assertThat(builds).hasValue(3);
        assertThat(v2.etag()).isNotEqualTo(open.etag());
        assertThat(conv.etag()).isNotEqualTo(open.etag());
        // an empty tile is kept too, without bytes
        TileCache.Entry empty = cache.get(key(1, "open", "5/20/1"), () -> null);
        assertThat(empty.body()).isNull();
        assertThat(cache.get(key(1, "open", "5/20/1"), () -> new byte[]{9})).isSameAs(empty);
    }

    @Test
    void aTileIsBuiltOnceWhileManyAskForItEvenWithoutCaching() throws Exception {
        TileCache cache = new TileCache(0); // keeps nothing, as bench/ogc-vs-mapserver.sh runs it
        AtomicInteger builds = new AtomicInteger();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.function.Supplier<byte[]> slow = () -> {
            builds.incrementAndGet();
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new byte[]{42};
        };
        List<Thread> threads = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(8);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r);
            threads.add(t);
            return t;
        })) {
            var first = pool.submit(() -> {
                entered.countDown();
                return cache.get(key(1, "open", "6/22/31"), slow);
            });
            started.await();
            List<java.util.concurrent.Future<TileCache.Entry>> waiting = new java.util.ArrayList<>();
            for (int i = 0; i < 7; i++) {
                waiting.add(pool.submit(() -> {
                    entered.countDown();
                    return cache.get(key(1, "open", "6/22/31"), slow);
                }));
            }
            entered.await();
            // every request parked: the first on its build, the seven others on that build's answer
            while (threads.size() < 8 || threads.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
                Thread.sleep(5);
            }
            release.countDown();
            TileCache.Entry built = first.get();
            for (var f : waiting) {
                assertThat(f.get()).isSameAs(built);
            }
        }
        assertThat(builds).hasValue(1);
        assertThat(cache.building()).isZero();
        // once done, the next request builds again (nothing is kept with a bound of 0)
        cache.get(key(1, "open", "6/22/31"), () -> new byte[]{(byte) builds.incrementAndGet()});
        assertThat(builds).hasValue(2);
    }

    @Test
    void aFailedBuildIsTheAnswerOfEveryoneWaitingAndIsNotKept() {
        TileCache cache = new TileCache(1 << 20);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.get(key(1, "open", "1/0/0"), () -> {
            throw new IllegalStateException("lecture impossible");
        })).hasMessage("lecture impossible");
        assertThat(cache.building()).isZero();
        assertThat(cache.get(key(1, "open", "1/0/0"), () -> new byte[]{1}).body()).containsExactly(1);
    }

    @Test
    void ifNoneMatchAcceptsListsWeakTagsAndTheWildcard() {
        assertThat(OgcTiles.matches("\"a\", W/\"b\"", "\"b\"")).isTrue();
        assertThat(OgcTiles.matches("*", "\"b\"")).isTrue();
        assertThat(OgcTiles.matches("\"a\"", "\"b\"")).isFalse();
        assertThat(OgcTiles.matches(null, "\"b\"")).isFalse();
    }

    @Test
    void gzipIsSentOnlyToClientsThatTakeIt() {
        assertThat(OgcTiles.acceptsGzip("gzip, deflate, br")).isTrue();
        assertThat(OgcTiles.acceptsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
        assertThat(OgcTiles.acceptsGzip("*")).isTrue();
        assertThat(OgcTiles.acceptsGzip(null)).isFalse();
        assertThat(OgcTiles.acceptsGzip("identity")).isFalse();
        assertThat(OgcTiles.acceptsGzip("br")).isFalse();
        assertThat(OgcTiles.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(OgcTiles.acceptsGzip("*, gzip;q=0.000")).isFalse();
    }

    @Test
    void aKeptTileHoldsItsGzipFormAndAnUnkeptOneDoesNot() throws Exception {
        byte[] body = "une tuile, une tuile, une tuile, une tuile".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        TileCache.Key key = new TileCache.Key("c", 1, "open", "3/1/2", "*");
        TileCache.Entry kept = new TileCache(1 << 20).get(key, () -> body);
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(kept.gzipped()))) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
        assertThat(new TileCache(0).get(key, () -> body).gzipped()).isNull();
        assertThat(TileCache.uncached(key, () -> body).gzipped()).isNull();
    }
}
