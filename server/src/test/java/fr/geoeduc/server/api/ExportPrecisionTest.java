package fr.geoeduc.server.api;

import fr.geoeduc.server.explore.ExportWriters;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Version exports (JSON, GeoJSON) write geo_shape coordinates as published, with all their decimals. */
class ExportPrecisionTest {

    @Test
    void exportedShapesKeepEveryDecimal() throws Exception {
        Object shape = new GeoJsonReader().read("{\"type\":\"LineString\",\"coordinates\":[[2.123456789012345,46.5],[2.2,46.000000000123]]}");
        for (boolean geojson : new boolean[]{false, true}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExportWriters.RowWriter writer = geojson ? ExportWriters.geojson(out, ZoneOffset.UTC, 4326, null, "geo_shape")
                    : ExportWriters.json(out, ZoneOffset.UTC, false);
            writer.accept(Map.of("geo_shape", shape));
            writer.finish();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("2.123456789012345").contains("46.000000000123");
        }
    }
}
