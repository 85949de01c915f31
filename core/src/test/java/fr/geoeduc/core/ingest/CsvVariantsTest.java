package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.quality.Finding;
import fr.geoeduc.core.quality.Rule;
import fr.geoeduc.core.quality.RuleResult;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Geometry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Small generated files covering the ways the same data is written: BOM, delimiter, line ending, quotes, headers, values. */
class CsvVariantsTest {

    static final String IPS = "fr-en-ips_ecoles";
    static final String IPS_LABELS = "Rentrée scolaire;Académie;Code du département;Département;UAI;Nom de l'établissment;"
            + "Code INSEE de la commune;Nom de la commune;Secteur;IPS";
    static final String IPS_FIELDS = "rentree_scolaire;academie;code_du_departement;departement;uai;nom_de_l_etablissment;"
            + "code_insee_de_la_commune;nom_de_la_commune;secteur;ips";
    /** Real rows of fr-en-ips_ecoles, rentrée 2021. */
    static final List<String> IPS_ROWS = List.of(
            "2021-2022;RENNES;035;ILLE-ET-VILAINE;0352443R;ECOLE PRIMAIRE PRIVEE STE ANNE;35085;COMBOURG;privé sous contrat;115.7",
            "2021-2022;RENNES;035;ILLE-ET-VILAINE;0352445T;ECOLE PRIMAIRE PRIVEE ST JOSEPH DE BONABRY;35115;FOUGERES;privé sous contrat;107.4",
            "2021-2022;PARIS;075;PARIS;0750845L;E E PU CAMBON;75101;PARIS 1ER ARRONDISSEMENT;public;123.7",
            "2021-2022;CORSE;02A;CORSE-DU-SUD;6200096K;ECOLE PRIMAIRE LEVIE;2A142;LEVIE;public;90.4");

    static final String GEOLOC = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre";
    static final String GEOLOC_LABELS = "Code établissement;Appellation officielle;Dénomination principale;Patronyme uai;"
            + "Secteur Public/Privé;Adresse;Lieu dit;Boite postale;Code postal;Localite d'acheminement;Commune;Coordonnee X;"
            + "Coordonnee Y;EPSG;Latitude;Longitude;Qualité d'appariement;Localisation;Code nature;Nature;Code état établissement;"
            + "Etat établissement;Code département;Code région;Code académie;Code commune;Département;Région;Académie;Position;"
            + "secteur_prive_code_type_contrat;secteur_prive_libelle_type_contrat;code_ministere;libelle_ministere;date_ouverture";
    static final String GEOLOC_FIELDS = "numero_uai;appellation_officielle;denomination_principale;patronyme_uai;"
            + "secteur_public_prive_libe;adresse_uai;lieu_dit_uai;boite_postale_uai;code_postal_uai;localite_acheminement_uai;"
            + "libelle_commune;coordonnee_x;coordonnee_y;epsg;latitude;longitude;appariement;localisation;nature_uai;"
            + "nature_uai_libe;etat_etablissement;etat_etablissement_libe;code_departement;code_region;code_academie;"
            + "code_commune;libelle_departement;libelle_region;libelle_academie;position;secteur_prive_code_type_contrat;"
            + "secteur_prive_libelle_type_contrat;code_ministere;libelle_ministere;date_ouverture";
    /** Real rows of the géolocalisation dataset (collèges of Ille-et-Vilaine). */
    static final List<String> GEOLOC_ROWS = List.of(
            "0350017D;Collège du Querpon;COLLEGE;DU QUERPON;Public;Route DE CAMPEL;Maure-de-Bretagne;;35330;VAL D ANAST;"
                    + "Val d'Anast;327366.8;6766352.2;EPSG:2154;47.89156984600312;-1.9895683290916766;Correcte;Rue;340;COLLEGE;1;"
                    + "OUVERT;035;53;14;35168;Ille-et-Vilaine;Bretagne;Rennes;47.89156984600312, -1.9895683290916766;99;SANS OBJET;"
                    + "06;MINISTERE DE L'EDUCATION NATIONALE;1965-05-01",
            "0350707D;Collège François René de Chateaubriand;COLLEGE;FRANCOIS RENE DE CHATEAUBRIAND;Public;12 avenue DES ACACIAS;;56;"
                    + "35270;COMBOURG;Combourg;349354.0;6823304.9;EPSG:2154;48.41525130917533;-1.7416202300524102;Parfaite;"
                    + "Numéro de rue;340;COLLEGE;1;OUVERT;035;53;14;35085;Ille-et-Vilaine;Bretagne;Rennes;"
                    + "48.41525130917533, -1.7416202300524102;99;SANS OBJET;06;MINISTERE DE L'EDUCATION NATIONALE;1966-11-08");

