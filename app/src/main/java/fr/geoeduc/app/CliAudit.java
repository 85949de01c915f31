package fr.geoeduc.app;

import fr.geoeduc.core.access.AuditEntry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an administrative change made with the CLI to the audit log (route {@code admin-cli}), as the admin API does
 * for its own: who ran it (the system account, {@code cli:<user>}), what, on what, and whether it was done.
 */
final class CliAudit {

    static final String ROUTE = "admin-cli";

    private CliAudit() {
    }

    /** Runs {@code change}; records it granted when it returns, refused (with the reason) when it throws, and rethrows. */
    static <T> T record(Platform p, String action, String target, String convention, Map<String, String> details,
                        java.util.function.Supplier<T> change) {
        Map<String, String> query = new LinkedHashMap<>(details);
        query.put("action", action);
        query.put("cible", target);
        String actor = "cli:" + System.getProperty("user.name", "?");
        try {
            T done = change.get();
            p.access().audit().append(new AuditEntry(Instant.now(), AuditEntry.GRANTED, actor, null, convention, null, ROUTE, query, 0, null, null));
            return done;
        } catch (RuntimeException e) {
            p.access().audit().append(new AuditEntry(Instant.now(), AuditEntry.REFUSED, actor, null, convention, null, ROUTE, query, 0, null,
                    String.valueOf(e.getMessage())));
            throw e;
        }
    }
}
