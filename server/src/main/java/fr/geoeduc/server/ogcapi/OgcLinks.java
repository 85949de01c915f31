package fr.geoeduc.server.ogcapi;

import io.javalin.http.Context;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Absolute URLs of the API (from the request's scheme and host) and link objects with {@code rel} and {@code type}. */
final class OgcLinks {

    static final String ROOT = "/ogc";
    static final String JSON = "application/json";
    static final String GEOJSON = "application/geo+json";
    static final String HTML = "text/html";
    static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0";
    static final String SCHEMA = "application/schema+json";

    private OgcLinks() {
    }

    /** {@code scheme://host/ogc}, the public root of the API as the client reached it. */
    static String base(Context ctx) {
        String proto = ctx.header("X-Forwarded-Proto");
        String host = ctx.header("X-Forwarded-Host");
        return (proto != null && !proto.isBlank() ? proto.split(",")[0].strip() : ctx.scheme()) + "://"
                + (host != null && !host.isBlank() ? host.split(",")[0].strip() : ctx.host()) + ROOT;
    }

    static Map<String, Object> link(String href, String rel, String type, String title) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("href", href);
        m.put("rel", rel);
        m.put("type", type);
        if (title != null) {
            m.put("title", title);
        }
        return m;
    }

    /** {@code self} in JSON and {@code alternate} in HTML, or the reverse. */
    static List<Map<String, Object>> selfAndAlternate(String href, String jsonType, boolean html) {
        List<Map<String, Object>> links = new ArrayList<>();
        String sep = href.contains("?") ? "&" : "?";
        links.add(link(href + sep + "f=" + (html ? "html" : "json"), "self", html ? HTML : jsonType, "ce document"));
        links.add(link(href + sep + "f=" + (html ? "json" : "html"), "alternate", html ? jsonType : HTML,
                html ? "ce document en JSON" : "ce document en HTML"));
        return links;
    }

    /** The request's query string with {@code f} replaced (or removed when null) and some parameters set; percent-encoded. */
    static String query(Context ctx, Map<String, String> set, String f) {
        StringBuilder sb = new StringBuilder();
        ctx.queryParamMap().forEach((k, values) -> {
            if (k.equals("f") || set.containsKey(k)) {
                return;
            }
            for (String v : values) {
                append(sb, k, v);
            }
        });
        set.forEach((k, v) -> {
            if (v != null) {
                append(sb, k, v);
            }
        });
        if (f != null) {
            append(sb, "f", f);
        }
        return sb.isEmpty() ? "" : "?" + sb;
    }

    private static void append(StringBuilder sb, String k, String v) {
        if (!sb.isEmpty()) {
            sb.append('&');
        }
        sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
