package fr.geoeduc.server.admin;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.RegistryViews;
import io.javalin.Javalin;

import java.time.LocalDate;
import java.util.List;

/**
 * Public transparency pages (French): the conventions in force, the cartographie des échanges, each
 * convention printable, and the families' notice. They show who receives what and why, never data.
 */
public final class ConventionPages {

    private final AccessRegistry registry;

    public ConventionPages(AccessRegistry registry) {
        this.registry = registry;
    }

    public void register(Javalin app) {
        app.get("/conventions", ctx -> {
            List<Convention> all = registry.conventions();
            StringBuilder b = new StringBuilder("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Conventions — GéoÉduc</title>"
                    + "<link rel=\"stylesheet\" href=\"/static/geoeduc.css\"></head><body><header><a class=\"brand\" href=\"/\">GéoÉduc</a>"
                    + "<nav><a href=\"/\">Catalogue</a> <a href=\"/conventions\">Conventions</a></nav></header><main>"
                    + "<h1>Conventions d'échange de données</h1><table><thead><tr><th>Numéro</th><th>Intitulé</th><th>Parties</th>"
                    + "<th>Statut</th><th>Période</th><th>Documents</th></tr></thead><tbody>");
            LocalDate today = LocalDate.now();
            for (Convention c : all) {
                b.append("<tr><td>").append(esc(c.number())).append(" v").append(c.version()).append("</td><td>").append(esc(c.title()))
                        .append("</td><td>").append(esc(String.join(", ", c.parties().stream().map(p -> p.organisation() + " (" + p.role() + ")").toList())))
                        .append("</td><td>").append(c.activeOn(today) ? "en vigueur" : esc(c.status().name())).append("</td><td>")
                        .append(c.lifeCycle().startsOn()).append(" → ").append(c.lifeCycle().lastDay()).append("</td><td><a href=\"/conventions/")
                        .append(esc(c.id())).append("\">convention</a> · <a href=\"/conventions/").append(esc(c.id()))
                        .append("/notice\">information des familles</a></td></tr>");
            }
            b.append("</tbody></table><h2>Cartographie des échanges</h2>")
                    .append(RegistryViews.cartographieSvg(RegistryViews.cartographie(all, registry.organisations())))
                    .append("</main></body></html>");
            ctx.html(b.toString());
        });
        app.get("/conventions/{id}", ctx -> {
            Convention c = registry.convention(ctx.pathParam("id")).orElse(null);
            if (c == null) {
                ctx.status(404).html("<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><p>Convention inconnue.</p></html>");
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

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
