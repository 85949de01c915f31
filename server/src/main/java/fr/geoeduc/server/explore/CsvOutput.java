package fr.geoeduc.server.explore;

import java.io.IOException;
import java.io.OutputStream;

/**
 * CSV cells written straight to UTF-8 bytes in a buffer (RFC 4180 quoting: a cell holding the delimiter, a quote,
 * CR or LF, or every cell with {@code quoteAll}, is quoted and its quotes doubled). Exports write hundreds of
 * thousands of cells; going through a Writer and a list of strings per row cost more than the query.
 */
final class CsvOutput {

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
        if (!firstCell) {
            ascii(delimiter);
        }
        firstCell = false;
        boolean quote = quoteAll || needsQuotes(s);
        if (quote) {
            ascii('"');
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == '"' && quote) {
                    ascii('"');
                }
                ascii(c);
            } else if (c < 0x800) {
                room(2);
                buffer[size++] = (byte) (0xC0 | (c >> 6));
                buffer[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                room(4);
                buffer[size++] = (byte) (0xF0 | (cp >> 18));
                buffer[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buffer[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buffer[size++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                ascii('?');
            } else {
                room(3);
                buffer[size++] = (byte) (0xE0 | (c >> 12));
                buffer[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        if (quote) {
            ascii('"');
        }
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

    private boolean needsQuotes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
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
