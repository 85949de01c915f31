package fr.geoeduc.core.engine;

import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.store.Stores;
import fr.geoeduc.core.testing.PostgresDatabase;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.RandomAccessFile;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The columns of a large version are kept in a file of the column directory (issue 22): a restart maps the file
 * instead of reading the store, a truncated or corrupt file is refused and rebuilt, a new version never reads an
 * earlier version's file; on the embedded store and on PostgreSQL. Real national géolocalisation file (7,654 rows, 37
 * fields), every version treated as large (threshold 0).
 */
class SnapshotFileTest {

    static final String FILE = "national/fr-en-adresse-et-geolocalisation-colleges-2024.csv";
    Path dir;
    TestPlatform platform;
    DatasetVersion version;
    Path columns;

    @BeforeEach
    void ingest() throws Exception {
        Assumptions.assumeTrue(SharedData.available() && Files.exists(SharedData.file(FILE)), "../shared/data/" + FILE + " absent");
        dir = Files.createTempDirectory("geoeduc-kept");
        platform = new TestPlatform(dir);
        platform.ingest(SharedData.file(FILE), "geoloc");
        version = platform.store.latest("geoloc").orElseThrow();
        columns = dir.resolve("columns");
    }

    @AfterEach
    void close() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aRestartMapsTheKeptFileWithoutReadingTheStore() {
        SnapshotCache first = new SnapshotCache(platform.store, columns, 0);
        Snapshot built = first.get(version);
        assertThat(first.loads()).isEqualTo(new SnapshotCache.Loads(1, 0, 0));
        Path file = SnapshotFile.of(columns, version);
        assertThat(file).exists();

        SnapshotCache restarted = new SnapshotCache(storeThatCannotReadRows(platform.store), columns, 0);
        Snapshot mapped = restarted.get(version);
        assertThat(restarted.loads()).isEqualTo(new SnapshotCache.Loads(0, 1, 0));
        assertSameValues(mapped, heap(version));
        assertSameValues(built, mapped);
    }

