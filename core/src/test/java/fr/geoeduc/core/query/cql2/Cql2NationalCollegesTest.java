package fr.geoeduc.core.query.cql2;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CQL2 filters through the whole query pipeline (query service, engine, compiler) on the real national géolocalisation
 * file of collèges (7,654 rows); each count is computed again from the CSV by a plain scan.
 */
class Cql2NationalCollegesTest {

    static final String GEOLOC = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre";
    static TestPlatform platform;
    static QueryService queries;
    static List<NamedCsvRecord> csv = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        Path file = SharedData.file("national/fr-en-adresse-et-geolocalisation-colleges-2024.csv");
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CsvReader<NamedCsvRecord> reader = CsvReader.builder().fieldSeparator(';').detectBomHeader(true).ofNamedCsvRecord(in)) {
            reader.forEach(csv::add);
        }
        platform = new TestPlatform(Files.createTempDirectory("geoeduc-cql2"));
        platform.ingest(file, GEOLOC);
        queries = new QueryService(platform.store);
    }

    @AfterAll
    static void close() {
        if (platform != null) {
            platform.close();
        }
    }

    static long count(Expr filter) {
        return queries.records(Caller.INTERNAL, GEOLOC, new QueryEngine.Request(null, List.of(), null, null, 0, 0, List.of(), List.of(),
                new QueryContext("filter", Locale.FRENCH, ZoneOffset.UTC), List.of(filter))).orElseThrow().totalCount();
    }

    static long text(String cql2) {
        return count(Cql2.parseText(cql2, null));
    }

    static long scan(Predicate<NamedCsvRecord> p) {
        return csv.stream().filter(p).count();
    }

    static boolean inBox(NamedCsvRecord r, double w, double s, double e, double n) {
        if (r.getField("latitude").isEmpty()) {
            return false;
        }
        double lat = Double.parseDouble(r.getField("latitude"));
        double lon = Double.parseDouble(r.getField("longitude"));
        return lat >= s && lat <= n && (w <= e ? lon >= w && lon <= e : lon >= w || lon <= e);
    }

    @Test
    void likeCountEqualsAScanOfTheFile() {
        long renn = scan(r -> r.getField("libelle_commune").startsWith("Renn"));
        assertThat(renn).isPositive();
        assertThat(text("libelle_commune LIKE 'Renn%'")).isEqualTo(renn);
        assertThat(count(Cql2.parseJson("{\"op\":\"like\",\"args\":[{\"property\":\"libelle_commune\"},\"Renn%\"]}", null))).isEqualTo(renn);
        long saint = scan(r -> r.getField("libelle_commune").startsWith("Saint-") && r.getField("libelle_commune").endsWith("e"));
        assertThat(text("libelle_commune LIKE 'Saint-%e'")).isEqualTo(saint).isPositive();
    }

    @Test
    void caseAndAccentInsensitiveCountEqualsAScan() {
        long etienne = scan(r -> Normalizer.normalize(r.getField("libelle_commune"), Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .equalsIgnoreCase("saint-etienne"));
        assertThat(etienne).isPositive();
        assertThat(text("ACCENTI(CASEI(libelle_commune)) = ACCENTI(CASEI('SAINT-ÉTIENNE'))")).isEqualTo(etienne);
        assertThat(text("libelle_commune = 'saint-etienne'")).isZero();
    }

    @Test
    void bboxCountsEqualALonLatScanAlsoAcrossTheAntimeridian() {
        assertThat(text("S_INTERSECTS(position, BBOX(-5.2, 47.2, -1.0, 48.9))")).isEqualTo(scan(r -> inBox(r, -5.2, 47.2, -1.0, 48.9))).isPositive();
        // west > east: from 40°E eastwards to 60°W (Réunion, Mayotte, the Antilles), not metropolitan France nor Guyane
        long across = scan(r -> inBox(r, 40, -30, -60, 60));
        assertThat(across).isPositive().isLessThan(500);
        assertThat(text("S_INTERSECTS(position, BBOX(40, -30, -60, 60))")).isEqualTo(across);
        // the OGC bbox parameter also keeps the rows without a position
        long noPosition = scan(r -> r.getField("latitude").isEmpty());
        assertThat(noPosition).isPositive();
        assertThat(count(Cql2.bbox("position", 40, -30, -60, 60))).isEqualTo(across + noPosition);
    }

    @Test
    void dateSectorAndInCountsEqualAScan() {
        long recentPrivate = scan(r -> !r.getField("date_ouverture").isEmpty()
                && !LocalDate.parse(r.getField("date_ouverture")).isBefore(LocalDate.of(2000, 1, 1))
                && r.getField("secteur_public_prive_libe").equals("Privé"));
        assertThat(recentPrivate).isPositive();
        assertThat(text("date_ouverture >= DATE('2000-01-01') AND secteur_public_prive_libe = 'Privé'")).isEqualTo(recentPrivate);
        long notPublic = scan(r -> !r.getField("secteur_public_prive_libe").isEmpty() && !r.getField("secteur_public_prive_libe").equals("Public"));
        assertThat(text("secteur_public_prive_libe NOT IN ('Public')")).isEqualTo(notPublic).isPositive();
        long outreMer = scan(r -> List.of("Guadeloupe", "Martinique", "La Réunion").contains(r.getField("libelle_departement")));
        assertThat(text("libelle_departement IN ('Guadeloupe', 'Martinique', 'La Réunion')")).isEqualTo(outreMer).isPositive();
    }
}
