package fr.geoeduc.app;

import fr.geoeduc.core.catalogue.DcatExporter;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "catalogue")
final class CatalogueCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @Option(names = "--dcat", descriptionKey = "catalogue.dcat")
    boolean dcat;

    @Option(names = "--base-url", paramLabel = "URL", descriptionKey = "catalogue.baseUrl")
    String baseUrl;

    @Override
    public void run() {
        try (Platform platform = root.open()) {
            var catalogue = new QueryService(platform.store()).catalogue();
            var out = root.spec.commandLine().getOut();
            if (dcat) {
                out.println(Json.write(new DcatExporter(baseUrl).catalogue(catalogue)));
            } else {
                catalogue.forEach(s -> out.println(s.definition().id() + "\t" + s.definition().title()));
            }
        }
    }
}
