package fr.geoeduc.server;

import fr.geoeduc.core.store.Json;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The size of a request line plus its headers that the server accepts (64 kB, Jetty's default is 8 kB: a
 * {@code where} holding an {@code in (…)} list of about 500 UAIs is already past it), and the answer beyond it:
 * the API's JSON error body instead of Jetty's HTML page. Jetty answers those requests before any route sees them,
 * so the body comes from the server's error handler.
 */
final class RequestSizeLimit extends ErrorHandler {

    static final int MAX_REQUEST_HEADER_BYTES = 64 * 1024;

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (status == 414 || status == 431) {
            body.put("message", "The request is too large: its URL and headers may hold at most " + MAX_REQUEST_HEADER_BYTES
                    + " bytes. Split a long in (…) list over several requests, or filter on a coarser field.");
            body.put("error_code", status == 414 ? "URITooLong" : "RequestHeaderFieldsTooLarge");
        } else {
            body.put("message", "Bad request: " + (reason == null ? "malformed HTTP request" : reason));
            body.put("error_code", "BadRequest");
        }
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8"));
        return ByteBuffer.wrap(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
