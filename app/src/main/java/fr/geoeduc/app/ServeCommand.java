package fr.geoeduc.app;

import fr.geoeduc.server.GeoeducServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.CountDownLatch;

@Command(name = "serve")
final class ServeCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @Option(names = "--port", defaultValue = "8080", descriptionKey = "serve.port")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", descriptionKey = "serve.host")
    String host;

    @Override
    public void run() {
        TerminalLogging.warningsOnly();
        Platform platform = root.open();
        serveUntilStopped(platform, host, port, root.spec.commandLine().getOut());
    }

    static final String SYNTHETIC_BANNER = "Démonstration : données SYNTHÉTIQUES générées, pas des données réelles.";

    static void serveUntilStopped(Platform platform, String host, int port, java.io.PrintWriter out) {
        boolean synthetic = platform.store().datasets().stream().anyMatch(s -> s.definition().isSynthetic());
        String banner = synthetic ? SYNTHETIC_BANNER : null;
        GeoeducServer server = GeoeducServer.start(platform.store(), platform.access(), host, port, banner,
                fr.geoeduc.server.explore.QuotaSettings.fromEnvironment());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            platform.close();
            stopped.countDown();
        }));
        out.printf("GéoÉduc en service sur / serving on http://%s:%d/  (données : %s ; Ctrl+C pour arrêter)%n",
                host, server.port(), platform.dataDir().toAbsolutePath());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
