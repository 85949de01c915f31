package fr.geoeduc.app;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.RegistryViews;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Command(name = "convention", subcommands = {ConventionCommand.Create.class, ConventionCommand.Amend.class, ConventionCommand.ListAll.class,
        ConventionCommand.Show.class, ConventionCommand.Status.class, ConventionCommand.Renew.class, ConventionCommand.Cartographie.class,
        ConventionCommand.Registre.class, ConventionCommand.Notice.class, ConventionCommand.Acces.class, ConventionCommand.Livraisons.class,
        ConventionCommand.RotateKey.class})
final class ConventionCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    PrintWriter out() {
        return root.spec.commandLine().getOut();
    }

    static Convention read(Path file) {
        try {
            return Json.MAPPER.readValue(file.toFile(), Convention.class);
        } catch (IOException e) {
            throw new Main.UserError(file + ": not a readable convention JSON document: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Last delivery received per "convention/delivery", from the lineage of the versions it published. */
    static Map<String, LocalDate> received(Platform p) {
        Map<String, LocalDate> out = new HashMap<>();
        for (var s : p.store().datasets()) {
            for (DatasetVersion v : p.store().versions(s.definition().id())) {
                String tool = v.lineage().tool();
                if (tool != null && tool.startsWith("livraison ")) {
                    out.merge(tool.substring("livraison ".length()), v.publishedAt().atZone(ZoneOffset.UTC).toLocalDate(),
                            (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
        return out;
    }

    @Command(name = "create")
    static final class Create implements Runnable {
        @ParentCommand
        ConventionCommand parent;

        @Parameters(index = "0", paramLabel = "FICHIER.json", descriptionKey = "convention.file")
        Path file;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                Convention c = read(file);
                AccessRegistry registry = new AccessRegistry(p.store());
                if (registry.convention(c.id()).isPresent()) {
                    throw new Main.UserError("convention " + c.id() + " exists: use geoeduc convention amend " + c.id() + " FILE");
                }
                Convention saved = CliAudit.record(p, "convention-create", c.id(), c.id(), Map.of("fichier", file.getFileName().toString()),
                        () -> registry.saveConvention(c));
                parent.out().println("Convention enregistrée (brouillon) / saved as draft: " + saved.id() + " v" + saved.version());
            }
        }
    }

    @Command(name = "amend")
    static final class Amend implements Runnable {
        @ParentCommand
        ConventionCommand parent;

        @Parameters(index = "0", paramLabel = "ID", descriptionKey = "convention.id")
        String id;

        @Parameters(index = "1", paramLabel = "FICHIER.json", descriptionKey = "convention.file")
        Path file;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                Convention c = read(file);
                if (!id.equals(c.id())) {
                    throw new Main.UserError("the file describes convention " + c.id() + ", not " + id);
                }
                Convention saved = CliAudit.record(p, "convention-amend", id, id, Map.of("fichier", file.getFileName().toString()),
                        () -> new AccessRegistry(p.store()).saveConvention(c));
                parent.out().println("Avenant enregistré / amendment saved: " + saved.id() + " v" + saved.version()
                        + " (brouillon ; la version précédente est retirée / previous version retired)");
            }
        }
    }

    @Command(name = "list")
    static final class ListAll implements Runnable {
        @ParentCommand
        ConventionCommand parent;

        @Option(names = "--party", descriptionKey = "convention.party")
        String party;

        @Option(names = "--format", defaultValue = "text", descriptionKey = "format")
        String format;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                List<Convention> all = new AccessRegistry(p.store()).conventions();
                if (party != null) {
                    all = RegistryViews.ofParty(all, party);
                }
                if ("json".equals(format)) {
                    parent.out().println(Json.write(all));
                    return;
                }
                LocalDate today = LocalDate.now();
                for (Convention c : all) {
                    parent.out().printf("%-20s v%-3d %-16s %-10s %s → %s  %s%n", c.id(), c.version(), c.number(),
                            c.activeOn(today) ? "ACTIVE" : c.status(), c.lifeCycle().startsOn(), c.lifeCycle().lastDay(), c.title());
                }
            }
        }
    }

    @Command(name = "show")
    static final class Show implements Runnable {
        @ParentCommand
        ConventionCommand parent;

        @Parameters(index = "0", paramLabel = "ID", descriptionKey = "convention.id")
        String id;

        @Option(names = "--html", descriptionKey = "convention.html")
        boolean html;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                AccessRegistry r = new AccessRegistry(p.store());
                Convention c = r.convention(id).orElseThrow(() -> new Main.UserError("unknown convention '" + id + "'"));
                parent.out().println(html ? RegistryViews.printable(c, r.organisations()) : Json.write(c));
            }
        }
    }

    @Command(name = "status")
    static final class Status implements Runnable {
        @ParentCommand
        ConventionCommand parent;

        @Parameters(index = "0", paramLabel = "ID", descriptionKey = "convention.id")
        String id;

        @Parameters(index = "1", paramLabel = "STATUT", descriptionKey = "convention.status")
        String status;

        @Option(names = "--on", descriptionKey = "convention.on")
        LocalDate on;

        @Override
        public void run() {
            Convention.Status to;
            try {
                to = Convention.Status.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Main.UserError("unknown status '" + status + "' (submitted, validated, active, suspended, expired, terminated, revoked)");
            }
            try (Platform p = parent.root.open()) {
                Convention.Status target = to;
                Convention c = CliAudit.record(p, "convention-status", id, id, Map.of("status", to.name()),
                        () -> new AccessRegistry(p.store()).transition(id, target, on));
                parent.out().println(c.id() + " v" + c.version() + " : " + c.status() + " (effet immédiat / effective on the next request)");
            }
        }
    }

    @Command(name = "renew")
    static final class Renew implements Runnable {
        @ParentCommand
        ConventionCommand parent;

        @Parameters(index = "0", paramLabel = "ID", descriptionKey = "convention.id")
        String id;

        @Option(names = "--review", required = true, descriptionKey = "convention.review")
        LocalDate review;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                Convention c = CliAudit.record(p, "convention-renew", id, id, Map.of("revue", review.toString()),
                        () -> new AccessRegistry(p.store()).renew(id, review));
                parent.out().println(c.id() + " reconduite jusqu'au / renewed until " + c.lifeCycle().lastDay());
            }
        }
    }

    @Command(name = "rotate-key")
    static final class RotateKey implements Runnable {
        @ParentCommand
        ConventionCommand parent;

        @Parameters(index = "0", paramLabel = "ID", descriptionKey = "convention.id")
        String id;

        @Option(names = "--correspondance", required = true, paramLabel = "FICHIER", descriptionKey = "convention.correspondance")
        java.nio.file.Path table;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                fr.geoeduc.core.query.AccessServices access = p.access();
                Convention c = access.registry().convention(id).orElseThrow(() -> new IllegalArgumentException("unknown convention " + id));
                long[] pairs = {-1};
                AccessRegistry.RotatedKey[] keys = new AccessRegistry.RotatedKey[1];
                try {
                    access.registry().rotateKey(id, k -> {
                        keys[0] = k;
                        pairs[0] = CorrespondenceFile.write(table,
                                w -> fr.geoeduc.core.privacy.PseudonymCorrespondence.write(p.store(), access.registry(), c, k, w));
                    });
                } catch (RuntimeException notRotated) {
                    // the table is valid only if its new key was recorded after all (a commit may succeed and still
                    // report an error); if another rotation won, or the key cannot be read, it must not be handed over
                    if (pairs[0] >= 0 && keys[0] != null) {
                        Boolean recorded = newKeyRecorded(p.store(), keys[0]);
                        if (recorded == null) {
                            parent.out().println("attention : impossible de relire la clé ; " + table + " n'est valable que si la rotation a été enregistrée"
                                    + " / cannot read the key back: " + table + " is valid only if the rotation was recorded");
                        } else if (!recorded) {
                            deleteVoidTable();
                        }
                    }
                    throw notRotated;
                }
                String datasets = c.scopes().stream().map(Convention.DataScope::dataset).distinct().collect(java.util.stream.Collectors.joining(","));
                access.audit().append(fr.geoeduc.core.access.AuditEntry.granted(java.time.Instant.now(), "cli", null, c.id() + "@" + c.version(),
                        datasets, "rotation-cle", java.util.Map.of("paires", String.valueOf(pairs[0])), pairs[0], null));
                parent.out().println("Clé de pseudonymisation renouvelée / pseudonymisation key rotated: " + id + " ; " + pairs[0]
                        + " correspondance(s) ancien → nouveau pseudonyme dans / pairs in " + table
                        + " (à remettre au destinataire / for the recipient; l'ancienne clé n'est pas conservée / the old key is not kept)");
            }
        }
        /** Whether the convention's key is now the rotation's new key; null when it cannot be read. */
        private static Boolean newKeyRecorded(fr.geoeduc.core.store.Store store, AccessRegistry.RotatedKey keys) {
            try {
                // a fresh registry: read from the database, not from a cache
                return java.util.Arrays.equals(new AccessRegistry(store).pseudonymKey(keys.conventionId()), keys.current());
            } catch (RuntimeException cannotTell) {
                return null;
            }
        }

        /** The key was not replaced after the table was written: the table would mislead the recipient. */
        private void deleteVoidTable() {
            try {
                java.nio.file.Files.deleteIfExists(table);
            } catch (java.io.IOException e) {
                parent.out().println("attention : " + table + " ne correspond à aucune clé, supprimez-le / does not match any key, delete it");
            }
        }
    }

    @Command(name = "cartographie")
    static final class Cartographie implements Runnable {
        @ParentCommand
        ConventionCommand parent;

        @Option(names = "--format", defaultValue = "json", descriptionKey = "convention.mapFormat")
        String format;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                AccessRegistry r = new AccessRegistry(p.store());
                RegistryViews.Map_ map = RegistryViews.cartographie(r.conventions(), r.organisations());
                parent.out().println(switch (format) {
                    case "svg" -> RegistryViews.cartographieSvg(map);
                    case "html" -> "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Cartographie des échanges</title>"
                            + "<h1>Cartographie des échanges de données</h1>" + RegistryViews.cartographieSvg(map) + "</html>";
                    default -> Json.write(map);
                });
            }
        }
    }

    @Command(name = "registre")
    static final class Registre implements Runnable {
        @ParentCommand
        ConventionCommand parent;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                parent.out().println(Json.write(RegistryViews.registreArt30(new AccessRegistry(p.store()).conventions())));
            }
        }
    }

    @Command(name = "notice")
    static final class Notice implements Runnable {
        @ParentCommand
        ConventionCommand parent;

        @Parameters(index = "0", paramLabel = "ID", descriptionKey = "convention.id")
        String id;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                AccessRegistry r = new AccessRegistry(p.store());
                Convention c = r.convention(id).orElseThrow(() -> new Main.UserError("unknown convention '" + id + "'"));
                parent.out().print(RegistryViews.noticeFamilles(c, r.organisations()));
            }
        }
    }

    @Command(name = "acces")
    static final class Acces implements Runnable {
        @ParentCommand
        ConventionCommand parent;

        @Parameters(index = "0", paramLabel = "DATASET", descriptionKey = "datasetId")
        String dataset;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                parent.out().println(Json.write(RegistryViews.access(new AccessRegistry(p.store()).conventions(), dataset, LocalDate.now())));
            }
        }
    }

    @Command(name = "livraisons")
    static final class Livraisons implements Runnable {
        @ParentCommand
        ConventionCommand parent;

        @Option(names = "--late", descriptionKey = "convention.late")
        boolean lateOnly;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                var all = RegistryViews.deliveries(new AccessRegistry(p.store()).conventions(), received(p), LocalDate.now());
                for (RegistryViews.DueDelivery d : all) {
                    if (!lateOnly || d.late()) {
                        parent.out().printf("%-20s %-24s %-40s échéance %s  %s%n", d.convention(), d.delivery(), d.dataset(), d.due(),
                                d.late() ? "EN RETARD / LATE" : d.lastReceived() == null ? "à venir" : "reçue le " + d.lastReceived());
                    }
                }
            }
        }
    }
}
