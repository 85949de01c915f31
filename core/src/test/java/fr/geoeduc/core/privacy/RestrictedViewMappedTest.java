package fr.geoeduc.core.privacy;

import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.PseudonymKeys;
import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.engine.ColumnFiles;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.engine.TextDictionaries;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.model.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A convention's view of a large version keeps its columns in mapped files (issue 22: 12 million pupils served under a
 * convention within the default heap): built in mapped files it holds exactly the rows, values, pseudonyms and order of
 * the view built on the heap, its vectors and its pseudonyms' dictionary are outside the heap, and a copied text
 * column's dictionary holds only the values of the rows the convention grants.
 */
class RestrictedViewMappedTest {

    private static final int ROWS = 20_000;
    private static final List<String> COMMUNES = List.of("35238", "35047", "35288", "35360", "29019", "56260");

    @TempDir
    Path dir;

    @BeforeEach
    void smallDictionariesGoToFiles() {
        TextDictionaries.mapFrom(64);
    }

    @AfterEach
    void restore() {
        TextDictionaries.mapFrom(TextDictionaries.DEFAULT_MAPPED_FROM);
    }

    static Snapshot pupils() {
        Schema schema = new Schema(List.of(
                Field.derived("ine", "INE", FieldType.TEXT, null),
                Field.derived("commune_residence", "Commune", FieldType.TEXT, null),
                Field.derived("sexe", "Sexe", FieldType.TEXT, null),
                Field.derived("annee_naissance", "Année", FieldType.INT, null),
                Field.derived("moyenne", "Moyenne", FieldType.DOUBLE, null),
                Field.derived("date_entree", "Entrée", FieldType.DATE, null),
                Field.derived("position", "Position", FieldType.GEO_POINT_2D, null)));
        List<List<Object>> values = new ArrayList<>();
        for (int f = 0; f < schema.size(); f++) {
            values.add(new ArrayList<>());
        }
        Random random = new Random(22);
        for (int r = 0; r < ROWS; r++) {
            values.get(0).add(String.format("%010dA", 1_000_000_000L + r));
            values.get(1).add(COMMUNES.get(random.nextInt(COMMUNES.size())));
            values.get(2).add(random.nextInt(10) == 0 ? null : random.nextBoolean() ? "F" : "M");
            values.get(3).add(random.nextInt(8) == 0 ? null : 2010L + random.nextInt(8));
            values.get(4).add(random.nextInt(8) == 0 ? null : random.nextInt(2000) / 100.0);
            values.get(5).add(LocalDate.of(2023, 9, 1).minusDays(random.nextInt(400)));
            values.get(6).add(new GeoPoint(47.5 + random.nextDouble(), -2.0 + random.nextDouble()));
        }
        Column[] columns = new Column[schema.size()];
        for (int f = 0; f < columns.length; f++) {
            columns[f] = Column.build(schema.field(f).type(), values.get(f));
        }
        return new Snapshot(new DatasetVersion("eleves", 3, Instant.parse("2026-09-01T00:00:00Z"), ROWS, schema, null, "b1"), columns, ROWS);
    }

    static Convention.DataScope scope() {
        return new Convention.DataScope("eleves",
                List.of("ine", "commune_residence", "sexe", "annee_naissance", "moyenne", "date_entree", "position"),
                Convention.Granularity.INDIVIDUAL_PSEUDONYMISED, new Convention.Territory("commune_residence", List.of("35238", "35047", "35288")),
                null, true, List.of("ine"), List.of("sexe", "annee_naissance"), 3, null, List.of(), 0);
    }

