package fr.geoeduc.core.query.odsql;

/**
 * A malformed or invalid query. The message follows the Explore API's: {@code ODSQL query is malformed: <what>
 * Clause(s) containing the error(s): <clause>.}; the API answers 400 with {@code error_code} {@link #errorCode()}.
 */
public class OdsqlException extends RuntimeException {

    private final String clause;
    private final int position;
    private final String errorCode;

    public OdsqlException(String clause, int position, String detail) {
        this(clause, position, detail, "ODSQLError");
    }

    public OdsqlException(String clause, int position, String detail, String errorCode) {
        super("ODSQL query is malformed: " + detail + (position >= 0 ? " (at position " + position + ")" : "")
                + " Clause(s) containing the error(s): " + clause + ".");
        this.clause = clause;
        this.position = position;
        this.errorCode = errorCode;
    }

    /**
     * For other languages that parse into the same tree (CQL2): their own message, same clause, position and error
     * code, so that every API answers a 400 for any malformed expression through one handler.
     */
    protected OdsqlException(String message, String clause, int position, String errorCode, Throwable cause) {
        super(message, cause);
        this.clause = clause;
        this.position = position;
        this.errorCode = errorCode;
    }

    public String clause() {
        return clause;
    }

    public int position() {
        return position;
    }

    public String errorCode() {
        return errorCode;
    }
}
