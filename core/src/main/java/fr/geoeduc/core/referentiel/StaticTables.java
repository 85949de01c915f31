package fr.geoeduc.core.referentiel;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the référentiel tables shipped with GéoÉduc ({@code referentiel/*.csv}, ';'-separated UTF-8). */
final class StaticTables {

    private StaticTables() {
    }

    static List<NamedCsvRecord> read(String name) {
        String resource = "/referentiel/" + name;
        try (InputStream in = StaticTables.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing référentiel resource " + resource);
            }
            List<NamedCsvRecord> rows = new ArrayList<>();
            try (CsvReader<NamedCsvRecord> reader = CsvReader.builder().fieldSeparator(';')
                    .ofNamedCsvRecord(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                reader.forEach(rows::add);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
