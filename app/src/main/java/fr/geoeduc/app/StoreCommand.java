package fr.geoeduc.app;

import fr.geoeduc.core.store.Json;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.ingest.StoreCopy;
import fr.geoeduc.core.store.Stores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "store", subcommands = {StoreCommand.Copy.class})
final class StoreCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "copy")
    static final class Copy implements Callable<Integer> {

        @ParentCommand
        StoreCommand parent;

        @Option(names = "--from", required = true, paramLabel = "STORE", descriptionKey = "store.from")
        String from;

        @Option(names = "--to", required = true, paramLabel = "STORE", descriptionKey = "store.to")
        String to;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
        String format;

        @Override
        public Integer call() {
            var out = parent.root.spec.commandLine().getOut();
            StoreCopy.Report report;
            try (Store source = Stores.open(from); Store target = Stores.open(to)) {
                report = StoreCopy.copy(source, target, new CliProgress());
            }
            if ("json".equals(format)) {
                out.println(Json.write(report));
            } else {
                report.referentiels().forEach((k, n) -> out.printf("référentiel %-12s %6d%n", k, n));
                out.printf("historique COG %13d événements%n", report.communeEvents());
                for (StoreCopy.CopiedVersion v : report.versions()) {
                    out.printf("%-75s v%-3d %9d lignes  %s  %s%n", v.datasetId(), v.version(), v.targetRows(),
                            v.targetHash().substring(0, 16), v.verified() ? "OK" : "DIFFÉRENT / MISMATCH (source " + v.sourceRows()
                                    + " lignes, " + v.sourceHash().substring(0, 16) + ")");
                }
                out.println(report.verified() ? "Copie vérifiée / copy verified: mêmes comptes et empreintes / same counts and hashes."
                        : "ÉCHEC de la vérification / verification FAILED");
            }
            return report.verified() ? 0 : 4;
        }
    }
}
