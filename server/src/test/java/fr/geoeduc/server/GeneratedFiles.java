package fr.geoeduc.server;

import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.testing.SharedData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Generated stand-ins for the files of ../shared/data that the door's server tests load, for a checkout without
 * them: each has the published file's header (the labels the ministry publishes, so the same schema, field names and
 * types) and invented rows shaped like the real ones where the tests look (several académies and both sectors, a
 * Marseille with more than fifty collèges, overseas points on both sides of the antimeridian, names holding double
 * quotes, rows without position or opening date, départements whose outlines tile Brittany). Tests compute what they
 * expect from the file they loaded, whichever it is. Nothing in these files is real beyond commune and département
 * codes and names.
 */
final class GeneratedFiles {

    static final String GEOLOC_35_HEADER = "Code établissement;Appellation officielle;Dénomination principale;Patronyme uai;"
            + "Secteur Public/Privé;Adresse;Lieu dit;Boite postale;Code postal;Localite d'acheminement;Commune;Coordonnee X;Coordonnee Y;"
            + "EPSG;Latitude;Longitude;Qualité d'appariement;Localisation;Code nature;Nature;Code état établissement;Etat établissement;"
            + "Code département;Code région;Code académie;Code commune;Département;Région;Académie;Position;"
            + "secteur_prive_code_type_contrat;secteur_prive_libelle_type_contrat;code_ministere;libelle_ministere;date_ouverture";
    static final String GEOLOC_NATIONAL_HEADER = "numero_uai;appellation_officielle;denomination_principale;patronyme_uai;"
            + "secteur_public_prive_libe;adresse_uai;lieu_dit_uai;boite_postale_uai;code_postal_uai;localite_acheminement_uai;"
            + "libelle_commune;coordonnee_x;coordonnee_y;EPSG;latitude;longitude;appariement;localisation;nature_uai;nature_uai_libe;"
            + "etat_etablissement;etat_etablissement_libe;code_departement;code_region;code_academie;code_commune;libelle_departement;"
            + "libelle_region;libelle_academie;position;secteur_prive_code_type_contrat;secteur_prive_libelle_type_contrat;"
            + "code_ministere;libelle_ministere;date_ouverture";
    static final String EFFECTIFS_SECOND_DEGRE_HEADER = "Annee_scolaire;Academie;Numero_d_etablissement;nom_etablissement;"
            + "Type_d_etablissement;Secteur_d_enseignement;Nombre_d_eleves;libelle_region;libelle_departement;Code_departement;adresse;"
            + "code_postal;localite_acheminement;Code_region";
    static final String IPS_ECOLES_HEADER = "Rentrée scolaire;Académie;Code du département;Département;UAI;Nom de l'établissment;"
            + "Code INSEE de la commune;Nom de la commune;Secteur;IPS";
    static final String CARTE_SCOLAIRE_HEADER = "code_region;libelle_region;code_academie;libelle_academie;code_departement;"
            + "libelle_departement;code_postal;code_insee;libelle_commune;lieu_dit;Type_et_Libelle;No_de_voie_debut;"
            + "Indice_de_repetition_debut;No_de_voie_fin;Indice_de_repetition_fin;Parite;Code_RNE;Secteur_unique";
    static final String ECOLES_EFFECTIFS_HEADER = "Rentrée scolaire;Région académique;Académie;Département;Commune;Numéro de l'école;"
            + "Dénomination principale;Patronyme;Secteur;REP;REP +;Nombre total de classes;Nombre total d'élèves;"
            + "Nombre d'élèves en pré-élémentaire hors ULIS;Nombre d'élèves en élémentaire hors ULIS;Nombre d'élèves en ULIS;"
            + "Nombre d'élèves en CP hors ULIS;Nombre d'élèves en CE1 hors ULIS;Nombre d'élèves en CE2 hors ULIS;"
            + "Nombre d'élèves en CM1 hors ULIS;Nombre d'élèves en CM2 hors ULIS;tri;Code Postal";
    static final String VALEUR_AJOUTEE_HEADER = "Session;UAI;Nom de l'établissement;Commune;Département;Académie;Secteur;"
            + "Nb candidats - G;Taux de réussite - G;VA du taux de réussite - G;Nb candidats - P;Taux de réussite - P;Note à l'écrit - G;"
            + "VA de la note - G;Note à l'écrit - P;Taux d'accès 6ème-3ème;Part présents 3ème ordinaire - Total;"
            + "Part présents 3ème ordinaire - G;Part présents 3ème ordinaire - P;Part présents 3ème Segpa - Total;Nb mentions AB - G;"
            + "Nb mentions B - G;Nb mentions TB - G;Nb mentions global - G";
    /** The collèges' effectifs: eleven columns, the totals, then the same fifteen for each level. */
    static final String COLLEGE_EFFECTIFS_HEADER = collegeEffectifsHeader();

