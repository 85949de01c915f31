package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.server.explore.QuotaSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The contract of the Explore API v2.1 endpoints, through HTTP on a real server: the exact JSON shapes of the
 * catalogue, datasets, records, record, facets and exports; the limits and their 400 bodies; ODSQL errors; 404s;
 * restricted datasets; quotas and API keys. Answers are checked against the real annuaire of Ille-et-Vilaine read
 * here with plain string handling.
 */
class ExploreApiTest {

    static final String ANNUAIRE = "fr-en-annuaire-education";
    static final String GEOLOC = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre";
    static final String RESTRICTED = "fr-en-effectifs-second-degre";
    static final String CALENDRIER = "fr-en-calendrier-scolaire";
    static final String V21 = "/api/explore/v2.1";
    static final String DATASETS = V21 + "/catalog/datasets/";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static TestServer running;
    private static SqliteStore store;
    private static String base;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** The annuaire loaded (real, or generated when ../shared/data is absent), row by row: what the answers are checked against. */
    private static Path annuaireFile;
    private static List<Map<String, String>> annuaire;
    private static long geolocRows;

    @BeforeAll
    static void start() throws IOException {
        annuaireFile = TestData.fileOrGenerated(TestData.ANNUAIRE, dir);
        Path geolocFile = TestData.fileOrGenerated(TestData.GEOLOC, dir);
        annuaire = ExploreCompatibilityTest.readCsv(annuaireFile);
        geolocRows = ExploreCompatibilityTest.readCsv(geolocFile).size();
        Path calendar = dir.resolve("calendrier.csv");
        Files.writeString(calendar, """
                description;population;start_date;end_date;location;zones;annee_scolaire
                Vacances de la Toussaint;-;2025-10-17T22:00:00+00:00;2025-11-02T23:00:00+00:00;Rennes;Zone B;2025-2026
                Vacances de Noël;-;2025-12-19T23:00:00+00:00;2026-01-04T23:00:00+00:00;Rennes;Zone B;2025-2026
                Vacances d'Hiver;-;2026-02-20T23:00:00+00:00;2026-03-08T23:00:00+00:00;Rennes;Zone B;2025-2026
                Vacances de la Toussaint;-;2024-10-18T22:00:00+00:00;2024-11-03T23:00:00+00:00;Paris;Zone C;2024-2025
                Vacances d'Été;Élèves;2025-07-04T22:00:00+00:00;2025-08-31T22:00:00+00:00;Paris;Zone C;2024-2025
                """, StandardCharsets.UTF_8);
        running = TestServer.in(dir);
        store = running.store;
        Ingester ingester = running.ingester;
        ingest(ingester, annuaireFile, ANNUAIRE, null);
        ingest(ingester, geolocFile, GEOLOC, null);
        ingest(ingester, calendar, CALENDRIER, null);
        IngestResult restricted = ingest(ingester, TestData.fileOrGenerated(TestData.EFFECTIFS_SECOND_DEGRE, dir), RESTRICTED,
                AccessLevel.RESTRICTED);
        assertThat(restricted.version().rowCount()).isPositive();
        base = running.start(null, new QuotaSettings(1_000_000, Map.of("cle-large", 1_000_000L))).base();
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    private static IngestResult ingest(Ingester ingester, Path file, String id, AccessLevel access) {
        return ingester.ingest(new IngestRequest(file.toString(), id, access, null, null), ProgressListener.NONE);
    }

    // ------------------------------------------------------------------ catalogue

    @Test
    void includeLinksAddsPageRecordAndDatasetLinksThatLeadWhereTheySay() {
        JsonNode page = ok(DATASETS + ANNUAIRE + "/records?where=" + enc("type_etablissement = 'Lycée'") + "&limit=5&offset=5&include_links=true");
        long total = page.path("total_count").asLong();
        Map<String, String> rels = new HashMap<>();
        page.path("_links").forEach(l -> rels.put(l.path("rel").asText(), l.path("href").asText()));
        assertThat(rels).containsKeys("self", "first", "last", "next");
        assertThat(rels.get("next")).contains("offset=10").contains("limit=5").contains("include_links=true");
        assertThat(rels.get("last")).contains("offset=" + ((total - 1) / 5) * 5);
        assertThat(page.path("results")).hasSize(5).allSatisfy(r -> {
            assertThat(r.has("_id")).as("_id only when selected").isFalse();
            String self = r.path("_links").get(0).path("href").asText();
            assertThat(self).matches(".*/records/[0-9a-f]{40}");
            JsonNode record = ok(self.substring(self.indexOf(V21)));
            assertThat(record.path("identifiant_de_l_etablissement").asText()).isEqualTo(r.path("identifiant_de_l_etablissement").asText());
        });
        JsonNode withId = ok(DATASETS + ANNUAIRE + "/records?select=_id,nom_etablissement&limit=2&include_links=true");
        assertThat(withId.path("results").get(0).has("_id")).isTrue();
        JsonNode excludeOnly = ok(DATASETS + ANNUAIRE + "/records?select=" + enc("exclude(nom_etablissement)") + "&limit=2&include_links=true");
        JsonNode plain = ok(DATASETS + ANNUAIRE + "/records?select=" + enc("exclude(nom_etablissement)") + "&limit=2");
        JsonNode first = excludeOnly.path("results").get(0);
        assertThat(first.has("nom_etablissement")).isFalse();
        assertThat(first.has("_id")).as("the id was added for the links only").isFalse();
        assertThat(first.path("_links").size()).isPositive();
        java.util.List<String> linkedKeys = new java.util.ArrayList<>();
        first.fieldNames().forEachRemaining(linkedKeys::add);
        java.util.List<String> plainKeys = new java.util.ArrayList<>();
        plain.path("results").get(0).fieldNames().forEachRemaining(plainKeys::add);
        assertThat(linkedKeys).as("an exclude-only select keeps every other field").containsExactlyElementsOf(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("_links"), plainKeys.stream()).toList());
        assertThat(ok(DATASETS + ANNUAIRE + "/records?limit=2").has("_links")).as("no links by default").isFalse();
        JsonNode dataset = ok(DATASETS + ANNUAIRE + "?include_links=true");
        assertThat(dataset.path("_links").toString()).contains("\"rel\":\"records\"");
        assertThat(ok(V21 + "/catalog/datasets?include_links=true&limit=1").path("_links").toString()).contains("\"rel\":\"next\"");
    }

    @Test
    void catalogDatasetsShape() {
        JsonNode body = ok(V21 + "/catalog/datasets");
        assertThat(keys(body)).containsExactly("total_count", "results");
        assertThat(body.path("total_count").asLong()).isEqualTo(3);
        List<String> ids = new ArrayList<>();
        body.path("results").forEach(d -> ids.add(d.path("dataset_id").asText()));
        assertThat(ids).containsExactlyInAnyOrder(ANNUAIRE, GEOLOC, CALENDRIER);
        for (JsonNode d : body.path("results")) {
            assertThat(keys(d)).contains("dataset_id", "dataset_uid", "has_records", "data_visible", "features", "attachments", "fields", "metas");
            assertThat(d.path("metas").path("default").path("title").isTextual()).isTrue();
            assertThat(d.path("has_records").asBoolean()).isTrue();
        }
        // limit, offset, where, order_by, select on the metadata
        JsonNode page = ok(V21 + "/catalog/datasets?limit=1&offset=1&order_by=dataset_id");
        assertThat(page.path("total_count").asLong()).isEqualTo(3);
        assertThat(page.path("results")).hasSize(1);
        assertThat(page.path("results").get(0).path("dataset_id").asText()).isEqualTo(ANNUAIRE);
        JsonNode where = ok(V21 + "/catalog/datasets?where=" + enc("records_count > 500"));
        assertThat(where.path("total_count").asLong()).isEqualTo(1);
        assertThat(where.path("results").get(0).path("dataset_id").asText()).isEqualTo(ANNUAIRE);
        JsonNode byCount = ok(V21 + "/catalog/datasets?order_by=" + enc("records_count DESC"));
        List<Long> counts = new ArrayList<>();
        byCount.path("results").forEach(d -> counts.add(d.path("metas").path("default").path("records_count").asLong()));
        assertThat(counts).containsExactly((long) annuaire.size(), geolocRows, 5L);
        JsonNode selected = ok(V21 + "/catalog/datasets?select=" + enc("dataset_id, title") + "&where=" + enc("dataset_id=\"" + ANNUAIRE + "\""));
        assertThat(selected.path("results")).hasSize(1);
        JsonNode one = selected.path("results").get(0);
        assertThat(keys(one)).containsExactly("dataset_id", "title");
        assertThat(one.path("title").asText()).isEqualTo("Annuaire de l'éducation");
        assertThat(ok(V21 + "/catalog/datasets?where=" + enc("search(title, \"annuaire\")")).path("total_count").asLong()).isEqualTo(1);
        assertThat(ok(V21 + "/catalog/datasets?limit=0").path("results")).isEmpty();
        assertBadParameter(V21 + "/catalog/datasets?limit=101", "Invalid value for limit API parameter: 101 was found but -1 <= limit <= 100 is expected.");
    }

