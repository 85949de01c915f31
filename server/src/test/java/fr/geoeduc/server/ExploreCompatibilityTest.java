package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.server.explore.QuotaSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every real client query of the reference notes (§7, items 1 to 16), sent the way those clients send them, against
 * the platform loaded with the matching datasets: the real published files of ../shared/data (annuaire of
 * Ille-et-Vilaine, national géolocalisation of the collèges, IPS of the écoles; generated stand-ins with the same
 * headers, {@link GeneratedFiles}, when ../shared/data is absent) and, for the datasets not there,
 * fixtures with the real field names written here (calendrier scolaire, Paris 2024 medals and sites). Each answer is
 * checked against numbers computed independently from the files with plain Java string handling.
 */
class ExploreCompatibilityTest {

    static final String ANNUAIRE = "fr-en-annuaire-education";
    static final String GEOLOC = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre";
    static final String IPS = "fr-en-ips_ecoles";
    static final String CALENDRIER = "fr-en-calendrier-scolaire";
    static final String MEDALS = "paris-2024-results-medals-oly-eng";
    static final String SITES = "paris-2024-sites-de-competition";
    static final String DATASETS = "/api/explore/v2.1/catalog/datasets/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    @TempDir
    static Path dir;

    private static SqliteStore store;
    private static TestServer running;
    private static int port;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The real files, row by row (header → value), read here with plain string handling. */
    private static List<Map<String, String>> annuaire;
    private static List<Map<String, String>> geoloc;
    private static List<Map<String, String>> ips;
    private static List<Holiday> calendar;
    private static List<Medal> medals;
    private static List<Site> sites;

    record Holiday(String description, String population, String start, String end, String location, String zones, String annee) {
        Instant startInstant() {
            return OffsetDateTime.parse(start).toInstant();
        }

        Instant endInstant() {
            return OffsetDateTime.parse(end).toInstant();
        }
    }

    record Medal(String medalType, int medalCode, String medalDate, String name, String gender, String discipline, String event,
                 String countryCode, String country) {
    }

    record Site(String code, String nom, String category, String sports, double lat, double lon) {
    }

