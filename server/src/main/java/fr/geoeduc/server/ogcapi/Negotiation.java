package fr.geoeduc.server.ogcapi;

import io.javalin.http.Context;

import java.util.Locale;

/**
 * Chooses JSON or HTML for a response: the {@code f} parameter wins ({@code json}, {@code html}, and the JSON
 * flavours {@code geojson}, {@code jsonschema}, {@code openapi}); otherwise the {@code Accept} header with its
 * q-values, JSON when it is absent, {@code *}{@code /*} or tied with HTML; 406 when it names neither.
 */
final class Negotiation {

    enum Format { JSON, HTML }

    private Negotiation() {
    }

    static Format format(Context ctx) {
        String f = ctx.queryParam("f");
        if (f != null) {
            return switch (f.strip().toLowerCase(Locale.ROOT)) {
                case "json", "geojson", "jsonschema", "openapi", "application/json", "application/geo+json" -> Format.JSON;
                case "html", "text/html" -> Format.HTML;
                default -> throw OgcException.badParameter("f", "« " + f + " » n'est pas un format proposé (json ou html)");
            };
        }
        String accept = ctx.header("Accept");
        if (accept == null || accept.isBlank()) {
            return Format.JSON;
        }
        double json = -1;
        double html = -1;
        for (String part : accept.split(",")) {
            String[] bits = part.split(";");
            String type = bits[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < bits.length; i++) {
                String p = bits[i].strip();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2).strip());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
                html = Math.max(html, q);
            } else if (type.equals("*/*") || type.equals("application/*") || type.endsWith("json") || type.endsWith("+json")
                    || type.equals("application/javascript") || type.equals("text/javascript")) {
                json = Math.max(json, type.equals("*/*") ? q * 0.999 : q); // an explicit type beats the wildcard at the same q
            } else if (type.equals("text/*")) {
                html = Math.max(html, q * 0.999);
            }
        }
        if (json <= 0 && html <= 0) {
            throw OgcException.notAcceptable("aucun des types demandés (" + accept + ") n'est servi : application/json, "
                    + "application/geo+json ou text/html");
        }
        return html > json ? Format.HTML : Format.JSON;
    }
}
