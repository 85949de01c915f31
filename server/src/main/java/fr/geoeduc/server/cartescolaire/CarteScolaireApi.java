package fr.geoeduc.server.cartescolaire;

import fr.geoeduc.core.adresse.BanAdresse;
import fr.geoeduc.core.adresse.BanSuggestions;
import fr.geoeduc.core.referentiel.CommunesParMillesime;
import fr.geoeduc.core.sectorisation.AdresseSaisie;
import fr.geoeduc.core.sectorisation.CarteScolaireService;
import fr.geoeduc.core.sectorisation.SecteurDocument;
import fr.geoeduc.core.sectorisation.SecteurReponse;
import fr.geoeduc.core.sectorisation.SecteursGeoJson;
import fr.geoeduc.core.sectorisation.SecteursService;
import fr.geoeduc.core.sectorisation.Brouillon;
import fr.geoeduc.core.sectorisation.Simulation;
import fr.geoeduc.server.explore.ExploreApi;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/carte-scolaire/secteur}: the collège(s) de secteur of an address, as free text
 * ({@code ?adresse=12 bis rue de Fougères 35700 Rennes}) or structured ({@code ?commune=35238&voie=…&numero=12&rep=bis},
 * optionally {@code code_postal}, {@code ancienne_commune}). The caller is resolved as the Explore API does, under
 * the same quotas (its {@code /api/*} filter); the carte is read through the query service with that caller.
 */
public final class CarteScolaireApi {

    public static final String PATH = "/api/carte-scolaire/secteur";
    public static final String SECTEURS = "/api/carte-scolaire/secteurs";
    public static final String COUVERTURE = "/api/carte-scolaire/couverture";
    private final CarteScolaireService service;
    public static final String SIMULATION = "/api/carte-scolaire/simulation";
    public static final String SUGGESTIONS = "/api/carte-scolaire/suggestions";
    /** The query parameter naming the communes' millésime (absent: the current communes), on every route but suggestions. */
    public static final String MILLESIME = "millesime_communes";
    private final SecteursService secteurs;
    private final Simulation simulation;
    private final BanSuggestions suggestions;
    /** The Retry-After of a 503 while a suggestions index is being built (a département's takes seconds to a minute). */
    static final int RETRY_AFTER_SECONDES = 5;

    public CarteScolaireApi(CarteScolaireService service, SecteursService secteurs, Simulation simulation, BanSuggestions suggestions) {
        this.service = service;
        this.secteurs = secteurs;
        this.simulation = simulation;
        this.suggestions = suggestions;
    }

    public void register(Javalin app) {
        app.get(PATH, ctx -> millesimeConnu(ctx, this::secteur));
        app.get(SECTEURS, ctx -> millesimeConnu(ctx, c -> polygones(c, false)));
        app.get(COUVERTURE, ctx -> millesimeConnu(ctx, c -> polygones(c, true)));
        app.get(SIMULATION, ctx -> millesimeConnu(ctx, this::simulation));
        app.get(SUGGESTIONS, this::suggestions);
    }

    /** Runs a route; a millésime of communes that is not loaded is a 400 naming those that are. */
    private static void millesimeConnu(Context ctx, io.javalin.http.Handler route) throws Exception {
        try {
            route.handle(ctx);
        } catch (CommunesParMillesime.MillesimeInconnu e) {
            ctx.status(400).json(error("InvalidParameter", "paramètre « " + MILLESIME + " » : " + e.getMessage()));
        }
    }

    /** The communes' millésime asked for, null for the current communes. */
    private static String millesime(Context ctx) {
        String m = ctx.queryParam(MILLESIME);
        return blank(m) ? null : m.strip();
    }

    /**
     * {@code ?q=TEXT[&limit=10]}: up to {@code limit} (1 to 20) BAN addresses whose words start with the typed words,
     * for the address box. No BAN loaded: an empty list and {@code ban_chargee: false}. An index still being built
     * after the bounded wait of {@link BanSuggestions}: 503 {@code IndexEnPreparation} with {@code Retry-After}.
     */
    private void suggestions(Context ctx) {
        String q = ctx.queryParam("q");
        if (q == null || q.strip().length() < 3 || q.length() > 200) {
            ctx.status(400).json(error("InvalidParameter", "paramètre « q » : tapez au moins 3 caractères de l'adresse (200 au plus)"));
            return;
        }
        int limite = 10;
        String l = ctx.queryParam("limit");
        if (!blank(l)) {
            try {
                limite = Integer.parseInt(l.strip());
            } catch (NumberFormatException e) {
                limite = -1;
            }
            if (limite < 1 || limite > 20) {
                ctx.status(400).json(error("InvalidParameter", "limit doit être un entier de 1 à 20 (reçu : « " + l + " »)"));
                return;
            }
        }
        BanSuggestions.Resultat r = suggestions.suggerer(ExploreApi.caller(ctx), q, limite);
        if (!r.enPreparation().isEmpty()) {
            ctx.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDES));
            Map<String, Object> doc = error("IndexEnPreparation", "les suggestions d'adresses sont en préparation (index de "
                    + String.join(", ", r.enPreparation()) + " en construction) : réessayez dans quelques secondes");
            doc.put("en_preparation", r.enPreparation());
            ctx.status(503).json(doc);
            return;
        }
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (BanAdresse a : r.adresses()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", a.libelle());
            m.put("numero", a.toponyme() ? null : a.numero());
            m.put("rep", a.rep());
            m.put("numero_complet", a.toponyme() ? "" : (a.numero() + (blank(a.rep()) ? "" : " " + a.rep())));
            m.put("voie", a.nomVoie());
            m.put("code_postal", a.codePostal());
            m.put("code_commune", a.codeInsee());
            m.put("commune", a.nomCommune());
            m.put("lon", a.lon());
            m.put("lat", a.lat());
            m.put("id", a.id());
            out.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("ban_chargee", r.banChargee());
        doc.put("datasets", r.datasets());
        doc.put("suggestions", out);
        ctx.json(doc);
    }

    /**
     * {@code ?eleves=DATASET|ecoles[&rentree=2022]&deplacer=35001:0350707D&voie=35238:Rue d'Antrain:1-131:I=0350913C&zone=GEOJSON=0350708E
     * &capacite=0350707D:600}: communes, streets (or numbered ranges) and drawn areas moved to the collège(s) after the
     * colon or equals sign ({@link Brouillon}); intake, IPS, occupancy and distances per collège before and after, and
     * the source of the pupils ({@code eleves=ecoles}: the CM2 pupils of the écoles, open data). A bad draft: 400 saying
     * which edit.
     */
    private void simulation(Context ctx) {
        String eleves = ctx.queryParam("eleves");
        List<String> deplacer = ctx.queryParams("deplacer");
        List<String> voies = ctx.queryParams("voie");
        List<String> zones = ctx.queryParams("zone");
        if (blank(eleves) || deplacer.isEmpty() && voies.isEmpty() && zones.isEmpty()) {
            ctx.status(400).json(error("MissingParameter", "paramètres attendus : « eleves » (jeu d'élèves, ou « ecoles » pour les "
                    + "élèves de CM2 des écoles) et au moins un "
                    + "« deplacer=COMMUNE:UAI[+UAI] », « voie=COMMUNE:VOIE[:DEBUT-FIN[:P|I|PI]]=UAI » ou « zone=GEOJSON=UAI » "
                    + "(ex. deplacer=35001:0350707D)"));
            return;
        }
        Brouillon brouillon;
        java.util.Map<String, Integer> capacites;
        try {
            brouillon = Brouillon.lire(deplacer, voies, zones);
            capacites = Brouillon.capacites(ctx.queryParams("capacite"));
        } catch (Simulation.BrouillonInvalide e) {
            ctx.status(400).json(error("InvalidParameter", e.getMessage()));
            return;
        }
        try {
            ctx.json(simulation.simuler(ExploreApi.caller(ctx), eleves.strip(), ctx.queryParam("rentree"), brouillon, capacites, millesime(ctx)));
        } catch (Simulation.BrouillonInvalide e) {
            ctx.status(400).json(error("BrouillonInvalide", e.getMessage()));
        } catch (CarteScolaireService.CarteAbsente e) {
            ctx.status(404).json(error("CarteAbsente", e.getMessage()));
        }
    }

    /**
     * The sector polygons (GeoJSON, {@code application/geo+json}) or the coverage report, built from the carte and the
     * loaded BAN through the query service with the caller. No BAN loaded: an empty collection that says so.
     */
    private void polygones(Context ctx, boolean couverture) {
        var s = secteurs.secteurs(ExploreApi.caller(ctx), millesime(ctx));
        if (s.isEmpty()) {
            ctx.status(404).json(error("CarteAbsente", new CarteScolaireService.CarteAbsente(fr.geoeduc.core.sectorisation.CarteSource.DATASET).getMessage()));
            return;
        }
        String sansBan = s.get().departements().isEmpty() ? "aucune adresse BAN chargée pour les départements de la carte "
                + "(geoeduc referentiel load ban adresses-35.csv.gz)" : null;
        if (couverture) {
            Map<String, Object> doc = new LinkedHashMap<>(SecteursGeoJson.couverture(s.get().resultat(), s.get().departements()));
            if (sansBan != null) {
                doc.put("avertissement", sansBan);
            }
            ctx.json(doc);
            return;
        }
        var fc = SecteursGeoJson.featureCollection(s.get().resultat());
        if (sansBan != null) {
            fc.put("avertissement", sansBan);
        }
        ctx.contentType("application/geo+json").result(fr.geoeduc.core.store.Json.write(fc));
    }

    private void secteur(Context ctx) {
        String adresse = ctx.queryParam("adresse");
        String commune = ctx.queryParam("commune");
        String codePostal = ctx.queryParam("code_postal");
        if (blank(adresse) && blank(commune) && blank(codePostal)) {
            ctx.status(400).json(error("MissingParameter", "paramètre manquant : « adresse » (texte libre, ex. adresse=12 bis rue de Fougères 35700 Rennes) "
                    + "ou « commune » (code INSEE ou nom) avec « voie », « numero », « rep », « code_postal », « ancienne_commune »"));
            return;
        }
        if (!blank(adresse) && !blank(commune)) {
            ctx.status(400).json(error("ConflictingParameters", "donnez soit « adresse » (texte libre), soit la forme structurée (« commune », « voie »…), pas les deux"));
            return;
        }
        SecteurReponse r;
        try {
            if (!blank(adresse)) {
                if (adresse.length() > 300) {
                    ctx.status(400).json(error("InvalidParameter", "adresse trop longue (300 caractères au plus)"));
                    return;
                }
                r = service.secteur(ExploreApi.caller(ctx), adresse, millesime(ctx));
            } else {
                Integer numero = null;
                String n = ctx.queryParam("numero");
                if (!blank(n)) {
                    try {
                        numero = Integer.parseInt(n.strip());
                    } catch (NumberFormatException e) {
                        numero = -1;
                    }
                    if (numero < 1 || numero > 99999) {
                        ctx.status(400).json(error("InvalidParameter", "numero doit être un entier de 1 à 99999 (reçu : « " + n + " »)"));
                        return;
                    }
                }
                r = service.secteur(ExploreApi.caller(ctx), new AdresseSaisie(commune, codePostal, ctx.queryParam("ancienne_commune"),
                        ctx.queryParam("voie"), numero, ctx.queryParam("rep"), null), millesime(ctx));
            }
        } catch (CarteScolaireService.CarteAbsente e) {
            ctx.status(404).json(error("CarteAbsente", e.getMessage()));
            return;
        }
        ctx.json(SecteurDocument.of(r));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Map<String, Object> error(String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error_code", code);
        m.put("message", message);
        return m;
    }
}
