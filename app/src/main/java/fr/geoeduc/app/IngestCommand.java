package fr.geoeduc.app;

import fr.geoeduc.core.ingest.IngestRefused;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.quality.QualityText;
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

    @Option(names = "--refuse-on-error", descriptionKey = "ingest.refuseOnError")
    boolean refuseOnError;

    @Option(names = "--owner", paramLabel = "ORG", descriptionKey = "ingest.owner")
    String owner;

    @Option(names = "--titre", paramLabel = "TITRE", descriptionKey = "ingest.title")
    String title;

    @Option(names = "--description", paramLabel = "TEXTE", descriptionKey = "ingest.description")
    String description;

    @Override
    public Integer call() {
        IngestRequest request = new IngestRequest(source, dataset, access == null ? null : AccessLevel.fromCode(access),
                charset(encoding), delimiter(delimiter)).titled(title, description);
        if (refuseOnError) {
            request = request.refusingOnError();
        }
        var out = root.spec.commandLine().getOut();
        IngestResult result;
        try (Platform platform = root.open()) {
            fr.geoeduc.core.access.AccessRegistry registry = owner == null ? null : new fr.geoeduc.core.access.AccessRegistry(platform.store());
            if (registry != null && registry.organisation(owner).isEmpty()) { // checked before anything is published
                throw new Main.UserError("--owner: organisation inconnue / unknown organisation '" + owner + "' (geoeduc org create)");
            }
            try {
                result = platform.ingester().ingest(request, new CliProgress());
            } catch (IngestRefused refused) {
                out.print(QualityText.render(refused.report(), 0).replaceFirst(" v0 — ", " — "));
                out.flush();
                root.spec.commandLine().getErr().println("geoeduc: " + refused.getMessage());
                return 3;
            }
            if (registry != null) {
                registry.setDatasetOwner(dataset, owner);
            }
        }
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
            for (String note : result.quality().notes()) {
                out.printf("Note : %s%n", note);
            }
            out.printf("Détail / details: geoeduc quality %s --version %d%n", dataset, result.version().number());
        }
        return failOnError && result.quality().count(Severity.ERROR) > 0 ? 3 : 0;
    }

    /** The charset named by --encoding; an unknown name is a user error that lists usual names. */
    static Charset charset(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Charset.forName(name.strip());
        } catch (java.nio.charset.IllegalCharsetNameException | java.nio.charset.UnsupportedCharsetException e) {
            boolean en = "en".equals(java.util.Locale.getDefault().getLanguage());
            throw new Main.UserError(en
                    ? "--encoding: unknown encoding '" + name + "'; use UTF-8 (the default), windows-1252 or ISO-8859-1 (Latin-1, "
                            + "files re-saved by Excel on Windows), or another Java charset name"
                    : "--encoding : encodage inconnu « " + name + " » ; utilisez UTF-8 (par défaut), windows-1252 ou ISO-8859-1 "
                            + "(Latin-1, fichiers réenregistrés par Excel sous Windows), ou un autre nom de jeu de caractères Java");
        }
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
