package fr.geoeduc.server.explore;

import io.javalin.http.Context;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code _links} that {@code include_links=true} adds (HATEOAS, as data.education.gouv.fr did by default before
 * v2.1): {@code self}, {@code first}, {@code last} and {@code next} on a page, {@code self} and {@code dataset} on a
 * record, {@code self}, {@code records}, {@code exports} and {@code facets} on a dataset.
 */
final class HateoasLinks {

    private HateoasLinks() {
    }

    /**
     * The select clause with the record id added, so that record links can be built. A select made only of
     * {@code exclude(…)} means "every field but those": the id goes with {@code *}, or the rows would keep only the id.
     */
    static String selectWithId(String select) {
        if (select == null || select.isBlank()) {
            return "_id, *";
        }
        boolean onlyExcludes;
        try {
            onlyExcludes = fr.geoeduc.core.query.odsql.OdsqlParser.select(select).stream()
                    .allMatch(i -> i instanceof fr.geoeduc.core.query.odsql.Clauses.Pattern p && !p.include());
        } catch (RuntimeException invalid) {
            onlyExcludes = false; // the query itself reports the syntax error
        }
        return (onlyExcludes ? "_id, *, " : "_id, ") + select;
    }

    static boolean wanted(Context ctx) {
        return RequestParams.flag(ctx, "include_links", false);
    }

    static String base(Context ctx) {
        return ctx.scheme() + "://" + ctx.host() + "/api/explore/v2.1";
    }

    /** Links of a page of {@code limit} results from {@code offset} out of {@code total}. */
    static List<Map<String, String>> page(Context ctx, long total, int limit, int offset) {
        List<Map<String, String>> links = new ArrayList<>();
        links.add(link("self", url(ctx, offset)));
        links.add(link("first", url(ctx, 0)));
        if (limit > 0) {
            long last = total == 0 ? 0 : ((total - 1) / limit) * limit;
            links.add(link("last", url(ctx, last)));
            if ((long) offset + limit < total) {
                links.add(link("next", url(ctx, (long) offset + limit)));
            }
        }
        return links;
    }

    static List<Map<String, String>> record(Context ctx, String dataset, String recordId) {
        String ds = base(ctx) + "/catalog/datasets/" + dataset;
        return List.of(link("self", ds + "/records/" + recordId), link("dataset", ds));
    }

    static List<Map<String, String>> dataset(Context ctx, String dataset) {
        String ds = base(ctx) + "/catalog/datasets/" + dataset;
        return List.of(link("self", ds), link("records", ds + "/records"), link("exports", ds + "/exports"), link("facets", ds + "/facets"));
    }

    /** This request's URL with {@code offset} set. */
    private static String url(Context ctx, long offset) {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, List<String>> p : ctx.queryParamMap().entrySet()) {
            if (p.getKey().equals("offset")) {
                continue;
            }
            for (String v : p.getValue()) {
                q.append(q.isEmpty() ? "?" : "&").append(encode(p.getKey())).append('=').append(encode(v));
            }
        }
        q.append(q.isEmpty() ? "?" : "&").append("offset=").append(offset);
        return ctx.scheme() + "://" + ctx.host() + ctx.path() + q;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, String> link(String rel, String href) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("href", href);
        m.put("rel", rel);
        return m;
    }
}
