package fr.geoeduc.app;

import fr.geoeduc.core.access.AuditEntry;
import fr.geoeduc.core.access.AuditLog;
import fr.geoeduc.core.access.AuditReader;
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

/** {@code geoeduc audit verify|show|anchor}: the tamper-evident log of access decisions on restricted data. */
@Command(name = "audit", subcommands = {AuditCommand.Verify.class, AuditCommand.Show.class, AuditCommand.AnchorNow.class})
final class AuditCommand implements Runnable {

    /** A checkpoint every this many entries (what the server uses too, unless it says otherwise). */
    static final int CHECKPOINT_EVERY = fr.geoeduc.core.query.AccessServices.CHECKPOINT_EVERY;
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
     * The audit log of the platform's store, with the key and anchor file of its data directory, after replaying the
     * journals of stopped processes (decisions a crashed server had not yet written to the database).
     */
    static AuditLog open(Platform platform) {
        return platform.access().audit();
    }

    private static boolean english() {
        return "en".equals(Locale.getDefault().getLanguage());
    }

    @Command(name = "verify")
    static final class Verify implements Callable<Integer> {

        @ParentCommand
        AuditCommand parent;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
        String format;

        @Option(names = "--anchor", paramLabel = "N HASH", descriptionKey = "audit.anchor")
        List<String> deposited = new ArrayList<>();

        @Override
        public Integer call() {
            var out = parent.root.spec.commandLine().getOut();
            List<AuditLog.Anchor> anchors = new ArrayList<>();
            for (String text : deposited) {
                AuditLog.Anchor a = AuditLog.Anchor.parse(text);
                if (a == null) {
                    throw new Main.UserError("--anchor : attendu / expected \"N HASH\" (nombre d'entrées, hash de 64 caractères hexadécimaux,"
                            + " comme l'affiche / as printed by geoeduc audit anchor), pas / not '" + text + "'");
                }
                anchors.add(a);
            }
            AuditLog.VerifyResult result;
            Optional<AuditLog.Checkpoint> last;
            try (Platform platform = parent.root.open()) {
                Path keyFile = platform.dataDir().resolve(AuditLog.KEY_FILE);
                if (!Files.exists(keyFile)) {
                    // without the key nothing signed can be checked: say so rather than calling every entry forged
                    AuditReader reader = new AuditReader(platform.store()::connection);
                    if (reader.size() > 0 || reader.lastCheckpoint().isPresent()) {
                        String problem = "clé d'audit absente (" + keyFile + ") : restaurez-la depuis une sauvegarde";
                        String problemEn = "audit key missing (" + keyFile + "): restore it from a backup";
                        print(out, new AuditLog.VerifyResult(false, reader.size(), null, "cle-absente", problem, problemEn, 0, null, 0),
                                Optional.empty());
                        return ALTERED;
                    }
                }
                AuditLog log = open(platform);
                result = log.verify(anchors);
                last = log.lastCheckpoint();
            }
            print(out, result, last);
            return result.ok() ? 0 : ALTERED;
        }

        private void print(java.io.PrintWriter out, AuditLog.VerifyResult r, Optional<AuditLog.Checkpoint> last) {
            boolean en = english();
            if ("json".equals(format)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ok", r.ok());
                m.put("entries", r.entries());
                m.put("first_bad_seq", r.firstBadSeq());
                m.put("code", r.code());
                m.put("problem", r.problem(Locale.getDefault()));
                m.put("unsigned_up_to", r.unsignedUpTo());
                m.put("anchored_from", r.anchoredFrom());
                m.put("anchored_up_to", r.anchoredUpTo());
                m.put("last_checkpoint", last.map(c -> Map.of("seq", c.seq(), "hash", c.hash(), "at", c.at())).orElse(null));
                out.println(Json.write(m));
                return;
            }
            if (r.ok()) {
                out.printf(en ? "audit log intact: %d entries verified%s%n" : "journal d'audit intact : %d entrées vérifiées%s%n", r.entries(),
                        last.map(c -> (en ? " (last checkpoint: seq " : " (dernier point de contrôle : seq ") + c.seq() + ", " + c.hash() + ")")
                                .orElse(""));
            } else if (r.firstBadSeq() != null) {
                out.printf(en ? "first altered entry: seq %d (%s)%n" : "première entrée altérée : seq %d (%s)%n", r.firstBadSeq(),
                        r.problem(Locale.getDefault()));
            } else {
                out.printf(en ? "audit log cannot be verified: %s%n" : "journal d'audit non vérifiable : %s%n", r.problem(Locale.getDefault()));
            }
            coverage(out, r, en);
        }

