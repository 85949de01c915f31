package fr.geoeduc.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo")
final class DemoCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @Option(names = "--port", defaultValue = "8080", descriptionKey = "serve.port")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", descriptionKey = "serve.host")
    String host;

    @Option(names = "--departement", defaultValue = "35", descriptionKey = "demo.departement")
    String departement;

    @Option(names = "--offline", descriptionKey = "demo.offline")
    boolean offline;

    @Option(names = "--refresh", descriptionKey = "demo.refresh")
    boolean refresh;

    @Option(names = "--source-url", defaultValue = "${env:GEOEDUC_DEMO_SOURCE:-" + DemoLoader.EXPLORE_BASE + "}",
            descriptionKey = "demo.source")
    String sourceUrl;

    @Option(names = "--geo-url", defaultValue = "${env:GEOEDUC_DEMO_GEO:-" + DemoLoader.GEO_BASE + "}", descriptionKey = "demo.geo")
    String geoUrl;

    @Option(names = "--ban-url", defaultValue = "${env:GEOEDUC_DEMO_BAN:-" + DemoLoader.BAN_BASE + "}", descriptionKey = "demo.ban")
    String banUrl;

    @Option(names = "--no-serve", descriptionKey = "demo.noServe")
    boolean noServe;

    @Override
    public void run() {
        TerminalLogging.warningsOnly();
        var out = root.spec.commandLine().getOut();
        Platform platform = root.open();
        boolean empty = platform.store().datasets().isEmpty();
        if (empty || refresh) {
            out.println("Préparation de la démonstration / preparing the demo in " + platform.dataDir().toAbsolutePath());
            new DemoLoader(platform, out, new CliProgress()).load(departement, sourceUrl, geoUrl, banUrl, offline);
        } else {
            out.println("Données déjà présentes, réutilisées (--refresh pour recharger) / existing data reused.");
        }
        DemoAccount.ensure(platform, out);
        try {
            DemoConvention.ensure(platform, out, new CliProgress());
        } catch (RuntimeException e) { // the open data of the demo is still worth serving
            out.println("Données restreintes de démonstration non créées / restricted demo data not created: " + e.getMessage());
        }
        if (noServe) {
            platform.close();
            return;
        }
        ServeCommand.serveUntilStopped(platform, host, port, out);
    }
}
