package fr.geoeduc.core.access;

import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.store.Stores;
import fr.geoeduc.core.testing.PostgresDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The same chain on PostgreSQL (table lock instead of SQLite's write lock); skipped without GEOEDUC_TEST_PG. */
class AuditLogPostgresTest {

    @Test
    void concurrentChainAndTamperingOnPostgres() throws Exception {
        try (PostgresDatabase db = PostgresDatabase.create(); Store store = Stores.open(db.url)) {
            byte[] key = new byte[32];
            key[3] = 7;
            Path anchor = Files.createTempDirectory("audit-pg").resolve(AuditLog.ANCHOR_FILE);
            AuditLog a = new AuditLog(store::connection, key, 50, anchor);
            AuditLog b = new AuditLog(db::connect, key, 50, anchor); // another instance, other connections: only the lock serialises
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < 75; i++) {
                        AuditEntry e = new AuditEntry(Instant.parse("2024-03-01T08:00:00Z").plusSeconds(i), "granted", "c" + thread,
                                "org", "conv@1", "eleves", "records", Map.of("ine", "1234567890A"), i, null, null);
                        seqs.add((thread % 2 == 0 ? a : b).append(e));
                    }
                    return seqs;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> f : futures) {
                all.addAll(f.get(120, TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertThat(all).hasSize(300).allMatch(s -> s >= 1 && s <= 300);
            AuditLog.VerifyResult ok = a.verify();
            assertThat(ok.ok()).as(ok.problem()).isTrue();
            assertThat(ok.entries()).isEqualTo(300);
            assertThat(a.show(AuditLog.Filter.all().withLimit(1)).get(0).entry().query()).containsEntry("ine", AuditLog.INE_MASK);

            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE audit_entry SET entry_json = replace(entry_json, '\"client\":\"c', '\"client\":\"x') WHERE seq = 123");
            }
            AuditLog.VerifyResult edited = a.verify();
            assertThat(edited.ok()).isFalse();
            assertThat(edited.firstBadSeq()).isEqualTo(123L);

            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM audit_entry WHERE seq >= 100");
            }
            AuditLog.VerifyResult truncated = a.verify();
            assertThat(truncated.ok()).isFalse();
            assertThat(truncated.firstBadSeq()).isEqualTo(100L);
            assertThat(truncated.problem()).contains("tronqué");
        }
    }
}
