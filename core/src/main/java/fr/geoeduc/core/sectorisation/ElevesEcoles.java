package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.query.Query;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Pupils from open data only (spec §5, E2 "école feed"): each public école's CM2 effectif of a rentrée
 * ({@code fr-en-ecoles-effectifs-nb_classes}) placed at the école's address and position in the annuaire
 * ({@code fr-en-annuaire-education}), with the école's IPS ({@code fr-en-ips_ecoles}, its latest rentrée) as the IPS of
 * each of its pupils; sent to the collège(s) of that address like any address. Every read goes through the query
 * service with the caller.
 */
final class ElevesEcoles implements SourceEleves {

    /** The value of {@code eleves} that selects this source in the API, the CLI and the web page. */
    static final String CLE = "ecoles";
    static final String EFFECTIFS = "fr-en-ecoles-effectifs-nb_classes";
    static final String IPS = "fr-en-ips_ecoles";
    static final String ANNUAIRE = "fr-en-annuaire-education";
    private static final String CM2 = "nombre_eleves_cm2_hors_ulis";
    private static final String UAI_ANNUAIRE = "identifiant_de_l_etablissement";

    private record Ecole(String adresse, String codePostal, String commune, GeoPoint position) {
    }

    private record Effectif(String uai, String nom, long cm2) {
    }

    private final QueryService queries;
    private final Caller caller;
    private final String rentreeDemandee;
    private final Predicate<String> dansLaCarte;
    private final Map<String, QueryService.Visible> visibles = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private String rentree;
    private String rentreeIps;

    /**
     * @param rentree     the rentrée of the effectifs ({@code 2022}); null: the latest one published
     * @param dansLaCarte whether a commune code lies in a département of the carte (other écoles are left out)
     */
    ElevesEcoles(QueryService queries, Caller caller, String rentree, Predicate<String> dansLaCarte) {
        this.queries = queries;
        this.caller = caller;
        this.rentreeDemandee = rentree == null || rentree.isBlank() ? null : rentree.strip();
        this.dansLaCarte = dansLaCarte;
        for (String d : List.of(EFFECTIFS, ANNUAIRE)) {
            visibles.put(d, queries.dataset(caller, d, null).orElseThrow(() -> new Simulation.BrouillonInvalide(
                    "élèves des écoles : le jeu « " + d + " » n'est pas publié ou pas visible pour cet appelant (geoeduc ingest … --dataset " + d + ")")));
        }
        queries.dataset(caller, IPS, null).ifPresent(v -> visibles.put(IPS, v));
    }

    @Override
    public Simulation.Source source() {
        return new Simulation.Source(CLE, List.copyOf(new java.util.TreeSet<>(visibles.keySet())),
                "élèves de CM2 des écoles publiques (effectifs de la rentrée " + rentree + "), placés à l'adresse de leur école dans l'annuaire, "
                        + "avec l'IPS de l'école" + (rentreeIps == null ? " (aucun IPS d'école publié)" : " (rentrée " + rentreeIps + ")"),
                rentree, rentreeIps);
    }

    @Override
    public boolean restreinte() {
        return visibles.values().stream().anyMatch(QueryService.Visible::restricted);
    }

    @Override
    public boolean positions() {
        return true;
    }

    @Override
    public boolean voies() {
        return true;
    }

    @Override
    public List<String> notes() {
        return List.copyOf(notes);
    }

