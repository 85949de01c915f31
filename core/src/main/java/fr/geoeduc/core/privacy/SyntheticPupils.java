package fr.geoeduc.core.privacy;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import fr.geoeduc.core.model.Names;
import fr.geoeduc.core.referentiel.Uai;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * <h2>SYNTHETIC individual pupil files — no real pupil is in them</h2>
 *
 * <p>Generates a realistic-looking, <strong>entirely synthetic</strong> file of individual pupils of the
 * premier degré, in the shape of the restricted ministry extractions (one row per pupil and rentrée), so that
 * the restricted-data paths of the platform (conventions, secret statistique, suppression of small cells,
 * masking of identifiers, the audit log) can be tested and demonstrated without ever handling real personal
 * data. Every value of every row is drawn from a pseudo-random generator: the INE are random numbers shaped like
 * INE, the sexes, birth years, social groups, scholarships and addresses are invented. Only the <em>écoles</em>
 * are real: their UAI, commune and position are read from a published, open annuaire de l'éducation file
 * (Licence Ouverte), so that joins with the open datasets (annuaire, IPS, effectifs) work in demos.</p>
 *
 * <h3>The file</h3>
 * UTF-8 without BOM, {@code ;} separator, a header of field names, {@code \n} line ends; the fields are
 * documented in {@link #FIELDS}. Rows are sorted by rentrée, école (UAI), level, INE.
 *
 * <h3>How it is generated</h3>
 * <ul>
 *   <li><b>Écoles</b>: the rows of the annuaire ({@link Options#annuaire()}) whose {@code Type_etablissement} is
 *   {@code Ecole} (not closed, with a UAI that passes the check letter). By default only the écoles with an
 *   elementary level ({@code Ecole_elementaire = 1}); with {@link Options#maternelle()} also the maternelle
 *   levels and the écoles maternelles. At most {@link Options#maxEcoles()} écoles, a seeded sample of them
 *   (0 = all). <b>When the file is absent</b> (no {@code ../shared/data} beside the checkout), 40 fictitious
 *   écoles are generated instead in 12 fictitious communes with codes {@code 359xx} (a range no real commune of
 *   Ille-et-Vilaine uses) and valid UAIs {@code 0359xxx} + check letter; {@link Result#realAnnuaire()} then says
 *   false.</li>
 *   <li><b>Pupils per école</b>: {@code Nombre_d_eleves} × {@link Options#scale()} (150 when the annuaire has no
 *   count), times the share of the école's levels that are generated (5/8 for a primaire without
 *   {@code maternelle}), with a few percent of yearly variation; levels are balanced with noise.</li>
 *   <li><b>Several rentrées</b> follow the same pupils: from one rentrée to the next a pupil moves up one level
 *   (about 1% repeat a year), leaves at the end of CM2 or with a 5% chance of moving away; newcomers fill the
 *   levels (mostly CP). The same INE therefore appears once per rentrée: the key of the file is
 *   ({@code ine}, {@code rentree_scolaire}), and {@code ine} alone is unique within a rentrée.</li>
 *   <li><b>Social mix</b>: each école has its own latent social index (higher for private écoles, lower in REP and
 *   REP+, then random), which shifts the shares of the four PCS groups around national-like shares (about
 *   23/13/27/37%), so that an IPS-like indicator differs between écoles. {@code boursier} is drawn with a
 *   probability that depends on the PCS group (2%, 6%, 18%, 45%).</li>
 *   <li><b>Residence</b>: mostly the école's commune ({@code Code_commune}); about 10% of public and 30% of
 *   private pupils live in one of the nearest communes of the file. The address point is near the école (or near
 *   the centre of the neighbouring commune), within a radius estimated from the spread of that commune's
 *   établissements.</li>
 *   <li><b>Determinism</b>: the same options (seed included) give a byte-identical file; each école has its own
 *   generator derived from the seed and its UAI, so that an école's pupils do not depend on which other écoles
 *   were selected.</li>
 * </ul>
 * Small cells are expected and wanted: in a small école, some école × sexe × PCS cells count 1 or 2 pupils,
 * which is what the secret statistique has to hide.
 */
public final class SyntheticPupils {

    /** The annuaire of Ille-et-Vilaine shared beside the checkout (relative to the working directory). */
    public static final Path DEFAULT_ANNUAIRE = Path.of("..", "shared", "data", "ille-et-vilaine", "fr-en-annuaire-education.csv");

    /** Pupils of an école when the annuaire gives no {@code Nombre_d_eleves}. */
    public static final int DEFAULT_PUPILS = 150;

    public static final String PCS_TRES_FAVORISEE = "très favorisée";
    public static final String PCS_FAVORISEE = "favorisée";
    public static final String PCS_MOYENNE = "moyenne";
    public static final String PCS_DEFAVORISEE = "défavorisée";
    /** The four PCS groups, from the most to the least favoured. */
    public static final List<String> PCS_GROUPS = List.of(PCS_TRES_FAVORISEE, PCS_FAVORISEE, PCS_MOYENNE, PCS_DEFAVORISEE);

    /** One documented field of the file, with its label as the catalogue shows it. */
    public record FieldDoc(String name, String label, String type, String description) {
    }

    /** The fields of the file, in column order, with their meaning (all values are synthetic). */
    public static final List<FieldDoc> FIELDS = List.of(
            new FieldDoc("ine", "INE (identifiant national élève)", "text",
                    "Identifiant national élève SYNTHÉTIQUE : 10 chiffres et une lettre (ex. 1234567890A), tirés au hasard, "
                            + "sans clé officielle ; unique dans une rentrée, le même pour un élève suivi d'une rentrée à l'autre."),
            new FieldDoc("uai_ecole", "UAI de l'école", "text",
                    "UAI réel de l'école (annuaire de l'éducation, Type_etablissement = Ecole), lettre clé valide."),
            new FieldDoc("rentree_scolaire", "Rentrée scolaire", "int", "Année de la rentrée scolaire (ex. 2023 pour 2023-2024)."),
            new FieldDoc("mef", "Niveau", "text",
                    "Niveau : CP (cours préparatoire), CE1 (cours élémentaire 1re année), CE2 (cours élémentaire 2e année), "
                            + "CM1 (cours moyen 1re année), CM2 (cours moyen 2e année) ; avec l'option maternelle aussi PS, MS, GS "
                            + "(petite, moyenne, grande section)."),
            new FieldDoc("sexe", "Sexe", "text", "F ou M."),
            new FieldDoc("annee_naissance", "Année de naissance", "int",
                    "Année de naissance : rentrée − 6 pour le CP (− 7 en CE1 … − 10 en CM2, − 3 en PS), "
                            + "un an de plus pour environ 4 % des élèves (retard), un an de moins pour 0,6 % (avance)."),
            new FieldDoc("pcs_groupe", "Groupe de PCS du responsable", "text",
                    "Groupe de PCS du responsable : très favorisée, favorisée, moyenne ou défavorisée ; "
                            + "répartition propre à chaque école (mixité sociale différente)."),
            new FieldDoc("boursier", "Boursier", "boolean", "true ou false ; fréquence liée au groupe de PCS (indicateur synthétique)."),
            new FieldDoc("commune_residence", "Commune de résidence (code INSEE)", "text",
                    "Code INSEE de la commune de résidence : le plus souvent celle de l'école, parfois une commune voisine du fichier."),
            new FieldDoc("adresse_lon", "Longitude du domicile", "double", "Longitude WGS84 (5 décimales) d'un point inventé près de l'école, dans la commune de résidence."),
            new FieldDoc("adresse_lat", "Latitude du domicile", "double", "Latitude WGS84 (5 décimales) du même point."));

    /**
     * What to generate.
     *
     * @param seed       the seed: same options, same file
     * @param rentrees   the rentrées written (a pupil is followed from one to the next); default [2023]
     * @param annuaire   the annuaire de l'éducation CSV to take the écoles from (when null or absent: generated écoles)
     * @param maxEcoles  at most this many écoles (a seeded sample); 0 = all
     * @param scale      multiplies every école's count of pupils (0.1 gives a small file)
     * @param maternelle also PS, MS, GS and the écoles maternelles
     */
    public record Options(long seed, List<Integer> rentrees, Path annuaire, int maxEcoles, double scale, boolean maternelle) {

        public Options {
            rentrees = rentrees == null || rentrees.isEmpty() ? List.of(2023) : List.copyOf(new TreeSet<>(rentrees));
            for (int r : rentrees) {
                if (r < 1900 || r > 2200) {
                    throw new IllegalArgumentException("rentrée out of range: " + r);
                }
            }
            if (maxEcoles < 0) {
                throw new IllegalArgumentException("maxEcoles must be 0 (all) or positive: " + maxEcoles);
            }
            if (!(scale > 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("scale must be positive: " + scale);
            }
        }

        /** Seed 35, rentrée 2023, {@link #DEFAULT_ANNUAIRE}, every école, scale 1, elementary levels only. */
        public static Options defaults() {
            return new Options(35, List.of(2023), DEFAULT_ANNUAIRE, 0, 1.0, false);
        }

        public Options withSeed(long value) {
            return new Options(value, rentrees, annuaire, maxEcoles, scale, maternelle);
        }

        public Options withRentrees(List<Integer> value) {
            return new Options(seed, value, annuaire, maxEcoles, scale, maternelle);
        }

        public Options withAnnuaire(Path value) {
            return new Options(seed, rentrees, value, maxEcoles, scale, maternelle);
        }

        public Options withMaxEcoles(int value) {
            return new Options(seed, rentrees, annuaire, value, scale, maternelle);
        }

        public Options withScale(double value) {
            return new Options(seed, rentrees, annuaire, maxEcoles, value, maternelle);
        }

        public Options withMaternelle(boolean value) {
            return new Options(seed, rentrees, annuaire, maxEcoles, scale, value);
        }
    }

    /**
     * What was written.
     *
     * @param rows           data rows (header excluded)
     * @param pupils         distinct INE
     * @param ecoles         écoles with pupils
     * @param realAnnuaire   true when the écoles come from the annuaire file, false when they were generated
     * @param rowsPerRentree rows of each rentrée
     */
    public record Result(Path file, long rows, long pupils, int ecoles, boolean realAnnuaire, Map<Integer, Long> rowsPerRentree) {
    }

    /** A level: its code, its label and the usual age reached during the calendar year of the rentrée. */
    enum Niveau {
        PS("petite section", 3), MS("moyenne section", 4), GS("grande section", 5),
        CP("cours préparatoire", 6), CE1("cours élémentaire 1re année", 7), CE2("cours élémentaire 2e année", 8),
        CM1("cours moyen 1re année", 9), CM2("cours moyen 2e année", 10);

        final String libelle;
        final int age;

        Niveau(String libelle, int age) {
            this.libelle = libelle;
            this.age = age;
        }
    }

    private static final List<Niveau> MATERNELLE = List.of(Niveau.PS, Niveau.MS, Niveau.GS);
    private static final List<Niveau> ELEMENTAIRE = List.of(Niveau.CP, Niveau.CE1, Niveau.CE2, Niveau.CM1, Niveau.CM2);
    private static final double[] PCS_BASE = {0.23, 0.13, 0.27, 0.37};
    private static final double[] PCS_SLOPE = {1.2, 0.5, 0.0, -1.0};
    private static final double[] BOURSIER = {0.02, 0.06, 0.18, 0.45};
    private static final double P_MOVE_AWAY = 0.05;
    private static final double P_REPEAT = 0.012;
    private static final double P_LATE = 0.04;
    private static final double P_EARLY = 0.006;
    private static final String INE_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";

    private SyntheticPupils() {
    }

    /** The usual birth year of a pupil of this level ({@code CP}, {@code CE1} … or {@code PS} …) at this rentrée. */
    public static int expectedBirthYear(String mef, int rentree) {
        return rentree - Niveau.valueOf(mef.strip().toUpperCase(Locale.ROOT)).age;
    }

    /** The long label of a level code ({@code CE1} → {@code cours élémentaire 1re année}). */
    public static String libelle(String mef) {
        return Niveau.valueOf(mef.strip().toUpperCase(Locale.ROOT)).libelle;
    }

    /** Writes the synthetic file {@code out} (replaced atomically) and says what was written. */
    public static Result generate(Path out, Options options) {
        Territory territory = territory(options);
        List<Ecole> ecoles = select(territory.ecoles, options);
        List<Integer> rentrees = options.rentrees();
        int first = rentrees.get(0);
        int last = rentrees.get(rentrees.size() - 1);
        Set<String> ines = new HashSet<>();
        Map<Integer, Long> perRentree = new TreeMap<>();
        long rows = 0;
        int withPupils = 0;
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            List<Cohort> cohorts = new ArrayList<>();
            for (Ecole e : ecoles) {
                cohorts.add(new Cohort(e, territory, options, ines));
            }
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
                StringBuilder header = new StringBuilder();
                for (FieldDoc f : FIELDS) {
                    header.append(header.isEmpty() ? "" : ";").append(f.name());
                }
                w.write(header.append('\n').toString());
                for (int year = first; year <= last; year++) {
                    boolean written = rentrees.contains(year);
                    long n = 0;
                    for (Cohort c : cohorts) {
                        if (year == first) {
                            c.start(year);
                        } else {
                            c.advance(year);
                        }
                        if (written) {
                            n += c.write(w, year);
                        }
                    }
                    if (written) {
                        perRentree.put(year, n);
                        rows += n;
                    }
                }
            }
            for (Cohort c : cohorts) {
                if (c.everWritten) {
                    withPupils++;
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original failure is what matters
            }
            throw new UncheckedIOException("cannot write the synthetic pupils file " + out + ": " + e.getMessage(), e);
        }
        return new Result(out, rows, ines.size(), withPupils, territory.real, Collections.unmodifiableMap(perRentree));
    }

    // ------------------------------------------------------------------------------------------------------------
    // the territory: écoles and communes, read from the annuaire or generated

    record Ecole(String uai, String commune, double lat, double lon, Integer eleves, boolean prive, String educationPrioritaire,
                 boolean elementaire, boolean maternelle) {
    }

    /** A commune of the file: the centre and spread of its établissements, its nearest communes. */
    static final class Commune {
        final String code;
        double lat;
        double lon;
        double radiusKm;
        final List<double[]> points = new ArrayList<>();
        List<Commune> neighbours = List.of();
        double[] neighbourWeights = new double[0];

        Commune(String code) {
            this.code = code;
        }
    }

    record Territory(List<Ecole> ecoles, Map<String, Commune> communes, boolean real) {
    }

    static Territory territory(Options options) {
        Path file = options.annuaire();
        Territory t = file != null && Files.isRegularFile(file) ? readAnnuaire(file) : generatedTerritory();
        finishCommunes(t.communes);
        return t;
    }

    /** The écoles of an annuaire de l'éducation file (labels or field-names header, {@code ;} or {@code ,}). */
    static Territory readAnnuaire(Path file) {
        Map<String, Commune> communes = new TreeMap<>();
        List<Ecole> ecoles = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (Reader reader = openSkippingBom(file); CsvReader<CsvRecord> csv = CsvReader.builder().fieldSeparator(sniff(file))
                .quoteCharacter('"').skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true).ofCsvRecord(reader)) {
            Map<String, Integer> col = null;
            for (CsvRecord r : csv) {
                if (col == null) {
                    col = new HashMap<>();
                    for (int i = 0; i < r.getFieldCount(); i++) {
                        col.putIfAbsent(Names.normalise(r.getField(i)), i);
                    }
                    for (String required : List.of("identifiant_de_l_etablissement", "type_etablissement", "code_commune")) {
                        if (!col.containsKey(required)) {
                            throw new IllegalArgumentException(file + " is not an annuaire de l'éducation file: no column " + required);
                        }
                    }
                    continue;
                }
                String commune = communeCode(field(r, col, "code_commune"));
                if (commune == null) {
                    continue;
                }
                Double lat = number(field(r, col, "latitude"));
                Double lon = number(field(r, col, "longitude"));
                Commune c = communes.computeIfAbsent(commune, Commune::new);
                boolean located = lat != null && lon != null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat == 0 && lon == 0);
                if (located) {
                    c.points.add(new double[] {lat, lon});
                }
                if (!"ecole".equals(Names.normalise(field(r, col, "type_etablissement")))) {
                    continue;
                }
                String etat = Names.normalise(field(r, col, "etat"));
                if (etat.equals("ferme")) {
                    continue;
                }
                String uai = Uai.normalise(field(r, col, "identifiant_de_l_etablissement")).orElse(null);
                if (uai == null || !Uai.isValid(uai) || !seen.add(uai)) {
                    continue;
                }
                Double eleves = number(field(r, col, "nombre_d_eleves"));
                String statut = Names.normalise(field(r, col, "statut_public_prive"));
                String ep = field(r, col, "appartenance_education_prioritaire").strip().toUpperCase(Locale.ROOT);
                String elem = field(r, col, "ecole_elementaire").strip();
                String mat = field(r, col, "ecole_maternelle").strip();
                boolean isElem = !elem.equals("0");
                boolean isMat = !mat.equals("0");
                if (!isElem && !isMat) {
                    isElem = true;
                    isMat = true;
                }
                ecoles.add(new Ecole(uai, commune, located ? lat : Double.NaN, located ? lon : Double.NaN,
                        eleves == null || eleves <= 0 ? null : (int) Math.round(eleves), statut.startsWith("prive"), ep, isElem, isMat));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the annuaire " + file + ": " + e.getMessage(), e);
        }
        ecoles.sort(Comparator.comparing(Ecole::uai));
        return new Territory(ecoles, communes, true);
    }

    private static Reader openSkippingBom(Path file) throws IOException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    private static char sniff(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = reader.readLine();
            if (line == null) {
                return ';';
            }
            long semicolons = line.chars().filter(ch -> ch == ';').count();
            long commas = line.chars().filter(ch -> ch == ',').count();
            long tabs = line.chars().filter(ch -> ch == '\t').count();
            return tabs > semicolons && tabs > commas ? '\t' : commas > semicolons ? ',' : ';';
        }
    }

    private static String field(CsvRecord r, Map<String, Integer> col, String name) {
        Integer i = col.get(name);
        return i == null || i >= r.getFieldCount() ? "" : r.getField(i);
    }

    private static Double number(String raw) {
        String s = raw == null ? "" : raw.strip().replace(',', '.');
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A 5-character INSEE code (left zero restored: {@code 1001} → {@code 01001}), or null. */
    private static String communeCode(String raw) {
        String s = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
        if (s.matches("\\d{4}")) {
            s = "0" + s;
        }
        return s.matches("\\d{5}|2[AB]\\d{3}") ? s : null;
    }

    /** 12 fictitious communes ({@code 35901}–{@code 35912}) and 40 fictitious écoles, used when the annuaire is absent. */
    static Territory generatedTerritory() {
        SplittableRandom random = new SplittableRandom(35);
        Map<String, Commune> communes = new TreeMap<>();
        List<Ecole> ecoles = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String code = String.format(Locale.ROOT, "359%02d", i + 1);
            double lat = 47.95 + (i / 4) * 0.12;
            double lon = -2.05 + (i % 4) * 0.15;
            Commune c = communes.computeIfAbsent(code, Commune::new);
            c.points.add(new double[] {lat, lon});
            c.points.add(new double[] {lat + 0.01, lon + 0.012});
            codes.add(code);
        }
        for (int k = 0; k < 40; k++) {
            String code = codes.get(k < 12 ? k : random.nextInt(codes.size()));
            double[] centre = communes.get(code).points.get(0);
            String digits = String.format(Locale.ROOT, "0359%03d", 100 + k);
            boolean prive = random.nextInt(4) == 0;
            String ep = k % 13 == 0 ? "REP" : "";
            boolean elem = k % 6 != 5;
            boolean mat = k % 6 != 4;
            ecoles.add(new Ecole(digits + Uai.checkLetter(digits), code, centre[0] + (random.nextDouble() - 0.5) * 0.02,
                    centre[1] + (random.nextDouble() - 0.5) * 0.025, 40 + random.nextInt(260), prive, ep, elem, mat));
        }
        ecoles.sort(Comparator.comparing(Ecole::uai));
        return new Territory(ecoles, communes, false);
    }

    /** Centre, radius and nearest communes of every commune. */
    private static void finishCommunes(Map<String, Commune> communes) {
        double sumLat = 0;
        double sumLon = 0;
        int n = 0;
        for (Commune c : communes.values()) {
            for (double[] p : c.points) {
                sumLat += p[0];
                sumLon += p[1];
                n++;
            }
        }
        double defLat = n == 0 ? 48.1147 : sumLat / n;
        double defLon = n == 0 ? -1.6794 : sumLon / n;
        List<Commune> located = new ArrayList<>();
        for (Commune c : communes.values()) {
            if (c.points.isEmpty()) {
                c.lat = defLat;
                c.lon = defLon;
                c.radiusKm = 1.5;
                continue;
            }
            double la = 0;
            double lo = 0;
            for (double[] p : c.points) {
                la += p[0];
                lo += p[1];
            }
            c.lat = la / c.points.size();
            c.lon = lo / c.points.size();
            double max = 0;
            for (double[] p : c.points) {
                max = Math.max(max, km(c.lat, c.lon, p[0], p[1]));
            }
            c.radiusKm = Math.clamp(c.points.size() == 1 ? 1.2 : max * 1.1, 0.5, 4.0);
            located.add(c);
        }
        for (Commune c : communes.values()) {
            if (c.points.isEmpty()) {
                continue;
            }
            List<Commune> others = new ArrayList<>();
            for (Commune o : located) {
                if (o != c && km(c.lat, c.lon, o.lat, o.lon) <= 20) {
                    others.add(o);
                }
            }
            others.sort(Comparator.comparingDouble((Commune o) -> km(c.lat, c.lon, o.lat, o.lon)).thenComparing(o -> o.code));
            c.neighbours = List.copyOf(others.subList(0, Math.min(6, others.size())));
            c.neighbourWeights = new double[c.neighbours.size()];
            for (int i = 0; i < c.neighbours.size(); i++) {
                Commune o = c.neighbours.get(i);
                c.neighbourWeights[i] = 1.0 / Math.max(1.0, km(c.lat, c.lon, o.lat, o.lon));
            }
        }
    }

    private static double km(double lat1, double lon1, double lat2, double lon2) {
        double dy = (lat2 - lat1) * 111.32;
        double dx = (lon2 - lon1) * 111.32 * Math.cos(Math.toRadians((lat1 + lat2) / 2));
        return Math.sqrt(dx * dx + dy * dy);
    }

    private static List<Ecole> select(List<Ecole> all, Options options) {
        List<Ecole> usable = new ArrayList<>();
        for (Ecole e : all) {
            if (e.elementaire() || options.maternelle()) {
                usable.add(e);
            }
        }
        if (options.maxEcoles() == 0 || options.maxEcoles() >= usable.size()) {
            return usable;
        }
        List<Ecole> shuffled = new ArrayList<>(usable);
        Collections.shuffle(shuffled, new java.util.Random(options.seed()));
        List<Ecole> chosen = new ArrayList<>(shuffled.subList(0, options.maxEcoles()));
        chosen.sort(Comparator.comparing(Ecole::uai));
        return chosen;
    }

    // ------------------------------------------------------------------------------------------------------------
    // the pupils of one école, followed from rentrée to rentrée

    private static final class Pupil {
        final String ine;
        final String sexe;
        final int birthYear;
        final int pcs;
        final boolean boursier;
        final String commune;
        final double lat;
        final double lon;
        int level;

        Pupil(String ine, String sexe, int birthYear, int pcs, boolean boursier, String commune, double lat, double lon, int level) {
            this.ine = ine;
            this.sexe = sexe;
            this.birthYear = birthYear;
            this.pcs = pcs;
            this.boursier = boursier;
            this.commune = commune;
            this.lat = lat;
            this.lon = lon;
            this.level = level;
        }
    }

    private static final class Cohort {
        final Ecole ecole;
        final Commune home;
        final SplittableRandom random;
        final List<Niveau> levels;
        final int target;
        final double[] pcsShares;
        final double lat;
        final double lon;
        final double pOtherCommune;
        final Set<String> ines;
        List<Pupil> pupils = new ArrayList<>();
        boolean everWritten;

        Cohort(Ecole ecole, Territory territory, Options options, Set<String> ines) {
            this.ecole = ecole;
            this.ines = ines;
            this.home = territory.communes().get(ecole.commune());
            this.random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L ^ ecole.uai().hashCode());
            List<Niveau> l = new ArrayList<>();
            if (options.maternelle() && ecole.maternelle()) {
                l.addAll(MATERNELLE);
            }
            if (ecole.elementaire()) {
                l.addAll(ELEMENTAIRE);
            }
            this.levels = List.copyOf(l);
            int schoolLevels = (ecole.maternelle() ? MATERNELLE.size() : 0) + (ecole.elementaire() ? ELEMENTAIRE.size() : 0);
            double base = ecole.eleves() == null ? DEFAULT_PUPILS : ecole.eleves();
            this.target = Math.max(1, (int) Math.round(base * options.scale() * levels.size() / schoolLevels));
            this.lat = Double.isNaN(ecole.lat()) ? home.lat : ecole.lat();
            this.lon = Double.isNaN(ecole.lon()) ? home.lon : ecole.lon();
            this.pOtherCommune = home.neighbours.isEmpty() ? 0 : ecole.prive() ? 0.30 : 0.10;
            double mu = ecole.prive() ? 0.5 : 0.0;
            String ep = ecole.educationPrioritaire();
            if (ep.equals("REP+")) {
                mu = -1.6;
            } else if (ep.equals("REP")) {
                mu = -1.0;
            }
            double index = mu - 0.15 + 0.55 * random.nextGaussian();
            this.pcsShares = new double[PCS_BASE.length];
            double sum = 0;
            for (int k = 0; k < PCS_BASE.length; k++) {
                pcsShares[k] = PCS_BASE[k] * Math.exp(index * PCS_SLOPE[k]);
                sum += pcsShares[k];
            }
            for (int k = 0; k < pcsShares.length; k++) {
                pcsShares[k] /= sum;
            }
        }

        void start(int rentree) {
            fill(rentree);
        }

        void advance(int rentree) {
            List<Pupil> next = new ArrayList<>();
            for (Pupil p : pupils) {
                if (random.nextDouble() < P_MOVE_AWAY || p.level == levels.size() - 1) {
                    continue;
                }
                int expected = rentree - 1 - levels.get(p.level).age;
                boolean behind = p.birthYear < expected;
                if (behind || random.nextDouble() >= P_REPEAT) {
                    p.level++;
                }
                next.add(p);
            }
            pupils = next;
            fill(rentree);
        }

        /** Newcomers in the levels below their (noisy) size of the year. */
        private void fill(int rentree) {
            double yearTarget = target * (1 + 0.03 * random.nextGaussian());
            int[] count = new int[levels.size()];
            for (Pupil p : pupils) {
                count[p.level]++;
            }
            boolean firstYear = pupils.isEmpty();
            for (int level = 0; level < levels.size(); level++) {
                // the entry level (and every level the first year) varies; the others are only topped up by arrivals
                double noise = firstYear || level == 0 ? 1 + 0.08 * random.nextGaussian() : 0.97;
                int size = (int) Math.max(0, Math.round(yearTarget / levels.size() * noise));
                for (int k = count[level]; k < size; k++) {
                    pupils.add(newPupil(rentree, level));
                }
            }
            if (pupils.isEmpty()) {
                pupils.add(newPupil(rentree, random.nextInt(levels.size()))); // a tiny école at a small scale
            }
            pupils.sort(Comparator.comparingInt((Pupil p) -> p.level).thenComparing(p -> p.ine));
        }

        private Pupil newPupil(int rentree, int level) {
            String ine;
            do {
                StringBuilder sb = new StringBuilder(11);
                sb.append((char) ('1' + random.nextInt(9)));
                for (int i = 1; i < 10; i++) {
                    sb.append((char) ('0' + random.nextInt(10)));
                }
                ine = sb.append(INE_LETTERS.charAt(random.nextInt(INE_LETTERS.length()))).toString();
            } while (!ines.add(ine));
            String sexe = random.nextDouble() < 0.488 ? "F" : "M";
            double u = random.nextDouble();
            int shift = u < P_LATE ? -1 : u < P_LATE + P_EARLY ? 1 : 0;
            int birthYear = rentree - levels.get(level).age + shift;
            int pcs = pick(pcsShares, random.nextDouble());
            boolean boursier = random.nextDouble() < BOURSIER[pcs];
            Commune residence = home;
            double cLat = lat;
            double cLon = lon;
            if (random.nextDouble() < pOtherCommune) {
                residence = home.neighbours.get(pick(home.neighbourWeights, random.nextDouble() * sum(home.neighbourWeights)));
                cLat = residence.lat;
                cLon = residence.lon;
            }
            double radius = residence.radiusKm;
            double dx;
            double dy;
            do {
                dx = random.nextGaussian() * radius / 2;
                dy = random.nextGaussian() * radius / 2;
            } while (dx * dx + dy * dy > radius * radius);
            double pLat = cLat + dy / 111.32;
            double pLon = cLon + dx / (111.32 * Math.cos(Math.toRadians(cLat)));
            return new Pupil(ine, sexe, birthYear, pcs, boursier, residence.code, pLat, pLon, level);
        }

        long write(Writer w, int rentree) throws IOException {
            StringBuilder sb = new StringBuilder(128);
            for (Pupil p : pupils) {
                sb.setLength(0);
                sb.append(p.ine).append(';').append(ecole.uai()).append(';').append(rentree).append(';')
                        .append(levels.get(p.level).name()).append(';').append(p.sexe).append(';').append(p.birthYear).append(';')
                        .append(PCS_GROUPS.get(p.pcs)).append(';').append(p.boursier).append(';').append(p.commune).append(';')
                        .append(String.format(Locale.ROOT, "%.5f", p.lon)).append(';')
                        .append(String.format(Locale.ROOT, "%.5f", p.lat)).append('\n');
                w.write(sb.toString());
            }
            if (!pupils.isEmpty()) {
                everWritten = true;
            }
            return pupils.size();
        }
    }

    private static double sum(double[] weights) {
        double s = 0;
        for (double w : weights) {
            s += w;
        }
        return s;
    }

    /** The index whose cumulative weight first exceeds {@code u} (weights summing to at least u). */
    private static int pick(double[] weights, double u) {
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            if (u < acc) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** The long labels of the levels, by code (for documentation and help texts). */
    public static Map<String, String> levelLabels() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Niveau n : Niveau.values()) {
            m.put(n.name(), n.libelle);
        }
        return Collections.unmodifiableMap(m);
    }
}