    @TempDir
    Path dir;
    private int files;
    private final List<TestPlatform> platforms = new ArrayList<>();

    @AfterEach
    void close() {
        platforms.forEach(TestPlatform::close);
    }

    private TestPlatform platform() {
        TestPlatform p = new TestPlatform(dir.resolve("store-" + platforms.size()));
        platforms.add(p);
        return p;
    }

    static byte[] csv(String header, List<String> rows, char delimiter, String eol, boolean bom) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (bom) {
            out.writeBytes(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        List<String> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(rows);
        for (String line : lines) {
            out.writeBytes((line.replace(';', delimiter) + eol).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve("files-" + (files++)).resolve(name);
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
        return f;
    }

    Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Ingests into a fresh store; returns the records as lists for equality. */
    private Ingested ingestFresh(Path file, String dataset) {
        TestPlatform p = platform();
        IngestResult r = p.ingest(file, dataset);
        List<List<Object>> rows = new ArrayList<>();
        p.store.readRows(r.version(), row -> rows.add(Arrays.asList(row)));
        return new Ingested(r, rows, Rows.read(p.store, r.version()));
    }

    private record Ingested(IngestResult result, List<List<Object>> rows, List<Map<String, Object>> records) {
        DatasetVersion version() {
            return result.version();
        }

        List<String> fieldNames() {
            return version().schema().fields().stream().map(Field::name).toList();
        }
    }

    // ------------------------------------------------------------------ dialect

    @Test
    void bomOrNoBomGiveTheSameRecords() throws IOException {
        Ingested withBom = ingestFresh(write("ips.csv", csv(IPS_LABELS, IPS_ROWS, ';', "\r\n", true)), IPS);
        Ingested without = ingestFresh(write("ips.csv", csv(IPS_LABELS, IPS_ROWS, ';', "\r\n", false)), IPS);
        assertThat(withBom.version().lineage().format()).contains("with BOM");
        assertThat(without.version().lineage().format()).doesNotContain("BOM");
        // the BOM does not stick to the first column name
        assertThat(withBom.fieldNames()).isEqualTo(without.fieldNames()).contains("rentree_scolaire");
        assertThat(withBom.result().quality().count(Rule.UNEXPECTED_COLUMN)).isZero();
        assertThat(withBom.result().quality().count(Rule.ABSENT_FIELD)).isEqualTo(without.result().quality().count(Rule.ABSENT_FIELD));
        assertThat(withBom.records().get(0)).containsEntry("rentree_scolaire", "2021-2022").containsEntry("annee_rentree", 2021L);
        assertThat(withBom.rows()).hasSize(4).isEqualTo(without.rows());
    }

    @ParameterizedTest
    @ValueSource(strings = {",", "\t", "|"})
    void delimitersGiveTheSameRecordsAsSemicolon(String delimiter) throws IOException {
        Ingested semicolon = ingestFresh(write("ips.csv", csv(IPS_LABELS, IPS_ROWS, ';', "\n", true)), IPS);
        Ingested other = ingestFresh(write("ips.csv", csv(IPS_LABELS, IPS_ROWS, delimiter.charAt(0), "\n", true)), IPS);
        String shown = delimiter.equals("\t") ? "tab" : "'" + delimiter + "'";
        assertThat(other.version().lineage().format()).contains("delimiter " + shown);
        assertThat(semicolon.version().lineage().format()).contains("delimiter ';'");
        assertThat(other.fieldNames()).isEqualTo(semicolon.fieldNames());
        assertThat(other.rows()).hasSize(4).isEqualTo(semicolon.rows());
        assertThat(other.records().get(0)).containsEntry("ips", 115.7).containsEntry("secteur", "privé sous contrat");
    }

    @Test
    void theLineageHashIsTheSha256OfTheWholeFileBomIncludedComputedWhileParsing() throws Exception {
        for (boolean bom : new boolean[] {true, false}) {
            Path file = write("ips-hash.csv", csv(IPS_LABELS, IPS_ROWS, ';', "\r\n", bom));
            String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            assertThat(ingestFresh(file, IPS).version().lineage().sha256()).as("bom " + bom).isEqualTo(expected);
        }
        Path inferred = write("autre.csv", "code;valeur\nA;1\nB;2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(inferred)));
        assertThat(ingestFresh(inferred, "jeu-infere").version().lineage().sha256()).isEqualTo(expected);
    }

    @Test
    void crlfOrLfGiveTheSameRecordsAndNoCarriageReturnInValues() throws IOException {
        Ingested crlf = ingestFresh(write("geoloc.csv", csv(GEOLOC_LABELS, GEOLOC_ROWS, ';', "\r\n", true)), GEOLOC);
        Ingested lf = ingestFresh(write("geoloc.csv", csv(GEOLOC_LABELS, GEOLOC_ROWS, ';', "\n", true)), GEOLOC);
        assertThat(crlf.version().lineage().format()).endsWith("CRLF");
        assertThat(lf.version().lineage().format()).endsWith("LF").doesNotContain("CRLF");
        assertThat(crlf.rows()).hasSize(2).isEqualTo(lf.rows());
        // the last column (a date) parses: no '\r' left on it
        assertThat(crlf.records().get(0)).containsEntry("date_ouverture", LocalDate.of(1965, 5, 1));
        assertThat(crlf.records()).allSatisfy(m -> m.values().forEach(v -> assertThat(String.valueOf(v)).doesNotContain("\r")));
        assertThat(crlf.result().quality().count(Rule.INVALID_VALUE)).isZero();
    }

    @Test
    void noTrailingNewlineAndBlankLinesAreAccepted() throws IOException {
        String text = IPS_LABELS + "\n" + IPS_ROWS.get(0) + "\n\n" + IPS_ROWS.get(1) + "\n" + IPS_ROWS.get(2);
        Ingested i = ingestFresh(write("ips.csv", text), IPS);
        assertThat(i.version().rowCount()).isEqualTo(3);
        assertThat(i.records().get(2)).containsEntry("uai", "0750845L").containsEntry("ips", 123.7);
    }

    @Test
    void rfc4180QuotesWithEscapedQuotesEmbeddedDelimiterAndNewline() throws IOException {
        String text = IPS_LABELS + "\r\n"
                + "2021-2022;RENNES;035;ILLE-ET-VILAINE;0352443R;\"ECOLE \"\"LES PINS\"\"; ANNEXE\";35085;COMBOURG;public;115.7\r\n"
                + "2021-2022;RENNES;035;ILLE-ET-VILAINE;0352445T;\"ECOLE\r\nDU BOURG\";35115;FOUGERES;public;107.4\r\n"
                + "\"2021-2022\";RENNES;035;ILLE-ET-VILAINE;0352487A;\"\";35240;LE RHEU;public;\"122.9\"\r\n";
        Ingested i = ingestFresh(write("ips.csv", text), IPS);
        assertThat(i.version().rowCount()).isEqualTo(3);
        assertThat(i.records().get(0)).containsEntry("nom_de_l_etablissment", "ECOLE \"LES PINS\"; ANNEXE")
                .containsEntry("code_insee_de_la_commune", "35085").containsEntry("ips", 115.7);
        assertThat(i.records().get(1)).containsEntry("nom_de_l_etablissment", "ECOLE\r\nDU BOURG")
                .containsEntry("nom_de_la_commune", "FOUGERES").containsEntry("ips", 107.4);
        assertThat(i.records().get(2)).containsEntry("rentree_scolaire", "2021-2022").containsEntry("nom_de_l_etablissment", null)
                .containsEntry("ips", 122.9);
        // the third record starts on physical line 5 (the second one spans lines 3-4): findings say so
        RuleResult uai = i.result().quality().result(Rule.UAI_CHECK_LETTER).orElseThrow();
        assertThat(uai.count()).isEqualTo(1);
        assertThat(uai.examples().get(0).line()).isEqualTo(5);
        assertThat(uai.examples().get(0).value()).isEqualTo("0352487A");
    }

    // ------------------------------------------------------------------ header flavours

    @Test
    void labelsOrFieldNamesHeaderGiveIdenticalRecordsIps() throws IOException {
        Ingested labels = ingestFresh(write("ips.csv", csv(IPS_LABELS, IPS_ROWS, ';', "\n", false)), IPS);
        Ingested names = ingestFresh(write("ips.csv", csv(IPS_FIELDS, IPS_ROWS, ';', "\n", false)), IPS);
        assertThat(labels.fieldNames()).isEqualTo(names.fieldNames())
                .contains("nom_de_l_etablissment", "code_du_departement", "ips").doesNotContain("nom_de_l_etablissement");
        assertThat(labels.rows()).isEqualTo(names.rows());
        assertThat(names.result().quality().count(Rule.UNEXPECTED_COLUMN)).isZero();
        assertThat(names.records().get(3)).containsEntry("departement_cog", "2A").containsEntry("commune_cog", "2A142");
        assertThat(names.records().get(2)).containsEntry("commune_cog", "75056");
    }

    @Test
    void labelsOrFieldNamesHeaderGiveIdenticalRecordsGeolocalisation() throws IOException {
        Ingested labels = ingestFresh(write("geoloc.csv", csv(GEOLOC_LABELS, GEOLOC_ROWS, ';', "\r\n", true)), GEOLOC);
        Ingested names = ingestFresh(write("geoloc.csv", csv(GEOLOC_FIELDS, GEOLOC_ROWS, ';', "\r\n", true)), GEOLOC);
        Ingested upperEpsg = ingestFresh(write("geoloc.csv", csv(GEOLOC_FIELDS.replace(";epsg;", ";EPSG;"), GEOLOC_ROWS, ';', "\r\n", true)), GEOLOC);
        assertThat(labels.fieldNames()).isEqualTo(names.fieldNames()).isEqualTo(upperEpsg.fieldNames());
        assertThat(labels.rows()).hasSize(2).isEqualTo(names.rows()).isEqualTo(upperEpsg.rows());
        assertThat(labels.records().get(1)).containsEntry("numero_uai", "0350707D").containsEntry("boite_postale_uai", "56")
                .containsEntry("localisation", "Numéro de rue").containsEntry("epsg", "EPSG:2154")
                .containsEntry("position", new GeoPoint(48.41525130917533, -1.7416202300524102));
        for (Ingested i : List.of(labels, names, upperEpsg)) {
            assertThat(i.result().quality().count(Rule.UNEXPECTED_COLUMN)).isZero();
            assertThat(i.result().quality().count(Rule.XY_DISAGREE)).isZero();
        }
    }

    // ------------------------------------------------------------------ values

    @Test
    void nullMarkersAreNullInNumericFieldsAndKeptInTextFields() throws IOException {
        List<String> markers = List.of("NS", "NA", "ND", "SANS OBJET", "-", "!!", "- -");
        List<String> rows = new ArrayList<>();
        String[] uais = {"0352443R", "0352445T", "0352487N", "0750845L", "6200096K", "0010856A", "0751234J"};
        for (int k = 0; k < markers.size(); k++) {
            rows.add("2021-2022;RENNES;035;ILLE-ET-VILAINE;" + uais[k] + ";ECOLE " + k + ";35085;" + markers.get(k) + ";"
                    + markers.get(k) + ";" + markers.get(k));
        }
        rows.add("2021-2022;RENNES;035;ILLE-ET-VILAINE;0350002M;ECOLE X;35085;COMBOURG;public;");
        Ingested i = ingestFresh(write("ips.csv", csv(IPS_LABELS, rows, ';', "\n", false)), IPS);
        assertThat(i.version().rowCount()).isEqualTo(8);
        for (int k = 0; k < markers.size(); k++) {
            assertThat(i.records().get(k)).as(markers.get(k)).containsEntry("ips", null)
                    .containsEntry("nom_de_la_commune", markers.get(k))
                    .containsEntry("secteur", markers.get(k));
        }
        assertThat(i.records().get(7)).containsEntry("ips", null).containsEntry("secteur", "public");
        // each marker in a numeric field is reported as 'coded as missing' (info), never as an invalid value; an empty cell is not
        RuleResult nulls = i.result().quality().result(Rule.NULL_MARKER).orElseThrow();
        assertThat(nulls.count()).isEqualTo(7);
        assertThat(nulls.examples()).extracting(Finding::value).containsExactlyElementsOf(markers);
        assertThat(nulls.examples()).extracting(Finding::field).containsOnly("ips");
        assertThat(nulls.examples()).extracting(Finding::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(i.result().quality().count(Rule.INVALID_VALUE)).isZero();
    }

    @Test
    void frenchDecimalsAndPercentagesAreDoubles() throws IOException {
        String text = "session;numero_d_etablissement;taux_de_reussite\n"
                + "2021;0010002X;74,3\n"
                + "2021;0010005A;81,7%\n"
                + "2021;0010026Y;100,00%\n"
                + "2021;0351019T;92.5\n"
                + "2021;0352443R;\"88,0 %\"\n";
        Ingested i = ingestFresh(write("dnb.csv", text), "fr-en-dnb-par-etablissement");
        assertThat(Rows.types(i.version())).containsEntry("taux_de_reussite", FieldType.DOUBLE);
        assertThat(i.records()).extracting(m -> m.get("taux_de_reussite")).containsExactly(74.3, 81.7, 100.0, 92.5, 88.0);
        assertThat(i.result().quality().count(Rule.INVALID_VALUE)).isZero();
    }

    @Test
    void floatPrintedIntegersAreInts() throws IOException {
        // the field-name export of the carte scolaire prints street numbers as 1.0 and 9999.0 (spec §1.6)
        String text = "code_region;libelle_region;code_academie;libelle_academie;code_departement;libelle_departement;code_postal;"
                + "code_insee;libelle_commune;lieu_dit;type_et_libelle;n_de_voie_debut;indice_de_repetition_debut;n_de_voie_fin;"
                + "indice_de_repetition_fin;parite;code_rne;secteur_unique;no_ligne\n"
                + "84;AUVERGNE-RHONE-ALPES;08;GRENOBLE;038;ISERE;38100;38185;GRENOBLE;;ALLEE DE LA SYLPHIDE;1.0;;9999.0;;PI;0381780D;N;20029\n"
                + "84;AUVERGNE-RHONE-ALPES;08;GRENOBLE;038;ISERE;38100;38185;GRENOBLE;;RUE DU TEST;2.5;;12;;P;0381780D;N;20030.0\n";
        Ingested i = ingestFresh(write("carte.csv", text), "fr-en-carte-scolaire-colleges-publics");
        assertThat(Rows.types(i.version())).containsEntry("n_de_voie_debut", FieldType.INT).containsEntry("no_ligne", FieldType.INT);
        assertThat(i.records().get(0)).containsEntry("n_de_voie_debut", 1L).containsEntry("n_de_voie_fin", 9999L)
                .containsEntry("no_ligne", 20029L).containsEntry("code_postal", "38100").containsEntry("code_academie", "08")
                .containsEntry("departement_cog", "38").containsEntry("commune_cog", "38185");
        // 2.5 is not an int: not truncated, reported
        assertThat(i.records().get(1)).containsEntry("n_de_voie_debut", null).containsEntry("n_de_voie_fin", 12L)
                .containsEntry("no_ligne", 20030L);
        RuleResult invalid = i.result().quality().result(Rule.INVALID_VALUE).orElseThrow();
        assertThat(invalid.count()).isEqualTo(1);
        assertThat(invalid.examples().get(0)).satisfies(f -> {
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.field()).isEqualTo("n_de_voie_debut");
            assertThat(f.value()).isEqualTo("2.5");
        });
    }

    @Test
    void valueParserConversions() {
        ValueParser v = new ValueParser();
        assertThat(v.parse(FieldType.DOUBLE, "74,3")).isEqualTo(74.3);
        assertThat(v.parse(FieldType.DOUBLE, "81,7%")).isEqualTo(81.7);
        assertThat(v.parse(FieldType.DOUBLE, "100,00%")).isEqualTo(100.0);
        assertThat(v.parse(FieldType.DOUBLE, " 78.7 ")).isEqualTo(78.7);
        assertThat(v.parse(FieldType.DOUBLE, "1,234.5")).isSameAs(ValueParser.INVALID);
        assertThat(v.parse(FieldType.DOUBLE, "abc")).isSameAs(ValueParser.INVALID);
        assertThat(v.parse(FieldType.INT, "1.0")).isEqualTo(1L);
        assertThat(v.parse(FieldType.INT, "9999.0")).isEqualTo(9999L);
        assertThat(v.parse(FieldType.INT, "-12")).isEqualTo(-12L);
        assertThat(v.parse(FieldType.INT, "1.5")).isSameAs(ValueParser.INVALID);
        assertThat(v.parse(FieldType.BOOLEAN, "1")).isEqualTo(true);
        assertThat(v.parse(FieldType.BOOLEAN, "N")).isEqualTo(false);
        assertThat(v.parse(FieldType.DATE, "08/06/2023")).isEqualTo(LocalDate.of(2023, 6, 8));
        assertThat(v.parse(FieldType.DATE, "2023-06-08")).isEqualTo(LocalDate.of(2023, 6, 8));
        assertThat(v.parse(FieldType.DATE, "2023-02-30")).isSameAs(ValueParser.INVALID);
        assertThat(v.parse(FieldType.DATETIME, "2023-06-08T10:15:00+02:00")).isEqualTo(Instant.parse("2023-06-08T08:15:00Z"));
        assertThat(v.parse(FieldType.GEO_POINT_2D, "47.98614492070133, -1.9294895003671315"))
                .isEqualTo(new GeoPoint(47.98614492070133, -1.9294895003671315));
        assertThat(v.parse(FieldType.GEO_POINT_2D, "147.9, -1.9")).isSameAs(ValueParser.INVALID);
        for (String marker : List.of("NS", "NA", "ND", "SANS OBJET", "-", "!!", " NS ")) {
            assertThat(v.parse(FieldType.DOUBLE, marker)).as(marker).isNull();
            assertThat(v.parse(FieldType.INT, marker)).as(marker).isNull();
            assertThat(v.parse(FieldType.TEXT, marker)).as(marker).isEqualTo(marker);
        }
        assertThat(v.parse(FieldType.TEXT, "")).isNull();
        assertThat(v.parse(FieldType.INT, "")).isNull();
    }

    // ------------------------------------------------------------------ inferred schema

    @Test
    void unknownDatasetGetsAnInferredSchema() throws IOException {
        String text = "code_dep;dep;nom;effectif;taux;ouvert;date_ouverture;horodatage;position;geom;uai;vide\n"
                + "035;035;École A;12;74,3;true;2023-06-08;2023-06-08 10:15:00;48.1, -1.6;"
                + "\"{\"\"type\"\": \"\"Point\"\", \"\"coordinates\"\": [-1.6, 48.1]}\";0352443R;\n"
                + "971;022;École B;7;81.5;FALSE;08/06/2021;2023-06-09 08:00:00;16.25, -61.5;"
                + "\"{\"\"type\"\": \"\"Polygon\"\", \"\"coordinates\"\": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}\";0010856B;\n"
                + "02A;044;École C;;NS;false;;;;;0751234J;\n";
        TestPlatform p = platform();
        IngestResult r = p.ingest(write("mon-jeu.csv", text), "mon-jeu-test");
        assertThat(r.version().rowCount()).isEqualTo(3);
        Map<String, FieldType> types = Rows.types(r.version());
        assertThat(types).containsEntry("code_dep", FieldType.TEXT)
                .containsEntry("dep", FieldType.TEXT)
                .containsEntry("nom", FieldType.TEXT)
                .containsEntry("effectif", FieldType.INT)
                .containsEntry("taux", FieldType.DOUBLE)
                .containsEntry("ouvert", FieldType.BOOLEAN)
                .containsEntry("date_ouverture", FieldType.DATE)
                .containsEntry("horodatage", FieldType.DATETIME)
                .containsEntry("position", FieldType.GEO_POINT_2D)
                .containsEntry("geom", FieldType.GEO_SHAPE)
                .containsEntry("uai", FieldType.TEXT)
                .containsEntry("vide", FieldType.TEXT);
        assertThat(r.version().schema().fields()).filteredOn(f -> !"derived".equals(f.origin())).allMatch(f -> "inferred".equals(f.origin()));
        // the schema is catalogued with the dataset; the UAI column is recognised
        assertThat(p.store.dataset("mon-jeu-test").orElseThrow().fields()).extracting(Field::name).contains("code_dep", "geom", "uai_valide");

        List<Map<String, Object>> rows = Rows.read(p.store, r.version());
        assertThat(rows.get(0)).containsEntry("code_dep", "035").containsEntry("dep", "035").containsEntry("nom", "École A")
                .containsEntry("effectif", 12L).containsEntry("taux", 74.3).containsEntry("ouvert", true)
                .containsEntry("date_ouverture", LocalDate.of(2023, 6, 8))
                .containsEntry("horodatage", Instant.parse("2023-06-08T10:15:00Z"))
                .containsEntry("position", new GeoPoint(48.1, -1.6)).containsEntry("uai", "0352443R")
                .containsEntry("uai_valide", true).containsEntry("vide", null);
        assertThat(((Geometry) rows.get(0).get("geom")).getGeometryType()).isEqualTo("Point");
        assertThat(rows.get(1)).containsEntry("dep", "022").containsEntry("ouvert", false).containsEntry("taux", 81.5)
                .containsEntry("date_ouverture", LocalDate.of(2021, 6, 8)).containsEntry("uai_valide", false);
        assertThat(((Geometry) rows.get(1).get("geom")).getArea()).isEqualTo(0.5);
        assertThat(rows.get(2)).containsEntry("code_dep", "02A").containsEntry("effectif", null).containsEntry("taux", null)
                .containsEntry("geom", null).containsEntry("uai_valide", true);
        assertThat(r.quality().count(Rule.INVALID_VALUE)).isZero();
    }

    @Test
    void numericCodesWithoutLeadingZeroStayTextWhenNamedLikeCodes() throws IOException {
        String text = "code_commune;numero;identifiant;valeur\n35238;12;100;1\n35047;13;200;2\n";
        IngestResult r = platform().ingest(write("codes.csv", text), "codes-test");
        assertThat(Rows.types(r.version())).containsEntry("code_commune", FieldType.TEXT).containsEntry("numero", FieldType.TEXT)
                .containsEntry("identifiant", FieldType.TEXT).containsEntry("valeur", FieldType.INT);
    }

    @Test
    void withoutReferentielsTheReportSaysWhatWasNotChecked() throws IOException {
        Ingested i = ingestFresh(write("ips.csv", csv(IPS_LABELS, IPS_ROWS, ';', "\n", false)), IPS);
        assertThat(i.result().quality().notes()).anyMatch(n -> n.contains("No commune référentiel loaded"))
                .anyMatch(n -> n.contains("No COG history loaded"));
        assertThat(i.result().quality().count(Rule.OUTSIDE_COMMUNE)).isZero();
        assertThat(i.result().quality().count(Rule.UNKNOWN_COMMUNE)).isZero();
    }

    @Test
    void reingestingAnInferredDatasetReportsNoAbsentDerivedField() throws IOException {
        Path file = write("mon-jeu.csv", "uai;code_commune;valeur;latitude;longitude\n"
                + "0352443R;35085;1;48.43;-1.74\n0352445T;35115;2;48.35;-1.20\n");
        TestPlatform p = platform();
        IngestResult v1 = p.ingest(file, "mon-jeu");
        IngestResult v2 = p.ingest(file, "mon-jeu");
        assertThat(v2.version().number()).isEqualTo(2);
        assertThat(v2.version().schema()).isEqualTo(v1.version().schema());
        assertThat(v1.quality().count(Rule.ABSENT_FIELD)).isZero();
        assertThat(v2.quality().count(Rule.ABSENT_FIELD)).isZero();
    }

    @Test
    void isoTimestampsWithTAreInferredAsDatetime() throws IOException {
        String text = "nom;maj\nA;2023-06-08T10:15:00Z\nB;2023-06-09T08:00:00+02:00\n";
        TestPlatform p = platform();
        IngestResult r = p.ingest(write("horodatage.csv", text), "horodatage-test");
        assertThat(Rows.types(r.version())).containsEntry("maj", FieldType.DATETIME);
        assertThat(Rows.read(p.store, r.version()).get(0)).containsEntry("maj", Instant.parse("2023-06-08T10:15:00Z"));
    }
}
