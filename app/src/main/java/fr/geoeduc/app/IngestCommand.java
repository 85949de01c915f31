package fr.geoeduc.app;

import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.quality.RuleResult;
import fr.geoeduc.core.quality.Severity;
import fr.geoeduc.core.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.charset.Charset;
import java.util.concurrent.Callable;

@Command(name = "ingest")
final class IngestCommand implements Callable<Integer> {

    @ParentCommand
    GeoeducCommand root;

    @Parameters(index = "0", paramLabel = "FICHIER|URL", descriptionKey = "ingest.source")
    String source;

    @Option(names = "--dataset", required = true, paramLabel = "ID", descriptionKey = "ingest.dataset")
    String dataset;

    @Option(names = "--access", paramLabel = "open|restricted", descriptionKey = "ingest.access")
    String access;

    @Option(names = "--encoding", paramLabel = "CHARSET", descriptionKey = "ingest.encoding")
    String encoding;

    @Option(names = "--delimiter", paramLabel = "C", descriptionKey = "ingest.delimiter")
    String delimiter;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
    String format;

    @Option(names = "--fail-on-error", descriptionKey = "ingest.failOnError")
    boolean failOnError;

    @Option(names = "--owner", paramLabel = "ORG", descriptionKey = "ingest.owner")
    String owner;

    @Override
    public Integer call() {
        IngestRequest request = new IngestRequest(source, dataset, access == null ? null : AccessLevel.fromCode(access),
                encoding == null ? null : Charset.forName(encoding), delimiter(delimiter));
        IngestResult result;
        try (Platform platform = root.open()) {
            fr.geoeduc.core.access.AccessRegistry registry = owner == null ? null : new fr.geoeduc.core.access.AccessRegistry(platform.store());
            if (registry != null && registry.organisation(owner).isEmpty()) { // checked before anything is published
                throw new Main.UserError("--owner: organisation inconnue / unknown organisation '" + owner + "' (geoeduc org create)");
            }
            result = platform.ingester().ingest(request, new CliProgress());
            if (registry != null) {
                registry.setDatasetOwner(dataset, owner);
            }
        }
        var out = root.spec.commandLine().getOut();
        if ("json".equals(format)) {
            out.println(Json.write(java.util.Map.of("version", result.version(), "quality", result.quality())));
        } else {
            out.printf("Publié / published: %s version %d — %d lignes/rows, %d champs/fields%n", dataset,
                    result.version().number(), result.version().rowCount(), result.version().schema().size());
            out.printf("Source: %s (sha256 %s, %s)%n", result.version().lineage().source(),
                    result.version().lineage().sha256().substring(0, 16) + "…", result.version().lineage().format());
            for (RuleResult r : result.quality().results()) {
                out.printf("  %-9s %-24s %7d  %s%n", r.severity(), r.rule(), r.count(), r.title());
            }
            out.printf("Détail / details: geoeduc quality %s --version %d%n", dataset, result.version().number());
        }
        return failOnError && result.quality().count(Severity.ERROR) > 0 ? 3 : 0;
    }

    static Character delimiter(String text) {
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "tab", "\\t", "\t" -> '\t';
            case ";", ",", "|" -> text.charAt(0);
            default -> throw new Main.UserError("--delimiter must be ';', ',', '|' or tab, not '" + text + "'");
        };
    }
}