    @Override
    public void lire(Consumer<Foyer> sink) {
        Map<String, Ecole> annuaire = annuaire();
        Map<String, Double> ips = ips();
        List<Effectif> effectifs = effectifs();
        long sansAdresse = 0;
        long elevesSansAdresse = 0;
        long horsCarte = 0;
        long sansIps = 0;
        long elevesSansIps = 0;
        AdresseParser lecteur = new AdresseParser(x -> false);
        for (Effectif e : effectifs) {
            Ecole ecole = annuaire.get(e.uai());
            if (ecole == null || ecole.commune() == null) {
                sansAdresse++;
                elevesSansAdresse += e.cm2();
                continue;
            }
            if (!dansLaCarte.test(ecole.commune())) {
                horsCarte++;
                continue;
            }
            Double i = ips.get(e.uai());
            if (i == null) {
                sansIps++;
                elevesSansIps += e.cm2();
            }
            AdresseSaisie a = ecole.adresse() == null ? new AdresseSaisie(null, null, null, null, null, null, null) : lecteur.parse(ecole.adresse());
            sink.accept(new Foyer(ecole.commune(), ecole.codePostal(), a.voie(), a.numero(), a.rep(), i, ecole.position(), e.cm2(),
                    e.uai() + " " + e.nom() + " (" + (ecole.adresse() == null ? "" : ecole.adresse() + ", ") + ecole.commune() + ")"));
        }
        if (sansAdresse > 0) {
            notes.add(sansAdresse + " école(s) publique(s) absente(s) de l'annuaire (" + elevesSansAdresse + " élèves de CM2) : non comptées, "
                    + "leur adresse est inconnue.");
        }
        if (horsCarte > 0) {
            notes.add(horsCarte + " école(s) hors des départements de la carte scolaire : non comptées.");
        }
        if (sansIps > 0) {
            notes.add(sansIps + " école(s) sans IPS publié (" + elevesSansIps + " élèves de CM2) : comptées dans les effectifs, pas dans les IPS.");
        }
        notes.add("Élèves de CM2 des écoles publiques de la rentrée " + rentree + " : une estimation des entrées en 6e, sans le privé ni "
                + "les dérogations. L'écart-type est celui des IPS des écoles (la dispersion à l'intérieur d'une école n'est pas publiée).");
        if (rentreeIps != null && rentreeIps.compareTo("2022") < 0) {
            notes.add("IPS des écoles de la rentrée " + rentreeIps + " (méthode d'avant 2022) : ne pas le comparer aux IPS des collèges publiés depuis.");
        }
    }

    /** The public écoles' CM2 effectifs of the rentrée asked for, or of the latest one. */
    private List<Effectif> effectifs() {
        Map<String, List<Effectif>> parRentree = new HashMap<>();
        List<String> lus = lisibles(EFFECTIFS, List.of("numero_ecole", "rentree_scolaire", "secteur", CM2),
                List.of("denomination_principale", "patronyme"), false);
        export(EFFECTIFS, String.join(", ", lus), row -> {
            Object secteur = row.get("secteur");
            Object uai = row.get("numero_ecole");
            if (uai == null || secteur == null || !secteur.toString().strip().toUpperCase(Locale.ROOT).startsWith("PUBLIC")
                    || !(row.get(CM2) instanceof Number cm2) || cm2.longValue() <= 0) {
                return;
            }
            String nom = (text(row.get("denomination_principale")) + " " + text(row.get("patronyme"))).strip();
            parRentree.computeIfAbsent(rentree(row.get("rentree_scolaire")), k -> new ArrayList<>())
                    .add(new Effectif(uai.toString().strip().toUpperCase(Locale.ROOT), nom, cm2.longValue()));
        });
        if (parRentree.isEmpty()) {
            throw new Simulation.BrouillonInvalide("élèves des écoles : aucune école publique avec des élèves de CM2 dans « " + EFFECTIFS + " »");
        }
        rentree = rentreeDemandee != null ? rentreeDemandee : parRentree.keySet().stream().max(String::compareTo).orElseThrow();
        List<Effectif> out = parRentree.get(rentree);
        if (out == null) {
            throw new Simulation.BrouillonInvalide("élèves des écoles : rentrée « " + rentree + " » absente de « " + EFFECTIFS + " » (rentrées publiées : "
                    + String.join(", ", new java.util.TreeSet<>(parRentree.keySet())) + ")");
        }
        return out;
    }

