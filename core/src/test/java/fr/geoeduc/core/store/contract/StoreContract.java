package fr.geoeduc.core.store.contract;

import fr.geoeduc.core.ingest.IngestException;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.FieldChange;
import fr.geoeduc.core.quality.Rule;
import fr.geoeduc.core.referentiel.CommuneEvent;
import fr.geoeduc.core.referentiel.ReferentielFeature;
import fr.geoeduc.core.referentiel.ReferentielScope;
import fr.geoeduc.core.testing.CommunesMillesimes;
import fr.geoeduc.core.testing.ContoursMillesimes;
import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.core.store.RecordHasher;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.testing.SharedData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour every Store must have; run against the embedded store and against PostgreSQL. */
abstract class StoreContract {

    @TempDir
    Path dir;
    Store store;
    Ingester ingester;

    /** A new, empty store. */
    abstract Store open() throws Exception;

    /** Plain JDBC on the store's database, to look at what the store does not show. */
    abstract Connection raw() throws SQLException;

    @BeforeEach
    void setUp() throws Exception {
        store = open();
        ingester = new Ingester(store, SchemaRegistry.load(), dir.resolve("downloads"));
    }

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.close();
        }
    }

    IngestResult ingest(Path file, String dataset) {
        return ingester.ingest(IngestRequest.of(file.toString(), dataset), ProgressListener.NONE);
    }

    @Test
    void metadataRevisionsAreNumberedAndAmendTheServedSchemaNeverThePublishedOneNorTheRows() throws Exception {
        Path file = dir.resolve("effectifs.csv");
        Files.writeString(file, "uai;nom;effectif\n0350001A;École des Lilas;120\n0350002B;École du Parc;85\n", StandardCharsets.UTF_8);
        String id = "exemple-effectifs";
        ingest(file, id);
        DatasetVersion before = store.latest(id).orElseThrow();
        String hash = RecordHasher.of(store, before);
        String published;
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT schema_json FROM dataset_version WHERE dataset_id = '" + id + "'")) {
            assertThat(r.next()).isTrue();
            published = r.getString(1);
        }
        var first = store.recordMetadataRevision(id, "claire", java.time.Instant.parse("2025-01-02T10:00:00Z"), "set-label effectif",
                List.of(new FieldChange("effectif", "label", "effectif", "Effectif total"),
                        new FieldChange("effectif", "unit", null, "élèves")));
        var second = store.recordMetadataRevision(id, "paul", java.time.Instant.parse("2025-01-03T10:00:00Z"), "apply schema.json",
                List.of(new FieldChange("effectif", "label", "Effectif total", "Effectif à la rentrée")));
        assertThat(first.number()).isEqualTo(1);
        assertThat(second.number()).isEqualTo(2);
        assertThat(store.metadataRevisions(id)).containsExactly(first, second);
        assertThat(store.metadataRevisions("autre-jeu")).isEmpty();

        DatasetVersion after = store.latest(id).orElseThrow();
        assertThat(after.number()).isEqualTo(before.number());
        assertThat(after.schema().find("effectif").orElseThrow().label()).isEqualTo("Effectif à la rentrée");
        assertThat(after.schema().find("effectif").orElseThrow().unit()).isEqualTo("élèves");
        assertThat(store.datasets().get(0).latest().orElseThrow().schema()).isEqualTo(after.schema());
        assertThat(store.versions(id)).hasSize(1);
        assertThat(RecordHasher.of(store, after)).isEqualTo(hash);
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT schema_json FROM dataset_version WHERE dataset_id = '" + id + "'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).as("the published version is immutable").isEqualTo(published);
        }
    }

    @Test
    void publishesAVersionWithRecordsLineageQualityAndCatalogue() {
        Path file = SharedData.file("ille-et-vilaine/fr-en-annuaire-education.csv");
        IngestResult r = ingest(file, "fr-en-annuaire-education");
        assertThat(r.version().number()).isEqualTo(1);
        assertThat(store.schemaVersion()).isGreaterThanOrEqualTo(2);
        DatasetVersion v = store.latest("fr-en-annuaire-education").orElseThrow();
        assertThat(v.rowCount()).isEqualTo(996);
        assertThat(v.lineage().sha256()).hasSize(64).isEqualTo(r.version().lineage().sha256());
        assertThat(v.lineage().source()).endsWith("fr-en-annuaire-education.csv");
        assertThat(v.schema()).isEqualTo(r.version().schema());
        assertThat(store.quality("fr-en-annuaire-education", 1).orElseThrow().count(Rule.MULTI_ROW_KEY)).isEqualTo(3);
        assertThat(store.dataset("fr-en-annuaire-education").orElseThrow().title()).isEqualTo("Annuaire de l'éducation");
        assertThat(store.datasets()).singleElement().satisfies(s -> {
            assertThat(s.versionCount()).isEqualTo(1);
            assertThat(s.latest()).contains(v);
        });
        AtomicLong rows = new AtomicLong();
        store.readRows(v, row -> {
            assertThat(row).hasSize(v.schema().size());
            rows.incrementAndGet();
        });
        assertThat(rows.get()).isEqualTo(996);
    }

    @Test
    void versionsAreImmutableAndOlderOnesStayReadable() throws IOException {
        Path file = SharedData.file("ille-et-vilaine/fr-en-effectifs-second-degre.csv");
        IngestResult first = ingest(file, "fr-en-effectifs-second-degre");
        String firstHash = RecordHasher.of(store, first.version());
        Path smaller = dir.resolve("smaller.csv");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Files.write(smaller, lines.subList(0, 101), StandardCharsets.UTF_8);
        IngestResult second = ingest(smaller, "fr-en-effectifs-second-degre");
        assertThat(second.version().number()).isEqualTo(2);
        assertThat(store.versions("fr-en-effectifs-second-degre")).extracting(DatasetVersion::rowCount).containsExactly(823L, 100L);
        assertThat(RecordHasher.of(store, store.version("fr-en-effectifs-second-degre", 1).orElseThrow())).isEqualTo(firstHash);
    }

    @Test
    void aFailedIngestPublishesNothingAndLeavesNothingStaged() throws Exception {
        Path good = SharedData.file("ille-et-vilaine/fr-en-effectifs-second-degre.csv");
        ingest(good, "fr-en-effectifs-second-degre");
        Path bad = dir.resolve("ragged.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(good, StandardCharsets.UTF_8));
        lines.add(9000 < lines.size() ? 9000 : lines.size(), "2018-2019;RENNES;0350002M;trop;court");
        Files.write(bad, lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ingest(bad, "fr-en-effectifs-second-degre"))
                .isInstanceOf(IngestException.class).hasMessageContaining("ragged.csv").hasMessageContaining("line " + lines.size());
        assertThat(store.versions("fr-en-effectifs-second-degre")).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM batch")).isZero();
        assertThat(count("SELECT COUNT(*) FROM record_block WHERE batch_id NOT IN (SELECT batch_id FROM dataset_version)")).isZero();
    }

    @Test
    void concurrentIngestsOfTheSameDatasetGetDistinctVersions() throws Exception {
        Path file = SharedData.file("national/fr-en-ips-colleges-extract.csv");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<IngestResult>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(pool.submit((Callable<IngestResult>) () -> ingest(file, "fr-en-ips_colleges")));
            }
            List<Integer> numbers = new ArrayList<>();
            for (Future<IngestResult> f : futures) {
                numbers.add(f.get().version().number());
            }
            assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.versions("fr-en-ips_colleges")).extracting(DatasetVersion::rowCount).containsOnly(6973L).hasSize(3);
        assertThat(store.datasets()).hasSize(1);
    }

    @Test
    void referentielsAndCommuneHistoryRoundTrip() throws Exception {
        ReferentielLoader loader = new ReferentielLoader(store);
        assertThat(loader.loadBoundaries("commune", SharedData.file("geometry/communes-2018/communes-35-ille-et-vilaine.geojson"), "2018"))
                .isEqualTo(345);
        assertThat(loader.loadBoundaries("commune", SharedData.file("geometry/communes-2018/communes-35-ille-et-vilaine.geojson"), "2018"))
                .as("reloading replaces, never duplicates").isEqualTo(345);
        assertThat(store.referentiel("commune")).hasSize(345)
                .anySatisfy(f -> {
                    assertThat(f.code()).isEqualTo("35238");
                    assertThat(f.name()).isEqualTo("Rennes");
                    assertThat(f.millesime()).isEqualTo("2018");
                    assertThat(f.geometry().contains(f.geometry().getFactory().createPoint(new org.locationtech.jts.geom.Coordinate(-1.6778, 48.1173)))).isTrue();
                });
        store.replaceCommuneEvents(List.of(new CommuneEvent(32, LocalDate.of(2019, 1, 1), "COM", "35100", "Dompierre-du-Chemin",
                "COM", "35163", "Luitré-Dompierre")));
        assertThat(store.communeEvents()).singleElement().satisfies(e -> {
            assertThat(e.codeBefore()).isEqualTo("35100");
            assertThat(e.date()).isEqualTo(LocalDate.of(2019, 1, 1));
        });
    }

    @Test
    void severalMillesimesOfACommuneCodeLiveSideBySideAndTheLatestIsCurrent() throws Exception {
        ReferentielLoader loader = new ReferentielLoader(store);
        Path y2018 = CommunesMillesimes.communes2018(dir);
        Path y2024 = CommunesMillesimes.communes2024(y2018, dir);
        int n2018 = loader.loadBoundaries("commune", y2018, "2018");
        int n2024 = loader.loadBoundaries("commune", y2024, "2024");
        assertThat(n2024).isEqualTo(n2018 - 1);
        String digest = store.referentielDigest("commune");

        assertThat(store.referentiel("commune", "2018")).hasSize(n2018).allSatisfy(f -> assertThat(f.millesime()).isEqualTo("2018"))
                .extracting(ReferentielFeature::code).contains(CommunesMillesimes.ABSORBED, CommunesMillesimes.NOUVELLE);
        assertThat(store.referentiel("commune", "2024")).hasSize(n2024).allSatisfy(f -> assertThat(f.millesime()).isEqualTo("2024"))
                .extracting(ReferentielFeature::code).doesNotContain(CommunesMillesimes.ABSORBED);
        ReferentielFeature old = feature(store.referentiel("commune", "2018"), CommunesMillesimes.NOUVELLE);
        ReferentielFeature nouvelle = feature(store.referentiel("commune", "2024"), CommunesMillesimes.NOUVELLE);
        assertThat(nouvelle.name()).isEqualTo(CommunesMillesimes.NOUVELLE_NAME);
        assertThat(old.name()).isNotEqualTo(CommunesMillesimes.NOUVELLE_NAME);
        double absorbed = feature(store.referentiel("commune", "2018"), CommunesMillesimes.ABSORBED).geometry().getArea();
        assertThat(nouvelle.geometry().getArea()).as("the commune nouvelle covers both 2018 polygons")
                .isCloseTo(old.geometry().getArea() + absorbed, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(store.referentiel("commune")).as("current: the latest millésime of the département").hasSize(n2024)
                .allSatisfy(f -> assertThat(f.millesime()).isEqualTo("2024"));
        assertThat(store.referentielScopes("commune")).containsExactly(new ReferentielScope("commune", "35", "2018", n2018),
                new ReferentielScope("commune", "35", "2024", n2024));

        // loading 2018 again replaces 2018 only; the digest sees every millésime
        assertThat(loader.loadBoundaries("commune", y2018, "2018")).isEqualTo(n2018);
        assertThat(store.referentiel("commune", "2024")).hasSize(n2024);
        assertThat(store.referentielDigest("commune")).isEqualTo(digest);
        store.replaceReferentiel("commune", "35", store.referentiel("commune", "2018").stream()
                .map(f -> new ReferentielFeature(f.kind(), f.code(), f.name() + " (2018)", f.millesime(), f.geometry())).toList());
        assertThat(store.referentielDigest("commune")).as("a millésime that is not current changed").isNotEqualTo(digest);
        assertThat(store.referentiel("commune")).hasSize(n2024);

        // another département loaded only in 2018, and one loaded without a millésime: each is current where it is alone
        store.replaceReferentiel("commune", "22", List.of(new ReferentielFeature("commune", "22278", "Saint-Brieuc", "2018", old.geometry())));
        store.replaceReferentiel("commune", "56", List.of(new ReferentielFeature("commune", "56260", "Vannes", null, old.geometry())));
        assertThat(store.referentiel("commune")).hasSize(n2024 + 2)
                .anySatisfy(f -> assertThat(f.code() + " " + f.millesime()).isEqualTo("22278 2018"))
                .anySatisfy(f -> assertThat(f.code() + " " + f.millesime()).isEqualTo("56260 null"));
        assertThat(store.referentiel("commune", null)).extracting(ReferentielFeature::code).containsExactly("56260");
        assertThatThrownBy(() -> store.replaceReferentiel("commune", "35", List.of(old, nouvelle)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one millésime");
        assertThat(store.referentiel("commune", "2018")).as("a refused replacement changes nothing").hasSize(n2018 + 1);
    }

    /** Départements, régions and académies keep each millésime loaded, as communes do; each code's latest is current. */
    @Test
    void loadingAMillesimeOfTheOtherKindsKeepsTheOtherMillesimes() throws Exception {
        ReferentielLoader loader = new ReferentielLoader(store);
        for (ContoursMillesimes.Kind k : ContoursMillesimes.KINDS) {
            String kind = k.kind();
            Path ancien = k.ancienFichier(dir);
            assertThat(loader.loadBoundaries(kind, ancien, k.ancien())).isEqualTo(2);
            assertThat(loader.loadBoundaries(kind, k.recentFichier(dir), k.recent())).isEqualTo(1);
            assertThat(store.referentiel(kind, k.ancien())).as(kind).extracting(ReferentielFeature::code).containsExactlyInAnyOrder(k.premier(), k.second());
            assertThat(store.referentiel(kind, k.recent())).as(kind).extracting(ReferentielFeature::name).containsExactly(k.nomRecent());
            assertThat(store.referentiel(kind)).as(kind + ": each code at its latest millésime")
                    .extracting(f -> f.code() + " " + f.millesime()).containsExactlyInAnyOrder(k.premier() + " " + k.recent(), k.second() + " " + k.ancien());
            double before = feature(store.referentiel(kind, k.ancien()), k.premier()).geometry().getArea();
            assertThat(feature(store.referentiel(kind, k.recent()), k.premier()).geometry().getArea()).as(kind).isGreaterThan(before * 2);
            // the older millésime loaded again replaces that millésime only
            assertThat(loader.loadBoundaries(kind, ancien, k.ancien())).isEqualTo(2);
            assertThat(store.referentiel(kind, k.recent())).as(kind).hasSize(1);
            assertThat(store.referentiel(kind)).as(kind).extracting(ReferentielFeature::millesime).containsExactlyInAnyOrder(k.recent(), k.ancien());
            assertThat(store.referentielScopes(kind)).as(kind).extracting(ReferentielScope::millesime)
                    .containsExactlyInAnyOrder(k.ancien(), k.recent(), k.ancien());
        }
        assertThat(store.referentiel("commune")).as("another kind").isEmpty();
    }

    private static ReferentielFeature feature(List<ReferentielFeature> features, String code) {
        return features.stream().filter(f -> f.code().equals(code)).findFirst().orElseThrow();
    }

    @Test
    void theReferentielDigestMovesWithTheContentOnly() throws Exception {
        ReferentielLoader loader = new ReferentielLoader(store);
        String empty = store.referentielDigest("commune");
        loader.loadBoundaries("commune", SharedData.file("geometry/communes-2018/communes-35-ille-et-vilaine.geojson"), "2018");
        String loaded = store.referentielDigest("commune");
        assertThat(loaded).isNotEqualTo(empty);
        loader.loadBoundaries("commune", SharedData.file("geometry/communes-2018/communes-35-ille-et-vilaine.geojson"), "2018");
        assertThat(store.referentielDigest("commune")).as("the same file again").isEqualTo(loaded);
        assertThat(store.referentielDigest("departement")).as("another kind").isEqualTo(empty);

        List<fr.geoeduc.core.referentiel.ReferentielFeature> all = store.referentiel("commune");
        fr.geoeduc.core.referentiel.ReferentielFeature rennes = all.stream().filter(f -> f.code().equals("35238")).findFirst().orElseThrow();
        store.replaceReferentiel("commune", "35", all.stream().map(f -> f == rennes
                ? new fr.geoeduc.core.referentiel.ReferentielFeature(f.kind(), f.code(), "Roazhon", f.millesime(), f.geometry()) : f).toList());
        String renamed = store.referentielDigest("commune");
        assertThat(renamed).as("a name changed").isNotEqualTo(loaded);
        store.replaceReferentiel("commune", "35", all.stream().map(f -> f == rennes
                ? new fr.geoeduc.core.referentiel.ReferentielFeature(f.kind(), f.code(), f.name(), f.millesime(), f.geometry().buffer(0.001)) : f).toList());
        assertThat(store.referentielDigest("commune")).as("a boundary redrawn").isNotIn(loaded, renamed);
    }

    @Test
    void batchesOfDeadProcessesAreRemovedWhenTheStoreOpens() throws Exception {
        Path file = SharedData.file("national/fr-en-ips-colleges-extract.csv");
        ingest(file, "fr-en-ips_colleges");
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO batch (id, dataset_id, started_at, host, pid) VALUES ('dead-batch', 'fr-en-ips_colleges', "
                    + "'2026-01-01T00:00:00Z', '" + java.net.InetAddress.getLocalHost().getHostName() + "', " + deadPid() + ")");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO record_block (batch_id, block_no, row_count, payload) VALUES ('dead-batch', 0, 1, ?)")) {
                p.setBytes(1, new byte[]{1, 2, 3});
                p.executeUpdate();
            }
        }
        store.close();
        store = open();
        assertThat(count("SELECT COUNT(*) FROM batch")).isZero();
        assertThat(count("SELECT COUNT(*) FROM record_block WHERE batch_id = 'dead-batch'")).isZero();
        assertThat(store.latest("fr-en-ips_colleges").orElseThrow().rowCount()).isEqualTo(6973);
    }

    /** Issue 20: saved views of the map explorer are kept in the store, read back whole and after a reopen. */
    @Test
    void savedViewsAreKeptAcrossAReopenMostRecentFirst() throws Exception {
        fr.geoeduc.core.store.SavedViews views = new fr.geoeduc.core.store.SavedViews(store);
        assertThat(views.all()).isEmpty();
        var first = views.save("Collèges de Rennes", "Effectifs et IPS « 2024 »", "colleges", "jeu=colleges&taille=effectif&vue=-1.6%2C48.1%2C11.00", "ville");
        Thread.sleep(5);
        var second = views.save("Écoles", "", "ecoles", "jeu=ecoles", "rectorat");
        assertThat(first.id()).matches("[a-z2-9]{10}").isNotEqualTo(second.id());
        store.close();
        store = open();
        views = new fr.geoeduc.core.store.SavedViews(store);
        assertThat(views.find(first.id())).contains(first);
        assertThat(views.find("inconnue00")).isEmpty();
        assertThat(views.all()).containsExactly(second, first);
        assertThat(views.delete(first.id())).isTrue();
        assertThat(views.delete(first.id())).isFalse();
        assertThat(views.find(first.id())).isEmpty();
        assertThat(views.all()).containsExactly(second);
    }

    /** Issue 21: saved simulations survive a reopen, long drafts included, and belong to one organisation only. */
    @Test
    void savedSimulationsAreKeptAcrossAReopenForTheirOrganisationOnly() throws Exception {
        fr.geoeduc.core.store.SavedSimulations sims = new fr.geoeduc.core.store.SavedSimulations(store);
        assertThat(sims.of("departement")).isEmpty();
        String zone = "zone=" + "%5B-1.6%2C48.1%5D".repeat(400) + "%3D0350708E";
        var first = sims.save("Bourg vers Tressé", "eleves=ecoles&deplacer=35271%3A0352248D&" + zone, "departement");
        Thread.sleep(5);
        var second = sims.save("Scénario 2", "eleves=ecoles&deplacer=35001%3A0350707D", "departement");
        var other = sims.save("Autre", "eleves=ecoles&deplacer=35002%3A0350707D", "ville");
        store.close();
        store = open();
        sims = new fr.geoeduc.core.store.SavedSimulations(store);
        assertThat(sims.find(first.id(), "departement")).contains(first);
        assertThat(first.state().length()).isGreaterThan(4000);
        assertThat(sims.find(first.id(), "ville")).isEmpty();
        assertThat(sims.of("departement")).containsExactly(second, first);
        assertThat(sims.of("ville")).containsExactly(other);
        assertThat(sims.delete(first.id(), "ville")).isFalse();
        assertThat(sims.delete(first.id(), "departement")).isTrue();
        assertThat(sims.find(first.id(), "departement")).isEmpty();
        assertThat(sims.of("departement")).containsExactly(second);
    }

    /** Issue 20: people's web sessions are kept in the store, hashed, and end on sign-out, idleness, a password change or disabling. */
    @Test
    void personSessionsEndOnSignOutIdlenessPasswordChangeAndDisabling() throws Exception {
        fr.geoeduc.core.access.AccessRegistry registry = new fr.geoeduc.core.access.AccessRegistry(store);
        registry.saveOrganisation(new fr.geoeduc.core.access.Organisation("ville", "Ville", null, fr.geoeduc.core.access.Organisation.Kind.COMMUNE, List.of()));
        fr.geoeduc.core.access.UserRegistry users = new fr.geoeduc.core.access.UserRegistry(store, registry);
        users.create("agent@ville.fr", "Agent", "ville", java.util.EnumSet.of(fr.geoeduc.core.access.Role.CONSUMER), "mot de passe assez long");
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now = new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-09-01T08:00:00Z"));
        java.time.Clock clock = new java.time.Clock() {
            public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            public java.time.Clock withZone(java.time.ZoneId zone) { return this; }
            public java.time.Instant instant() { return now.get(); }
        };
        // an account from before Argon2id: its PBKDF2 hash still opens, and is replaced at that sign-in
        try (Connection c = raw(); PreparedStatement p = c.prepareStatement("UPDATE app_user SET password_hash = ? WHERE id = 'agent@ville.fr'")) {
            p.setString(1, fr.geoeduc.core.access.Secrets.kdf("mot de passe assez long"));
            p.executeUpdate();
        }
        assertThat(users.authenticate("agent@ville.fr", "mot de passe assez long")).isPresent();
        try (Connection c = raw(); Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT password_hash FROM app_user")) {
            r.next();
            assertThat(r.getString(1)).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        }
        fr.geoeduc.core.access.PersonSessions sessions = new fr.geoeduc.core.access.PersonSessions(store, users, clock);
        assertThat(sessions.open("agent@ville.fr", "mauvais mot de passe")).isEmpty();
        var opened = sessions.open("Agent@ville.fr", "mot de passe assez long").orElseThrow();
        assertThat(count("SELECT COUNT(*) FROM person_session WHERE token_hash = '" + fr.geoeduc.core.access.Secrets.sha256(opened.token()) + "'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM person_session WHERE token_hash = '" + opened.token() + "'")).as("only the hash is kept").isZero();
        store.close();
        store = open();
        users = new fr.geoeduc.core.access.UserRegistry(store, new fr.geoeduc.core.access.AccessRegistry(store));
        sessions = new fr.geoeduc.core.access.PersonSessions(store, users, clock);
        assertThat(sessions.find(opened.token())).hasValueSatisfying(a -> {
            assertThat(a.user().id()).isEqualTo("agent@ville.fr");
            assertThat(a.csrf()).isEqualTo(opened.csrf());
        });
        // each request keeps it alive; 30 minutes without one end it
        now.set(now.get().plus(java.time.Duration.ofMinutes(25)));
        assertThat(sessions.find(opened.token())).isPresent();
        now.set(now.get().plus(java.time.Duration.ofMinutes(25)));
        assertThat(sessions.find(opened.token())).isPresent();
        now.set(now.get().plus(java.time.Duration.ofMinutes(31)));
        assertThat(sessions.find(opened.token())).isEmpty();
        // signing out
        var second = sessions.open("agent@ville.fr", "mot de passe assez long").orElseThrow();
        sessions.close(second.token());
        assertThat(sessions.find(second.token())).isEmpty();
        // a password change, then disabling
        var third = sessions.open("agent@ville.fr", "mot de passe assez long").orElseThrow();
        users.setPassword("agent@ville.fr", "un autre mot de passe long");
        assertThat(sessions.find(third.token())).isEmpty();
        var fourth = sessions.open("agent@ville.fr", "un autre mot de passe long").orElseThrow();
        users.disable("agent@ville.fr");
        assertThat(sessions.find(fourth.token())).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM person_session")).isZero();
    }

    static long deadPid() {
        long pid = 4_000_000;
        while (ProcessHandle.of(pid).isPresent()) {
            pid++;
        }
        return pid;
    }

    long count(String sql) throws SQLException {
        try (Connection c = raw(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
