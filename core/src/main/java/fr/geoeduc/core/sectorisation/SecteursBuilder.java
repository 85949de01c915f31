package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.adresse.BanAdresse;
import fr.geoeduc.core.referentiel.CrsTransformer;
import fr.geoeduc.core.referentiel.Referentiels;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sector polygons from a carte and the BAN (spec carte-scolaire §4): every address is given its collège(s) by the
 * address matcher; a commune whose addresses all share one set is that set's whole (its contour when the commune
 * référentiel is loaded, else the hull of its addresses); otherwise the addresses' Voronoi cells, in Lambert-93 metres,
 * are dissolved by set and cut by the commune contour. Addresses without a collège keep their own cells (the carte's
 * holes stay visible). A commune split by streets whose addresses match below {@link #SEUIL_APPARIEMENT} is not built
 * (said in the coverage report). Addresses are fed one by one ({@link #ajouter}), then {@link #construire()}.
 */
public final class SecteursBuilder {

    /** Below this share of matched addresses a street-split commune's polygons are not built (LivingData's threshold). */
    public static final double SEUIL_APPARIEMENT = 0.70;
    /** Two addresses closer than this (metres) are one Voronoi site. */
    static final double GRILLE_M = 1.0;
    /** Display geometry simplification (metres); the Lambert-93 geometry is kept exact. */
    static final double SIMPLIFICATION_M = 5.0;
    private static final int LAMBERT93 = 2154;

    private final Carte carte;
    private final SecteurMatcher matcher;
    private final Referentiels referentiels;
    private final CrsTransformer crs = new CrsTransformer();
    private final GeometryFactory gf = new GeometryFactory(new PrecisionModel(), LAMBERT93);
    private final Map<String, Points> communes = new LinkedHashMap<>();
    private final List<List<String>> etiquettes = new ArrayList<>();
    private final Map<List<String>, Integer> numeros = new HashMap<>();
    private final Map<String, AffectationsBan.Affectation> communesEntieres = new HashMap<>();
    private final AffectationsBan affectations;
    private final Set<String> voiesVues = new HashSet<>();

    /** The result: polygons (communes in the order met) and the coverage report. */
    public record Resultat(List<SecteurPolygone> polygones, Couverture couverture, Carte.Version carte) {
    }

    public SecteursBuilder(Carte carte, Referentiels referentiels) {
        this.carte = carte;
        this.referentiels = referentiels;
        this.matcher = new SecteurMatcher(carte, new CommuneResolver(carte, referentiels));
        this.affectations = new AffectationsBan(matcher);
        etiquette(List.of()); // 0 = no collège
    }

    /** The collège(s) the carte gives this BAN address (the matcher's whole answer, explanation included). */
    public SecteurReponse secteur(BanAdresse a) {
        return matcher.trouver(AffectationsBan.saisie(a));
    }

    /** The address's collège set as sectors use it: whole communes once per commune, streets once per street. */
    AffectationsBan.Affectation affectation(BanAdresse a) {
        boolean sansVoies = carte.voies(a.codeInsee()).isEmpty()
                && (a.codeAncienneCommune().isEmpty() || carte.voies(a.codeAncienneCommune()).isEmpty());
        if (sansVoies) {
            // whole communes: the answer depends on the commune (and commune déléguée) only
            return communesEntieres.computeIfAbsent(a.codeInsee() + "|" + a.codeAncienneCommune(), k -> affectations.parAdresse(a));
        }
        return affectations.affecter(a);
    }

    public void ajouter(BanAdresse a) {
        AffectationsBan.Affectation r = affectation(a);
        int label = r.trouve() ? etiquette(r.uais()) : 0;
        if (r.voieCarte() != null) {
            voiesVues.add(a.codeInsee() + "|" + r.voieCarte());
            if (!a.codeAncienneCommune().isEmpty()) {
                voiesVues.add(a.codeAncienneCommune() + "|" + r.voieCarte());
            }
        }
        Points p = communes.computeIfAbsent(a.codeInsee(), k -> new Points(k, a.nomCommune()));
        p.add(a, label, r.trouve(), r.confiance() == Confiance.CONFLICT, r.confiance() == Confiance.COMMUNE);
    }

    private int etiquette(List<String> uais) {
        return numeros.computeIfAbsent(uais, k -> {
            etiquettes.add(k);
            return etiquettes.size() - 1;
        });
    }

    public Resultat construire() {
        Map<String, List<SecteurPolygone>> parCommune = new ConcurrentHashMap<>();
        Map<String, Boolean> construites = new ConcurrentHashMap<>();
        communes.values().parallelStream().forEach(p -> {
            List<SecteurPolygone> polys = polygones(p);
            construites.put(p.code, polys != null);
            parCommune.put(p.code, polys == null ? List.of() : polys);
        });
        List<SecteurPolygone> tous = new ArrayList<>();
        List<Couverture.Commune> lignes = new ArrayList<>();
        List<Couverture.Desaccord> desaccords = new ArrayList<>();
        long adresses = 0;
        long appariees = 0;
        long sans = 0;
        long conflits = 0;
        long partagees = 0;
        for (Points p : communes.values()) {
            partagees += p.partagees;
            tous.addAll(parCommune.get(p.code));
            boolean construite = construites.get(p.code);
            lignes.add(new Couverture.Commune(p.code, p.nom, p.adresses, p.appariees, p.sansSecteur, p.conflits, p.taux(), construite));
            adresses += p.adresses;
            appariees += p.appariees;
            sans += p.sansSecteur;
            conflits += p.conflits;
            if (!construite) {
                desaccords.add(new Couverture.Desaccord(p.code, p.nom, String.format(java.util.Locale.ROOT,
                        "%.0f %% des adresses appariées (seuil %.0f %%) : secteurs non construits", 100 * p.taux(), 100 * SEUIL_APPARIEMENT)));
            } else if (p.appariees == 0 && p.adresses > 0) {
                desaccords.add(new Couverture.Desaccord(p.code, p.nom, "commune de la BAN sans secteur dans la carte"));
            }
        }
        Set<String> vues = communes.keySet();
        Set<String> carteCommunes = new TreeSet<>();
        for (Couverture.Commune c : lignes) {
            carteCommunes.add(c.code());
        }
        List<Couverture.VoieSansAdresse> voiesSans = new ArrayList<>();
        Set<String> departements = new HashSet<>();
        vues.forEach(c -> departements.add(fr.geoeduc.core.referentiel.CodeNormaliser.departementOfCommune(c)));
        for (String code : carteCodes()) {
            if (!departements.contains(fr.geoeduc.core.referentiel.CodeNormaliser.departementOfCommune(code))) {
                continue; // another département's BAN was not given
            }
            boolean presente = vues.contains(code) || communes.values().stream().anyMatch(p -> p.anciennes.contains(code));
            if (!presente) {
                desaccords.add(new Couverture.Desaccord(code, carte.libelle(code), "commune de la carte sans adresse dans la BAN"));
            }
            for (Carte.Voie v : carte.voies(code)) {
                if (!voiesVues.contains(code + "|" + v.libelle())) {
                    voiesSans.add(new Couverture.VoieSansAdresse(code, carte.libelle(code), v.libelle()));
                }
            }
        }
        return new Resultat(tous, new Couverture(lignes, voiesSans, adresses, appariees, sans, conflits, partagees, desaccords), carte.version());
    }

    private Set<String> carteCodes() {
        Set<String> codes = new TreeSet<>();
        for (String key : carte.nomsDeCommunes()) {
            codes.addAll(carte.communesNommees(key));
        }
        return codes;
    }

    /** The commune's polygons, or null when it is street-split and matched below the threshold. */
    private List<SecteurPolygone> polygones(Points p) {
        p.compter();
        Geometry contour = contour(p.code);
        Set<Integer> labels = new TreeSet<>();
        for (int i = 0; i < p.n; i++) {
            labels.add(p.label[i]);
        }
        if (labels.size() == 1) {
            int l = labels.iterator().next();
            Geometry g = contour != null ? contour : enveloppe(p);
            SecteurPolygone.Nature nature = l == 0 ? SecteurPolygone.Nature.SANS_SECTEUR
                    : p.parCommune == p.n ? SecteurPolygone.Nature.COMMUNE : SecteurPolygone.Nature.ADRESSES;
            return List.of(polygone(p, l, nature, g, p.n));
        }
        if (p.taux() < SEUIL_APPARIEMENT) {
            return null;
        }
        Geometry clip = contour != null ? contour : enveloppe(p);
        Map<Long, Integer> sites = new LinkedHashMap<>();
        List<Coordinate> coords = new ArrayList<>();
        for (int i = 0; i < p.n; i++) {
            long key = cle(p.x[i], p.y[i]);
            Integer deja = sites.putIfAbsent(key, p.label[i]);
            if (deja == null) {
                coords.add(new Coordinate(p.x[i], p.y[i]));
            } else if (deja != p.label[i]) {
                p.partagees++;
            }
        }
        Map<Integer, List<Geometry>> cellules = new HashMap<>();
        Map<Integer, Long> compte = new HashMap<>();
        for (int i = 0; i < p.n; i++) {
            compte.merge(p.label[i], 1L, Long::sum);
        }
        if (coords.size() == 1) {
            cellules.computeIfAbsent(sites.values().iterator().next(), k -> new ArrayList<>()).add(clip);
        } else {
            VoronoiDiagramBuilder vb = new VoronoiDiagramBuilder();
            vb.setSites(coords);
            Envelope env = new Envelope(clip.getEnvelopeInternal());
            env.expandBy(1000);
            vb.setClipEnvelope(env);
            Geometry diagram = vb.getDiagram(gf);
            for (int i = 0; i < diagram.getNumGeometries(); i++) {
                Geometry cell = diagram.getGeometryN(i);
                Coordinate site = (Coordinate) cell.getUserData();
                Integer l = sites.get(cle(site.x, site.y));
                cellules.computeIfAbsent(l == null ? 0 : l, k -> new ArrayList<>()).add(cell);
            }
        }
        List<SecteurPolygone> out = new ArrayList<>();
        for (var e : new java.util.TreeMap<>(cellules).entrySet()) {
            Geometry union = dissoudre(e.getValue());
            Geometry g = OverlayNGRobust.overlay(union, clip, OverlayNG.INTERSECTION);
            if (g.isEmpty()) {
                continue;
            }
            out.add(polygone(p, e.getKey(), e.getKey() == 0 ? SecteurPolygone.Nature.SANS_SECTEUR : SecteurPolygone.Nature.ADRESSES,
                    g, compte.getOrDefault(e.getKey(), 0L)));
        }
        return out;
    }

    /** Voronoi cells share their edges exactly: a coverage union, far faster than a general one; general on failure. */
    private Geometry dissoudre(List<Geometry> cellules) {
        Geometry collection = gf.buildGeometry(cellules);
        try {
            return org.locationtech.jts.operation.overlayng.CoverageUnion.union(collection);
        } catch (RuntimeException e) {
            return UnaryUnionOp.union(cellules);
        }
    }

    private SecteurPolygone polygone(Points p, int label, SecteurPolygone.Nature nature, Geometry l93, long n) {
        Geometry affichage = TopologyPreservingSimplifier.simplify(l93, SIMPLIFICATION_M);
        return new SecteurPolygone(p.code, p.nom, etiquettes.get(label), nature, p.taux(), n, l93, versWgs84(affichage));
    }

    private static long cle(double x, double y) {
        return Math.round(x / GRILLE_M) * 100_000_000L + Math.round(y / GRILLE_M);
    }

    /** Without a loaded contour: the convex hull of the commune's addresses, 100 m around. */
    private Geometry enveloppe(Points p) {
        Coordinate[] cs = new Coordinate[p.n];
        for (int i = 0; i < p.n; i++) {
            cs[i] = new Coordinate(p.x[i], p.y[i]);
        }
        MultiPoint mp = gf.createMultiPointFromCoords(cs);
        return mp.convexHull().buffer(100, 4);
    }

    /** The commune's contour in Lambert-93 (with the communes it absorbed), null when not loaded. */
    private Geometry contour(String code) {
        List<Geometry> parts = new ArrayList<>();
        Set<String> codes = new TreeSet<>(referentiels.history().predecessors(code));
        codes.add(code);
        for (String c : codes) {
            referentiels.commune(c).map(f -> f.geometry()).filter(g -> g != null && !g.isEmpty()).ifPresent(parts::add);
        }
        if (parts.isEmpty()) {
            return null;
        }
        Geometry wgs = parts.size() == 1 ? parts.get(0) : UnaryUnionOp.union(parts);
        Geometry l93 = gf.createGeometry(wgs);
        l93.apply(new Reprojection(true));
        l93.geometryChanged();
        Geometry valid = l93.isValid() ? l93 : l93.buffer(0);
        return valid instanceof Polygon || valid.getNumGeometries() > 0 ? valid : null;
    }

    private Geometry versWgs84(Geometry l93) {
        Geometry g = l93.copy();
        g.apply(new Reprojection(false));
        g.geometryChanged();
        return g;
    }

    private final class Reprojection implements CoordinateSequenceFilter {
        private final boolean versLambert;

        Reprojection(boolean versLambert) {
            this.versLambert = versLambert;
        }

        @Override
        public void filter(CoordinateSequence seq, int i) {
            if (versLambert) {
                double[] xy = crs.fromWgs84(LAMBERT93, seq.getY(i), seq.getX(i));
                seq.setOrdinate(i, 0, xy[0]);
                seq.setOrdinate(i, 1, xy[1]);
            } else {
                var p = crs.toWgs84(LAMBERT93, seq.getX(i), seq.getY(i)).orElseThrow();
                seq.setOrdinate(i, 0, Math.round(p.lon() * 1e6) / 1e6);
                seq.setOrdinate(i, 1, Math.round(p.lat() * 1e6) / 1e6);
            }
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public boolean isGeometryChanged() {
            return true;
        }
    }

    /** One commune's addresses, compactly (a national run holds millions). */
    private static final class Points {
        final String code;
        final String nom;
        final Set<String> anciennes = new HashSet<>(2);
        static final byte TOPONYME = 1;
        static final byte TROUVE = 2;
        static final byte CONFLIT = 4;
        double[] x = new double[16];
        double[] y = new double[16];
        int[] label = new int[16];
        byte[] etat = new byte[16];
        int n;
        int parCommune;
        long adresses;
        long appariees;
        long sansSecteur;
        long conflits;
        volatile long partagees;

        Points(String code, String nom) {
            this.code = code;
            this.nom = nom;
        }

        void add(BanAdresse a, int l, boolean trouve, boolean conflit, boolean commune) {
            if (n == x.length) {
                x = Arrays.copyOf(x, n * 2);
                y = Arrays.copyOf(y, n * 2);
                label = Arrays.copyOf(label, n * 2);
                etat = Arrays.copyOf(etat, n * 2);
            }
            x[n] = a.x();
            y[n] = a.y();
            label[n] = l;
            etat[n] = (byte) ((a.toponyme() ? TOPONYME : 0) | (trouve ? TROUVE : 0) | (conflit ? CONFLIT : 0));
            n++;
            if (commune) {
                parCommune++;
            }
            if (!a.codeAncienneCommune().isEmpty()) {
                anciennes.add(a.codeAncienneCommune());
            }
        }

        /** The ratio counts distinct housenumbers: no toponyms, one address per position (the first one met). */
        void compter() {
            Integer[] ordre = new Integer[n];
            for (int i = 0; i < n; i++) {
                ordre[i] = i;
            }
            long[] cles = new long[n];
            for (int i = 0; i < n; i++) {
                cles[i] = cle(x[i], y[i]);
            }
            Arrays.sort(ordre, (a, b) -> cles[a] != cles[b] ? Long.compare(cles[a], cles[b]) : Integer.compare(a, b));
            long precedente = Long.MIN_VALUE;
            for (int k = 0; k < n; k++) {
                int i = ordre[k];
                if ((etat[i] & TOPONYME) != 0 || cles[i] == precedente) {
                    continue;
                }
                precedente = cles[i];
                adresses++;
                if ((etat[i] & TROUVE) != 0) {
                    appariees++;
                } else {
                    sansSecteur++;
                }
                if ((etat[i] & CONFLIT) != 0) {
                    conflits++;
                }
            }
        }

        double taux() {
            return adresses == 0 ? 1.0 : (double) appariees / adresses;
        }
    }
}
