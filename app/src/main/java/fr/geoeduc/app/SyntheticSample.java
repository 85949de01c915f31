package fr.geoeduc.app;

import fr.geoeduc.core.referentiel.Uai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A small, fully generated sample for the offline demo: a grid of fictitious communes, établissements with
 * valid-looking UAIs, their IPS and effectifs. Nothing in it is real; every file and catalogue entry made from
 * it says so. Deterministic (fixed seed) so that two offline demos look the same.
 */
final class SyntheticSample {

    static final String COMMUNES = "communes-synthetiques.geojson";
    static final String ANNUAIRE = "fr-en-annuaire-education-synthetique.csv";
    static final String IPS = "fr-en-ips_ecoles-synthetique.csv";
    static final String EFFECTIFS = "fr-en-ecoles-effectifs-nb_classes-synthetique.csv";
    static final String CARTE = "fr-en-carte-scolaire-colleges-publics-synthetique.csv";
    /** The streets of the commune whose sector is shared by two collèges, and which side of each goes to which. */
    private static final String[][] VOIES_PARTAGEES = {
            {"RUE DE LA GARE", "1", "9999", "PI", "A"}, {"PLACE DE LA MAIRIE", "1", "9999", "PI", "A"},
            {"AVENUE DE LA REPUBLIQUE", "1", "9999", "I", "A"}, {"AVENUE DE LA REPUBLIQUE", "2", "9999", "P", "B"},
            {"RUE DES ECOLES", "1", "49", "PI", "A"}, {"RUE DES ECOLES", "50", "9999", "PI", "B"},
            {"CHEMIN DU MOULIN", "1", "9999", "PI", "B"}, {"ROUTE DE RENNES", "1", "9999", "PI", "B"}};
    private static final int COLUMNS = 6;
    private static final int ROWS = 4;
    private static final double LAT0 = 47.95;
    private static final double LON0 = -2.05;
    private static final double STEP = 0.12;

    private record Commune(String code, String nom, double lat, double lon) {
    }

    private record Etablissement(String uai, String nom, String type, String statut, Commune commune, double lat, double lon,
                                 int eleves, String adresse) {
    }

    private SyntheticSample() {
    }