        /** What each part of the log is protected by, so that an upgraded store's older entries are not over-trusted. */
        private static void coverage(java.io.PrintWriter out, AuditLog.VerifyResult r, boolean en) {
            long n = r.entries();
            if (n > 0 && r.unsignedUpTo() >= n) {
                out.println(en ? "entries 1 to " + r.unsignedUpTo() + " predate the per-entry MAC: covered only by the chain, the checkpoints and the anchor file"
                        : "entrées 1 à " + r.unsignedUpTo() + " antérieures au MAC par entrée : couvertes seulement par le chaînage, les points de contrôle et le fichier d'ancrage");
            } else if (r.unsignedUpTo() > 0) {
                out.println(en ? "entries 1 to " + r.unsignedUpTo() + " predate the per-entry MAC: covered by the chain up to entry "
                        + (r.unsignedUpTo() + 1) + ", the first signed one; entries " + (r.unsignedUpTo() + 1) + " to " + n + " each carry a MAC"
                        : "entrées 1 à " + r.unsignedUpTo() + " antérieures au MAC par entrée : couvertes par le chaînage jusqu'à l'entrée "
                        + (r.unsignedUpTo() + 1) + ", la première signée ; entrées " + (r.unsignedUpTo() + 1) + " à " + n + " signées chacune");
            }
            if (r.anchoredFrom() != null && r.anchoredFrom() > r.unsignedUpTo()) {
                // only the data directory's writer can lose the file; a database writer cannot cause this
                out.println(en ? "WARNING: the anchor file began at " + r.anchoredFrom() + " entries although entries " + (r.unsignedUpTo() + 1)
                        + " on were already signed: it was deleted or lost (or this data directory was just added to a shared store); compare with the anchors deposited elsewhere (--anchor)"
                        : "ATTENTION : le fichier d'ancrage commence à " + r.anchoredFrom() + " entrées alors que les entrées à partir de la "
                        + (r.unsignedUpTo() + 1) + " étaient déjà signées : il a été supprimé ou perdu (ou ce dossier de données vient d'être ajouté à un stockage partagé) ; comparez avec les ancrages déposés ailleurs (--anchor)");
            } else if (r.anchoredFrom() != null && r.anchoredFrom() > 0) {
                out.println(en ? "the anchor file anchors the log from " + r.anchoredFrom() + " entries on: a truncation below that count shows only against an anchor deposited elsewhere (--anchor)"
                        : "le fichier d'ancrage ancre le journal à partir de " + r.anchoredFrom() + " entrées : une troncature en deçà ne se voit qu'avec un ancrage déposé ailleurs (--anchor)");
            }
        }
    }

    @Command(name = "anchor")
    static final class AnchorNow implements Runnable {

        @ParentCommand
        AuditCommand parent;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
        String format;

        @Override
        public void run() {
            AuditLog.Anchor anchor;
            Path file;
            try (Platform platform = parent.root.open()) {
                AuditLog log = open(platform);
                anchor = log.anchorNow();
                file = log.anchorFile();
            }
            var out = parent.root.spec.commandLine().getOut();
            if ("json".equals(format)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("entries", anchor.seq());
                m.put("head", anchor.hash());
                m.put("at", anchor.at());
                m.put("file", file.toString());
                out.println(Json.write(m));
                return;
            }
            out.println(anchor.text());
            out.println(english()
                    ? "# keep this line where the server cannot write (ticket, mail, paper); later: geoeduc audit verify --anchor \"" + anchor.seq() + " " + anchor.hash() + "\"; every anchor so far is in " + file
                    : "# conservez cette ligne là où le serveur ne peut pas écrire (ticket, courriel, papier) ; plus tard : geoeduc audit verify --anchor \"" + anchor.seq() + " " + anchor.hash() + "\" ; tous les ancrages sont dans " + file);
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
