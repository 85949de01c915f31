package fr.geoeduc.app;

import fr.geoeduc.core.adresse.BanFetcher;
import fr.geoeduc.core.adresse.BanLoader;
import fr.geoeduc.core.ingest.IngestException;
import fr.geoeduc.core.ingest.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;

/**
 * {@code geoeduc referentiel fetch ban --departement 35 [--source URL]}: downloads {@code adresses-35.csv.gz} (BAN,
 * adresse.data.gouv.fr by default) and loads it as the address référentiel ({@code ban-adresses-35}).
 */
@Command(name = "ban")
final class BanFetchCommand implements Runnable {

    @ParentCommand
    ReferentielFetchCommand parent;

    @Option(names = "--departement", required = true, paramLabel = "DEP", descriptionKey = "ban.departement")
    String departement;

    @Option(names = "--source", paramLabel = "URL", descriptionKey = "ban.source")
    String source;

    @Override
    public void run() {
        PrintWriter out = parent.parent.root.spec.commandLine().getOut();
        try (Platform platform = parent.parent.root.open()) {
            var loader = new BanLoader(platform.ingester(), platform.dataDir().resolve("downloads"));
            var fetcher = new BanFetcher(loader, platform.dataDir().resolve("downloads"));
            out.println("Téléchargement / download: " + fetcher.url(source, departement.toLowerCase(java.util.Locale.ROOT)));
            for (BanLoader.Chargement c : fetcher.fetch(source, departement, ProgressListener.NONE)) {
                print(out, c);
            }
        } catch (IngestException e) {
            throw new Main.UserError(e.getMessage());
        }
    }

    static void print(PrintWriter out, BanLoader.Chargement c) {
        out.printf("Adresses BAN du département %s : %d adresses chargées dans %s (version %d) / loaded%n",
                c.departement(), c.adresses(), c.dataset(), c.version());
    }
}
