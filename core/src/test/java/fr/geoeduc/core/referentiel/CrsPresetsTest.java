package fr.geoeduc.core.referentiel;

import org.junit.jupiter.api.Test;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The preset coordinate systems are proj4j's own EPSG definitions: same parameters, same reprojection. */
class CrsPresetsTest {

    @Test
    void everyPresetIsProj4jsDefinitionAndReprojectsTheSame() {
        Properties presets = CrsTransformer.presets();
        assertThat(presets.stringPropertyNames()).contains("2154", "2972", "2975", "32620", "32621", "32738", "4326");
        CRSFactory factory = new CRSFactory();
        CoordinateTransformFactory transforms = new CoordinateTransformFactory();
        CoordinateReferenceSystem wgs84 = factory.createFromName("EPSG:4326");
        for (String code : presets.stringPropertyNames()) {
            assertThat(String.join(" ", new org.locationtech.proj4j.io.Proj4FileReader().getParameters("EPSG:" + code)))
                    .as("EPSG:%s as proj4j-epsg defines it", code).isEqualTo(presets.getProperty(code));
            CoordinateReferenceSystem fromFile = factory.createFromName("EPSG:" + code);
            CoordinateReferenceSystem preset = factory.createFromParameters("EPSG:" + code, presets.getProperty(code));
            ProjCoordinate a = new ProjCoordinate();
            ProjCoordinate b = new ProjCoordinate();
            // a point inside the projection's usual extent: the WGS84 image of its false origin neighbourhood
            ProjCoordinate probe = code.equals("4326") || code.equals("5489") ? new ProjCoordinate(-1.68, 48.11) : new ProjCoordinate(500000, 1000000);
            transforms.createTransform(fromFile, wgs84).transform(probe, a);
            transforms.createTransform(preset, wgs84).transform(probe, b);
            assertThat(b.x).as("x of EPSG:%s", code).isCloseTo(a.x, within(1e-9));
            assertThat(b.y).as("y of EPSG:%s", code).isCloseTo(a.y, within(1e-9));
        }
    }

    @Test
    void aCodeWithoutPresetIsStillFoundInProj4jsFile() {
        CrsTransformer crs = new CrsTransformer();
        assertThat(crs.isKnown(2056)).as("Swiss CH1903+ / LV95, not preset").isTrue();
        assertThat(crs.toWgs84(2056, 2600000, 1200000)).hasValueSatisfying(p -> {
            assertThat(p.lat()).isCloseTo(46.95, within(0.01));
            assertThat(p.lon()).isCloseTo(7.44, within(0.01));
        });
        assertThat(crs.isKnown(99999)).isFalse();
    }
}
