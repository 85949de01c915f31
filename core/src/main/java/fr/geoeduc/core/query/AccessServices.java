package fr.geoeduc.core.query;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.AuditLog;
import fr.geoeduc.core.access.AuditLogSink;
import fr.geoeduc.core.access.AuditWriter;
import fr.geoeduc.core.access.PersonSessions;
import fr.geoeduc.core.access.Policy;
import fr.geoeduc.core.access.Secrets;
import fr.geoeduc.core.access.TokenService;
import fr.geoeduc.core.access.UserRegistry;
import fr.geoeduc.core.access.UserSessions;
import fr.geoeduc.core.store.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

/**
 * Everything access control needs, wired once over a store: the registry, the policy, the audit log (its key in
 * {@code audit.key} and its anchor file {@code audit.anchor} of the data directory) and its background writer (journal
 * in {@code audit-journal/}), the OAuth2 token service ({@code token.key}), the query service that enforces them, and
 * the people with their roles and sessions ({@code session.key}).
 * {@link #close} writes the decisions still queued.
 */
public record AccessServices(AccessRegistry registry, Policy policy, AuditLog audit, AuditWriter auditWriter, TokenService tokens,
                             QueryService queries, UserRegistry users, UserSessions sessions, PersonSessions people) implements AutoCloseable {

    public static final int CHECKPOINT_EVERY = 100;
    public static final String JOURNAL_DIR = "audit-journal";

    public static AccessServices open(Store store, Path dataDir, Clock clock) {
        AccessRegistry registry = new AccessRegistry(store);
        registry.sealKeys(); // keys stored in clear by earlier versions, or sealed under the previous master key
        UserRegistry users = new UserRegistry(store, registry);
        Policy policy = new Policy(registry, clock, users::find);
        AuditLog audit = AuditLog.open(store::connection, dataDir, CHECKPOINT_EVERY);
        audit.anchorNow(); // pins what is there, e.g. a log written before the anchor file existed
        AuditWriter writer = new AuditWriter(audit, dataDir.resolve(JOURNAL_DIR));
        TokenService tokens = new TokenService(registry, loadOrCreate(dataDir.resolve("token.key")), clock);
        QueryService queries = new QueryService(store, policy, new AuditLogSink(writer, policy, clock));
        UserSessions sessions = new UserSessions(users, loadOrCreate(dataDir.resolve("session.key")), clock);
        return new AccessServices(registry, policy, audit, writer, tokens, queries, users, sessions, new PersonSessions(store, users, clock));
    }

    @Override
    public void close() {
        auditWriter.close();
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readAllBytes(file);
            }
            Files.createDirectories(file.getParent());
            byte[] key = Secrets.randomBytes(32);
            Files.write(file, key);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps the directory's permissions
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key " + file, e);
        }
    }
}
