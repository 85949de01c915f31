package fr.geoeduc.server.ogcapi;

/**
 * A 4xx answer of the OGC API with the exception body of Features Part 1 ({@code code}, {@code description}); the
 * description names the parameter at fault and says what was expected.
 */
final class OgcException extends RuntimeException {

    final int status;
    final String code;

    OgcException(int status, String code, String description) {
        super(description);
        this.status = status;
        this.code = code;
    }

    static OgcException badParameter(String parameter, String description) {
        return new OgcException(400, "InvalidParameterValue", "paramètre " + parameter + " : " + description);
    }

    static OgcException notFound(String description) {
        return new OgcException(404, "NotFound", description);
    }

    /** 507: the server could not store the file it was writing (its temporary disk is full). */
    static OgcException insufficientStorage(String description) {
        return new OgcException(507, "InsufficientStorage", description);
    }

    static OgcException notAcceptable(String description) {
        return new OgcException(406, "NotAcceptable", description);
    }
}
