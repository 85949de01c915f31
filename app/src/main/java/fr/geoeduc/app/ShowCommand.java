package fr.geoeduc.app;

import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Command(name = "show")
final class ShowCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @Parameters(index = "0", paramLabel = "ID", descriptionKey = "datasetId")
    String id;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
    String format;

    @Override
    public void run() {
        DatasetDefinition def;
        Optional<DatasetVersion> latest;
        try (Platform platform = root.open()) {
            def = platform.store().dataset(id).orElseThrow(() -> new Main.UserError(
                    "unknown dataset '" + id + "' (jeu inconnu); list them with: geoeduc datasets"));
            latest = platform.store().latest(id);
        }
        List<Field> fields = latest.map(v -> v.schema().fields()).orElse(def.fields());
        var out = root.spec.commandLine().getOut();
        if ("json".equals(format)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dataset", def);
            m.put("latest_version", latest.orElse(null));
            out.println(Json.write(m));
            return;
        }
        out.println(def.title() + "  (" + def.id() + ")");
        line(out, "Description", def.description());
        line(out, "Producteur / producer", def.producer());
        line(out, "Licence", def.licence());
        line(out, "Accès / access", def.accessLevel().code());
        line(out, "Mots-clés / keywords", String.join(", ", def.keywords()));
        line(out, "Thèmes / themes", String.join(", ", def.themes()));
        line(out, "Fréquence / frequency", def.frequency());
        line(out, "Couverture temporelle", def.temporalCoverage());
        line(out, "Couverture spatiale", def.spatialCoverage());
        line(out, "Clé / key", String.join(" + ", def.key()));
        latest.ifPresent(v -> {
            line(out, "Dernière version / latest", "v" + v.number() + " du " + v.publishedAt() + ", " + v.rowCount() + " lignes");
            line(out, "Source", v.lineage().source() + " (sha256 " + v.lineage().sha256() + ")");
        });
        out.println();
        out.printf("%-45s %-13s %-8s %s%n", "CHAMP / FIELD", "TYPE", "UNITÉ", "LIBELLÉ / LABEL");
        for (Field f : fields) {
            out.printf("%-45s %-13s %-8s %s%s%n", f.name(), f.type().apiName(), f.unit() == null ? "" : f.unit(), f.label(),
                    "derived".equals(f.origin()) ? "  [calculé]" : "");
        }
    }

    private static void line(java.io.PrintWriter out, String label, String value) {
        if (value != null && !value.isBlank()) {
            out.printf("  %-26s %s%n", label + ":", value);
        }
    }
}
