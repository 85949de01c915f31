package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Key jointures on generated files (no shared data needed): établissements (left) × effectifs with several rows per
 * UAI (right). Every expected number comes from a plain scan of the generated CSV lines, not from the tool.
 */
class JoinKeyTest {

    @TempDir
    Path dir;
    TestPlatform platform;
    QueryService queries;
    List<String[]> left = new ArrayList<>();
    List<String[]> right = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        platform = new TestPlatform(dir);
        queries = new QueryService(platform.store);
        Random random = new Random(19);
        StringBuilder l = new StringBuilder("uai,nom,rentree\n");
        for (int i = 0; i < 300; i++) {
            String[] row = {uai(i), "Ecole " + i, "2023"};
            left.add(row);
            l.append(String.join(",", row)).append('\n');
        }
        StringBuilder r = new StringBuilder("numero_uai,annee,niveau,effectif,ips\n");
        for (int i = 150; i < 400; i++) { // 150..299 meet the left side; 300..399 exist only on the right
            int levels = 1 + random.nextInt(3);
            for (int k = 0; k < levels; k++) {
                String[] row = {uai(i), k == 2 ? "2022" : "2023", "N" + k, Integer.toString(5 + random.nextInt(60)),
                        String.format(java.util.Locale.ROOT, "%.1f", 70 + random.nextDouble() * 60)};
                right.add(row);
                r.append(String.join(",", row)).append('\n');
            }
        }
        Files.writeString(dir.resolve("etab.csv"), l);
        Files.writeString(dir.resolve("effectifs.csv"), r);
        platform.ingest(dir.resolve("etab.csv"), "etab");
        platform.ingest(dir.resolve("effectifs.csv"), "effectifs");
    }

    @AfterEach
    void tearDown() {
        platform.close();
    }

    static String uai(int i) {
        return String.format("035%04dZ", i);
    }

    JoinService.Outcome join(JoinKind kind, List<KeyPair> keys, List<FieldAggregation> aggregations, boolean fanOut, String as) {
        JoinSpec spec = new JoinSpec("etab", "effectifs", keys, kind, aggregations, fanOut, as, null, 0);
        return new JoinService(queries, platform.store).run(Caller.INTERNAL, spec, ProgressListener.NONE);
    }

    static final List<KeyPair> BY_UAI = List.of(KeyPair.parse("uai=numero_uai", false));
    static final List<FieldAggregation> AGGS = List.of(FieldAggregation.parse("effectif:sum"), FieldAggregation.parse("ips:mean"),
            FieldAggregation.parse("ips:wmean:effectif"), FieldAggregation.parse("niveau:first"), FieldAggregation.parse("niveau:count"));

    /** Right rows per UAI, from the generated lines. */
    Map<String, List<String[]>> rightByUai() {
        Map<String, List<String[]>> out = new HashMap<>();
        right.forEach(r -> out.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r));
        return out;
    }

    @Test
    void matchReportCountsEqualAPlainScanOfTheFiles() {
        Map<String, List<String[]>> byUai = rightByUai();
        Set<String> leftUais = new HashSet<>();
        left.forEach(r -> leftUais.add(r[0]));
        long matched = left.stream().filter(r -> byUai.containsKey(r[0])).count();
        long collapsed = left.stream().filter(r -> byUai.getOrDefault(r[0], List.of()).size() > 1).count();
        long unmatchedRight = right.stream().filter(r -> !leftUais.contains(r[0])).count();

        JoinService.Outcome o = join(JoinKind.LEFT, BY_UAI, AGGS, false, "etab-effectifs");

        assertThat(o.stats().matched()).isEqualTo(matched).isEqualTo(150);
        assertThat(o.stats().unmatchedLeft()).isEqualTo(left.size() - matched);
        assertThat(o.stats().unmatchedRight()).isEqualTo(unmatchedRight);
        assertThat(o.stats().collapsedLeft()).isEqualTo(collapsed).isPositive();
        assertThat(o.report().count(fr.geoeduc.core.quality.Severity.WARNING)).isEqualTo((left.size() - matched) + unmatchedRight);
        assertThat(o.report().results()).anySatisfy(r -> {
            assertThat(r.rule()).isEqualTo(JoinStats.UNMATCHED_LEFT);
            assertThat(r.examples()).isNotEmpty();
        });
        assertThat(o.version().rowCount()).isEqualTo(left.size());
        assertThat(o.restricted()).isFalse();
    }

    @Test
    void innerLeftAndFullKeepTheRowsTheirKindSays() {
        Map<String, List<String[]>> byUai = rightByUai();
        Set<String> leftUais = new HashSet<>();
        left.forEach(r -> leftUais.add(r[0]));
        long matched = left.stream().filter(r -> byUai.containsKey(r[0])).count();
        long rightOnlyKeys = byUai.keySet().stream().filter(k -> !leftUais.contains(k)).count();

        assertThat(join(JoinKind.INNER, BY_UAI, AGGS, false, "j-inner").version().rowCount()).isEqualTo(matched);
        assertThat(join(JoinKind.LEFT, BY_UAI, AGGS, false, "j-left").version().rowCount()).isEqualTo(left.size());
        DatasetVersion full = join(JoinKind.FULL, BY_UAI, AGGS, false, "j-full").version();
        assertThat(full.rowCount()).isEqualTo(left.size() + rightOnlyKeys);
        List<Map<String, Object>> rows = Rows.read(platform.store, full);
        assertThat(rows).filteredOn(r -> "droite_seule".equals(r.get("jointure_statut"))).hasSize((int) rightOnlyKeys)
                .allSatisfy(r -> assertThat((String) r.get("uai")).isNotNull().doesNotContain("Ecole"));
        assertThat(rows).filteredOn(r -> "gauche_seule".equals(r.get("jointure_statut")))
                .allSatisfy(r -> assertThat(r.get("niveau_count")).isEqualTo(0L));
        // fan-out: one row per pair, left rows without a match kept once
        long pairs = left.stream().mapToLong(r -> Math.max(1, byUai.getOrDefault(r[0], List.of()).size())).sum();
        assertThat(join(JoinKind.LEFT, BY_UAI, List.of(), true, "j-fan").version().rowCount()).isEqualTo(pairs);
    }

    @Test
    void aggregationsEqualAPlainLoop() {
        DatasetVersion v = join(JoinKind.INNER, BY_UAI, AGGS, false, "j-agg").version();
        Map<String, Map<String, Object>> got = new HashMap<>();
        Rows.read(platform.store, v).forEach(r -> got.put((String) r.get("uai"), r));
        rightByUai().forEach((uai, rows) -> {
            if (!got.containsKey(uai)) {
                assertThat(Integer.parseInt(uai.substring(3, 7))).isGreaterThanOrEqualTo(300);
                return;
            }
            long sum = 0;
            double ips = 0;
            double weighted = 0;
            for (String[] r : rows) {
                sum += Long.parseLong(r[3]);
                ips += Double.parseDouble(r[4]);
                weighted += Double.parseDouble(r[4]) * Long.parseLong(r[3]);
            }
            Map<String, Object> g = got.get(uai);
            assertThat(g.get("effectif_sum")).as(uai).isEqualTo(sum);
            assertThat((Double) g.get("ips_mean")).as(uai).isCloseTo(ips / rows.size(), within(1e-9));
            assertThat((Double) g.get("ips_wmean")).as(uai).isCloseTo(weighted / sum, within(1e-9));
            assertThat(g.get("niveau")).isEqualTo(rows.get(0)[2]);
            assertThat(g.get("niveau_count")).isEqualTo((long) rows.size());
        });
        assertThat(got).hasSize(150);
    }

    @Test
    void aggregationsAreLabelledInFrenchWithTheirSourceFields() {
        DatasetVersion v = join(JoinKind.INNER, BY_UAI, AGGS, false, "j-labels").version();
        Map<String, String> labels = new HashMap<>();
        v.schema().fields().forEach(f -> labels.put(f.name(), f.label()));
        assertThat(v.number()).isEqualTo(1);
        assertThat(labels).containsEntry("effectif_sum", "effectif (somme)")
                .containsEntry("ips_mean", "ips (moyenne)")
                .containsEntry("ips_wmean", "ips (moyenne pondérée par effectif)")
                .containsEntry("niveau", "niveau (première valeur)")
                .containsEntry("niveau_count", "niveau (nombre de lignes appariées)");
    }

    @Test
    void twoKeysMatchOnUaiAndRentree() {
        long expected = left.stream().filter(l -> right.stream().anyMatch(r -> r[0].equals(l[0]) && r[1].equals(l[2]))).count();
        JoinService.Outcome o = join(JoinKind.INNER, List.of(KeyPair.parse("uai=numero_uai", false), KeyPair.parse("rentree=annee", false)),
                List.of(FieldAggregation.parse("effectif:sum")), false, "j-two");
        assertThat(o.stats().matched()).isEqualTo(expected);
        long sum2023 = right.stream().filter(r -> r[1].equals("2023") && Integer.parseInt(r[0].substring(3, 7)) < 300)
                .mapToLong(r -> Long.parseLong(r[3])).sum();
        assertThat(Rows.read(platform.store, o.version()).stream().mapToLong(r -> (Long) r.get("effectif_sum")).sum()).isEqualTo(sum2023);
    }

    @Test
    void theDerivedDatasetIsServedThroughQueryServiceWithItsLineage() {
        join(JoinKind.LEFT, BY_UAI, AGGS, false, "etab-effectifs");
        JoinService.Outcome second = join(JoinKind.LEFT, BY_UAI, AGGS, false, "etab-effectifs");
        assertThat(second.version().number()).isEqualTo(2);
        QueryService fresh = new QueryService(platform.store);
        QueryService.Visible visible = fresh.dataset(Caller.INTERNAL, "etab-effectifs", null).orElseThrow();
        assertThat(visible.version().lineage().parents()).containsExactly("etab@1", "effectifs@1");
        assertThat(visible.version().lineage().tool()).isEqualTo("geoeduc join");
        var result = fresh.records(Caller.INTERNAL, "etab-effectifs", new fr.geoeduc.core.query.exec.QueryEngine.Request(
                "count(*) as n", List.of("jointure_statut = \"apparie\""), null, null, 10, 0, List.of(), List.of(),
                new fr.geoeduc.core.query.exec.QueryContext("where", java.util.Locale.FRENCH, java.time.ZoneOffset.UTC))).orElseThrow();
        assertThat(((Number) result.rows().get(0).get("n")).longValue()).isEqualTo(150);
        assertThat(fresh.quality(Caller.INTERNAL, "etab-effectifs", 2).orElseThrow().results())
                .anySatisfy(r -> assertThat(r.rule()).isEqualTo(JoinStats.MATCHED));
    }

    @Test
    void badSpecsAreRefusedWithTheNameAndNothingIsPublished() {
        assertThatThrownBy(() -> join(JoinKind.LEFT, BY_UAI, List.of(), false, "j-bad"))
                .isInstanceOf(JoinException.class).hasMessageContaining("un-à-plusieurs").hasMessageContaining("effectifs");
        assertThatThrownBy(() -> join(JoinKind.LEFT, List.of(KeyPair.parse("uai=code_uai", false)), AGGS, false, "j-bad"))
                .isInstanceOf(JoinException.class).hasMessageContaining("'code_uai'").hasMessageContaining("numero_uai");
        assertThatThrownBy(() -> join(JoinKind.LEFT, BY_UAI, List.of(FieldAggregation.parse("niveau:sum")), false, "j-bad"))
                .isInstanceOf(JoinException.class).hasMessageContaining("'niveau'");
        assertThatThrownBy(() -> new JoinService(queries, platform.store).run(Caller.INTERNAL,
                new JoinSpec("etab", "absent", BY_UAI, JoinKind.LEFT, AGGS, false, "j-bad", null, 0), ProgressListener.NONE))
                .isInstanceOf(JoinException.class).hasMessageContaining("'absent'");
        assertThatThrownBy(() -> new JoinService(queries, platform.store).run(Caller.INTERNAL,
                new JoinSpec("etab", "effectifs", BY_UAI, JoinKind.LEFT, AGGS, false, "j-bad", null, 100), ProgressListener.NONE))
                .isInstanceOf(JoinException.class).hasMessageContaining("100");
        assertThat(platform.store.dataset("j-bad")).isEmpty();
    }
}
