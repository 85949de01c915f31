package fr.geoeduc.core.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * How a CSV file is written: encoding, BOM, delimiter, line ending. Detected from the bytes, never assumed:
 * the ministry's exports vary in BOM and line endings, and re-saved copies change the delimiter.
 */
public record CsvDialect(Charset charset, boolean bom, char delimiter, boolean crlf) {

    private static final char[] CANDIDATES = {';', ',', '\t', '|'};

    public String describe() {
        String d = switch (delimiter) {
            case '\t' -> "tab";
            default -> "'" + delimiter + "'";
        };
        return "csv, " + charset.name() + (bom ? " with BOM" : "") + ", delimiter " + d + ", " + (crlf ? "CRLF" : "LF");
    }

    /**
     * Inspects the file: refuses empty and binary files and picks the delimiter from the header line unless one
     * is forced. The encoding is checked while the file is parsed (see {@link #encodingError}).
     */
    public static CsvDialect detect(SourceFile source, Charset charset, Character forcedDelimiter) {
        String name = source.displayName();
        if (source.bytes() == 0) {
            throw new IngestException(name + ": the file is empty (fichier vide); expected a header line and rows");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(source.path())) {
            head = in.readNBytes(64 * 1024);
        } catch (IOException e) {
            throw new IngestException(name + ": cannot read: " + e.getMessage(), e);
        }
        for (byte b : head) {
            if (b == 0) {
                throw new IngestException(name + ": this is a binary file, not a CSV or GeoJSON text file"
                        + " (NUL byte found); a zip or an Excel file must be converted to CSV first");
            }
        }
        boolean bom = head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
        String text = new String(head, bom ? 3 : 0, head.length - (bom ? 3 : 0), charset);
        int eol = text.indexOf('\n');
        String header = eol < 0 ? text : text.substring(0, eol);
        boolean crlf = header.endsWith("\r");
        if (header.isBlank()) {
            throw new IngestException(name + ", line 1: the header line is empty; expected column names");
        }
        char delimiter = forcedDelimiter != null ? forcedDelimiter : sniffDelimiter(header);
        return new CsvDialect(charset, bom, delimiter, crlf);
    }

    static char sniffDelimiter(String header) {
        int[] counts = new int[CANDIDATES.length];
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                for (int k = 0; k < CANDIDATES.length; k++) {
                    if (c == CANDIDATES[k]) {
                        counts[k]++;
                    }
                }
            }
        }
        int best = 0;
        for (int k = 1; k < CANDIDATES.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return CANDIDATES[best];
    }

    /**
     * Where the file stops being valid in {@code charset}: the error naming the first bad line and byte, or empty
     * when the whole file decodes. Run only after the parse hit a decoding error, to explain it precisely.
     */
    static java.util.Optional<IngestException> encodingError(SourceFile source, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        long line = 1;
        try (InputStream stream = Files.newInputStream(source.path())) {
            boolean eof = false;
            while (!eof) {
                int n = stream.read(in.array(), in.position(), in.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    in.position(in.position() + n);
                }
                in.flip();
                CoderResult result = decoder.decode(in, out, eof);
                out.flip();
                for (int i = 0; i < out.length(); i++) {
                    if (out.charAt(i) == '\n') {
                        line++;
                    }
                }
                out.clear();
                if (result.isError()) {
                    return java.util.Optional.of(new IngestException(source.displayName() + ", line " + line + ": the file is not valid "
                            + charset.name() + " (byte 0x" + Integer.toHexString(in.get(in.position()) & 0xFF)
                            + "); ministry files are UTF-8. If it was re-saved in Latin-1/Windows-1252, convert it"
                            + " or pass --encoding windows-1252"));
                }
                in.compact();
            }
            if (charset.equals(StandardCharsets.UTF_8)) {
                decoder.flush(out);
            }
            return java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.of(new IngestException(source.displayName() + ": cannot read: " + e.getMessage(), e));
        }
    }
}
