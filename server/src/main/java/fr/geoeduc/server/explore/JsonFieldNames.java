package fr.geoeduc.server.explore;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The field names of one response, quoted and encoded once: every record of a page or an export repeats the same
 * names, and encoding them again for each record was the largest cost of writing wide records. Bounded, since
 * aliases come from the caller. Also keeps, per output position, the escaped dictionary of the text column the
 * values come from.
 */
final class JsonFieldNames {

    private static final int MAX = 1024;
    /** Encoded names shared by every response (a SerializedString keeps its encoding once computed). */
    private static final java.util.concurrent.ConcurrentHashMap<String, SerializedString> SHARED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int SHARED_MAX = 10_000;
    private static final int SHARED_NAME_MAX = 64;
    private final Map<String, SerializedString> encoded = new HashMap<>();
    // the records of one response list the same name objects in the same order: checked by identity first
    private final String[] names = new String[MAX];
    private final SerializedString[] atPosition = new SerializedString[MAX];
    private int position;

    private final DictionariesByPosition escaped = new DictionariesByPosition(ExploreValues::escapedDictionary);

    /** The escaped dictionary of the text column at an output position, or null when the column keeps none. */
    byte[][] escaped(int position, fr.geoeduc.core.engine.Column.Text column) {
        return escaped.of(position, column);
    }

    /** Before the first field of each record. */
    void startRecord() {
        position = 0;
    }

    void write(JsonGenerator g, String name) throws IOException {
        int p = position++;
        if (p < MAX && names[p] == name) {
            g.writeFieldName(atPosition[p]);
            return;
        }
        SerializedString s = lookUp(g, name);
        if (s != null && p < MAX) {
            names[p] = name;
            atPosition[p] = s;
        }
    }

    private SerializedString lookUp(JsonGenerator g, String name) throws IOException {
        SerializedString s = encoded.get(name);
        if (s == null) {
            // a name outside the Basic Multilingual Plane: the generator escapes it, a pre-encoded name would not
            if (encoded.size() >= MAX || name.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
                g.writeFieldName(name);
                return null;
            }
            s = SHARED.get(name);
            if (s == null) {
                s = new SerializedString(name);
                // names of datasets' fields, mostly; aliases come from callers: short ones only, and a bounded number
                if (name.length() <= SHARED_NAME_MAX && SHARED.size() < SHARED_MAX) {
                    SerializedString raced = SHARED.putIfAbsent(name, s);
                    s = raced == null ? s : raced;
                }
            }
            encoded.put(name, s);
        }
        g.writeFieldName(s);
        return s;
    }
}
