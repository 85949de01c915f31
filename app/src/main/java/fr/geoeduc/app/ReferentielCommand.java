package fr.geoeduc.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.List;

@Command(name = "referentiel", subcommands = {ReferentielCommand.Load.class, ReferentielFetchCommand.class, ReferentielListCommand.class,
        ReferentielCommand.Commune.class})
final class ReferentielCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code geoeduc referentiel commune CODE --date AAAA-MM-JJ}: the commune of a code at a date, forward and backward. */
    @Command(name = "commune")
    static final class Commune implements Runnable {

        @ParentCommand
        ReferentielCommand parent;

        @Parameters(index = "0", paramLabel = "CODE", descriptionKey = "referentiel.commune.code")
        String code;

        @Option(names = "--date", paramLabel = "AAAA-MM-JJ", descriptionKey = "referentiel.commune.date")
        java.time.LocalDate date;

        @Override
        public void run() {
            var out = parent.root.spec.commandLine().getOut();
            java.time.LocalDate at = date == null ? java.time.LocalDate.now() : date;
            try (Platform platform = parent.root.open()) {
                var history = fr.geoeduc.core.referentiel.Referentiels.from(platform.store()).history();
                if (history.isEmpty()) {
                    throw new Main.UserError("aucun historique du COG chargé (geoeduc referentiel fetch) / no COG history loaded");
                }
                String forward = history.communeAt(code, at);
                out.printf("%s le %s : commune %s%s%n", code, at, forward, history.name(forward).map(n -> " (" + n + ")").orElse(""));
                out.printf("Codes du %s qui forment aujourd'hui %s / codes of that date making up %s today : %s%n", at, code, code,
                        String.join(", ", history.codesAt(code, at)));
            }
        }
    }

    @Command(name = "load")
    static final class Load implements Runnable {

        @ParentCommand
        ReferentielCommand parent;

        @Parameters(index = "0", paramLabel = "TYPE", descriptionKey = "referentiel.kind")
        String kind;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "FICHIER", descriptionKey = "referentiel.files")
        List<Path> files;

        @Option(names = "--millesime", paramLabel = "AAAA", descriptionKey = "referentiel.millesime")
        String millesime;

        @Override
        public void run() {
            String k = normalise(kind);
            var out = parent.root.spec.commandLine().getOut();
            try (Platform platform = parent.root.open()) {
                int total = 0;
                for (Path file : files) {
                    int n;
                    if (k.equals("ban")) {
                        for (var c : new fr.geoeduc.core.adresse.BanLoader(platform.ingester(), platform.dataDir().resolve("downloads"))
                                .load(file, fr.geoeduc.core.ingest.ProgressListener.NONE)) {
                            BanFetchCommand.print(out, c);
                            total += (int) c.adresses();
                        }
                        continue;
                    }
                    if (k.equals("cog-mouvements")) {
                        n = platform.referentiels().loadCommuneEvents(file);
                    } else {
                        String m = millesime;
                        if (m == null) { // the year the file's name (or folder's) gives, said; else "non renseigné", warned
                            var lu = fr.geoeduc.core.referentiel.Millesimes.fromFileName(file);
                            if (lu.isPresent()) {
                                m = lu.get().millesime();
                                out.printf("Millésime %s lu dans le %s %s (--millesime pour en donner un autre) / millésime %s read from "
                                        + "the file's name%n", m, lu.get().source(), file, m);
                            } else {
                                out.printf("Attention : sans --millesime et sans année dans son nom, %s est chargé comme « millésime non "
                                        + "renseigné », plus ancien que tout millésime nommé : il n'est servi (OGC API referentiel-%ss, cartes) "
                                        + "que là où aucun millésime nommé n'est chargé / loaded without a millésime%n", file, k);
                            }
                        }
                        var load = platform.referentiels().load(k, file, m);
                        n = load.count();
                        load.repairs().forEach(r -> out.printf("Attention : %s%n", r));
                    }
                    out.printf("%s : %d %s chargé(e)s / loaded%n", file, n, k.equals("cog-mouvements") ? "événements" : k + "s");
                    total += n;
                }
                if (files.size() > 1) {
                    out.printf("Total : %d%n", total);
                }
            }
        }

        private static String normalise(String kind) {
            return switch (kind.toLowerCase(java.util.Locale.ROOT)) {
                case "commune", "communes" -> "commune";
                case "departement", "departements", "département", "départements" -> "departement";
                case "region", "regions", "région", "régions" -> "region";
                case "academie", "academies", "académie", "académies" -> "academie";
                case "cog-mouvements", "cog", "mouvements", "historique" -> "cog-mouvements";
                case "ban", "adresses" -> "ban";
                default -> throw new Main.UserError("unknown référentiel type '" + kind
                        + "' (expected communes, departements, regions, academies, cog-mouvements or ban)");
            };
        }
    }

}
