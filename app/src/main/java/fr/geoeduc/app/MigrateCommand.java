package fr.geoeduc.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "migrate")
final class MigrateCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @Override
    public void run() {
        try (Platform platform = root.open()) {
            root.spec.commandLine().getOut().printf("Schéma à jour / schema up to date: version %d (%s)%n",
                    platform.store().schemaVersion(), describe(platform));
        }
    }

    private static String describe(Platform platform) {
        return platform.store() instanceof fr.geoeduc.core.store.JdbcStore j ? j.describe() : platform.store().toString();
    }
}
