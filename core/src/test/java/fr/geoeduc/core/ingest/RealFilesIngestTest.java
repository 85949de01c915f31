package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.quality.Finding;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.quality.Rule;
import fr.geoeduc.core.quality.RuleResult;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Ingests every real published file of ../shared/data with its declared schema, the 35 commune boundaries and
 * the COG history extract loaded, and checks row counts, types, field names, derived fields and the anomalies
 * the spec (ministry-data-formats.md §1) documents for each file.
 */
class RealFilesIngestTest {

    private static final String GEOLOC = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre";

    @TempDir
    Path dir;
    private TestPlatform p;

    @BeforeEach
    void platform() {
        p = new TestPlatform(dir);
        p.referentiels.loadBoundaries("commune", SharedData.file("geometry/communes-2018/communes-35-ille-et-vilaine.geojson"), "2018");
        p.referentiels.loadCommuneEvents(Path.of("src/main/resources/referentiel/cog-mouvements-35-extrait.csv"));
    }

    @AfterEach
    void close() {
        if (p != null) {
            p.close();
        }
    }

    private IngestResult ingest(String file, String dataset) {
        IngestResult r = p.ingest(SharedData.file(file), dataset);
        assertThat(r.version().number()).isEqualTo(1);
        assertThat(r.quality().rowsChecked()).isEqualTo(r.version().rowCount());
        // commune boundaries and COG history are loaded: no "référentiel missing" note
        assertThat(r.quality().notes()).isEmpty();
        assertThat(Rows.count(p.store, r.version())).as("rows read back").isEqualTo(r.version().rowCount());
        // what the catalogue stores is what was returned
        DatasetVersion stored = p.store.latest(dataset).orElseThrow();
        assertThat(stored.rowCount()).isEqualTo(r.version().rowCount());
        assertThat(stored.batchId()).isEqualTo(r.version().batchId());
        assertThat(p.store.quality(dataset, 1).orElseThrow().results()).isEqualTo(r.quality().results());
        return r;
    }

    private List<Map<String, Object>> rows(IngestResult r) {
        return Rows.read(p.store, r.version());
    }

    private static Set<String> values(QualityReport q, Rule rule) {
        return q.result(rule).map(rr -> rr.examples().stream().map(Finding::value).collect(Collectors.toSet())).orElse(Set.of());
    }

    private static List<Finding> examples(QualityReport q, Rule rule) {
        return q.result(rule).map(RuleResult::examples).orElse(List.of());
    }

    private static Set<String> fieldNames(IngestResult r) {
        return r.version().schema().fields().stream().map(Field::name).collect(Collectors.toSet());
    }

    private static void assertNoInferredColumn(IngestResult r) {
        assertThat(r.version().schema().fields()).noneMatch(f -> "inferred".equals(f.origin()));
        assertThat(r.quality().count(Rule.UNEXPECTED_COLUMN)).isZero();
    }

    // ------------------------------------------------------------------ Ille-et-Vilaine

