package fr.geoeduc.server.explore;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The field names of one response, quoted and encoded once: every record of a page or an export repeats the same
 * names, and encoding them again for each record was the largest cost of writing wide records. Bounded, since
 * aliases come from the caller.
 */
final class JsonFieldNames {

    private static final int MAX = 1024;
    private final Map<String, SerializedString> encoded = new HashMap<>();
    // the records of one response list the same name objects in the same order: checked by identity first
    private final String[] names = new String[MAX];
    private final SerializedString[] atPosition = new SerializedString[MAX];
    private int position;

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
            if (encoded.size() >= MAX) {
                g.writeFieldName(name);
                return null;
            }
            s = new SerializedString(name);
            encoded.put(name, s);
        }
        g.writeFieldName(s);
        return s;
    }
}
