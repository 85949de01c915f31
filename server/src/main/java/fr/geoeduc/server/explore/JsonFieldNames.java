package fr.geoeduc.server.explore;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;

/**
 * The field names of one response, quoted and encoded once: every record of a page or an export repeats the same
 * names (found by position and identity), and encoding them again for each record was the largest cost of writing
 * wide records; encodings are shared by every response, within bounds, since aliases come from the caller. Also
 * keeps, per output position, the escaped dictionary of the text column the values come from.
 *
 * <p>A page of records borrows one from a small shared pool ({@link #borrow}, returned on {@link #close}) rather than
 * growing new arrays and a new record buffer each time: a one-record answer used to allocate about 10 kB of them.
 */
final class JsonFieldNames implements AutoCloseable {

    private static final java.util.concurrent.ArrayBlockingQueue<JsonFieldNames> POOL = new java.util.concurrent.ArrayBlockingQueue<>(128);
    /** A record buffer grown beyond this (a record of very long texts) is not kept in the pool. */
    private static final int POOLED_RECORD_MAX = 64 * 1024;

    private static final int MAX = 1024;
    /** Encoded names shared by every response (a SerializedString keeps its encoding once computed). */
    private static final java.util.concurrent.ConcurrentHashMap<String, SerializedString> SHARED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int SHARED_MAX = 10_000;
    private static final int SHARED_NAME_MAX = 64;
    // the records of one response list the same name objects in the same order: checked by identity first
    private String[] names = new String[32];
    private SerializedString[] atPosition = new SerializedString[32];
    private int position;

    private final DictionariesByPosition escaped = new DictionariesByPosition(ExploreValues::escapedDictionary);
    private RawRecord rawRecord;
    // false once given back: a second close must not put it in the pool twice (two responses would share its buffers)
    private boolean inUse = true;

    /** One from the pool, or a new one when the pool is empty; {@link #close} gives it back. */
    static JsonFieldNames borrow() {
        JsonFieldNames names = POOL.poll();
        if (names == null) {
            return new JsonFieldNames();
        }
        names.inUse = true;
        return names;
    }

    /** How many are waiting in the pool (for tests). */
    static int pooled() {
        return POOL.size();
    }

    /**
     * Back to the pool, without references to the columns it saw (a dropped snapshot must not stay reachable). Closing
     * again does nothing.
     */
    @Override
    public void close() {
        if (!inUse) {
            return;
        }
        inUse = false;
        escaped.clear();
        position = 0;
        if (rawRecord != null && rawRecord.capacity() > POOLED_RECORD_MAX) {
            rawRecord = null;
        }
        POOL.offer(this);
    }

    /** The buffer that encodes whole records read from a snapshot, one per response. */
    RawRecord rawRecord() {
        if (rawRecord == null) {
            rawRecord = new RawRecord();
        }
        return rawRecord;
    }

    /** The escaped dictionary of the text column at an output position, or null when the column keeps none. */
    byte[][] escaped(int position, fr.geoeduc.core.engine.Column.Text column) {
        return escaped.of(position, column);
    }

    /** Before the first field of each record. */
    void startRecord() {
        position = 0;
    }

    void write(JsonGenerator g, String name) throws IOException {
        SerializedString s = encoded(position++, name);
        if (s == null) {
            g.writeFieldName(name);
        } else {
            g.writeFieldName(s);
        }
    }

    /**
     * The encoding of the name at an output position, found by identity when the previous record had the same name
     * there; null for a name outside the Basic Multilingual Plane (the generator writes it as text).
     */
    SerializedString encoded(int p, String name) {
        if (p < names.length && names[p] == name) {
            return atPosition[p];
        }
        SerializedString s = SHARED.get(name); // only names inside the Basic Multilingual Plane are shared
        if (s == null) {
            if (ExploreValues.outsideBmp(name)) {
                return null;
            }
            s = new SerializedString(name);
            // names of datasets' fields, mostly; aliases come from callers: short ones only, and a bounded number
            if (name.length() <= SHARED_NAME_MAX && SHARED.size() < SHARED_MAX) {
                SerializedString raced = SHARED.putIfAbsent(name, s);
                s = raced == null ? s : raced;
            }
        }
        if (p < MAX) {
            if (p >= names.length) {
                int size = Math.min(MAX, Math.max(p + 1, names.length * 2));
                names = java.util.Arrays.copyOf(names, size);
                atPosition = java.util.Arrays.copyOf(atPosition, size);
            }
            names[p] = name;
            atPosition[p] = s;
        }
        return s;
    }
}
