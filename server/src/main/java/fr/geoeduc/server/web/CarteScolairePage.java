package fr.geoeduc.server.web;

import fr.geoeduc.core.referentiel.CommunesParMillesime;
import fr.geoeduc.core.sectorisation.CarteScolaireService;
import fr.geoeduc.core.sectorisation.SecteurDocument;
import fr.geoeduc.core.sectorisation.SecteurReponse;
import fr.geoeduc.server.cartescolaire.CarteScolaireApi;
import fr.geoeduc.server.explore.ExploreApi;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /carte-scolaire}: an address box and, server-side, the answer (collèges, rule, confidence, carte version); the
 * communes' millésime chosen ({@code ?millesime_communes=2018}, default the current communes) reads the address and
 * draws the sectors. An unknown millésime: 400 naming those loaded.
 */
public final class CarteScolairePage {

    private static final int MAX_ADDRESS = 300;
    private final CarteScolaireService service;
    private final Layout layout;
    private final CommunesParMillesime communes;

    /** @param communes the millésimes of communes loaded, offered in the form ({@code millesime_communes}) */
    public CarteScolairePage(CarteScolaireService service, Layout layout, CommunesParMillesime communes) {
        this.service = service;
        this.layout = layout;
        this.communes = communes;
    }

    public void register(Javalin app) {
        app.get("/carte-scolaire", this::page);
    }

    private void page(Context ctx) {
        String adresse = ctx.queryParam("adresse");
        String millesime = Optional.ofNullable(ctx.queryParam(CarteScolaireApi.MILLESIME)).map(String::strip).filter(m -> !m.isEmpty()).orElse(null);
        Map<String, Object> model = new HashMap<>();
        model.put("adresse", adresse == null ? "" : adresse);
        model.put("avertissement", SecteurDocument.AVERTISSEMENT_DSDEN);
        model.put("millesimes", communes.charges());
        model.put("millesime", millesime == null ? "" : millesime);
        int status = 200;
        try {
            communes.verifier(millesime);
        } catch (CommunesParMillesime.MillesimeInconnu e) {
            model.put("millesimeInconnu", e.getMessage());
            layout.render(ctx, 400, "carte-scolaire", "Carte scolaire", Layout.Section.CARTE_SCOLAIRE, List.of(Crumb.here("Carte scolaire")), model);
            return;
        }
        if (adresse != null && !adresse.isBlank()) {
            try {
                SecteurReponse r = service.secteur(ExploreApi.caller(ctx), adresse.length() > MAX_ADDRESS ? adresse.substring(0, MAX_ADDRESS) : adresse,
                        millesime);
                model.put("reponse", r);
                model.put("titre", switch (r.statut()) {
                    case TROUVE -> r.multiCollege() ? "Secteur multi-collèges" : "Collège de secteur";
                    case AMBIGU -> "Adresse ambiguë";
                    case AUCUN -> "Aucun secteur trouvé";
                });
                if (r.regle() != null) {
                    model.put("regle", r.regle().libelle);
                }
                model.put("confiance", confiance(r.confiance()));
            } catch (CarteScolaireService.CarteAbsente e) {
                status = 404;
                model.put("absente", e.getMessage());
            }
        }
        layout.render(ctx, status, "carte-scolaire", "Carte scolaire", Layout.Section.CARTE_SCOLAIRE, List.of(Crumb.here("Carte scolaire")), model);
    }

    /** How the answer was reached, in the page's words (the API keeps the codes: EXACT, NEAR…). */
    static String confiance(fr.geoeduc.core.sectorisation.Confiance c) {
        return switch (c) {
            case COMMUNE -> "commune entière";
            case EXACT -> "voie et numéro trouvés dans la carte";
            case NEAR -> "voie rapprochée (nom proche)";
            case INFERRED -> "déduite : la voie n'est pas dans la carte, mais toutes les voies de la commune vont au même collège";
            case CONFLICT -> "lignes de la carte en désaccord : tous leurs collèges sont donnés";
            case UNKNOWN -> "aucune";
        };
    }
}
