package fr.geoeduc.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

@Command(name = "geoeduc", resourceBundle = "fr.geoeduc.app.messages", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        version = "GéoÉduc 0.1.0")
public final class GeoeducCommand implements Runnable {

    /** The subcommands, in the order of the help; registered by {@link Main} (only the one invoked, when it is known). */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(IngestCommand.class, DatasetsCommand.class, ShowCommand.class,
            QualityCommand.class, VersionsCommand.class, SchemaCommand.class, DiffCommand.class, JoinCommand.class, ReferentielCommand.class, CarteScolaireCommand.class, CatalogueCommand.class,
            ServeCommand.class, DemoCommand.class, MigrateCommand.class, StoreCommand.class,
            OrgCommand.class, ClientCommand.class, UserCommand.class, ConventionCommand.class, DeliveryCommand.class, OppositionCommand.class,
            AuditCommand.class, SyntheticCommand.class, AotTrainingCommand.class, picocli.CommandLine.HelpCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", descriptionKey = "data", scope = ScopeType.INHERIT)
    Path data;

    @Option(names = "--store", paramLabel = "URL", descriptionKey = "store", scope = ScopeType.INHERIT)
    String store;

    @Option(names = "--lang", paramLabel = "fr|en", descriptionKey = "lang", scope = ScopeType.INHERIT)
    String lang;

    Platform open() {
        return Platform.open(Platform.dataDir(data), Platform.storeLocation(store));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
