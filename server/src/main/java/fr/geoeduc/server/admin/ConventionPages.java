package fr.geoeduc.server.admin;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.RegistryViews;
import fr.geoeduc.server.web.Crumb;
import fr.geoeduc.server.web.Layout;
import io.javalin.Javalin;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Public transparency pages (French): the conventions in force, the cartographie des échanges, each
 * convention printable, and the families' notice. They show who receives what and why, never data.
 */
public final class ConventionPages {

    /** One convention in the list: its number, title, parties, status and period. */
    public record Row(String id, String number, String title, String parties, String status, String period) {
    }

    private final AccessRegistry registry;
    private final Layout layout;

    public ConventionPages(AccessRegistry registry, Layout layout) {
        this.registry = registry;
        this.layout = layout;
    }

    public void register(Javalin app) {
        app.get("/conventions", ctx -> {
            LocalDate today = LocalDate.now();
            List<Row> rows = registry.conventions().stream().map(c -> new Row(c.id(), c.number() + " v" + c.version(), c.title(),
                    String.join(", ", c.parties().stream().map(p -> p.organisation() + " (" + p.role() + ")").toList()),
                    c.activeOn(today) ? "en vigueur" : c.status().name(), c.lifeCycle().startsOn() + " → " + c.lifeCycle().lastDay())).toList();
            String svg = RegistryViews.cartographieSvg(RegistryViews.cartographie(registry.conventions(), registry.organisations()));
            layout.render(ctx, 200, "conventions", "Conventions", Layout.Section.CONVENTIONS, List.of(Crumb.here("Conventions")),
                    Map.of("conventions", rows, "cartographie", svg));
        });
        app.get("/conventions/{id}", ctx -> {
            Convention c = registry.convention(ctx.pathParam("id")).orElse(null);
            if (c == null) {
                layout.notFound(ctx, "Convention inconnue", "Aucune convention publiée sous l'identifiant « " + ctx.pathParam("id") + " ».");
                return;
            }
            ctx.html(RegistryViews.printable(c, registry.organisations()));
        });
        app.get("/conventions/{id}/notice", ctx -> {
            Convention c = registry.convention(ctx.pathParam("id")).orElse(null);
            if (c == null) {
                ctx.status(404).result("Convention inconnue.");
                return;
            }
            ctx.contentType("text/plain; charset=utf-8").result(RegistryViews.noticeFamilles(c, registry.organisations()));
        });
    }
}
