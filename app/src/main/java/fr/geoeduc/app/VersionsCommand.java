package fr.geoeduc.app;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;

@Command(name = "versions")
final class VersionsCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @Parameters(index = "0", paramLabel = "ID", descriptionKey = "datasetId")
    String id;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
    String format;

    @Override
    public void run() {
        List<DatasetVersion> versions;
        try (Platform platform = root.open()) {
            Versions.resolve(platform, id, null);
            versions = platform.store().versions(id);
        }
        var out = root.spec.commandLine().getOut();
        if ("json".equals(format)) {
            out.println(Json.write(versions));
            return;
        }
        out.printf("%-7s %-28s %9s  %-18s %s%n", "VERSION", "PUBLIÉE / PUBLISHED", "LIGNES", "SHA-256", "SOURCE");
        for (DatasetVersion v : versions) {
            out.printf("%-7d %-28s %9d  %-18s %s%n", v.number(), v.publishedAt(), v.rowCount(),
                    v.lineage().sha256().substring(0, 16) + "…", v.lineage().source());
        }
    }
}
