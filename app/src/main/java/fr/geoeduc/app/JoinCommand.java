package fr.geoeduc.app;

import fr.geoeduc.core.join.FieldAggregation;
import fr.geoeduc.core.join.JoinException;
import fr.geoeduc.core.join.JoinKind;
import fr.geoeduc.core.join.JoinPlan;
import fr.geoeduc.core.join.JoinPlanParser;
import fr.geoeduc.core.join.JoinSpecs;
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
@Command(name = "join", subcommands = JoinCommand.Refresh.class)
final class JoinCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "SPEC.yaml", descriptionKey = "join.spec")
    java.nio.file.Path specFile;

    @Option(names = "--left", paramLabel = "ID", descriptionKey = "join.left")
    String left;

    @Option(names = "--right", paramLabel = "ID", descriptionKey = "join.right")
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

    @Option(names = "--as", paramLabel = "ID", descriptionKey = "join.as")
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
        if (specFile != null) {
            if (left != null || right != null || !on.isEmpty() || !commune.isEmpty()) {
                throw new Main.UserError("un fichier de spécification ou --left/--right/--on, pas les deux / a spec file or options, not both");
            }
            String text;
            try {
                text = java.nio.file.Files.readString(specFile);
            } catch (java.io.IOException e) {
                throw new Main.UserError(specFile + " : fichier illisible / cannot read: " + e.getMessage());
            }
            runPlan(root, parse(text, specFile.getFileName().toString()), apiKey, format);
            return;
        }
        if (left == null || right == null || as == null) {
            throw new Main.UserError("--left, --right et --as sont requis (ou un fichier SPEC.yaml) / --left, --right and --as are "
                    + "required (or a SPEC.yaml file)");
        }
        JoinService.Outcome o;
        JoinPlan saved;
        try {
            List<KeyPair> keys = new ArrayList<>();
            on.forEach(k -> keys.add(KeyPair.parse(k, false)));
            commune.forEach(k -> keys.add(KeyPair.parse(k, true)));
            JoinSpec spec = new JoinSpec(left, right, keys, JoinKind.parse(kind), aggregate.stream().map(FieldAggregation::parse).toList(),
                    fanOut, as, title, maxRows);
            saved = parse(asYaml(), as + ".yaml");
            try (Platform platform = root.open()) {
                Caller caller = apiKey == null ? Caller.INTERNAL : new Caller("cli", apiKey);
                o = new JoinService(platform.access().queries(), platform.store()).run(caller, spec, new CliProgress());
                specs(platform).save(saved);
            }
        } catch (JoinException e) {
            throw new Main.UserError(e.getMessage() + " — rien n'est publié / nothing was published");
        }
        print(root, o, as, format);
    }

    /** The options as a spec file, kept for {@code join refresh}. */
    private String asYaml() {
        StringBuilder y = new StringBuilder();
        y.append("id: ").append(Json.write(as)).append('\n');
        if (title != null) {
            y.append("title: ").append(Json.write(title)).append('\n');
        }
        y.append("from: ").append(Json.write(left)).append('\n').append("max_rows: ").append(maxRows).append('\n');
        y.append("joins:\n  - dataset: ").append(Json.write(right)).append('\n').append("    how: ").append(kind).append('\n');
        if (!on.isEmpty()) {
            y.append("    on: ").append(Json.write(on)).append('\n');
        }
        if (!commune.isEmpty()) {
            y.append("    commune: ").append(Json.write(commune)).append('\n');
        }
        if (!aggregate.isEmpty()) {
            y.append("    aggregate: ").append(Json.write(aggregate)).append('\n');
        }
        if (fanOut) {
            y.append("    fan_out: true\n");
        }
        return y.toString();
    }

    private static JoinPlan parse(String text, String name) {
        try {
            return JoinPlanParser.parse(text, name);
        } catch (JoinException e) {
            throw new Main.UserError(e.getMessage() + " — rien n'est publié / nothing was published");
        }
    }

    static JoinSpecs specs(Platform platform) {
        return new JoinSpecs(platform.dataDir().resolve("jointures"));
    }

    static void runPlan(GeoeducCommand root, JoinPlan plan, String apiKey, String format) {
        JoinService.PlanOutcome o;
        try (Platform platform = root.open()) {
            Caller caller = apiKey == null ? Caller.INTERNAL : new Caller("cli", apiKey);
            o = new JoinService(platform.access().queries(), platform.store()).run(caller, plan, new CliProgress());
            specs(platform).save(plan);
        } catch (JoinException e) {
            throw new Main.UserError(e.getMessage() + " — rien n'est publié / nothing was published");
        }
        print(root, o.outcome(), plan.id(), format);
    }

    private static void print(GeoeducCommand root, JoinService.Outcome o, String as, String format) {
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

    /** {@code geoeduc join refresh ID}: runs a published jointure's spec again on its inputs' latest versions. */
    @Command(name = "refresh")
    static final class Refresh implements Runnable {

        @picocli.CommandLine.ParentCommand
        JoinCommand parent;

        @picocli.CommandLine.Parameters(index = "0", paramLabel = "ID", descriptionKey = "join.refresh.id")
        String id;

        @Option(names = "--force", descriptionKey = "join.refresh.force")
        boolean force;

        @Option(names = "--api-key", paramLabel = "CLE", descriptionKey = "join.apiKey")
        String apiKey;

        @Override
        public void run() {
            GeoeducCommand root = parent.root;
            var out = root.spec.commandLine().getOut();
            JoinPlan plan;
            List<String> changed;
            try (Platform platform = root.open()) {
                plan = specs(platform).load(id).orElseThrow(() -> new Main.UserError("aucune jointure publiée sous / no jointure published as '"
                        + id + "' (geoeduc join SPEC.yaml d'abord / first)"));
                Caller caller = apiKey == null ? Caller.INTERNAL : new Caller("cli", apiKey);
                changed = new JoinService(platform.access().queries(), platform.store()).changedInputs(caller, plan);
            } catch (JoinException e) {
                throw new Main.UserError(e.getMessage());
            }
            if (changed.isEmpty() && !force) {
                out.printf("%s est à jour : aucune entrée n'a de nouvelle version (--force pour relancer) / up to date%n", id);
                return;
            }
            out.printf("Nouvelles versions / new versions: %s%n", changed.isEmpty() ? "aucune (--force)" : String.join(", ", changed));
            runPlan(root, plan, apiKey, "text");
        }
    }
}
