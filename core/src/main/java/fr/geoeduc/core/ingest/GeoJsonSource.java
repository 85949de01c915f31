package fr.geoeduc.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;

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
    private final SourceFile file;
    private final ProgressListener progress;
    private final GeoJsonFeatures features;
    private final List<String> header;

    public GeoJsonSource(SourceFile file, ProgressListener progress) {
        this.file = file;
        this.progress = progress;
        this.features = new GeoJsonFeatures(file.path(), file.displayName());
        Set<String> names = new LinkedHashSet<>();
        features.forEach(false, ProgressListener.NONE, feature -> {
            JsonNode props = feature.properties();
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
        int width = header.size();
        features.forEach(true, progress, feature -> {
            Object[] cells = new Object[width];
            JsonNode props = feature.properties();
            for (int i = 0; i < width - 1; i++) {
                JsonNode v = props == null ? null : props.get(header.get(i));
                cells[i] = cellText(v);
            }
            cells[width - 1] = feature.geometry() != null ? feature.geometry() : feature.geometryProblem();
            consumer.accept(new RawRow(feature.line(), cells, feature.index(), feature.id()));
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
}
