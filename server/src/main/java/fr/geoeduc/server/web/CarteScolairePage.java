package fr.geoeduc.server.web;

import fr.geoeduc.core.referentiel.CommunesParMillesime;
import fr.geoeduc.core.sectorisation.CarteScolaireService;
import fr.geoeduc.core.sectorisation.SecteurDocument;
import fr.geoeduc.core.sectorisation.SecteurReponse;
import fr.geoeduc.server.cartescolaire.CarteScolaireApi;
import fr.geoeduc.server.explore.ExploreApi;
import io.javalin.Javalin;
import io.javalin.http.Context;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.adresse.BanAdresse;
import fr.geoeduc.core.adresse.BanSuggestions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /carte-scolaire}: an address box, with an example address taken from the BAN addresses loaded (one that the
 * carte scolaire's sectors cover, so that trying it finds a collège, offline as well) and, server-side, the answer (collèges, rule, confidence, carte version); the
 * communes' millésime chosen ({@code ?millesime_communes=2018}, default the current communes) reads the address and
 * draws the sectors. An unknown millésime: 400 naming those loaded.
 */
public final class CarteScolairePage {

    private static final int MAX_ADDRESS = 300;
    private final CarteScolaireService service;
    private final Layout layout;
    private final CommunesParMillesime communes;
    private final BanSuggestions adresses;
    /** The example found for a state of the BAN indexes and of the carte, per caller (their views may differ). */
    private final Map<String, Optional<String>> exemples = new ConcurrentHashMap<>();
    /** Candidates tried for an example: the first one the sectors cover is offered. */
    static final int EXAMPLE_CANDIDATES = 40;

    /**
     * @param communes the millésimes of communes loaded, offered in the form ({@code millesime_communes})
     * @param adresses the BAN addresses indexed for the suggestions, where the example address comes from (null: none)
     */
    public CarteScolairePage(CarteScolaireService service, Layout layout, CommunesParMillesime communes, BanSuggestions adresses) {
        this.service = service;
        this.layout = layout;
        this.communes = communes;
        this.adresses = adresses;
    }

    public void register(Javalin app) {
        app.get("/carte-scolaire", this::page);
    }

    private void page(Context ctx) {
        String adresse = ctx.queryParam("adresse");
        String millesime = Optional.ofNullable(ctx.queryParam(CarteScolaireApi.MILLESIME)).map(String::strip).filter(m -> !m.isEmpty()).orElse(null);
        Map<String, Object> model = new HashMap<>();
        model.put("adresse", adresse == null ? "" : adresse);
        exemple(ExploreApi.caller(ctx)).ifPresent(e -> model.put("exemple", e));
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

    /**
     * An address of the BAN indexes already built (none while they are built) that the carte scolaire's sectors cover:
     * the first of {@value #EXAMPLE_CANDIDATES} addresses spread over the BAN for which a collège is found.
     */
    Optional<String> exemple(Caller caller) {
        if (adresses == null) {
            return Optional.empty();
        }
        Optional<fr.geoeduc.core.sectorisation.Carte.Version> carte;
        try {
            carte = service.version(caller);
        } catch (CarteScolaireService.CarteAbsente e) {
            return Optional.empty();
        }
        if (carte.isEmpty()) {
            return Optional.empty();
        }
        List<String> ready = adresses.etat().pretes();
        if (ready.isEmpty()) {
            return Optional.empty(); // not cached: the indexes are being built
        }
        String who = caller.clientId() != null ? "client:" + caller.clientId() : caller.apiKey() != null ? "cle:" + caller.apiKey()
                : caller.userId() != null ? "personne:" + caller.userId() : "";
        String key = who + "|" + ready + "|" + carte.get().dataset() + "@" + carte.get().version();
        Optional<String> known = exemples.get(key);
        if (known != null) {
            return known;
        }
        Optional<String> found = Optional.empty();
        for (BanAdresse a : adresses.adressesPretes(caller, EXAMPLE_CANDIDATES)) {
            try {
                if (service.secteur(caller, a.libelle(), null).statut() == SecteurReponse.Statut.TROUVE) {
                    found = Optional.of(a.libelle());
                    break;
                }
            } catch (CarteScolaireService.CarteAbsente e) {
                return Optional.empty();
            }
        }
        if (exemples.size() > 1000) {
            exemples.clear();
        }
        exemples.put(key, found);
        return found;
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
