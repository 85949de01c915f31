package fr.geoeduc.server.ogcapi;

import io.javalin.http.Context;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reading and checking query parameters: unknown names, integers with a minimum, CRS URIs of a collection. */
final class OgcParameters {

    /** The parameters of the resources without query options: the format, and the API key of the Explore API. */
    static final Set<String> BASIC = Set.of("f", "apikey");

    private OgcParameters() {
    }

    /** 400 naming the first parameter that is neither one of {@code known} nor of {@code properties}. */
    static void check(Context ctx, Set<String> known, Collection<String> properties) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!known.contains(name) && !properties.contains(name)) {
                TreeSet<String> expected = new TreeSet<>(known);
                throw OgcException.badParameter(name, "paramètre inconnu ; paramètres acceptés : " + String.join(", ", expected)
                        + (properties.isEmpty() ? "" : " et les propriétés de la collection (voir /queryables)"));
            }
        }
    }

    static void check(Context ctx, Set<String> known) {
        check(ctx, known, List.of());
    }

    static int integer(Context ctx, String name, int fallback, int minimum) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw OgcException.badParameter(name, "un entier est attendu, reçu « " + v + " »");
        }
        if (n < minimum) {
            throw OgcException.badParameter(name, "doit être au moins " + minimum + ", reçu " + n);
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** The CRS of parameter {@code name} (CRS84 when absent); 400 when it is not offered for the collection. */
    static OgcCrs.Ref crs(Context ctx, String name, OgcCollection c) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return OgcCrs.ALL.get(0);
        }
        List<OgcCrs.Ref> offered = c.crs();
        return OgcCrs.parse(v).filter(offered::contains).orElseThrow(() -> OgcException.badParameter(name,
                "« " + v + " » n'est pas un CRS proposé pour " + c.id() + " ; CRS proposés : "
                        + String.join(", ", offered.stream().map(OgcCrs.Ref::uri).toList())));
    }
}
