package fr.geoeduc.server.explore;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.query.exec.ResultRow;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A record read from a snapshot, encoded as one JSON object in a reusable byte buffer and handed to the generator
 * as a single raw value: the generator's per-field bookkeeping (context, separators, name lookup) was most of the
 * cost of a page of wide records. The bytes are exactly those {@link ExploreValues#writeRecord} writes field by
 * field; a record holding a value whose encoding belongs to the generator (date-times, shapes, lists, maps, text
 * outside the Basic Multilingual Plane, which it escapes as surrogate pairs) is not encoded here ({@link #encode}
 * returns false) and goes the field-by-field way.
 */
final class RawRecord implements SerializableString {

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] LON = "{\"lon\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAT = ",\"lat\":".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes = new byte[4096];
    private int size;
    /** The size of the generator's output buffer, as last seen; 0 before. */
    private int outputCapacity;

    int capacity() {
        return bytes.length;
    }

    /**
     * True when the generator writes as {@link #encode} assumes (Jackson's defaults): no pretty printer, no custom
     * or extra escaping, numbers as numbers, doubles through {@link Double#toString}.
     */
    static boolean writesAsDefault(JsonGenerator g) {
        return g.getPrettyPrinter() == null && g.getCharacterEscapes() == null && g.getHighestEscapedChar() == 0
                && !g.isEnabled(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS) && !g.isEnabled(JsonGenerator.Feature.ESCAPE_NON_ASCII)
                && !g.isEnabled(JsonGenerator.Feature.ESCAPE_FORWARD_SLASHES) && !g.isEnabled(JsonGenerator.Feature.USE_FAST_DOUBLE_WRITER)
                && !g.isEnabled(JsonGenerator.Feature.COMBINE_UNICODE_SURROGATES_IN_UTF8) && g.isEnabled(JsonGenerator.Feature.QUOTE_FIELD_NAMES);
    }

    /**
     * Encodes the row, with the field names and text dictionaries of {@code names} (shared with the field-by-field
     * way); false (nothing written anywhere) when a value has to be written by the generator.
     */
    boolean encode(ResultRow row, JsonFieldNames names) {
        size = 0;
        put((byte) '{');
        int source = row.sourceRow();
        for (int i = 0; i < row.width(); i++) {
            if (i > 0) {
                put((byte) ',');
            }
            com.fasterxml.jackson.core.io.SerializedString name = names.encoded(i, row.key(i));
            if (name == null) {
                return false;
            }
            put((byte) '"');
            put(name.asQuotedUTF8()); // computed once and kept by the SerializedString
            put((byte) '"');
            put((byte) ':');
            Column.Text text = row.textSource(i);
            if (text == null) {
                if (!value(row.value(i))) {
                    return false;
                }
                continue;
            }
            int code = text.codeAt(source);
            if (code < 0) {
                put(NULL);
                continue;
            }
            byte[][] escaped = names.escaped(i, text);
            byte[] value = escaped == null ? null : escaped[code];
            if (value == null) {
                if (!string(text.dictionary().get(code))) {
                    return false;
                }
            } else {
                put((byte) '"');
                put(value);
                put((byte) '"');
            }
        }
        put((byte) '}');
        return true;
    }

    /**
     * Writes the record {@link #encode} prepared, as the next value of the generator. A record that does not fit in
     * what is left of the generator's buffer would be copied into a new array by Jackson; when flushing only moves the
     * buffer to the response stream (the generator does not pass flushes on), the buffer is emptied first instead.
     */
    void writeTo(JsonGenerator g) throws IOException {
        if (outputCapacity > 0 && g.getOutputBuffered() + size + 1 > outputCapacity && size < outputCapacity
                && !g.isEnabled(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM)) {
            g.flush();
        }
        g.writeRawValue(this);
    }

    /** The value types {@link ExploreValues#write} encodes without the generator's own state. */
    private boolean value(Object v) {
        switch (v) {
            case null -> put(NULL);
            case Long l -> digits(l);
            case Double d -> {
                if (Double.isFinite(d)) {
                    ascii(Double.toString(d));
                } else {
                    put(NULL);
                }
            }
            case Boolean b -> put(b ? TRUE : FALSE);
            case String s -> {
                return string(s);
            }
            case LocalDate d -> {
                put((byte) '"');
                date(d);
                put((byte) '"');
            }
            case GeoPoint p -> {
                put(LON);
                ascii(Double.toString(p.lon()));
                put(LAT);
                ascii(Double.toString(p.lat()));
                put((byte) '}');
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean string(String s) {
        if (ExploreValues.outsideBmp(s)) {
            return false;
        }
        put((byte) '"');
        put(JsonStringEncoder.getInstance().quoteAsUTF8(s));
        put((byte) '"');
        return true;
    }

    /** As {@link Long#toString(long)}, without the string. */
    private void digits(long v) {
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v));
            return;
        }
        room(20);
        if (v < 0) {
            bytes[size++] = '-';
            v = -v;
        }
        int first = size;
        do {
            bytes[size++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int i = first, j = size - 1; i < j; i++, j--) {
            byte b = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = b;
        }
    }

    /** As {@link LocalDate#toString()} (ISO yyyy-MM-dd for the years 0 to 9999), without the string. */
    private void date(LocalDate d) {
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            ascii(d.toString());
            return;
        }
        room(10);
        fixed(year, 4);
        bytes[size++] = '-';
        fixed(d.getMonthValue(), 2);
        bytes[size++] = '-';
        fixed(d.getDayOfMonth(), 2);
    }

    private void fixed(int v, int width) {
        for (int i = size + width - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += width;
    }

    private void ascii(String s) {
        room(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        room(1);
        bytes[size++] = b;
    }

    private void put(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    private void room(int n) {
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
        }
    }

    // ---------------------------------------------------------------- SerializableString (a raw, unquoted value)

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        outputCapacity = buffer.length;
        if (offset + size > buffer.length) {
            return -1;
        }
        System.arraycopy(bytes, 0, buffer, offset, size);
        return size;
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return Arrays.copyOf(bytes, size);
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
        return size;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (buffer.remaining() < size) {
            return -1;
        }
        buffer.put(bytes, 0, size);
        return size;
    }

    @Override
    public String getValue() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        String value = getValue();
        if (offset + value.length() > buffer.length) {
            return -1;
        }
        value.getChars(0, value.length(), buffer, offset);
        return value.length();
    }

    // the quoted forms (a JSON string holding this text) are part of the interface; a raw value never uses them

    @Override
    public char[] asQuotedChars() {
        return JsonStringEncoder.getInstance().quoteAsString(getValue());
    }

    @Override
    public byte[] asQuotedUTF8() {
        return JsonStringEncoder.getInstance().quoteAsUTF8(getValue());
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        byte[] quoted = asQuotedUTF8();
        if (offset + quoted.length > buffer.length) {
            return -1;
        }
        System.arraycopy(quoted, 0, buffer, offset, quoted.length);
        return quoted.length;
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        char[] quoted = asQuotedChars();
        if (offset + quoted.length > buffer.length) {
            return -1;
        }
        System.arraycopy(quoted, 0, buffer, offset, quoted.length);
        return quoted.length;
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
        byte[] quoted = asQuotedUTF8();
        out.write(quoted);
        return quoted.length;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        byte[] quoted = asQuotedUTF8();
        if (buffer.remaining() < quoted.length) {
            return -1;
        }
        buffer.put(quoted);
        return quoted.length;
    }
}