    @Test
    void aViewBuiltInMappedFilesIsTheViewBuiltOnTheHeapWithoutItsHeap() {
        Snapshot base = pupils();
        byte[] key = PseudonymKeys.fresh();
        RestrictedView.Built heap = RestrictedView.build(base, scope(), key, Set.of(), null);
        RestrictedView.Built mapped = RestrictedView.build(base, scope(), key, Set.of(), new ColumnFiles(dir));

        Snapshot h = heap.snapshot();
        Snapshot m = mapped.snapshot();
        assertThat(h.rows()).as("a territory of three communes of six keeps about half the rows").isBetween(ROWS / 3, 2 * ROWS / 3);
        assertThat(m.rows()).isEqualTo(h.rows());
        assertThat(mapped.rowsOutsideScope()).isEqualTo(heap.rowsOutsideScope()).isPositive();
        assertThat(mapped.rowsBelowK()).isEqualTo(heap.rowsBelowK());
        assertThat(m.schema()).isEqualTo(h.schema());
        assertThat(m.publishedOrder()).isEqualTo(h.publishedOrder());
        for (int f = 0; f < h.schema().size(); f++) {
            for (int r = 0; r < h.rows(); r++) {
                assertThat(m.column(f).get(r)).as("field %s row %d", h.field(f).name(), r).isEqualTo(h.column(f).get(r));
            }
        }
        int ine = m.fieldIndex("ine");
        PseudonymKeys pseudonyms = PseudonymKeys.of(key);
        Set<Object> expected = new HashSet<>();
        for (int r = 0; r < base.rows(); r++) {
            expected.add(pseudonyms.pseudonym(base.column(0).get(r)));
        }
        for (int r = 0; r < m.rows(); r++) {
            assertThat(expected).contains(m.column(ine).get(r));
        }

        for (int f = 0; f < m.schema().size(); f++) {
            if (m.column(f) instanceof Column.Text text) {
                assertThat(TextDictionaries.isMapped(text.codes())).as("codes of %s mapped", m.field(f).name()).isTrue();
            }
        }
        assertThat(TextDictionaries.isMapped(((Column.Text) m.column(ine)).dictionary())).as("the pseudonyms' dictionary").isTrue();
        assertThat(m.memoryBytes()).as("heap of the mapped view against the heap view")
                .isLessThan(h.memoryBytes() / 3);

        int[] inBoxHeap = h.rowsInBox(m.fieldIndex("position"), -1.8, -1.4, 47.6, 48.0);
        assertThat(m.rowsInBox(m.fieldIndex("position"), -1.8, -1.4, 47.6, 48.0)).isNotEmpty().isEqualTo(inBoxHeap);
    }

    @Test
    void aCopiedTextColumnsDictionaryHoldsOnlyTheGrantedRowsValues() {
        Snapshot base = pupils();
        for (ColumnFiles files : new ColumnFiles[]{null, new ColumnFiles(dir)}) {
            Snapshot view = RestrictedView.build(base, scope(), PseudonymKeys.fresh(), Set.of(), files).snapshot();
            Column.Text communes = (Column.Text) view.column(view.fieldIndex("commune_residence"));
            Set<String> listed = new HashSet<>();
            for (int c = 0; c < communes.dictionary().size(); c++) {
                listed.add(communes.dictionary().get(c));
            }
            assertThat(listed).as(files == null ? "on the heap" : "mapped").containsExactlyInAnyOrder("35238", "35047", "35288");
        }
    }

    @Test
    void identifiersWithOnePseudonymShareOneDictionaryEntry() {
        Schema schema = new Schema(List.of(Field.derived("ine", "INE", FieldType.TEXT, null), Field.derived("commune_residence", "Commune", FieldType.TEXT, null)));
        List<Object> ines = List.of("1000000001A", " 1000000001a", "1000000002B", "1000000001A ");
        Column[] columns = {Column.build(FieldType.TEXT, ines), Column.build(FieldType.TEXT, List.of("35238", "35238", "35238", "35238"))};
        Snapshot base = new Snapshot(new DatasetVersion("eleves", 1, Instant.parse("2026-09-01T00:00:00Z"), 4, schema, null, "b"), columns, 4);
        Convention.DataScope scope = new Convention.DataScope("eleves", List.of("ine", "commune_residence"),
                Convention.Granularity.INDIVIDUAL_PSEUDONYMISED, new Convention.Territory("commune_residence", List.of("35238")),
                null, true, List.of("ine"), List.of(), 1, null, List.of(), 0);
        byte[] key = PseudonymKeys.fresh();
        String p1 = PseudonymKeys.of(key).pseudonym("1000000001A");
        for (ColumnFiles files : new ColumnFiles[]{null, new ColumnFiles(dir)}) {
            Snapshot view = RestrictedView.build(base, scope, key, Set.of(), files).snapshot();
            Column.Text pseudonyms = (Column.Text) view.column(view.fieldIndex("ine"));
            assertThat(pseudonyms.dictionary().size()).as("one entry per pseudonym").isEqualTo(2);
            int same = 0;
            for (int r = 0; r < view.rows(); r++) {
                if (p1.equals(pseudonyms.get(r))) {
                    same++;
                    assertThat(pseudonyms.codes().get(r)).isEqualTo(pseudonyms.dictionary().get(0).equals(p1) ? 0 : 1);
                }
            }
            assertThat(same).as("the three spellings of one INE").isEqualTo(3);
        }
    }
}
