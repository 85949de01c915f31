package fr.geoeduc.core.ingest;

import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/** A CSV file in its detected dialect, read with FastCSV (RFC 4180 quotes, CRLF or LF). */
public final class CsvSource implements RawSource {

    /** FastCSV's largest field, in characters; a longer one stops the read (see {@link OversizedField}). */
    static final int MAX_FIELD_CHARS = 16 * 1024 * 1024;
    private final SourceFile file;
    private final CsvDialect dialect;
    private final List<String> header;
    private final ProgressListener progress;
    private String sha256;

    public CsvSource(SourceFile file, CsvDialect dialect, ProgressListener progress) {
        this.file = file;
        this.dialect = dialect;
        this.progress = progress;
        this.header = readHeader();
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public String format() {
        return dialect.describe();
    }

    private List<String> readHeader() {
        try (CsvReader<CsvRecord> reader = open(ProgressListener.NONE, null)) {
            Iterator<CsvRecord> it = reader.iterator();
            if (!it.hasNext()) {
                throw new IngestException(file.displayName() + ": the file has no header line; expected column names");
            }
            List<String> names = it.next().getFields().stream().map(String::strip).toList();
            if (names.size() == 1 && names.get(0).length() > 40) {
                throw new IngestException(file.displayName() + ", line 1: only one column found with delimiter "
                        + printable(dialect.delimiter()) + "; the file may use another delimiter (pass --delimiter)");
            }
            return names;
        } catch (IOException | UncheckedIOException e) {
            throw readFailure(e);
        } catch (CsvParseException e) {
            throw encodingFailure(e).orElseGet(() -> new IngestException(file.displayName() + ", line 1: malformed header: " + rootMessage(e), e));
        }
    }

    @Override
    public void forEach(Consumer<RawRow> consumer) {
        progress.step("lecture " + file.displayName(), file.bytes());
        MessageDigest digest = sha256Digest();
        try (CsvReader<CsvRecord> reader = open(progress, digest)) {
            Iterator<CsvRecord> it = reader.iterator();
            if (it.hasNext()) {
                it.next();
            }
            int width = header.size();
            while (it.hasNext()) {
                CsvRecord record = it.next();
                int count = record.getFieldCount();
                if (count == 1 && record.getField(0).isEmpty()) {
                    continue;
                }
                long line = record.getStartingLineNumber();
                if (count != width) {
                    throw IngestException.at(file.displayName(), line, null, "expected " + width
                            + " fields separated by " + printable(dialect.delimiter()) + " as in the header, found "
                            + count + (count < width ? " (row truncated, or an unclosed quote?)" : " (an unquoted "
                            + printable(dialect.delimiter()) + " inside a value?)") + "; nothing was published");
                }
                Object[] cells = new Object[width];
                for (int i = 0; i < width; i++) {
                    String cell = record.getField(i);
                    if (cell.indexOf('\0') >= 0) {
                        throw nulByte(line, i, cell);
                    }
                    cells[i] = cell;
                }
                consumer.accept(new RawRow(line, cells));
            }
            digested.transferTo(OutputStream.nullOutputStream()); // what the parser did not need still counts in the hash
        } catch (IOException | UncheckedIOException e) {
            throw readFailure(e);
        } catch (CsvParseException e) {
            throw encodingFailure(e).or(() -> OversizedField.locate(file, dialect, header, MAX_FIELD_CHARS))
                    .orElseGet(() -> new IngestException(file.displayName() + ": malformed CSV: " + rootMessage(e), e));
        }
        sha256 = HexFormat.of().formatHex(digest.digest());
        progress.done();
    }

    private IngestException nulByte(long line, int column, String cell) {
        return IngestException.at(file.displayName(), line, header.get(column), "octet NUL (0x00) en position "
                + (cell.indexOf('\0') + 1) + " de la valeur : le fichier est corrompu ou contient des données binaires ; "
                + "réexportez-le ou téléchargez-le à nouveau ; rien n'a été publié / NUL byte inside the value: the file is "
                + "corrupted; nothing was published");
    }

    /** An I/O failure; a decoding failure is reported with its line and byte (found by a second, careful read). */
    private IngestException readFailure(Exception e) {
        return encodingFailure(e).or(() -> OversizedField.locate(file, dialect, header, MAX_FIELD_CHARS)).orElseGet(() -> new IngestException(file.displayName() + ": cannot read: " + e.getMessage(), e));
    }

    private java.util.Optional<IngestException> encodingFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CharacterCodingException) {
                return java.util.Optional.of(CsvDialect.encodingError(file, dialect.charset())
                        .orElseGet(() -> new IngestException(file.displayName() + ": the file is not valid " + dialect.charset().name(), e)));
            }
        }
        return java.util.Optional.empty();
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private InputStream digested;

    /**
     * Opens the file for FastCSV: bytes counted for the progress bar and hashed when a digest is given, decoded
     * strictly (a byte sequence that is not valid in the charset stops the read instead of becoming U+FFFD).
     */
    private CsvReader<CsvRecord> open(ProgressListener listener, MessageDigest digest) throws IOException {
        InputStream in = new CountingInputStream(Files.newInputStream(file.path()), listener);
        if (digest != null) {
            in = new DigestInputStream(in, digest);
        }
        digested = in;
        if (dialect.bom()) {
            in.readNBytes(3); // read, not skipped: the BOM is part of the file's hash
        }
        Reader reader = new InputStreamReader(in, dialect.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        return CsvReader.builder().fieldSeparator(dialect.delimiter()).quoteCharacter('"')
                .skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true)
                .allowExtraCharsAfterClosingQuote(true).maxBufferSize(MAX_FIELD_CHARS).ofCsvRecord(reader);
    }

    private static String printable(char delimiter) {
        return delimiter == '\t' ? "tab" : "'" + delimiter + "'";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