    /** Each école's IPS of its latest published rentrée; « NS »/« NA » stay missing. */
    private Map<String, Double> ips() {
        Map<String, Double> out = new HashMap<>();
        Map<String, String> quand = new HashMap<>();
        if (!visibles.containsKey(IPS)) {
            notes.add("Aucun IPS d'école publié (« " + IPS + " ») : IPS non calculés.");
            return out;
        }
        export(IPS, "uai, rentree_scolaire, ips", row -> {
            if (row.get("uai") == null || !(row.get("ips") instanceof Number v)) {
                return;
            }
            String uai = row.get("uai").toString().strip().toUpperCase(Locale.ROOT);
            String r = rentree(row.get("rentree_scolaire"));
            if (quand.get(uai) == null || quand.get(uai).compareTo(r) < 0) {
                quand.put(uai, r);
                out.put(uai, v.doubleValue());
            }
        });
        rentreeIps = quand.values().stream().max(String::compareTo).orElse(null);
        return out;
    }

    /** Address, postcode, commune code and position of each établissement; the first non-empty of its rows. */
    private Map<String, Ecole> annuaire() {
        Map<String, Ecole> out = new HashMap<>();
        // an annuaire without addresses or positions still places its écoles by commune: only what it publishes is read
        List<String> lus = lisibles(ANNUAIRE, List.of(UAI_ANNUAIRE, "code_commune"), List.of("adresse_1", "code_postal", "position"), true);
        export(ANNUAIRE, String.join(", ", lus), row -> {
            if (row.get(UAI_ANNUAIRE) == null) {
                return;
            }
            String uai = row.get(UAI_ANNUAIRE).toString().strip().toUpperCase(Locale.ROOT);
            Ecole e = new Ecole(blank(row.get("adresse_1")), blank(row.get("code_postal")), blank(row.get("code_commune")),
                    row.get("position") instanceof GeoPoint g ? g : null);
            out.merge(uai, e, (a, b) -> new Ecole(a.adresse() != null ? a.adresse() : b.adresse(), a.codePostal() != null ? a.codePostal() : b.codePostal(),
                    a.commune() != null ? a.commune() : b.commune(), a.position() != null ? a.position() : b.position()));
        });
        return out;
    }

    /**
     * The fields to read of a dataset as this caller sees it (a convention may list fewer, a collectivité's file may
     * publish fewer): every required one, else the draft is refused in words; the optional ones it has, a note
     * naming each missing one when {@code noter}.
     */
    private List<String> lisibles(String dataset, List<String> requis, List<String> facultatifs, boolean noter) {
        java.util.Set<String> publies = new java.util.HashSet<>();
        queries.execute(caller, dataset, visibles.get(dataset).version().number(), new Query.Prepare(request(null)))
                .ifPresent(schema -> schema.fields().forEach(f -> publies.add(f.name())));
        for (String champ : requis) {
            if (!publies.contains(champ)) {
                throw new Simulation.BrouillonInvalide("élèves des écoles : le champ « " + champ + " » manque à « " + dataset + " »");
            }
        }
        List<String> lus = new ArrayList<>(requis);
        for (String champ : facultatifs) {
            if (publies.contains(champ)) {
                lus.add(champ);
            } else if (noter) {
                notes.add("« " + dataset + " » sans champ « " + champ + " » : écoles rattachées sans lui.");
            }
        }
        return lus;
    }

    private void export(String dataset, String select, Consumer<Map<String, Object>> sink) {
        queries.execute(caller, dataset, visibles.get(dataset).version().number(), new Query.Export(request(select), sink));
    }

    private static QueryEngine.Request request(String select) {
        return new QueryEngine.Request(select, List.of(), null, null, -1, 0, List.of(), List.of(),
                new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC));
    }

    private static String rentree(Object v) {
        if (v instanceof Number n) {
            return String.valueOf(n.longValue());
        }
        return v == null ? "" : v.toString().strip();
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString().strip();
    }

    private static String blank(Object v) {
        return v == null || v.toString().isBlank() ? null : v.toString().strip();
    }
}
