package fr.geoeduc.core.access;

import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.privacy.OutboundScanner;
import fr.geoeduc.core.privacy.ProtectedTable;
import fr.geoeduc.core.privacy.SyntheticPupils;
import fr.geoeduc.core.privacy.TableAudit;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.query.odsql.OdsqlException;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The access matrix on a synthetic individual pupil file: principals × routes × fields × rows. Région A gets
 * pseudonymised individual rows of its communes; département B gets protected counts of its communes; other
 * callers get nothing; revocation, expiry and a convention not yet started grant nothing.
 */
class AccessMatrixTest {

    static final String ELEVES = "eleves-synthetiques";
    static TestPlatform platform;
    static AccessServices access;
    static List<Map<String, String>> rawRows;
    static Set<String> communesA;
    static Set<String> communesB;
    static String keyA;
    static String keyB;
    static String keyC;
    static String keyRevoked;
    static String keyExpired;
    static String keyFuture;
    static final List<String> FIELDS_A = List.of("ine", "uai_ecole", "rentree_scolaire", "mef", "sexe", "pcs_groupe", "commune_residence");

    @BeforeAll
    static void setUp() throws Exception {
        Path dir = Files.createTempDirectory("geoeduc-access");
        platform = new TestPlatform(dir);
        Path file = dir.resolve("eleves.csv");
        SyntheticPupils.generate(file, SyntheticPupils.Options.defaults().withSeed(7).withRentrees(List.of(2023))
                .withAnnuaire(SharedData.available() ? SharedData.file(SharedData.ANNUAIRE) : null).withMaxEcoles(60));
        platform.ingester.ingest(new IngestRequest(file.toString(), ELEVES, AccessLevel.RESTRICTED, null, null), ProgressListener.NONE);
        rawRows = readCsv(file);
        List<String> communes = rawRows.stream().map(r -> r.get("commune_residence")).distinct().sorted().toList();
        communesA = new HashSet<>(communes.subList(0, communes.size() / 2));
        communesB = new HashSet<>(communes.subList(communes.size() / 2, communes.size()));
        // the same pupils with their INE in a column named otherwise (see anIneUnderAnotherNameNeverLeavesWhateverTheRoute)
        Path matricules = dir.resolve("matricules.csv");
        StringBuilder csv = new StringBuilder("matricule,uai_ecole,mef,commune_residence\n");
        rawRows.forEach(row -> csv.append(row.get("ine")).append(',').append(row.get("uai_ecole")).append(',').append(row.get("mef"))
                .append(',').append(row.get("commune_residence")).append('\n'));
        Files.writeString(matricules, csv);
        platform.ingester.ingest(new IngestRequest(matricules.toString(), MATRICULES, AccessLevel.RESTRICTED, null, null), ProgressListener.NONE);
        access = AccessServices.open(platform.store, dir, Clock.systemUTC());
        AccessRegistry r = access.registry();
        r.saveOrganisation(new Organisation("rectorat-rennes", "Rectorat de Rennes", "180000000", Organisation.Kind.ACADEMIE, List.of("14")));
        r.saveOrganisation(new Organisation("region-a", "Région A", "200000001", Organisation.Kind.REGION, List.copyOf(communesA)));
        r.saveOrganisation(new Organisation("departement-b", "Département B", "200000002", Organisation.Kind.DEPARTEMENT, List.copyOf(communesB)));
        r.saveOrganisation(new Organisation("commune-c", "Commune C", "200000003", Organisation.Kind.COMMUNE, List.of()));
        r.saveOrganisation(new Organisation("region-expiree", "Région expirée", null, Organisation.Kind.REGION, List.of()));
        r.saveOrganisation(new Organisation("region-future", "Région future", null, Organisation.Kind.REGION, List.of()));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        activate(r, convention("conv-a", "region-a", individual(communesA), today.minusMonths(1), 24));
        activate(r, convention("conv-b", "departement-b", aggregated(communesB), today.minusMonths(1), 24));
        activate(r, convention("conv-exp", "region-expiree", individual(communesA), today.minusMonths(30), 24));
        activate(r, convention("conv-fut", "region-future", individual(communesA), today.plusMonths(2), 24));
        keyA = r.createClient("region-a", "sig", 1000).apiKey();
        keyB = r.createClient("departement-b", "sig", 1000).apiKey();
        keyC = r.createClient("commune-c", "sig", 1000).apiKey();
        AccessRegistry.NewClient revoked = r.createClient("region-a", "ancien", 1000);
        keyRevoked = revoked.apiKey();
        r.revokeClient(revoked.client().id());
        keyExpired = r.createClient("region-expiree", "sig", 1000).apiKey();
        keyFuture = r.createClient("region-future", "sig", 1000).apiKey();
    }

