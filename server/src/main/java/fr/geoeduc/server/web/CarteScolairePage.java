package fr.geoeduc.server.web;

import fr.geoeduc.core.sectorisation.CarteScolaireService;
import fr.geoeduc.core.sectorisation.SecteurDocument;
import fr.geoeduc.core.sectorisation.SecteurReponse;
import fr.geoeduc.server.explore.ExploreApi;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code /carte-scolaire}: an address box and, server-side, the answer (collèges, rule, confidence, carte version). */
public final class CarteScolairePage {

    private static final int MAX_ADDRESS = 300;
    private final CarteScolaireService service;
    private final Layout layout;

    public CarteScolairePage(CarteScolaireService service, Layout layout) {
        this.service = service;
        this.layout = layout;
    }

    public void register(Javalin app) {
        app.get("/carte-scolaire", this::page);
    }

    private void page(Context ctx) {
        String adresse = ctx.queryParam("adresse");
        Map<String, Object> model = new HashMap<>();
        model.put("adresse", adresse == null ? "" : adresse);
        model.put("avertissement", SecteurDocument.AVERTISSEMENT_DSDEN);
        int status = 200;
        if (adresse != null && !adresse.isBlank()) {
            try {
                SecteurReponse r = service.secteur(ExploreApi.caller(ctx), adresse.length() > MAX_ADDRESS ? adresse.substring(0, MAX_ADDRESS) : adresse);
                model.put("reponse", r);
                model.put("titre", switch (r.statut()) {
                    case TROUVE -> r.multiCollege() ? "Secteur multi-collèges" : "Collège de secteur";
                    case AMBIGU -> "Adresse ambiguë";
                    case AUCUN -> "Aucun secteur trouvé";
                });
                if (r.regle() != null) {
                    model.put("regle", r.regle().libelle);
                }
            } catch (CarteScolaireService.CarteAbsente e) {
                status = 404;
                model.put("absente", e.getMessage());
            }
        }
        layout.render(ctx, status, "carte-scolaire", "Carte scolaire", Layout.Section.CARTE_SCOLAIRE, List.of(Crumb.here("Carte scolaire")), model);
    }
}
