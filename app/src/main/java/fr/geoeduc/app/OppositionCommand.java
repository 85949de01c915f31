package fr.geoeduc.app;

import fr.geoeduc.core.access.AccessRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Records a family's opposition: the pupil's rows leave no extract of the dataset any more. */
@Command(name = "opposition")
final class OppositionCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @Parameters(index = "0", paramLabel = "DATASET", descriptionKey = "datasetId")
    String dataset;

    @Parameters(index = "1", paramLabel = "IDENTIFIANT", descriptionKey = "opposition.identifier")
    String identifier;

    @Override
    public void run() {
        try (Platform p = root.open()) {
            new AccessRegistry(p.store()).addOpposition(dataset, identifier);
            root.spec.commandLine().getOut().println("Opposition enregistrée (identifiant conservé haché) / opposition recorded (identifier stored hashed).");
        }
    }
}