    @AfterAll
    static void tearDown() {
        if (platform != null) {
            platform.close();
        }
    }

    static void activate(AccessRegistry r, Convention c) {
        r.saveConvention(c);
        r.transition(c.id(), Convention.Status.VALIDATED, null);
        r.transition(c.id(), Convention.Status.ACTIVE, null);
    }

    private static final String MATRICULES = "eleves-matricules";

    static Convention.DataScope individual(Set<String> communes) {
        return new Convention.DataScope(ELEVES, FIELDS_A, Convention.Granularity.INDIVIDUAL_PSEUDONYMISED,
                new Convention.Territory("commune_residence", List.copyOf(communes)), new Convention.Period("rentree_scolaire", 2023, 2024),
                true, List.of("ine"), List.of(), 1, null);
    }

    static Convention.DataScope aggregated(Set<String> communes) {
        return new Convention.DataScope(ELEVES, List.of("uai_ecole", "sexe", "pcs_groupe", "commune_residence"), Convention.Granularity.AGGREGATED,
                new Convention.Territory("commune_residence", List.copyOf(communes)), null, true, List.of(), List.of(), 1,
                new Convention.SecretRules(3, 0, List.of(List.of("uai_ecole", "sexe"), List.of("commune_residence", "pcs_groupe"))));
    }

    static Convention convention(String id, String recipient, Convention.DataScope scope, LocalDate start, int months) {
        return new Convention(id, "2026-DEPP-" + id, "Échange " + id, 1, start, null,
                List.of(new Convention.Party("rectorat-rennes", Convention.Role.PROVIDER, "Recteur", "recteur"),
                        new Convention.Party(recipient, Convention.Role.RECIPIENT, "Président", "président")),
                new Convention.LegalBasis(List.of("Code de l'éducation L.213-1"), "RGPD art. 6.1.e mission d'intérêt public", null),
                List.of(new Convention.Purpose("sectorisation des collèges", "L.213-1")), List.of(scope), List.of(),
                new Convention.Recipients(List.of("service SIG"), "interdit"), new Convention.Uses(List.of("études"), List.of("aucune décision individuelle")),
                new Convention.Protection("chiffrement", "Sources : MENJ-DEPP"), new Convention.Retention(Map.of(ELEVES, 24), 3),
                new Convention.Rights("dpd@ac-rennes.fr", Map.of("rectorat-rennes", "dpd@ac-rennes.fr"), "Recteur", "sig@region.fr"),
                new Convention.LifeCycle(start, null, months, true, null, 6, null, List.of()), null);
    }