    @Test
    void annuaireIlleEtVilaine() {
        IngestResult r = ingest("ille-et-vilaine/fr-en-annuaire-education.csv", "fr-en-annuaire-education");
        assertThat(r.version().rowCount()).isEqualTo(996);
        assertThat(r.version().lineage().format()).contains("BOM").contains("CRLF").contains("';'");

        Map<String, FieldType> types = Rows.types(r.version());
        assertThat(types).containsEntry("identifiant_de_l_etablissement", FieldType.TEXT)
                .containsEntry("latitude", FieldType.DOUBLE)
                .containsEntry("longitude", FieldType.DOUBLE)
                .containsEntry("nombre_d_eleves", FieldType.INT)
                .containsEntry("position", FieldType.GEO_POINT_2D)
                .containsEntry("code_departement", FieldType.TEXT)
                .containsEntry("code_postal", FieldType.TEXT)
                .containsEntry("code_nature", FieldType.TEXT)
                .containsEntry("coordx_origine", FieldType.DOUBLE)
                .containsEntry("date_ouverture", FieldType.DATE)
                .containsEntry("multi_uai", FieldType.INT)
                .containsEntry("departement_cog", FieldType.TEXT)
                .containsEntry("commune_cog", FieldType.TEXT)
                .containsEntry("uai_valide", FieldType.BOOLEAN);
        // 2023 headers (labels, 'Code postal' with a space, coordonnee_X, epsg, etablissement_multi_lignes) → field names
        assertThat(fieldNames(r)).contains("code_postal", "coordy_origine", "epsg_origine", "multi_uai", "fiche_onisep")
                .doesNotContain("Identifiant_de_l_etablissement", "Code postal", "code_postal_2", "coordonnee_X", "epsg",
                        "etablissement_multi_lignes");
        assertThat(r.version().schema().size()).isEqualTo(69 + 3);
        assertNoInferredColumn(r);
        assertThat(examples(r.quality(), Rule.ABSENT_FIELD)).extracting(Finding::field).containsExactlyInAnyOrder(
                "code_circonscription", "code_zone_animation_pedagogique", "libelle_zone_animation_pedagogique");

        List<Map<String, Object>> rows = rows(r);
        Map<String, Object> first = rows.get(0);
        assertThat(first).containsEntry("identifiant_de_l_etablissement", "0350122T")
                .containsEntry("code_departement", "035")
                .containsEntry("departement_cog", "35")
                .containsEntry("code_commune", "35016")
                .containsEntry("commune_cog", "35016")
                .containsEntry("latitude", 47.98614492070133)
                .containsEntry("longitude", -1.9294895003671315)
                .containsEntry("position", new GeoPoint(47.98614492070133, -1.9294895003671315))
                .containsEntry("nombre_d_eleves", 143L)
                .containsEntry("coordx_origine", 332503.4)
                .containsEntry("epsg_origine", "EPSG:2154")
                .containsEntry("date_ouverture", LocalDate.of(1965, 10, 1))
                .containsEntry("date_maj_ligne", LocalDate.of(2023, 6, 8))
                .containsEntry("uai_valide", true);
        assertThat(rows).filteredOn(m -> m.get("nombre_d_eleves") == null).hasSize(156);
        assertThat(rows).allMatch(m -> Boolean.TRUE.equals(m.get("uai_valide")));
        assertThat(rows).allMatch(m -> "35".equals(m.get("departement_cog")));

        QualityReport q = r.quality();
        // three establishments on two rows each, flagged etablissement_multi_lignes = 1: warnings, not duplicates
        assertThat(q.count(Rule.MULTI_ROW_KEY)).isEqualTo(3);
        assertThat(values(q, Rule.MULTI_ROW_KEY)).containsExactlyInAnyOrder("0352072M", "0350852L", "0350778F");
        assertThat(q.count(Rule.DUPLICATE_KEY)).isZero();
        assertThat(rows).filteredOn(m -> Set.of("0352072M", "0350852L", "0350778F").contains(m.get("identifiant_de_l_etablissement")))
                .hasSize(6).allMatch(m -> Long.valueOf(1).equals(m.get("multi_uai")));
        // 'C0NTRAT' with a zero, on all 34 rows of code 21; kept as published
        assertThat(q.count(Rule.DIGIT_FOR_LETTER)).isEqualTo(34);
        assertThat(examples(q, Rule.DIGIT_FOR_LETTER)).isNotEmpty().allSatisfy(f -> {
            assertThat(f.field()).isEqualTo("type_contrat_prive");
            assertThat(f.value()).isEqualTo("C0NTRAT SIMPLE POUR PARTIE DES CLASSES");
            assertThat(f.line()).isGreaterThan(1);
        });
        assertThat(rows).filteredOn(m -> "C0NTRAT SIMPLE POUR PARTIE DES CLASSES".equals(m.get("type_contrat_prive"))).hasSize(34);
        // code 10 (HORS CONTRAT) with an empty label on 9 rows
        assertThat(q.count(Rule.CODE_WITHOUT_LABEL)).isEqualTo(9);
        assertThat(examples(q, Rule.CODE_WITHOUT_LABEL)).hasSize(9).allSatisfy(f -> {
            assertThat(f.field()).isEqualTo("type_contrat_prive");
            assertThat(f.value()).isEqualTo("10");
        });
        Set<Long> codeWithoutLabelLines = examples(q, Rule.CODE_WITHOUT_LABEL).stream().map(Finding::line).collect(Collectors.toSet());
        assertThat(codeWithoutLabelLines).hasSize(9);
        // the x/y in EPSG:2154 agree with latitude/longitude; every UAI has its check letter
        assertThat(q.count(Rule.XY_DISAGREE)).isZero();
        assertThat(q.count(Rule.UNKNOWN_EPSG)).isZero();
        assertThat(q.count(Rule.UAI_CHECK_LETTER)).isZero();
        assertThat(q.count(Rule.INVALID_VALUE)).isZero();
        assertThat(q.count(Rule.UNKNOWN_DEPARTEMENT)).isZero();
        assertThat(q.count(Rule.UNKNOWN_ACADEMIE)).isZero();
        assertThat(q.count(Rule.OUTSIDE_FRANCE)).isZero();
        // 4 points fall just outside the (2018, simplified) polygon of their commune, inside the neighbour's
        assertThat(q.count(Rule.OUTSIDE_COMMUNE)).isEqualTo(4);
        assertThat(examples(q, Rule.OUTSIDE_COMMUNE)).extracting(Finding::line).containsExactly(162L, 402L, 451L, 974L);
        assertThat(examples(q, Rule.OUTSIDE_COMMUNE)).allSatisfy(f -> {
            assertThat(f.field()).isEqualTo("latitude");
            assertThat(f.message()).containsPattern("outside the polygon of commune 35\\d{3} \\(the point is in 35\\d{3}\\)");
        });
        assertThat(examples(q, Rule.OUTSIDE_COMMUNE).get(0).message()).contains("35266").contains("35047");
    }

