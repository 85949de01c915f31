package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.Facets;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.odsql.OdsqlException;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Aggregates over a near-unique field (issue 22: on 12 million pupils, a facet on ine, count(distinct ine) and
 * group_by ine each filled the heap and answered an empty 500): a facet keeps only its first values while counting
 * per dictionary code, a distinct count of a text field counts codes, and a group_by beyond the groups a query may
 * hold is refused with a message.
 */
class NearUniqueAggregatesTest {

    private static final int ROWS = 20_000;

    @TempDir
    Path dir;

    @Test
    void facetsDistinctCountsAndTooManyGroups() throws Exception {
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("ine;uai;sexe\n");
        Map<String, Integer> perUai = new TreeMap<>();
        List<String> ines = new ArrayList<>();
        List<String> sexes = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            String ine = String.format("%010d%c", 1_000_000_000L + random.nextInt(2_000_000_000), (char) ('A' + random.nextInt(26)));
            String uai = String.format("035%04dX", random.nextInt(40));
            ines.add(ine);
            perUai.merge(uai, 1, Integer::sum);
            String sexe = random.nextBoolean() ? "F" : "M";
            sexes.add(sexe);
            csv.append(ine).append(';').append(uai).append(';').append(sexe).append('\n');
        }
        Path file = dir.resolve("eleves.csv");
        Files.writeString(file, csv);
        try (TestPlatform platform = new TestPlatform(dir.resolve("store"))) {
            platform.ingest(file, "eleves");
            QueryService queries = new QueryService(platform.store);

            List<Facets.Facet> facets = queries.facets(Caller.INTERNAL, "eleves", request(null, null, null),
                    List.of("facet(name=\"ine\", limit=5)", "uai")).orElseThrow();
            List<Facets.Facet> alphabetical = queries.facets(Caller.INTERNAL, "eleves", request(null, null, null),
                    List.of("facet(name=\"uai\", sort=\"alphanum\", limit=3)")).orElseThrow();
            long distinctInes = ines.stream().distinct().count();
            List<String> smallestInes = ines.stream().distinct().sorted().limit(5).toList();
            assertThat(facets.get(0).facets()).extracting(Facets.Value::value).as("every INE once: the five first by value")
                    .containsExactlyElementsOf(smallestInes);
            List<Map.Entry<String, Integer>> byCount = new ArrayList<>(perUai.entrySet());
            byCount.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            assertThat(facets.get(1).facets()).extracting(Facets.Value::value)
                    .containsExactlyElementsOf(byCount.stream().map(Map.Entry::getKey).toList());
            assertThat(facets.get(1).facets()).extracting(Facets.Value::count)
                    .containsExactlyElementsOf(byCount.stream().map(e -> (long) e.getValue()).toList());
            assertThat(alphabetical.get(0).facets()).extracting(Facets.Value::value)
                    .containsExactlyElementsOf(perUai.keySet().stream().sorted(Comparator.naturalOrder()).limit(3).toList());

            Map<String, Object> counts = queries.records(Caller.INTERNAL, "eleves",
                    request("count(distinct ine) as i, count(distinct uai) as u, count(*) as n", null, null)).orElseThrow().rows().get(0);
            assertThat(counts).containsEntry("i", distinctInes).containsEntry("u", (long) perUai.size()).containsEntry("n", (long) ROWS);
            Map<String, Object> grouped = queries.records(Caller.INTERNAL, "eleves",
                    request("sexe, count(distinct uai) as u, count(distinct ine) as i", "sexe = \"F\"", "sexe")).orElseThrow().rows().get(0);
            assertThat(grouped).containsEntry("u", (long) perUai.size())
                    .containsEntry("i", java.util.stream.IntStream.range(0, ROWS).filter(r -> sexes.get(r).equals("F"))
                            .mapToObj(ines::get).distinct().count());

            int before = QueryEngine.maxGroups;
            QueryEngine.maxGroups = 1_000;
            try {
                assertThat(queries.records(Caller.INTERNAL, "eleves", request("uai, count(*) as n", null, "uai")).orElseThrow().totalCount())
                        .isEqualTo(perUai.size());
                assertThatThrownBy(() -> queries.records(Caller.INTERNAL, "eleves", request("ine, count(*) as n", "sexe = \"F\"", "ine, sexe")))
                        .isInstanceOf(OdsqlException.class).hasMessageContaining("more than 1000 groups");
            } finally {
                QueryEngine.maxGroups = before;
            }
        }
    }

    private static QueryEngine.Request request(String select, String where, String groupBy) {
        return new QueryEngine.Request(select, where == null ? List.of() : List.of(where), groupBy, null, 10, 0, List.of(), List.of(),
                new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC));
    }

    @Test
    void distinctCodesCountEachCodeOnceInASetThenInABitSet() {
        for (int dictionary : new int[]{1_000, 1 << 22}) {
            DistinctCodes codes = new DistinctCodes();
            Random random = new Random(dictionary);
            java.util.Set<Integer> expected = new java.util.HashSet<>();
            for (int i = 0; i < 5_000; i++) {
                int c = random.nextInt(Math.min(dictionary, 3_000));
                codes.add(c, dictionary);
                expected.add(c);
            }
            assertThat(codes.size()).as("dictionary of %d", dictionary).isEqualTo(expected.size());
        }
    }
}
