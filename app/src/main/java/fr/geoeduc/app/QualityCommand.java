package fr.geoeduc.app;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.quality.QualityText;
import fr.geoeduc.core.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "quality")
final class QualityCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @Parameters(index = "0", paramLabel = "ID", descriptionKey = "datasetId")
    String id;

    @Option(names = "--version", paramLabel = "N", descriptionKey = "quality.version")
    Integer version;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
    String format;

    @Override
    public void run() {
        QualityReport report;
        int number;
        try (Platform platform = root.open()) {
            DatasetVersion v = Versions.resolve(platform, id, version);
            number = v.number();
            report = platform.store().quality(id, number).orElseThrow();
        }
        var out = root.spec.commandLine().getOut();
        out.print("json".equals(format) ? Json.write(report) + "\n" : QualityText.render(report, number));
    }
}
