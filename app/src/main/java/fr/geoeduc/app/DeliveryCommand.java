package fr.geoeduc.app;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.model.AccessLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.LocalDate;

/** A provider uploads the file of a scheduled delivery: checked against the convention, validated, published restricted. */
@Command(name = "livraison")
final class DeliveryCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @Parameters(index = "0", paramLabel = "CONVENTION", descriptionKey = "convention.id")
    String conventionId;

    @Parameters(index = "1", paramLabel = "LIVRAISON", descriptionKey = "delivery.name")
    String delivery;

    @Parameters(index = "2", paramLabel = "FICHIER", descriptionKey = "delivery.file")
    Path file;

    @Override
    public void run() {
        try (Platform p = root.open()) {
            Convention c = new AccessRegistry(p.store()).convention(conventionId)
                    .orElseThrow(() -> new Main.UserError("unknown convention '" + conventionId + "'"));
            if (!c.activeOn(LocalDate.now())) {
                throw new Main.UserError("convention " + conventionId + " is not active: no delivery can be published under it");
            }
            Convention.Delivery d = c.deliveries().stream().filter(x -> x.name().equals(delivery)).findFirst()
                    .orElseThrow(() -> new Main.UserError("convention " + conventionId + " has no delivery '" + delivery + "'"));
            if (d.filePattern() != null && !d.filePattern().isBlank()) {
                String glob = d.filePattern().replace("aaaa", "[0-9][0-9][0-9][0-9]");
                if (!FileSystems.getDefault().getPathMatcher("glob:" + glob + "*").matches(file.getFileName())) {
                    throw new Main.UserError(file.getFileName() + " does not match the delivery's file pattern " + d.filePattern());
                }
            }
            IngestResult r = p.ingester().ingest(new IngestRequest(file.toString(), d.dataset(), AccessLevel.RESTRICTED, null, null)
                    .withTool("livraison " + conventionId + "/" + delivery), new CliProgress());
            root.spec.commandLine().getOut().printf("Livraison publiée / delivery published: %s v%d, %d lignes, accès restreint aux destinataires de %s%n",
                    d.dataset(), r.version().number(), r.version().rowCount(), conventionId);
        }
    }
}