    @Test
    void geolocalisationIlleEtVilaineWithLabels() {
        IngestResult r = ingest("ille-et-vilaine/fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre.csv", GEOLOC);
        assertThat(r.version().rowCount()).isEqualTo(117);
        Map<String, FieldType> types = Rows.types(r.version());
        assertThat(types).containsEntry("numero_uai", FieldType.TEXT)
                .containsEntry("coordonnee_x", FieldType.DOUBLE)
                .containsEntry("latitude", FieldType.DOUBLE)
                .containsEntry("position", FieldType.GEO_POINT_2D)
                .containsEntry("code_departement", FieldType.TEXT)
                .containsEntry("nature_uai", FieldType.TEXT)
                .containsEntry("date_ouverture", FieldType.DATE);
        // labels header ('Code établissement', 'Qualité d'appariement', …) → field names
        assertThat(fieldNames(r)).contains("numero_uai", "appellation_officielle", "appariement", "localite_acheminement_uai",
                "epsg", "secteur_prive_code_type_contrat").doesNotContain("Code établissement", "code_etablissement");
        assertNoInferredColumn(r);
        assertThat(examples(r.quality(), Rule.ABSENT_FIELD)).extracting(Finding::field).containsExactlyInAnyOrder("sigle", "rnb");

        Map<String, Object> querpon = Rows.only(rows(r), m -> "0350017D".equals(m.get("numero_uai")));
        assertThat(querpon).containsEntry("appellation_officielle", "Collège du Querpon")
                .containsEntry("code_departement", "035")
                .containsEntry("departement_cog", "35")
                .containsEntry("code_commune", "35168")
                .containsEntry("commune_cog", "35168")
                .containsEntry("coordonnee_x", 327366.8)
                .containsEntry("coordonnee_y", 6766352.2)
                .containsEntry("epsg", "EPSG:2154")
                .containsEntry("latitude", 47.89156984600312)
                .containsEntry("position", new GeoPoint(47.89156984600312, -1.9895683290916766))
                .containsEntry("appariement", "Correcte")
                .containsEntry("nature_uai", "340")
                .containsEntry("secteur_prive_libelle_type_contrat", "SANS OBJET")
                .containsEntry("date_ouverture", LocalDate.of(1965, 5, 1))
                .containsEntry("uai_valide", true);
        QualityReport q = r.quality();
        assertThat(q.count(Rule.XY_DISAGREE)).isZero();
        assertThat(q.count(Rule.UNKNOWN_EPSG)).isZero();
        assertThat(q.count(Rule.UAI_CHECK_LETTER)).isZero();
        assertThat(q.count(Rule.DUPLICATE_KEY)).isZero();
        assertThat(q.count(Rule.INVALID_VALUE)).isZero();
    }

    @Test
    void carteScolaireIlleEtVilaine() {
        IngestResult r = ingest("ille-et-vilaine/fr-en-carte-scolaire-colleges-publics.csv", "fr-en-carte-scolaire-colleges-publics");
        assertThat(r.version().rowCount()).isEqualTo(5416);
        assertThat(Rows.types(r.version())).containsEntry("n_de_voie_debut", FieldType.INT)
                .containsEntry("n_de_voie_fin", FieldType.INT)
                .containsEntry("code_insee", FieldType.TEXT)
                .containsEntry("code_postal", FieldType.TEXT)
                .containsEntry("code_rne", FieldType.TEXT)
                .containsEntry("commune_cog", FieldType.TEXT);
        // label spellings No_de_voie_debut, Type_et_Libelle, Code_RNE → field names n_de_voie_debut, type_et_libelle, code_rne
        assertThat(fieldNames(r)).contains("n_de_voie_debut", "n_de_voie_fin", "type_et_libelle", "code_rne", "secteur_unique", "parite")
                .doesNotContain("No_de_voie_debut", "no_de_voie_debut", "Code_RNE");
        assertNoInferredColumn(r);

        List<Map<String, Object>> rows = rows(r);
        assertThat(rows.get(0)).containsEntry("code_insee", "35001").containsEntry("libelle_commune", "Acigné")
                .containsEntry("code_rne", "0352167R").containsEntry("secteur_unique", "O")
                .containsEntry("n_de_voie_debut", null).containsEntry("code_postal", null);
        Map<String, Object> street = rows.stream().filter(m -> "ALLEE CHARLES VIII".equals(m.get("type_et_libelle"))).findFirst().orElseThrow();
        assertThat(street).containsEntry("n_de_voie_debut", 1L).containsEntry("n_de_voie_fin", 9999L)
                .containsEntry("parite", "PI").containsEntry("code_postal", "35300").containsEntry("code_rne", "0350967L");
        assertThat(rows).filteredOn(m -> "O".equals(m.get("secteur_unique"))).hasSize(348);
        assertThat(rows).filteredOn(m -> Long.valueOf(9999).equals(m.get("n_de_voie_fin"))).hasSize(4878);

        // 35100 Dompierre-du-Chemin was absorbed by 35163 Luitré-Dompierre on 2019-01-01
        QualityReport q = r.quality();
        assertThat(q.count(Rule.MERGED_COMMUNE)).isEqualTo(5);
        assertThat(values(q, Rule.MERGED_COMMUNE)).containsExactlyInAnyOrder("35100", "35113", "35269", "35293", "35344");
        Finding dompierre = examples(q, Rule.MERGED_COMMUNE).stream().filter(f -> "35100".equals(f.value())).findFirst().orElseThrow();
        assertThat(dompierre.field()).isEqualTo("code_insee");
        assertThat(dompierre.message()).contains("35163").contains("2019-01-01");
        Map<String, Object> row35100 = Rows.only(rows, m -> "35100".equals(m.get("code_insee")));
        assertThat(row35100).containsEntry("commune_cog", "35163").containsEntry("code_rne", "0350762N");
        assertThat(dompierre.line()).isEqualTo(rows.indexOf(row35100) + 2L);
        assertThat(q.count(Rule.UAI_CHECK_LETTER)).isZero();
        assertThat(q.count(Rule.UNKNOWN_COMMUNE)).isZero();
        assertThat(q.count(Rule.INVALID_VALUE)).isZero();
    }

