package fr.geoeduc.server.explore;

import com.fasterxml.jackson.core.JsonGenerator;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.query.exec.Json;
import org.locationtech.jts.geom.Geometry;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/** Writes values the way the Explore API v2.1 does: points as {lon, lat}, shapes as GeoJSON Features, ISO dates. */
final class ExploreValues {

    private ExploreValues() {
    }

    static void write(JsonGenerator g, Object v, ZoneId zone) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Long l -> g.writeNumber(l);
            case Double d -> {
                if (Double.isFinite(d)) {
                    g.writeNumber(d);
                } else {
                    g.writeNull();
                }
            }
            case Boolean b -> g.writeBoolean(b);
            case String s -> g.writeString(s);
            case java.util.Collection<?> list -> { // _links, multivalued fields
                g.writeStartArray();
                for (Object item : list) {
                    write(g, item, zone);
                }
                g.writeEndArray();
            }
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, e.getValue(), zone);
                }
                g.writeEndObject();
            }
            case LocalDate d -> g.writeString(d.toString());
            case Instant i -> g.writeString(Json.instant(i, zone));
            case GeoPoint p -> {
                g.writeStartObject();
                g.writeNumberField("lon", p.lon());
                g.writeNumberField("lat", p.lat());
                g.writeEndObject();
            }
            case Geometry shape -> {
                g.writeStartObject();
                g.writeStringField("type", "Feature");
                g.writeFieldName("geometry");
                g.writeRawValue(geoJson(shape));
                g.writeObjectFieldStart("properties");
                g.writeEndObject();
                g.writeEndObject();
            }
            default -> g.writeString(v.toString());
        }
    }

    static void writeRecord(JsonGenerator g, Map<String, Object> row, ZoneId zone, JsonFieldNames names) throws IOException {
        if (row instanceof fr.geoeduc.core.query.exec.ResultRow r && r.sourceRow() >= 0) {
            RawRecord raw = names.rawRecord();
            if (RawRecord.writesAsDefault(g) && raw.encode(r, names)) {
                raw.writeTo(g);
                return;
            }
            g.writeStartObject();
            names.startRecord();
            writeFromSource(g, r, zone, names);
            g.writeEndObject();
            return;
        }
        g.writeStartObject();
        names.startRecord();
        try {
            row.forEach((key, value) -> { // forEach: result rows are array-backed maps, entries would be allocated
                try {
                    names.write(g, key);
                    write(g, value, zone);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        g.writeEndObject();
    }

    /** A row read from a snapshot: text fields copied unchanged are written from their column's escaped dictionary. */
    private static void writeFromSource(JsonGenerator g, fr.geoeduc.core.query.exec.ResultRow row, ZoneId zone, JsonFieldNames names)
            throws IOException {
        int source = row.sourceRow();
        for (int i = 0; i < row.width(); i++) {
            names.write(g, row.key(i));
            fr.geoeduc.core.engine.Column.Text text = row.textSource(i);
            if (text == null) {
                write(g, row.value(i), zone);
                continue;
            }
            int code = text.codeAt(source);
            if (code < 0) {
                g.writeNull();
            } else {
                byte[][] dictionary = names.escaped(i, text);
                byte[] escaped = dictionary == null ? null : dictionary[code];
                if (escaped == null) {
                    g.writeString(text.dictionary().get(code));
                } else {
                    g.writeRawUTF8String(escaped, 0, escaped.length);
                }
            }
        }
    }

    /**
     * Each dictionary value of a text column as JSON string content (UTF-8, escaped, without the quotes); null for a
     * value outside the Basic Multilingual Plane, which the generator writes as escaped surrogate pairs. Null as a
     * whole for a near-unique column ({@link fr.geoeduc.core.engine.Column.Text#worthDeriving()}).
     */
    static byte[][] escapedDictionary(fr.geoeduc.core.engine.Column.Text column) {
        if (!column.worthDeriving()) {
            return null;
        }
        return column.derived(DerivedSlots.JSON, c -> {
            com.fasterxml.jackson.core.io.JsonStringEncoder encoder = com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance();
            fr.geoeduc.core.engine.TextDictionary dictionary = c.dictionary();
            byte[][] out = new byte[dictionary.size()][];
            for (int i = 0; i < out.length; i++) {
                String value = dictionary.get(i);
                out[i] = outsideBmp(value) ? null : encoder.quoteAsUTF8(value);
            }
            return out;
        });
    }

    /**
     * True when the text holds characters outside the Basic Multilingual Plane: the generator writes them as escaped
     * surrogate pairs, which text encoded ahead of time would not.
     */
    static boolean outsideBmp(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    static String geoJson(Geometry shape) {
        return fr.geoeduc.core.model.GeoJsonText.write(shape);
    }

    /** The text of a value in CSV exports: points as "lat, lon", shapes as GeoJSON geometry text. */
    static String text(Object v, ZoneId zone) {
        return switch (v) {
            case null -> "";
            case Instant i -> Json.instant(i, zone);
            case Double d -> d.toString();
            case GeoPoint p -> p.lat() + ", " + p.lon();
            case Geometry shape -> geoJson(shape);
            default -> v.toString();
        };
    }
}
