package fr.geoeduc.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A generated annuaire de l'éducation of Ille-et-Vilaine for checkouts without {@code ../shared/data}: the
 * published file's header (so the same schema, field names and types), invented establishments with valid UAIs
 * (two rows share one, as multi-line establishments do), real commune codes, names and postal codes, positions inside the
 * département, some empty counts, statuses and circonscriptions. Nothing in it is real beyond the communes.
 */
public final class AnnuaireFixture {

    /** The published file's columns, in its order. */
    static final String HEADER = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Adresse_1;"
            + "Adresse_2;Adresse_3;Code postal;Code_commune;Nom_commune;Code_departement;Code_academie;Code_region;Ecole_maternelle;"
            + "Ecole_elementaire;Voie_generale;Voie_technologique;Voie_professionnelle;Telephone;Fax;Web;Mail;Restauration;Hebergement;"
            + "ULIS;Apprentissage;Segpa;Section_arts;Section_cinema;Section_theatre;Section_sport;Section_internationale;"
            + "Section_europeenne;Lycee_Agricole;Lycee_militaire;Lycee_des_metiers;Post_BAC;Appartenance_Education_Prioritaire;GRETA;"
            + "SIREN_SIRET;Nombre_d_eleves;Fiche_onisep;position;Type_contrat_prive;Libelle_departement;Libelle_academie;Libelle_region;"
            + "coordonnee_X;coordonnee_Y;epsg;nom_circonscription;latitude;longitude;precision_localisation;date_ouverture;date_maj_ligne;"
            + "etat;ministere_tutelle;etablissement_multi_lignes;rpi_concentre;rpi_disperse;code_nature;libelle_nature;"
            + "Code_type_contrat_prive;PIAL;etablissement_mere;type_rattachement_etablissement_mere;code_bassin_formation;"
            + "libelle_bassin_formation";

    /** The UAI two rows share (a multi-line establishment). */
    public static final String SHARED_UAI = "0352072M";

    private static final String[][] COMMUNES = {
            {"35238", "Rennes", "35000", "48.1113", "-1.6800"}, {"35288", "Saint-Malo", "35400", "48.6493", "-2.0257"},
            {"35115", "Fougères", "35300", "48.3524", "-1.1986"}, {"35360", "Vitré", "35500", "48.1236", "-1.2090"},
            {"35236", "Redon", "35600", "47.6517", "-2.0843"}, {"35047", "Bruz", "35170", "48.0247", "-1.7456"},
            {"35051", "Cesson-Sévigné", "35510", "48.1211", "-1.6031"}, {"35093", "Dinard", "35800", "48.6325", "-2.0617"},
            {"35016", "Baulon", "35580", "47.9861", "-1.9295"}, {"35076", "Chavagne", "35310", "48.0544", "-1.7910"},
            {"35281", "Saint-Jacques-de-la-Lande", "35136", "48.0650", "-1.7186"}, {"35210", "Pacé", "35740", "48.1476", "-1.7737"},
            {"35095", "Dol-de-Bretagne", "35120", "48.5497", "-1.7506"}};
    /** Rennes has several postal codes, a CEDEX one among them. */
    private static final String[] RENNES_POSTAL_CODES = {"35000", "35700", "35200", "35706"};
    private static final String[] LYCEES = {"LYCEE D ENSEIGNEMENT GENERAL ET TECHNOLOGIQUE", "LYCEE PROFESSIONNEL", "LYCEE POLYVALENT"};
    private static final String[] CIRCONSCRIPTIONS = {"Circonscription d'inspection du 1er degré de Bruz",
            "Circonscription d'inspection du 1er degré de Rennes Nord", "Circonscription d'inspection du 1er degré de Saint-Malo",
            "Circonscription d'inspection du 1er degré de Fougères", ""};
    private static final String LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";

    private AnnuaireFixture() {
    }

    /** A valid UAI: seven characters (035 + four digits) and the check letter of the seven-digit number. */
    static String uai(int n) {
        String digits = String.format(Locale.ROOT, "035%04d", n);
        return digits + LETTERS.charAt((int) (Long.parseLong(digits) % 23));
    }

    /** Lambert-93 (EPSG:2154) coordinates of a WGS84 point: the conic projection with the IGN's constants (GRS80). */
    static double[] lambert93(double lat, double lon) {
        double n = 0.7256077650532670;
        double c = 11754255.4260960;
        double e = 0.0818191910428158;
        double phi = Math.toRadians(lat);
        double isometric = Math.log(Math.tan(Math.PI / 4 + phi / 2) * Math.pow((1 - e * Math.sin(phi)) / (1 + e * Math.sin(phi)), e / 2));
        double r = c * Math.exp(-n * isometric);
        double gamma = n * Math.toRadians(lon - 3);
        return new double[]{700_000 + r * Math.sin(gamma), 12_655_612.0499 - r * Math.cos(gamma)};
    }

