package fr.geoeduc.core.privacy;

import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** l-diversity on a small hand-made extract: an unknown (null) sensitive value does not count as a distinct value. */
class RestrictedViewDiversityTest {

    private static Snapshot snapshot(String[][] rows) {
        Schema schema = new Schema(List.of(Field.derived("ine", "INE", FieldType.TEXT, null), Field.derived("uai_ecole", "École", FieldType.TEXT, null),
                Field.derived("pcs_groupe", "PCS", FieldType.TEXT, null)));
        Column[] columns = new Column[3];
        for (int c = 0; c < 3; c++) {
            List<Object> values = new ArrayList<>();
            for (String[] row : rows) {
                values.add(row[c]);
            }
            columns[c] = Column.build(FieldType.TEXT, values);
        }
        DatasetVersion version = new DatasetVersion("eleves", 1, Instant.parse("2026-01-01T00:00:00Z"), rows.length, schema, null, null);
        return new Snapshot(version, columns, rows.length);
    }

    @Test
    void aGroupWhoseOnlyOtherValueIsUnknownIsWithheld() {
        Snapshot base = snapshot(new String[][]{
                {"1000000001A", "0350001A", "défavorisée"}, {"1000000002A", "0350001A", null}, {"1000000003A", "0350001A", "défavorisée"},
                {"1000000004A", "0350002B", "défavorisée"}, {"1000000005A", "0350002B", "favorisée"}, {"1000000006A", "0350002B", null}});
        Convention.DataScope scope = new Convention.DataScope("eleves", List.of("ine", "uai_ecole", "pcs_groupe"),
                Convention.Granularity.INDIVIDUAL_PSEUDONYMISED, null, null, true, List.of("ine"), List.of("uai_ecole"), 1, null,
                List.of("pcs_groupe"), 2);
        RestrictedView.Built built = RestrictedView.build(base, scope, new byte[32], Set.of());
        assertThat(built.rowsNotDiverse()).as("école 0350001A: one known PCS group only, its members' group is disclosed").isEqualTo(3);
        assertThat(built.snapshot().rows()).isEqualTo(3);
        int uai = built.snapshot().fieldIndex("uai_ecole");
        for (int r = 0; r < built.snapshot().rows(); r++) {
            assertThat(built.snapshot().column(uai).get(r)).isEqualTo("0350002B");
        }
    }
}