    /** Département: code, name, région code and name, académie code and name, a commune (code, name, postal code), centre lat, lon. */
    private static final String[][] DEPARTEMENTS = {
            {"035", "Ille-et-Vilaine", "53", "Bretagne", "14", "Rennes", "35238", "Rennes", "35000", "48.1113", "-1.6800"},
            {"029", "Finistère", "53", "Bretagne", "14", "Rennes", "29019", "Brest", "29200", "48.3904", "-4.4861"},
            {"044", "Loire-Atlantique", "52", "Pays de la Loire", "17", "Nantes", "44109", "Nantes", "44000", "47.2184", "-1.5536"},
            {"013", "Bouches-du-Rhône", "93", "Provence-Alpes-Côte d'Azur", "02", "Aix-Marseille", "13055", "Marseille", "13001",
                    "43.2965", "5.3698"},
            {"033", "Gironde", "75", "Nouvelle-Aquitaine", "04", "Bordeaux", "33063", "Bordeaux", "33000", "44.8378", "-0.5792"},
            {"075", "Paris", "11", "Île-de-France", "01", "Paris", "75056", "Paris", "75001", "48.8566", "2.3522"},
            {"971", "Guadeloupe", "01", "Guadeloupe", "32", "Guadeloupe", "97120", "Les Abymes", "97139", "16.2710", "-61.5045"},
            {"974", "La Réunion", "04", "La Réunion", "28", "La Réunion", "97411", "Saint-Denis", "97400", "-20.8823", "55.4504"},
            {"976", "Mayotte", "06", "Mayotte", "43", "Mayotte", "97611", "Mamoudzou", "97600", "-12.7806", "45.2279"}};
    /** Collèges per département of {@link #DEPARTEMENTS}, in that order. */
    private static final int[] COLLEGES_PER_DEPARTEMENT = {130, 45, 45, 75, 50, 60, 55, 60, 25};
    private static final String LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";
    private static final String[] NAMES = {"Jean Moulin", "Victor Hugo", "Anne de Bretagne", "Chateaubriand", "Jules Verne",
            "les Korrigans", "Émile Zola", "la Binquenais", "Simone Veil", "Paul Éluard"};

    private GeneratedFiles() {
    }

    /**
     * The real file of ../shared/data at {@code relative} when it is there, else a generated one written in {@code dir}
     * (the same file for the same path: generated once per folder).
     */
    static Path fileOrGenerated(String relative, Path dir) {
        Path real = SharedData.root().resolve(relative);
        if (Files.isRegularFile(real)) {
            return real;
        }
        Path file = dir.resolve("genere-" + Path.of(relative).getFileName());
        if (Files.isRegularFile(file)) {
            return file;
        }
        return switch (relative) {
            case TestData.ANNUAIRE -> SharedData.annuaire(dir);
            case TestData.GEOLOC -> geoloc35(file, 117, 17);
            case TestData.EFFECTIFS_SECOND_DEGRE -> effectifsSecondDegre(file, 320, 23);
            case TestData.GEOLOC_COLLEGES -> collegesNational(file, 41);
            case TestData.IPS_ECOLES -> ipsEcoles(file, 13_000, 7);
            case TestData.DEPARTEMENTS_GEOJSON -> departements(file);
            case TestData.CARTE_SCOLAIRE -> fromSchema(file, CARTE_SCOLAIRE_HEADER, "fr-en-carte-scolaire-colleges-publics", 12, 3);
            case TestData.COLLEGE_EFFECTIFS -> fromSchema(file, COLLEGE_EFFECTIFS_HEADER, "fr-en-college-effectifs-niveau-sexe-lv", 12, 4);
            case TestData.ECOLES_EFFECTIFS -> fromSchema(file, ECOLES_EFFECTIFS_HEADER, "fr-en-ecoles-effectifs-nb_classes", 12, 5);
            case TestData.VALEUR_AJOUTEE -> fromSchema(file, VALEUR_AJOUTEE_HEADER, "fr-en-indicateurs-valeur-ajoutee-colleges", 12, 6);
            default -> throw new IllegalArgumentException("no generated stand-in for " + relative);
        };
    }

    /** A valid UAI: seven digits (the département's three, then four) and the check letter of the seven-digit number. */
    static String uai(String departement, int n) {
        String digits = departement.substring(departement.length() - 3) + String.format(Locale.ROOT, "%04d", n % 10_000);
        return digits + LETTERS.charAt((int) (Long.parseLong(digits) % 23));
    }

