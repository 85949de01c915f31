package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.privacy.SecretStatistiqueRules;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.referentiel.CrsTransformer;
import fr.geoeduc.core.referentiel.CommunesParMillesime;
import fr.geoeduc.core.referentiel.Referentiels;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A draft sectorisation against the current one (spec carte-scolaire §5): the draft is the published carte with
 * communes moved to other collèges; the pupils are the rows of a dataset (a pupils' file under a convention, or any
 * published table with a residence commune and optionally {@code voie}, {@code numero}, {@code ips}), or with open data
 * only ({@value #ECOLES}) the CM2 pupils of each public école placed at its address ({@link ElevesEcoles}); read through
 * the query service with the caller, each sent to the collège(s) of its address under both cartes. Per collège: intake,
 * IPS mean and standard deviation, before and after. A pupil whose sector has k collèges counts 1/k in each (the
 * expected intake; the DSDEN assigns). Figures on restricted pupils' data under the threshold of the secret statistique
 * are withheld.
 */
public final class Simulation {

    /** Move a commune (every address of it) to these collèges. */
    public record Deplacement(String commune, List<String> uais) {
        public Deplacement {
            uais = uais.stream().map(u -> u.strip().toUpperCase(Locale.ROOT)).filter(u -> !u.isEmpty()).distinct().sorted().toList();
        }
    }

    /**
     * One collège before and after: intake, estimated IPS mean and SD, the capacity given by the user and the occupancy
     * (intake / capacity), the home–collège distances of its pupils, and the pupils the draft brings in and takes away
     * ({@code entrants}, {@code sortants}; a multi-collège share counts for its fraction).
     */
    public record College(String uai, double effectifAvant, double effectifApres, Double ipsMoyenAvant, Double ipsMoyenApres,
                          Double ipsEcartTypeAvant, Double ipsEcartTypeApres, boolean secret, Integer capacite,
                          Double occupationAvant, Double occupationApres, Distances distancesAvant, Distances distancesApres,
                          Double entrants, Double sortants) {
        public double delta() {
            return effectifApres - effectifAvant;
        }
    }

    /** Pupil-weighted home–collège distances (Lambert-93, straight line), km; null figures without positions. */
    public record Distances(double eleves, Double medianeKm, Double p90Km, Double moyenneKm, Double partAuDelaDe5Km) {
    }

    /** Social mix over the territory: gap between the highest and lowest IPS means, η² (between-collège share of IPS variance). */
    public record Mixite(Double ecartIpsMaxMin, Double eta2) {
    }

    /** One edit of the draft and the pupils whose address lies in it. */
    public record Effet(String deplacement, long eleves) {
    }

    /**
     * The result of a simulation. {@code dataset}: the {@code eleves} asked for; {@code source}: what the pupils are;
     * {@code sansCollege}: the écoles whose address has no collège before or after (never for pupils' data).
     */
    public record Resultat(List<College> colleges, long eleves, long elevesQuiChangent, long sansCollegeAvant, long sansCollegeApres,
                           Mixite mixiteAvant, Mixite mixiteApres, Distances distancesAvant, Distances distancesApres,
                           List<Effet> deplacements, List<String> avertissements, Carte.Version carte, String dataset,
                           Source source, List<SansCollege> sansCollege) {
    }

    /**
     * Where the pupils come from: {@code type} {@code eleves} (a pupils' dataset) or {@value ElevesEcoles#CLE} (CM2 of the
     * écoles, open data), the datasets read, in words, and for écoles the rentrée of the effectifs and of the IPS.
     */
    public record Source(String type, List<String> datasets, String description, String rentree, String rentreeIps) {
    }

    /** An école (open data) whose address gets no collège under the current carte or the draft, and why. */
    public record SansCollege(String ecole, long eleves, boolean avant, boolean apres, String raison) {
    }

    /** The value of {@code eleves} that selects the CM2 pupils of the écoles. */
    public static final String ECOLES = ElevesEcoles.CLE;

    /** The draft cannot be applied: which edit and why. */
    public static final class BrouillonInvalide extends RuntimeException {
        public BrouillonInvalide(String message) {
            super(message);
        }
    }

    /** Occupancy below this share of the capacity is flagged (spec §5). */
    static final double SOUS_OCCUPATION = 0.70;
    private static final int LAMBERT93 = 2154;
    private static final GeometryFactory POINTS = new GeometryFactory();
    private final CrsTransformer crs = new CrsTransformer();
    private final QueryService queries;
    private final CarteSource cartes;
    /** The communes of a millésime (null: the current ones). */
    private final Function<String, Referentiels> referentiels;

    public Simulation(QueryService queries, Supplier<Referentiels> referentiels) {
        this(queries, CommunesParMillesime.courantesSeulement(referentiels));
    }

    /** @param referentiels the communes of a millésime, null for the current ones ({@link CommunesParMillesime#referentiels}) */
    public Simulation(QueryService queries, Function<String, Referentiels> referentiels) {
        this.queries = queries;
        this.cartes = new CarteSource(queries);
        this.referentiels = referentiels;
    }

    public Resultat simuler(Caller caller, String elevesDataset, List<Deplacement> deplacements) {
        return simuler(caller, elevesDataset, Brouillon.communes(deplacements), Map.of());
    }

    public Resultat simuler(Caller caller, String eleves, Brouillon brouillon, Map<String, Integer> capacites) {
        return simuler(caller, eleves, null, brouillon, capacites);
    }

    /**
     * The draft against the current carte. Communes move in the carte; then, on each pupil's address, the street edits
     * and the drawn areas in their order (a later one wins). {@code eleves}: a pupils' dataset, or {@value ElevesEcoles#CLE}
     * for the CM2 pupils of the écoles (open data), of the rentrée {@code rentree} (null: the latest). {@code capacites}:
     * places per UAI, given by the user.
     */
    public Resultat simuler(Caller caller, String eleves, String rentree, Brouillon brouillon, Map<String, Integer> capacites) {
        return simuler(caller, eleves, rentree, brouillon, capacites, null);
    }

    /** As above, the pupils' communes read in the communes of {@code millesimeCommunes} (null: the current ones). */
    public Resultat simuler(Caller caller, String eleves, String rentree, Brouillon brouillon, Map<String, Integer> capacites,
                            String millesimeCommunes) {
        Referentiels r = referentiels.apply(millesimeCommunes); // first: an unknown millésime is refused before anything is read
        Carte avant = cartes.carte(caller).orElseThrow(() -> new CarteScolaireService.CarteAbsente(cartes.dataset()));
        Carte apres = brouillon.communes().isEmpty() ? avant : brouillon(avant, brouillon.communes());
        for (Brouillon.Voie v : brouillon.voies()) {
            if (!avant.connait(v.commune())) {
                throw new BrouillonInvalide("déplacement de voie « " + v.libelle() + " » : la commune « " + v.commune()
                        + " » n'est pas dans la carte scolaire (code INSEE de la carte attendu)");
            }
        }
        capacites.forEach((u, c) -> {
            if (!u.matches("\\d{7}[A-Z]") || c == null || c <= 0) {
                throw new BrouillonInvalide("capacité « " + u + "=" + c + " » : un UAI et un nombre de places positif attendus");
            }
        });
        SourceEleves source;
        if (ElevesEcoles.CLE.equals(eleves)) {
            Set<String> departements = new TreeSet<>();
            avant.nomsDeCommunes().forEach(k -> avant.communesNommees(k).forEach(c -> departements.add(departement(c))));
            source = new ElevesEcoles(queries, caller, rentree, c -> departements.contains(departement(c)));
        } else {
            if (rentree != null && !rentree.isBlank()) {
                throw new BrouillonInvalide("« rentree » ne s'applique qu'aux élèves des écoles (eleves=" + ElevesEcoles.CLE + ")");
            }
            source = new ElevesFichier(queries, caller, eleves);
        }
        if (!brouillon.zones().isEmpty() && !source.positions()) {
            throw new BrouillonInvalide("le jeu « " + eleves + " » n'a pas de position (colonnes latitude et longitude) : "
                    + "une zone dessinée ne peut pas s'appliquer à ses élèves");
        }
        if (!brouillon.voies().isEmpty() && !source.voies()) {
            throw new BrouillonInvalide("le jeu « " + eleves + " » n'a pas de colonne « voie » : un déplacement de voie ne peut pas s'appliquer à ses élèves");
        }
        SecteurMatcher mAvant = new SecteurMatcher(avant, new CommuneResolver(avant, r));
        SecteurMatcher mApres = new SecteurMatcher(apres, new CommuneResolver(apres, r));
        Map<String, double[]> positions = positions(caller, avant, brouillon);
        List<Brouillon.Voie> voies = brouillon.voies();
        List<String> cles = voies.stream().map(Brouillon.Voie::cle).toList();
        List<PreparedGeometry> zones = brouillon.zones().stream().map(Brouillon::prepare).toList();
        double[] parEdit = new double[voies.size() + zones.size()];
        Map<String, Stats> sAvant = new TreeMap<>();
        Map<String, Stats> sApres = new TreeMap<>();
        Echantillon dAvant = new Echantillon();
        Echantillon dApres = new Echantillon();
        double[] n = new double[4];
        List<SansCollege> sansCollege = new ArrayList<>();
        Map<String, double[]> flux = new java.util.HashMap<>();
        source.lire(f -> {
            String code = f.commune();
            Integer numero = f.numero();
            String voie = f.voie();
            GeoPoint position = f.position();
            double poids = f.poids();
            SecteurReponse rAvant = mAvant.trouver(f.adresse());
            SecteurReponse rApres = apres == avant ? rAvant : mApres.trouver(f.adresse());
            List<String> u1 = uais(rAvant);
            List<String> u2 = uais(rApres);
            if (!voies.isEmpty() && voie != null) {
                String cle = fr.geoeduc.core.adresse.VoieNormaliser.voie(voie).key();
                for (int i = 0; i < voies.size(); i++) {
                    if (voies.get(i).contient(code, cle, numero) && cles.get(i).equals(cle)) {
                        u2 = voies.get(i).uais();
                        parEdit[i] += poids;
                    }
                }
            }
            if (!zones.isEmpty() && position != null) {
                var point = POINTS.createPoint(new Coordinate(position.lon(), position.lat()));
                for (int j = 0; j < zones.size(); j++) {
                    if (zones.get(j).covers(point)) {
                        u2 = brouillon.zones().get(j).uais();
                        parEdit[voies.size() + j] += poids;
                    }
                }
            }
            n[0] += poids;
            if (!u1.equals(u2)) {
                n[1] += poids;
                deplacer(u1, u2, poids, flux);
            }
            if (u1.isEmpty()) {
                n[2] += poids;
            }
            if (u2.isEmpty()) {
                n[3] += poids;
            }
            if (f.libelle() != null && (u1.isEmpty() || u2.isEmpty())) {
                sansCollege.add(new SansCollege(f.libelle(), Math.round(poids), u1.isEmpty(), u2.isEmpty(),
                        (u1.isEmpty() ? rAvant : rApres).explication()));
            }
            double[] xy = position == null ? null : crs.fromWgs84(LAMBERT93, position.lat(), position.lon());
            ajouter(u1, poids, f.ips(), xy, positions, sAvant, dAvant);
            ajouter(u2, poids, f.ips(), xy, positions, sApres, dApres);
        });
        SecretStatistiqueRules secret = SecretStatistiqueRules.standard();
        Set<String> tous = new TreeSet<>(sAvant.keySet());
        tous.addAll(sApres.keySet());
        List<College> colleges = new ArrayList<>();
        List<String> avertissements = new ArrayList<>();
        avertissements.add("L'IPS décrit le milieu social des élèves, pas la performance d'un collège.");
        avertissements.add("Un secteur multi-collèges compte chaque élève pour 1/k dans chacun de ses k collèges ; la DSDEN affecte.");
        avertissements.addAll(source.notes());
        boolean restreinte = source.restreinte();
        for (String u : tous) {
            Stats a = sAvant.getOrDefault(u, new Stats());
            Stats b = sApres.getOrDefault(u, new Stats());
            Integer capacite = capacites.get(u);
            boolean cache = restreinte && (secret.isThresholdSensitive(Math.round(a.w)) || secret.isThresholdSensitive(Math.round(b.w)));
            if (cache) {
                colleges.add(new College(u, Double.NaN, Double.NaN, null, null, null, null, true, capacite, null, null, null, null, null, null));
                continue;
            }
            Double occAvant = capacite == null ? null : a.w / capacite;
            Double occApres = capacite == null ? null : b.w / capacite;
            if (occApres != null && (occApres > 1.0 || occApres < SOUS_OCCUPATION)) {
                avertissements.add(String.format(Locale.ROOT, "%s : occupation avec le brouillon %.0f %% (%s)", u, 100 * occApres,
                        occApres > 1.0 ? "au-delà de la capacité" : "sous 70 % de la capacité"));
            }
            colleges.add(new College(u, a.w, b.w, a.moyenne(), b.moyenne(), a.ecartType(), b.ecartType(), false, capacite,
                    occAvant, occApres, a.distances.resume(), b.distances.resume(), flux.getOrDefault(u, new double[2])[0],
                    flux.getOrDefault(u, new double[2])[1]));
        }
        for (String u : new TreeSet<>(capacites.keySet())) {
            if (!tous.contains(u)) {
                avertissements.add("Capacité donnée pour " + u + ", qui ne reçoit aucun élève ni avant ni après.");
            }
        }
        long sansAvant = Math.round(n[2]);
        long sansApres = Math.round(n[3]);
        if (sansApres > sansAvant) {
            avertissements.add((sansApres - sansAvant) + " élève(s) de plus sans collège de secteur avec le brouillon.");
        }
        if (sansApres > 0) {
            avertissements.add(sansApres + " élève(s) à une adresse sans collège de secteur avec le brouillon : ils ne comptent dans aucun collège"
                    + (sansCollege.isEmpty() ? "." : " (écoles et raisons dans « sansCollege »)."));
        }
        if (colleges.stream().anyMatch(College::secret)) {
            avertissements.add("Effectifs sous le seuil du secret statistique (" + secret.threshold() + ") : valeurs masquées.");
        }
        if (!source.positions()) {
            avertissements.add("Le jeu d'élèves n'a pas de position : distances domicile–collège non calculées.");
        } else {
            List<String> sansPosition = tous.stream().filter(u -> !positions.containsKey(u)).toList();
            if (!sansPosition.isEmpty()) {
                avertissements.add("Collège(s) de position inconnue dans les établissements publiés (" + String.join(", ", sansPosition)
                        + ") : distances non calculées pour eux.");
            }
        }
        List<Effet> effets = new ArrayList<>();
        for (int i = 0; i < voies.size(); i++) {
            effets.add(new Effet(voies.get(i).libelle(), Math.round(parEdit[i])));
        }
        for (int j = 0; j < zones.size(); j++) {
            effets.add(new Effet(brouillon.zones().get(j).libelle(), Math.round(parEdit[voies.size() + j])));
        }
        effets.stream().filter(e -> e.eleves() == 0).forEach(e -> avertissements.add("Aucun élève dans « " + e.deplacement() + " »."));
        Set<String> visibles = new TreeSet<>();
        colleges.stream().filter(x -> !x.secret()).forEach(x -> visibles.add(x.uai()));
        return new Resultat(colleges, Math.round(n[0]), Math.round(n[1]), sansAvant, sansApres, mixite(sAvant, visibles), mixite(sApres, visibles),
                dAvant.resume(), dApres.resume(), effets, avertissements, avant.version(), eleves, source.source(),
                restreinte ? List.of() : sansCollege);
    }

    /** Pupils whose collège set changes: each collège's share after minus before, in (index 0) or out (index 1). */
    private static void deplacer(List<String> avant, List<String> apres, double eleves, Map<String, double[]> flux) {
        Set<String> tous = new TreeSet<>(avant);
        tous.addAll(apres);
        for (String u : tous) {
            double d = (apres.contains(u) ? eleves / apres.size() : 0) - (avant.contains(u) ? eleves / avant.size() : 0);
            double[] f = flux.computeIfAbsent(u, k -> new double[2]);
            if (d > 0) {
                f[0] += d;
            } else {
                f[1] -= d;
            }
        }
    }

    /** The département of a commune code: 2 characters, 3 overseas. */
    static String departement(String commune) {
        return commune.length() >= 3 && commune.startsWith("97") ? commune.substring(0, 3) : commune.substring(0, Math.min(2, commune.length()));
    }

    /** Each collège of the set gets 1/k of the pupils; the distance to it when both positions are known. */
    private static void ajouter(List<String> uais, double eleves, Double ips, double[] xy, Map<String, double[]> positions, Map<String, Stats> stats,
                                Echantillon territoire) {
        for (String u : uais) {
            double poids = eleves / uais.size();
            Stats s = stats.computeIfAbsent(u, k -> new Stats());
            s.add(poids, ips);
            double[] c = positions.get(u);
            if (xy != null && c != null) {
                double km = Math.hypot(xy[0] - c[0], xy[1] - c[1]) / 1000;
                s.distances.add(km, poids);
                territoire.add(km, poids);
            }
        }
    }

    /** Lambert-93 positions of every collège of the carte and of the draft, from the published établissements. */
    private Map<String, double[]> positions(Caller caller, Carte carte, Brouillon brouillon) {
        Set<String> uais = new TreeSet<>();
        carte.nomsDeCommunes().forEach(k -> carte.communesNommees(k).forEach(code -> {
            carte.communeEntiere(code).forEach(l -> uais.add(l.uai()));
            carte.voies(code).forEach(v -> v.lignes().forEach(l -> uais.add(l.uai())));
        }));
        brouillon.communes().forEach(d -> uais.addAll(d.uais()));
        brouillon.voies().forEach(v -> uais.addAll(v.uais()));
        brouillon.zones().forEach(z -> uais.addAll(z.uais()));
        Map<String, double[]> out = new java.util.HashMap<>();
        List<SecteurReponse.College> connus = new CollegeDirectory(queries).completer(caller,
                uais.stream().map(u -> new SecteurReponse.College(u, null, null, null, null)).toList());
        for (SecteurReponse.College c : connus) {
            if (c.latitude() != null && c.longitude() != null) {
                out.put(c.uai(), crs.fromWgs84(LAMBERT93, c.latitude(), c.longitude()));
            }
        }
        return out;
    }

    /** Gap between IPS means and η² = between-collège variance / total variance, pupils weighted, over the collèges shown. */
    static Mixite mixite(Map<String, Stats> stats, Set<String> visibles) {
        double w = 0;
        double s1 = 0;
        double intra = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (var e : stats.entrySet()) {
            Stats s = e.getValue();
            if (!visibles.contains(e.getKey()) || s.wIps == 0) {
                continue;
            }
            double m = s.moyenne();
            w += s.wIps;
            s1 += s.s1;
            intra += s.wIps * s.ecartType() * s.ecartType();
            max = Math.max(max, m);
            min = Math.min(min, m);
        }
        if (w == 0) {
            return new Mixite(null, null);
        }
        double g = s1 / w;
        double inter = 0;
        for (var e : stats.entrySet()) {
            Stats s = e.getValue();
            if (visibles.contains(e.getKey()) && s.wIps > 0) {
                inter += s.wIps * Math.pow(s.moyenne() - g, 2);
            }
        }
        double total = inter + intra;
        return new Mixite(max - min, total == 0 ? null : inter / total);
    }

    /** The house number: the column may be typed as a number or kept as text ("12", "12 bis" gives 12). */
    static Integer numero(Object v) {
        if (v instanceof Number x) {
            return x.intValue();
        }
        if (v == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*(\\d{1,5})").matcher(v.toString());
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    private static List<String> uais(SecteurReponse r) {
        return r.statut() == SecteurReponse.Statut.TROUVE ? r.uais().stream().sorted().toList() : List.of();
    }

    /** The carte with each moved commune's rows replaced by whole-commune rows to its new collèges. */
    static Carte brouillon(Carte carte, List<Deplacement> deplacements) {
        Map<String, Deplacement> parCommune = new TreeMap<>();
        for (Deplacement d : deplacements) {
            if (!carte.connait(d.commune())) {
                throw new BrouillonInvalide("la commune « " + d.commune() + " » n'est pas dans la carte scolaire (code INSEE de la carte attendu)");
            }
            if (d.uais().isEmpty()) {
                throw new BrouillonInvalide("déplacement de " + d.commune() + " sans collège : ses adresses n'auraient plus de collège de secteur");
            }
            for (String u : d.uais()) {
                if (!u.matches("\\d{7}[A-Z]")) {
                    throw new BrouillonInvalide("« " + u + " » n'est pas un UAI (7 chiffres et une lettre)");
                }
            }
            parCommune.put(d.commune(), d);
        }
        Set<String> codes = new LinkedHashSet<>();
        carte.nomsDeCommunes().forEach(k -> codes.addAll(carte.communesNommees(k)));
        List<LigneCarte> lignes = new ArrayList<>();
        for (String code : codes) {
            Deplacement d = parCommune.get(code);
            if (d == null) {
                lignes.addAll(carte.communeEntiere(code));
                carte.voies(code).forEach(v -> lignes.addAll(v.lignes()));
            } else {
                for (String u : d.uais()) {
                    lignes.add(new LigneCarte(code, carte.libelle(code), "", "", "", new Numero(0, ""), new Numero(9999, ""),
                            LigneCarte.Parite.PAIRS_ET_IMPAIRS, u, true));
                }
            }
        }
        Carte.Version v = carte.version();
        return new Carte(new Carte.Version(v.dataset() + " (brouillon)", v.version(), v.publieeLe(), lignes.size()), lignes);
    }

    static final class Stats {
        final Echantillon distances = new Echantillon();
        double w;
        double wIps;
        double s1;
        double s2;

        void add(double poids, Double ips) {
            w += poids;
            if (ips != null && !ips.isNaN()) {
                wIps += poids;
                s1 += poids * ips;
                s2 += poids * ips * ips;
            }
        }

        Double moyenne() {
            return wIps == 0 ? null : s1 / wIps;
        }

        Double ecartType() {
            if (wIps == 0) {
                return null;
            }
            double m = s1 / wIps;
            return Math.sqrt(Math.max(0, s2 / wIps - m * m));
        }
    }

    /** Weighted distances (km), summarised as pupil-weighted median, P90, mean and share beyond 5 km. */
    static final class Echantillon {
        private double[] km = new double[16];
        private double[] poids = new double[16];
        private int n;

        void add(double d, double w) {
            if (n == km.length) {
                km = java.util.Arrays.copyOf(km, n * 2);
                poids = java.util.Arrays.copyOf(poids, n * 2);
            }
            km[n] = d;
            poids[n] = w;
            n++;
        }

        Distances resume() {
            if (n == 0) {
                return new Distances(0, null, null, null, null);
            }
            Integer[] ordre = new Integer[n];
            for (int i = 0; i < n; i++) {
                ordre[i] = i;
            }
            java.util.Arrays.sort(ordre, (a, b) -> Double.compare(km[a], km[b]));
            double total = 0;
            double somme = 0;
            double loin = 0;
            for (int i = 0; i < n; i++) {
                total += poids[i];
                somme += poids[i] * km[i];
                if (km[i] > 5.0) {
                    loin += poids[i];
                }
            }
            return new Distances(total, arrondi(quantile(ordre, total, 0.5)), arrondi(quantile(ordre, total, 0.9)), arrondi(somme / total),
                    Math.round(loin / total * 10_000) / 10_000.0);
        }

        /** The smallest distance whose cumulated weight reaches q of the total. */
        private double quantile(Integer[] ordre, double total, double q) {
            double cumul = 0;
            for (Integer i : ordre) {
                cumul += poids[i];
                if (cumul >= q * total - 1e-9) {
                    return km[i];
                }
            }
            return km[ordre[ordre.length - 1]];
        }

        private static double arrondi(double km) {
            return Math.round(km * 1000) / 1000.0;
        }
    }
}