    /** Writes {@code rows} establishments (UTF-8 with BOM, ';', CRLF, as published) and returns the file. */
    public static Path write(Path file, int rows, long seed) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        String[] names = {"Chateaubriand", "Jules Ferry", "les Lucioles", "Anne de Bretagne", "Jean Moulin", "la Binquenais", "Émile Zola"};
        for (int i = 0; i < rows; i++) {
            boolean multiLine = i == 1 || i == 2; // one lycée on two lines: one place, two names and postal codes (CEDEX)
            String uai = multiLine ? SHARED_UAI : uai(1000 + i * 7);
            int kind = multiLine ? 9 : random.nextInt(10); // 0-6 école, 7-8 collège, 9 lycée
            String type = kind < 7 ? "Ecole" : kind < 9 ? "Collège" : "Lycée";
            String[] nature = kind < 7 ? new String[]{"151", "ECOLE DE NIVEAU ELEMENTAIRE"} : kind < 9 ? new String[]{"340", "COLLEGE"}
                    : new String[]{Integer.toString(300 + i % 3 * 6), LYCEES[i % 3]};
            boolean publicSchool = random.nextInt(4) != 0;
            String statut = random.nextInt(40) == 0 ? "" : publicSchool ? "Public" : "Privé";
            String name = (kind < 7 ? "Ecole primaire " : kind < 9 ? "Collège " : "Lycée ") + (publicSchool ? "publique " : "privée ")
                    + names[random.nextInt(names.length)];
            String[] commune = COMMUNES[multiLine ? 1 : i % 5 == 0 ? 0 : random.nextInt(COMMUNES.length)];
            String postalCode = multiLine ? "3541" + (7 + i) : commune[0].equals("35238") ? RENNES_POSTAL_CODES[i % RENNES_POSTAL_CODES.length]
                    : commune[2];
            double lat = Double.parseDouble(commune[3]) + (multiLine ? 0 : (random.nextDouble() - 0.5) * 0.04);
            double lon = Double.parseDouble(commune[4]) + (multiLine ? 0 : (random.nextDouble() - 0.5) * 0.06);
            String pupils = random.nextInt(12) == 0 ? "" : Integer.toString(20 + random.nextInt(kind < 7 ? 300 : 1200));
            String[] v = new String[HEADER.split(";", -1).length];
            java.util.Arrays.fill(v, "");
            v[0] = uai;
            v[1] = name;
            v[2] = type;
            v[3] = statut;
            v[4] = (1 + random.nextInt(40)) + " rue de l'École";
            v[6] = postalCode + " " + commune[1].toUpperCase(Locale.ROOT);
            v[7] = postalCode;
            v[8] = commune[0];
            v[9] = commune[1];
            v[10] = "035";
            v[11] = "14";
            v[12] = "53";
            v[13] = kind < 7 ? Integer.toString(random.nextInt(2)) : "";
            v[14] = kind < 7 ? "1" : "";
            v[21] = "ce." + uai + "@ac-rennes.fr";
            v[22] = "1";
            v[23] = "0";
            v[39] = String.format(Locale.ROOT, "%014d", 21350000000000L + i * 101L);
            v[40] = pupils;
            v[42] = lat + ", " + lon;
            v[43] = publicSchool ? "SANS OBJET" : i % 9 == 4 ? "" : "CONTRAT D'ASSOCIATION"; // a code without its label, as published
            v[44] = "Ille-et-Vilaine";
            v[45] = "Rennes";
            v[46] = "Bretagne";
            v[50] = kind < 7 ? CIRCONSCRIPTIONS[random.nextInt(CIRCONSCRIPTIONS.length)] : "";
            double[] lambert = lambert93(lat, lon);
            v[47] = String.format(Locale.ROOT, "%.1f", lambert[0]);
            v[48] = String.format(Locale.ROOT, "%.1f", lambert[1]);
            v[49] = "EPSG:2154";
            v[51] = Double.toString(lat);
            v[52] = Double.toString(lon);
            v[53] = "Numéro de rue";
            int opened = random.nextInt(6);
            v[54] = opened < 2 ? "1965-10-01" : opened == 2 ? "1962-09-03" : (1966 + random.nextInt(55)) + "-09-01";
            v[55] = "2023-06-08";
            v[56] = "OUVERT";
            v[57] = "MINISTERE DE L'EDUCATION NATIONALE";
            v[58] = i == 1 || i == 2 ? "1" : "0";
            v[59] = "0";
            v[61] = nature[0];
            v[62] = nature[1];
            v[63] = publicSchool ? "99" : "30";
            lines.add(String.join(";", v));
        }
        Collections.swap(lines, 0, rows - 1); // Rennes is not only at the top
        try {
            Files.writeString(file, "\uFEFF" + HEADER + "\r\n" + String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
