package fr.geoeduc.core.ingest;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * Explains a CSV read that stopped on a field longer than the reader's limit: scans the file again (only then) to
 * name the line and column where that field starts, and says whether it is an unclosed quote or a real value.
 */
final class OversizedField {

    private OversizedField() {
    }

    static Optional<IngestException> locate(SourceFile file, CsvDialect dialect, List<String> header, int limit) {
        try (Reader in = new java.io.BufferedReader(new InputStreamReader(Files.newInputStream(file.path()), dialect.charset()), 1 << 16)) {
            char sep = dialect.delimiter();
            long line = 1;
            long fieldLine = 1;
            int column = 0;
            long length = 0;
            boolean quoted = false;
            boolean inQuotes = false;
            boolean atFieldStart = true;
            int c;
            boolean first = true;
            while ((c = in.read()) >= 0) {
                if (first && c == '\uFEFF') {
                    first = false;
                    continue;
                }
                first = false;
                if (atFieldStart) {
                    fieldLine = line;
                    atFieldStart = false;
                    if (c == '"') {
                        quoted = true;
                        inQuotes = true;
                        continue;
                    }
                }
                if (c == '\n') {
                    line++;
                }
                if (inQuotes) {
                    if (c == '"') {
                        inQuotes = false; // a doubled quote reopens just below
                        continue;
                    }
                } else if (quoted && c == '"') {
                    inQuotes = true;
                } else if (c == sep || c == '\n') {
                    column = c == sep ? column + 1 : 0;
                    length = 0;
                    quoted = false;
                    atFieldStart = true;
                    continue;
                }
                if (c != '\r' && ++length > limit) {
                    return Optional.of(explain(file, header, fieldLine, column, limit, inQuotes && !closes(in)));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether a closing quote comes later in the file. */
    private static boolean closes(Reader in) throws IOException {
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '"') {
                return true;
            }
        }
        return false;
    }

    private static IngestException explain(SourceFile file, List<String> header, long line, int column, int limit, boolean unclosed) {
        String field = column < header.size() ? header.get(column) : "colonne " + (column + 1);
        String why = unclosed
                ? "un guillemet ouvert au début de cette valeur n'est jamais refermé : fermez-le, ou retirez-le / a quote opened "
                        + "at the start of this value is never closed"
                : "une valeur de cette taille n'est pas une donnée de tableau (une géométrie ? chargez-la en GeoJSON) / a value "
                        + "this long is not tabular data (a geometry? load it as GeoJSON)";
        return IngestException.at(file.displayName(), line, field, String.format(java.util.Locale.ROOT,
                "valeur de plus de %d caractères, la limite de lecture d'un champ CSV ; %s ; rien n'a été publié / value longer "
                        + "than %d characters, the CSV field limit; nothing was published", limit, why, limit));
    }
}
