package fr.geoeduc.core.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ViewCacheTest {

    @Test
    void theLeastRecentlyUsedViewsGoFirstBeyondTheBudget() throws Exception {
        ViewCache<String> cache = new ViewCache<>(100);
        cache.put("a", "view a", 40);
        Thread.sleep(1);
        cache.put("b", "view b", 40);
        Thread.sleep(1);
        assertThat(cache.get("a")).isEqualTo("view a"); // a is now more recent than b
        Thread.sleep(1);
        cache.put("c", "view c", 40);

        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isEqualTo("view a");
        assertThat(cache.get("c")).isEqualTo("view c");
        assertThat(cache.heapBytes()).isEqualTo(80);
        assertThat(cache.evictions()).isEqualTo(1);
    }

    @Test
    void aViewLargerThanTheBudgetIsKeptAloneUntilTheNextOne() {
        ViewCache<String> cache = new ViewCache<>(10);
        cache.put("a", "view a", 5);
        cache.put("big", "big view", 50);
        assertThat(cache.get("big")).isEqualTo("big view");
        assertThat(cache.get("a")).isNull();
        cache.put("b", "view b", 5);
        assertThat(cache.get("big")).isNull();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void replacingKeepsTheSizeAndRemovingByPrefixForgetsOldVersions() {
        ViewCache<String> cache = new ViewCache<>(100);
        cache.put("conv@1|eleves|3", "v3", 30);
        cache.put("conv@1|autre|1", "autre", 30);
        cache.replace("conv@1|eleves|3", "v3 relabelled");
        assertThat(cache.get("conv@1|eleves|3")).isEqualTo("v3 relabelled");
        assertThat(cache.heapBytes()).isEqualTo(60);
        cache.removeIf(k -> k.startsWith("conv@1|eleves|"));
        assertThat(cache.get("conv@1|eleves|3")).isNull();
        assertThat(cache.get("conv@1|autre|1")).isEqualTo("autre");
        cache.replace("absent", "x");
        assertThat(cache.size()).isEqualTo(1);
    }
}
