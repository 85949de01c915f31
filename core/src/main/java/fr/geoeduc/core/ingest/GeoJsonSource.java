package fr.geoeduc.core.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A GeoJSON FeatureCollection (or a single Feature), streamed feature by feature. Properties become columns
 * (union over all features, in order of appearance); the geometry becomes the last column, {@code geo_shape}.
 */
public final class GeoJsonSource implements RawSource {

    public static final String GEOMETRY_COLUMN = "geo_shape";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final SourceFile file;
    private final ProgressListener progress;
    private final List<String> header;

    public GeoJsonSource(SourceFile file, ProgressListener progress) {
        this.file = file;
        this.progress = progress;
        Set<String> names = new LinkedHashSet<>();
        stream(ProgressListener.NONE, (line, feature) -> {
            JsonNode props = feature.get("properties");
            if (props != null && props.isObject()) {
                props.fieldNames().forEachRemaining(names::add);
            }
        });
        names.remove(GEOMETRY_COLUMN);
        List<String> h = new ArrayList<>(names);
        h.add(GEOMETRY_COLUMN);
        this.header = List.copyOf(h);
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public String format() {
        return "geojson";
    }

    @Override
    public int geometryColumn() {
        return header.size() - 1;
    }

    @Override
    public void forEach(Consumer<RawRow> consumer) {
        progress.step("lecture " + file.displayName(), file.bytes());
        GeoJsonReader reader = new GeoJsonReader(new GeometryFactory(new PrecisionModel(), 4326));
        int width = header.size();
        stream(progress, (line, feature) -> {
            Object[] cells = new Object[width];
            JsonNode props = feature.get("properties");
            for (int i = 0; i < width - 1; i++) {
                JsonNode v = props == null ? null : props.get(header.get(i));
                cells[i] = cellText(v);
            }
            JsonNode geometry = feature.get("geometry");
            if (geometry != null && !geometry.isNull()) {
                try {
                    Geometry g = reader.read(geometry.toString());
                    cells[width - 1] = g;
                } catch (ParseException | RuntimeException e) {
                    cells[width - 1] = "invalid GeoJSON geometry: " + e.getMessage();
                }
            }
            consumer.accept(new RawRow(line, cells));
        });
        progress.done();
    }

    static String cellText(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isObject() && v.has("lat") && v.has("lon")) {
            return v.get("lat").asText() + ", " + v.get("lon").asText();
        }
        if (v.isContainerNode()) {
            return v.toString();
        }
        return v.asText();
    }

    private interface FeatureHandler {
        void handle(long line, JsonNode feature);
    }

    private void stream(ProgressListener listener, FeatureHandler handler) {
        try (InputStream in = new CountingInputStream(Files.newInputStream(file.path()), listener);
             JsonParser parser = new JsonFactory().createParser(in)) {
            parser.setCodec(MAPPER);
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new IngestException(file.displayName() + ": not a GeoJSON object (expected '{' at the start)");
            }
            boolean collection = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("features".equals(name) && value == JsonToken.START_ARRAY) {
                    collection = true;
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        long line = parser.currentLocation().getLineNr();
                        JsonNode feature = parser.readValueAsTree();
                        handler.handle(line, feature);
                    }
                } else if ("type".equals(name) && "Feature".equals(parser.getText())) {
                    // a single Feature: re-read it whole below
                    break;
                } else {
                    parser.skipChildren();
                }
            }
            if (!collection) {
                JsonNode whole = MAPPER.readTree(file.path().toFile());
                if (!"Feature".equals(whole.path("type").asText())) {
                    throw new IngestException(file.displayName()
                            + ": GeoJSON without 'features' (expected a FeatureCollection or a Feature)");
                }
                handler.handle(1, whole);
            }
        } catch (JsonParseException e) {
            throw new IngestException(file.displayName() + ", line " + e.getLocation().getLineNr()
                    + ": malformed JSON: " + e.getOriginalMessage() + " (truncated file?); nothing was published", e);
        } catch (IOException e) {
            throw new IngestException(file.displayName() + ": cannot read: " + e.getMessage(), e);
        }
    }

}
