package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large version's record ids (issue 22: select=_id and /records/{id} on 12 million rows within the default heap) are
 * computed per row and found through a mapped index of their digests' first bits: the same ids as a small version's
 * (repeated identical rows included, under a convention's key too), every id back to its row, nothing for an unknown
 * or malformed id.
 */
class RecordIdIndexTest {

    private static final int ROWS = 30_000;

    @TempDir
    Path dir;

    private static Snapshot snapshot(byte[] key, ColumnFiles files) {
        Schema schema = new Schema(List.of(new Field("uai", "UAI", FieldType.TEXT, null, null, List.of(), false, null, "inferred"),
                new Field("effectif", "Effectif", FieldType.INT, null, null, List.of(), false, null, "inferred")));
        List<Object> uai = new ArrayList<>();
        List<Object> effectif = new ArrayList<>();
        Random random = new Random(5);
        for (int r = 0; r < ROWS; r++) {
            boolean repeat = r > 0 && r % 1_000 == 0; // every thousandth row repeats the row before it, some three times
            uai.add(repeat ? uai.get(r - 1) : String.format("%07dX", random.nextInt(9_000_000)));
            effectif.add(repeat ? effectif.get(r - 1) : random.nextInt(10) == 0 ? null : (long) random.nextInt(2_000));
        }
        uai.set(ROWS - 1, uai.get(ROWS - 3));
        effectif.set(ROWS - 1, effectif.get(ROWS - 3));
        uai.set(ROWS - 2, uai.get(ROWS - 3));
        effectif.set(ROWS - 2, effectif.get(ROWS - 3));
        Column[] columns = {Column.build(FieldType.TEXT, uai), Column.build(FieldType.INT, effectif)};
        DatasetVersion version = new DatasetVersion("etablissements", 1, Instant.parse("2026-09-01T00:00:00Z"), ROWS, schema, null, "b");
        Snapshot s = new Snapshot(version, columns, ROWS, key);
        return files == null ? s : s.indexesIn(files);
    }

    @Test
    void aLargeVersionsIdsAreASmallOnesAndLeadBackToTheirRows() {
        for (byte[] key : new byte[][]{null, "une clé de convention de 32 o.".getBytes()}) {
            Snapshot small = snapshot(key, null);
            Snapshot large = snapshot(key, new ColumnFiles(dir));
            Set<String> ids = new HashSet<>();
            for (int r = 0; r < ROWS; r++) {
                String id = large.recordId(r);
                assertThat(id).as("row %d", r).isEqualTo(small.recordId(r)).hasSize(40);
                ids.add(id);
                assertThat(large.rowOfRecordId(id)).as("row of %s", id).isEqualTo(r);
            }
            assertThat(ids).as("repeated identical rows get ids of their own").hasSize(ROWS);
            String some = large.recordId(1234);
            assertThat(large.rowOfRecordId(some.toUpperCase(Locale.ROOT))).isEqualTo(1234);
            assertThat(large.rowOfRecordId("0".repeat(40))).isEqualTo(-1);
            assertThat(large.rowOfRecordId(some.substring(0, 39) + (some.charAt(39) == '0' ? '1' : '0'))).as("the same first bits, another id").isEqualTo(-1);
            assertThat(large.rowOfRecordId("not-an-id")).isEqualTo(-1);
            assertThat(large.rowOfRecordId("z".repeat(40))).isEqualTo(-1);
        }
        assertThat(snapshot(null, null).recordId(7)).as("a convention's key changes every id")
                .isNotEqualTo(snapshot("une clé de convention de 32 o.".getBytes(), null).recordId(7));
    }

    @Test
    void aLargeVersionKeepsNoIdStringsOnTheHeap() {
        Snapshot large = snapshot(null, new ColumnFiles(dir));
        long before = large.memoryBytes();
        large.rowOfRecordId(large.recordId(0));
        assertThat(large.memoryBytes() - before).as("heap added by the record id index of %d rows", ROWS).isLessThan(4L * ROWS);
        Snapshot small = snapshot(null, null);
        long smallBefore = small.memoryBytes();
        small.recordId(0);
        assertThat(small.memoryBytes() - smallBefore).isGreaterThanOrEqualTo(96L * ROWS);
    }
}
