package fr.geoeduc.server.web;

import de.siegmar.fastcsv.writer.CsvWriter;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.CommunesParMillesime;
import fr.geoeduc.core.sectorisation.CarteScolaireService;
import fr.geoeduc.core.sectorisation.CollegeDirectory;
import fr.geoeduc.core.sectorisation.SecteurReponse;
import fr.geoeduc.core.sectorisation.Simulation;
import fr.geoeduc.core.store.SavedSimulations;
import fr.geoeduc.server.explore.ExploreApi;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Simulations of a re-sectorisation on the web ({@code /carte-scolaire/simulation}): the form (pupils' source, the
 * draft's edits, capacities) and the result per collège; saved under a title for the organisation of the person signed
 * in or of the API client ({@code POST /carte-scolaire/simulations}), listed ({@code GET /carte-scolaire/simulations}),
 * reopened ({@code /carte-scolaire/simulations/{id}}), exported ({@code ?format=csv}), deleted
 * ({@code POST …/{id}/suppression} or {@code DELETE}), and two compared side by side, or one with the current carte
 * ({@code /carte-scolaire/comparaison?a=ID&b=ID|actuelle}, {@code &format=csv}). Saved simulations are their
 * organisation's only: to anyone else one is answered like one that never existed. Every figure is computed again with
 * the caller, through the query service.
 */
public final class SimulationPages {

    /** A collège in a table, figures formatted in French. */
    public record Ligne(String uai, String nom, String effectifA, String effectifB, String ecart, String capacite, String occupationA,
                       String occupationB, String ipsA, String ipsB, String ecartTypeA, String ecartTypeB, String entrantsA, String sortantsA,
                       String entrantsB, String sortantsB, boolean secret, Double lat, Double lon, double ecartValeur) {
    }

    /** One line of the list of saved simulations. */
    public record Enregistree(String id, String titre, String resume, String date) {
    }

    /** One side of a comparison: its title and figures. */
    public record Cote(String titre, String source, long eleves, long changent, String eta2, String ecartIps, String distanceMediane,
                       long sansCollege) {
    }

    static final String PAGE = "/carte-scolaire/simulation";
    static final String LISTE = "/carte-scolaire/simulations";
    static final String COMPARAISON = "/carte-scolaire/comparaison";
    static final String ACTUELLE = "actuelle";
    private static final int MAX_TITRE = 120;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH:mm", Locale.FRENCH).withZone(ZoneId.of("Europe/Paris"));

    private final QueryService queries;
    private final Simulation simulation;
    private final SavedSimulations saved;
    private final Layout layout;
    private final Function<Caller, Optional<String>> organisationOf;
    private final CommunesParMillesime communes;

    /** @param communes the millésimes of communes loaded, offered in the form ({@code millesime_communes}) */
    public SimulationPages(QueryService queries, Simulation simulation, SavedSimulations saved, Layout layout,
                           Function<Caller, Optional<String>> organisationOf, CommunesParMillesime communes) {
        this.communes = communes;
        this.queries = queries;
        this.simulation = simulation;
        this.saved = saved;
        this.layout = layout;
        this.organisationOf = organisationOf;
    }

    public void register(Javalin app) {
        app.get(PAGE, this::page);
        app.get(LISTE, this::liste);
        app.post(LISTE, this::enregistrer);
        app.get(LISTE + "/{id}", this::rouvrir);
        app.delete(LISTE + "/{id}", this::supprimer);
        app.post(LISTE + "/{id}/suppression", this::supprimer);
        app.get(COMPARAISON, this::comparer);
    }

    private static List<Crumb> fil(String ici) {
        return List.of(new Crumb("Carte scolaire", "/carte-scolaire"), new Crumb("Simulation", PAGE), Crumb.here(ici));
    }

    /** The form, and the result when the draft has an edit. */
    private void page(Context ctx) {
        Caller caller = ExploreApi.caller(ctx);
        SimulationEtat etat = SimulationEtat.lire(ctx::queryParams);
        Map<String, Object> model = formulaire(etat);
        int status = 200;
        try {
            communes.verifier(etat.millesimeCommunes());
            if (!etat.vide()) {
                status = simuler(caller, etat, model);
            }
        } catch (CommunesParMillesime.MillesimeInconnu e) {
            model.put("erreur", "Brouillon non simulé : " + e.getMessage());
            status = 400;
        }
        model.put("peutEnregistrer", !caller.anonymous() && organisationOf.apply(caller).isPresent());
        layout.render(ctx, status, "carte-simulation", "Simulation de sectorisation", Layout.Section.CARTE_SCOLAIRE,
                List.of(new Crumb("Carte scolaire", "/carte-scolaire"), Crumb.here("Simulation")), model);
    }

    private Map<String, Object> formulaire(SimulationEtat etat) {
        Map<String, Object> model = new HashMap<>();
        model.put("millesimes", communes.charges());
        model.put("millesime", etat.millesimeCommunes() == null ? "" : etat.millesimeCommunes());
        model.put("eleves", etat.eleves());
        model.put("ecoles", Simulation.ECOLES.equals(etat.eleves()));
        model.put("rentree", etat.rentree() == null ? "" : etat.rentree());
        model.put("deplacer", String.join("\n", etat.deplacer()));
        model.put("voies", String.join("\n", etat.voies()));
        model.put("zones", String.join("\n", etat.zones()));
        model.put("capacites", String.join("\n", etat.capacites()));
        model.put("etat", etat.query());
        return model;
    }

    /** Runs the draft into the model; the status of the page (400 for a bad draft, 404 without a carte). */
    private int simuler(Caller caller, SimulationEtat etat, Map<String, Object> model) {
        try {
            Simulation.Resultat r = run(caller, etat);
            Map<String, SecteurReponse.College> noms = noms(caller, List.of(r));
            model.put("resultat", r);
            model.put("lignes", lignes(r, null, noms));
            model.put("cote", cote("Brouillon", r, false));
            model.put("avant", cote("Carte actuelle", r, true));
            return 200;
        } catch (Simulation.BrouillonInvalide | CommunesParMillesime.MillesimeInconnu e) {
            model.put("erreur", "Brouillon non simulé : " + e.getMessage());
            return 400;
        } catch (CarteScolaireService.CarteAbsente e) {
            model.put("erreur", "Aucune carte scolaire n'est publiée : " + e.getMessage());
            return 404;
        }
    }

    private Simulation.Resultat run(Caller caller, SimulationEtat etat) {
        return simulation.simuler(caller, etat.eleves(), etat.rentree(), etat.brouillon(), etat.places(), etat.millesimeCommunes());
    }

    /** The organisation the caller acts for; empty after a refusal was answered (401). */
    private Optional<String> organisation(Context ctx, Caller caller) {
        Optional<String> o = caller.anonymous() ? Optional.empty() : organisationOf.apply(caller);
        if (o.isEmpty()) {
            refuser(ctx, 401, caller.anonymous() ? "Connectez-vous (« Se connecter ») ou donnez une clé d'API : les simulations enregistrées "
                    + "sont celles de votre organisation." : "Clé d'API inconnue ou révoquée.");
        }
        return o;
    }

    private void refuser(Context ctx, int status, String message) {
        if (SavedViewPages.wantsJson(ctx)) {
            ctx.status(status).json(Map.of("error_code", switch (status) {
                case 401 -> "InvalidAPIKey";
                case 404 -> "NotFound";
                default -> "BadRequest";
            }, "message", message));
            return;
        }
        if (status == 404) {
            layout.notFound(ctx, "Simulation introuvable", message);
            return;
        }
        layout.render(ctx, status, "carte-simulations", "Simulations enregistrées", Layout.Section.CARTE_SCOLAIRE, fil("Simulations enregistrées"),
                Map.of("erreur", message));
    }

    private void liste(Context ctx) {
        Caller caller = ExploreApi.caller(ctx);
        Optional<String> org = organisation(ctx, caller);
        if (org.isEmpty()) {
            return;
        }
        List<Enregistree> rows = saved.of(org.get()).stream().map(s -> new Enregistree(s.id(), s.title(),
                SimulationEtat.depuis(s.state()).resume(), DATE.format(s.createdAt()))).toList();
        if (SavedViewPages.wantsJson(ctx)) {
            ctx.json(Map.of("total_count", rows.size(), "results", rows.stream().map(r -> Map.of("id", r.id(), "titre", r.titre(),
                    "brouillon", r.resume(), "url", LISTE + "/" + r.id())).toList()));
            return;
        }
        layout.render(ctx, 200, "carte-simulations", "Simulations enregistrées", Layout.Section.CARTE_SCOLAIRE, fil("Simulations enregistrées"),
                Map.of("simulations", rows, "actuelle", ACTUELLE));
    }

    private void enregistrer(Context ctx) {
        Caller caller = SavedViewPages.formCaller(ctx);
        Optional<String> org = organisation(ctx, caller);
        if (org.isEmpty()) {
            return;
        }
        String titre = Optional.ofNullable(ctx.formParam("titre")).map(String::strip).orElse("");
        String query = Optional.ofNullable(ctx.formParam("etat")).orElse("");
        SimulationEtat etat = SimulationEtat.depuis(query);
        String erreur = titre.isEmpty() ? "Le titre de la simulation est obligatoire."
                : titre.length() > MAX_TITRE ? "Le titre dépasse " + MAX_TITRE + " caractères."
                : query.length() > SimulationEtat.MAX_QUERY ? "Le brouillon est trop long." : etat.vide() ? "Le brouillon n'a aucun déplacement." : null;
        if (erreur == null) {
            try {
                etat.brouillon();
                etat.places();
                communes.verifier(etat.millesimeCommunes());
            } catch (Simulation.BrouillonInvalide | CommunesParMillesime.MillesimeInconnu e) {
                erreur = e.getMessage();
            }
        }
        if (erreur != null) {
            refuser(ctx, 400, "Simulation non enregistrée : " + erreur);
            return;
        }
        SavedSimulations.SavedSimulation s = saved.save(titre, etat.query(), org.get());
        ctx.header("Location", LISTE + "/" + s.id());
        if (SavedViewPages.wantsJson(ctx)) {
            ctx.status(201).json(Map.of("id", s.id(), "titre", s.title(), "url", LISTE + "/" + s.id(), "etat", s.state()));
            return;
        }
        ctx.redirect(LISTE + "/" + s.id(), HttpStatus.SEE_OTHER);
    }

    private Optional<SavedSimulations.SavedSimulation> trouver(Context ctx, Caller caller, String id) {
        Optional<String> org = organisation(ctx, caller);
        if (org.isEmpty()) {
            return Optional.empty();
        }
        Optional<SavedSimulations.SavedSimulation> s = saved.find(id, org.get());
        if (s.isEmpty()) {
            refuser(ctx, 404, "Aucune simulation enregistrée de votre organisation sous l'identifiant « " + id + " ».");
        }
        return s;
    }

    private void rouvrir(Context ctx) {
        Caller caller = ExploreApi.caller(ctx);
        Optional<SavedSimulations.SavedSimulation> s = trouver(ctx, caller, ctx.pathParam("id"));
        if (s.isEmpty()) {
            return;
        }
        SimulationEtat etat = SimulationEtat.depuis(s.get().state());
        if ("csv".equals(ctx.queryParam("format"))) {
            exporter(ctx, caller, s.get().title(), etat, null, null);
            return;
        }
        Map<String, Object> model = formulaire(etat);
        model.put("enregistree", new Enregistree(s.get().id(), s.get().title(), etat.resume(), DATE.format(s.get().createdAt())));
        model.put("peutEnregistrer", true);
        int status = simuler(caller, etat, model);
        layout.render(ctx, status, "carte-simulation", s.get().title(), Layout.Section.CARTE_SCOLAIRE, fil(s.get().title()), model);
    }

    private void supprimer(Context ctx) {
        Caller caller = SavedViewPages.formCaller(ctx);
        Optional<String> org = organisation(ctx, caller);
        if (org.isEmpty()) {
            return;
        }
        String id = ctx.pathParam("id");
        if (!saved.delete(id, org.get())) {
            refuser(ctx, 404, "Aucune simulation enregistrée de votre organisation sous l'identifiant « " + id + " ».");
            return;
        }
        if (SavedViewPages.wantsJson(ctx) || ctx.method() == io.javalin.http.HandlerType.DELETE) {
            ctx.status(204);
            return;
        }
        ctx.redirect(LISTE, HttpStatus.SEE_OTHER);
    }

    /** {@code ?a=ID&b=ID|actuelle}: two saved simulations side by side, or one against the current carte. */
    private void comparer(Context ctx) {
        Caller caller = ExploreApi.caller(ctx);
        String a = ctx.queryParam("a");
        String b = Optional.ofNullable(ctx.queryParam("b")).filter(s -> !s.isBlank()).orElse(ACTUELLE);
        if (a == null || a.isBlank()) {
            refuser(ctx, 400, "Choisissez la simulation à comparer (paramètre « a ») et l'autre (« b » : une simulation ou « actuelle »).");
            return;
        }
        Optional<SavedSimulations.SavedSimulation> sa = trouver(ctx, caller, a.strip());
        if (sa.isEmpty()) {
            return;
        }
        Optional<SavedSimulations.SavedSimulation> sb = Optional.empty();
        if (!b.equals(ACTUELLE)) {
            sb = trouver(ctx, caller, b.strip());
            if (sb.isEmpty()) {
                return;
            }
        }
        SimulationEtat ea = SimulationEtat.depuis(sa.get().state());
        SimulationEtat eb = sb.map(s -> SimulationEtat.depuis(s.state())).orElse(null);
        String titreB = sb.map(SavedSimulations.SavedSimulation::title).orElse("Carte actuelle");
        if ("csv".equals(ctx.queryParam("format"))) {
            exporter(ctx, caller, sa.get().title(), ea, titreB, eb);
            return;
        }
        Map<String, Object> model = new HashMap<>();
        try {
            Simulation.Resultat ra = run(caller, ea);
            Simulation.Resultat rb = eb == null ? null : run(caller, eb);
            List<Simulation.Resultat> tous = rb == null ? List.of(ra) : List.of(ra, rb);
            model.put("lignes", lignes(ra, rb, noms(caller, tous)));
            model.put("coteA", cote(sa.get().title(), ra, false));
            model.put("coteB", rb == null ? cote(titreB, ra, true) : cote(titreB, rb, false));
            List<String> notes = new ArrayList<>();
            if (rb != null && !ra.source().equals(rb.source())) {
                notes.add("Les deux simulations ne comptent pas les mêmes élèves (" + ra.source().description() + " / " + rb.source().description()
                        + ") : comparez les écarts avec prudence.");
            }
            model.put("notes", notes);
        } catch (Simulation.BrouillonInvalide | CarteScolaireService.CarteAbsente | CommunesParMillesime.MillesimeInconnu e) {
            model.put("erreur", "Comparaison impossible : " + e.getMessage());
        }
        model.put("a", sa.get().id());
        model.put("b", sb.map(SavedSimulations.SavedSimulation::id).orElse(ACTUELLE));
        model.put("titreA", sa.get().title());
        model.put("titreB", titreB);
        layout.render(ctx, model.containsKey("erreur") ? 400 : 200, "carte-comparaison", "Comparaison de simulations", Layout.Section.CARTE_SCOLAIRE,
                fil("Comparaison"), model);
    }

    /** The table as CSV (';', UTF-8 with BOM, as the Explore API's exports): one simulation, or two side by side. */
    private void exporter(Context ctx, Caller caller, String titreA, SimulationEtat a, String titreB, SimulationEtat b) {
        Simulation.Resultat ra;
        Simulation.Resultat rb;
        try {
            ra = run(caller, a);
            rb = b == null ? null : run(caller, b);
        } catch (Simulation.BrouillonInvalide | CarteScolaireService.CarteAbsente | CommunesParMillesime.MillesimeInconnu e) {
            refuser(ctx, 400, e.getMessage());
            return;
        }
        boolean comparaison = titreB != null;
        // without a second simulation, B is the current carte: the "before" of A
        List<Ligne> lignes = lignes(ra, rb, noms(caller, rb == null ? List.of(ra) : List.of(ra, rb)));
        StringWriter out = new StringWriter();
        out.write('\uFEFF');
        try (CsvWriter csv = CsvWriter.builder().fieldSeparator(';').build(out)) {
            String ea = comparaison ? "a" : "apres";
            String eb = comparaison ? "b" : "avant";
            csv.writeRecord("uai", "nom", "effectif_" + ea, "effectif_" + eb, "ecart_" + ea + "_" + eb, "capacite", "occupation_" + ea,
                    "occupation_" + eb, "ips_moyen_" + ea, "ips_moyen_" + eb, "ips_ecart_type_" + ea, "ips_ecart_type_" + eb,
                    "entrants_" + ea, "sortants_" + ea, "entrants_" + eb, "sortants_" + eb);
            for (Ligne l : lignes) {
                csv.writeRecord(l.uai(), l.nom(), plain(l.effectifA()), plain(l.effectifB()), plain(l.ecart()), plain(l.capacite()),
                        plain(l.occupationA()), plain(l.occupationB()), plain(l.ipsA()), plain(l.ipsB()), plain(l.ecartTypeA()), plain(l.ecartTypeB()),
                        plain(l.entrantsA()), plain(l.sortantsA()), plain(l.entrantsB()), plain(l.sortantsB()));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String nom = (titreA + (comparaison ? "-" + titreB : "")).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"simulation-" + (nom.isEmpty() ? "export" : nom) + ".csv\"");
        ctx.result(out.toString());
    }

    /** Rows per collège: A's draft against B's draft, or with {@code b} null against the current carte (A's "before"). */
    static List<Ligne> lignes(Simulation.Resultat a, Simulation.Resultat b, Map<String, SecteurReponse.College> noms) {
        Map<String, Simulation.College> ca = new LinkedHashMap<>();
        a.colleges().forEach(c -> ca.put(c.uai(), c));
        Map<String, Simulation.College> cb = new LinkedHashMap<>();
        if (b != null) {
            b.colleges().forEach(c -> cb.put(c.uai(), c));
        }
        TreeSet<String> uais = new TreeSet<>(ca.keySet());
        uais.addAll(cb.keySet());
        List<Ligne> out = new ArrayList<>();
        for (String u : uais) {
            Simulation.College x = ca.get(u);
            Simulation.College y = b == null ? x : cb.get(u);
            SecteurReponse.College n = noms.get(u);
            boolean secret = (x != null && x.secret()) || (y != null && y.secret());
            if (secret) {
                out.add(new Ligne(u, n == null || n.nom() == null ? "" : n.nom(), "secret", "secret", "", "", "", "", "", "", "", "", "", "", "", "",
                        true, null, null, 0));
                continue;
            }
            double effA = x == null ? 0 : x.effectifApres();
            double effB = y == null ? 0 : (b == null ? y.effectifAvant() : y.effectifApres());
            Integer capacite = x != null && x.capacite() != null ? x.capacite() : y == null ? null : y.capacite();
            out.add(new Ligne(u, n == null || n.nom() == null ? "" : n.nom(), Effectifs.effectif(effA), Effectifs.effectif(effB), Effectifs.mouvement(effA - effB),
                    capacite == null ? "" : String.valueOf(capacite),
                    capacite == null ? "" : pct(effA / capacite), capacite == null ? "" : pct(effB / capacite),
                    un(x == null ? null : x.ipsMoyenApres()), un(y == null ? null : b == null ? y.ipsMoyenAvant() : y.ipsMoyenApres()),
                    un(x == null ? null : x.ipsEcartTypeApres()), un(y == null ? null : b == null ? y.ipsEcartTypeAvant() : y.ipsEcartTypeApres()),
                    Effectifs.effectif(x == null ? null : x.entrants()), Effectifs.effectif(x == null ? null : x.sortants()),
                    b == null ? "0" : Effectifs.effectif(y == null ? null : y.entrants()), b == null ? "0" : Effectifs.effectif(y == null ? null : y.sortants()),
                    false, n == null ? null : n.latitude(), n == null ? null : n.longitude(), effA - effB));
        }
        return out;
    }

    private Map<String, SecteurReponse.College> noms(Caller caller, List<Simulation.Resultat> resultats) {
        TreeSet<String> uais = new TreeSet<>();
        resultats.forEach(r -> r.colleges().forEach(c -> uais.add(c.uai())));
        Map<String, SecteurReponse.College> out = new HashMap<>();
        new CollegeDirectory(queries).completer(caller, uais.stream().map(u -> new SecteurReponse.College(u, null, null, null, null)).toList())
                .forEach(c -> out.put(c.uai(), c));
        return out;
    }

    private static Cote cote(String titre, Simulation.Resultat r, boolean avant) {
        Simulation.Mixite m = avant ? r.mixiteAvant() : r.mixiteApres();
        Simulation.Distances d = avant ? r.distancesAvant() : r.distancesApres();
        return new Cote(titre, r.source().description(), r.eleves(), avant ? 0 : r.elevesQuiChangent(),
                m.eta2() == null ? "—" : String.format(Locale.FRENCH, "%.3f", m.eta2()), un(m.ecartIpsMaxMin()),
                d.medianeKm() == null ? "—" : String.format(Locale.FRENCH, "%.1f km", d.medianeKm()), avant ? r.sansCollegeAvant() : r.sansCollegeApres());
    }

    private static String un(Double v) {
        return v == null || v.isNaN() ? "—" : String.format(Locale.FRENCH, "%.1f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.FRENCH, "%.0f %%", 100 * v);
    }

    /** A figure of the page as a CSV number: decimal point, no sign for positives, empty for none. */
    private static String plain(String v) {
        if (v == null || v.equals("—")) {
            return "";
        }
        return v.replace("\u202f", "").replace("\u00a0", "").replace(" %", "").replace(',', '.').replace("+", "");
    }
}
