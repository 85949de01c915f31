package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Large versions keep their columns in memory-mapped files (issue 22): on the real national géolocalisation file
 * (7,654 rows, 37 fields of every column type but shapes), the same queries answer exactly the same rows whether the
 * columns are on the heap or mapped; and a version that does not fit in the heap is a clear error, not an
 * {@link OutOfMemoryError}.
 */
class MappedColumnsTest {

    static final String FILE = "national/fr-en-adresse-et-geolocalisation-colleges-2024.csv";
    static TestPlatform platform;
    static DatasetVersion version;
    static Path columns;

    @BeforeAll
    static void load() throws Exception {
        Assumptions.assumeTrue(SharedData.available() && Files.exists(SharedData.file(FILE)), "../shared/data/" + FILE + " absent");
        Path dir = Files.createTempDirectory("geoeduc-mapped");
        platform = new TestPlatform(dir);
        platform.ingest(SharedData.file(FILE), "geoloc");
        version = platform.store.latest("geoloc").orElseThrow();
        columns = dir.resolve("columns");
    }

    @AfterAll
    static void close() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyVectorIsMappedOverTheThresholdAndReadsTheSameValuesAsTheHeap() {
        Snapshot heap = new SnapshotCache(platform.store, columns, Long.MAX_VALUE).get(version);
        Snapshot mapped = new SnapshotCache(platform.store, columns, 0).get(version);
        Set<FieldType> seen = EnumSet.noneOf(FieldType.class);
        for (int f = 0; f < version.schema().size(); f++) {
            Column c = mapped.column(f);
            seen.add(c.type());
            switch (c) {
                case Column.Text t -> assertThat(t.codes()).isInstanceOf(IntVec.Mapped.class);
                case Column.Int i -> assertThat(i.values()).isInstanceOf(LongVec.Mapped.class);
                case Column.Dbl d -> assertThat(d.values()).isInstanceOf(DoubleVec.Mapped.class);
                case Column.Day d -> assertThat(d.epochDays()).isInstanceOf(IntVec.Mapped.class);
                case Column.Point p -> assertThat(p.lat()).isInstanceOf(DoubleVec.Mapped.class);
                default -> {
                }
            }
            if (c.type() != FieldType.BOOLEAN && c.type() != FieldType.GEO_SHAPE) {
                assertThat(heap.column(f).memoryBytes()).as("heap bytes of field %d", f).isGreaterThan(c.memoryBytes());
            }
            for (int r = 0; r < version.rowCount(); r++) {
                assertThat(c.get(r)).as("field %d row %d", f, r).isEqualTo(heap.column(f).get(r));
            }
        }
        assertThat(seen).contains(FieldType.TEXT, FieldType.INT, FieldType.DOUBLE, FieldType.DATE, FieldType.GEO_POINT_2D);
        assertThat(columns.toFile().list()).as("build files are unlinked once mapped; the version's file is kept")
                .containsExactly("geoloc");
    }

    @Test
    void theExploreQueriesAnswerTheSameOnMappedColumns() {
        QueryService onHeap = new QueryService(platform.store);
        TextDictionary.mappedFrom = 0; // every dictionary read in place from the column file
        try {
            queriesAnswerTheSame(onHeap);
        } finally {
            TextDictionary.mappedFrom = 65_536;
        }
    }

    private void queriesAnswerTheSame(QueryService onHeap) {
        QueryService offHeap;
        System.setProperty("geoeduc.offheap.cells", "0");
        try {
            offHeap = new QueryService(platform.store);
        } finally {
            System.clearProperty("geoeduc.offheap.cells");
        }
        List<String[]> queries = List.of(
                new String[]{null, "numero_uai=\"0071168G\"", null, null},
                new String[]{null, "in_bbox(position,48.0,-1.8,48.2,-1.6)", null, null},
                new String[]{null, "within_distance(position, geom'POINT(-1.68 48.11)', 5km)", null, null},
                new String[]{null, "search(appellation_officielle,\"jean\")", null, null},
                new String[]{"code_academie,avg(latitude) as m,count(*) as n", null, "code_academie", null},
                new String[]{"count(*) as n", "nature_uai_libe=\"Collège\" and etat_etablissement=1", null, null},
                new String[]{null, "code_academie in (\"01\",\"14\") and date_ouverture >= date'1990-01-01'", null, "appellation_officielle,numero_uai"},
                new String[]{"numero_uai,latitude", "libelle_commune like \"SAINT%\" and longitude < 0", null, "latitude desc"},
                new String[]{null, null, null, null});
        for (String[] q : queries) {
            QueryEngine.Request request = new QueryEngine.Request(q[0], q[1] == null ? List.of() : List.of(q[1]), q[2], q[3], -1, 0,
                    List.of(), List.of(), new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC));
            QueryEngine.Result a = onHeap.records(Caller.INTERNAL, "geoloc", request).orElseThrow();
            QueryEngine.Result b = offHeap.records(Caller.INTERNAL, "geoloc", request).orElseThrow();
            assertThat(a.totalCount()).as(String.join(" | ", java.util.Arrays.asList(q))).isPositive();
            assertThat(b.totalCount()).isEqualTo(a.totalCount());
            assertThat(b.rows()).isEqualTo(a.rows());
        }
    }

    @Test
    void aVersionOverTheHeapIsAClearErrorNamingItAndTheRemedy() {
        Store store = platform.store;
        Store starved = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[]{Store.class}, (proxy, method, args) -> {
            if (method.getName().equals("readRows")) {
                throw new OutOfMemoryError("Java heap space");
            }
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        Path empty = columns.resolveSibling("columns-starved"); // no kept file: the version must be read from the store
        assertThatThrownBy(() -> new SnapshotCache(starved, empty, 0).get(version))
                .isInstanceOf(DatasetTooLarge.class)
                .hasMessageContaining("geoloc").hasMessageContaining(version.rowCount() + " rows").hasMessageContaining("-Xmx");
    }
}