    @Test
    void aRestartDoesNotReadTheWholeFileAgainOnceItsChecksumsWereChecked() throws Exception {
        new SnapshotCache(platform.store, columns, 0).get(version); // written: its checksums are those of the bytes written
        Path file = SnapshotFile.of(columns, version);
        long before = SnapshotFile.BYTES_CHECKED.get();
        SnapshotCache restarted = new SnapshotCache(storeThatCannotReadRows(platform.store), columns, 0);
        assertSameValues(restarted.get(version), heap(version));
        assertThat(restarted.loads()).isEqualTo(new SnapshotCache.Loads(0, 1, 0));
        assertThat(SnapshotFile.BYTES_CHECKED.get() - before).as("sections read to check them on a restart").isZero();

        // the file changed as the file system sees it (here only its time): every section is checked again, once
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600)));
        before = SnapshotFile.BYTES_CHECKED.get();
        SnapshotCache touched = new SnapshotCache(storeThatCannotReadRows(platform.store), columns, 0);
        assertSameValues(touched.get(version), heap(version));
        assertThat(touched.loads()).isEqualTo(new SnapshotCache.Loads(0, 1, 0));
        assertThat(SnapshotFile.BYTES_CHECKED.get() - before).as("every section checked").isGreaterThan(Files.size(file) / 2);
        before = SnapshotFile.BYTES_CHECKED.get();
        new SnapshotCache(storeThatCannotReadRows(platform.store), columns, 0).get(version);
        assertThat(SnapshotFile.BYTES_CHECKED.get() - before).as("checked once, then trusted again").isZero();
    }

    @Test
    void largeDictionariesAreReadInPlaceFromTheFile() {
        TextDictionary.mappedFrom = 1000;
        try {
            new SnapshotCache(platform.store, columns, 0).get(version); // built with the large dictionaries off the heap
            Snapshot mapped = new SnapshotCache(storeThatCannotReadRows(platform.store), columns, 0).get(version);
            int inPlace = 0;
            for (int f = 0; f < mapped.schema().size(); f++) {
                if (mapped.column(f) instanceof Column.Text t) {
                    boolean large = t.dictionary().size() > 1000;
                    assertThat(t.dictionary()).as("field %d", f).isInstanceOf(large ? TextDictionary.Mapped.class : TextDictionary.Heap.class);
                    inPlace += large ? 1 : 0;
                    if (large) {
                        assertThat(t.dictionary().heapBytes()).isZero();
                    }
                }
            }
            assertThat(inPlace).as("numero_uai, appellation, adresse… have over 1,000 values").isGreaterThanOrEqualTo(3);
            assertSameValues(mapped, heap(version));
            String uai = ((Column.Text) mapped.column(mapped.fieldIndex("numero_uai"))).get(1234);
            assertThat(mapped.rowsEqual(mapped.fieldIndex("numero_uai"), uai)).containsExactly(1234);
        } finally {
            TextDictionary.mappedFrom = 65_536;
        }
    }

    @Test
    void aCorruptFileIsRefusedAndRebuilt() throws Exception {
        new SnapshotCache(platform.store, columns, 0).get(version);
        Path file = SnapshotFile.of(columns, version);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long at = raf.length() / 3; // inside the sections, far from the footer
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x5a);
        }
        assertThatFileIsRefusedThenRebuilt(file);
    }

    @Test
    void aTruncatedFileIsRefusedAndRebuilt() throws Exception {
        new SnapshotCache(platform.store, columns, 0).get(version);
        Path file = SnapshotFile.of(columns, version);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        assertThatFileIsRefusedThenRebuilt(file);
    }

    @Test
    void aCorruptFooterIsRefused() throws Exception {
        new SnapshotCache(platform.store, columns, 0).get(version);
        Path file = SnapshotFile.of(columns, version);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() - 40); // the footer's last bytes, just before the trailer
            int b = raf.read();
            raf.seek(raf.length() - 40);
            raf.write(b ^ 1);
        }
        assertThatFileIsRefusedThenRebuilt(file);
    }

    @Test
    void aNewVersionNeverReadsTheFileOfTheOldOne() throws Exception {
        SnapshotCache cache = new SnapshotCache(platform.store, columns, 0);
        cache.get(version);
        Path oldFile = SnapshotFile.of(columns, version);

        Path v2 = dir.resolve("geoloc-v2.csv");
        List<String> lines = Files.readAllLines(SharedData.file(FILE));
        Files.write(v2, lines.subList(0, lines.size() - 10));
        platform.ingest(v2, "geoloc");
        DatasetVersion second = platform.store.latest("geoloc").orElseThrow();
        assertThat(second.number()).isEqualTo(version.number() + 1);
        Path newFile = SnapshotFile.of(columns, second);
        assertThat(newFile).isNotEqualTo(oldFile);

        // the old version's file put where the new version's belongs: refused as another version's
        Files.copy(oldFile, newFile);
        SnapshotCache restarted = new SnapshotCache(platform.store, columns, 0);
        Snapshot s = restarted.get(second);
        assertThat(restarted.loads()).isEqualTo(new SnapshotCache.Loads(1, 0, 1));
        assertThat(s.rows()).isEqualTo(second.rowCount());
        assertSameValues(s, heap(second));
        assertThat(oldFile).as("the earlier version's file is removed once the new one is written").doesNotExist();
        assertThat(newFile).exists();
        try (var left = Files.list(newFile.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("no temporary file left, only the file and its stamp")
                    .containsExactlyInAnyOrder(newFile.getFileName().toString(), newFile.getFileName() + VerifiedStamp.SUFFIX);
        }
    }

    @Test
    void onPostgresqlTheFilesLiveInTheColumnDirectoryAndAreReused() throws Exception {
        try (PostgresDatabase db = PostgresDatabase.create(); Store store = Stores.open(db.url)) {
            new Ingester(store, SchemaRegistry.load(), dir.resolve("pg-downloads"))
                    .ingest(IngestRequest.of(SharedData.file(FILE).toString(), "geoloc"), ProgressListener.NONE);
            DatasetVersion pg = store.latest("geoloc").orElseThrow();
            Path cacheDir = dir.resolve("pg-columns");
            SnapshotCache first = new SnapshotCache(store, cacheDir, 0);
            Snapshot built = first.get(pg);
            assertThat(first.loads()).isEqualTo(new SnapshotCache.Loads(1, 0, 0));
            SnapshotCache restarted = new SnapshotCache(storeThatCannotReadRows(store), cacheDir, 0);
            Snapshot mapped = restarted.get(pg);
            assertThat(restarted.loads()).isEqualTo(new SnapshotCache.Loads(0, 1, 0));
            assertSameValues(built, mapped);
            assertSameValues(mapped, heap(version)); // the same file's rows on the embedded store
        }
    }

    private void assertThatFileIsRefusedThenRebuilt(Path file) {
        SnapshotCache restarted = new SnapshotCache(platform.store, columns, 0);
        Snapshot s = restarted.get(version);
        assertThat(restarted.loads()).isEqualTo(new SnapshotCache.Loads(1, 0, 1));
        assertSameValues(s, heap(version));
        SnapshotCache again = new SnapshotCache(storeThatCannotReadRows(platform.store), columns, 0);
        assertSameValues(again.get(version), s);
        assertThat(again.loads()).as("the rebuilt file is whole again").isEqualTo(new SnapshotCache.Loads(0, 1, 0));
    }

    private Snapshot heap(DatasetVersion v) {
        return new SnapshotCache(platform.store, dir.resolve("unused"), Long.MAX_VALUE).get(v);
    }

    private static void assertSameValues(Snapshot a, Snapshot b) {
        assertThat(a.rows()).isEqualTo(b.rows());
        for (int f = 0; f < a.schema().size(); f++) {
            for (int r = 0; r < a.rows(); r++) {
                assertThat(a.column(f).get(r)).as("field %d row %d", f, r).isEqualTo(b.column(f).get(r));
            }
            if (a.column(f) instanceof Column.Text t) {
                String some = t.get(a.rows() / 2);
                if (some != null) {
                    assertThat(((Column.Text) b.column(f)).code(some)).as("dictionary index of field %d", f)
                            .isEqualTo(((Column.Text) b.column(f)).codeAt(a.rows() / 2));
                }
            }
        }
    }

    /** The store, except that reading a version's rows fails the test: what a restart on a kept file must not do. */
    private static Store storeThatCannotReadRows(Store store) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[]{Store.class}, (proxy, method, args) -> {
            if (method.getName().equals("readRows")) {
                throw new AssertionError("the store was read although the column file was there");
            }
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