    static QueryEngine.Request request(String select, String where, String groupBy, int limit) {
        return new QueryEngine.Request(select, where == null ? List.of() : List.of(where), groupBy, null, limit, 0, List.of(), List.of(),
                new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC));
    }

    static Caller caller(String key) {
        return new Caller("10.0.0.1", key);
    }

    static List<Map<String, String>> readCsv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String[] header = lines.get(0).replace("\uFEFF", "").split(";", -1);
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(";", -1);
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                m.put(header[i], cells[i]);
            }
            out.add(m);
        }
        return out;
    }

    @Test
    void lDiversityRemovesTheGroupsWhoseSensitiveAttributeHasTooFewValues() {
        AccessRegistry r = access.registry();
        r.saveOrganisation(new Organisation("region-ldiv", "Région (l-diversité)", null, Organisation.Kind.REGION, List.of()));
        Convention.DataScope diverse = new Convention.DataScope(ELEVES, FIELDS_A, Convention.Granularity.INDIVIDUAL_PSEUDONYMISED,
                new Convention.Territory("commune_residence", List.copyOf(communesA)), new Convention.Period("rentree_scolaire", 2023, 2024),
                true, List.of("ine"), List.of("uai_ecole", "sexe", "mef"), 1, null, List.of("pcs_groupe"), 3);
        activate(r, convention("conv-ldiv", "region-ldiv", diverse, LocalDate.now(ZoneOffset.UTC).minusDays(1), 12));
        Caller caller = caller(r.createClient("region-ldiv", "sig", 100_000).apiKey());
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        access.queries().export(caller, ELEVES, request(null, null, null, -1), rows::add);

        Map<String, Set<Object>> published = new java.util.HashMap<>();
        rows.forEach(m -> published.computeIfAbsent(m.get("uai_ecole") + "|" + m.get("sexe") + "|" + m.get("mef"), k -> new HashSet<>())
                .add(m.get("pcs_groupe")));
        assertThat(published.values()).as("every published group has at least 3 PCS groups").allSatisfy(v -> assertThat(v).hasSizeGreaterThanOrEqualTo(3));
        // the same selection computed from the source file
        Map<String, Set<String>> source = new java.util.HashMap<>();
        Map<String, Integer> sizes = new java.util.HashMap<>();
        rawRows.stream().filter(m -> communesA.contains(m.get("commune_residence"))).forEach(m -> {
            String key = m.get("uai_ecole") + "|" + m.get("sexe") + "|" + m.get("mef");
            source.computeIfAbsent(key, k -> new HashSet<>()).add(m.get("pcs_groupe"));
            sizes.merge(key, 1, Integer::sum);
        });
        long expectedRows = source.entrySet().stream().filter(e -> e.getValue().size() >= 3).mapToLong(e -> sizes.get(e.getKey())).sum();
        long suppressed = source.entrySet().stream().filter(e -> e.getValue().size() < 3).mapToLong(e -> sizes.get(e.getKey())).sum();
        assertThat(rows).hasSize((int) expectedRows);
        assertThat(suppressed).as("the test data has groups to suppress").isPositive();
        assertThat(access.audit().show(AuditLog.Filter.all().withOrganisation("region-ldiv")))
                .anySatisfy(l -> assertThat(l.entry().suppression()).contains("l-diversité (l=3): " + suppressed));
        Convention.DataScope withoutAttributes = new Convention.DataScope(ELEVES, FIELDS_A, Convention.Granularity.INDIVIDUAL_PSEUDONYMISED,
                new Convention.Territory("commune_residence", List.copyOf(communesA)), null, true, List.of("ine"), List.of("uai_ecole"), 1, null,
                List.of(), 2);
        assertThatThrownBy(() -> r.saveConvention(convention("conv-ldiv-2", "region-ldiv", withoutAttributes, LocalDate.now(), 12)))
                .hasMessageContaining("sensitiveAttributes");
    }

    @Test
    void aRotatedKeyChangesEveryPseudonymAndTheCorrespondenceTableMapsOldToNew() throws Exception {
        AccessRegistry r = access.registry();
        r.saveOrganisation(new Organisation("region-rotation", "Région (rotation)", null, Organisation.Kind.REGION, List.of()));
        activate(r, convention("conv-rotation", "region-rotation", individual(communesA), LocalDate.now(ZoneOffset.UTC).minusDays(1), 12));
        Caller caller = caller(r.createClient("region-rotation", "sig", 100_000).apiKey());
        List<Map<String, Object>> before = new java.util.ArrayList<>();
        access.queries().export(caller, ELEVES, request("ine, uai_ecole, mef, sexe", null, null, -1), before::add);
        assertThat(before).isNotEmpty();

        assertThatThrownBy(() -> r.rotateKey("conv-rotation", k -> {
            throw new java.io.UncheckedIOException(new java.io.IOException("disque plein"));
        })).as("a table that cannot be written leaves the key as it was").hasMessageContaining("disque plein");
        List<Map<String, Object>> unchanged = new java.util.ArrayList<>();
        access.queries().export(caller, ELEVES, request("ine, uai_ecole, mef, sexe", null, null, -1), unchanged::add);
        assertThat(unchanged).isEqualTo(before);

        java.io.StringWriter table = new java.io.StringWriter();
        long[] written = new long[1];
        AccessRegistry.RotatedKey keys = r.rotateKey("conv-rotation", k -> written[0] =
                fr.geoeduc.core.privacy.PseudonymCorrespondence.write(platform.store, r, r.convention("conv-rotation").orElseThrow(), k, table));
        long pairs = written[0];
        assertThat(keys.current()).isNotEqualTo(keys.previous());
        List<Map<String, Object>> after = new java.util.ArrayList<>();
        access.queries().export(caller, ELEVES, request("ine, uai_ecole, mef, sexe", null, null, -1), after::add);

        assertThat(after).hasSameSizeAs(before);
        Map<String, String> oldToNew = new java.util.HashMap<>();
        table.toString().lines().skip(1).forEach(l -> {
            String[] f = l.split(";");
            assertThat(f[0]).isEqualTo(ELEVES);
            assertThat(f[1]).isEqualTo("ine");
            oldToNew.put(f[2], f[3]);
        });
        assertThat(pairs).isEqualTo(oldToNew.size()).isEqualTo(before.size());
        // the rows leave in an order keyed by the convention's key, which the rotation changed too: rows are matched by
        // their content, the pseudonym translated through the table
        Map<Map<String, Object>, Integer> afterRows = new java.util.HashMap<>();
        after.forEach(row -> afterRows.merge(row, 1, Integer::sum));
        Set<Object> oldPseudonyms = new HashSet<>();
        before.forEach(row -> oldPseudonyms.add(row.get("ine")));
        for (Map<String, Object> row : before) {
            String old = (String) row.get("ine");
            String now = oldToNew.get(old);
            assertThat(now).as("the table maps every old pseudonym").isNotNull().hasSize(26).isNotEqualTo(old);
            assertThat(oldPseudonyms).as("every pseudonym changes").doesNotContain(now);
            Map<String, Object> translated = new java.util.LinkedHashMap<>(row);
            translated.put("ine", now);
            assertThat(afterRows.merge(translated, -1, Integer::sum)).as("the same pupil under its new pseudonym").isGreaterThanOrEqualTo(0);
        }
        assertThat(table.toString()).doesNotContainPattern("\\d{10}[A-Z]");
        List<Map<String, Object>> otherRecipient = new java.util.ArrayList<>();
        access.queries().export(caller(keyA), ELEVES, request("ine", null, null, 5), otherRecipient::add);
        assertThat(otherRecipient).extracting(m -> m.get("ine")).doesNotContainAnyElementsOf(oldToNew.values());
    }

    @Test
    void aConventionGrantingTheIneInClearIsRefused() {
        AccessRegistry r = access.registry();
        r.saveOrganisation(new Organisation("region-fuite", "Région (convention mal rédigée)", null, Organisation.Kind.REGION, List.of()));
        // the identifier pseudonymised is the école's, not the pupil's: the INE column would leave in clear
        Convention.DataScope careless = new Convention.DataScope(ELEVES, List.of("ine", "uai_ecole", "mef", "commune_residence"),
                Convention.Granularity.INDIVIDUAL_PSEUDONYMISED, new Convention.Territory("commune_residence", List.copyOf(communesA)),
                null, true, List.of("uai_ecole"), List.of(), 1, null);
        assertThatThrownBy(() -> activate(r, convention("conv-fuite", "region-fuite", careless, LocalDate.now(ZoneOffset.UTC).minusDays(1), 12)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pseudonymisedFields: ine");
    }

    /**
     * A convention that grants a column of INEs under a name the validator cannot recognise: only the outbound scan
     * and the clause guard stand, on every route, including facets and the count oracles of where.
     */
    @Test
    void anIneUnderAnotherNameNeverLeavesWhateverTheRoute() {
        String dataset = MATRICULES;
        AccessRegistry r = access.registry();
        r.saveOrganisation(new Organisation("region-matricules", "Région (INE sous un autre nom)", null, Organisation.Kind.REGION, List.of()));
        Convention.DataScope careless = new Convention.DataScope(dataset, List.of("matricule", "uai_ecole", "mef", "commune_residence"),
                Convention.Granularity.INDIVIDUAL_PSEUDONYMISED, new Convention.Territory("commune_residence", List.copyOf(communesA)),
                null, true, List.of("uai_ecole"), List.of(), 1, null);
        Convention c = convention("conv-matricules", "region-matricules", careless, LocalDate.now(ZoneOffset.UTC).minusDays(1), 12);
        c = new Convention(c.id(), c.number(), c.title(), c.version(), c.notifiedOn(), c.status(), c.parties(), c.legalBasis(), c.purposes(),
                c.scopes(), c.deliveries(), c.recipients(), c.uses(), c.protection(), new Convention.Retention(Map.of(dataset, 24), 3),
                c.rights(), c.lifeCycle(), c.financialTerms());
        activate(r, c);
        Caller leaky = caller(r.createClient("region-matricules", "sig", 1000).apiKey());
        QueryService q = access.queries();
        assertThat(q.catalogue(leaky)).anySatisfy(s -> assertThat(s.definition().id()).isEqualTo(dataset));
        assertThatThrownBy(() -> q.records(leaky, dataset, request(null, null, null, 10))).isInstanceOf(OutboundScanner.LeakRefused.class);
        assertThatThrownBy(() -> q.export(leaky, dataset, request(null, null, null, -1), row -> { })).isInstanceOf(OutboundScanner.LeakRefused.class);
        for (String select : List.of("mef, matricule", "matricule as mef", "upper(matricule) as mef")) {
            assertThatThrownBy(() -> q.records(leaky, dataset, request(select, null, null, 10))).as(select)
                    .isInstanceOfAny(OutboundScanner.LeakRefused.class, OdsqlException.class);
        }
        String someIne = rawRows.stream().filter(row -> communesA.contains(row.get("commune_residence"))).findFirst().orElseThrow().get("ine");
        for (String where : List.of("startswith(matricule, \"" + someIne.substring(0, 3) + "\")", "matricule = \"" + someIne + "\"",
                "matricule like \"" + someIne.substring(0, 4) + "*\"", "matricule > \"1\"", "\"" + someIne + "\"", "search(*, \"" + someIne + "\")")) {
            assertThatThrownBy(() -> q.records(leaky, dataset, request("count(*) as n", where, null, 1))).as(where)
                    .isInstanceOf(OdsqlException.class);
        }
        assertThatThrownBy(() -> q.facets(leaky, dataset, request(null, null, null, -1), List.of("matricule")))
                .isInstanceOfAny(OutboundScanner.LeakRefused.class, OdsqlException.class);
        assertThat(q.defaultFacets(leaky, dataset)).doesNotContain("matricule");
        assertThat(q.records(leaky, dataset, request("mef, uai_ecole", null, null, 10))).isPresent();
        assertThat(q.records(leaky, dataset, request("count(*) as n", null, "mef", 100)).orElseThrow().rows()).isNotEmpty();
    }

    @Test
    void aPseudonymIsUsableInWhereOnlyAsEqualityWithAPseudonym() {
        QueryService q = access.queries();
        Caller a = caller(keyA);
        Map<String, Object> first = q.records(a, ELEVES, request("ine", null, null, 1)).orElseThrow().rows().get(0);
        String pseudonym = (String) first.get("ine");
        assertThat(q.records(a, ELEVES, request("count(*) as n", "ine = \"" + pseudonym + "\"", null, 1)).orElseThrow().rows().get(0).get("n"))
                .isEqualTo(1L);
        assertThat(q.records(a, ELEVES, request("count(*) as n", "ine in (\"" + pseudonym + "\", \"x\")", null, 1)).orElseThrow()
                .rows().get(0).get("n")).isEqualTo(1L);
        for (String oracle : List.of("startswith(ine, \"1\")", "ine like \"1*\"", "ine > \"1\"", "ine in [\"0\"..\"5\"]", "length(ine) = 64")) {
            assertThatThrownBy(() -> q.records(a, ELEVES, request("count(*) as n", oracle, null, 1))).as(oracle)
                    .isInstanceOf(OdsqlException.class).hasMessageContaining("pseudonym");
        }
    }

    /** Two recipients of the same rows: no shared record id, no shared row order, nothing to join their extracts on. */
    @Test
    void twoRecipientsExtractsShareNoIdentifierAndNoOrder() {
        AccessRegistry r = access.registry();
        r.saveOrganisation(new Organisation("region-a-bis", "Région A bis", null, Organisation.Kind.REGION, List.of()));
        activate(r, convention("conv-a-bis", "region-a-bis", individual(communesA), LocalDate.now(ZoneOffset.UTC).minusDays(1), 12));
        Caller a = caller(keyA);
        Caller aBis = caller(r.createClient("region-a-bis", "sig", 1000).apiKey());
        QueryService q = access.queries();
        List<Map<String, Object>> first = new ArrayList<>();
        List<Map<String, Object>> second = new ArrayList<>();
        q.export(a, ELEVES, request("_id, mef, commune_residence, rentree_scolaire", null, null, -1), first::add);
        q.export(aBis, ELEVES, request("_id, mef, commune_residence, rentree_scolaire", null, null, -1), second::add);
        assertThat(first).hasSameSizeAs(second).hasSizeGreaterThan(100);
        Set<Object> idsA = new HashSet<>();
        first.forEach(m -> idsA.add(m.get("_id")));
        assertThat(second).noneMatch(m -> idsA.contains(m.get("_id")));
        long samePosition = 0;
        for (int i = 0; i < first.size(); i++) {
            Map<String, Object> x = new java.util.HashMap<>(first.get(i));
            Map<String, Object> y = new java.util.HashMap<>(second.get(i));
            x.remove("_id");
            y.remove("_id");
            samePosition += x.equals(y) ? 1 : 0;
        }
        assertThat(samePosition).as("rows equal at the same position in both extracts").isLessThan(first.size() / 5);
        String idOfA = (String) first.get(0).get("_id");
        assertThat(q.record(a, ELEVES, idOfA)).isPresent();
        assertThat(q.record(aBis, ELEVES, idOfA)).as("a record URL of one recipient means nothing to the other").isEmpty();
    }

    @Test
    void noConventionNoData() {
        QueryService q = access.queries();
        for (String key : new String[]{null, keyC, keyRevoked, keyExpired, keyFuture, "gek_not-a-key"}) {
            Caller c = caller(key);
            assertThat(q.catalogue(c)).as("catalogue of %s", key).noneMatch(s -> s.definition().id().equals(ELEVES));
            assertThat(q.records(c, ELEVES, request(null, null, null, 10))).as("records of %s", key).isEmpty();
            assertThat(q.export(c, ELEVES, request(null, null, null, -1), row -> { })).isEqualTo(-1);
            assertThat(q.facets(c, ELEVES, request(null, null, null, -1), List.of())).isEmpty();
        }
    }

    @Test
    void regionASeesOnlyItsRowsAndFieldsWithPseudonyms() {
        QueryService q = access.queries();
        Caller a = caller(keyA);
        assertThat(q.catalogue(a)).anySatisfy(s -> {
            assertThat(s.definition().id()).isEqualTo(ELEVES);
            assertThat(s.latest().orElseThrow().schema().fields()).extracting(f -> f.name()).containsExactlyElementsOf(FIELDS_A);
        });
        long expected = rawRows.stream().filter(r -> communesA.contains(r.get("commune_residence"))).count();
        List<Map<String, Object>> rows = new ArrayList<>();
        long total = q.export(a, ELEVES, request(null, null, null, -1), rows::add);
        assertThat(total).isEqualTo(expected).isPositive();
        Set<String> rawInes = new HashSet<>();
        rawRows.forEach(r -> rawInes.add(r.get("ine")));
        for (Map<String, Object> row : rows) {
            assertThat(row.keySet()).containsExactlyElementsOf(FIELDS_A);
            assertThat(communesA).contains((String) row.get("commune_residence"));
            assertThat((String) row.get("ine")).hasSize(26).matches("[a-z2-7]+");
            assertThat(rawInes).doesNotContain((String) row.get("ine"));
            row.values().forEach(v -> assertThat(OutboundScanner.containsIne(String.valueOf(v))).isFalse());
        }
        // a territory code in the query never widens the scope
        String outside = communesB.iterator().next();
        assertThat(q.records(a, ELEVES, request(null, "commune_residence = \"" + outside + "\"", null, 10)).orElseThrow().totalCount()).isZero();
        // fields outside the convention do not exist for the recipient
        assertThatThrownBy(() -> q.records(a, ELEVES, request("annee_naissance", null, null, 10)))
                .isInstanceOf(OdsqlException.class).hasMessageContaining("Unknown field: annee_naissance");
        assertThatThrownBy(() -> q.records(a, ELEVES, request(null, "boursier = true", null, 10)))
                .isInstanceOf(OdsqlException.class).hasMessageContaining("Unknown field");
        // facets and aggregates stay inside the view
        long grouped = q.records(a, ELEVES, request("count(*) as n", null, null, 10)).orElseThrow().rows().get(0).get("n") instanceof Long n ? n : -1;
        assertThat(grouped).isEqualTo(expected);
    }

    @Test
    void pseudonymsAreStablePerRecipientAndDifferAcrossRecipients() {
        QueryService q = access.queries();
        List<Object> first = new ArrayList<>();
        List<Object> second = new ArrayList<>();
        q.export(caller(keyA), ELEVES, request("ine", null, null, -1), r -> first.add(r.get("ine")));
        q.export(caller(keyA), ELEVES, request("ine", null, null, -1), r -> second.add(r.get("ine")));
        assertThat(second).isEqualTo(first);
        byte[] keyConvA = access.registry().pseudonymKey("conv-a");
        byte[] keyConvB = access.registry().pseudonymKey("conv-b");
        assertThat(keyConvA).isNotEqualTo(keyConvB);
        String ine = rawRows.get(0).get("ine");
        assertThat(Secrets.hmacSha256Hex(keyConvA, ine)).isNotEqualTo(Secrets.hmacSha256Hex(keyConvB, ine));
    }

    @Test
    void departementBGetsOnlyProtectedCounts() {
        QueryService q = access.queries();
        Caller b = caller(keyB);
        assertThatThrownBy(() -> q.records(b, ELEVES, request(null, null, null, 10))).isInstanceOf(OdsqlException.class)
                .hasMessageContaining("aggregated counts only");
        assertThatThrownBy(() -> q.records(b, ELEVES, request("count(*) as n", "sexe = \"F\"", "uai_ecole", 100)))
                .isInstanceOf(OdsqlException.class).hasMessageContaining("no where clause");
        assertThatThrownBy(() -> q.records(b, ELEVES, request("count(*) as n", null, "uai_ecole, pcs_groupe", 100)))
                .isInstanceOf(OdsqlException.class).hasMessageContaining("no table allowed");
        QueryEngine.Result cells = q.records(b, ELEVES, request("uai_ecole, sexe, count(*) as n", null, "uai_ecole, sexe", 20000)).orElseThrow();
        Map<String, Long> truth = new HashMap<>();
        rawRows.stream().filter(r -> communesB.contains(r.get("commune_residence")))
                .forEach(r -> truth.merge(r.get("uai_ecole") + "|" + r.get("sexe"), 1L, Long::sum));
        int hidden = 0;
        for (Map<String, Object> cell : cells.rows()) {
            Long real = truth.get(cell.get("uai_ecole") + "|" + cell.get("sexe"));
            if (cell.get("n") instanceof Long n) {
                assertThat(n).isEqualTo(real == null ? 0L : real);
                assertThat(n == 0 || n >= 3).as("published cells respect the threshold").isTrue();
            } else {
                hidden++;
                assertThat(cell.get("n")).isEqualTo("secret");
            }
        }
        assertThat(hidden).as("the synthetic file has small cells that must be hidden").isPositive();
    }

    @Test
    void everyPublishedTablePassesTheAuditAndDifferencingRevealsNothing() {
        QueryService q = access.queries();
        Caller b = caller(keyB);
        // the whole protected table behind the answers
        List<ProtectedTable.Row> rows = new ArrayList<>();
        rawRows.stream().filter(r -> communesB.contains(r.get("commune_residence")))
                .forEach(r -> rows.add(new ProtectedTable.Row(List.of(r.get("commune_residence"), r.get("pcs_groupe")), null, null)));
        ProtectedTable table = ProtectedTable.protect(List.of("commune_residence", "pcs_groupe"), rows,
                fr.geoeduc.core.privacy.SecretStatistiqueRules.of(3));
        assertThat(TableAudit.audit(table).passed()).isTrue();
        // two allowed queries whose difference would isolate a small group: total of a commune, and its PCS cells
        QueryEngine.Result byCommune = q.records(b, ELEVES, request("commune_residence, count(*) as n", null, "commune_residence", 20000)).orElseThrow();
        QueryEngine.Result byCell = q.records(b, ELEVES, request("commune_residence, pcs_groupe, count(*) as n", null,
                "commune_residence, pcs_groupe", 20000)).orElseThrow();
        Map<String, Long> truth = new HashMap<>();
        rawRows.stream().filter(r -> communesB.contains(r.get("commune_residence")))
                .forEach(r -> truth.merge(r.get("commune_residence") + "|" + r.get("pcs_groupe"), 1L, Long::sum));
        for (Map<String, Object> c : byCommune.rows()) {
            String commune = (String) c.get("commune_residence");
            List<Map<String, Object>> members = byCell.rows().stream().filter(x -> commune.equals(x.get("commune_residence"))).toList();
            long hiddenMembers = members.stream().filter(x -> !(x.get("n") instanceof Long)).count();
            if (c.get("n") instanceof Long total && hiddenMembers > 0) {
                assertThat(hiddenMembers).as("a published commune total with hidden cells: at least two hidden, so no subtraction reveals one")
                        .isGreaterThanOrEqualTo(2);
                long published = members.stream().filter(x -> x.get("n") instanceof Long).mapToLong(x -> (Long) x.get("n")).sum();
                long hiddenSum = total - published;
                // what a subtraction of the two answers gives: the sum of several hidden cells, never one of them
                members.stream().filter(x -> !(x.get("n") instanceof Long)).forEach(x -> assertThat(hiddenSum)
                        .as("commune %s: total − published cells must not reveal hidden cell %s", commune, x.get("pcs_groupe"))
                        .isGreaterThan(truth.getOrDefault(commune + "|" + x.get("pcs_groupe"), 0L)));
            }
        }
    }

    @Test
    void revocationAndTerminationTakeEffectOnTheNextRequest() {
        QueryService q = access.queries();
        AccessRegistry.NewClient temp = access.registry().createClient("region-a", "temporaire", 100);
        assertThat(q.records(caller(temp.apiKey()), ELEVES, request(null, null, null, 1))).isPresent();
        access.registry().revokeClient(temp.client().id());
        assertThat(q.records(caller(temp.apiKey()), ELEVES, request(null, null, null, 1))).isEmpty();
        String token = access.tokens().issue(access.registry().createClient("region-a", "oauth", 100).client().id(), "wrong").map(t -> t.accessToken()).orElse(null);
        assertThat(token).as("a wrong secret gets no token").isNull();
        AccessRegistry.NewClient oauth = access.registry().createClient("region-a", "oauth2", 100);
        String ok = access.tokens().issue(oauth.client().id(), oauth.clientSecret()).orElseThrow().accessToken();
        assertThat(access.tokens().verify(ok)).contains(oauth.client().id());
        assertThat(q.records(new Caller("x", null, access.tokens().verify(ok).orElseThrow()), ELEVES, request(null, null, null, 1))).isPresent();
        access.registry().revokeClient(oauth.client().id());
        assertThat(access.tokens().verify(ok)).isEmpty();
    }

    @Test
    void everyDecisionIsAuditedWithoutIneAndTheChainVerifies() {
        QueryService q = access.queries();
        q.records(caller(keyA), ELEVES, request(null, null, null, 5));
        q.records(caller(keyC), ELEVES, request(null, null, null, 5));
        AuditLog.VerifyResult v = access.audit().verify();
        assertThat(v.ok()).as(v.problem()).isTrue();
        List<AuditLog.Logged> entries = access.audit().show(AuditLog.Filter.all().withDataset(ELEVES));
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.entry().decision()).isEqualTo(AuditEntry.GRANTED);
            assertThat(e.entry().convention()).startsWith("conv-a@");
            assertThat(e.entry().rowsOut()).isEqualTo(5);
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.entry().decision()).isEqualTo(AuditEntry.REFUSED);
            assertThat(e.entry().organisation()).isEqualTo("commune-c");
        });
        assertThat(entries).allSatisfy(e -> assertThat(OutboundScanner.containsIne(Json.write(e.entry()))).isFalse());
    }

    @Test
    void anOrganisationWithClientsCanBeUpdated() {
        access.registry().saveOrganisation(new Organisation("region-a", "Région A (nouveau nom)", "200000001", Organisation.Kind.REGION,
                List.copyOf(communesA)));
        assertThat(access.registry().organisation("region-a").orElseThrow().name()).isEqualTo("Région A (nouveau nom)");
        assertThat(access.registry().clientByKey(keyA)).isPresent();
    }

    @Test
    void conventionsWithoutPurposeLegalBasisRetentionOrScopeAreRefused() {
        Convention bad = new Convention("conv-x", "X", "X", 1, null, null, List.of(), null, List.of(), List.of(), List.of(), null, null,
                null, null, null, null, null);
        assertThatThrownBy(() -> access.registry().saveConvention(bad)).hasMessageContaining("purposes").hasMessageContaining("legalBasis")
                .hasMessageContaining("retention").hasMessageContaining("scopes");
    }
}
