package fr.geoeduc.server.ogcapi;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The tile cache: bounded in bytes, least recently used out first, one entry per version and view. */
class OgcTileCacheTest {

    private static TileCache.Key key(int version, String view, String tile) {
        return new TileCache.Key("colleges", version, view, tile, "*");
    }

    @Test
    void staysWithinItsBoundEvictingTheLeastRecentlyUsed() {
        TileCache cache = new TileCache(10 * (1000 + 128));
        for (int i = 0; i < 10; i++) {
            cache.get(key(1, "open", "5/11/" + i), () -> new byte[1000]);
        }
        assertThat(cache.size()).isEqualTo(10);
        cache.find(key(1, "open", "5/11/0")); // used again: the eldest is now 5/11/1
        cache.get(key(1, "open", "5/11/10"), () -> new byte[1000]);
        assertThat(cache.size()).isEqualTo(10);
        assertThat(cache.bytes()).isLessThanOrEqualTo(10 * (1000 + 128));
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
    void ifNoneMatchAcceptsListsWeakTagsAndTheWildcard() {
        assertThat(OgcTiles.matches("\"a\", W/\"b\"", "\"b\"")).isTrue();
        assertThat(OgcTiles.matches("*", "\"b\"")).isTrue();
        assertThat(OgcTiles.matches("\"a\"", "\"b\"")).isFalse();
        assertThat(OgcTiles.matches(null, "\"b\"")).isFalse();
    }
}