    private static String collegeEffectifsHeader() {
        List<String> columns = new ArrayList<>(List.of("Rentrée scolaire", "Région académique", "Académie", "Département", "Commune",
                "Numéro du collège", "Dénomination principale", "Patronyme", "Secteur", "REP", "REP +",
                "Nombre d'élèves total (nombre d'élèves dans les formations du 1er cycle du 2nd degré et non du nombre total d'élèves "
                        + "inscrits dans l'établissement, les DIMA et les dispositifs-relais sont exclus)",
                "Nombre d'élèves total hors Segpa hors ULIS", "Nombre d'élèves total Segpa", "Nombre d'élèves total ULIS"));
        for (String level : List.of("6èmes", "5èmes", "4èmes", "3èmes")) {
            columns.add("Nombre total de " + level);
            for (String part : List.of("hors Segpa hors ULIS", "Segpa", "ULIS", "filles", "garçons", "LV1 allemand", "LV1 anglais",
                    "LV1 espagnol", "LV1 autres langues", "LV2 allemand", "LV2 anglais", "LV2 espagnol", "LV2 italien", "LV2 autres langues")) {
                columns.add("Nombre de " + level + " " + part);
            }
        }
        return String.join(";", columns);
    }

    /** The géolocalisation of Ille-et-Vilaine's établissements: collèges, lycées and écoles around its communes. */
    static Path geoloc35(Path file, int rows, long seed) {
        Random random = new Random(seed);
        String[] d = DEPARTEMENTS[0];
        String[][] communes = {{"35238", "Rennes", "35000", "48.1113", "-1.6800"}, {"35288", "Saint-Malo", "35400", "48.6493", "-2.0257"},
                {"35115", "Fougères", "35300", "48.3524", "-1.1986"}, {"35360", "Vitré", "35500", "48.1236", "-1.2090"},
                {"35236", "Redon", "35600", "47.6517", "-2.0843"}, {"35047", "Bruz", "35170", "48.0247", "-1.7456"}};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String[] c = communes[random.nextInt(communes.length)];
            int kind = random.nextInt(3);
            boolean publicSchool = random.nextInt(4) != 0;
            String name = NAMES[random.nextInt(NAMES.length)];
            String[] nature = kind == 0 ? new String[]{"340", "COLLEGE", "Collège"} : kind == 1 ? new String[]{"300", "LYCEE", "Lycée"}
                    : new String[]{"151", "ECOLE DE NIVEAU ELEMENTAIRE", "École élémentaire"};
            double lat = Double.parseDouble(c[3]) + (random.nextDouble() - 0.5) * 0.05;
            double lon = Double.parseDouble(c[4]) + (random.nextDouble() - 0.5) * 0.07;
            lines.add(String.join(";", uai("035", 2000 + i * 11), nature[2] + (publicSchool ? " " : " privé ") + name,
                    nature[1] + (publicSchool ? "" : " PRIVE"), name.toUpperCase(Locale.ROOT), publicSchool ? "Public" : "Privé",
                    (1 + random.nextInt(60)) + " rue DES ECOLES", "", "", c[2], c[1].toUpperCase(Locale.ROOT), c[1],
                    String.format(Locale.ROOT, "%.1f", 350_000 + (lon + 1.68) * 74_000), String.format(Locale.ROOT, "%.1f",
                            6_789_000 + (lat - 48.11) * 111_000), "EPSG:2154", Double.toString(lat), Double.toString(lon),
                    "Correcte", "Numéro de rue", nature[0], nature[1], "1", "OUVERT", d[0], d[2], d[4], c[0], d[1], d[3], d[5],
                    lat + ", " + lon, publicSchool ? "99" : "30", publicSchool ? "SANS OBJET" : "CONTRAT D'ASSOCIATION", "06",
                    "MINISTERE DE L'EDUCATION NATIONALE", (1960 + random.nextInt(60)) + "-09-01"));
        }
        return write(file, GEOLOC_35_HEADER, lines, true);
    }

    /**
     * The national géolocalisation of the collèges, over nine départements (Marseille has more than fifty, Bordeaux's
     * région is 75, the overseas ones lie east of 40°E and west of 60°W); a few have no position, no opening date, or a
     * name in double quotes (written as the ministry writes them: the cell quoted, each quote doubled).
     */
    static Path collegesNational(Path file, long seed) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        int n = 0;
        for (int k = 0; k < DEPARTEMENTS.length; k++) {
            String[] d = DEPARTEMENTS[k];
            for (int i = 0; i < COLLEGES_PER_DEPARTEMENT[k]; i++, n++) {
                boolean publicSchool = random.nextInt(4) != 0;
                String name = NAMES[random.nextInt(NAMES.length)];
                String appellation = (publicSchool ? "Collège " : "Collège privé ") + name;
                if (n % 97 == 5) { // a few private collèges named in quotes, one name twice
                    appellation = "Collège privé \"" + NAMES[n % 2] + "\"";
                    publicSchool = false;
                }
                boolean located = k == 0 || n % 61 != 7; // Ille-et-Vilaine's are all located, as in the real file
                double lat = Double.parseDouble(d[9]) + (random.nextDouble() - 0.5) * 0.12;
                double lon = Double.parseDouble(d[10]) + (random.nextDouble() - 0.5) * 0.16;
                String latText = located ? Double.toString(lat) : "";
                String lonText = located ? Double.toString(lon) : "";
                String opened = n % 53 == 3 ? "" : n % 40 == 1 ? "1973-10-25"
                        : String.format(Locale.ROOT, "%d-%02d-%02d", 1960 + random.nextInt(65), 1 + random.nextInt(12), 1 + random.nextInt(28));
                lines.add(String.join(";", uai(d[0], 100 + i * 13), csvCell(appellation), publicSchool ? "COLLEGE" : "COLLEGE PRIVE",
                        name.toUpperCase(Locale.ROOT), publicSchool ? "Public" : "Privé", (1 + random.nextInt(90)) + " avenue DU COLLEGE", "",
                        "", d[8], d[7].toUpperCase(Locale.ROOT), d[7], located ? String.format(Locale.ROOT, "%.1f", 400_000 + lon * 70_000) : "",
                        located ? String.format(Locale.ROOT, "%.1f", 6_000_000 + lat * 15_000) : "", "EPSG:2154", latText, lonText,
                        located ? "Parfaite" : "", located ? "Numéro de rue" : "", "340", "COLLEGE", "1", "OUVERT", d[0], d[2], d[4],
                        d[6], d[1], d[3], d[5], located ? lat + ", " + lon : "", publicSchool ? "99" : "30",
                        publicSchool ? "SANS OBJET" : "CONTRAT D'ASSOCIATION TOUTES CLASSES", "06", "MINISTERE DE L'EDUCATION NATIONALE",
                        opened));
            }
        }
        return write(file, GEOLOC_NATIONAL_HEADER, lines, true);
    }

    /** Pupils per établissement of Ille-et-Vilaine, over three school years (restricted in the tests). */
    static Path effectifsSecondDegre(Path file, int rows, long seed) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        String[] years = {"2018-2019", "2019-2020", "2020-2021"};
        for (int i = 0; i < rows; i++) {
            boolean college = random.nextInt(3) != 0;
            boolean publicSchool = random.nextInt(4) != 0;
            String name = (college ? "COLLEGE " : "LYCEE ") + NAMES[random.nextInt(NAMES.length)].toUpperCase(Locale.ROOT);
            lines.add(String.join(";", years[i % years.length], "RENNES", uai("035", 5000 + (i / years.length) * 7), name,
                    college ? "COLLEGE" : "LYCEE", publicSchool ? "Public" : "Privé", Integer.toString(150 + random.nextInt(1200)),
                    "BRETAGNE", "ILLE-ET-VILAINE", "035", (1 + random.nextInt(80)) + " rue DE LA REPUBLIQUE", "35" + (100 + random.nextInt(800)),
                    "RENNES", "53"));
        }
        return write(file, EFFECTIFS_SECOND_DEGRE_HEADER, lines, true);
    }

    /**
     * The IPS of the écoles: five académies (Rennes over its four départements), both sectors in each, Rennes the commune
     * with most écoles and Ille-et-Vilaine with Finistère more than a hundred communes; IPS on both sides of 100.
     */
    static Path ipsEcoles(Path file, int rows, long seed) {
        Random random = new Random(seed);
        String[][] departements = {{"RENNES", "035", "ILLE-ET-VILAINE", "35"}, {"RENNES", "029", "FINISTERE", "29"},
                {"RENNES", "022", "COTES D'ARMOR", "22"}, {"RENNES", "056", "MORBIHAN", "56"}, {"NANTES", "044", "LOIRE-ATLANTIQUE", "44"},
                {"NANTES", "049", "MAINE-ET-LOIRE", "49"}, {"ORLEANS-TOURS", "037", "INDRE-ET-LOIRE", "37"},
                {"ORLEANS-TOURS", "045", "LOIRET", "45"}, {"BORDEAUX", "033", "GIRONDE", "33"}, {"AIX-MARSEILLE", "013", "BOUCHES-DU-RHONE", "13"}};
        List<String> lines = new ArrayList<>();
        java.util.Map<String, Integer> perDepartement = new java.util.HashMap<>();
        for (int i = 0; i < rows; i++) {
            String[] d = departements[i % departements.length];
            int commune = i % 7 == 0 ? 238 : 1 + random.nextInt(90);
            String communeName = commune == 238 ? "RENNES" : d[2].substring(0, 3) + " COMMUNE " + commune;
            if (commune == 238) {
                d = departements[0];
            }
            boolean publicSchool = random.nextInt(5) != 0;
            double ips = 70 + random.nextInt(700) / 10.0;
            int number = perDepartement.merge(d[1], 1, Integer::sum);
            lines.add(String.join(";", "2021-2022", d[0], d[1], d[2], uai(d[1], number), "ECOLE " + (publicSchool ? "PUBLIQUE " : "PRIVEE ")
                            + NAMES[random.nextInt(NAMES.length)].toUpperCase(Locale.ROOT), d[3] + String.format(Locale.ROOT, "%03d", commune),
                    communeName, publicSchool ? "public" : "privé sous contrat", Double.toString(ips)));
        }
        return write(file, IPS_ECOLES_HEADER, lines, false);
    }

    /** Eight metropolitan départements as rectangles that tile Brittany and its neighbours, plus Paris. */
    static Path departements(Path file) {
        Object[][] shapes = {{"29", "Finistère", -5.1, 47.8, -3.6, 48.7}, {"22", "Côtes-d'Armor", -3.6, 48.2, -2.1, 48.9},
                {"56", "Morbihan", -3.6, 47.4, -2.1, 48.2}, {"35", "Ille-et-Vilaine", -2.1, 47.6, -1.0, 48.7},
                {"44", "Loire-Atlantique", -2.6, 46.9, -1.0, 47.6}, {"53", "Mayenne", -1.0, 47.7, -0.1, 48.6},
                {"49", "Maine-et-Loire", -1.0, 47.0, 0.2, 47.7}, {"75", "Paris", 2.22, 48.81, 2.47, 48.91}};
        String features = Arrays.stream(shapes).map(s -> {
            double w = (double) s[2];
            double south = (double) s[3];
            double e = (double) s[4];
            double n = (double) s[5];
            return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + w + "," + south + "],[" + e + "," + south
                    + "],[" + e + "," + n + "],[" + w + "," + n + "],[" + w + "," + south + "]]]},\"properties\":{\"code\":\"" + s[0]
                    + "\",\"nom\":\"" + s[1] + "\"}}";
        }).collect(Collectors.joining(","));
        try {
            Files.writeString(file, "{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * A file with a published header and rows whose values fit the types the schema declares for each column (found by
     * label or alias): numbers where it says int or double, text otherwise, each row's text its own.
     */
    static Path fromSchema(Path file, String header, String datasetId, int rows, long seed) {
        DatasetDefinition definition = SchemaRegistry.load().find(datasetId).orElseThrow();
        Random random = new Random(seed);
        List<String> columns = List.of(header.split(";", -1));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            List<String> cells = new ArrayList<>();
            for (String column : columns) {
                Field field = definition.fields().stream()
                        .filter(f -> column.equals(f.label()) || f.aliases().contains(column)).findFirst().orElse(null);
                String lower = column.toLowerCase(Locale.ROOT);
                String value;
                if (field == null) {
                    value = "valeur " + i;
                } else if (lower.contains("uai") || lower.contains("rne") || lower.startsWith("numéro")) {
                    value = uai("035", 7000 + i);
                } else {
                    value = switch (field.type()) {
                        case INT -> Integer.toString(random.nextInt(400));
                        case DOUBLE -> String.format(Locale.ROOT, "%.1f", random.nextDouble() * 100);
                        case DATE -> "2021-09-0" + (1 + i % 9);
                        default -> lower.contains("rentrée") || lower.equals("session") ? Integer.toString(2019 + i % 4)
                                : field.name().startsWith("code_") ? Integer.toString(10 + i) : column.split(" ")[0] + " " + i;
                    };
                }
                cells.add(value);
            }
            lines.add(String.join(";", cells));
        }
        return write(file, header, lines, true);
    }

    private static String csvCell(String value) {
        return value.contains("\"") || value.contains(";") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static Path write(Path file, String header, List<String> lines, boolean bom) {
        try {
            Files.writeString(file, (bom ? "\uFEFF" : "") + Stream.concat(Stream.of(header), lines.stream())
                    .collect(Collectors.joining("\r\n", "", "\r\n")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
