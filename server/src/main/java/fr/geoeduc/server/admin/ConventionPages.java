package fr.geoeduc.server.admin;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.RegistryViews;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.access.UserSessions;
import fr.geoeduc.server.web.Crumb;
import fr.geoeduc.server.web.Layout;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Public transparency pages (French): the conventions in force and ended, the cartographie des échanges, each
 * convention printable, and the families' notice, with what the public notice requires (parties, purposes, categories
 * of data, duration) and never data. A draft, submitted, validated or suspended convention is answered 404, as if it
 * did not exist, except to a person of one of its parties (or the platform admin) who sends their session token.
 */
public final class ConventionPages {

    /** One convention in the list: number, title, parties, purposes, categories of data, status and period. */
    public record Row(String id, String number, String title, String parties, String purposes, String categories, String status,
                      String period) {
    }

    private final AccessRegistry registry;
    private final UserSessions sessions;
    private final String adminKey;
    private final Layout layout;

    public ConventionPages(AccessRegistry registry, UserSessions sessions, String adminKey, Layout layout) {
        this.registry = registry;
        this.sessions = sessions;
        this.adminKey = adminKey;
        this.layout = layout;
    }

    public void register(Javalin app) {
        app.get("/conventions", ctx -> {
            LocalDate today = LocalDate.now();
            List<Convention> shown = registry.conventions().stream().filter(Convention::shownPublicly).toList();
            List<Row> rows = shown.stream().map(c -> new Row(c.id(), c.number() + " v" + c.version(), c.title(),
                    String.join(", ", c.parties().stream().map(p -> p.organisation() + " (" + role(p.role()) + ")").toList()),
                    c.purposes().stream().map(Convention.Purpose::label).collect(Collectors.joining(" ; ")),
                    c.scopes().stream().map(ConventionPages::category).collect(Collectors.joining(" ; ")),
                    c.activeOn(today) ? "en vigueur" : status(c.status()), c.lifeCycle().startsOn() + " → " + c.lifeCycle().lastDay())).toList();
            String svg = RegistryViews.cartographieSvg(RegistryViews.cartographie(shown, registry.organisations()));
            layout.render(ctx, 200, "conventions", "Conventions", Layout.Section.CONVENTIONS, List.of(Crumb.here("Conventions")),
                    Map.of("conventions", rows, "cartographie", svg));
        });
        app.get("/conventions/{id}", ctx -> {
            Optional<Convention> c = visible(ctx);
            if (c.isEmpty()) {
                layout.notFound(ctx, "Convention inconnue", "Aucune convention publiée sous l'identifiant « " + ctx.pathParam("id") + " ».");
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

    /** A person of a party (or the platform admin), signed in on the pages or sending a session token of the admin API. */
    private boolean partyAsks(Context ctx, Convention c) {
        java.util.Optional<fr.geoeduc.core.access.User> person = fr.geoeduc.server.web.WebSessions.active(ctx)
                .map(fr.geoeduc.core.access.PersonSessions.Active::user);
        if (person.filter(u -> partyOrAdmin(u, c)).isPresent()) {
            return true;
        }
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        if (AdministratorKey.matches(adminKey, h)) {
            return true;
        }
        return sessions.verify(h.substring(7).strip()).filter(u -> partyOrAdmin(u, c)).isPresent();
    }

    private static boolean partyOrAdmin(fr.geoeduc.core.access.User u, Convention c) {
        return u.has(Role.PLATFORM_ADMIN) || c.parties().stream().anyMatch(p -> p.organisation().equals(u.organisation()));
    }

    /** A party's role as the public register says it. */
    static String role(Convention.Role role) {
        return switch (role) {
            case PROVIDER -> "fournisseur";
            case RECIPIENT -> "destinataire";
            case BOTH -> "fournisseur et destinataire";
        };
    }

    /** A convention's status as the public register says it (one not in force on the day). */
    static String status(Convention.Status status) {
        return switch (status) {
            case DRAFT -> "projet";
            case SUBMITTED -> "soumise";
            case VALIDATED -> "validée, pas encore en vigueur";
            case ACTIVE -> "active, hors de sa période";
            case SUSPENDED -> "suspendue";
            case EXPIRED -> "expirée";
            case TERMINATED -> "résiliée";
            case REVOKED -> "révoquée";
        };
    }
}
