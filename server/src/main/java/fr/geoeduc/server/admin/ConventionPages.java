package fr.geoeduc.server.admin;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.RegistryViews;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.access.UserSessions;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Public transparency pages (French): the conventions in force and ended, the cartographie des échanges, each
 * convention printable, and the families' notice, with what the public notice requires (parties, purposes, categories
 * of data, duration) and never data. A draft, submitted, validated or suspended convention is answered 404, as if it
 * did not exist, except to a person of one of its parties (or the platform admin) who sends their session token.
 */
public final class ConventionPages {

    private final AccessRegistry registry;
    private final UserSessions sessions;
    private final String adminKey;

    public ConventionPages(AccessRegistry registry, UserSessions sessions, String adminKey) {
        this.registry = registry;
        this.sessions = sessions;
        this.adminKey = adminKey;
    }

    public void register(Javalin app) {
        app.get("/conventions", ctx -> {
            List<Convention> shown = registry.conventions().stream().filter(Convention::shownPublicly).toList();
            StringBuilder b = new StringBuilder("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Conventions — GéoÉduc</title>"
                    + "<link rel=\"stylesheet\" href=\"/static/geoeduc.css\"></head><body><header><a class=\"brand\" href=\"/\">GéoÉduc</a>"
                    + "<nav><a href=\"/\">Catalogue</a> <a href=\"/conventions\">Conventions</a></nav></header><main>"
                    + "<h1>Conventions d'échange de données</h1><p>Conventions en vigueur et terminées.</p><table><thead><tr><th>Numéro</th>"
                    + "<th>Intitulé</th><th>Parties</th><th>Finalités</th><th>Catégories de données</th><th>Statut</th><th>Durée</th>"
                    + "<th>Documents</th></tr></thead><tbody>");
            LocalDate today = LocalDate.now();
            for (Convention c : shown) {
                b.append("<tr><td>").append(esc(c.number())).append(" v").append(c.version()).append("</td><td>").append(esc(c.title()))
                        .append("</td><td>").append(esc(String.join(", ", c.parties().stream().map(p -> p.organisation() + " (" + p.role() + ")").toList())))
                        .append("</td><td>").append(esc(c.purposes().stream().map(Convention.Purpose::label).collect(Collectors.joining(" ; "))))
                        .append("</td><td>").append(esc(c.scopes().stream().map(ConventionPages::category).collect(Collectors.joining(" ; "))))
                        .append("</td><td>").append(c.activeOn(today) ? "en vigueur" : esc(c.status().name())).append("</td><td>")
                        .append(c.lifeCycle().startsOn()).append(" → ").append(c.lifeCycle().lastDay()).append("</td><td><a href=\"/conventions/")
                        .append(esc(c.id())).append("\">convention</a> · <a href=\"/conventions/").append(esc(c.id()))
                        .append("/notice\">information des familles</a></td></tr>");
            }
            b.append("</tbody></table><h2>Cartographie des échanges</h2>")
                    .append(RegistryViews.cartographieSvg(RegistryViews.cartographie(shown, registry.organisations())))
                    .append("</main></body></html>");
            ctx.html(b.toString());
        });
        app.get("/conventions/{id}", ctx -> {
            Optional<Convention> c = visible(ctx);
            if (c.isEmpty()) {
                ctx.status(404).html("<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><p>Convention inconnue.</p></html>");
                return;
            }
            ctx.html(RegistryViews.printable(c.get(), registry.organisations()));
        });
        app.get("/conventions/{id}/notice", ctx -> {
            Optional<Convention> c = visible(ctx);
            if (c.isEmpty()) {
                ctx.status(404).result("Convention inconnue.");
                return;
            }
            ctx.contentType("text/plain; charset=utf-8").result(RegistryViews.noticeFamilles(c.get(), registry.organisations()));
        });
    }

    /** "dataset (données individuelles pseudonymisées)": the category of data, not its fields nor its territory codes. */
    private static String category(Convention.DataScope s) {
        return s.dataset() + (s.granularity() == Convention.Granularity.AGGREGATED ? " (effectifs agrégés)" : " (données individuelles pseudonymisées)");
    }

    private Optional<Convention> visible(Context ctx) {
        return registry.convention(ctx.pathParam("id")).filter(c -> c.shownPublicly() || partyAsks(ctx, c));
    }

    private boolean partyAsks(Context ctx, Convention c) {
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        if (AdministratorKey.matches(adminKey, h)) {
            return true;
        }
        return sessions.verify(h.substring(7).strip()).filter(u -> u.has(Role.PLATFORM_ADMIN)
                || c.parties().stream().anyMatch(p -> p.organisation().equals(u.organisation()))).isPresent();
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
