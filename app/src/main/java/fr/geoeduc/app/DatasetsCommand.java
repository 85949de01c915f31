package fr.geoeduc.app;

import fr.geoeduc.core.store.DatasetSummary;
import fr.geoeduc.core.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "datasets")
final class DatasetsCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
    String format;

    @Override
    public void run() {
        List<DatasetSummary> all;
        try (Platform platform = root.open()) {
            all = platform.store().datasets();
        }
        var out = root.spec.commandLine().getOut();
        if ("json".equals(format)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (DatasetSummary s : all) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.definition().id());
                m.put("title", s.definition().title());
                m.put("access", s.definition().accessLevel().code());
                m.put("versions", s.versionCount());
                m.put("rows", s.latest().map(v -> v.rowCount()).orElse(0L));
                m.put("published_at", s.latest().map(v -> v.publishedAt().toString()).orElse(null));
                rows.add(m);
            }
            out.println(Json.write(rows));
            return;
        }
        if (all.isEmpty()) {
            out.println("Aucun jeu de données. / No dataset yet: geoeduc ingest FILE --dataset ID");
            return;
        }
        out.printf("%-72s %-10s %8s %9s  %s%n", "ID", "ACCÈS", "VERSIONS", "LIGNES", "TITRE");
        for (DatasetSummary s : all) {
            out.printf("%-72s %-10s %8d %9d  %s%n", s.definition().id(), s.definition().accessLevel().code(), s.versionCount(),
                    s.latest().map(v -> v.rowCount()).orElse(0L), s.definition().title());
        }
    }
}
