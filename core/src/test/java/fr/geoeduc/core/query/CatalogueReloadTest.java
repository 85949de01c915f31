package fr.geoeduc.core.query;

import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalogue list is re-read by one caller at a time: requests in flight when it expires do not all re-read it. */
class CatalogueReloadTest {

    @Test
    void oneCallerReloadsWhileTheOthersKeepThePreviousList() throws Exception {
        Path dir = Files.createTempDirectory("geoeduc-reload");
        try (TestPlatform platform = new TestPlatform(dir)) {
            platform.ingest(SharedData.annuaire(dir), "fr-en-annuaire-education");
            AtomicInteger reads = new AtomicInteger();
            Store slow = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[]{Store.class}, (proxy, method, args) -> {
                if (method.getName().equals("datasets")) {
                    reads.incrementAndGet();
                    Thread.sleep(300);
                }
                try {
                    return method.invoke(platform.store, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
            QueryService queries = new QueryService(slow);

            assertThat(inParallel(queries, 16)).allSatisfy(n -> assertThat(n).isEqualTo(1));
            assertThat(reads).hasValue(1); // the first load: everyone waits for the one read

            Thread.sleep(1100); // past the one-second lifetime of the list
            long start = System.nanoTime();
            assertThat(inParallel(queries, 16)).allSatisfy(n -> assertThat(n).isEqualTo(1));
            assertThat(reads).hasValue(2);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        }
    }

    @Test
    void aVersionPublishedInThisStoreIsVisibleAtOnceInsteadOfASecondLater() throws Exception {
        Path dir = Files.createTempDirectory("geoeduc-reload");
        try (TestPlatform platform = new TestPlatform(dir)) {
            Path annuaire = SharedData.annuaire(dir);
            platform.ingest(annuaire, "premier");
            QueryService queries = new QueryService(platform.store);
            assertThat(queries.dataset("premier", null)).isPresent();
            assertThat(queries.dataset("second", null)).isEmpty(); // the catalogue was read just now, without it

            platform.ingest(annuaire, "second");
            assertThat(queries.dataset("second", null)).isPresent();
            assertThat(queries.catalogue()).hasSize(2);
        }
    }

    private static List<Integer> inParallel(QueryService queries, int callers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Integer>> sizes = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                sizes.add(pool.submit(() -> queries.catalogue().size()));
            }
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : sizes) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
