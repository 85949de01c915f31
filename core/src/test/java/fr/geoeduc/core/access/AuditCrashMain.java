package fr.geoeduc.core.access;

import fr.geoeduc.core.store.SqliteStore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Child process of {@link AuditWriterTest}: submits decisions through the background audit writer, prints how many
 * it submitted, then dies at once ({@code Runtime.halt}: no shutdown hook, no flush), as a crashed server would; or,
 * with {@code hold}, keeps a journal open with entries not yet chained until it is killed.
 */
public final class AuditCrashMain {

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        if (args.length > 2 && args[2].equals("hold")) {
            holdAJournalOpen(dir, n);
            return;
        }
        SqliteStore store = SqliteStore.open(dir);
        AuditLog log = AuditLog.open(store::connection, dir, 10);
        AuditWriter writer = new AuditWriter(log, dir.resolve("audit-journal"));
        for (int i = 0; i < n; i++) {
            writer.submit(AuditEntry.granted(Instant.now(), "client-crash", "region-a", "conv-1@1", "eleves", "records",
                    Map.of("n", String.valueOf(i)), i, null));
        }
        System.out.println("submitted " + n + ", pending " + writer.pending());
        System.out.flush();
        Runtime.getRuntime().halt(9);
    }

    /** Journals entries without chaining them, says so, and stays alive until killed. */
    private static void holdAJournalOpen(Path dir, int n) {
        AuditJournal journal = new AuditJournal(dir.resolve("audit-journal"));
        for (int i = 0; i < n; i++) {
            journal.write(AuditEntry.granted(Instant.now(), "client-hold", "region-a", "conv-1@1", "eleves", "records",
                    Map.of("n", String.valueOf(i)), i, null));
        }
        System.out.println("journalled " + n);
        System.out.flush();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
