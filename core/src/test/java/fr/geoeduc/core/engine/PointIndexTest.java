package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packed point R-tree and the per-code row index of large versions answer exactly what a scan of the column
 * answers: random points (some null, some repeated, some on the box's edges), on the heap and in mapped files; a text
 * column whose dictionary is built off the heap reads back every value.
 */
class PointIndexTest {

    @TempDir
    Path dir;

    @Test
    void boxesAnswerTheRowsAScanFinds() {
        Random random = new Random(22);
        int n = 50_000;
        for (ColumnFiles files : new ColumnFiles[]{null, new ColumnFiles(dir)}) {
            ColumnBuilder b = ColumnBuilder.of(FieldType.GEO_POINT_2D, n, files);
            List<GeoPoint> points = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                GeoPoint p = switch (i % 10) {
                    case 0 -> null;
                    case 1 -> new GeoPoint(48.1, -1.7); // many rows at one place, on the edge of the boxes below
                    default -> new GeoPoint(41 + 10 * random.nextDouble(), -5 + 13 * random.nextDouble());
                };
                points.add(p);
                b.add(p);
            }
            Column.Point column = (Column.Point) b.build();
            PointIndex index = PointIndex.build(column, n, files);
            double[][] boxes = {{-1.7, -1.6, 48.0, 48.1}, {-5, 8, 41, 51}, {2, 2.5, 45, 45.3}, {10, 11, 0, 1}, {-1.7, -1.7, 48.1, 48.1}};
            for (int q = 0; q < 200; q++) {
                double[] box = q < boxes.length ? boxes[q] : randomBox(random);
                int[] expected = IntStream.range(0, n).filter(r -> points.get(r) != null
                        && points.get(r).lon() >= box[0] && points.get(r).lon() <= box[1]
                        && points.get(r).lat() >= box[2] && points.get(r).lat() <= box[3]).toArray();
                assertThat(index.rowsInBox(box[0], box[1], box[2], box[3])).as("box %s", java.util.Arrays.toString(box)).isEqualTo(expected);
            }
        }
    }

    private static double[] randomBox(Random random) {
        double lon = -5 + 13 * random.nextDouble();
        double lat = 41 + 10 * random.nextDouble();
        double size = random.nextDouble() * random.nextDouble() * 3;
        return new double[]{lon, lon + size, lat, lat + size};
    }

    @Test
    void theRowsOfEachCodeAreTheRowsHoldingIt() {
        TextDictionary.mappedFrom = 100; // past 100 values the dictionary is packed (heap) or mapped (files)
        try {
            rowsOfEachCode();
        } finally {
            TextDictionary.mappedFrom = 65_536;
        }
    }

    private void rowsOfEachCode() {
        Random random = new Random(7);
        int n = 30_000;
        for (ColumnFiles files : new ColumnFiles[]{null, new ColumnFiles(dir)}) {
            ColumnBuilder b = ColumnBuilder.of(FieldType.TEXT, n, files);
            String[] values = new String[n];
            for (int i = 0; i < n; i++) {
                values[i] = i % 13 == 0 ? null : i % 3 == 0 ? "u" + i : "v" + random.nextInt(50);
                b.add(values[i]);
            }
            Column.Text text = (Column.Text) b.build();
            // over mappedFrom values: packed UTF-8 on the heap, or mapped files
            assertThat(text.dictionary()).isInstanceOf(files == null ? TextDictionary.Packed.class : TextDictionary.Mapped.class);
            for (int r = 0; r < n; r++) {
                assertThat(text.get(r)).isEqualTo(values[r]);
            }
            CodeIndex index = CodeIndex.build(text, files);
            for (String v : new String[]{"u3", "v0", "v17", "v49", "u29997"}) {
                int[] expected = IntStream.range(0, n).filter(r -> v.equals(values[r])).toArray();
                assertThat(index.rowsOf(text.code(v))).as(v).isEqualTo(expected).isNotEmpty();
            }
            int total = 0;
            for (int c = 0; c < text.dictionary().size(); c++) {
                total += index.count(c);
            }
            assertThat(total).isEqualTo((int) java.util.Arrays.stream(values).filter(java.util.Objects::nonNull).count());
        }
    }
}
