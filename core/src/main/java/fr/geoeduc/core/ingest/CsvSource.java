package fr.geoeduc.core.ingest;

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

    private final SourceFile file;
    private final CsvDialect dialect;
    private final List<String> header;
    private final ProgressListener progress;

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
    public String format() {
        return dialect.describe();
    }

    private List<String> readHeader() {
        try (CsvReader<CsvRecord> reader = open(ProgressListener.NONE)) {
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
            throw new IngestException(file.displayName() + ": cannot read: " + e.getMessage(), e);
        } catch (CsvParseException e) {
            throw new IngestException(file.displayName() + ", line 1: malformed header: " + rootMessage(e), e);
        }
    }

    @Override
    public void forEach(Consumer<RawRow> consumer) {
        progress.step("lecture " + file.displayName(), file.bytes());
        try (CsvReader<CsvRecord> reader = open(progress)) {
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
                    cells[i] = record.getField(i);
                }
                consumer.accept(new RawRow(line, cells));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IngestException(file.displayName() + ": cannot read: " + e.getMessage(), e);
        } catch (CsvParseException e) {
            throw new IngestException(file.displayName() + ": malformed CSV: " + rootMessage(e), e);
        }
        progress.done();
    }

    private CsvReader<CsvRecord> open(ProgressListener listener) throws IOException {
        InputStream in = new CountingInputStream(Files.newInputStream(file.path()), listener);
        if (dialect.bom()) {
            in.skipNBytes(3);
        }
        Reader reader = new InputStreamReader(in, dialect.charset());
        return CsvReader.builder().fieldSeparator(dialect.delimiter()).quoteCharacter('"')
                .skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true)
                .allowExtraCharsAfterClosingQuote(true).ofCsvRecord(reader);
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
