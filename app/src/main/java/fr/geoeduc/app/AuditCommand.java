package fr.geoeduc.app;

import fr.geoeduc.core.access.AuditEntry;
import fr.geoeduc.core.access.AuditLog;
import fr.geoeduc.core.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code geoeduc audit verify|show}: the tamper-evident log of access decisions on restricted data. */
@Command(name = "audit", subcommands = {AuditCommand.Verify.class, AuditCommand.Show.class})
final class AuditCommand implements Runnable {

    /** A checkpoint every this many entries (what the server uses too, unless it says otherwise). */
    static final int CHECKPOINT_EVERY = fr.geoeduc.core.access.AccessServices.CHECKPOINT_EVERY;
    /** Dates without a zone given to {@code --since} are French local time. */
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    /** Exit code when the log is altered. */
    static final int ALTERED = 2;

    @ParentCommand
    GeoeducCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The audit log of the platform's store, with the checkpoint key of its data directory, after replaying the
     * journals of stopped processes (decisions a crashed server had not yet written to the database).
     */
    static AuditLog open(Platform platform) {
        return platform.access().audit();
    }

    @Command(name = "verify")
    static final class Verify implements Callable<Integer> {

        @ParentCommand
        AuditCommand parent;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
        String format;

        @Override
        public Integer call() {
            var out = parent.root.spec.commandLine().getOut();
            AuditLog.VerifyResult result;
            Optional<AuditLog.Checkpoint> last;
            try (Platform platform = parent.root.open()) {
                Path keyFile = platform.dataDir().resolve(AuditLog.KEY_FILE);
                if (!Files.exists(keyFile)) {
                    // without the key the checkpoints cannot be checked: say so rather than calling them forged
                    AuditLog keyless = new AuditLog(platform.store()::connection, new byte[32], CHECKPOINT_EVERY);
                    Optional<AuditLog.Checkpoint> any = keyless.lastCheckpoint();
                    if (any.isPresent()) {
                        String problem = "clé des points de contrôle absente (" + keyFile + ") : restaurez-la depuis une sauvegarde"
                                + " / checkpoint key missing: restore it from a backup";
                        print(out, new AuditLog.VerifyResult(false, keyless.size(), null, problem), Optional.empty());
                        return ALTERED;
                    }
                }
                AuditLog log = open(platform);
                result = log.verify();
                last = log.lastCheckpoint();
            }
            print(out, result, last);
            return result.ok() ? 0 : ALTERED;
        }

        private void print(java.io.PrintWriter out, AuditLog.VerifyResult r, Optional<AuditLog.Checkpoint> last) {
            if ("json".equals(format)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ok", r.ok());
                m.put("entries", r.entries());
                m.put("first_bad_seq", r.firstBadSeq());
                m.put("problem", r.problem());
                m.put("last_checkpoint", last.map(c -> Map.of("seq", c.seq(), "hash", c.hash(), "at", c.at())).orElse(null));
                out.println(Json.write(m));
                return;
            }
            if (r.ok()) {
                out.printf("journal d'audit intact / audit log intact : %d entrées vérifiées / entries verified%s%n", r.entries(),
                        last.map(c -> " (dernier point de contrôle / last checkpoint : seq " + c.seq() + ", " + c.hash() + ")").orElse(""));
            } else if (r.firstBadSeq() != null) {
                out.printf("première entrée altérée : seq %d (%s)%n", r.firstBadSeq(), r.problem());
            } else {
                out.printf("journal d'audit non vérifiable / cannot be verified : %s%n", r.problem());
            }
        }
    }

    @Command(name = "show")
    static final class Show implements Runnable {

        @ParentCommand
        AuditCommand parent;

        @Option(names = "--dataset", paramLabel = "ID", descriptionKey = "audit.dataset")
        String dataset;

        @Option(names = "--organisation", paramLabel = "ID", descriptionKey = "audit.organisation")
        String organisation;

        @Option(names = "--decision", paramLabel = "granted|refused", descriptionKey = "audit.decision")
        String decision;

        @Option(names = "--since", paramLabel = "DATE", descriptionKey = "audit.since")
        String since;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "0", descriptionKey = "audit.limit")
        int limit;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
        String format;

        @Override
        public void run() {
            String d = decision == null ? null : decision.strip().toLowerCase(Locale.ROOT);
            if (d != null && !d.equals(AuditEntry.GRANTED) && !d.equals(AuditEntry.REFUSED)) {
                throw new Main.UserError("--decision : granted ou refused / granted or refused, not '" + decision + "'");
            }
            if (limit < 0) {
                throw new Main.UserError("--limit doit être positif ou 0 (tout) / must be positive or 0 (all): " + limit);
            }
            AuditLog.Filter filter = new AuditLog.Filter(dataset, organisation, d, since == null ? null : parseSince(since), limit);
            List<AuditLog.Logged> entries;
            try (Platform platform = parent.root.open()) {
                entries = open(platform).show(filter);
            }
            var out = parent.root.spec.commandLine().getOut();
            if ("json".equals(format)) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (AuditLog.Logged l : entries) {
                    AuditEntry e = l.entry();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("seq", l.seq());
                    m.put("at", e.atText());
                    m.put("decision", e.decision());
                    m.put("client", e.client());
                    m.put("organisation", e.organisation());
                    m.put("convention", e.convention());
                    m.put("dataset", e.dataset());
                    m.put("route", e.route());
                    m.put("query", e.query());
                    m.put("rows_out", e.rowsOut());
                    m.put("suppression", e.suppression());
                    m.put("reason", e.reason());
                    m.put("hash", l.hash());
                    rows.add(m);
                }
                out.println(Json.write(rows));
                return;
            }
            if (entries.isEmpty()) {
                out.println("Aucune entrée. / No entry.");
                return;
            }
            out.printf("%-7s %-24s %-8s %-20s %-20s %-40s %-8s %7s  %-16s %s%n", "SEQ", "DATE (UTC)", "DÉCISION", "CLIENT",
                    "ORGANISATION", "JEU / DATASET", "ROUTE", "LIGNES", "CONVENTION", "DÉTAIL / DETAIL");
            for (AuditLog.Logged l : entries) {
                AuditEntry e = l.entry();
                StringBuilder detail = new StringBuilder();
                if (e.suppression() != null) {
                    detail.append(e.suppression());
                }
                if (e.reason() != null) {
                    detail.append(detail.isEmpty() ? "" : " ; ").append(e.reason());
                }
                if (!e.query().isEmpty()) {
                    detail.append(detail.isEmpty() ? "" : " ; ").append(e.query());
                }
                out.printf("%-7d %-24s %-8s %-20s %-20s %-40s %-8s %7d  %-16s %s%n", l.seq(), e.atText(), e.decision(), e.client(),
                        dash(e.organisation()), dash(e.dataset()), dash(e.route()), e.rowsOut(), dash(e.convention()), detail);
            }
        }

        private static String dash(String s) {
            return s == null || s.isEmpty() ? "-" : s;
        }
    }

    /** {@code 2024-03-01} (start of the day, French time), {@code 2024-03-01T08:30} (French time) or an instant with a zone. */
    static Instant parseSince(String text) {
        String s = text.strip();
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(ZONE).toInstant();
            }
            if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(s).toInstant();
            }
            return LocalDateTime.parse(s).atZone(ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw new Main.UserError("--since : date invalide / invalid date '" + text + "' (AAAA-MM-JJ, AAAA-MM-JJTHH:MM ou/or 2024-03-01T08:00:00Z)");
        }
    }
}
