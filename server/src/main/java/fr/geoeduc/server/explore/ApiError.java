package fr.geoeduc.server.explore;

/** A 4xx answer of the Explore API with its {@code error_code} and message. */
final class ApiError extends RuntimeException {

    final int status;
    final String code;

    ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static ApiError badParameter(String message) {
        return new ApiError(400, "InvalidRESTParameterError", message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "NotFound", message);
    }
}
