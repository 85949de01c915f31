package fr.geoeduc.server.explore;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import static org.assertj.core.api.Assertions.assertThat;

/** geo_shape values are served with the coordinates of the source, not rounded to 8 decimals. */
class GeoShapePrecisionTest {

    @Test
    void coordinatesKeepEveryDecimalOfTheSource() throws Exception {
        String source = "{\"type\":\"Polygon\",\"coordinates\":[[[-1.123456789012,48.987654321098],[-1.1,48.987654321098],"
                + "[-1.1,49.000000001],[-1.123456789012,48.987654321098]]]}";
        Geometry shape = new GeoJsonReader().read(source);
        String served = ExploreValues.geoJson(shape);
        assertThat(served).contains("-1.123456789012").contains("48.987654321098").contains("49.000000001");
        assertThat(new GeoJsonReader().read(served).equalsExact(shape)).isTrue();
        assertThat(ExploreValues.text(shape, java.time.ZoneOffset.UTC)).isEqualTo(served);
    }
}
