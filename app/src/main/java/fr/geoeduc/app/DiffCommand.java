package fr.geoeduc.app;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.core.version.VersionDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "diff")
final class DiffCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @Parameters(index = "0", paramLabel = "ID", descriptionKey = "datasetId")
    String id;

    @Parameters(index = "1", paramLabel = "A", descriptionKey = "diff.from")
    int from;

    @Parameters(index = "2", paramLabel = "B", descriptionKey = "diff.to")
    int to;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N", descriptionKey = "diff.limit")
    int limit;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
    String format;

    @Override
    public void run() {
        VersionDiff.Result diff;
        try (Platform platform = root.open()) {
            DatasetVersion a = Versions.resolve(platform, id, from);
            DatasetVersion b = Versions.resolve(platform, id, to);
            diff = new VersionDiff(limit).compare(platform.store(), a, b, platform.store().dataset(id).orElseThrow().key(), new CliProgress());
        }
        var out = root.spec.commandLine().getOut();
        if ("json".equals(format)) {
            out.println(Json.write(diff));
            return;
        }
        out.printf("%s : v%d → v%d, clé/key %s%n", id, from, to, !diff.keyFields().isEmpty() ? String.join(" + ", diff.keyFields())
                : diff.pairedBy() == null ? "(ligne entière / whole row)"
                : "(ligne entière ; lignes modifiées appariées par / whole row; changed rows paired by " + diff.pairedBy() + ")");
        out.printf("  ajoutées/added %d, supprimées/removed %d, modifiées/changed %d, inchangées/unchanged %d%n",
                diff.addedCount(), diff.removedCount(), diff.changedCount(), diff.unchanged());
        if (!diff.fieldsAdded().isEmpty()) {
            out.println("  champs ajoutés / fields added: " + String.join(", ", diff.fieldsAdded()));
        }
        if (!diff.fieldsRemoved().isEmpty()) {
            out.println("  champs retirés / fields removed: " + String.join(", ", diff.fieldsRemoved()));
        }
        diff.added().forEach(k -> out.println("  + " + k));
        diff.removed().forEach(k -> out.println("  - " + k));
        for (VersionDiff.RowChange c : diff.changed()) {
            out.println("  ~ " + c.key());
            c.changes().forEach(f -> out.printf("      %s: «%s» → «%s»%n", f.field(), f.before(), f.after()));
        }
    }
}
