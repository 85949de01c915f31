package fr.geoeduc.server.explore.parquet;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.model.Schema;
import org.apache.parquet.ReadOptionsWithoutHadoop;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.WKBReader;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Parquet exports read back with parquet's own reader: types, nulls, GeoParquet metadata and WKB points. */
class ParquetRowsTest {

    private static final Schema SCHEMA = new Schema(List.of(
            Field.derived("uai", "UAI", FieldType.TEXT, null), Field.derived("eleves", "Élèves", FieldType.INT, null),
            Field.derived("ips", "IPS", FieldType.DOUBLE, null), Field.derived("public", "Public", FieldType.BOOLEAN, null),
            Field.derived("ouverture", "Ouverture", FieldType.DATE, null), Field.derived("maj", "Mise à jour", FieldType.DATETIME, null),
            new Field("position", "Position", FieldType.GEO_POINT_2D, null, null, List.of(), false, null, "declared")));

    @TempDir
    Path dir;

    @Test
    void rowsComeBackWithTheirTypesNullsAndPoints() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParquetRows rows = new ParquetRows(out, SCHEMA);
        for (int i = 0; i < 2500; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("uai", i % 10 == 0 ? null : "035" + String.format("%04d", i) + "X");
            row.put("eleves", (long) i);
            row.put("ips", i % 7 == 0 ? null : 80 + i / 100.0);
            row.put("public", i % 2 == 0);
            row.put("ouverture", LocalDate.of(1960, 1, 1).plusDays(i));
            row.put("maj", Instant.parse("2024-09-02T08:00:00Z").plusSeconds(i));
            row.put("position", new GeoPoint(48.1 + i / 10000.0, -1.68));
            row.put("n_calcule", i * 2.5); // a computed column: typed from its first value
            rows.write(new CopiedRow(row, java.util.Set.of("uai", "eleves", "ips", "public", "ouverture", "maj", "position")));
        }
        rows.finish();
        byte[] bytes = out.toByteArray();
        assertThat(new String(bytes, 0, 4)).isEqualTo("PAR1");
        Path file = dir.resolve("export.parquet");
        Files.write(file, bytes);

        {
            ParquetFiles.Content content = ParquetFiles.read(file);
            MessageType schema = content.schema();
            assertThat(schema.getFields()).extracting(t -> t.getName())
                    .containsExactly("uai", "eleves", "ips", "public", "ouverture", "maj", "position", "n_calcule");
            assertThat(schema.getType("uai").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
            assertThat(schema.getType("ouverture").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.dateType());
            assertThat(content.metadata().get("geo"))
                    .contains("\"primary_column\":\"position\"").contains("\"encoding\":\"WKB\"");
            List<Group> all = content.rows();
            assertThat(all).hasSize(2500);
            Group g = all.get(123);
            assertThat(g.getString("uai", 0)).isEqualTo("0350123X");
            assertThat(g.getLong("eleves", 0)).isEqualTo(123L);
            assertThat(g.getDouble("ips", 0)).isEqualTo(81.23);
            assertThat(g.getBoolean("public", 0)).isFalse();
            assertThat(g.getInteger("ouverture", 0)).isEqualTo((int) LocalDate.of(1960, 1, 1).plusDays(123).toEpochDay());
            assertThat(g.getLong("maj", 0)).isEqualTo(Instant.parse("2024-09-02T08:00:00Z").plusSeconds(123).getEpochSecond() * 1_000_000L);
            Point p = (Point) new WKBReader().read(g.getBinary("position", 0).getBytes());
            assertThat(p.getX()).isEqualTo(-1.68);
            assertThat(p.getY()).isEqualTo(48.1 + 123 / 10000.0);
            assertThat(g.getDouble("n_calcule", 0)).isEqualTo(307.5);
            assertThat(all.get(10).getFieldRepetitionCount("uai")).as("null UAI").isZero();
            assertThat(all.get(7).getFieldRepetitionCount("ips")).as("null IPS").isZero();
        }
    }

    @Test
    void anEmptyExportStillHasTheDatasetColumns() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ParquetRows(out, SCHEMA).finish();
        Path file = dir.resolve("empty.parquet");
        Files.write(file, out.toByteArray());
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), ReadOptionsWithoutHadoop.create(new GzipCodecs()))) {
            assertThat(reader.getRecordCount()).isZero();
            assertThat(reader.getFooter().getFileMetaData().getSchema().getFieldCount()).isEqualTo(7);
        }
    }

    @Test
    void aValueThatDoesNotFitItsDeclaredFieldIsAnErrorNotASilentNull() {
        ParquetRows rows = new ParquetRows(new ByteArrayOutputStream(), SCHEMA);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("eleves", 12L);
        rows.write(new CopiedRow(row, java.util.Set.of("eleves")));
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("eleves", "3f2a…"); // e.g. a pseudonym where the dataset declares an integer
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rows.write(new CopiedRow(next, java.util.Set.of("eleves"))))
                .hasMessageContaining("eleves").hasMessageContaining("declared");
    }

    @Test
    void aComputedColumnNamedAfterAFieldOrAnAggregatedGroupIsTypedByItsValues() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParquetRows rows = new ParquetRows(out, SCHEMA);
        for (String group : new String[]{"2023", "2024"}) {
            Map<String, Object> row = new LinkedHashMap<>(); // an aggregated answer: groups as text, not engine rows
            row.put("eleves", group);
            row.put("n", 12L);
            rows.write(row);
        }
        rows.finish();
        Path file = dir.resolve("groups.parquet");
        Files.write(file, out.toByteArray());
        ParquetFiles.Content content = ParquetFiles.read(file);
        assertThat(content.rows()).extracting(g -> g.getString("eleves", 0)).containsExactly("2023", "2024");
    }
}
