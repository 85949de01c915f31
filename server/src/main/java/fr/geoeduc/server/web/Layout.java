package fr.geoeduc.server.web;

import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts a page's template in the DSFR layout (header, navigation, breadcrumbs, banner, footer): every page of the
 * French interface goes through here, so that all carry the same frame and the synthetic-data banner.
 */
public final class Layout {

    /** The section of the main navigation a page belongs to (marked {@code aria-current}). */
    /** The menu entry a page belongs to; {@code COMPTE} (sign-in, account) has none, so no entry is marked current. */
    public enum Section { ACCUEIL, CATALOGUE, CARTE, CARTE_SCOLAIRE, JOINTURES, CONVENTIONS, OGC, ADMINISTRATION, COMPTE }

    private final String banner;

    public Layout(String banner) {
        this.banner = banner;
    }

    /** The page as HTML: {@code crumbs} after "Accueil"; the page's own values in {@code model}. */
    public String html(String template, String title, Section section, List<Crumb> crumbs, Map<String, Object> model) {
        Map<String, Object> all = new HashMap<>(model);
        all.put("title", title);
        all.put("banner", banner);
        all.put("section", section.name());
        List<Crumb> trail = new ArrayList<>();
        trail.add(crumbs.isEmpty() ? Crumb.here("Accueil") : new Crumb("Accueil", "/"));
        trail.addAll(crumbs);
        all.put("crumbs", trail);
        return Templates.render(template, all);
    }

    /** The page, with the person signed in (name in the header, the session's anti-CSRF token for the forms). */
    public void render(Context ctx, int status, String template, String title, Section section, List<Crumb> crumbs,
                       Map<String, Object> model) {
        Map<String, Object> all = new HashMap<>(model);
        WebSessions.active(ctx).ifPresent(a -> {
            all.put("person", a.user().name());
            all.put("personOrganisation", a.user().organisation());
            all.put("csrf", a.csrf());
            all.put("administrator", a.user().administers()); // the menu's « Administration »
        });
        ctx.status(status).html(html(template, title, section, crumbs, all));
    }

    public void notFound(Context ctx, String title, String message) {
        render(ctx, 404, "introuvable", title, Section.CATALOGUE, List.of(Crumb.here(title)), Map.of("message", message));
    }
}