    @Test
    void effectifsEcolesIlleEtVilaine() {
        IngestResult r = ingest("ille-et-vilaine/fr-en-ecoles-effectifs-nb_classes.csv", "fr-en-ecoles-effectifs-nb_classes");
        assertThat(r.version().rowCount()).isEqualTo(2704);
        assertThat(Rows.types(r.version())).containsEntry("numero_ecole", FieldType.TEXT)
                .containsEntry("nombre_total_eleves", FieldType.INT)
                .containsEntry("nombre_eleves_cm2_hors_ulis", FieldType.INT)
                .containsEntry("rep_plus", FieldType.INT)
                .containsEntry("annee_rentree", FieldType.INT);
        assertThat(fieldNames(r)).contains("numero_ecole", "rep", "rep_plus", "code_postal", "tri", "nombre_total_classes");
        assertNoInferredColumn(r);
        Map<String, Object> first = rows(r).get(0);
        assertThat(first).containsEntry("rentree_scolaire", "2022").containsEntry("annee_rentree", 2022L)
                .containsEntry("numero_ecole", "0350103X").containsEntry("rep", 0L).containsEntry("rep_plus", 0L)
                .containsEntry("nombre_total_classes", 12L).containsEntry("nombre_total_eleves", 289L)
                .containsEntry("nombre_eleves_cp_hors_ulis", 56L).containsEntry("code_postal", "35690")
                .containsEntry("commune", "ACIGNE");
        // totals add up on every row; (rentrée, UAI) is unique
        assertThat(r.quality().count(Rule.TOTAL_MISMATCH)).isZero();
        assertThat(r.quality().count(Rule.DUPLICATE_KEY)).isZero();
        assertThat(r.quality().count(Rule.UAI_CHECK_LETTER)).isZero();
        assertThat(r.quality().count(Rule.INVALID_VALUE)).isZero();
    }

