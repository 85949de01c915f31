package fr.geoeduc.app;

import fr.geoeduc.core.join.FieldAggregation;
import fr.geoeduc.core.join.JoinException;
import fr.geoeduc.core.join.JoinKind;
import fr.geoeduc.core.join.JoinService;
import fr.geoeduc.core.join.JoinSpec;
import fr.geoeduc.core.join.KeyPair;
import fr.geoeduc.core.quality.RuleResult;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code geoeduc join}: joins two datasets by key (or by commune through the COG history) and publishes the result as a
 * derived dataset. Reads both inputs through the query service as the caller ({@code --api-key}: a restricted input
 * needs the key of a client whose organisation holds an active convention).
 */
@Command(name = "join")
final class JoinCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @Option(names = "--left", required = true, paramLabel = "ID", descriptionKey = "join.left")
    String left;

    @Option(names = "--right", required = true, paramLabel = "ID", descriptionKey = "join.right")
    String right;

    @Option(names = "--on", paramLabel = "GAUCHE=DROITE", descriptionKey = "join.on")
    List<String> on = new ArrayList<>();

    @Option(names = "--commune", paramLabel = "GAUCHE=DROITE", descriptionKey = "join.commune")
    List<String> commune = new ArrayList<>();

    @Option(names = "--kind", paramLabel = "inner|left|full", defaultValue = "left", descriptionKey = "join.kind")
    String kind;

    @Option(names = "--aggregate", paramLabel = "CHAMP:FONCTION[:POIDS]", descriptionKey = "join.aggregate")
    List<String> aggregate = new ArrayList<>();

    @Option(names = "--fan-out", descriptionKey = "join.fanOut")
    boolean fanOut;

    @Option(names = "--as", required = true, paramLabel = "ID", descriptionKey = "join.as")
    String as;

    @Option(names = "--title", paramLabel = "TITRE", descriptionKey = "join.title")
    String title;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "10000000", descriptionKey = "join.maxRows")
    long maxRows;

    @Option(names = "--api-key", paramLabel = "CLE", descriptionKey = "join.apiKey")
    String apiKey;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
    String format;

    @Override
    public void run() {
        JoinService.Outcome o;
        try {
            List<KeyPair> keys = new ArrayList<>();
            on.forEach(k -> keys.add(KeyPair.parse(k, false)));
            commune.forEach(k -> keys.add(KeyPair.parse(k, true)));
            JoinSpec spec = new JoinSpec(left, right, keys, JoinKind.parse(kind), aggregate.stream().map(FieldAggregation::parse).toList(),
                    fanOut, as, title, maxRows);
            try (Platform platform = root.open()) {
                Caller caller = apiKey == null ? Caller.INTERNAL : new Caller("cli", apiKey);
                o = new JoinService(platform.access().queries(), platform.store()).run(caller, spec, new CliProgress());
            }
        } catch (JoinException e) {
            throw new Main.UserError(e.getMessage() + " — rien n'est publié / nothing was published");
        }
        var out = root.spec.commandLine().getOut();
        if ("json".equals(format)) {
            out.println(Json.write(Map.of("version", o.version(), "quality", o.report(), "restricted", o.restricted())));
            return;
        }
        out.printf("Publié / published: %s version %d — %d lignes/rows, %d champs/fields%s%n", as, o.version().number(),
                o.version().rowCount(), o.version().schema().size(), o.restricted() ? " — RESTREINT / RESTRICTED (une entrée l'est / an input is)" : "");
        out.printf("Entrées / inputs: %s%n", String.join(", ", o.version().lineage().parents()));
        for (RuleResult r : o.report().results()) {
            out.printf("  %-9s %-30s %8d  %s%n", r.severity(), r.rule(), r.count(), r.title());
        }
        out.printf("Détail / details: geoeduc quality %s --version %d%n", as, o.version().number());
    }
}
