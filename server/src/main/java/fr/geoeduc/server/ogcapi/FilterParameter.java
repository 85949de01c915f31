package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.query.cql2.Cql2;
import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.query.odsql.OdsqlException;
import io.javalin.http.Context;
import org.locationtech.jts.geom.Geometry;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The {@code filter}, {@code filter-lang} ({@code cql2-text} by default, or {@code cql2-json}) and {@code filter-crs}
 * parameters of Part 3: the CQL2 expression parsed by {@link Cql2} into the one expression tree, its geometry literals
 * converted from {@code filter-crs} to WGS84, and every property it names checked against the collection's queryables
 * (which allow no other names).
 */
final class FilterParameter {

    /**
     * The languages accepted. {@code cql-text} is the pre-standard name of CQL2 text, the only one GDAL up to 3.6
     * (Debian 12's gdal-bin) looks for in the OpenAPI document before it sends an {@code ogr2ogr -where} as a filter
     * instead of evaluating it on the client after downloading every feature; what it writes is CQL2 text.
     */
    static final List<String> LANGUAGES = List.of("cql2-text", "cql2-json", "cql-text");

    private FilterParameter() {
    }

    static List<Expr> parse(Context ctx, OgcCollection c, OgcCrs transforms) {
        String text = ctx.queryParam("filter");
        String lang = ctx.queryParam("filter-lang");
        lang = lang == null ? null : lang.strip();
        if (lang != null && !LANGUAGES.contains(lang)) {
            throw OgcException.badParameter("filter-lang", "« " + lang + " » n'est pas proposé ; langages : " + String.join(", ", LANGUAGES));
        }
        OgcCrs.Ref crs = OgcParameters.crs(ctx, "filter-crs", c);
        if (text == null) {
            return List.of();
        }
        UnaryOperator<Geometry> toWgs84 = g -> transforms.toWgs84AlongEdges(crs, g);
        Expr filter;
        try {
            filter = "cql2-json".equals(lang) ? Cql2.parseJson(text, toWgs84) : Cql2.parseText(text, toWgs84);
        } catch (OdsqlException e) {
            throw OgcException.badParameter("filter", e.getMessage());
        }
        Set<String> names = new TreeSet<>(Cql2.properties(filter));
        names.removeAll(c.schema().fields().stream().map(Field::name).toList());
        if (!names.isEmpty()) {
            throw OgcException.badParameter("filter", "propriété(s) inconnue(s) : " + String.join(", ", names)
                    + " ; voir les propriétés filtrables de /collections/" + c.id() + "/queryables");
        }
        for (String name : Cql2.spatialProperties(filter)) {
            if (!c.schema().find(name).map(f -> f.type().isGeo()).orElse(true)) {
                throw OgcException.badParameter("filter", "« " + name + " » n'est pas une géométrie : les prédicats spatiaux "
                        + "(S_INTERSECTS, S_WITHIN…) s'appliquent à la géométrie de la collection, « " + c.geometry().name() + " »");
            }
        }
        ctx.attribute(FILTER_GIVEN, true);
        return List.of(filter);
    }

    /** Set on a request whose filter was parsed: an engine error on it then names {@code filter}. */
    static final String FILTER_GIVEN = "ogc.filter";
}
