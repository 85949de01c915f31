package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.adresse.VoieNormaliser;

import fr.geoeduc.core.adresse.BanAdresse;
import fr.geoeduc.core.adresse.BanFormat;
import fr.geoeduc.core.referentiel.CrsTransformer;
import fr.geoeduc.core.referentiel.ReferentielFeature;
import fr.geoeduc.core.referentiel.Referentiels;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

import java.io.IOException;
import java.io.Writer;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * SYNTHETIC BAN-format addresses (spec carte-scolaire §6): the real street names of a carte placed inside the real
 * commune polygons (2018 contours, communes déléguées in their own polygon), odd and even numbers on either side of
 * a line, numbers at, inside and just past the carte's range bounds, plus streets the carte does not know. Each
 * address carries the collèges its carte rows give by a plain range-and-parity reading ({@link Adresse#attendu}),
 * computed here independently of the product's matcher. With {@code departements}, the carte's communes are
 * repeated under other département codes (a national-scale file for benchmarks; the carte must be renumbered alike).
 */
public final class BanSynthetique {

    private static final String[] VOIES_LIBRES = {"Rue de l'Église", "Place de la Mairie", "Le Bourg", "Chemin des Près",
            "Allée des Tilleuls", "Route de la Gare", "Impasse du Moulin", "Rue des Écoles"};
    private final Carte carte;
    private final Referentiels referentiels;
    private final CrsTransformer crs = new CrsTransformer();
    private final GeometryFactory gf = new GeometryFactory();
    private final Map<String, PreparedGeometry> prepared = new HashMap<>();
    private final Random random;
    private final int parCommuneEntiere;
    private final int parPlage;

    /** One generated address and the collèges a plain reading of the carte gives it (empty: none). */
    public record Adresse(BanAdresse ban, Set<String> attendu) {
    }

    /**
     * @param parCommuneEntiere addresses drawn in each whole-commune commune
     * @param parPlage          extra numbers drawn inside each street range (besides its bounds)
     */
    public BanSynthetique(Carte carte, Referentiels referentiels, long seed, int parCommuneEntiere, int parPlage) {
        this.carte = carte;
        this.referentiels = referentiels;
        this.random = new Random(seed);
        this.parCommuneEntiere = parCommuneEntiere;
        this.parPlage = parPlage;
    }

    /** Every carte commune whose polygon is loaded; {@code departement} renumbers the codes (null: as in the carte). */
    public List<Adresse> generer(String departement) {
        List<Adresse> out = new ArrayList<>();
        Set<String> codes = new TreeSet<>();
        carte.nomsDeCommunes().forEach(k -> codes.addAll(carte.communesNommees(k)));
        for (String code : codes) {
            Geometry polygone = referentiels.commune(code).map(ReferentielFeature::geometry).orElse(null);
            if (polygone == null) {
                continue;
            }
            String actuel = referentiels.history().successor(code).map(s -> s.currentCode()).orElse(code);
            String ancienne = actuel.equals(code) ? "" : code;
            List<LigneCarte> entiere = carte.communeEntiere(code);
            if (!entiere.isEmpty()) {
                Set<String> uais = new TreeSet<>();
                entiere.forEach(l -> uais.add(l.uai()));
                for (int i = 0; i < parCommuneEntiere; i++) {
                    String voie = VOIES_LIBRES[i % VOIES_LIBRES.length];
                    out.add(adresse(departement, actuel, ancienne, code, voie, 1 + i / VOIES_LIBRES.length, polygone,
                            point(code, polygone), uais));
                }
            }
            Map<String, List<LigneCarte>> parVoie = new LinkedHashMap<>();
            for (Carte.Voie v : carte.voies(code)) {
                for (LigneCarte l : v.lignes()) {
                    parVoie.computeIfAbsent(l.lieuDit() + "|" + v.libelle(), k -> new ArrayList<>()).add(l);
                }
            }
            int inconnues = 0;
            for (var e : parVoie.entrySet()) {
                List<LigneCarte> lignes = e.getValue();
                String lieuDit = lignes.get(0).lieuDit();
                String codeVoie = code;
                String ancienneVoie = ancienne;
                Geometry zone = polygone;
                if (!lieuDit.isEmpty()) {
                    String delegue = deleguee(actuel, lieuDit);
                    if (delegue != null) {
                        codeVoie = delegue;
                        ancienneVoie = delegue;
                        zone = referentiels.commune(delegue).map(ReferentielFeature::geometry).orElse(polygone);
                    }
                }
                String nom = casse(lignes.get(0).voie());
                Coordinate depart = point(codeVoie, zone);
                Set<Integer> numeros = new TreeSet<>();
                for (LigneCarte l : lignes) {
                    int d = Math.max(1, l.debut().numero());
                    int f = l.ouverteEnFin() ? d + 40 : l.fin().numero();
                    numeros.add(d);
                    numeros.add(f);
                    numeros.add(f + 2);
                    for (int k = 0; k < parPlage && f > d; k++) {
                        numeros.add(d + random.nextInt(f - d + 1));
                    }
                }
                for (int n : numeros) {
                    if (n < 1 || n > 9997 || bornesAIndice(lignes, n)) {
                        continue;
                    }
                    out.add(adresse(departement, actuel, ancienneVoie, codeVoie, nom, n, zone, le_long(codeVoie, zone, depart, n),
                            attendu(lignes, n)));
                }
                if (inconnues < 3 && random.nextInt(20) == 0) {
                    inconnues++;
                    Coordinate c = point(codeVoie, zone);
                    // a street absent from the carte gets a collège only when every street of its (ancienne) commune leads there
                    Set<Set<String>> ensembles = new java.util.HashSet<>();
                    parVoie.values().stream().filter(ls -> ls.get(0).lieuDit().equals(lieuDit))
                            .forEach(ls -> ls.forEach(l -> ensembles.add(Set.of(l.uai()))));
                    Set<String> infere = ensembles.size() == 1 ? ensembles.iterator().next() : Set.of();
                    out.add(adresse(departement, actuel, ancienneVoie, codeVoie, "Rue Imaginaire " + (char) ('A' + inconnues), 1, zone, c, infere));
                }
            }
        }
        return out;
    }

    /** The commune déléguée of {@code actuel} named {@code lieuDit} (the carte writes Mesnil-Roc'h's this way). */
    private String deleguee(String actuel, String lieuDit) {
        String key = VoieNormaliser.commune(lieuDit);
        Set<String> candidats = new TreeSet<>(referentiels.history().predecessors(actuel));
        candidats.add(actuel);
        for (String c : candidats) {
            var f = referentiels.commune(c);
            if (f.isPresent() && f.get().name() != null && VoieNormaliser.commune(f.get().name()).equals(key)) {
                return c;
            }
        }
        return null;
    }

    private static boolean bornesAIndice(List<LigneCarte> lignes, int n) {
        for (LigneCarte l : lignes) {
            if ((l.debut().numero() == n && !l.debut().rep().isEmpty()) || (l.fin().numero() == n && !l.fin().rep().isEmpty())) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> attendu(List<LigneCarte> lignes, int n) {
        Set<String> uais = new TreeSet<>();
        for (LigneCarte l : lignes) {
            boolean parite = switch (l.parite()) {
                case PAIRS -> n % 2 == 0;
                case IMPAIRS -> n % 2 == 1;
                case PAIRS_ET_IMPAIRS -> true;
            };
            boolean dedans = n >= l.debut().numero() && (l.fin().numero() >= 9998 || n <= l.fin().numero());
            if (parite && dedans) {
                uais.add(l.uai());
            }
        }
        return uais;
    }

    /** A carte name in mixed case, as the BAN's {@code nom_voie} ({@code RUE D ANTRAIN} → {@code Rue D Antrain}). */
    static String casse(String voie) {
        StringBuilder b = new StringBuilder();
        for (String w : voie.toLowerCase(Locale.ROOT).split(" ")) {
            if (w.isEmpty()) {
                continue;
            }
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return b.toString();
    }

    private Coordinate point(String code, Geometry zone) {
        PreparedGeometry p = prepared.computeIfAbsent(code + "@" + System.identityHashCode(zone), k -> PreparedGeometryFactory.prepare(zone));
        Envelope e = zone.getEnvelopeInternal();
        for (int i = 0; i < 10_000; i++) {
            Coordinate c = new Coordinate(e.getMinX() + random.nextDouble() * e.getWidth(), e.getMinY() + random.nextDouble() * e.getHeight());
            if (p.containsProperly(gf.createPoint(c))) {
                return c;
            }
        }
        return zone.getInteriorPoint().getCoordinate();
    }

    /** Number {@code n} of a street starting at {@code depart}: 4 m apart along it, odd and even ±5 m across. */
    private Coordinate le_long(String code, Geometry zone, Coordinate depart, int n) {
        double pas = 4.0 / 111_000;
        Coordinate c = new Coordinate(depart.x + (n / 2) * pas / 0.67, depart.y + (n % 2 == 0 ? 5 : -5) / 111_000.0);
        PreparedGeometry p = prepared.get(code + "@" + System.identityHashCode(zone));
        return p != null && p.containsProperly(gf.createPoint(c)) ? c : point(code, zone);
    }

    private Adresse adresse(String departement, String code, String ancienne, String codeVoie, String voie, int numero,
                            Geometry zone, Coordinate c, Set<String> attendu) {
        String insee = renumerote(departement, code);
        String anc = ancienne.isEmpty() ? "" : renumerote(departement, ancienne);
        double lon = Math.round(c.x * 1e6) / 1e6;
        double lat = Math.round(c.y * 1e6) / 1e6;
        double[] xy = crs.fromWgs84(2154, lat, lon);
        String nomCommune = referentiels.commune(code).map(ReferentielFeature::name).orElse(carte.libelle(code));
        String nomAncienne = anc.isEmpty() ? "" : referentiels.commune(ancienne).map(ReferentielFeature::name).orElse("");
        String voieId = Integer.toString(Math.abs((codeVoie + voie).hashCode()) % 1_000_000, 36);
        BanAdresse a = new BanAdresse(insee + "_" + voieId + "_" + String.format(Locale.ROOT, "%05d", numero), numero, "", voie,
                "35000", insee, nomCommune == null ? insee : nomCommune, anc, nomAncienne,
                Math.round(xy[0] * 100) / 100.0, Math.round(xy[1] * 100) / 100.0, lon, lat);
        return new Adresse(a, attendu);
    }

    private static String renumerote(String departement, String code) {
        return departement == null ? code : departement + code.substring(2);
    }

    /** Writes the addresses in the BAN layout (23 columns, {@code ;}, UTF-8, LF), header included when asked. */
    public static void ecrire(List<Adresse> adresses, Writer out, boolean entete) throws IOException {
        if (entete) {
            out.write(String.join(";", BanFormat.COLUMNS));
            out.write('\n');
        }
        StringBuilder b = new StringBuilder(256);
        for (Adresse x : adresses) {
            BanAdresse a = x.ban();
            b.setLength(0);
            b.append(a.id()).append(";;").append(a.numero()).append(';').append(a.rep()).append(';').append(a.nomVoie()).append(';')
                    .append(a.codePostal()).append(';').append(a.codeInsee()).append(';').append(a.nomCommune()).append(';')
                    .append(a.codeAncienneCommune()).append(';').append(a.nomAncienneCommune()).append(';')
                    .append(a.x()).append(';').append(a.y()).append(';').append(a.lon()).append(';').append(a.lat())
                    .append(";entrée;;;").append(afnor(a.nomCommune())).append(';').append(afnor(a.nomVoie()))
                    .append(";commune;commune;1;\n");
            out.write(b.toString());
        }
    }

    private static String afnor(String s) {
        String t = Normalizer.normalize(s.replace("œ", "oe").replace("Œ", "OE"), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return t.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", " ").strip();
    }
}
