package fr.geoeduc.server.explore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * CSV cells written straight to UTF-8 bytes in a buffer (RFC 4180 quoting: a cell holding the delimiter, a quote,
 * CR or LF, or every cell with {@code quoteAll}, is quoted and its quotes doubled). Exports write hundreds of
 * thousands of cells; going through a Writer and a list of strings per row cost more than the query.
 */
final class CsvOutput {

    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
    private final OutputStream out;
    private final char delimiter;
    private final boolean quoteAll;
    private final byte[] buffer = new byte[1 << 16];
    private int size;
    private boolean firstCell = true;

    CsvOutput(OutputStream out, char delimiter, boolean quoteAll) {
        this.out = out;
        this.delimiter = delimiter;
        this.quoteAll = quoteAll;
    }

    void bom() throws IOException {
        room(3);
        buffer[size++] = (byte) 0xEF;
        buffer[size++] = (byte) 0xBB;
        buffer[size++] = (byte) 0xBF;
    }

    void cell(String s) throws IOException {
        startCell();
        // the JDK encodes Latin-1 and ASCII strings to UTF-8 with intrinsics; lone surrogates become '?'
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (!quoteAll && !needsQuotes(utf8)) {
            bytes(utf8, 0, utf8.length);
            return;
        }
        ascii('"');
        int from = 0;
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '"') { // write up to and including the quote, then the quote again
                bytes(utf8, from, i + 1 - from);
                from = i;
            }
        }
        bytes(utf8, from, utf8.length - from);
        ascii('"');
    }

    /**
     * A cell of a column where {@link #plain} is true: nothing to quote, the UTF-8 bytes go straight out, copied from
     * the dictionary when it holds bytes (no string, no encoding per cell). Near-unique columns (INE, pseudonyms) keep
     * no encoded cells, and looking every byte over for a delimiter cost a third of the time of a pseudonymised export.
     */
    void plainCell(fr.geoeduc.core.engine.TextDictionary dictionary, int code) throws IOException {
        startCell();
        int n = dictionary.copyUtf8(code, buffer, size);
        if (n < 0) {
            out.write(buffer, 0, size);
            size = 0;
            n = dictionary.copyUtf8(code, buffer, 0);
            if (n < 0) { // longer than the buffer
                byte[] utf8 = dictionary.get(code).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
                return;
            }
        }
        size += n;
    }

    /**
     * Whether no value of the column holds a character that {@link #cell(String)} quotes, with either of the API's
     * delimiters (looked over once per column, then kept with it); false with other options.
     */
    boolean plain(fr.geoeduc.core.engine.Column.Text column) {
        if (quoteAll || (delimiter != ';' && delimiter != ',')) {
            return false;
        }
        return column.derived(DerivedSlots.CSV_PLAIN, c -> !c.dictionary().containsAnyOf(";,\"\r\n"));
    }

    /** A decimal cell ({@link Double#toString}: ASCII digits, sign, point, exponent; never quoted unless every cell is). */
    void cell(double v) throws IOException {
        String text = Double.toString(v);
        if (quoteAll) {
            cell(text);
            return;
        }
        startCell();
        room(text.length());
        for (int i = 0; i < text.length(); i++) {
            buffer[size++] = (byte) text.charAt(i);
        }
    }

    /** A cell already encoded by {@link #encode}. */
    void encodedCell(byte[] encoded) throws IOException {
        startCell();
        bytes(encoded, 0, encoded.length);
    }

    /**
     * The cell of each dictionary value of a text column, encoded and quoted as {@link #cell(String)} would write it;
     * null when not kept (other options than the API's defaults, or a near-unique column): write the value itself.
     */
    byte[][] encode(fr.geoeduc.core.engine.Column.Text column) {
        if (quoteAll || (delimiter != ';' && delimiter != ',') || !column.worthDeriving()) {
            return null;
        }
        return column.derived(delimiter == ';' ? DerivedSlots.CSV_SEMICOLON : DerivedSlots.CSV_COMMA, c -> {
            fr.geoeduc.core.engine.TextDictionary dictionary = c.dictionary();
            byte[][] out = new byte[dictionary.size()][];
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            CsvOutput one = new CsvOutput(bytes, delimiter, quoteAll);
            try {
                for (int i = 0; i < out.length; i++) {
                    one.cell(dictionary.get(i));
                    one.flush();
                    out[i] = bytes.toByteArray();
                    bytes.reset();
                    one.firstCell = true;
                }
            } catch (IOException impossible) {
                throw new java.io.UncheckedIOException(impossible);
            }
            return out;
        });
    }

    /** An integer cell, its digits written straight into the buffer. */
    void cell(long v) throws IOException {
        if (quoteAll) {
            cell(Long.toString(v));
            return;
        }
        startCell();
        if (v == Long.MIN_VALUE) {
            bytes(MIN_LONG, 0, MIN_LONG.length);
            return;
        }
        room(20);
        if (v < 0) {
            buffer[size++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = size + digits;
        for (int i = end - 1; i >= size; i--) {
            buffer[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size = end;
    }

    private void startCell() throws IOException {
        if (!firstCell) {
            ascii(delimiter);
        }
        firstCell = false;
    }

    void endLine() throws IOException {
        room(2);
        buffer[size++] = '\r';
        buffer[size++] = '\n';
        firstCell = true;
    }

    void flush() throws IOException {
        out.write(buffer, 0, size);
        size = 0;
        out.flush();
    }

    /** A cell holding the delimiter, a quote, CR or LF is quoted (none of them occurs inside a multi-byte UTF-8 sequence). */
    private boolean needsQuotes(byte[] utf8) {
        byte d = (byte) delimiter;
        for (byte b : utf8) {
            if (b == d || b == '"' || b == '\n' || b == '\r') {
                return true;
            }
        }
        return false;
    }

    private void bytes(byte[] b, int from, int length) throws IOException {
        if (length > buffer.length - size) {
            out.write(buffer, 0, size);
            size = 0;
            if (length > buffer.length) {
                out.write(b, from, length);
                return;
            }
        }
        System.arraycopy(b, from, buffer, size, length);
        size += length;
    }

    private void ascii(char c) throws IOException {
        room(1);
        buffer[size++] = (byte) c;
    }

    private void room(int n) throws IOException {
        if (size + n > buffer.length) {
            out.write(buffer, 0, size);
            size = 0;
        }
    }
}
