package fr.geoeduc.server.web;

import fr.geoeduc.core.sectorisation.CarteScolaireService;
import fr.geoeduc.core.sectorisation.SecteurDocument;
import fr.geoeduc.core.sectorisation.SecteurReponse;
import fr.geoeduc.server.explore.ExploreApi;
import io.javalin.Javalin;
import io.javalin.http.Context;

import static fr.geoeduc.server.web.Html.esc;

/** {@code /carte-scolaire}: an address box and, server-side, the answer (collèges, rule, confidence, carte version). */
public final class CarteScolairePage {

    private final CarteScolaireService service;
    private final String banner;

    public CarteScolairePage(CarteScolaireService service, String banner) {
        this.service = service;
        this.banner = banner;
    }

    public void register(Javalin app) {
        app.get("/carte-scolaire", this::page);
    }

    private void page(Context ctx) {
        String adresse = ctx.queryParam("adresse");
        StringBuilder body = new StringBuilder("""
                <h1>Carte scolaire : quel collège pour cette adresse ?</h1>
                <form method="get" action="/carte-scolaire">
                <label for="adresse">Adresse (numéro, voie, code postal, commune)</label>
                <input id="adresse" name="adresse" size="60" placeholder="12 bis rue de Fougères 35700 Rennes" value="%s">
                <button type="submit">Chercher</button>
                </form>
                """.formatted(esc(adresse)));
        if (adresse != null && !adresse.isBlank()) {
            try {
                body.append(answer(service.secteur(ExploreApi.caller(ctx), adresse.length() > 300 ? adresse.substring(0, 300) : adresse)));
            } catch (CarteScolaireService.CarteAbsente e) {
                ctx.status(404);
                body.append("<p class=\"note\">Aucune carte scolaire n'est publiée : ").append(esc(e.getMessage())).append("</p>");
            }
        }
        body.append("<p class=\"note\">").append(esc(SecteurDocument.AVERTISSEMENT_DSDEN))
                .append(" API : <code>/api/carte-scolaire/secteur?adresse=…</code></p>");
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(Html.page("Carte scolaire", banner, "", body.toString()));
    }

    private static String answer(SecteurReponse r) {
        StringBuilder b = new StringBuilder("<section aria-live=\"polite\">");
        String titre = switch (r.statut()) {
            case TROUVE -> r.multiCollege() ? "Secteur multi-collèges" : "Collège de secteur";
            case AMBIGU -> "Adresse ambiguë";
            case AUCUN -> "Aucun secteur trouvé";
        };
        b.append("<h2>").append(esc(titre)).append("</h2><p>").append(esc(r.explication())).append("</p>");
        if (!r.colleges().isEmpty()) {
            b.append("<table><thead><tr><th>UAI</th><th>Collège</th><th>Commune</th><th>Position</th></tr></thead><tbody>");
            for (SecteurReponse.College c : r.colleges()) {
                b.append("<tr><td><a href=\"/api/explore/v2.1/catalog/datasets/fr-en-annuaire-education/records?where=")
                        .append(esc(java.net.URLEncoder.encode("identifiant_de_l_etablissement=\"" + c.uai() + "\"", java.nio.charset.StandardCharsets.UTF_8)))
                        .append("\">").append(esc(c.uai())).append("</a></td><td>").append(esc(c.nom())).append("</td><td>")
                        .append(esc(c.commune())).append("</td><td>")
                        .append(c.latitude() == null ? "" : esc(String.format(java.util.Locale.ROOT, "%.5f, %.5f", c.latitude(), c.longitude())))
                        .append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<dl class=\"meta\">");
        if (r.regle() != null) {
            b.append("<dt>Règle</dt><dd>").append(esc(r.regle().libelle)).append("</dd>");
        }
        b.append("<dt>Confiance</dt><dd>").append(esc(r.confiance().name())).append(" (score ")
                .append(esc(String.format(java.util.Locale.FRANCE, "%.2f", r.score()))).append(")</dd>");
        b.append("<dt>Carte</dt><dd>").append(esc(r.carte().dataset())).append(", version ").append(r.carte().version())
                .append(" (").append(r.carte().lignes()).append(" lignes)</dd></dl>");
        if (!r.candidats().isEmpty()) {
            b.append("<h3>Lectures possibles</h3><ul>");
            r.candidats().forEach(c -> b.append("<li>").append(esc(c.libelle())).append(" → ").append(esc(String.join(", ", c.uais())))
                    .append(c.similarite() == null ? "" : " (similarité " + esc(c.similarite()) + ")").append("</li>"));
            b.append("</ul>");
        }
        r.avertissements().forEach(w -> b.append("<p class=\"note\">").append(esc(w)).append("</p>"));
        return b.append("</section>").toString();
    }
}
