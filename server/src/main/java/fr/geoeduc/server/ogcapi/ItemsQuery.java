package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.query.exec.QueryEngine;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The query parameters of {@code /items} turned into one engine request: {@code limit} (default 10, above 10 000
 * clamped), {@code offset}, {@code bbox}/{@code bbox-crs}, {@code datetime}, property equalities, {@code filter}
 * (Part 3), {@code sortby} and {@code properties}; conditions go to the request as expression trees. Any other
 * parameter is refused.
 */
record ItemsQuery(QueryEngine.Request request, OgcCrs.Ref crs, int limit, int offset, List<String> properties) {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 10_000;
    static final Set<String> PARAMETERS = Set.of("f", "limit", "offset", "bbox", "bbox-crs", "datetime", "crs", "filter",
            "filter-lang", "filter-crs", "sortby", "properties", "apikey");

    static ItemsQuery parse(Context ctx, OgcCollection c, OgcCrs transforms) {
        OgcParameters.check(ctx, PARAMETERS, c.properties().stream().filter(ItemsQuery::simple).map(Field::name).toList());
        int limit = Math.min(OgcParameters.integer(ctx, "limit", DEFAULT_LIMIT, 1), MAX_LIMIT);
        int offset = OgcParameters.integer(ctx, "offset", 0, 0);
        OgcCrs.Ref crs = OgcParameters.crs(ctx, "crs", c);
        List<Expr> filters = new ArrayList<>();
        String bbox = ctx.queryParam("bbox");
        if (bbox != null) {
            filters.add(BboxParameter.parse(bbox, OgcParameters.crs(ctx, "bbox-crs", c), c.geometry(), transforms));
        } else if (ctx.queryParam("bbox-crs") != null) {
            OgcParameters.crs(ctx, "bbox-crs", c); // still checked
        }
        String datetime = ctx.queryParam("datetime");
        if (datetime != null) {
            if (c.time() == null) {
                throw OgcException.badParameter("datetime", "la collection " + c.id() + " n'a pas de champ de date ni de rentrée");
            }
            filters.add(DatetimeParameter.condition(DatetimeParameter.parse(datetime), c.time()));
        }
        for (Field f : c.properties()) {
            List<String> values = ctx.queryParams(f.name());
            if (!values.isEmpty() && simple(f)) {
                List<Expr> any = new ArrayList<>();
                for (String v : values) {
                    any.add(new Expr.Binary(Expr.Op.EQ, new Expr.FieldRef(f.name(), 0), literal(f, v), 0));
                }
                filters.add(or(any));
            }
        }
        filters.addAll(FilterParameter.parse(ctx, c, transforms));
        List<String> properties = properties(ctx, c);
        String select = "_id, " + featureSelect(c.geometry().name(), properties);
        QueryEngine.Request request = new QueryEngine.Request(select, List.of(), null, sortby(ctx, c), limit, offset,
                List.of(), List.of(), OgcCatalogue.CONTEXT, filters);
        return new ItemsQuery(request, crs, limit, offset, properties);
    }

    private static Expr or(List<Expr> parts) {
        Expr out = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            out = new Expr.Binary(Expr.Op.OR, out, parts.get(i), 0);
        }
        return out;
    }

    /**
     * The request of a download: every matching feature ({@code limit} -1) unless {@code limit} is given, then up to
     * that many without the page maximum; {@code offset}, conditions, sort and properties as for a page.
     */
    QueryEngine.Request download(Context ctx) {
        int all = ctx.queryParam("limit") == null ? -1 : OgcParameters.integer(ctx, "limit", -1, 1);
        QueryEngine.Request r = request;
        return new QueryEngine.Request(r.select(), r.where(), r.groupBy(), r.orderBy(), all, r.offset(), r.refine(), r.exclude(),
                r.context(), r.filters());
    }

    /** Properties a client may use as a query parameter or a simple queryable: not geo. */
    static boolean simple(Field f) {
        return !f.type().isGeo();
    }

    static Expr literal(Field f, String v) {
        return switch (f.type()) {
            case INT -> {
                try {
                    yield new Expr.Literal(Expr.LiteralKind.NUMBER, Long.parseLong(v.strip()), 0);
                } catch (NumberFormatException e) {
                    throw OgcException.badParameter(f.name(), "un entier est attendu, reçu « " + v + " »");
                }
            }
            case DOUBLE -> {
                try {
                    yield new Expr.Literal(Expr.LiteralKind.NUMBER, Double.parseDouble(v.strip()), 0);
                } catch (NumberFormatException e) {
                    throw OgcException.badParameter(f.name(), "un nombre est attendu, reçu « " + v + " »");
                }
            }
            case BOOLEAN -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    throw OgcException.badParameter(f.name(), "true ou false est attendu, reçu « " + v + " »");
                }
                yield new Expr.Literal(Expr.LiteralKind.BOOLEAN, Boolean.parseBoolean(v.toLowerCase()), 0);
            }
            case DATE, DATETIME -> {
                if (!v.strip().matches("\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?")) {
                    throw OgcException.badParameter(f.name(), "une date AAAA-MM-JJ (ou AAAA-MM-JJTHH:MM:SS) est attendue, reçu « " + v + " »");
                }
                yield new Expr.Literal(Expr.LiteralKind.STRING, v.strip(), 0);
            }
            default -> new Expr.Literal(Expr.LiteralKind.STRING, v, 0);
        };
    }

    /** {@code sortby=+nom,-ips} (a missing sign is ascending; a {@code +} decoded to a space too) as an order_by. */
    private static String sortby(Context ctx, OgcCollection c) {
        String sortby = ctx.queryParam("sortby");
        if (sortby == null || sortby.isBlank()) {
            return null;
        }
        List<String> order = new ArrayList<>();
        for (String item : sortby.split(",")) {
            String s = item.strip();
            boolean desc = s.startsWith("-");
            if (s.startsWith("-") || s.startsWith("+")) {
                s = s.substring(1).strip();
            }
            if (c.property(s).filter(ItemsQuery::simple).isEmpty()) {
                throw OgcException.badParameter("sortby", "« " + s + " » n'est pas une propriété triable de " + c.id());
            }
            order.add("`" + s + "` " + (desc ? "DESC" : "ASC"));
        }
        return String.join(", ", order);
    }

    /** {@code properties=a,b}: the properties written (null for all); each must exist. */
    static List<String> properties(Context ctx, OgcCollection c) {
        String text = ctx.queryParam("properties");
        if (text == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String p : text.split(",")) {
            String name = p.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (c.property(name).isEmpty()) {
                throw OgcException.badParameter("properties", "« " + name + " » n'est pas une propriété de " + c.id());
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    /**
     * The select of a feature's geometry and properties (every field when {@code properties} is null). "*" leaves out
     * the fields GéoÉduc adds, among them a position built from lat/lon columns: the geometry is always named.
     */
    static String featureSelect(String geometry, List<String> properties) {
        String geo = "`" + geometry + "`";
        return properties == null ? "*, " + geo : geo + properties.stream().map(p -> ", `" + p + "`").reduce("", String::concat);
    }
}
