package fr.geoeduc.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.store.Json;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Version exports (JSON, GeoJSON) write geo_shape coordinates as published, with all their decimals. */
class ExportPrecisionTest {

    @Test
    void exportedShapesKeepEveryDecimal() throws Exception {
        Schema schema = new Schema(List.of(new Field("geo_shape", "geo_shape", FieldType.GEO_SHAPE, null, null, List.of(), false, null, "inferred")));
        Object shape = new GeoJsonReader().read("{\"type\":\"LineString\",\"coordinates\":[[2.123456789012345,46.5],[2.2,46.000000000123]]}");
        StringWriter text = new StringWriter();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(text)) {
            g.writeStartObject();
            Exports.writeFields(g, schema, new Object[]{shape});
            g.writeEndObject();
        }
        assertThat(text.toString()).contains("2.123456789012345").contains("46.000000000123");
    }
}