    @BeforeAll
    static void start() throws IOException {
        Path annuaireFile = TestData.fileOrGenerated(TestData.ANNUAIRE, dir);
        Path geolocFile = TestData.fileOrGenerated(TestData.GEOLOC_COLLEGES, dir);
        Path ipsFile = TestData.fileOrGenerated(TestData.IPS_ECOLES, dir);
        annuaire = readCsv(annuaireFile);
        geoloc = readCsv(geolocFile);
        ips = readCsv(ipsFile);
        calendar = calendarRows();
        medals = medalRows();
        sites = siteRows();

        Path calendarFile = dir.resolve("fr-en-calendrier-scolaire.csv");
        writeCsv(calendarFile, List.of("description", "population", "start_date", "end_date", "location", "zones", "annee_scolaire"),
                calendar.stream().map(h -> List.of(h.description(), h.population(), h.start(), h.end(), h.location(), h.zones(), h.annee())).toList());
        Path medalFile = dir.resolve("paris-2024-results-medals-oly-eng.csv");
        writeCsv(medalFile, List.of("medal_type", "medal_code", "medal_date", "name", "gender", "discipline", "event", "event_type",
                        "country_code", "country", "country_long"),
                medals.stream().map(m -> List.of(m.medalType(), String.valueOf(m.medalCode()), m.medalDate(), m.name(), m.gender(),
                        m.discipline(), m.event(), m.event().contains("Team") || m.event().contains("Relay") ? "TEAM" : "ATH",
                        m.countryCode(), m.country(), m.country())).toList());
        Path siteFile = dir.resolve("paris-2024-sites-de-competition.csv");
        writeCsv(siteFile, List.of("code_site", "nom_site", "category_id", "sports", "start_date", "end_date", "point_geo"),
                sites.stream().map(s -> List.of(s.code(), s.nom(), s.category(), s.sports(), "2024-07-24", "2024-09-08",
                        s.lat() + ", " + s.lon())).toList());

        running = TestServer.in(dir);
        store = running.store;
        Ingester ingester = running.ingester;
        ingest(ingester, annuaireFile, ANNUAIRE, annuaire.size());
        ingest(ingester, geolocFile, GEOLOC, geoloc.size());
        ingest(ingester, ipsFile, IPS, ips.size());
        ingest(ingester, calendarFile, CALENDRIER, calendar.size());
        ingest(ingester, medalFile, MEDALS, medals.size());
        ingest(ingester, siteFile, SITES, sites.size());

        port = running.start(null, new QuotaSettings(Long.MAX_VALUE / 2, Map.of())).port();
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    private static void ingest(Ingester ingester, Path file, String id, int rows) {
        IngestResult r = ingester.ingest(new IngestRequest(file.toString(), id, null, null, null), ProgressListener.NONE);
        assertThat(r.version().rowCount()).as(id).isEqualTo(rows);
    }

    // ------------------------------------------------------------------ the datasets' schemas, as clients rely on them

    @Test
    void fixturesHaveTheRealFieldNamesAndTypes() {
        JsonNode cal = json(get(DATASETS + CALENDRIER));
        Map<String, String> types = new LinkedHashMap<>();
        cal.path("fields").forEach(f -> types.put(f.path("name").asText(), f.path("type").asText()));
        assertThat(types).containsExactly(Map.entry("description", "text"), Map.entry("population", "text"),
                Map.entry("start_date", "datetime"), Map.entry("end_date", "datetime"), Map.entry("location", "text"),
                Map.entry("zones", "text"), Map.entry("annee_scolaire", "text"));
        JsonNode medal = json(get(DATASETS + MEDALS));
        List<String> names = new ArrayList<>();
        medal.path("fields").forEach(f -> names.add(f.path("name").asText()));
        assertThat(names).contains("discipline", "event", "country", "medal_type");
        JsonNode site = json(get(DATASETS + SITES));
        names.clear();
        site.path("fields").forEach(f -> names.add(f.path("name").asText()));
        assertThat(names).contains("nom_site", "sports", "category_id");
        JsonNode annuaireFields = json(get(DATASETS + ANNUAIRE)).path("fields");
        Map<String, String> at = new HashMap<>();
        annuaireFields.forEach(f -> at.put(f.path("name").asText(), f.path("type").asText()));
        assertThat(at).containsEntry("position", "geo_point_2d").containsEntry("code_region", "text")
                .containsEntry("identifiant_de_l_etablissement", "text").containsEntry("date_ouverture", "date");
    }

    // ------------------------------------------------------------------ 1, 2, 3: fr-en-calendrier-scolaire

    /** 1. Giga77/vacances-scolaire-HA: date literal >= on a datetime, order_by ASC, limit 2, bare refine on location. */
    @Test
    void q01_nextHolidaysOfALocation() {
        for (String location : List.of("Rennes", "Orléans-Tours", "Paris")) {
            for (String day : List.of("2024-01-10", "2025-10-18", "2026-08-01", "2030-01-01")) {
                String url = DATASETS + CALENDRIER + "/records?where=end_date%3E%3Ddate%27" + day + "%27&order_by=start_date%20ASC&limit=2"
                        + "&refine=location%3A" + enc(location);
                Instant from = LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant();
                List<Holiday> expected = calendar.stream().filter(h -> h.location().equals(location) && !h.endInstant().isBefore(from))
                        .sorted(Comparator.comparing(Holiday::startInstant)).toList();
                JsonNode body = ok(url);
                assertThat(body.path("total_count").asLong()).as(url).isEqualTo(expected.size());
                JsonNode results = body.path("results");
                assertThat(results).as(url).hasSize(Math.min(2, expected.size()));
                for (int i = 0; i < results.size(); i++) {
                    JsonNode r = results.get(i);
                    Holiday h = expected.get(i);
                    assertThat(r.path("description").asText()).isEqualTo(h.description());
                    assertThat(r.path("start_date").asText()).isEqualTo(h.start());
                    assertThat(r.path("end_date").asText()).isEqualTo(h.end());
                    assertThat(r.path("location").asText()).isEqualTo(location);
                    assertThat(r.path("zones").asText()).isEqualTo(h.zones());
                    assertThat(r.path("annee_scolaire").asText()).isEqualTo(h.annee());
                    assertThat(r.path("population").asText()).isEqualTo(h.population());
                    // what the client does with the values
                    assertThat(r.path("start_date").asText().split("T")[0]).matches("\\d{4}-\\d{2}-\\d{2}");
                    assertThat(OffsetDateTime.parse(r.path("end_date").asText()).toInstant()).isAfterOrEqualTo(from);
                }
            }
        }
        // the answer after the last holiday of the fixture: 200, nothing
        JsonNode none = ok(DATASETS + CALENDRIER + "/records?where=end_date%3E%3Ddate%272031-01-01%27&order_by=start_date%20ASC&limit=2&refine=location%3ARennes");
        assertThat(none.path("total_count").asLong()).isZero();
        assertThat(none.path("results")).isEmpty();
    }

    /** 2. Same client, refine on zones with a space ("Zone A"), as aiohttp sends it (%20) and as a raw '+'. */
    @Test
    void q02_nextHolidaysOfAZone() {
        String day = "2025-01-10";
        Instant from = LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (String zone : List.of("Zone A", "Zone B", "Zone C")) {
            List<Holiday> expected = calendar.stream().filter(h -> h.zones().equals(zone) && !h.endInstant().isBefore(from))
                    .sorted(Comparator.comparing(Holiday::startInstant)).toList();
            assertThat(expected).hasSizeGreaterThan(2);
            for (String encodedZone : List.of(zone.replace(" ", "%20"), zone.replace(" ", "+"))) {
                String url = DATASETS + CALENDRIER + "/records?where=end_date%3E%3Ddate%27" + day + "%27&order_by=start_date%20ASC&limit=2"
                        + "&refine=zones%3A" + encodedZone;
                JsonNode body = ok(url);
                assertThat(body.path("total_count").asLong()).as(url).isEqualTo(expected.size());
                assertThat(body.path("results")).hasSize(2);
                // several locations share a zone: the first start date is the zone's, whatever the location
                assertThat(body.path("results").get(0).path("start_date").asText()).isEqualTo(expected.get(0).start());
                assertThat(body.path("results").get(1).path("start_date").asText()).isEqualTo(expected.get(1).start());
                body.path("results").forEach(r -> assertThat(r.path("zones").asText()).isEqualTo(zone));
            }
        }
    }

    /** 3. dbomard/SunnyMonday: URLSearchParams, quoted refine values, a repeated refine on one facet is a union. */
    @Test
    void q03_quotedDisjunctiveRefines() {
        String url = DATASETS + CALENDRIER + "/records?limit=100&refine=population%3A%22-%22&refine=population%3A%22%C3%89l%C3%A8ves%22"
                + "&refine=location%3A%22Orl%C3%A9ans-Tours%22";
        List<Holiday> expected = calendar.stream().filter(h -> h.location().equals("Orléans-Tours")
                && (h.population().equals("-") || h.population().equals("Élèves"))).toList();
        long dash = expected.stream().filter(h -> h.population().equals("-")).count();
        assertThat(dash).isPositive().isLessThan(expected.size());
        JsonNode body = ok(url);
        assertThat(body.path("total_count").asLong()).isEqualTo(expected.size());
        assertThat(body.path("results")).hasSize(expected.size());
        Map<String, Long> byPopulation = new TreeMap<>();
        body.path("results").forEach(r -> {
            assertThat(r.path("location").asText()).isEqualTo("Orléans-Tours");
            byPopulation.merge(r.path("population").asText(), 1L, Long::sum);
        });
        assertThat(byPopulation).containsOnlyKeys("-", "Élèves").containsEntry("-", dash);
        Set<String> got = new TreeSet<>();
        body.path("results").forEach(r -> got.add(r.path("start_date").asText() + "|" + r.path("description").asText()));
        assertThat(got).isEqualTo(expected.stream().map(h -> h.start() + "|" + h.description()).collect(Collectors.toCollection(TreeSet::new)));
        // the same query as the raw bytes a careless client sends: quotes and accents unencoded
        JsonNode rawBody = JSON_parse(raw(DATASETS + CALENDRIER + "/records?limit=100&refine=population:\"-\"&refine=population:\"Élèves\""
                + "&refine=location:\"Orléans-Tours\""), 200);
        assertThat(rawBody.path("total_count").asLong()).isEqualTo(expected.size());
        // each value alone
        assertThat(ok(DATASETS + CALENDRIER + "/records?limit=0&refine=population:%22-%22&refine=location:%22Orl%C3%A9ans-Tours%22")
                .path("total_count").asLong()).isEqualTo(dash);
        // and the facet shows both values refined
        JsonNode facets = ok(DATASETS + CALENDRIER + "/facets?facet=population&refine=population%3A%22-%22&refine=population%3A%22%C3%89l%C3%A8ves%22"
                + "&refine=location%3A%22Orl%C3%A9ans-Tours%22");
        Map<String, String> states = new TreeMap<>();
        facets.path("facets").get(0).path("facets").forEach(v -> states.put(v.path("value").asText(), v.path("state").asText()));
        assertThat(states).containsEntry("-", "refined").containsEntry("Élèves", "refined").containsEntry("Enseignants", "displayed");
    }

    // ------------------------------------------------------------------ 4 to 10, 15: fr-en-annuaire-education

    /** 4. syllant/charsyka-france: single-quoted strings, exact = on text, AND (axios params: fully encoded). */
    @Test
    void q04_communeAndType() {
        for (String commune : List.of("Marseille", "Rennes", "Saint-Malo", "rennes")) {
            long expected = annuaire.stream().filter(r -> r.get("Nom_commune").equals(commune) && r.get("Type_etablissement").equals("Lycée")).count();
            JsonNode body = ok(DATASETS + ANNUAIRE + "/records?where=" + enc("nom_commune='" + commune + "' AND type_etablissement='Lycée'") + "&limit=100");
            assertThat(body.path("total_count").asLong()).as(commune).isEqualTo(expected);
            assertThat(body.path("results")).hasSize((int) expected);
            body.path("results").forEach(r -> {
                assertThat(r.path("nom_commune").asText()).isEqualTo(commune);
                assertThat(r.path("type_etablissement").asText()).isEqualTo("Lycée");
            });
            if (commune.equals("Marseille") || commune.equals("rennes")) {
                assertThat(expected).as("exact, case-sensitive match: none in the 35 annuaire").isZero();
            } else {
                assertThat(expected).isPositive();
            }
        }
        // the national géolocalisation has Marseille: the same query shape gives its collèges
        long marseille = geoloc.stream().filter(r -> r.get("localite_acheminement_uai").equals("MARSEILLE")
                && r.get("nature_uai_libe").equals("COLLEGE")).count();
        assertThat(marseille).isGreaterThan(50);
        JsonNode body = ok(DATASETS + GEOLOC + "/records?where=" + enc("localite_acheminement_uai='MARSEILLE' AND nature_uai_libe='COLLEGE'") + "&limit=100");
        assertThat(body.path("total_count").asLong()).isEqualTo(marseille);
        assertThat(body.path("results")).hasSize((int) Math.min(100, marseille));
    }

    /** 5. Amar1921/Angular-App-Map: an unquoted number compared with the text field code_region. */
    @Test
    void q05_numericLiteralOnATextCode() {
        long r75 = annuaire.stream().filter(r -> r.get("Code_region").equals("75")).count();
        long r53 = annuaire.stream().filter(r -> r.get("Code_region").equals("53")).count();
        assertThat(r75).isZero();
        assertThat(r53).isEqualTo(annuaire.size());
        JsonNode none = ok(DATASETS + ANNUAIRE + "/records?select=*&where=code_region%3D75&limit=20");
        assertThat(none.path("total_count").asLong()).isEqualTo(r75);
        assertThat(none.path("results")).isEmpty();
        JsonNode all = ok(DATASETS + ANNUAIRE + "/records?select=*&where=code_region%3D53&limit=20");
        assertThat(all.path("total_count").asLong()).isEqualTo(r53);
        assertThat(all.path("results")).hasSize(20);
        JsonNode first = all.path("results").get(0);
        assertThat(first.path("code_region").isTextual()).isTrue();
        assertThat(first.path("code_region").asText()).isEqualTo("53");
        // select=* gives every field of the dataset, position as {lon, lat}
        assertThat(first.path("position").path("lon").isNumber()).isTrue();
        assertThat(first.path("position").path("lat").isNumber()).isTrue();
        // the national géolocalisation: région 75 (Nouvelle-Aquitaine) exists there
        long geo75 = geoloc.stream().filter(r -> r.get("code_region").equals("75")).count();
        assertThat(geo75).isPositive();
        assertThat(ok(DATASETS + GEOLOC + "/records?select=*&where=code_region%3D75&limit=20").path("total_count").asLong()).isEqualTo(geo75);
    }

    /** 6. antoineromand/angular-leaflet-example: two where params ANDed, GeoJSON polygon, search(). */
    @Test
    void q06_polygonAndSearchAnded() {
        double west = -1.70;
        double east = -1.64;
        double south = 48.09;
        double north = 48.13;
        String polygon = "{\"type\":\"Polygon\",\"coordinates\":[[[" + west + "," + south + "],[" + east + "," + south + "],[" + east + "," + north
                + "],[" + west + "," + north + "],[" + west + "," + south + "]]]}";
        Predicate<Map<String, String>> inside = r -> {
            double lon = Double.parseDouble(r.get("longitude"));
            double lat = Double.parseDouble(r.get("latitude"));
            return lon >= west && lon <= east && lat >= south && lat <= north;
        };
        List<Map<String, String>> expected = annuaire.stream().filter(inside.and(r -> r.get("Type_etablissement").equals("Lycée"))).toList();
        long insideCount = annuaire.stream().filter(inside).count();
        assertThat(expected).hasSizeBetween(5, 99);
        String url = DATASETS + ANNUAIRE + "/records?where=" + enc("intersects(position, geom'" + polygon + "')")
                + "&where=" + enc("search(type_etablissement,\"Lycée\")") + "&limit=100";
        JsonNode body = ok(url);
        assertThat(body.path("total_count").asLong()).isEqualTo(expected.size());
        assertThat(uais(body)).isEqualTo(expected.stream().map(r -> r.get("Identifiant_de_l_etablissement")).collect(Collectors.toCollection(TreeSet::new)));
        body.path("results").forEach(r -> {
            double lon = r.path("position").path("lon").asDouble();
            double lat = r.path("position").path("lat").asDouble();
            assertThat(lon).isBetween(west, east);
            assertThat(lat).isBetween(south, north);
            assertThat(r.path("position").size()).isEqualTo(2);
        });
        // each where alone: the polygon, and the search
        assertThat(ok(DATASETS + ANNUAIRE + "/records?limit=0&where=" + enc("intersects(position, geom'" + polygon + "')"))
                .path("total_count").asLong()).isEqualTo(insideCount);
        assertThat(ok(DATASETS + ANNUAIRE + "/records?limit=0&where=" + enc("search(type_etablissement,\"Lycée\")"))
                .path("total_count").asLong()).isEqualTo(annuaire.stream().filter(r -> r.get("Type_etablissement").equals("Lycée")).count());
    }

    /** 7. antoineromand/angular-leaflet-example (earlier): in_bbox (latitude first), search, unencoded URL, default limit 10. */
    @Test
    void q07_bboxAndSearchUnencoded() {
        double lat1 = 48.08;
        double lng1 = -1.72;
        double lat2 = 48.14;
        double lng2 = -1.62;
        List<Map<String, String>> expected = annuaire.stream().filter(r -> {
            double lon = Double.parseDouble(r.get("longitude"));
            double lat = Double.parseDouble(r.get("latitude"));
            return lat >= lat1 && lat <= lat2 && lon >= lng1 && lon <= lng2 && r.get("Type_etablissement").equals("Collège");
        }).toList();
        assertThat(expected).hasSizeGreaterThan(10);
        Set<String> expectedUais = expected.stream().map(r -> r.get("Identifiant_de_l_etablissement")).collect(Collectors.toCollection(TreeSet::new));
        // raw: spaces would end the request line, so a browser sends them as %20 and leaves the rest (quotes, accents) as is
        String target = DATASETS + ANNUAIRE + "/records?where=in_bbox(position,%20" + lat1 + ",%20" + lng1 + ",%20" + lat2 + ",%20" + lng2 + ")"
                + "&where=search(type_etablissement,\"Collège\")";
        JsonNode body = JSON_parse(raw(target), 200);
        assertThat(body.path("total_count").asLong()).isEqualTo(expected.size());
        assertThat(body.path("results")).hasSize(10);
        assertThat(expectedUais).containsAll(uais(body));
        // corners in the other order give the same box
        JsonNode swapped = ok(DATASETS + ANNUAIRE + "/records?where=in_bbox(position,%20" + lat2 + ",%20" + lng2 + ",%20" + lat1 + ",%20" + lng1 + ")"
                + "&where=search(type_etablissement,%22Coll%C3%A8ge%22)");
        assertThat(swapped.path("total_count").asLong()).isEqualTo(expected.size());
    }

    /** 8. ABC-TransitionBasCarbone/bilan-carbone: a select list, AND/OR with parentheses, limit 99. */
    @Test
    void q08_postalCodeAndNatures() {
        for (String cp : List.of("35000", "35400", "35700", "99999")) {
            Set<String> natures = Set.of("COLLEGE", "LYCEE", "ECOLE DE NIVEAU ELEMENTAIRE");
            List<Map<String, String>> expected = annuaire.stream().filter(r -> r.get("Code postal").equals(cp) && natures.contains(r.get("libelle_nature"))).toList();
            String where = "code_postal=\"" + cp + "\" AND (libelle_nature=\"COLLEGE\" OR libelle_nature=\"LYCEE\" OR libelle_nature=\"ECOLE DE NIVEAU ELEMENTAIRE\")";
            JsonNode body = ok(DATASETS + ANNUAIRE + "/records?select=" + enc("nom_etablissement,adresse_1,code_postal,identifiant_de_l_etablissement,date_ouverture")
                    + "&where=" + enc(where) + "&limit=99");
            assertThat(body.path("total_count").asLong()).as(cp).isEqualTo(expected.size());
            assertThat(body.path("results")).hasSize(Math.min(99, expected.size()));
            Map<String, Map<String, String>> byUai = new HashMap<>();
            expected.forEach(r -> byUai.put(r.get("Identifiant_de_l_etablissement"), r));
            body.path("results").forEach(r -> {
                List<String> keys = new ArrayList<>();
                r.fieldNames().forEachRemaining(keys::add);
                assertThat(keys).containsExactly("nom_etablissement", "adresse_1", "code_postal", "identifiant_de_l_etablissement", "date_ouverture");
                Map<String, String> row = byUai.get(r.path("identifiant_de_l_etablissement").asText());
                assertThat(row).isNotNull();
                assertThat(r.path("nom_etablissement").asText()).isEqualTo(row.get("Nom_etablissement"));
                assertThat(r.path("adresse_1").asText()).isEqualTo(row.get("Adresse_1"));
                assertThat(r.path("code_postal").asText()).isEqualTo(cp);
                assertThat(r.path("date_ouverture").asText()).isEqualTo(row.get("date_ouverture"));
            });
            if (!cp.equals("99999")) {
                assertThat(expected).as(cp).isNotEmpty();
            }
        }
    }

    /** 9. bilan-carbone (HEAD): select with spaces, LIKE with * wildcards, like/LIKE, multi-line where. */
    @Test
    void q09_likeWildcardsAndMultilineWhere() {
        String select = "nom_etablissement,adresse_1,adresse_3, code_postal,identifiant_de_l_etablissement,date_ouverture, libelle_academie, libelle_nature";
        List<String> selectKeys = List.of("nom_etablissement", "adresse_1", "adresse_3", "code_postal", "identifiant_de_l_etablissement",
                "date_ouverture", "libelle_academie", "libelle_nature");
        // by postal code
        for (String cp : List.of("35000", "35120", "35706")) {
            List<Map<String, String>> expected = annuaire.stream().filter(r -> r.get("Code postal").equals(cp)
                    && (r.get("libelle_nature").equals("COLLEGE") || r.get("libelle_nature").toUpperCase(Locale.ROOT).contains("LYCEE"))).toList();
            String where = "code_postal=\"" + cp + "\" AND (libelle_nature=\"COLLEGE\" OR libelle_nature like \"*LYCEE*\")";
            JsonNode body = ok(DATASETS + ANNUAIRE + "/records?select=" + enc(select) + "&where=" + enc(where) + "&limit=99");
            assertThat(body.path("total_count").asLong()).as(cp).isEqualTo(expected.size()).isPositive();
            assertThat(uais(body)).isEqualTo(expected.stream().map(r -> r.get("Identifiant_de_l_etablissement")).collect(Collectors.toCollection(TreeSet::new)));
            body.path("results").forEach(r -> {
                List<String> keys = new ArrayList<>();
                r.fieldNames().forEachRemaining(keys::add);
                assertThat(keys).isEqualTo(selectKeys);
                assertThat(r.path("libelle_academie").asText()).isEqualTo("Rennes");
            });
        }
        // LIKE "*LYCEE*" alone: every nature holding the word part LYCEE (5 natures in the 35 annuaire)
        long lycees = annuaire.stream().filter(r -> r.get("libelle_nature").toUpperCase(Locale.ROOT).contains("LYCEE")).count();
        assertThat(lycees).isPositive();
        if (TestData.real()) {
            assertThat(lycees).isEqualTo(32 + 20 + 13 + 9 + 2);
        }
        assertThat(ok(DATASETS + ANNUAIRE + "/records?limit=0&where=" + enc("libelle_nature like \"*LYCEE*\"")).path("total_count").asLong())
                .isEqualTo(lycees);
        assertThat(ok(DATASETS + ANNUAIRE + "/records?limit=0&where=" + enc("libelle_nature LIKE \"*lycee*\"")).path("total_count").asLong())
                .isEqualTo(lycees);
        // by name, multi-line, with tabs and CRLF, LIKE and like mixed
        for (String w : List.of("Chateaubriand", "chateaubriand", "Jules", "Zay", "Brocéliande", "introuvable", "350")) {
            String folded = fold(w);
            List<Map<String, String>> expected = annuaire.stream().filter(r -> (fold(r.get("Nom_etablissement")).contains(folded)
                    || r.get("Code postal").contains(folded))
                    && (r.get("libelle_nature").equals("COLLEGE") || r.get("libelle_nature").contains("LYCEE"))).toList();
            String where = "(nom_etablissement LIKE \"*" + w + "*\" OR code_postal like \"*" + w + "*\")\r\n"
                    + "\t  AND (libelle_nature=\"COLLEGE\"\n      OR libelle_nature LIKE \"*LYCEE*\")\n";
            JsonNode body = ok(DATASETS + ANNUAIRE + "/records?select=" + enc(select) + "&where=" + enc(where) + "&limit=99");
            assertThat(body.path("total_count").asLong()).as(w).isEqualTo(expected.size());
            assertThat(uais(body)).as(w).isEqualTo(expected.stream().limit(99).map(r -> r.get("Identifiant_de_l_etablissement"))
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    /** 10. ntec19/CAFORCYS: a UAI lookup, double-quoted, unencoded. */
    @Test
    void q10_uaiLookupUnencoded() {
        JsonNode none = JSON_parse(raw(DATASETS + ANNUAIRE + "/records?where=identifiant_de_l_etablissement=\"0920138A\""), 200);
        assertThat(annuaire.stream().filter(r -> r.get("Identifiant_de_l_etablissement").equals("0920138A")).count()).isZero();
        assertThat(none.path("total_count").asLong()).isZero();
        assertThat(none.path("results")).isEmpty();
        // the first établissement of the file (0350122T in the real one) and the first on several rows
        String first = annuaire.get(0).get("Identifiant_de_l_etablissement");
        String multi = annuaire.stream().map(r -> r.get("Identifiant_de_l_etablissement"))
                .filter(u -> annuaire.stream().filter(r -> r.get("Identifiant_de_l_etablissement").equals(u)).count() > 1).findFirst().orElseThrow();
        for (String uai : List.of(first, multi)) {
            List<Map<String, String>> rows = annuaire.stream().filter(r -> r.get("Identifiant_de_l_etablissement").equals(uai)).toList();
            JsonNode body = JSON_parse(raw(DATASETS + ANNUAIRE + "/records?where=identifiant_de_l_etablissement=\"" + uai + "\""), 200);
            assertThat(body.path("total_count").asLong()).isEqualTo(rows.size()).isPositive();
            body.path("results").forEach(r -> {
                assertThat(r.path("identifiant_de_l_etablissement").asText()).isEqualTo(uai);
                Map<String, String> row = rows.stream().filter(x -> x.get("Nom_etablissement").equals(r.path("nom_etablissement").asText()))
                        .findFirst().orElseThrow(() -> new AssertionError("unexpected row " + r));
                assertThat(r.path("position").path("lat").asDouble()).isCloseTo(Double.parseDouble(row.get("latitude")), within(1e-9));
                assertThat(r.path("position").path("lon").asDouble()).isCloseTo(Double.parseDouble(row.get("longitude")), within(1e-9));
            });
            Set<String> names = new TreeSet<>();
            body.path("results").forEach(r -> names.add(r.path("nom_etablissement").asText()));
            assertThat(names).isEqualTo(rows.stream().map(x -> x.get("Nom_etablissement")).collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    /** 15. dataforgoodfr/13_potentiel_solaire: the full GeoJSON export, no limit, with and without lang=fr. */
    @Test
    void q15_fullGeojsonExport() {
        Map<String, Map<String, String>> byUai = new HashMap<>();
        annuaire.forEach(r -> byUai.putIfAbsent(r.get("Identifiant_de_l_etablissement"), r));
        for (String url : List.of(DATASETS + ANNUAIRE + "/exports/geojson?lang=fr", DATASETS + ANNUAIRE + "/exports/geojson")) {
            HttpResponse<String> r = get(url);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode fc = json(r);
            assertThat(fc.path("type").asText()).isEqualTo("FeatureCollection");
            assertThat(fc.path("features")).hasSize(annuaire.size());
            for (JsonNode f : fc.path("features")) {
                assertThat(f.path("type").asText()).isEqualTo("Feature");
                assertThat(f.path("geometry").path("type").asText()).isEqualTo("Point");
                Map<String, String> row = byUai.get(f.path("properties").path("identifiant_de_l_etablissement").asText());
                assertThat(row).isNotNull();
                // GeoJSON coordinates are written with 8 decimals (about 1 mm)
                JsonNode c = f.path("geometry").path("coordinates");
                assertThat(c).hasSize(2);
                assertThat(c.get(0).asDouble()).isCloseTo(Double.parseDouble(row.get("longitude")), within(1e-8));
                assertThat(c.get(1).asDouble()).isCloseTo(Double.parseDouble(row.get("latitude")), within(1e-8));
            }
        }
    }

    // ------------------------------------------------------------------ 11 to 14: Paris 2024

    /** 11. Feeno-code31/paris2024 get_disciplines: group_by without select, order_by ASC, offset paging until empty. */
    @Test
    void q11_distinctDisciplinesPaged() {
        List<String> expected = medals.stream().map(Medal::discipline).distinct().sorted().toList();
        List<String> got = new ArrayList<>();
        int offset = 0;
        int pages = 0;
        while (true) {
            JsonNode body = ok(DATASETS + MEDALS + "/records?group_by=discipline&order_by=discipline%20ASC&limit=100&offset=" + offset);
            pages++;
            if (body.path("results").isEmpty()) {
                break;
            }
            body.path("results").forEach(r -> {
                assertThat(r.size()).isEqualTo(1);
                got.add(r.path("discipline").asText());
            });
            offset += 100;
        }
        assertThat(got).isEqualTo(expected);
        assertThat(pages).isEqualTo(2);
        // a smaller page size pages the same list
        List<String> small = new ArrayList<>();
        for (int o = 0; o < 200; o += 7) {
            ok(DATASETS + MEDALS + "/records?group_by=discipline&order_by=discipline%20ASC&limit=7&offset=" + o).path("results")
                    .forEach(r -> small.add(r.path("discipline").asText()));
        }
        assertThat(small).isEqualTo(expected);
    }

    /** 12. get_epreuves_discipline: where on a text with spaces around =, group_by=event, paging. */
    @Test
    void q12_eventsOfADiscipline() {
        for (String discipline : List.of("Athletics", "Swimming", "Judo", "Breaking", "Curling")) {
            List<String> expected = medals.stream().filter(m -> m.discipline().equals(discipline)).map(Medal::event).distinct().sorted().toList();
            List<String> got = new ArrayList<>();
            for (int offset = 0; ; offset += 100) {
                JsonNode body = ok(DATASETS + MEDALS + "/records?where=" + enc("discipline = \"" + discipline + "\"")
                        + "&group_by=event&order_by=event%20ASC&limit=100&offset=" + offset);
                if (body.path("results").isEmpty()) {
                    break;
                }
                body.path("results").forEach(r -> got.add(r.path("event").asText()));
            }
            assertThat(got).as(discipline).isEqualTo(expected);
        }
    }

    /** 13. get_sites: select of two fields with a space, where on category_id, order_by nom_site ASC, paging. */
    @Test
    void q13_olympicSites() {
        List<Site> expected = sites.stream().filter(s -> s.category().equals("venue-olympic")).sorted(Comparator.comparing(Site::nom)).toList();
        assertThat(expected).hasSizeGreaterThan(20);
        List<String> got = new ArrayList<>();
        for (int offset = 0; ; offset += 100) {
            JsonNode body = ok(DATASETS + SITES + "/records?select=" + enc("nom_site, sports") + "&where=" + enc("category_id = \"venue-olympic\"")
                    + "&order_by=" + enc("nom_site ASC") + "&limit=100&offset=" + offset);
            assertThat(body.path("total_count").asLong()).isEqualTo(expected.size());
            if (body.path("results").isEmpty()) {
                break;
            }
            body.path("results").forEach(r -> {
                List<String> keys = new ArrayList<>();
                r.fieldNames().forEachRemaining(keys::add);
                assertThat(keys).containsExactly("nom_site", "sports");
                got.add(r.path("nom_site").asText() + "|" + r.path("sports").asText());
            });
        }
        assertThat(got).isEqualTo(expected.stream().map(s -> s.nom() + "|" + s.sports()).toList());
    }

    /** 14. get_pays: select of two fields, paged by offset until an empty page: 200 with results []. */
    @Test
    void q14_countriesPagedUntilEmpty() {
        Map<String, Long> expected = new TreeMap<>();
        medals.forEach(m -> expected.merge(m.country() + "|" + m.medalType(), 1L, Long::sum));
        Map<String, Long> got = new TreeMap<>();
        int pages = 0;
        for (int offset = 0; ; offset += 100) {
            HttpResponse<String> r = get(DATASETS + MEDALS + "/records?select=" + enc("country, medal_type") + "&limit=100&offset=" + offset);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode body = json(r);
            assertThat(body.path("total_count").asLong()).isEqualTo(medals.size());
            if (body.path("results").isEmpty()) {
                assertThat(offset).isGreaterThanOrEqualTo(medals.size());
                break;
            }
            pages++;
            body.path("results").forEach(x -> got.merge(x.path("country").asText() + "|" + x.path("medal_type").asText(), 1L, Long::sum));
        }
        assertThat(pages).isEqualTo((medals.size() + 99) / 100);
        assertThat(got).isEqualTo(expected);
        // far past the end but within the window: still 200 and []
        JsonNode far = ok(DATASETS + MEDALS + "/records?select=country&limit=100&offset=9900");
        assertThat(far.path("results")).isEmpty();
        assertThat(far.path("total_count").asLong()).isEqualTo(medals.size());
        // past the window: 400
        assertThat(get(DATASETS + MEDALS + "/records?select=country&limit=100&offset=9901").statusCode()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ 16: bmatge/dsfr-data generic adapter

    /** 16. Aggregates aliased field__fn with group keys, where, group_by a,b, order_by a DESC, b ASC, offset paging. */
    @Test
    void q16_groupedAggregatesOfTheAdapter() {
        record Key(String academie, String secteur) {
        }
        Map<Key, double[]> stats = new HashMap<>();
        for (Map<String, String> r : ips) {
            if (!Set.of("RENNES", "NANTES", "ORLEANS-TOURS").contains(r.get("Académie"))) {
                continue;
            }
            double[] s = stats.computeIfAbsent(new Key(r.get("Académie"), r.get("Secteur")), k -> new double[4]);
            double v = Double.parseDouble(r.get("IPS"));
            s[0] += v;
            s[1]++;
            s[2] = s[1] == 1 ? v : Math.max(s[2], v);
        }
        List<Key> order = stats.keySet().stream().sorted(Comparator.comparing(Key::academie).reversed().thenComparing(Key::secteur)).toList();
        assertThat(order).hasSize(6);
        String url = DATASETS + IPS + "/records?select=" + enc("avg(ips) as ips__avg, count(ips) as ips__count, max(ips) as ips__max, academie, secteur")
                + "&where=" + enc("academie IN (\"RENNES\", \"NANTES\", \"ORLEANS-TOURS\")") + "&group_by=" + enc("academie,secteur")
                + "&order_by=" + enc("academie DESC, secteur ASC") + "&limit=100&offset=0";
        JsonNode body = ok(url);
        JsonNode results = body.path("results");
        assertThat(results).hasSize(order.size());
        for (int i = 0; i < order.size(); i++) {
            JsonNode r = results.get(i);
            Key k = order.get(i);
            double[] s = stats.get(k);
            List<String> keys = new ArrayList<>();
            r.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("ips__avg", "ips__count", "ips__max", "academie", "secteur");
            assertThat(r.path("academie").asText()).isEqualTo(k.academie());
            assertThat(r.path("secteur").asText()).isEqualTo(k.secteur());
            assertThat(r.path("ips__count").asLong()).isEqualTo((long) s[1]);
            assertThat(r.path("ips__avg").asDouble()).isCloseTo(s[0] / s[1], within(1e-9));
            assertThat(r.path("ips__max").asDouble()).isEqualTo(s[2]);
        }
        assertThat(ok(url.replace("offset=0", "offset=100")).path("results")).isEmpty();
        assertThat(ok(url.replace("limit=100", "limit=4").replace("offset=0", "offset=4")).path("results")).hasSize(2);
    }

    /** 16. Facets of the adapter: facet=f1&facet=f2&where=..., and the IN form it builds for multi-select facets. */
    @Test
    void q16_facetsOfTheAdapter() {
        Map<String, Long> secteurs = new HashMap<>();
        Map<String, Long> departements = new HashMap<>();
        ips.stream().filter(r -> r.get("Académie").equals("RENNES")).forEach(r -> {
            secteurs.merge(r.get("Secteur"), 1L, Long::sum);
            departements.merge(r.get("Département"), 1L, Long::sum);
        });
        JsonNode body = ok(DATASETS + IPS + "/facets?facet=secteur&facet=departement&where=" + enc("academie = \"RENNES\""));
        JsonNode facets = body.path("facets");
        assertThat(facets).hasSize(2);
        assertThat(facets.get(0).path("name").asText()).isEqualTo("secteur");
        assertThat(facets.get(1).path("name").asText()).isEqualTo("departement");
        assertThat(counts(facets.get(0))).isEqualTo(secteurs);
        assertThat(counts(facets.get(1))).isEqualTo(departements);
        // ordered by count, descending
        List<Long> c = new ArrayList<>();
        facets.get(1).path("facets").forEach(v -> c.add(v.path("count").asLong()));
        assertThat(c).isSortedAccordingTo(Comparator.reverseOrder());
        facets.get(1).path("facets").forEach(v -> {
            assertThat(v.path("name").asText()).isEqualTo(v.path("value").asText());
            assertThat(v.path("state").asText()).isEqualTo("displayed");
        });
        // f IN ("v1", "v2") on a facet with more than 100 values: the 100 largest
        Map<String, Long> communes = new HashMap<>();
        ips.stream().filter(r -> Set.of("ILLE-ET-VILAINE", "FINISTERE").contains(r.get("Département")))
                .forEach(r -> communes.merge(r.get("Nom de la commune"), 1L, Long::sum));
        assertThat(communes.size()).isGreaterThan(100);
        JsonNode communeFacet = ok(DATASETS + IPS + "/facets?facet=nom_de_la_commune&where="
                + enc("departement IN (\"ILLE-ET-VILAINE\", \"FINISTERE\")")).path("facets").get(0);
        assertThat(communeFacet.path("facets")).hasSize(100);
        long hundredth = communes.values().stream().sorted(Comparator.reverseOrder()).skip(99).findFirst().orElseThrow();
        communeFacet.path("facets").forEach(v -> {
            assertThat(v.path("count").asLong()).isEqualTo(communes.get(v.path("value").asText())).isGreaterThanOrEqualTo(hundredth);
        });
        assertThat(communeFacet.path("facets").get(0).path("value").asText()).isEqualTo("RENNES");
    }

    /** 16. The adapter escapes strings with \\ and \": values holding double quotes (real ones, national géolocalisation). */
    @Test
    void q16_escapedStrings() {
        List<String> quoted = geoloc.stream().map(r -> r.get("appellation_officielle")).filter(s -> s.contains("\"")).distinct().toList();
        assertThat(quoted).isNotEmpty();
        for (String name : quoted) {
            long expected = geoloc.stream().filter(r -> r.get("appellation_officielle").equals(name)).count();
            String literal = "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            JsonNode body = ok(DATASETS + GEOLOC + "/records?where=" + enc("appellation_officielle = " + literal));
            assertThat(body.path("total_count").asLong()).as(name).isEqualTo(expected);
            assertThat(body.path("results").get(0).path("appellation_officielle").asText()).isEqualTo(name);
        }
        String in = quoted.stream().map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").collect(Collectors.joining(", "));
        long expected = geoloc.stream().filter(r -> quoted.contains(r.get("appellation_officielle"))).count();
        assertThat(ok(DATASETS + GEOLOC + "/records?limit=0&where=" + enc("appellation_officielle IN (" + in + ", \"a\\\\b\")"))
                .path("total_count").asLong()).isEqualTo(expected);
        // the facet shows the value unescaped
        Map<String, Long> counts = counts(ok(DATASETS + GEOLOC + "/facets?facet=appellation_officielle&where="
                + enc("appellation_officielle IN (" + in + ")")).path("facets").get(0));
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(quoted);
    }

    // ------------------------------------------------------------------ issue 17: what a real client still hit

    /** Issue 17 §1: group keys come back next to the aggregates even when select does not name them, in exports too. */
    @Test
    void i17_01_groupKeysAnsweredWithoutBeingSelected() {
        Map<String, Long> byAcademie = new TreeMap<>();
        ips.forEach(r -> byAcademie.merge(r.get("Académie"), 1L, Long::sum));
        JsonNode results = ok(DATASETS + IPS + "/records?select=" + enc("count(*) as n") + "&group_by=academie&limit=100").path("results");
        Map<String, Long> answered = new TreeMap<>();
        results.forEach(r -> {
            List<String> keys = new ArrayList<>();
            r.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("n", "academie");
            answered.put(r.path("academie").asText(), r.path("n").asLong());
        });
        assertThat(answered).isEqualTo(byAcademie);

        Map<Integer, Long> byYear = new TreeMap<>();
        calendar.forEach(h -> byYear.merge(h.startInstant().atZone(ZoneOffset.UTC).getYear(), 1L, Long::sum));
        Map<Integer, Long> years = new TreeMap<>();
        ok(DATASETS + CALENDRIER + "/records?select=" + enc("count(*) as n") + "&group_by=" + enc("year(start_date)") + "&limit=100")
                .path("results").forEach(r -> years.put(r.path("year(start_date)").asInt(), r.path("n").asLong()));
        assertThat(years).isEqualTo(byYear);

        long below = ips.stream().filter(r -> Double.parseDouble(r.get("IPS")) < 100).count();
        List<Long> ranges = new ArrayList<>();
        ok(DATASETS + IPS + "/records?select=" + enc("count(*) as n") + "&group_by=" + enc("range(ips, *, 100, *) as tranche"))
                .path("results").forEach(r -> {
                    assertThat(r.has("tranche")).as(r.toString()).isTrue();
                    ranges.add(r.path("n").asLong());
                });
        assertThat(ranges).containsExactly(below, ips.size() - below);

        long located = annuaire.stream().filter(r -> !r.get("position").isBlank()).count();
        long clustered = 0;
        for (JsonNode r : ok(DATASETS + ANNUAIRE + "/records?select=" + enc("count(*) as n") + "&group_by=" + enc("geo_cluster(position, 6)")
                + "&limit=1000").path("results")) {
            if (r.path("geo_cluster(position, 6)").isObject()) {
                clustered += r.path("n").asLong();
            }
        }
        assertThat(clustered).isEqualTo(located);

        HttpResponse<String> csv = get(DATASETS + IPS + "/exports/csv?select=" + enc("count(*) as n") + "&group_by=academie&with_bom=false");
        assertThat(csv.statusCode()).isEqualTo(200);
        String[] lines = csv.body().split("\r?\n");
        assertThat(lines[0]).isEqualTo("n;academie");
        assertThat(lines).hasSize(byAcademie.size() + 1);
    }

    /**
     * Issue 17 §2: every declared dataset's labels are the portal's. A file exported by the portal with labels, ingested
     * and exported again with use_labels=true, gets its own header line back. The references are the label files of
     * ../shared/data and, where there is none, the label headers quoted in specs/ministry-data-formats.md.
     */
    @Test
    void i17_02_declaredLabelsAreThePortals() throws IOException {
        Path labels = Files.createDirectories(dir.resolve("labels"));
        // ministry-data-formats §1.4: the columns the annuaire renamed after the 2023 extract, with the label of today
        Map<String, String> annuaireToday = Map.of("Code postal", "Code_postal", "coordonnee_X", "coordX_origine",
                "coordonnee_Y", "coordY_origine", "epsg", "epsg_origine", "etablissement_multi_lignes", "multi_uai");
        Map<String, Path> files = new LinkedHashMap<>();
        // the real files, or stand-ins with the published headers (GeneratedFiles) when ../shared/data is absent
        files.put(ANNUAIRE, TestData.fileOrGenerated(TestData.ANNUAIRE, dir));
        files.put(GEOLOC, TestData.fileOrGenerated(TestData.GEOLOC, dir));
        files.put("fr-en-carte-scolaire-colleges-publics", TestData.fileOrGenerated(TestData.CARTE_SCOLAIRE, dir));
        files.put("fr-en-college-effectifs-niveau-sexe-lv", TestData.fileOrGenerated(TestData.COLLEGE_EFFECTIFS, dir));
        files.put("fr-en-ecoles-effectifs-nb_classes", TestData.fileOrGenerated(TestData.ECOLES_EFFECTIFS, dir));
        files.put("fr-en-effectifs-second-degre", TestData.fileOrGenerated(TestData.EFFECTIFS_SECOND_DEGRE, dir));
        files.put("fr-en-indicateurs-valeur-ajoutee-colleges", TestData.fileOrGenerated(TestData.VALEUR_AJOUTEE, dir));
        files.put(IPS, TestData.fileOrGenerated(TestData.IPS_ECOLES, dir));
        // ministry-data-formats §"fr-en-ips_colleges" and §"fr-en-ips_lycees": label headers of real files not in ../shared/data
        Path colleges = labels.resolve("ips-colleges.csv");
        Files.writeString(colleges, "Rentrée scolaire;Académie;Code du département;Département;UAI;Nom de l'établissment;"
                + "Code INSEE de la commune;Nom de la commune;Secteur;IPS;Ecart-type de l'IPS\n"
                + "2021-2022;RENNES;035;ILLE-ET-VILAINE;0350002M;COLLEGE PIERRE BROSSOLETTE;35047;BRUZ;public;112.3;30.1\n");
        files.put("fr-en-ips_colleges", colleges);
        Path lycees = labels.resolve("ips-lycees.csv");
        Files.writeString(lycees, "Rentrée scolaire;Académie;Code du département;Département;UAI;Nom de l'établissment;"
                + "Code INSEE de la commune;Nom de la commune;Secteur;Type de lycée;IPS voie GT;IPS voie PRO;IPS Ensemble GT-PRO;"
                + "Ecart-type de l'IPS voie GT;Ecart-type de l'IPS voie PRO\n"
                + "2021-2022;RENNES;035;ILLE-ET-VILAINE;0350029S;LYCEE JEAN MACE;35238;RENNES;public;LEGT;118.2;;118.2;29.9;\n");
        files.put("fr-en-ips_lycees", lycees);

        try (SqliteStore labelStore = SqliteStore.open(labels.resolve("store"))) {
            Ingester ingester = new Ingester(labelStore, SchemaRegistry.load(), labels.resolve("downloads"));
            files.forEach((id, file) -> ingester.ingest(new IngestRequest(file.toString(), id, null, null, null), ProgressListener.NONE));
            try (GeoeducServer labelServer = GeoeducServer.start(labelStore, "127.0.0.1", 0, null,
                    new QuotaSettings(Long.MAX_VALUE / 2, Map.of()))) {
                for (Map.Entry<String, Path> e : files.entrySet()) {
                    List<String> expected = new ArrayList<>(List.of(firstLine(e.getValue()).split(";", -1)));
                    if (e.getKey().equals(ANNUAIRE)) {
                        expected.replaceAll(h -> annuaireToday.getOrDefault(h, h));
                    }
                    HttpResponse<String> export = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + labelServer.port()
                            + DATASETS + e.getKey() + "/exports/csv?use_labels=true&with_bom=false&limit=1")).GET().build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    assertThat(export.statusCode()).as(e.getKey()).isEqualTo(200);
                    assertThat(List.of(export.body().lines().findFirst().orElseThrow().split(";", -1))).as(e.getKey())
                            .containsExactlyElementsOf(expected);
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        assertThat(files).hasSize(SchemaRegistry.load().all().size() - 1); // every declared dataset but the DNB (no label header known)
    }

    private static String firstLine(Path file) throws IOException {
        String line = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /**
     * Issue 17 §4: records and exports carry exactly the published fields, in their order (69 columns for the 2023
     * annuaire); a derived field (commune_cog, departement_cog…) is there when named.
     */
    @Test
    void i17_04_derivedFieldsOnlyWhenNamed() throws IOException {
        List<String> header = List.of(firstLine(TestData.fileOrGenerated(TestData.ANNUAIRE, dir)).split(";", -1));
        assertThat(header).hasSize(69);
        List<String> derived = List.of("uai_valide", "departement_cog", "commune_cog", "annee_rentree");
        JsonNode record = ok(DATASETS + ANNUAIRE + "/records?limit=1").path("results").get(0);
        List<String> keys = new ArrayList<>();
        record.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).hasSize(header.size()).doesNotContainAnyElementsOf(derived);
        assertThat(keys.get(0)).isEqualTo("identifiant_de_l_etablissement");
        assertThat(keys.get(header.indexOf("position"))).isEqualTo("position");

        HttpResponse<String> csv = get(DATASETS + ANNUAIRE + "/exports/csv?with_bom=false");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(annuaire.size() + 1);
        assertThat(lines.get(0).split(";", -1)).containsExactlyElementsOf(keys);
        JsonNode first = ok(DATASETS + ANNUAIRE + "/exports/json?limit=1").get(0);
        assertThat(first.size()).isEqualTo(header.size());
        String id = ok(DATASETS + ANNUAIRE + "/records?select=_id&limit=1").path("results").get(0).path("_id").asText();
        assertThat(ok(DATASETS + ANNUAIRE + "/records/" + id).size()).isEqualTo(header.size());
        JsonNode selectedRecord = ok(DATASETS + ANNUAIRE + "/records/" + id + "?select=" + enc("identifiant_de_l_etablissement, departement_cog"));
        assertThat(selectedRecord.size()).as("a record's derived field when named").isEqualTo(2);
        assertThat(selectedRecord.path("departement_cog").asText()).isNotEmpty();

        Map<String, String> row = annuaire.get(0);
        JsonNode named = ok(DATASETS + ANNUAIRE + "/records?limit=1&select=" + enc("*, departement_cog, uai_valide") + "&where="
                + enc("identifiant_de_l_etablissement = \"" + row.get("Identifiant_de_l_etablissement") + "\"")).path("results").get(0);
        assertThat(named.size()).isEqualTo(header.size() + 2);
        assertThat(named.path("departement_cog").asText()).isEqualTo(row.get("Code_departement").replaceFirst("^0", ""));
        assertThat(named.path("uai_valide").asBoolean()).isTrue();
        List<String> ipsKeys = new ArrayList<>();
        ok(DATASETS + IPS + "/records?limit=1").path("results").get(0).fieldNames().forEachRemaining(ipsKeys::add);
        assertThat(ipsKeys).hasSize(10).doesNotContain("annee_rentree");
        assertThat(ok(DATASETS + IPS + "/records?limit=1&select=annee_rentree").path("results").get(0).path("annee_rentree").asInt())
                .isEqualTo(Integer.parseInt(ips.get(0).get("Rentrée scolaire").substring(0, 4)));
    }

    /**
     * Issue 17 §3 (first part): a dataset with no declared schema, ingested from a label export, keeps the labels as
     * they are and gets field names derived as the portal derives them (lower case, no accents, other characters → _).
     * The catalogue and use_labels exports serve the version's labels (see §2).
     */
    @Test
    void i17_03_inferredDatasetKeepsItsLabelHeaders() throws IOException {
        Path file = TestData.fileOrGenerated(TestData.ECOLES_EFFECTIFS, dir);
        List<String> header = List.of(firstLine(file).split(";", -1));
        String id = "effectifs-ecoles-libelles";
        List<String> labels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> catalogueLabels = new ArrayList<>();
        String exportHeader;
        try (SqliteStore inferred = SqliteStore.open(dir.resolve("inferred-store"))) {
            new Ingester(inferred, SchemaRegistry.load(), dir.resolve("downloads"))
                    .ingest(new IngestRequest(file.toString(), id, null, null, null), ProgressListener.NONE);
            inferred.latest(id).orElseThrow().schema().fields().forEach(f -> {
                labels.add(f.label());
                names.add(f.name());
            });
            // as served: the catalogue's field labels and a use_labels export give the file's headers back
            try (GeoeducServer inferredServer = GeoeducServer.start(inferred, "127.0.0.1", 0, null,
                    new QuotaSettings(Long.MAX_VALUE / 2, Map.of()))) {
                String base = "http://127.0.0.1:" + inferredServer.port() + DATASETS + id;
                json(send(base)).path("fields").forEach(f -> catalogueLabels.add(f.path("label").asText()));
                exportHeader = send(base + "/exports/csv?use_labels=true&with_bom=false&limit=1").body().lines().findFirst().orElseThrow();
            }
        }
        List<String> portalNames = header.stream().map(h -> Normalizer.normalize(h, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "")).toList();
        assertThat(labels.subList(0, header.size())).containsExactlyElementsOf(header);
        for (int i = 0; i < header.size(); i++) {
            if (portalNames.indexOf(portalNames.get(i)) == i) {
                assertThat(names.get(i)).as(header.get(i)).isEqualTo(portalNames.get(i));
            } else { // "REP" and "REP +" spell the same name: the second one gets a name of its own
                assertThat(names.get(i)).as(header.get(i)).startsWith(portalNames.get(i)).isNotEqualTo(portalNames.get(i));
            }
        }
        assertThat(names).contains("numero_de_l_ecole", "nombre_d_eleves_en_cp_hors_ulis");
        assertThat(catalogueLabels.subList(0, header.size())).containsExactlyElementsOf(header);
        assertThat(List.of(exportHeader.split(";", -1))).containsExactlyElementsOf(header);
    }

    /** Issue 17 §5: fr-en-ips_ecoles serves the portal's (misspelt) nom_de_l_etablissment. */
    @Test
    void i17_05_portalFieldNamesTyposIncluded() {
        Map<String, String> first = ips.get(0);
        JsonNode r = ok(DATASETS + IPS + "/records?select=nom_de_l_etablissment&where=" + enc("uai = \"" + first.get("UAI") + "\""))
                .path("results").get(0);
        assertThat(r.path("nom_de_l_etablissment").asText()).isEqualTo(first.get("Nom de l'établissment"));
        List<String> names = new ArrayList<>();
        json(get(DATASETS + IPS)).path("fields").forEach(f -> names.add(f.path("name").asText()));
        assertThat(names).contains("nom_de_l_etablissment").doesNotContain("nom_de_l_etablissement");
    }

    /** Issue 17 §6: facet(sort=…) orders the values: count, -count, alphanum, -alphanum, num, -num. */
    @Test
    void i17_06_facetSort() {
        Map<String, Long> academies = new HashMap<>();
        ips.forEach(r -> academies.merge(r.get("Académie"), 1L, Long::sum));
        java.text.Collator french = java.text.Collator.getInstance(Locale.FRENCH);
        List<String> az = academies.keySet().stream().sorted(french).toList();
        List<String> za = new ArrayList<>(az);
        java.util.Collections.reverse(za);
        List<String> fewest = academies.keySet().stream().sorted(Comparator.comparing((String a) -> academies.get(a)).thenComparing(french))
                .toList();
        List<String> most = academies.keySet().stream()
                .sorted(Comparator.comparing((String a) -> academies.get(a)).reversed().thenComparing(french)).toList();
        assertThat(facetValues(IPS, "academie", "alphanum", "")).isEqualTo(az);
        assertThat(facetValues(IPS, "academie", "-alphanum", "")).isEqualTo(za);
        assertThat(facetValues(IPS, "academie", "count", "")).isEqualTo(fewest);
        assertThat(facetValues(IPS, "academie", "-count", "")).isEqualTo(most);

        List<String> codes = ips.stream().filter(r -> r.get("Académie").equals("RENNES")).map(r -> r.get("Code du département"))
                .distinct().sorted(Comparator.comparing(Integer::parseInt)).toList();
        assertThat(codes).hasSizeGreaterThan(2);
        String where = "&where=" + enc("academie = \"RENNES\"");
        assertThat(facetValues(IPS, "code_du_departement", "num", where)).isEqualTo(codes);
        assertThat(facetValues(IPS, "code_du_departement", "-num", where)).isEqualTo(codes.reversed());
        assertThat(get(DATASETS + IPS + "/facets?facet=" + enc("facet(name=\"academie\", sort=\"size\")")).statusCode()).isEqualTo(400);
    }

    private static List<String> facetValues(String dataset, String field, String sort, String where) {
        List<String> values = new ArrayList<>();
        ok(DATASETS + dataset + "/facets?facet=" + enc("facet(name=\"" + field + "\", sort=\"" + sort + "\")") + where)
                .path("facets").get(0).path("facets").forEach(v -> values.add(v.path("value").asText()));
        return values;
    }

    /** Issue 17 §7: the export listings and the entry points answer _links, like the rest of the API. */
    @Test
    void i17_07_exportListingsUseUnderscoreLinks() {
        for (String path : List.of("/api/explore/v2.1/catalog/exports", DATASETS + IPS + "/exports", "/api/explore/v2.1/",
                "/api/explore/v2.1/catalog")) {
            JsonNode body = ok(path);
            assertThat(body.has("links")).as(path).isFalse();
            assertThat(body.path("_links").isArray()).as(path + " " + body).isTrue();
            assertThat(body.path("_links").get(0).path("rel").asText()).isEqualTo("self");
        }
        List<String> formats = new ArrayList<>();
        ok(DATASETS + IPS + "/exports").path("_links").forEach(l -> formats.add(l.path("rel").asText()));
        assertThat(formats).contains("csv", "json", "geojson");
    }

    /** Issue 17 §8: a where holding every UAI of the annuaire (about 20 kB of URL) works; past 64 kB, a JSON error. */
    @Test
    void i17_08_longUrlsAndTheirLimit() {
        String in = annuaire.stream().map(r -> "\"" + r.get("Identifiant_de_l_etablissement") + "\"").collect(Collectors.joining(", "));
        String url = DATASETS + ANNUAIRE + "/records?limit=0&where=" + enc("identifiant_de_l_etablissement in (" + in + ")");
        assertThat(url.length()).isGreaterThan(16_000);
        assertThat(ok(url).path("total_count").asLong()).isEqualTo(annuaire.size());

        String tooLong = DATASETS + ANNUAIRE + "/records?where=" + enc("identifiant_de_l_etablissement in (" + (in + ", ").repeat(4) + "\"x\")");
        assertThat(tooLong.length()).isGreaterThan(64 * 1024);
        HttpResponse<String> refused = get(tooLong);
        assertThat(refused.statusCode()).isEqualTo(414);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = json(refused);
        assertThat(error.path("error_code").asText()).isNotBlank();
        assertThat(error.path("message").asText()).contains("65536");

        try {
            HttpResponse<String> header = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + DATASETS + IPS + "/records"))
                    .header("X-Long", "a".repeat(70_000)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(header.statusCode()).isEqualTo(431);
            assertThat(json(header).path("error_code").asText()).isNotBlank();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Issue 17 §9: catalogue where with the default. prefix of the basic metadata, and the technical field has_records. */
    @Test
    void i17_09_catalogueDefaultPrefixAndHasRecords() {
        int datasets = 6; // the files loaded in start(), each with rows, published during this run
        assertThat(ok("/api/explore/v2.1/catalog/datasets?where=" + enc("default.modified >= date'2020'")).path("total_count").asLong())
                .isEqualTo(datasets);
        assertThat(ok("/api/explore/v2.1/catalog/datasets?where=" + enc("default.modified < date'2020'")).path("total_count").asLong())
                .isZero();
        assertThat(ok("/api/explore/v2.1/catalog/datasets?where=has_records").path("total_count").asLong()).isEqualTo(datasets);
        assertThat(ok("/api/explore/v2.1/catalog/datasets?where=" + enc("not has_records")).path("total_count").asLong()).isZero();
        JsonNode titled = ok("/api/explore/v2.1/catalog/datasets?where=" + enc("default.title = 'default.x' or dataset_id = \"" + IPS + "\""));
        assertThat(titled.path("total_count").asLong()).isEqualTo(1);
    }

    /** Issue 17 §10: order_by puts aggregations first (the reference's error otherwise); a paged export stays in the window. */
    @Test
    void i17_10_referenceLimitsOnOrderAndExportPaging() {
        String grouped = DATASETS + IPS + "/records?select=" + enc("nom_de_la_commune, count(*) as n") + "&group_by=nom_de_la_commune&order_by=";
        HttpResponse<String> wrongOrder = get(grouped + enc("nom_de_la_commune, count(*) DESC"));
        assertThat(wrongOrder.statusCode()).isEqualTo(400);
        assertThat(json(wrongOrder).path("error_code").asText()).startsWith("ODSQL");
        Map<String, Long> communes = new HashMap<>();
        ips.forEach(r -> communes.merge(r.get("Nom de la commune"), 1L, Long::sum));
        String largest = communes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey())).findFirst().orElseThrow().getKey();
        JsonNode first = ok(grouped + enc("count(*) DESC, nom_de_la_commune") + "&limit=1").path("results").get(0);
        assertThat(first.path("nom_de_la_commune").asText()).isEqualTo(largest);
        assertThat(get(grouped + enc("n DESC, nom_de_la_commune")).statusCode()).isEqualTo(200);
        assertThat(get(grouped + enc("nom_de_la_commune, n DESC")).statusCode()).isEqualTo(400);

        HttpResponse<String> paged = get(DATASETS + IPS + "/exports/json?offset=9995&limit=10");
        assertThat(paged.statusCode()).isEqualTo(400);
        assertThat(json(paged).path("error_code").asText()).isEqualTo("InvalidRESTParameterError");
        assertThat(ok(DATASETS + IPS + "/exports/json?offset=9990&limit=10")).hasSize(10);
        assertThat(ok(DATASETS + IPS + "/exports/json?limit=12000")).hasSize(12_000);
        assertThat(ok(DATASETS + IPS + "/exports/json")).hasSize(ips.size());
    }

    // ------------------------------------------------------------------ helpers

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static HttpResponse<String> send(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(String path) {
        return send("http://127.0.0.1:" + port + path);
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

    /** A GET sent as raw bytes (HTTP/1.0), for request targets java.net.URI refuses: quotes and accents unencoded. */
    static String[] raw(String target) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            String response = bytes.toString(StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String status = response.substring(0, response.indexOf("\r\n")).split(" ")[1];
            return new String[]{status, response.substring(end + 4)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode JSON_parse(String[] raw, int status) {
        assertThat(Integer.parseInt(raw[0])).as(raw[1]).isEqualTo(status);
        try {
            return JSON.readTree(raw[1]);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + raw[1], e);
        }
    }

    static Set<String> uais(JsonNode body) {
        Set<String> out = new TreeSet<>();
        body.path("results").forEach(r -> out.add(r.path("identifiant_de_l_etablissement").asText()));
        return out;
    }

    static Map<String, Long> counts(JsonNode facet) {
        Map<String, Long> out = new HashMap<>();
        facet.path("facets").forEach(v -> out.put(v.path("value").asText(), v.path("count").asLong()));
        return out;
    }

    static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
    }

    /** A ';' CSV file with a header (UTF-8, optional BOM, RFC 4180 quotes), as maps header → value. */
    static List<Map<String, String>> readCsv(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> records = new ArrayList<>();
        List<String> current = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ';') {
                current.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                current.add(cell.toString());
                cell.setLength(0);
                records.add(current);
                current = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        if (!cell.isEmpty() || !current.isEmpty()) {
            current.add(cell.toString());
            records.add(current);
        }
        List<String> header = records.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> rec : records.subList(1, records.size())) {
            if (rec.size() == 1 && rec.get(0).isEmpty()) {
                continue;
            }
            assertThat(rec).as("row of " + file).hasSize(header.size());
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), rec.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    static void writeCsv(Path file, List<String> header, List<List<String>> rows) throws IOException {
        StringBuilder sb = new StringBuilder(String.join(";", header)).append("\r\n");
        for (List<String> row : rows) {
            sb.append(row.stream().map(v -> v.contains(";") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v)
                    .collect(Collectors.joining(";"))).append("\r\n");
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ fixtures with the real field names

    /** Holidays as fr-en-calendrier-scolaire publishes them: start and end at midnight Paris time, written in UTC. */
    static List<Holiday> calendarRows() {
        String[][] places = {{"Lyon", "Zone A"}, {"Besançon", "Zone A"}, {"Orléans-Tours", "Zone B"}, {"Rennes", "Zone B"},
                {"Paris", "Zone C"}, {"Créteil", "Zone C"}};
        List<Holiday> out = new ArrayList<>();
        for (int y = 2023; y <= 2025; y++) {
            String annee = y + "-" + (y + 1);
            for (String[] place : places) {
                String loc = place[0];
                String zone = place[1];
                int z = zone.charAt(5) - 'A';
                add(out, "Rentrée scolaire des enseignants", "Enseignants", LocalDate.of(y, 8, 29), LocalDate.of(y, 8, 29), loc, zone, annee);
                add(out, "Rentrée scolaire des élèves", "Élèves", LocalDate.of(y, 9, 1).plusDays(y % 2), LocalDate.of(y, 9, 1).plusDays(y % 2), loc, zone, annee);
                add(out, "Vacances de la Toussaint", "-", LocalDate.of(y, 10, 19).plusDays(y - 2023), LocalDate.of(y, 11, 4), loc, zone, annee);
                add(out, "Vacances de Noël", "-", LocalDate.of(y, 12, 21), LocalDate.of(y + 1, 1, 6), loc, zone, annee);
                LocalDate hiver = LocalDate.of(y + 1, 2, 7).plusWeeks(z);
                add(out, "Vacances d'Hiver", "-", hiver, hiver.plusDays(16), loc, zone, annee);
                LocalDate printemps = LocalDate.of(y + 1, 4, 4).plusWeeks(z);
                add(out, "Vacances de Printemps", "-", printemps, printemps.plusDays(16), loc, zone, annee);
                add(out, "Pont de l'Ascension", "-", LocalDate.of(y + 1, 5, 8), LocalDate.of(y + 1, 5, 12), loc, zone, annee);
                add(out, "Vacances d'Été", "Élèves", LocalDate.of(y + 1, 7, 4), LocalDate.of(y + 1, 9, 1), loc, zone, annee);
                add(out, "Vacances d'Été", "Enseignants", LocalDate.of(y + 1, 7, 5), LocalDate.of(y + 1, 8, 31), loc, zone, annee);
            }
        }
        return out;
    }

    private static void add(List<Holiday> out, String description, String population, LocalDate start, LocalDate end, String location,
                            String zones, String annee) {
        ZoneId paris = ZoneId.of("Europe/Paris");
        out.add(new Holiday(description, population, ISO.format(start.atStartOfDay(paris).withZoneSameInstant(ZoneOffset.UTC)),
                ISO.format(end.atStartOfDay(paris).withZoneSameInstant(ZoneOffset.UTC)), location, zones, annee));
    }

    static List<Medal> medalRows() {
        String[] disciplines = {"3x3 Basketball", "Archery", "Artistic Gymnastics", "Artistic Swimming", "Athletics", "Badminton", "Basketball",
                "Beach Volleyball", "Boxing", "Breaking", "Canoe Slalom", "Canoe Sprint", "Cycling BMX Freestyle", "Cycling BMX Racing",
                "Cycling Mountain Bike", "Cycling Road", "Cycling Track", "Diving", "Equestrian", "Fencing", "Football", "Golf", "Handball",
                "Hockey", "Judo", "Marathon Swimming", "Modern Pentathlon", "Rhythmic Gymnastics", "Rowing", "Rugby Sevens", "Sailing",
                "Shooting", "Skateboarding", "Sport Climbing", "Surfing", "Swimming", "Table Tennis", "Taekwondo", "Tennis",
                "Trampoline Gymnastics", "Triathlon", "Volleyball", "Water Polo", "Weightlifting", "Wrestling"};
        String[][] countries = {{"USA", "United States"}, {"CHN", "China"}, {"JPN", "Japan"}, {"AUS", "Australia"}, {"FRA", "France"},
                {"NED", "Netherlands"}, {"GBR", "Great Britain"}, {"KOR", "Korea"}, {"ITA", "Italy"}, {"GER", "Germany"}, {"NZL", "New Zealand"},
                {"CAN", "Canada"}, {"UZB", "Uzbekistan"}, {"HUN", "Hungary"}, {"ESP", "Spain"}, {"SWE", "Sweden"}, {"KEN", "Kenya"},
                {"NOR", "Norway"}, {"IRL", "Ireland"}, {"BRA", "Brazil"}, {"CIV", "Côte d'Ivoire"}};
        String[] medalTypes = {"Gold Medal", "Silver Medal", "Bronze Medal"};
        String[] athletics = {"Men's 100m", "Women's 100m", "Men's 200m", "Women's 200m", "Men's Marathon", "Women's Marathon",
                "Men's High Jump", "Women's Pole Vault", "Mixed 4 x 400m Relay", "Men's 4 x 100m Relay", "Women's Heptathlon", "Men's Decathlon"};
        String[] swimming = {"Men's 100m Freestyle", "Women's 100m Freestyle", "Men's 200m Butterfly", "Women's 400m Individual Medley",
                "Men's 4 x 100m Freestyle Relay", "Mixed 4 x 100m Medley Relay", "Women's 1500m Freestyle"};
        List<Medal> out = new ArrayList<>();
        int k = 0;
        for (int d = 0; d < disciplines.length; d++) {
            String discipline = disciplines[d];
            List<String> events = new ArrayList<>();
            if (discipline.equals("Athletics")) {
                events.addAll(List.of(athletics));
            } else if (discipline.equals("Swimming")) {
                events.addAll(List.of(swimming));
            } else {
                events.add("Men's " + discipline);
                events.add("Women's " + discipline);
                if (d % 3 == 0) {
                    events.add("Mixed Team");
                }
            }
            boolean twoBronzes = Set.of("Boxing", "Judo", "Taekwondo", "Wrestling").contains(discipline);
            for (int e = 0; e < events.size(); e++) {
                String event = events.get(e);
                String gender = event.startsWith("Women") ? "W" : event.startsWith("Men") ? "M" : "X";
                LocalDate date = LocalDate.of(2024, 7, 27).plusDays((d * 7L + e) % 16);
                for (int m = 0; m < (twoBronzes ? 4 : 3); m++) {
                    String[] c = countries[(k * 7 + m * 3) % countries.length];
                    k++;
                    out.add(new Medal(medalTypes[Math.min(m, 2)], Math.min(m, 2) + 1, date.toString(), "ATHLETE " + k, gender, discipline, event,
                            c[0], c[1]));
                }
            }
        }
        return out;
    }

    static List<Site> siteRows() {
        String[] olympic = {"Aréna Bercy", "Arena Champ-de-Mars", "Arena Paris Nord", "Arena Paris Sud 1", "Arena Paris Sud 4", "Arena Paris Sud 6",
                "Arena Porte de la Chapelle", "Centre Aquatique", "Centre National de Tir de Châteauroux", "Château de Versailles", "Colline d'Élancourt",
                "Grand Palais", "Hôtel de Ville", "Invalides", "La Concorde 1", "La Concorde 2", "Le Golf National", "Marina de Marseille",
                "Paris La Défense Arena", "Parc des Princes", "Pont Alexandre III", "Stade Roland-Garros", "Stade Pierre Mauroy", "Stade de France",
                "Stade de Bordeaux", "Stade de Lyon", "Stade de Marseille", "Stade de Nice", "Stade de la Beaujoire", "Stade Geoffroy-Guichard",
                "Stade Tour Eiffel", "Stade Yves-du-Manoir", "Stade nautique de Vaires-sur-Marne", "Teahupo'o", "Trocadéro",
                "Vélodrome National de Saint-Quentin-en-Yvelines", "Stade BMX de Saint-Quentin-en-Yvelines", "Porte de Versailles"};
        String[] paralympic = {"Arena Paris Sud 1", "Arena Paris Nord", "Stade de France", "Stade Roland-Garros", "Arena Champ-de-Mars",
                "Arena Porte de la Chapelle", "Aréna Bercy", "Paris La Défense Arena", "Grand Palais", "Centre National de Tir de Châteauroux",
                "Stade Tour Eiffel", "Pont Alexandre III", "Vélodrome National de Saint-Quentin-en-Yvelines", "Stade nautique de Vaires-sur-Marne"};
        String[] sports = {"Basketball, Gymnastique artistique, Trampoline", "Judo, Lutte", "Volleyball", "Handball", "Tennis de table",
                "Athlétisme, Rugby à 7", "Natation artistique, Plongeon, Water-polo", "Tir", "Équitation, Pentathlon moderne", "Escrime, Taekwondo",
                "Football", "Cyclisme sur piste", "Aviron, Canoë-kayak", "Surf", "Breaking, Skateboard, BMX freestyle"};
        List<Site> out = new ArrayList<>();
        for (int i = 0; i < olympic.length; i++) {
            out.add(new Site(String.format("OLY%02d", i), olympic[i], "venue-olympic", sports[i % sports.length], 48.8 + i * 0.01, 2.2 + i * 0.01));
        }
        for (int i = 0; i < paralympic.length; i++) {
            out.add(new Site(String.format("PAR%02d", i), paralympic[i], "venue-paralympic", "Para " + sports[(i + 3) % sports.length],
                    48.8 + i * 0.01, 2.3 + i * 0.01));
        }
        out.add(new Site("VIL01", "Village des athlètes", "venue-olympic-village", "", 48.92, 2.33));
        return out;
    }
}
