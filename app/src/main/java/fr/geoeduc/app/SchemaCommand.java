package fr.geoeduc.app;

import fr.geoeduc.core.metadata.MetadataEditor;
import fr.geoeduc.core.metadata.SchemaFileMetadata;
import fr.geoeduc.core.model.FieldChange;
import fr.geoeduc.core.model.FieldMetadata;
import fr.geoeduc.core.model.MetadataRevision;
import fr.geoeduc.core.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code geoeduc schema}: the labels, descriptions and units of a dataset's fields, set by a producer as numbered
 * metadata revisions (the data versions and their rows are not touched).
 */
@Command(name = "schema", subcommands = {SchemaCommand.SetLabel.class, SchemaCommand.Apply.class, SchemaCommand.History.class})
final class SchemaCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Who makes a revision: {@code --author}, else the account running the command. */
    static String author(String given) {
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "inconnu" : user;
    }

    static void report(PrintWriter out, String datasetId, Optional<MetadataRevision> revision) {
        if (revision.isEmpty()) {
            out.println("Aucun changement / nothing changes: " + datasetId + " sert déjà ces valeurs.");
            return;
        }
        MetadataRevision r = revision.get();
        out.println("Révision de métadonnées n°" + r.number() + " de " + datasetId + " / metadata revision " + r.number()
                + " (les versions et leurs lignes sont inchangées / versions and rows unchanged)");
        r.changes().forEach(c -> out.println("  " + describe(c)));
    }

    static String describe(FieldChange c) {
        return c.field() + "." + c.attribute() + " : " + quoted(c.before()) + " → " + quoted(c.after());
    }

    private static String quoted(String v) {
        return v == null ? "(aucun)" : "« " + v + " »";
    }

    @Command(name = "set-label")
    static final class SetLabel implements Runnable {

        @ParentCommand
        SchemaCommand parent;

        @Parameters(index = "0", paramLabel = "ID", descriptionKey = "datasetId")
        String id;

        @Parameters(index = "1", paramLabel = "CHAMP", descriptionKey = "schema.field")
        String field;

        @Parameters(index = "2", paramLabel = "LIBELLÉ", descriptionKey = "schema.label")
        String label;

        @Option(names = "--description", paramLabel = "TEXTE", descriptionKey = "schema.description")
        String description;

        @Option(names = "--unit", paramLabel = "UNITÉ", descriptionKey = "schema.unit")
        String unit;

        @Option(names = "--author", paramLabel = "NOM", descriptionKey = "schema.author")
        String author;

        @Override
        public void run() {
            Optional<MetadataRevision> revision;
            try (Platform platform = parent.root.open()) {
                revision = new MetadataEditor(platform.store()).revise(id, author(author), "set-label " + field,
                        List.of(new FieldMetadata(field, label, description, unit)));
            }
            report(parent.root.spec.commandLine().getOut(), id, revision);
        }
    }

    @Command(name = "apply")
    static final class Apply implements Runnable {

        @ParentCommand
        SchemaCommand parent;

        @Parameters(index = "0", paramLabel = "ID", descriptionKey = "datasetId")
        String id;

        @Parameters(index = "1", paramLabel = "FICHIER.json", descriptionKey = "schema.file")
        Path file;

        @Option(names = "--author", paramLabel = "NOM", descriptionKey = "schema.author")
        String author;

        @Override
        public void run() {
            SchemaFileMetadata metadata = SchemaFileMetadata.read(file);
            metadata.checkFor(id);
            Optional<MetadataRevision> revision;
            try (Platform platform = parent.root.open()) {
                revision = new MetadataEditor(platform.store()).revise(id, author(author),
                        "apply " + file.getFileName(), metadata.fields());
            }
            report(parent.root.spec.commandLine().getOut(), id, revision);
        }
    }

    @Command(name = "history")
    static final class History implements Runnable {

        @ParentCommand
        SchemaCommand parent;

        @Parameters(index = "0", paramLabel = "ID", descriptionKey = "datasetId")
        String id;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
        String format;

        @Override
        public void run() {
            List<MetadataRevision> revisions;
            try (Platform platform = parent.root.open()) {
                if (platform.store().dataset(id).isEmpty()) {
                    throw new Main.UserError("unknown dataset '" + id + "' (jeu inconnu); list them with: geoeduc datasets");
                }
                revisions = platform.store().metadataRevisions(id);
            }
            PrintWriter out = parent.root.spec.commandLine().getOut();
            if ("json".equals(format)) {
                out.println(Json.write(revisions));
                return;
            }
            if (revisions.isEmpty()) {
                out.println("Aucune révision de métadonnées / no metadata revision: " + id + " sert les libellés de ses versions.");
                return;
            }
            out.printf("%-9s %-31s %-16s %s%n", "RÉVISION", "DATE", "AUTEUR", "ORIGINE");
            for (MetadataRevision r : revisions) {
                out.printf("%-9d %-31s %-16s %s%n", r.number(), r.recordedAt(), r.author(), r.origin());
                r.changes().forEach(c -> out.println("          " + describe(c)));
            }
        }
    }
}
