package fr.geoeduc.server.explore;

import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import io.javalin.http.Context;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads and validates the Explore API parameters of a request, with the API's own 400 messages. */
final class RequestParams {

    static final int MAX_LIMIT = 100;
    static final int MAX_WINDOW = 10_000;
    static final int MAX_GROUP_WINDOW = 20_000;
    private static final Set<String> LANGS = Set.of("en", "fr", "nl", "pt", "it", "ar", "de", "es", "ca", "eu", "sv");

    private RequestParams() {
    }

    static QueryContext context(Context ctx) {
        String lang = ctx.queryParam("lang");
        if (lang != null && !LANGS.contains(lang.toLowerCase(Locale.ROOT))) {
            throw ApiError.badParameter("Invalid value for lang API parameter: '" + lang + "' was found but one of " + LANGS + " is expected.");
        }
        String tz = ctx.queryParam("timezone");
        ZoneId zone;
        try {
            zone = tz == null || tz.isBlank() ? ZoneId.of("UTC") : ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw ApiError.badParameter("Invalid value for timezone API parameter: '" + tz + "' is not a known timezone (e.g. Europe/Paris).");
        }
        return new QueryContext("where", Locale.forLanguageTag(lang == null ? "fr" : lang.toLowerCase(Locale.ROOT)), zone);
    }

    static int integer(Context ctx, String name, int defaultValue) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw ApiError.badParameter("Invalid value for " + name + " API parameter: '" + v + "' is not an integer.");
        }
    }

    /** A records request: limit -1..100 (20000 with group_by), offset + limit within the paging window. */
    static QueryEngine.Request records(Context ctx) {
        String groupBy = ctx.queryParam("group_by");
        boolean grouped = groupBy != null && !groupBy.isBlank();
        int max = grouped ? MAX_GROUP_WINDOW : MAX_LIMIT;
        int limit = integer(ctx, "limit", 10);
        if (limit < -1 || limit > max) {
            throw ApiError.badParameter("Invalid value for limit API parameter: " + limit + " was found but -1 <= limit <= " + max + " is expected.");
        }
        if (limit == -1) {
            limit = max;
        }
        int offset = integer(ctx, "offset", 0);
        if (offset < 0) {
            throw ApiError.badParameter("Invalid value for offset API parameter: " + offset + " was found but offset >= 0 is expected.");
        }
        int window = grouped ? MAX_GROUP_WINDOW : MAX_WINDOW;
        if ((long) offset + limit > window) {
            throw ApiError.badParameter("Invalid value for sum of offset + limit API parameter: " + ((long) offset + limit)
                    + " was found but <= " + window + " is expected.");
        }
        return request(ctx, limit, offset);
    }

    /** An export request: limit -1 (all rows, the default) or any positive number. */
    static QueryEngine.Request export(Context ctx) {
        int limit = integer(ctx, "limit", -1);
        if (limit < -1) {
            throw ApiError.badParameter("Invalid value for limit API parameter: " + limit + " was found but limit >= -1 is expected.");
        }
        int offset = integer(ctx, "offset", 0);
        if (offset < 0) {
            throw ApiError.badParameter("Invalid value for offset API parameter: " + offset + " was found but offset >= 0 is expected.");
        }
        // no cap on a whole export, but a non-zero offset pages it, within the records' window
        long end = limit < 0 ? offset : (long) offset + limit;
        if (offset > 0 && end > MAX_WINDOW) {
            throw ApiError.badParameter("Invalid value for sum of offset + limit API parameter: " + end
                    + " was found but <= " + MAX_WINDOW + " is expected.");
        }
        return request(ctx, limit, offset);
    }

    static QueryEngine.Request request(Context ctx, int limit, int offset) {
        return new QueryEngine.Request(ctx.queryParam("select"), ctx.queryParams("where"), ctx.queryParam("group_by"),
                ctx.queryParam("order_by"), limit, offset, ctx.queryParams("refine"), ctx.queryParams("exclude"), context(ctx));
    }

    static boolean flag(Context ctx, String name, boolean defaultValue) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiError.badParameter("Invalid value for " + name + " API parameter: '" + v + "' (expected true or false).");
        };
    }

    static List<String> list(Context ctx, String name) {
        return ctx.queryParams(name);
    }
}