    /** Control for the test above: the total rule is active on this file (one total changed → one finding). */
    @Test
    void effectifsEcolesWithOneWrongTotalIsReported() throws Exception {
        String text = Files.readString(SharedData.file("ille-et-vilaine/fr-en-ecoles-effectifs-nb_classes.csv"), StandardCharsets.UTF_8);
        String original = ";12;289;0;289;0;56;68;52;56;57;78-BRETAGNE-RENNES-ILLE-ET-VILAINE-ACIGNE-0350103X;";
        assertThat(text).contains(original);
        Path changed = dir.resolve("fr-en-ecoles-effectifs-nb_classes.csv");
        Files.writeString(changed, text.replace(original, original.replace(";12;289;", ";12;290;")), StandardCharsets.UTF_8);
        IngestResult r = p.ingest(changed, "fr-en-ecoles-effectifs-nb_classes");
        assertThat(r.quality().count(Rule.TOTAL_MISMATCH)).isEqualTo(1);
        Finding f = examples(r.quality(), Rule.TOTAL_MISMATCH).get(0);
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.field()).isEqualTo("nombre_total_eleves");
        assertThat(f.value()).isEqualTo("290");
        assertThat(f.message()).contains("289");
    }

    @Test
    void effectifsCollegesIlleEtVilaine() {
        IngestResult r = ingest("ille-et-vilaine/fr-en-college-effectifs-niveau-sexe-lv.csv", "fr-en-college-effectifs-niveau-sexe-lv");
        assertThat(r.version().rowCount()).isEqualTo(374);
        assertThat(Rows.types(r.version())).containsEntry("numero_college", FieldType.TEXT)
                .containsEntry("nombre_eleves_total", FieldType.INT)
                .containsEntry("6emes_garcons", FieldType.INT)
                .containsEntry("3eme_lv2_autres", FieldType.INT);
        // the 220-character label of the total maps to nombre_eleves_total; 'Nombre de 6èmes garçons' to 6emes_garcons
        assertThat(fieldNames(r)).contains("nombre_eleves_total", "nombre_eleves_total_hors_segpa_hors_ulis", "6eme_filles", "6emes_garcons");
        assertNoInferredColumn(r);
        assertThat(examples(r.quality(), Rule.ABSENT_FIELD)).extracting(Finding::field).containsExactly("code_postal");
        List<Map<String, Object>> rows = rows(r);
        assertThat(rows.get(0)).containsEntry("rentree_scolaire", "2019").containsEntry("annee_rentree", 2019L)
                .containsEntry("numero_college", "0350793X").containsEntry("nombre_eleves_total", 34L)
                .containsEntry("nombre_eleves_total_hors_segpa_hors_ulis", 34L).containsEntry("secteur", "PRIVE");
        // 'hors Segpa hors ULIS' is empty on the 6 SEGPA-only rows; totals still add up (empty parts are skipped)
        assertThat(rows).filteredOn(m -> m.get("nombre_eleves_total_hors_segpa_hors_ulis") == null).hasSize(6);
        assertThat(r.quality().count(Rule.TOTAL_MISMATCH)).isZero();
        assertThat(r.quality().count(Rule.DUPLICATE_KEY)).isZero();
        assertThat(r.quality().count(Rule.INVALID_VALUE)).isZero();
    }

    @Test
    void effectifsSecondDegreIlleEtVilaine() {
        IngestResult r = ingest("ille-et-vilaine/fr-en-effectifs-second-degre.csv", "fr-en-effectifs-second-degre");
        assertThat(r.version().rowCount()).isEqualTo(823);
        assertThat(Rows.types(r.version())).containsEntry("numero_d_etablissement", FieldType.TEXT)
                .containsEntry("nombre_d_eleves", FieldType.INT)
                .containsEntry("annee_scolaire", FieldType.TEXT)
                .containsEntry("code_departement", FieldType.TEXT)
                .containsEntry("annee_rentree", FieldType.INT)
                .containsEntry("departement_cog", FieldType.TEXT);
        assertThat(fieldNames(r)).contains("annee_scolaire", "numero_d_etablissement", "type_d_etablissement", "code_region");
        assertNoInferredColumn(r);
        List<Map<String, Object>> rows = rows(r);
        assertThat(rows.get(0)).containsEntry("annee_scolaire", "2018-2019").containsEntry("annee_rentree", 2018L)
                .containsEntry("numero_d_etablissement", "0350002M").containsEntry("nombre_d_eleves", 768L)
                .containsEntry("code_departement", "035").containsEntry("departement_cog", "35")
                .containsEntry("code_postal", "35171").containsEntry("uai_valide", true);
        // placeholders of masked private establishments stay as published in text fields
        Map<String, Object> masked = Rows.only(rows, m -> "0350933O".equals(m.get("numero_d_etablissement")) && "2017-2018".equals(m.get("annee_scolaire")));
        assertThat(masked).containsEntry("nom_etablissement", "- -").containsEntry("adresse", "-").containsEntry("code_postal", "-")
                .containsEntry("nombre_d_eleves", 53L).containsEntry("uai_valide", false).containsEntry("annee_rentree", 2017L);

        // exactly the 8 pseudo-UAIs ending in O
        Set<String> pseudo = Set.of("0350708O", "0350821O", "0350932O", "0350933O", "0350935O", "0350937O", "0351019O", "0351122O");
        QualityReport q = r.quality();
        assertThat(q.count(Rule.UAI_CHECK_LETTER)).isEqualTo(8);
        assertThat(values(q, Rule.UAI_CHECK_LETTER)).isEqualTo(pseudo);
        assertThat(examples(q, Rule.UAI_CHECK_LETTER)).allSatisfy(f -> {
            assertThat(f.field()).isEqualTo("numero_d_etablissement");
            assertThat(f.message()).contains("'O'");
        });
        assertThat(rows).filteredOn(m -> Boolean.FALSE.equals(m.get("uai_valide")))
                .extracting(m -> (String) m.get("numero_d_etablissement")).containsExactlyInAnyOrderElementsOf(pseudo);
        assertThat(q.count(Rule.TOTAL_MISMATCH)).isZero();
        assertThat(q.count(Rule.DUPLICATE_KEY)).isZero();
        assertThat(q.count(Rule.INVALID_VALUE)).isZero();
    }

    // ------------------------------------------------------------------ national

    @Test
    void ipsEcolesNational() {
        IngestResult r = ingest("national/fr-en-ips_ecoles-2021-2022.csv", "fr-en-ips_ecoles");
        assertThat(r.version().rowCount()).isEqualTo(32091);
        assertThat(r.version().lineage().format()).doesNotContain("BOM").contains("LF").doesNotContain("CRLF");
        assertThat(Rows.types(r.version())).containsEntry("ips", FieldType.DOUBLE)
                .containsEntry("uai", FieldType.TEXT)
                .containsEntry("rentree_scolaire", FieldType.TEXT)
                .containsEntry("code_du_departement", FieldType.TEXT)
                .containsEntry("code_insee_de_la_commune", FieldType.TEXT)
                .containsEntry("annee_rentree", FieldType.INT);
        // "Nom de l'établissment" (typo in the source) → the portal's field, typo included: nom_de_l_etablissment
        assertThat(fieldNames(r)).contains("nom_de_l_etablissment", "code_insee_de_la_commune", "nom_de_la_commune", "secteur")
                .doesNotContain("nom_de_l_etablissement");
        assertNoInferredColumn(r);

        List<Map<String, Object>> rows = rows(r);
        assertThat(rows.get(0)).containsEntry("rentree_scolaire", "2021-2022").containsEntry("annee_rentree", 2021L)
                .containsEntry("uai", "0352443R").containsEntry("nom_de_l_etablissment", "ECOLE PRIMAIRE PRIVEE STE ANNE")
                .containsEntry("code_du_departement", "035").containsEntry("departement_cog", "35")
                .containsEntry("code_insee_de_la_commune", "35085").containsEntry("commune_cog", "35085")
                .containsEntry("secteur", "privé sous contrat").containsEntry("ips", 115.7).containsEntry("uai_valide", true);
        assertThat(Rows.only(rows, m -> "6200096K".equals(m.get("uai")))).containsEntry("code_du_departement", "02A")
                .containsEntry("departement_cog", "2A").containsEntry("commune_cog", "2A142").containsEntry("ips", 90.4);
        assertThat(Rows.only(rows, m -> "0750845L".equals(m.get("uai")))).containsEntry("code_insee_de_la_commune", "75101")
                .containsEntry("commune_cog", "75056").containsEntry("departement_cog", "75");
        assertThat(Rows.only(rows, m -> "0691299M".equals(m.get("uai")))).containsEntry("commune_cog", "69123");
        assertThat(Rows.only(rows, m -> "9710341U".equals(m.get("uai")))).containsEntry("code_insee_de_la_commune", "97701")
                .containsEntry("departement_cog", "971");
        assertThat(rows).allMatch(m -> Long.valueOf(2021).equals(m.get("annee_rentree")));
        assertThat(rows).allMatch(m -> Boolean.TRUE.equals(m.get("uai_valide")));
        assertThat(rows.stream().mapToDouble(m -> (Double) m.get("ips")).min().orElseThrow()).isEqualTo(49.6);
        assertThat(rows.stream().mapToDouble(m -> (Double) m.get("ips")).max().orElseThrow()).isEqualTo(155.6);
        assertThat(rows).filteredOn(m -> "35".equals(m.get("departement_cog"))).hasSize(535);

        QualityReport q = r.quality();
        assertThat(q.count(Rule.UAI_CHECK_LETTER)).isZero();
        assertThat(q.count(Rule.DUPLICATE_KEY)).isZero();
        assertThat(q.count(Rule.UNKNOWN_DEPARTEMENT)).isZero();
        assertThat(q.count(Rule.INVALID_VALUE)).isZero();
        assertThat(q.count(Rule.NULL_MARKER)).isZero();
    }

    @Test
    void geolocalisationCollegesNationalWithFieldNames() {
        IngestResult r = ingest("national/fr-en-adresse-et-geolocalisation-colleges-2024.csv", GEOLOC);
        assertThat(r.version().rowCount()).isEqualTo(7654);
        assertThat(Rows.types(r.version())).containsEntry("numero_uai", FieldType.TEXT)
                .containsEntry("coordonnee_x", FieldType.DOUBLE)
                .containsEntry("longitude", FieldType.DOUBLE)
                .containsEntry("position", FieldType.GEO_POINT_2D)
                .containsEntry("code_commune", FieldType.TEXT)
                .containsEntry("code_departement", FieldType.TEXT);
        // upper-case 'EPSG' header → field epsg
        assertThat(fieldNames(r)).contains("epsg", "numero_uai", "secteur_public_prive_libe").doesNotContain("EPSG", "epsg_2");
        assertNoInferredColumn(r);

        List<Map<String, Object>> rows = rows(r);
        // PLM arrondissements → their commune
        assertThat(Rows.only(rows, m -> "0751703U".equals(m.get("numero_uai")))).containsEntry("code_commune", "75101")
                .containsEntry("commune_cog", "75056").containsEntry("code_departement", "075").containsEntry("departement_cog", "75");
        assertThat(rows).filteredOn(m -> m.get("code_commune") instanceof String c && c.matches("751\\d\\d"))
                .isNotEmpty().allMatch(m -> "75056".equals(m.get("commune_cog")));
        assertThat(rows).filteredOn(m -> m.get("code_commune") instanceof String c && c.matches("6938\\d"))
                .isNotEmpty().allMatch(m -> "69123".equals(m.get("commune_cog")));
        assertThat(rows).filteredOn(m -> m.get("code_commune") instanceof String c && c.matches("132\\d\\d"))
                .isNotEmpty().allMatch(m -> "13055".equals(m.get("commune_cog")));
        assertThat(rows).filteredOn(m -> "02A".equals(m.get("code_departement"))).isNotEmpty()
                .allMatch(m -> "2A".equals(m.get("departement_cog")));
        // RFC 4180 quotes in the real file
        assertThat(Rows.only(rows, m -> "0241357V".equals(m.get("numero_uai"))))
                .containsEntry("appellation_officielle", "Collège privé \"Maison Jacques Sevin\"")
                .containsEntry("patronyme_uai", "\"MAISON JACQUES SEVIN\"");
        assertThat(Rows.only(rows, m -> "9740042C".equals(m.get("numero_uai")))).containsEntry("epsg", "EPSG:2975")
                .containsEntry("coordonnee_x", 335915.9).containsEntry("position", new GeoPoint(-20.893340132831486, 55.422455336711415));
        // rows with an EPSG but no coordinates: no position, no finding
        assertThat(Rows.only(rows, m -> "9711354V".equals(m.get("numero_uai")))).containsEntry("epsg", "EPSG:4559")
                .containsEntry("coordonnee_x", null).containsEntry("latitude", null).containsEntry("position", null);
        assertThat(rows).filteredOn(m -> m.get("coordonnee_x") == null).hasSize(147);

        // x/y in 2154, 2972, 2975, 32620, 32621 and 32738 all agree with latitude/longitude
        QualityReport q = r.quality();
        assertThat(q.count(Rule.XY_DISAGREE)).isZero();
        assertThat(q.count(Rule.UNKNOWN_EPSG)).isZero();
        assertThat(q.count(Rule.OUTSIDE_FRANCE)).isZero();
        assertThat(q.count(Rule.UAI_CHECK_LETTER)).isZero();
        assertThat(q.count(Rule.DUPLICATE_KEY)).isZero();
        assertThat(q.count(Rule.UNKNOWN_DEPARTEMENT)).isZero();
        assertThat(q.count(Rule.UNKNOWN_ACADEMIE)).isZero();
        assertThat(q.count(Rule.INVALID_VALUE)).isZero();
        assertThat(rows).filteredOn(m -> m.get("coordonnee_x") != null).allSatisfy(m -> assertThat(m.get("position")).isNotNull());
        // only Ille-et-Vilaine polygons are loaded: other départements are not checked, no false finding
        assertThat(q.count(Rule.OUTSIDE_COMMUNE)).isEqualTo(1);
        assertThat(examples(q, Rule.OUTSIDE_COMMUNE).get(0)).satisfies(f -> {
            assertThat(f.line()).isEqualTo(6623);
            assertThat(f.message()).contains("35284").contains("35288");
        });
        assertThat(q.count(Rule.UNKNOWN_COMMUNE)).isZero();
    }

    @Test
    void ipsCollegesExtract() {
        IngestResult r = ingest("national/fr-en-ips-colleges-extract.csv", "fr-en-ips_colleges");
        assertThat(r.version().rowCount()).isEqualTo(6973);
        assertThat(Rows.types(r.version())).containsEntry("ips", FieldType.DOUBLE)
                .containsEntry("ecart_type_de_l_ips", FieldType.DOUBLE)
                .containsEntry("uai", FieldType.TEXT)
                .containsEntry("rentree_scolaire", FieldType.TEXT);
        assertNoInferredColumn(r);
        List<Map<String, Object>> rows = rows(r);
        assertThat(rows.get(0)).containsEntry("rentree_scolaire", "2023").containsEntry("annee_rentree", 2023L)
                .containsEntry("uai", "0010026Y").containsEntry("ips", 111.1).containsEntry("ecart_type_de_l_ips", 32.8)
                .containsEntry("uai_valide", true);
        assertThat(rows).allMatch(m -> m.get("ips") instanceof Double);
        assertThat(r.quality().count(Rule.UAI_CHECK_LETTER)).isZero();
        assertThat(r.quality().count(Rule.DUPLICATE_KEY)).isZero();
        assertThat(r.quality().count(Rule.INVALID_VALUE)).isZero();
    }

    @Test
    void valeurAjouteeColleges() {
        IngestResult r = ingest("national/fr-en-indicateurs-valeur-ajoutee-colleges.csv", "fr-en-indicateurs-valeur-ajoutee-colleges");
        assertThat(r.version().rowCount()).isEqualTo(13237);
        assertThat(r.version().lineage().format()).contains("BOM").doesNotContain("CRLF");
        assertThat(Rows.types(r.version())).containsEntry("taux_de_reussite_g", FieldType.DOUBLE)
                .containsEntry("va_du_taux_de_reussite_g", FieldType.DOUBLE)
                .containsEntry("nb_candidats_g", FieldType.INT)
                .containsEntry("taux_d_acces_6eme_3eme", FieldType.DOUBLE)
                .containsEntry("uai", FieldType.TEXT);
        assertThat(fieldNames(r)).contains("taux_d_acces_6eme_3eme", "part_presents_3eme_segpa_total", "note_a_l_ecrit_g");
        assertNoInferredColumn(r);
        assertThat(rows(r).get(0)).containsEntry("session", "2023").containsEntry("uai", "0010005A")
                .containsEntry("nom_de_l_etablissement", "COLLEGE ROGER POULNARD").containsEntry("secteur", "PU")
                .containsEntry("nb_candidats_g", 127L).containsEntry("taux_de_reussite_g", 93.0)
                .containsEntry("va_du_taux_de_reussite_g", -2.0).containsEntry("nb_candidats_p", null)
                .containsEntry("note_a_l_ecrit_g", 12.4).containsEntry("nb_mentions_global_g", 101L)
                .containsEntry("annee_rentree", 2023L);
        assertThat(r.quality().count(Rule.UAI_CHECK_LETTER)).isZero();
        assertThat(r.quality().count(Rule.INVALID_VALUE)).isZero();
        assertThat(r.quality().count(Rule.DUPLICATE_KEY)).isZero();
    }

    @Test
    void dnbParEtablissementResavedWithCommas() {
        IngestResult r = ingest("national/fr-en-dnb-par-etablissement.csv", "fr-en-dnb-par-etablissement");
        assertThat(r.version().rowCount()).isEqualTo(6935);
        assertThat(r.version().lineage().format()).contains("','");
        assertThat(Rows.types(r.version())).containsEntry("taux_de_reussite", FieldType.DOUBLE)
                .containsEntry("numero_d_etablissement", FieldType.TEXT)
                .containsEntry("admis", FieldType.INT)
                .containsEntry("code_departement", FieldType.TEXT);
        // numero_college (another dataset's spelling) → numero_d_etablissement; the unnamed index column is kept
        assertThat(fieldNames(r)).contains("numero_d_etablissement").doesNotContain("numero_college");
        assertThat(r.quality().count(Rule.UNEXPECTED_COLUMN)).isEqualTo(1);

        List<Map<String, Object>> rows = rows(r);
        Map<String, Object> saintExupery = Rows.only(rows, m -> "0010002X".equals(m.get("numero_d_etablissement")) && "2021".equals(m.get("session")));
        assertThat(saintExupery).containsEntry("taux_de_reussite", 74.3).containsEntry("admis", 153L)
                .containsEntry("inscrits", 209L).containsEntry("commune", "01004").containsEntry("code_departement", "001")
                .containsEntry("departement_cog", "01").containsEntry("annee_rentree", 2021L).containsEntry("patronyme", "SAINT-EXUPERY");
        assertThat(rows).filteredOn(m -> m.get("taux_de_reussite") != null).allSatisfy(m ->
                assertThat((Double) m.get("taux_de_reussite")).isBetween(0.0, 100.0));
        QualityReport q = r.quality();
        assertThat(q.count(Rule.TOTAL_MISMATCH)).isZero();
        assertThat(q.count(Rule.UAI_CHECK_LETTER)).isZero();
        assertThat(q.count(Rule.INVALID_VALUE)).isZero();
        assertThat(q.count(Rule.DUPLICATE_KEY)).isZero();
    }

    // ------------------------------------------------------------------ geometry

    @Test
    void contourAcademiesGeoJson() {
        IngestResult r = ingest("geometry/fr-en-contour-academies-2020.geojson", "fr-en-contour-academies-2020");
        assertThat(r.version().rowCount()).isEqualTo(30);
        assertThat(r.version().lineage().format()).isEqualTo("geojson");
        assertThat(Rows.types(r.version())).containsEntry("geo_shape", FieldType.GEO_SHAPE)
                .containsEntry("geo_point_2d", FieldType.GEO_POINT_2D)
                .containsEntry("code_academie", FieldType.TEXT)
                .containsEntry("code_region_2016", FieldType.TEXT)
                .containsEntry("name", FieldType.TEXT)
                .containsEntry("libelle_region_2016", FieldType.TEXT);
        // an unknown dataset: its schema is inferred and catalogued
        assertThat(r.version().schema().fields()).filteredOn(f -> !"derived".equals(f.origin())).allMatch(f -> "inferred".equals(f.origin()));
        assertThat(p.store.dataset("fr-en-contour-academies-2020").orElseThrow().fields()).extracting(Field::name)
                .contains("code_academie", "geo_shape", "geo_point_2d");

        List<Map<String, Object>> rows = rows(r);
        assertThat(rows).extracting(m -> (String) m.get("code_academie")).doesNotHaveDuplicates().contains("01", "10", "14", "70", "43");
        Map<String, Object> lyon = Rows.only(rows, m -> "10".equals(m.get("code_academie")));
        assertThat(lyon).containsEntry("name", "Lyon").containsEntry("libelle_aca_majuscules", "LYON")
                .containsEntry("code_region_2016", "84").containsEntry("geo_point_2d", new GeoPoint(45.9174746186, 4.77279452124));
        Geometry shape = (Geometry) lyon.get("geo_shape");
        assertThat(shape.getGeometryType()).isEqualTo("Polygon");
        assertThat(shape.getSRID()).isEqualTo(4326);
        GeometryFactory gf = new GeometryFactory();
        assertThat(shape.contains(gf.createPoint(new Coordinate(4.8357, 45.7640)))).as("Lyon in académie de Lyon").isTrue();
        assertThat(shape.contains(gf.createPoint(new Coordinate(-1.6778, 48.1173)))).as("Rennes not in académie de Lyon").isFalse();
        Map<String, Object> rennes = Rows.only(rows, m -> "14".equals(m.get("code_academie")));
        assertThat(((Geometry) rennes.get("geo_shape")).contains(gf.createPoint(new Coordinate(-1.6778, 48.1173)))).isTrue();
        assertThat(rows).extracting(m -> ((Geometry) m.get("geo_shape")).getGeometryType()).filteredOn("MultiPolygon"::equals).hasSize(14);
        assertThat(rows).allMatch(m -> Objects.nonNull(m.get("geo_shape")));
        assertThat(r.quality().count(Rule.INVALID_GEOMETRY)).isZero();
        assertThat(r.quality().count(Rule.INVALID_VALUE)).isZero();
        assertThat(((GeoPoint) lyon.get("geo_point_2d")).lat()).isCloseTo(45.9174746186, within(1e-12));
    }
}