    @Test
    void datasetShape() {
        JsonNode d = ok(DATASETS + ANNUAIRE);
        assertThat(d.path("dataset_id").asText()).isEqualTo(ANNUAIRE);
        assertThat(d.path("dataset_uid").asText()).matches("da_[0-9a-f]{6}");
        assertThat(d.path("features").toString()).contains("geo", "analyze");
        JsonNode fields = d.path("fields");
        assertThat(fields.size()).isGreaterThanOrEqualTo(69);
        Map<String, String> types = new HashMap<>();
        for (JsonNode f : fields) {
            assertThat(keys(f)).containsExactly("name", "label", "type", "description", "annotations");
            assertThat(f.path("name").asText()).matches("[a-z0-9_]+");
            assertThat(f.path("label").asText()).isNotBlank();
            assertThat(f.path("annotations").isObject()).isTrue();
            f.path("annotations").fields().forEachRemaining(a -> assertThat(a.getValue().isArray()).as(a.getKey()).isTrue());
            types.put(f.path("name").asText(), f.path("type").asText());
        }
        assertThat(types).containsEntry("identifiant_de_l_etablissement", "text").containsEntry("position", "geo_point_2d")
                .containsEntry("nombre_d_eleves", "int").containsEntry("latitude", "double").containsEntry("date_ouverture", "date");
        assertThat(Set.copyOf(types.values())).isSubsetOf("text", "int", "double", "boolean", "date", "datetime", "geo_point_2d", "geo_shape");
        JsonNode label = find(fields, "identifiant_de_l_etablissement");
        assertThat(label.path("label").asText()).isEqualTo("Identifiant_de_l_etablissement"); // the portal's label
        assertThat(find(fields, "type_etablissement").path("annotations").has("facet")).isTrue();
        JsonNode meta = d.path("metas").path("default");
        assertThat(meta.path("title").asText()).isEqualTo("Annuaire de l'éducation");
        assertThat(meta.path("records_count").asLong()).isEqualTo(annuaire.size());
        assertThat(meta.path("modified").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+00:00");
        assertThat(Instant.parse(meta.path("modified").asText().replace("+00:00", "Z"))).isBeforeOrEqualTo(Instant.now());
        assertThat(meta.path("keyword").isArray()).isTrue();
        assertThat(meta.path("theme").isArray()).isTrue();
        // the catalogue lists the same object
        JsonNode listed = null;
        for (JsonNode x : ok(V21 + "/catalog/datasets").path("results")) {
            if (x.path("dataset_id").asText().equals(ANNUAIRE)) {
                listed = x;
            }
        }
        assertThat(listed).isEqualTo(d);
        // select on one dataset
        JsonNode selected = ok(DATASETS + ANNUAIRE + "?select=" + enc("dataset_id,records_count"));
        assertThat(keys(selected)).containsExactly("dataset_id", "records_count");
        assertThat(selected.path("records_count").asLong()).isEqualTo(annuaire.size());
        // datetime fields of the fixture are datetime
        JsonNode cal = ok(DATASETS + CALENDRIER);
        assertThat(find(cal.path("fields"), "start_date").path("type").asText()).isEqualTo("datetime");
        assertThat(cal.path("features").toString()).contains("timeserie");
    }

    // ------------------------------------------------------------------ records

    @Test
    void recordsShapeAndValues() {
        JsonNode body = ok(DATASETS + ANNUAIRE + "/records");
        assertThat(keys(body)).containsExactly("total_count", "results");
        assertThat(body.path("total_count").asLong()).isEqualTo(annuaire.size());
        assertThat(body.path("results")).hasSize(10);
        Map<String, Map<String, String>> byUai = new HashMap<>();
        annuaire.forEach(r -> byUai.put(r.get("Identifiant_de_l_etablissement") + "|" + r.get("Nom_etablissement"), r));
        List<String> fieldNames = new ArrayList<>();
        ok(DATASETS + ANNUAIRE).path("fields").forEach(f -> fieldNames.add(f.path("name").asText()));
        fieldNames.removeAll(ADDED_BY_GEOEDUC); // answered only when named
        for (JsonNode r : body.path("results")) {
            assertThat(keys(r)).isEqualTo(fieldNames);
            Map<String, String> row = byUai.get(r.path("identifiant_de_l_etablissement").asText() + "|" + r.path("nom_etablissement").asText());
            assertThat(row).isNotNull();
            assertThat(keys(r.path("position"))).containsExactlyInAnyOrder("lon", "lat");
            assertThat(r.path("position").path("lat").asDouble()).isCloseTo(Double.parseDouble(row.get("latitude")), within(1e-9));
            assertThat(r.path("position").path("lon").asDouble()).isCloseTo(Double.parseDouble(row.get("longitude")), within(1e-9));
            assertThat(r.path("latitude").isNumber()).isTrue();
            assertThat(r.path("code_departement").asText()).isEqualTo("035");
            assertThat(r.path("date_ouverture").asText()).isEqualTo(row.get("date_ouverture"));
            if (row.get("Fax").isEmpty()) {
                assertThat(r.has("fax")).isTrue();
                assertThat(r.path("fax").isNull()).isTrue();
            }
            if (row.get("Nombre_d_eleves").isEmpty()) {
                assertThat(r.path("nombre_d_eleves").isNull()).isTrue();
            } else {
                assertThat(r.path("nombre_d_eleves").isIntegralNumber()).isTrue();
                assertThat(r.path("nombre_d_eleves").asLong()).isEqualTo(Long.parseLong(row.get("Nombre_d_eleves")));
            }
        }
        // limit=0 counts; limit=-1 is the maximum page
        JsonNode count = ok(DATASETS + ANNUAIRE + "/records?limit=0");
        assertThat(count.path("total_count").asLong()).isEqualTo(annuaire.size());
        assertThat(count.path("results")).isEmpty();
        assertThat(ok(DATASETS + ANNUAIRE + "/records?limit=-1").path("results")).hasSize(100);
        assertThat(ok(DATASETS + ANNUAIRE + "/records?limit=100&offset=9900").path("results")).isEmpty();
        // select with alias and expression, order_by, aggregates
        JsonNode sel = ok(DATASETS + ANNUAIRE + "/records?select=" + enc("identifiant_de_l_etablissement as uai, nombre_d_eleves * 2 as double_effectif")
                + "&where=" + enc("nombre_d_eleves is not null") + "&order_by=" + enc("nombre_d_eleves DESC") + "&limit=3");
        long max = annuaire.stream().filter(r -> !r.get("Nombre_d_eleves").isEmpty()).mapToLong(r -> Long.parseLong(r.get("Nombre_d_eleves"))).max().orElseThrow();
        assertThat(keys(sel.path("results").get(0))).containsExactly("uai", "double_effectif");
        assertThat(sel.path("results").get(0).path("double_effectif").asLong()).isEqualTo(2 * max);
        JsonNode agg = ok(DATASETS + ANNUAIRE + "/records?select=" + enc("count(*) as n, sum(nombre_d_eleves) as eleves"));
        long sum = annuaire.stream().filter(r -> !r.get("Nombre_d_eleves").isEmpty()).mapToLong(r -> Long.parseLong(r.get("Nombre_d_eleves"))).sum();
        assertThat(agg.path("results")).hasSize(1);
        assertThat(agg.path("results").get(0).path("n").asLong()).isEqualTo(annuaire.size());
        assertThat(agg.path("results").get(0).path("eleves").asLong()).isEqualTo(sum);
        // nulls last in both directions; the legacy -field is descending
        long withPupils = annuaire.stream().filter(r -> !r.get("Nombre_d_eleves").isEmpty()).count();
        long min = annuaire.stream().filter(r -> !r.get("Nombre_d_eleves").isEmpty()).mapToLong(r -> Long.parseLong(r.get("Nombre_d_eleves"))).min().orElseThrow();
        for (String order : List.of("nombre_d_eleves ASC", "nombre_d_eleves DESC", "-nombre_d_eleves")) {
            JsonNode firstPage = ok(DATASETS + ANNUAIRE + "/records?select=nombre_d_eleves&order_by=" + enc(order) + "&limit=1");
            assertThat(firstPage.path("results").get(0).path("nombre_d_eleves").asLong()).as(order).isEqualTo(order.endsWith("ASC") ? min : max);
            JsonNode boundary = ok(DATASETS + ANNUAIRE + "/records?select=nombre_d_eleves&order_by=" + enc(order) + "&limit=2&offset=" + (withPupils - 1));
            assertThat(boundary.path("results").get(0).path("nombre_d_eleves").isNull()).as(order).isFalse();
            assertThat(boundary.path("results").get(1).path("nombre_d_eleves").isNull()).as(order).isTrue();
            JsonNode last = ok(DATASETS + ANNUAIRE + "/records?select=nombre_d_eleves&order_by=" + enc(order) + "&limit=10&offset=" + (annuaire.size() - 10));
            last.path("results").forEach(x -> assertThat(x.path("nombre_d_eleves").isNull()).isTrue());
        }
        // group_by: one key per group label, nulls as a group of their own
        JsonNode groups = ok(DATASETS + ANNUAIRE + "/records?select=" + enc("statut_public_prive, count(*) as n") + "&group_by=statut_public_prive");
        Map<String, Long> expected = new TreeMap<>();
        annuaire.forEach(r -> expected.merge(r.get("Statut_public_prive").isEmpty() ? "null" : r.get("Statut_public_prive"), 1L, Long::sum));
        Map<String, Long> got = new TreeMap<>();
        groups.path("results").forEach(g -> got.put(g.path("statut_public_prive").isNull() ? "null" : g.path("statut_public_prive").asText(), g.path("n").asLong()));
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void datetimesFollowTheTimezone() {
        JsonNode utc = ok(DATASETS + CALENDRIER + "/records?where=" + enc("location=\"Rennes\"") + "&order_by=start_date&limit=1");
        assertThat(utc.path("results").get(0).path("start_date").asText()).isEqualTo("2025-10-17T22:00:00+00:00");
        JsonNode paris = ok(DATASETS + CALENDRIER + "/records?where=" + enc("location=\"Rennes\"") + "&order_by=start_date&limit=1&timezone=Europe/Paris");
        assertThat(paris.path("results").get(0).path("start_date").asText()).isEqualTo("2025-10-18T00:00:00+02:00");
        assertThat(paris.path("results").get(0).path("end_date").asText()).isEqualTo("2025-11-03T00:00:00+01:00");
        // a date literal is read in the request's timezone
        assertThat(ok(DATASETS + CALENDRIER + "/records?limit=0&where=" + enc("start_date >= date'2025-10-18'")).path("total_count").asLong())
                .isEqualTo(2);
        assertThat(ok(DATASETS + CALENDRIER + "/records?limit=0&timezone=Europe/Paris&where=" + enc("start_date >= date'2025-10-18'"))
                .path("total_count").asLong()).isEqualTo(3);
        // year() is an integer
        JsonNode years = ok(DATASETS + CALENDRIER + "/records?select=" + enc("year(start_date) as y, count(*) as n") + "&group_by=" + enc("year(start_date) as y")
                + "&order_by=y");
        assertThat(years.path("results").get(0).path("y").isIntegralNumber()).isTrue();
        assertThat(years.path("results").get(0).path("y").asInt()).isEqualTo(2024);
    }

    /** A date field is a calendar day: the request's timezone (overseas académies use theirs) does not move it. */
    @Test
    void dateFieldsIgnoreTheTimezone() {
        long from1965Oct = annuaire.stream().filter(r -> r.get("date_ouverture").compareTo("1965-10-01") >= 0).count();
        long before1965Oct = annuaire.stream().filter(r -> r.get("date_ouverture").compareTo("1965-10-01") < 0).count();
        long on1965Oct01 = annuaire.stream().filter(r -> r.get("date_ouverture").equals("1965-10-01")).count();
        long in1965 = annuaire.stream().filter(r -> r.get("date_ouverture").startsWith("1965")).count();
        long in1965To1971 = annuaire.stream().filter(r -> r.get("date_ouverture").compareTo("1965-10-01") >= 0
                && r.get("date_ouverture").compareTo("1971-03-18") <= 0).count();
        assertThat(on1965Oct01).isPositive();
        for (String tz : List.of("UTC", "Europe/Paris", "America/Cayenne", "America/Guadeloupe", "Indian/Reunion", "Pacific/Noumea",
                "Pacific/Tahiti")) {
            String records = DATASETS + ANNUAIRE + "/records?limit=0&timezone=" + tz;
            assertThat(ok(records + "&where=" + enc("date_ouverture >= date'1965-10-01'")).path("total_count").asLong()).as(tz).isEqualTo(from1965Oct);
            assertThat(ok(records + "&where=" + enc("date_ouverture < date'1965-10-01'")).path("total_count").asLong()).as(tz).isEqualTo(before1965Oct);
            assertThat(ok(records + "&where=" + enc("date_ouverture >= \"1965-10-01\"")).path("total_count").asLong()).as(tz).isEqualTo(from1965Oct);
            assertThat(ok(records + "&where=" + enc("date_ouverture = date'1965-10-01'")).path("total_count").asLong()).as(tz).isEqualTo(on1965Oct01);
            assertThat(ok(records + "&where=" + enc("date_ouverture IN (date'1965-10-01')")).path("total_count").asLong()).as(tz).isEqualTo(on1965Oct01);
            assertThat(ok(records + "&where=" + enc("date_ouverture IN [date'1965-10-01'..date'1971-03-18']")).path("total_count").asLong())
                    .as(tz).isEqualTo(in1965To1971);
            assertThat(ok(records + "&refine=date_ouverture:1965").path("total_count").asLong()).as(tz).isEqualTo(in1965);
            assertThat(ok(records + "&refine=date_ouverture:1965/10/01").path("total_count").asLong()).as(tz).isEqualTo(on1965Oct01);
            JsonNode first = ok(DATASETS + ANNUAIRE + "/records?limit=1&timezone=" + tz + "&where=" + enc("date_ouverture = date'1965-10-01'"));
            assertThat(first.path("results").get(0).path("date_ouverture").asText()).as(tz).isEqualTo("1965-10-01");
        }
    }

    /** IN lists mixing texts and numbers follow the rules of = (a text code equals the number it spells). */
    @Test
    void inListsMixingTextsAndNumbers() {
        String records = DATASETS + ANNUAIRE + "/records?limit=0&where=";
        // two counts of pupils of the file (143 and 63 in the real one)
        List<String> pupils = annuaire.stream().map(r -> r.get("Nombre_d_eleves")).filter(v -> !v.isEmpty()).distinct().toList();
        String a = pupils.get(0);
        String b = pupils.get(pupils.size() - 1);
        long eleves = annuaire.stream().filter(r -> r.get("Nombre_d_eleves").equals(a) || r.get("Nombre_d_eleves").equals(b)).count();
        assertThat(eleves).isGreaterThan(1);
        assertThat(ok(records + enc("nombre_d_eleves IN (\"" + a + "\", " + b + ", \"x\", true)")).path("total_count").asLong()).isEqualTo(eleves);
        assertThat(ok(records + enc("nombre_d_eleves IN (" + a + ".0, \" " + b + " \")")).path("total_count").asLong()).isEqualTo(eleves);
        assertThat(ok(records + enc("code_region IN (53, \"x\")")).path("total_count").asLong()).isEqualTo(annuaire.size());
        assertThat(ok(records + enc("code_departement IN (35)")).path("total_count").asLong()).as("\"035\" is the number 35").isEqualTo(annuaire.size());
        assertThat(ok(records + enc("code_region IN (75, \"75\")")).path("total_count").asLong()).isZero();
        String uai = annuaire.get(0).get("Identifiant_de_l_etablissement"); // 0350122T in the real file
        long lucioles = annuaire.stream().filter(r -> r.get("Identifiant_de_l_etablissement").equals(uai)).count();
        assertThat(ok(records + enc("identifiant_de_l_etablissement IN (\"" + uai + "\", " + Integer.parseInt(uai.substring(0, 7)) + ")"))
                .path("total_count").asLong()).isEqualTo(lucioles);
        long day = annuaire.stream().filter(r -> r.get("date_ouverture").equals("1965-10-01")).count();
        assertThat(ok(records + enc("date_ouverture IN (date'1965-10-01', \"x\", 3)")).path("total_count").asLong()).isEqualTo(day);
        // a long list (the maximum the parser takes is 10,000 values) answers quickly
        StringBuilder list = new StringBuilder("identifiant_de_l_etablissement IN (");
        for (int i = 0; i < 1_000; i++) {
            list.append(i == 0 ? "" : ",").append(i);
        }
        assertThat(ok(records + enc(list + ", \"" + uai + "\")")).path("total_count").asLong()).isEqualTo(lucioles);
    }

    @Test
    void recordByIdStableAcrossRestartAndReingest(@TempDir Path own) throws Exception {
        SqliteStore s = SqliteStore.open(own.resolve("store"));
        Ingester ingester = new Ingester(s, SchemaRegistry.load(), own.resolve("downloads"));
        ingest(ingester, annuaireFile, ANNUAIRE, null);
        Map<String, String> idsByUai = new LinkedHashMap<>();
        QueryService queries = new QueryService(s);
        Snapshot snapshot = new fr.geoeduc.core.engine.SnapshotCache(s).get(queries.dataset(ANNUAIRE, null).orElseThrow().version());
        int uaiField = snapshot.fieldIndex("identifiant_de_l_etablissement");
        int nameField = snapshot.fieldIndex("nom_etablissement");
        for (int row = 0; row < snapshot.rows(); row += 97) {
            idsByUai.put(snapshot.column(uaiField).get(row) + "|" + snapshot.column(nameField).get(row), snapshot.recordId(row));
        }
        assertThat(idsByUai.values()).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{40}")).doesNotHaveDuplicates();
        GeoeducServer first = GeoeducServer.start(s, "127.0.0.1", 0, null, new QuotaSettings(1000, Map.of()));
        Map<String, String> bodies = new HashMap<>();
        try {
            String b = "http://127.0.0.1:" + first.port();
            for (Map.Entry<String, String> e : idsByUai.entrySet()) {
                HttpResponse<String> r = absolute(b + DATASETS + ANNUAIRE + "/records/" + e.getValue());
                assertThat(r.statusCode()).isEqualTo(200);
                JsonNode rec = json(r);
                assertThat(rec.has("results")).isFalse();
                assertThat(rec.path("identifiant_de_l_etablissement").asText() + "|" + rec.path("nom_etablissement").asText()).isEqualTo(e.getKey());
                assertThat(keys(rec.path("position"))).containsExactlyInAnyOrder("lon", "lat");
                bodies.put(e.getValue(), r.body());
            }
            String someId = idsByUai.values().iterator().next();
            HttpResponse<String> selected = absolute(b + DATASETS + ANNUAIRE + "/records/" + someId + "?select=" + enc("nom_etablissement, code_postal"));
            assertThat(keys(json(selected))).containsExactly("nom_etablissement", "code_postal");
            HttpResponse<String> unknown = absolute(b + DATASETS + ANNUAIRE + "/records/" + "0".repeat(40));
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(keys(json(unknown))).containsExactly("message", "error_code");
            assertThat(absolute(b + DATASETS + ANNUAIRE + "/records/pas-un-identifiant").statusCode()).isEqualTo(404);
            assertThat(absolute(b + DATASETS + "inconnu/records/" + someId).statusCode()).isEqualTo(404);
        } finally {
            first.close();
            s.close();
        }
        // restart on the same store
        SqliteStore reopened = SqliteStore.open(own.resolve("store"));
        GeoeducServer second = GeoeducServer.start(reopened, "127.0.0.1", 0, null, new QuotaSettings(1000, Map.of()));
        try {
            String b = "http://127.0.0.1:" + second.port();
            for (String id : idsByUai.values()) {
                HttpResponse<String> r = absolute(b + DATASETS + ANNUAIRE + "/records/" + id);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(bodies.get(id));
            }
            // re-ingest of identical data: a new version, the same record ids
            IngestResult again = ingest(new Ingester(reopened, SchemaRegistry.load(), own.resolve("downloads")), annuaireFile, ANNUAIRE, null);
            assertThat(again.version().number()).isEqualTo(2);
            long deadline = System.currentTimeMillis() + 10_000;
            while (json(absolute(b + DATASETS + ANNUAIRE)).path("metas").path("default").path("version").asInt() != 2) {
                assertThat(System.currentTimeMillis()).as("new version visible").isLessThan(deadline);
                Thread.sleep(100);
            }
            for (String id : idsByUai.values()) {
                HttpResponse<String> r = absolute(b + DATASETS + ANNUAIRE + "/records/" + id);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(bodies.get(id));
            }
        } finally {
            second.close();
            reopened.close();
        }
    }

    // ------------------------------------------------------------------ facets

    @Test
    void facetsShapeCountsAndStates() {
        Map<String, Long> types = new HashMap<>();
        annuaire.stream().filter(r -> !r.get("Type_etablissement").isEmpty()).forEach(r -> types.merge(r.get("Type_etablissement"), 1L, Long::sum));
        JsonNode body = ok(DATASETS + ANNUAIRE + "/facets?facet=type_etablissement");
        assertThat(keys(body)).containsExactly("_links", "facets");
        assertThat(body.path("facets")).hasSize(1);
        JsonNode facet = body.path("facets").get(0);
        assertThat(keys(facet)).containsExactly("name", "facets");
        assertThat(facet.path("name").asText()).isEqualTo("type_etablissement");
        for (JsonNode v : facet.path("facets")) {
            assertThat(keys(v)).containsExactly("name", "value", "count", "state");
            assertThat(v.path("state").asText()).isEqualTo("displayed");
        }
        assertThat(ExploreCompatibilityTest.counts(facet)).isEqualTo(types);
        assertThat(facet.path("facets").get(0).path("value").asText()).isEqualTo("Ecole");

        // refine: the refined value is "refined"; the facet's own refines do not narrow its counts (disjunctive)
        JsonNode refined = ok(DATASETS + ANNUAIRE + "/facets?facet=type_etablissement&facet=statut_public_prive&refine=type_etablissement:Lyc%C3%A9e");
        Map<String, String> states = new HashMap<>();
        refined.path("facets").get(0).path("facets").forEach(v -> states.put(v.path("value").asText(), v.path("state").asText()));
        assertThat(states).containsEntry("Lycée", "refined").containsEntry("Ecole", "displayed");
        assertThat(ExploreCompatibilityTest.counts(refined.path("facets").get(0))).isEqualTo(types);
        Map<String, Long> statutsOfLycees = new HashMap<>();
        annuaire.stream().filter(r -> r.get("Type_etablissement").equals("Lycée") && !r.get("Statut_public_prive").isEmpty())
                .forEach(r -> statutsOfLycees.merge(r.get("Statut_public_prive"), 1L, Long::sum));
        assertThat(ExploreCompatibilityTest.counts(refined.path("facets").get(1))).isEqualTo(statutsOfLycees);

        // exclude: the excluded value is listed as "excluded" without a count; other facets lose its rows
        JsonNode excluded = ok(DATASETS + ANNUAIRE + "/facets?facet=type_etablissement&facet=statut_public_prive&exclude=type_etablissement:Ecole");
        JsonNode ecole = null;
        for (JsonNode v : excluded.path("facets").get(0).path("facets")) {
            if (v.path("value").asText().equals("Ecole")) {
                ecole = v;
            }
        }
        assertThat(ecole).isNotNull();
        assertThat(ecole.path("state").asText()).isEqualTo("excluded");
        assertThat(ecole.has("count")).isFalse();
        Map<String, Long> statutsNotEcole = new HashMap<>();
        annuaire.stream().filter(r -> !r.get("Type_etablissement").equals("Ecole") && !r.get("Statut_public_prive").isEmpty())
                .forEach(r -> statutsNotEcole.merge(r.get("Statut_public_prive"), 1L, Long::sum));
        assertThat(ExploreCompatibilityTest.counts(excluded.path("facets").get(1))).isEqualTo(statutsNotEcole);

        // where narrows every facet
        JsonNode where = ok(DATASETS + ANNUAIRE + "/facets?facet=type_etablissement&where=" + enc("nom_commune = \"Rennes\""));
        Map<String, Long> rennes = new HashMap<>();
        annuaire.stream().filter(r -> r.get("Nom_commune").equals("Rennes") && !r.get("Type_etablissement").isEmpty())
                .forEach(r -> rennes.merge(r.get("Type_etablissement"), 1L, Long::sum));
        assertThat(ExploreCompatibilityTest.counts(where.path("facets").get(0))).isEqualTo(rennes);

        // facet(name=…, limit=N)
        JsonNode limited = ok(DATASETS + ANNUAIRE + "/facets?facet=" + enc("facet(name=\"type_etablissement\", limit=2)"));
        assertThat(limited.path("facets").get(0).path("facets")).hasSize(2);

        // without a facet parameter: the dataset's facets
        List<String> names = new ArrayList<>();
        ok(DATASETS + ANNUAIRE + "/facets").path("facets").forEach(f -> names.add(f.path("name").asText()));
        assertThat(names).contains("type_etablissement", "statut_public_prive", "date_ouverture").doesNotContain("position", "latitude");
    }

    @Test
    void dateFacetsAreHierarchical() {
        Map<String, Long> years = new HashMap<>();
        Map<String, Long> months1965 = new HashMap<>();
        annuaire.forEach(r -> {
            String d = r.get("date_ouverture");
            years.merge(d.substring(0, 4), 1L, Long::sum);
            if (d.startsWith("1965")) {
                months1965.merge(d.substring(5, 7), 1L, Long::sum);
            }
        });
        JsonNode facet = ok(DATASETS + ANNUAIRE + "/facets?facet=date_ouverture").path("facets").get(0);
        Map<String, Long> got = new HashMap<>();
        facet.path("facets").forEach(v -> {
            got.put(v.path("value").asText(), v.path("count").asLong());
            assertThat(v.has("facets")).as("no children unless refined").isFalse();
        });
        // at most 100 values per facet
        assertThat(facet.path("facets").size()).isEqualTo(Math.min(100, years.size()));
        got.forEach((y, c) -> assertThat(c).as(y).isEqualTo(years.get(y)));

        JsonNode refined = ok(DATASETS + ANNUAIRE + "/facets?facet=date_ouverture&refine=date_ouverture:1965").path("facets").get(0);
        JsonNode y1965 = null;
        for (JsonNode v : refined.path("facets")) {
            if (v.path("value").asText().equals("1965")) {
                y1965 = v;
            }
        }
        assertThat(y1965).isNotNull();
        assertThat(y1965.path("state").asText()).isEqualTo("refined");
        assertThat(y1965.path("count").asLong()).isEqualTo(years.get("1965"));
        Map<String, Long> months = new HashMap<>();
        for (JsonNode m : y1965.path("facets")) {
            assertThat(m.path("value").asText()).isEqualTo("1965/" + m.path("name").asText());
            assertThat(m.path("state").asText()).isEqualTo("displayed");
            months.put(m.path("name").asText(), m.path("count").asLong());
        }
        assertThat(months).isEqualTo(months1965);
        // the records of the refined year, and of a month, and of a day
        assertThat(ok(DATASETS + ANNUAIRE + "/records?limit=0&refine=date_ouverture:1965").path("total_count").asLong()).isEqualTo(years.get("1965"));
        assertThat(ok(DATASETS + ANNUAIRE + "/records?limit=0&refine=date_ouverture:1965/10").path("total_count").asLong()).isEqualTo(months1965.get("10"));
        long day = annuaire.stream().filter(r -> r.get("date_ouverture").equals("1965-10-01")).count();
        assertThat(ok(DATASETS + ANNUAIRE + "/records?limit=0&refine=date_ouverture:1965/10/01").path("total_count").asLong()).isEqualTo(day);
        // a refined month is "refined" under its year
        JsonNode byMonth = ok(DATASETS + ANNUAIRE + "/facets?facet=date_ouverture&refine=date_ouverture:1965/10").path("facets").get(0);
        for (JsonNode v : byMonth.path("facets")) {
            if (v.path("value").asText().equals("1965")) {
                for (JsonNode m : v.path("facets")) {
                    assertThat(m.path("state").asText()).isEqualTo(m.path("name").asText().equals("10") ? "refined" : "displayed");
                }
            }
        }
        // exclude a year
        assertThat(ok(DATASETS + ANNUAIRE + "/records?limit=0&exclude=date_ouverture:1965").path("total_count").asLong())
                .isEqualTo(annuaire.size() - years.get("1965"));
    }

    @Test
    void catalogFacets() {
        JsonNode body = ok(V21 + "/catalog/facets");
        assertThat(keys(body)).containsExactly("_links", "facets");
        Map<String, JsonNode> byName = new HashMap<>();
        body.path("facets").forEach(f -> byName.put(f.path("name").asText(), f));
        assertThat(byName).containsKeys("publisher", "language", "features", "modified");
        assertThat(ExploreCompatibilityTest.counts(byName.get("language"))).containsExactly(Map.entry("fr", 3L));
        String year = String.valueOf(LocalDate.now(ZoneOffset.UTC).getYear());
        JsonNode modified = byName.get("modified");
        assertThat(ExploreCompatibilityTest.counts(modified)).containsEntry(year, 3L);
        // refine a year: its months appear
        JsonNode refined = ok(V21 + "/catalog/facets?facet=modified&refine=modified:" + year).path("facets").get(0);
        JsonNode y = refined.path("facets").get(0);
        assertThat(y.path("state").asText()).isEqualTo("refined");
        assertThat(y.path("facets")).isNotEmpty();
        long monthTotal = 0;
        for (JsonNode m : y.path("facets")) {
            assertThat(m.path("value").asText()).startsWith(year + "/");
            monthTotal += m.path("count").asLong();
        }
        assertThat(monthTotal).isEqualTo(3);
        assertThat(ok(V21 + "/catalog/datasets?refine=modified:" + year).path("total_count").asLong()).isEqualTo(3);
        assertThat(ok(V21 + "/catalog/datasets?refine=modified:1999").path("total_count").asLong()).isZero();
        // a restricted dataset counts nowhere (the calendrier fixture has no publisher)
        JsonNode publishers = ok(V21 + "/catalog/facets?facet=publisher").path("facets").get(0);
        assertThat(ExploreCompatibilityTest.counts(publishers)).containsOnlyKeys("Ministère de l'Éducation nationale (MENJ)",
                "Ministère de l'Éducation nationale, Direction de l'évaluation, de la prospective et de la performance (MENJ/DEPP)");
    }

    /** theme, keyword and features are lists: faceted and refined value by value, not as the joined text. */
    @Test
    void catalogListMetadataAreFacetedValueByValue() {
        Map<String, JsonNode> byName = new HashMap<>();
        ok(V21 + "/catalog/facets?facet=theme&facet=keyword&facet=features").path("facets").forEach(f -> byName.put(f.path("name").asText(), f));
        assertThat(ExploreCompatibilityTest.counts(byName.get("theme"))).isEqualTo(Map.of("Établissements", 2L, "Géographie", 2L));
        Map<String, Long> keywords = ExploreCompatibilityTest.counts(byName.get("keyword"));
        assertThat(keywords).containsEntry("UAI", 2L).containsEntry("adresse", 2L).containsEntry("annuaire", 1L).containsEntry("Lambert 93", 1L);
        assertThat(keywords.keySet()).noneMatch(k -> k.contains(","));
        assertThat(ExploreCompatibilityTest.counts(byName.get("features"))).containsEntry("analyze", 3L).containsEntry("geo", 2L)
                .containsEntry("timeserie", 3L);
        // refine on one value of a list
        assertThat(ok(V21 + "/catalog/datasets?refine=" + enc("theme:Géographie")).path("total_count").asLong()).isEqualTo(2);
        assertThat(ok(V21 + "/catalog/datasets?refine=" + enc("keyword:\"annuaire\"")).path("total_count").asLong()).isEqualTo(1);
        assertThat(ok(V21 + "/catalog/datasets?refine=" + enc("keyword:annuaire") + "&refine=" + enc("keyword:Lambert 93")).path("total_count")
                .asLong()).as("two refines of one list are ORed").isEqualTo(2);
        assertThat(ok(V21 + "/catalog/datasets?exclude=" + enc("features:geo")).path("results").get(0).path("dataset_id").asText()).isEqualTo(CALENDRIER);
        // the facet of a refined list: the value is "refined", its own counts are not narrowed; other facets are
        JsonNode refined = ok(V21 + "/catalog/facets?facet=keyword&facet=publisher&refine=" + enc("keyword:annuaire"));
        Map<String, String> states = new HashMap<>();
        refined.path("facets").get(0).path("facets").forEach(v -> states.put(v.path("value").asText(), v.path("state").asText()));
        assertThat(states).containsEntry("annuaire", "refined").containsEntry("UAI", "displayed");
        assertThat(ExploreCompatibilityTest.counts(refined.path("facets").get(0))).containsEntry("UAI", 2L);
        assertThat(ExploreCompatibilityTest.counts(refined.path("facets").get(1))).isEqualTo(Map.of("Ministère de l'Éducation nationale (MENJ)", 1L));
        JsonNode excluded = ok(V21 + "/catalog/facets?facet=features&exclude=features:geo").path("facets").get(0);
        JsonNode geo = null;
        for (JsonNode v : excluded.path("facets")) {
            if (v.path("value").asText().equals("geo")) {
                geo = v;
            }
        }
        assertThat(geo).isNotNull();
        assertThat(geo.path("state").asText()).isEqualTo("excluded");
        assertThat(geo.has("count")).isFalse();
        // the catalogue CSV export follows the same refines
        assertThat(string(V21 + "/catalog/exports/csv?refine=" + enc("theme:Géographie")).lines().toList()).hasSize(3);
    }

    // ------------------------------------------------------------------ exports

    @Test
    void csvExports() throws IOException {
        HttpResponse<byte[]> r = bytes(DATASETS + ANNUAIRE + "/exports/csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains(ANNUAIRE + ".csv");
        byte[] body = r.body();
        assertThat(body[0] & 0xff).isEqualTo(0xEF);
        assertThat(body[1] & 0xff).isEqualTo(0xBB);
        assertThat(body[2] & 0xff).isEqualTo(0xBF);
        String text = new String(body, StandardCharsets.UTF_8).substring(1);
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(annuaire.size() + 1);
        List<String> fieldNames = new ArrayList<>();
        ok(DATASETS + ANNUAIRE).path("fields").forEach(f -> fieldNames.add(f.path("name").asText()));
        fieldNames.removeAll(ADDED_BY_GEOEDUC); // answered only when named
        assertThat(lines.get(0).split(";", -1)).containsExactlyElementsOf(fieldNames);
        Set<String> uais = new java.util.HashSet<>();
        lines.subList(1, lines.size()).forEach(l -> uais.add(l.split(";", -1)[0]));
        Set<String> expectedUais = new java.util.HashSet<>();
        annuaire.forEach(x -> expectedUais.add(x.get("Identifiant_de_l_etablissement")));
        assertThat(uais).isEqualTo(expectedUais);
        int position = fieldNames.indexOf("position");
        String first = lines.get(1);
        assertThat(first.split(";", -1)).hasSize(fieldNames.size());
        assertThat(first.split(";", -1)[position]).matches("4\\d\\.\\d+, -\\d\\.\\d+");

        // delimiter, no BOM, labels, quote_all, on an établissement of one row (the first of the real file: 0350122T, les Lucioles, Baulon)
        Map<String, String> one = annuaire.stream().filter(x -> annuaire.stream()
                .filter(y -> y.get("Identifiant_de_l_etablissement").equals(x.get("Identifiant_de_l_etablissement"))).count() == 1).findFirst().orElseThrow();
        String uai = one.get("Identifiant_de_l_etablissement");
        String comma = string(DATASETS + ANNUAIRE + "/exports/csv?delimiter=,&with_bom=false&use_labels=true&quote_all=true&where="
                + enc("identifiant_de_l_etablissement=\"" + uai + "\""));
        assertThat(comma).doesNotStartWith("\uFEFF");
        List<String> cl = comma.lines().toList();
        assertThat(cl).hasSize(2);
        assertThat(cl.get(0)).startsWith("\"Identifiant_de_l_etablissement\",\"Nom_etablissement\",");
        assertThat(cl.get(1)).startsWith("\"" + uai + "\",\"" + one.get("Nom_etablissement") + "\",\"" + one.get("Type_etablissement") + "\",");
        String tab = string(DATASETS + ANNUAIRE + "/exports/csv?delimiter=%09&with_bom=false&select=" + enc("identifiant_de_l_etablissement, nom_commune")
                + "&where=" + enc("identifiant_de_l_etablissement=\"" + uai + "\""));
        assertThat(tab).isEqualTo("identifiant_de_l_etablissement\tnom_commune\r\n" + uai + "\t" + one.get("Nom_commune") + "\r\n");
        String pipe = string(DATASETS + ANNUAIRE + "/exports/csv?delimiter=%7C&with_bom=false&select=nom_etablissement&where="
                + enc("identifiant_de_l_etablissement=\"" + uai + "\""));
        assertThat(pipe).isEqualTo("nom_etablissement\r\n" + one.get("Nom_etablissement") + "\r\n");
        // a value holding the delimiter is quoted
        String semi = string(DATASETS + ANNUAIRE + "/exports/csv?with_bom=false&select=" + enc("\"a;b\" as x") + "&limit=1");
        assertThat(semi).isEqualTo("x\r\n\"a;b\"\r\n");
        assertBadParameter(DATASETS + ANNUAIRE + "/exports/csv?delimiter=x", null);
        // an empty export still has its header
        String empty = string(DATASETS + ANNUAIRE + "/exports/csv?with_bom=false&where=" + enc("code_region=\"75\""));
        assertThat(empty.lines().toList()).hasSize(1);
        assertThat(empty).startsWith("identifiant_de_l_etablissement;");
        // limit on exports
        assertThat(string(DATASETS + ANNUAIRE + "/exports/csv?limit=5").lines().toList()).hasSize(6);
    }

    @Test
    void jsonJsonlGeojsonXlsxAndCompressedExports() throws IOException {
        HttpResponse<String> json = get(DATASETS + ANNUAIRE + "/exports/json?where=" + enc("type_etablissement = 'Lycée'"));
        assertThat(json.statusCode()).isEqualTo(200);
        JsonNode array = json(json);
        long lycees = annuaire.stream().filter(r -> r.get("Type_etablissement").equals("Lycée")).count();
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize((int) lycees);
        array.forEach(x -> {
            assertThat(x.path("type_etablissement").asText()).isEqualTo("Lycée");
            assertThat(keys(x.path("position"))).containsExactlyInAnyOrder("lon", "lat");
        });
        assertThat(json(get(DATASETS + ANNUAIRE + "/exports/json"))).hasSize(annuaire.size());

        String jsonl = string(DATASETS + ANNUAIRE + "/exports/jsonl");
        List<String> lines = jsonl.lines().toList();
        assertThat(lines).hasSize(annuaire.size());
        for (String line : lines) {
            assertThat(JSON.readTree(line).path("identifiant_de_l_etablissement").asText()).matches("\\d{7}[A-Z]");
        }

        JsonNode geo = json(get(DATASETS + ANNUAIRE + "/exports/geojson?where=" + enc("nom_commune=\"Rennes\"")));
        assertThat(geo.path("type").asText()).isEqualTo("FeatureCollection");
        Map<String, Map<String, String>> rennes = new HashMap<>();
        annuaire.stream().filter(r -> r.get("Nom_commune").equals("Rennes"))
                .forEach(r -> rennes.put(r.get("Identifiant_de_l_etablissement") + "|" + r.get("Nom_etablissement"), r));
        assertThat(geo.path("features")).hasSize(rennes.size());
        for (JsonNode f : geo.path("features")) {
            assertThat(f.path("type").asText()).isEqualTo("Feature");
            assertThat(f.path("geometry").path("type").asText()).isEqualTo("Point");
            Map<String, String> row = rennes.get(f.path("properties").path("identifiant_de_l_etablissement").asText() + "|"
                    + f.path("properties").path("nom_etablissement").asText());
            assertThat(f.path("geometry").path("coordinates").get(0).asDouble()).isCloseTo(Double.parseDouble(row.get("longitude")), within(1e-7));
            assertThat(f.path("geometry").path("coordinates").get(1).asDouble()).isCloseTo(Double.parseDouble(row.get("latitude")), within(1e-7));
        }
        // Lambert-93: the file's own coordonnee_X / coordonnee_Y
        JsonNode lambert = json(get(DATASETS + ANNUAIRE + "/exports/geojson?epsg=2154&where=" + enc("nom_commune=\"Rennes\"")));
        assertThat(lambert.path("features")).hasSize(rennes.size());
        for (JsonNode f : lambert.path("features")) {
            Map<String, String> row = rennes.get(f.path("properties").path("identifiant_de_l_etablissement").asText() + "|"
                    + f.path("properties").path("nom_etablissement").asText());
            double x = f.path("geometry").path("coordinates").get(0).asDouble();
            double y = f.path("geometry").path("coordinates").get(1).asDouble();
            assertThat(x).isBetween(340_000.0, 360_000.0);
            assertThat(y).isBetween(6_780_000.0, 6_800_000.0);
            assertThat(x).isCloseTo(Double.parseDouble(row.get("coordonnee_X")), within(2.0));
            assertThat(y).isCloseTo(Double.parseDouble(row.get("coordonnee_Y")), within(2.0));
        }
        assertBadParameter(DATASETS + ANNUAIRE + "/exports/geojson?epsg=99999", null);

        HttpResponse<byte[]> xlsx = bytes(DATASETS + ANNUAIRE + "/exports/xlsx?where=" + enc("type_etablissement = 'Lycée'"));
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type").orElse("")).contains("spreadsheetml");
        Map<String, String> entries = unzip(xlsx.body());
        assertThat(entries).containsKey("[Content_Types].xml");
        String sheet = entries.entrySet().stream().filter(e -> e.getKey().startsWith("xl/worksheets/") && e.getKey().endsWith(".xml"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        assertThat(countOccurrences(sheet, "<row ")).isEqualTo(lycees + 1);

        HttpResponse<byte[]> parquet = bytes(DATASETS + ANNUAIRE + "/exports/parquet?where=" + enc("type_etablissement = 'Lycée'"));
        assertThat(parquet.statusCode()).isEqualTo(200);
        assertThat(parquet.headers().firstValue("Content-Type").orElse("")).contains("parquet");
        assertThat(new String(parquet.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        java.nio.file.Path parquetFile = java.nio.file.Files.createTempFile("export-", ".parquet");
        java.nio.file.Files.write(parquetFile, parquet.body());
        try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                new org.apache.parquet.io.LocalInputFile(parquetFile),
                org.apache.parquet.ReadOptionsWithoutHadoop.create(new fr.geoeduc.server.explore.parquet.TestCodecs()))) {
            assertThat(reader.getRecordCount()).isEqualTo(lycees);
            assertThat(reader.getFooter().getFileMetaData().getSchema().containsField("identifiant_de_l_etablissement")).isTrue();
            assertThat(reader.getFooter().getFileMetaData().getKeyValueMetaData()).containsKey("geo");
        } finally {
            java.nio.file.Files.deleteIfExists(parquetFile);
        }

        HttpResponse<byte[]> gz = bytes(DATASETS + ANNUAIRE + "/exports/csv?compressed=true&with_bom=false");
        assertThat(gz.statusCode()).isEqualTo(200);
        assertThat(gz.body()[0] & 0xff).isEqualTo(0x1f);
        assertThat(gz.body()[1] & 0xff).isEqualTo(0x8b);
        String unzipped = new String(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(unzipped).isEqualTo(string(DATASETS + ANNUAIRE + "/exports/csv?with_bom=false"));
        HttpResponse<byte[]> gzJson = bytes(DATASETS + ANNUAIRE + "/exports/json?compressed=true");
        assertThat(JSON.readTree(new GZIPInputStream(new ByteArrayInputStream(gzJson.body())))).hasSize(annuaire.size());

        // the list of formats, and an unknown one
        JsonNode formats = ok(DATASETS + ANNUAIRE + "/exports");
        List<String> rels = new ArrayList<>();
        formats.path("_links").forEach(l -> rels.add(l.path("rel").asText()));
        assertThat(rels).contains("csv", "json", "jsonl", "geojson", "parquet", "xlsx");
        HttpResponse<String> unknown = get(DATASETS + ANNUAIRE + "/exports/docx");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).path("error_code").asText()).isEqualTo("InvalidRESTParameterError");
        // a bad query is a clean 400 before any byte of the file
        HttpResponse<String> bad = get(DATASETS + ANNUAIRE + "/exports/csv?where=" + enc("nope = 1"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error_code").asText()).isEqualTo("ODSQLError");
    }

    @Test
    void catalogExports() throws IOException {
        JsonNode json = json(get(V21 + "/catalog/exports/json"));
        assertThat(json.isArray()).isTrue();
        assertThat(json).hasSize(3);
        String csv = string(V21 + "/catalog/exports/csv");
        assertThat(csv.lines().toList()).hasSize(4);
        assertThat(csv).contains(ANNUAIRE).doesNotContain(RESTRICTED);
        String dcat = string(V21 + "/catalog/exports/dcat");
        assertThat(JSON.readTree(dcat).path("dcat:dataset")).hasSize(3);
        assertThat(dcat).doesNotContain(RESTRICTED);
    }

    // ------------------------------------------------------------------ limits and errors

    @Test
    void limitsAndTheirExactBodies() {
        String records = DATASETS + ANNUAIRE + "/records";
        assertBadParameter(records + "?limit=101", "Invalid value for limit API parameter: 101 was found but -1 <= limit <= 100 is expected.");
        assertBadParameter(records + "?limit=-2", "Invalid value for limit API parameter: -2 was found but -1 <= limit <= 100 is expected.");
        assertBadParameter(records + "?limit=1473", "Invalid value for limit API parameter: 1473 was found but -1 <= limit <= 100 is expected.");
        assertBadParameter(records + "?offset=9901&limit=100", "Invalid value for sum of offset + limit API parameter: 10001 was found but <= 10000 is expected.");
        assertBadParameter(records + "?offset=10001", "Invalid value for sum of offset + limit API parameter: 10011 was found but <= 10000 is expected.");
        assertThat(get(records + "?offset=9900&limit=100").statusCode()).isEqualTo(200);
        assertThat(get(records + "?offset=10000&limit=0").statusCode()).isEqualTo(200);
        assertBadParameter(records + "?group_by=type_etablissement&limit=20001",
                "Invalid value for limit API parameter: 20001 was found but -1 <= limit <= 20000 is expected.");
        assertBadParameter(records + "?group_by=type_etablissement&limit=100&offset=19901",
                "Invalid value for sum of offset + limit API parameter: 20001 was found but <= 20000 is expected.");
        assertThat(get(records + "?group_by=type_etablissement&limit=20000").statusCode()).isEqualTo(200);
        assertThat(ok(records + "?group_by=type_etablissement&limit=100&offset=19900").path("results")).isEmpty();
        assertBadParameter(records + "?limit=abc", "Invalid value for limit API parameter: 'abc' is not an integer.");
        assertBadParameter(records + "?limit=1.5", "Invalid value for limit API parameter: '1.5' is not an integer.");
        assertBadParameter(records + "?offset=x", "Invalid value for offset API parameter: 'x' is not an integer.");
        assertBadParameter(records + "?offset=-1", "Invalid value for offset API parameter: -1 was found but offset >= 0 is expected.");
        assertBadParameter(records + "?limit=99999999999", "Invalid value for limit API parameter: '99999999999' is not an integer.");
        assertBadParameter(records + "?timezone=Mars/Olympus", "Invalid value for timezone API parameter: 'Mars/Olympus' is not a known timezone (e.g. Europe/Paris).");
        assertBadParameter(records + "?lang=xx", "Invalid value for lang API parameter: 'xx' was found but one of "
                + "[en, fr, nl, pt, it, ar, de, es, ca, eu, sv] is expected.", true);
        assertThat(get(records + "?lang=EN&timezone=Europe/Paris").statusCode()).isEqualTo(200);
        assertBadParameter(DATASETS + ANNUAIRE + "/facets?timezone=nowhere", null);
        assertBadParameter(DATASETS + ANNUAIRE + "/exports/csv?limit=-5", "Invalid value for limit API parameter: -5 was found but limit >= -1 is expected.");
        assertBadParameter(DATASETS + ANNUAIRE + "/exports/csv?compressed=peut-etre", null);
        assertBadParameter(V21 + "/catalog/datasets?offset=9991&limit=10", "Invalid value for sum of offset + limit API parameter: 10001 was found but <= 10000 is expected.");
    }

    @Test
    void odsqlErrorsNameTheClause() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("?where=" + enc("nope = 1"), "where");
        cases.put("?where=" + enc("nom_commune = "), "where");
        cases.put("?select=" + enc("invalid_function()"), "select");
        cases.put("?select=" + enc("nom_etablissement, count(*)"), "select");
        cases.put("?group_by=position", "group_by");
        cases.put("?group_by=" + enc("nope"), "group_by");
        cases.put("?order_by=" + enc("nope DESC"), "order_by");
        cases.put("?order_by=" + enc("count(*)"), "order_by");
        cases.put("?refine=" + enc("nope:1"), "refine");
        cases.put("?refine=" + enc("sans-deux-points"), "refine");
        cases.put("?exclude=" + enc("nope:1"), "exclude");
        cases.put("?where=" + enc("in_bbox(nom_etablissement, 1, 2, 3, 4)"), "where");
        cases.put("?where=" + enc("date_ouverture > date'pas une date'"), "where");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = get(DATASETS + ANNUAIRE + "/records" + c.getKey());
            assertThat(r.statusCode()).as(c.getKey() + " → " + r.body()).isEqualTo(400);
            JsonNode body = json(r);
            assertThat(keys(body)).as(c.getKey()).containsExactly("message", "error_code");
            assertThat(body.path("error_code").asText()).as(c.getKey()).isEqualTo("ODSQLError");
            assertThat(body.path("message").asText()).as(c.getKey()).startsWith("ODSQL query is malformed: ")
                    .endsWith("Clause(s) containing the error(s): " + c.getValue() + ".");
        }
        JsonNode geo = json(get(DATASETS + ANNUAIRE + "/records?group_by=position"));
        assertThat(geo.path("message").asText()).contains("Aggregation on geo point field is not possible. Use the geo_cluster(position, int_precision) aggregation function instead");
        // on the other endpoints too
        for (String path : List.of(DATASETS + ANNUAIRE + "/facets?where=" + enc("nope = 1"), DATASETS + ANNUAIRE + "/facets?facet=nope",
                DATASETS + ANNUAIRE + "/exports/json?select=" + enc("nope"), V21 + "/catalog/datasets?where=" + enc("nope = 1"),
                V21 + "/catalog/facets?where=" + enc("(("), DATASETS + ANNUAIRE + "?select=nope")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(400);
            assertThat(json(r).path("error_code").asText()).as(path).isEqualTo("ODSQLError");
        }
    }

    @Test
    void unknownDatasetsAndRestrictedDatasetsAreNotFound() {
        for (String id : List.of("inconnu", RESTRICTED)) {
            for (String suffix : List.of("", "/records", "/records?limit=0", "/records/" + "a".repeat(40), "/facets", "/exports", "/exports/csv",
                    "/exports/json", "/exports/geojson", "/exports/xlsx", "/attachments")) {
                HttpResponse<String> r = get(DATASETS + id + suffix);
                assertThat(r.statusCode()).as(id + suffix).isEqualTo(404);
                JsonNode body = json(r);
                assertThat(body.path("error_code").asText()).as(id + suffix).isEqualTo("NotFound");
                assertThat(r.body()).doesNotContain("BROSSOLETTE");
            }
        }
        // nowhere in the catalogue
        for (String path : List.of(V21 + "/catalog/datasets", V21 + "/catalog/datasets?limit=100&where=" + enc("dataset_id = \"" + RESTRICTED + "\""),
                V21 + "/catalog/facets", V21 + "/catalog/exports/json", V21 + "/catalog/exports/csv", V21 + "/catalog/exports/dcat")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).doesNotContain(RESTRICTED);
        }
        assertThat(ok(V21 + "/catalog/datasets?where=" + enc("dataset_id = \"" + RESTRICTED + "\"")).path("total_count").asLong()).isZero();
        // even with an API key
        HttpResponse<String> keyed = send(HttpRequest.newBuilder(URI.create(base + DATASETS + RESTRICTED + "/records"))
                .header("Authorization", "Apikey cle-large").GET().build());
        assertThat(keyed.statusCode()).isEqualTo(404);
        // attachments of a visible dataset
        JsonNode attachments = ok(DATASETS + ANNUAIRE + "/attachments");
        assertThat(keys(attachments)).containsExactlyInAnyOrder("_links", "attachments");
        assertThat(attachments.path("attachments")).isEmpty();
    }

    // ------------------------------------------------------------------ quotas

    @Test
    void quotasPerAddressAndPerKey() throws Exception {
        // quota counts are kept in the store and shared by every server on it: this test's counts start from none, once
        // the other tests' server has saved its last second of calls
        Thread.sleep(1_200);
        try (java.sql.Connection c = store.connection(); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM quota_usage");
        }
        GeoeducServer limited = GeoeducServer.start(store, "127.0.0.1", 0, null, new QuotaSettings(3, Map.of("K1", 2L, "K2", 4L)));
        try {
            String b = "http://127.0.0.1:" + limited.port();
            long reset = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            String resetTime = Instant.ofEpochSecond(reset).toString();
            // anonymous: 3 calls, whatever their answer (200, 404, 400), then 429 with the legacy body
            String[] paths = {DATASETS + ANNUAIRE + "/records?limit=1", DATASETS + "inconnu/records", DATASETS + ANNUAIRE + "/records?limit=101"};
            int[] statuses = {200, 404, 400};
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = absolute(b + paths[i]);
                assertThat(r.statusCode()).isEqualTo(statuses[i]);
                assertRateHeaders(r, 3, 2 - i, reset);
            }
            HttpResponse<String> over = absolute(b + DATASETS + ANNUAIRE + "/records");
            assertThat(over.statusCode()).isEqualTo(429);
            assertRateHeaders(over, 3, 0, reset);
            JsonNode body = json(over);
            assertThat(keys(body)).containsExactly("errorcode", "reset_time", "limit_time_unit", "call_limit", "error");
            assertThat(body.path("errorcode").asInt()).isEqualTo(10005);
            assertThat(body.path("reset_time").asText()).isEqualTo(resetTime);
            assertThat(body.path("limit_time_unit").asText()).isEqualTo("day");
            assertThat(body.path("call_limit").asLong()).isEqualTo(3);
            assertThat(body.path("error").asText()).isEqualTo("You have exceeded the requests limit for anonymous users.");
            assertThat(absolute(b + V21 + "/catalog/datasets").statusCode()).isEqualTo(429);

            // an API key has its own counter: header (any case of the scheme) and parameter count together
            HttpResponse<String> k1 = keyed(b + DATASETS + ANNUAIRE + "/records?limit=1", "Apikey K1");
            assertThat(k1.statusCode()).isEqualTo(200);
            assertRateHeaders(k1, 2, 1, reset);
            HttpResponse<String> k1b = absolute(b + DATASETS + ANNUAIRE + "/records?limit=1&apikey=K1");
            assertThat(k1b.statusCode()).isEqualTo(200);
            assertRateHeaders(k1b, 2, 0, reset);
            HttpResponse<String> k1over = keyed(b + DATASETS + ANNUAIRE + "/records?limit=1", "APIKEY K1");
            assertThat(k1over.statusCode()).isEqualTo(429);
            JsonNode k1body = json(k1over);
            assertThat(k1body.path("errorcode").asInt()).isEqualTo(10002);
            assertThat(k1body.path("call_limit").asLong()).isEqualTo(2);
            assertThat(k1body.path("limit_time_unit").asText()).isEqualTo("day");
            assertThat(k1body.path("reset_time").asText()).isEqualTo(resetTime);
            assertThat(k1body.path("error").asText()).isEqualTo("Too many requests on the domain. Please contact the domain administrator.");
            // another key is not affected
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> k2 = i % 2 == 0 ? absolute(b + DATASETS + ANNUAIRE + "/records?limit=1&apikey=K2")
                        : keyed(b + DATASETS + ANNUAIRE + "/records?limit=1", "ApiKey K2");
                assertThat(k2.statusCode()).isEqualTo(200);
                assertRateHeaders(k2, 4, 3 - i, reset);
            }
            assertThat(absolute(b + DATASETS + ANNUAIRE + "/records?apikey=K2").statusCode()).isEqualTo(429);
            // an unknown key is refused, whatever the counters
            HttpResponse<String> unknown = keyed(b + DATASETS + ANNUAIRE + "/records", "Apikey nope");
            assertThat(unknown.statusCode()).isEqualTo(401);
            assertThat(keys(json(unknown))).containsExactly("message", "error_code");
            assertThat(absolute(b + DATASETS + ANNUAIRE + "/records?apikey=nope").statusCode()).isEqualTo(401);
        } finally {
            limited.close();
        }
        // the main server's counters are separate
        HttpResponse<String> r = get(DATASETS + ANNUAIRE + "/records?limit=1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Long.parseLong(r.headers().firstValue("X-RateLimit-Limit").orElseThrow())).isEqualTo(1_000_000);
    }

    @Test
    void rateLimitHeadersOnEveryResponse() {
        for (String path : List.of(V21, V21 + "/catalog", V21 + "/catalog/datasets", DATASETS + ANNUAIRE, DATASETS + ANNUAIRE + "/records",
                DATASETS + ANNUAIRE + "/facets", DATASETS + ANNUAIRE + "/exports/csv?limit=1", DATASETS + "inconnu",
                DATASETS + ANNUAIRE + "/records?limit=101", DATASETS + ANNUAIRE + "/records?where=((", V21 + "/catalog/facets")) {
            HttpResponse<String> r = get(path);
            assertThat(r.headers().firstValue("X-RateLimit-Limit")).as(path).hasValue("1000000");
            assertThat(r.headers().firstValue("X-RateLimit-Remaining")).as(path).isPresent();
            assertThat(r.headers().firstValue("X-RateLimit-Reset")).as(path).isPresent();
        }
        HttpResponse<String> keyed = keyed(base + DATASETS + ANNUAIRE + "/records?limit=1", "Apikey cle-large");
        assertThat(keyed.headers().firstValue("X-RateLimit-Limit")).hasValue("1000000");
    }

    @Test
    void entryPoints() {
        JsonNode root = ok(V21);
        List<String> rels = new ArrayList<>();
        root.path("_links").forEach(l -> rels.add(l.path("rel").asText()));
        assertThat(rels).contains("self", "catalog");
        JsonNode catalog = ok(V21 + "/catalog");
        rels.clear();
        catalog.path("_links").forEach(l -> rels.add(l.path("rel").asText()));
        assertThat(rels).contains("datasets", "exports", "facets");
    }

    // ------------------------------------------------------------------ helpers

    private static void assertRateHeaders(HttpResponse<?> r, long limit, long remaining, long reset) {
        assertThat(r.headers().firstValue("X-RateLimit-Limit")).hasValue(String.valueOf(limit));
        assertThat(r.headers().firstValue("X-RateLimit-Remaining")).hasValue(String.valueOf(remaining));
        assertThat(r.headers().firstValue("X-RateLimit-Reset")).hasValue(String.valueOf(reset));
    }

    private static void assertBadParameter(String path, String message) {
        assertBadParameter(path, message, false);
    }

    private static void assertBadParameter(String path, String message, boolean anyOrderOfLangs) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(400);
        JsonNode body = json(r);
        assertThat(keys(body)).as(path).containsExactly("message", "error_code");
        assertThat(body.path("error_code").asText()).as(path).isEqualTo("InvalidRESTParameterError");
        if (message != null && !anyOrderOfLangs) {
            assertThat(body.path("message").asText()).as(path).isEqualTo(message);
        } else if (message != null) {
            assertThat(body.path("message").asText()).startsWith("Invalid value for lang API parameter: 'xx' was found but one of [")
                    .contains("fr", "en", "sv").endsWith("] is expected.");
        }
    }

    /** The fields GéoÉduc computes next to the annuaire's published ones. */
    static final List<String> ADDED_BY_GEOEDUC = List.of("uai_valide", "departement_cog", "commune_cog");

    static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }

    static JsonNode find(JsonNode fields, String name) {
        for (JsonNode f : fields) {
            if (f.path("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static HttpResponse<String> get(String path) {
        return absolute(base + path);
    }

    static HttpResponse<String> absolute(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build());
    }

    static HttpResponse<String> keyed(String url, String authorization) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).timeout(Duration.ofSeconds(60)).GET().build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<byte[]> bytes(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String string(String path) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
        return r.body();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static JsonNode ok(String path) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
        return json(r);
    }

    /** The entries of a zip file, read through its central directory (as spreadsheet programs do). */
    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Path file = Files.createTempFile(dir, "export", ".xlsx");
        Files.write(file, zip);
        Map<String, String> out = new HashMap<>();
        try (ZipFile z = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                try (var in = z.getInputStream(e)) {
                    out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static long countOccurrences(String s, String part) {
        long n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
