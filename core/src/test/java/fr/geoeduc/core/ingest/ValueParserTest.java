package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Cell values to typed values: the spellings of the ministry's files, and what must be refused. */
class ValueParserTest {

    private final ValueParser parser = new ValueParser();

    @Test
    void decimalsInEveryFrenchSpelling() {
        assertThat(parser.parse(FieldType.DOUBLE, "74,3")).isEqualTo(74.3);
        assertThat(parser.parse(FieldType.DOUBLE, "81,7%")).isEqualTo(81.7);
        assertThat(parser.parse(FieldType.DOUBLE, " 1 234,5 ")).isEqualTo(1234.5);
        assertThat(parser.parse(FieldType.DOUBLE, "-0.5")).isEqualTo(-0.5);
        assertThat(parser.parse(FieldType.DOUBLE, "1e3")).isEqualTo(1000.0);
        assertThat(parser.parse(FieldType.DOUBLE, "NS")).isNull();
        for (String bad : new String[] {"1,2.3", "abc", "NaN", "Infinity", "1.2.3", "--1", "1e999", "0x1p3x"}) {
            assertThat(parser.parse(FieldType.DOUBLE, bad)).as(bad).isSameAs(ValueParser.INVALID);
        }
    }

    @Test
    void decimalsAreReadExactlyAsJavaReadsThem() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            double v = switch (i % 4) {
                case 0 -> random.nextDouble() * 1e6;
                case 1 -> -random.nextDouble() * 180;
                case 2 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
                default -> random.nextInt(100000) / 1000.0;
            };
            String text = Double.toString(v);
            assertThat(parser.parse(FieldType.DOUBLE, text)).as(text).isEqualTo(Double.parseDouble(text));
        }
    }

    @Test
    void datesIsoAndFrenchAndImpossibleOnes() {
        assertThat(parser.parse(FieldType.DATE, "2024-09-02")).isEqualTo(LocalDate.of(2024, 9, 2));
        assertThat(parser.parse(FieldType.DATE, "02/09/2024")).isEqualTo(LocalDate.of(2024, 9, 2));
        assertThat(parser.parse(FieldType.DATE, "2024-09-02T08:00:00+02:00")).isEqualTo(LocalDate.of(2024, 9, 2));
        assertThat(parser.parse(FieldType.DATE, "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        for (String bad : new String[] {"2023-02-29", "2024-13-01", "31/04/2024", "2024/09/02", "2024-9-02x", "20a4-09-02", "00/01/2024", "2024-09-0Z"}) {
            assertThat(parser.parse(FieldType.DATE, bad)).as(bad).isSameAs(ValueParser.INVALID);
        }
    }

    @Test
    void pointsAsLatitudeCommaLongitude() {
        assertThat(parser.parse(FieldType.GEO_POINT_2D, "48.1119, -1.6803")).isEqualTo(new GeoPoint(48.1119, -1.6803));
        assertThat(parser.parse(FieldType.GEO_POINT_2D, "48.1, -1.6, 3")).isSameAs(ValueParser.INVALID);
        assertThat(parser.parse(FieldType.GEO_POINT_2D, "91, 0")).isSameAs(ValueParser.INVALID);
    }
}
