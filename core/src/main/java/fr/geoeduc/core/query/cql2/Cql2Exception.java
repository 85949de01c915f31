package fr.geoeduc.core.query.cql2;

import fr.geoeduc.core.query.odsql.OdsqlException;

/**
 * A CQL2 filter (or an OGC {@code bbox}/{@code datetime} parameter) that cannot be understood. It is an
 * {@link OdsqlException}, so the handler that answers 400 for a malformed ODSQL clause answers 400 for it too;
 * {@link #clause()} names the parameter ({@code filter}, {@code bbox}, {@code datetime}), {@link #position()} is the
 * character offset in it (-1 when the whole value is wrong), and the message says what was expected.
 */
public final class Cql2Exception extends OdsqlException {

    public static final String ERROR_CODE = "InvalidParameterValue";

    public Cql2Exception(String parameter, int position, String detail) {
        super(heading(parameter) + (position >= 0 ? " à la position " + position : "") + " : " + detail,
                parameter, position, ERROR_CODE, null);
    }

    /** "Filtre invalide" for {@code filter}, "Valeur invalide de bbox" for the others: the start of every message. */
    static String heading(String parameter) {
        return parameter.equals("filter") ? "Filtre invalide" : "Valeur invalide de " + parameter;
    }

    /** A malformed {@code filter}. */
    public Cql2Exception(int position, String detail) {
        this("filter", position, detail);
    }
}
