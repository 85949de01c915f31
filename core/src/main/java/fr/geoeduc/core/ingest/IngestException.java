package fr.geoeduc.core.ingest;

/**
 * A problem with the input that a person must fix: it names the file, the line and the field when known,
 * says what was expected and what to do. Its message is shown as is, never as a stack trace.
 */
public class IngestException extends RuntimeException {

    public IngestException(String message) {
        super(message);
    }

    public IngestException(String message, Throwable cause) {
        super(message, cause);
    }

    public static IngestException at(String file, long line, String field, String problem) {
        StringBuilder where = new StringBuilder(file);
        if (line > 0) {
            where.append(", ligne/line ").append(line);
        }
        if (field != null) {
            where.append(", champ/field '").append(field).append('\'');
        }
        return new IngestException(where + ": " + problem);
    }
}