    static void generate(Path dir) {
        Random random = new Random(35);
        List<Commune> communes = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                int n = r * COLUMNS + c + 1;
                communes.add(new Commune(String.format("359%02d", n), "Commune synthétique " + n, LAT0 + r * STEP, LON0 + c * STEP));
            }
        }
        List<Etablissement> etablissements = new ArrayList<>();
        int next = 9000;
        for (Commune commune : communes) {
            int ecoles = 2 + random.nextInt(5);
            for (int k = 0; k < ecoles + 1; k++) {
                boolean college = k == ecoles;
                String digits = String.format("035%04d", next++);
                String uai = digits + Uai.checkLetter(digits);
                boolean prive = random.nextInt(5) == 0;
                double lat = commune.lat() + 0.01 + random.nextDouble() * (STEP - 0.02);
                double lon = commune.lon() + 0.01 + random.nextDouble() * (STEP - 0.02);
                int eleves = college ? 250 + random.nextInt(600) : 40 + random.nextInt(260);
                String nom = (college ? (prive ? "Collège privé" : "Collège public") : (prive ? "École privée" : "École publique"))
                        + " synthétique n°" + (next - 9000);
                // on a street of the carte (the shared commune's streets go to either collège by number and side)
                String[] voie = VOIES_PARTAGEES[k % VOIES_PARTAGEES.length];
                String adresse = (Integer.parseInt(voie[1]) + 2 * k) + " " + voie[0];
                etablissements.add(new Etablissement(uai, nom, college ? "Collège" : "Ecole", prive ? "Privé" : "Public", commune, lat, lon, eleves,
                        adresse));
            }
        }
        try {
            Files.createDirectories(dir);
            writeCommunes(dir.resolve(COMMUNES), communes);
            writeAnnuaire(dir.resolve(ANNUAIRE), etablissements);
            writeIps(dir.resolve(IPS), etablissements, random);
            writeEffectifs(dir.resolve(EFFECTIFS), etablissements, random);
            writeCarte(dir.resolve(CARTE), communes, etablissements);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the synthetic sample into " + dir, e);
        }
    }

    private static void writeCommunes(Path file, List<Commune> communes) throws IOException {
        StringBuilder sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"name\":\"communes SYNTHETIQUES\",\"features\":[");
        for (int i = 0; i < communes.size(); i++) {
            Commune c = communes.get(i);
            double a = c.lon();
            double b = c.lat();
            double e = STEP;
            sb.append(i > 0 ? "," : "").append(String.format(Locale.ROOT,
                    "{\"type\":\"Feature\",\"properties\":{\"code\":\"%s\",\"nom\":\"%s\"},\"geometry\":{\"type\":\"Polygon\","
                            + "\"coordinates\":[[[%.5f,%.5f],[%.5f,%.5f],[%.5f,%.5f],[%.5f,%.5f],[%.5f,%.5f]]]}}",
                    c.code(), c.nom(), a, b, a + e, b, a + e, b + e, a, b + e, a, b));
        }
        Files.writeString(file, sb.append("]}").toString(), StandardCharsets.UTF_8);
    }

    private static void writeAnnuaire(Path file, List<Etablissement> list) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("identifiant_de_l_etablissement;nom_etablissement;type_etablissement;statut_public_prive;adresse_1;code_postal;code_commune;"
                    + "nom_commune;code_departement;code_academie;code_region;nombre_d_eleves;latitude;longitude;position;etat;multi_uai\n");
            for (Etablissement e : list) {
                w.write(String.format(Locale.ROOT, "%s;%s;%s;%s;%s;35000;%s;%s;035;14;53;%d;%.6f;%.6f;%.6f, %.6f;OUVERT;0%n", e.uai(), e.nom(),
                        e.type(), e.statut(), e.adresse(), e.commune().code(), e.commune().nom(), e.eleves(), e.lat(), e.lon(), e.lat(), e.lon()));
            }
        }
    }

    /**
     * The carte scolaire of the public collèges, in the ministry's columns: each commune goes whole to the nearest
     * public collège (its own when it has one), except the first commune with a public collège, whose streets are
     * shared with the next nearest one by street, number range and parity, as in a town with two collèges.
     */
    private static void writeCarte(Path file, List<Commune> communes, List<Etablissement> etablissements) throws IOException {
        List<Etablissement> publics = etablissements.stream().filter(e -> e.type().equals("Collège") && e.statut().equals("Public")).toList();
        Commune partagee = publics.get(0).commune();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("code_region;libelle_region;code_academie;libelle_academie;code_departement;libelle_departement;code_postal;code_insee;"
                    + "libelle_commune;lieu_dit;Type_et_Libelle;No_de_voie_debut;Indice_de_repetition_debut;No_de_voie_fin;"
                    + "Indice_de_repetition_fin;Parite;Code_RNE;Secteur_unique\n");
            for (Commune c : communes) {
                List<Etablissement> nearest = publics.stream()
                        .sorted(java.util.Comparator.comparingDouble((Etablissement e) -> e.commune() == c ? -1 : distance(c, e))).toList();
                String prefix = "53;BRETAGNE;14;RENNES;035;ILLE-ET-VILAINE;;" + c.code() + ";" + c.nom() + ";;";
                if (c != partagee) {
                    w.write(prefix + ";;;;;;" + nearest.get(0).uai() + ";O\n");
                    continue;
                }
                for (String[] v : VOIES_PARTAGEES) {
                    String uai = nearest.get(v[4].equals("A") ? 0 : 1).uai();
                    w.write(prefix + v[0] + ";" + v[1] + ";;" + v[2] + ";;" + v[3] + ";" + uai + ";N\n");
                }
            }
        }
    }

    private static double distance(Commune c, Etablissement e) {
        double dLat = c.lat() + STEP / 2 - e.lat();
        double dLon = (c.lon() + STEP / 2 - e.lon()) * Math.cos(Math.toRadians(c.lat()));
        return dLat * dLat + dLon * dLon;
    }

    private static void writeIps(Path file, List<Etablissement> list, Random random) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("rentree_scolaire;academie;code_du_departement;departement;uai;nom_de_l_etablissement;code_insee_de_la_commune;"
                    + "nom_de_la_commune;secteur;ips\n");
            for (Etablissement e : list) {
                if (e.type().equals("Ecole")) {
                    double ips = 75 + random.nextGaussian() * 15 + 25 + (e.statut().equals("Privé") ? 12 : 0);
                    w.write(String.format(Locale.ROOT, "2021-2022;RENNES;035;ILLE-ET-VILAINE;%s;%s;%s;%s;%s;%.1f%n", e.uai(), e.nom(),
                            e.commune().code(), e.commune().nom(), e.statut().equals("Privé") ? "privé sous contrat" : "public", ips));
                }
            }
        }
    }

    private static void writeEffectifs(Path file, List<Etablissement> list, Random random) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("rentree_scolaire;code_departement;numero_ecole;denomination_principale;secteur;nombre_total_classes;nombre_total_eleves;"
                    + "nombre_eleves_preelementaire_hors_ulis;nombre_eleves_elementaire_hors_ulis;nombre_eleves_ulis;nombre_eleves_cp_hors_ulis;"
                    + "nombre_eleves_ce1_hors_ulis;nombre_eleves_ce2_hors_ulis;nombre_eleves_cm1_hors_ulis;nombre_eleves_cm2_hors_ulis\n");
            for (Etablissement e : list) {
                if (!e.type().equals("Ecole")) {
                    continue;
                }
                int[] levels = new int[5];
                int elementaire = 0;
                for (int i = 0; i < 5; i++) {
                    levels[i] = e.eleves() / 8 + random.nextInt(6);
                    elementaire += levels[i];
                }
                int pre = e.eleves() / 3;
                int ulis = random.nextInt(4) == 0 ? 8 + random.nextInt(5) : 0;
                int total = pre + elementaire + ulis;
                w.write(String.format(Locale.ROOT, "2022;35;%s;ECOLE SYNTHETIQUE;%s;%d;%d;%d;%d;%d;%d;%d;%d;%d;%d%n", e.uai(),
                        e.statut().equals("Privé") ? "PRIVE" : "PUBLIC", Math.max(1, total / 24), total, pre, elementaire, ulis,
                        levels[0], levels[1], levels[2], levels[3], levels[4]));
            }
        }
    }
}
