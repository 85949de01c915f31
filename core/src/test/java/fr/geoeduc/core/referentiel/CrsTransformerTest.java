package fr.geoeduc.core.referentiel;

import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;

import static org.assertj.core.api.Assertions.assertThat;

class CrsTransformerTest {

    private final CrsTransformer crs = new CrsTransformer();

    /** Real rows of the national géoloc collèges file (2024), one or two per EPSG: x, y as published and their lat/lon. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "2154, 0071168G, 824876.1, 6433018.3, 44.98511168476998, 4.584419934777967",
            "2154, 7200044K, 1216501.0, 6196461.0, 42.68221102258079, 9.300765625060995",
            "2975, 9740042C, 335915.9, 7688850.9, -20.893340132831486, 55.422455336711415",
            "2975, 9740085Z, 323062.7, 7665435.7, -21.10363300877319, 55.29652293008688",
            "32620, 9710015P, 676302.3, 1806377.2, 16.332028081035617, -61.34962529479824",
            "32620, 9710035L, 515947.8, 1978980.0, 17.898658406466016, -62.84943972424056",
            "32620, 9711023K, 494449.9, 2002454.8, 18.110889628176178, -63.05246026287724",
            "2972, 9730020J, 353209.0, 545956.6, 4.937997093332722, -52.32393839584209",
            "32738, 9760162X, 524282.9, 8588298.1, -12.769912365713084, 45.22372172962821",
            "32621, 9750005G, 563030.1, 5181349.8, 46.78271789016254, -56.17427535285994"})
    void realRowReprojectsWithinOneMetre(int epsg, String uai, double x, double y, double lat, double lon) {
        assertThat(crs.isKnown(epsg)).isTrue();
        GeoPoint p = crs.toWgs84(epsg, x, y).orElseThrow();
        assertThat(p.distanceTo(new GeoPoint(lat, lon))).as(uai).isLessThan(1.0);
    }

    @Test
    void wrongEpsgLandsFarAway() {
        // the Lambert-93 x/y of a collège of Ille-et-Vilaine read as Réunion UTM 40S
        GeoPoint truth = new GeoPoint(47.89156984600312, -1.9895683290916766);
        assertThat(crs.toWgs84(2154, 327366.8, 6766352.2).orElseThrow().distanceTo(truth)).isLessThan(1.0);
        crs.toWgs84(2975, 327366.8, 6766352.2).ifPresent(p -> assertThat(p.distanceTo(truth)).isGreaterThan(1_000_000));
    }

    @Test
    void wgs84IsXLonYLat() {
        assertThat(crs.toWgs84(4326, -1.6778, 48.1173)).contains(new GeoPoint(48.1173, -1.6778));
        assertThat(crs.toWgs84(4326, 48.1173, -191.0)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"EPSG:2154, 2154", "epsg:2154, 2154", "2154, 2154", "' EPSG : 32620 ', 32620", "EPSG:4559, 4559"})
    void parseEpsg(String text, int code) {
        assertThat(CrsTransformer.parseEpsg(text)).contains(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "EPSG:", "EPSG:abc", "Lambert 93", "EPSG:215", "EPSG:2154:1", "IGNF:LAMB93"})
    void notAnEpsg(String text) {
        assertThat(CrsTransformer.parseEpsg(text)).isEmpty();
    }

    @Test
    void knownAndUnknownCodes() {
        for (int code : new int[]{2154, 2972, 2975, 32620, 32621, 32738, 4559, 4471, 5490, 4326}) {
            assertThat(crs.isKnown(code)).as("EPSG:" + code).isTrue();
        }
        assertThat(crs.isKnown(99999)).isFalse();
        assertThat(crs.toWgs84(99999, 1, 2)).isEmpty();
        assertThat(CrsTransformer.parseEpsg(null)).isEmpty();
    }

    /** Every row of the national file that has x/y: the reprojection agrees with its lat/lon within 1 m (spec §1.5: 0.00 m). */
    @Test
    void everyRowOfTheNationalFileAgreesWithinOneMetre() throws IOException {
        List<double[]> rows = new ArrayList<>();
        Map<Integer, Integer> perEpsg = new TreeMap<>();
        try (Reader in = Files.newBufferedReader(SharedData.file("national/fr-en-adresse-et-geolocalisation-colleges-2024.csv"), StandardCharsets.UTF_8);
             CsvReader<NamedCsvRecord> csv = CsvReader.builder().fieldSeparator(';').detectBomHeader(true).ofNamedCsvRecord(in)) {
            for (NamedCsvRecord r : csv) {
                if (r.getField("coordonnee_x").isEmpty()) {
                    continue;
                }
                int epsg = CrsTransformer.parseEpsg(r.getField("EPSG")).orElseThrow();
                perEpsg.merge(epsg, 1, Integer::sum);
                rows.add(new double[]{epsg, Double.parseDouble(r.getField("coordonnee_x")), Double.parseDouble(r.getField("coordonnee_y")),
                        Double.parseDouble(r.getField("latitude")), Double.parseDouble(r.getField("longitude"))});
            }
        }
        assertThat(perEpsg).isEqualTo(Map.of(2154, 7227, 2972, 40, 2975, 94, 32620, 118, 32621, 3, 32738, 25));
        // in parallel: the transformer is shared between threads
        double worst = rows.parallelStream().mapToDouble(r -> crs.toWgs84((int) r[0], r[1], r[2]).orElseThrow()
                .distanceTo(new GeoPoint(r[3], r[4]))).max().orElseThrow();
        assertThat(worst).isLessThan(1.0);
    }
}
