package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.privacy.SecretStatistiqueRules;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.Query;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.referentiel.Referentiels;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A draft sectorisation against the current one (spec carte-scolaire §5): the draft is the published carte with
 * communes moved to other collèges; the pupils are the rows of a dataset (a pupils' file under a convention, or any
 * published table with a residence commune and optionally {@code voie}, {@code numero}, {@code ips}), read through the
 * query service with the caller, each sent to the collège(s) of its address under both cartes. Per collège: intake,
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

    public record College(String uai, double effectifAvant, double effectifApres, Double ipsMoyenAvant, Double ipsMoyenApres,
                          Double ipsEcartTypeAvant, Double ipsEcartTypeApres, boolean secret) {
        public double delta() {
            return effectifApres - effectifAvant;
        }
    }

    public record Resultat(List<College> colleges, long eleves, long elevesQuiChangent, long sansCollegeAvant, long sansCollegeApres,
                           List<String> avertissements, Carte.Version carte, String dataset) {
    }

    /** The draft cannot be applied: which edit and why. */
    public static final class BrouillonInvalide extends RuntimeException {
        public BrouillonInvalide(String message) {
            super(message);
        }
    }

    private static final List<String> COMMUNE_FIELDS = List.of("commune_residence", "code_insee", "code_commune", "commune");
    private final QueryService queries;
    private final CarteSource cartes;
    private final Supplier<Referentiels> referentiels;

    public Simulation(QueryService queries, Supplier<Referentiels> referentiels) {
        this.queries = queries;
        this.cartes = new CarteSource(queries);
        this.referentiels = referentiels;
    }

    public Resultat simuler(Caller caller, String elevesDataset, List<Deplacement> deplacements) {
        Carte avant = cartes.carte(caller).orElseThrow(() -> new CarteScolaireService.CarteAbsente(cartes.dataset()));
        Carte apres = brouillon(avant, deplacements);
        QueryService.Visible visible = queries.dataset(caller, elevesDataset, null)
                .orElseThrow(() -> new BrouillonInvalide("jeu d'élèves « " + elevesDataset + " » introuvable ou non visible pour cet appelant"));
        Set<String> fields = new TreeSet<>();
        visible.version().schema().fields().forEach(f -> fields.add(f.name()));
        String commune = COMMUNE_FIELDS.stream().filter(fields::contains).findFirst().orElseThrow(() -> new BrouillonInvalide(
                "le jeu « " + elevesDataset + " » n'a pas de colonne de commune de résidence (attendu : une de " + COMMUNE_FIELDS + ")"));
        List<String> select = new ArrayList<>(List.of(commune));
        for (String f : List.of("voie", "numero", "ips")) {
            if (fields.contains(f)) {
                select.add(f);
            }
        }
        Referentiels r = referentiels.get();
        SecteurMatcher mAvant = new SecteurMatcher(avant, new CommuneResolver(avant, r));
        SecteurMatcher mApres = new SecteurMatcher(apres, new CommuneResolver(apres, r));
        Map<String, Stats> sAvant = new TreeMap<>();
        Map<String, Stats> sApres = new TreeMap<>();
        long[] n = new long[4];
        QueryEngine.Request all = new QueryEngine.Request(String.join(", ", select), List.of(), null, null, -1, 0, List.of(), List.of(),
                new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC));
        queries.execute(caller, elevesDataset, visible.version().number(), new Query.Export(all, row -> {
            Object c = row.get(commune);
            if (c == null) {
                return;
            }
            Object num = row.get("numero");
            Integer numero = num instanceof Number x ? Integer.valueOf(x.intValue()) : null;
            AdresseSaisie a = new AdresseSaisie(c instanceof Double d ? String.valueOf(d.longValue()) : c.toString(), null, null,
                    row.get("voie") == null ? null : row.get("voie").toString(), numero, null, null);
            Double ips = row.get("ips") instanceof Number x ? x.doubleValue() : null;
            List<String> u1 = uais(mAvant.trouver(a));
            List<String> u2 = uais(mApres.trouver(a));
            n[0]++;
            if (!u1.equals(u2)) {
                n[1]++;
            }
            if (u1.isEmpty()) {
                n[2]++;
            }
            if (u2.isEmpty()) {
                n[3]++;
            }
            u1.forEach(u -> sAvant.computeIfAbsent(u, k -> new Stats()).add(1.0 / u1.size(), ips));
            u2.forEach(u -> sApres.computeIfAbsent(u, k -> new Stats()).add(1.0 / u2.size(), ips));
        }));
        SecretStatistiqueRules secret = SecretStatistiqueRules.standard();
        Set<String> tous = new TreeSet<>(sAvant.keySet());
        tous.addAll(sApres.keySet());
        List<College> colleges = new ArrayList<>();
        for (String u : tous) {
            Stats a = sAvant.getOrDefault(u, new Stats());
            Stats b = sApres.getOrDefault(u, new Stats());
            boolean cache = visible.restricted() && (secret.isThresholdSensitive(Math.round(a.w)) || secret.isThresholdSensitive(Math.round(b.w)));
            colleges.add(cache ? new College(u, Double.NaN, Double.NaN, null, null, null, null, true)
                    : new College(u, a.w, b.w, a.moyenne(), b.moyenne(), a.ecartType(), b.ecartType(), false));
        }
        List<String> avertissements = new ArrayList<>();
        avertissements.add("L'IPS décrit le milieu social des élèves, pas la performance d'un collège.");
        avertissements.add("Un secteur multi-collèges compte chaque élève pour 1/k dans chacun de ses k collèges ; la DSDEN affecte.");
        if (n[3] > n[2]) {
            avertissements.add((n[3] - n[2]) + " élève(s) de plus sans collège de secteur avec le brouillon.");
        }
        if (colleges.stream().anyMatch(College::secret)) {
            avertissements.add("Effectifs sous le seuil du secret statistique (" + secret.threshold() + ") : valeurs masquées.");
        }
        return new Resultat(colleges, n[0], n[1], n[2], n[3], avertissements, avant.version(), elevesDataset);
    }

    private static List<String> uais(SecteurReponse r) {
        return r.statut() == SecteurReponse.Statut.TROUVE ? r.uais().stream().sorted().toList() : List.of();
    }

    /** The carte with each moved commune's rows replaced by whole-commune rows to its new collèges. */
    static Carte brouillon(Carte carte, List<Deplacement> deplacements) {
        if (deplacements.isEmpty()) {
            throw new BrouillonInvalide("brouillon vide : indiquez au moins un déplacement (commune=UAI[+UAI])");
        }
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

    private static final class Stats {
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
}
