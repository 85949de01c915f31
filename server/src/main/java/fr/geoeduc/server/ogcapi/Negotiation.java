package fr.geoeduc.server.ogcapi;

import fr.geoeduc.server.gis.GisFormat;
import io.javalin.http.Context;

import java.util.Locale;
import java.util.Optional;

/**
 * Chooses JSON or HTML for a response: the {@code f} parameter wins ({@code json}, {@code html}, and the JSON
 * flavours {@code geojson}, {@code jsonschema}, {@code openapi}); otherwise the {@code Accept} header with its
 * q-values, JSON when it is absent, {@code *}{@code /*} or tied with HTML; 406 when it names neither.
 */
final class Negotiation {

    enum Format { JSON, HTML }

    private Negotiation() {
    }

    /**
     * The download asked of {@code /items}: {@code f=gpkg}/{@code fgb} (or their names and media types), or an
     * {@code Accept} whose GeoPackage or FlatGeobuf type has a higher q than every other type; empty for a page.
     */
    static Optional<GisFormat> download(Context ctx) {
        String f = ctx.queryParam("f");
        if (f != null) {
            return GisFormat.parse(f);
        }
        String accept = ctx.header("Accept");
        if (accept == null || accept.isBlank()) {
            return Optional.empty();
        }
        GisFormat best = null;
        double bestQ = 0;
        double others = 0;
        for (String part : accept.split(",")) {
            String[] bits = part.split(";");
            double q = quality(bits);
            Optional<GisFormat> g = GisFormat.parse(bits[0]);
            if (g.isPresent() && q > bestQ) {
                best = g.get();
                bestQ = q;
            } else if (g.isEmpty()) {
                others = Math.max(others, q);
            }
        }
        return best != null && bestQ > others ? Optional.of(best) : Optional.empty();
    }

    private static double quality(String[] bits) {
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
        return q;
    }

    static Format format(Context ctx) {
        String f = ctx.queryParam("f");
        if (f != null) {
            return switch (f.strip().toLowerCase(Locale.ROOT)) {
                case "json", "geojson", "jsonschema", "openapi", "application/json", "application/geo+json" -> Format.JSON;
                case "html", "text/html" -> Format.HTML;
                default -> throw OgcException.badParameter("f", "« " + f + " » n'est pas un format proposé (json ou html ; pour les entités : gpkg ou fgb)");
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
