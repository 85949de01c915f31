package fr.geoeduc.app;

import fr.geoeduc.core.ingest.IngestException;
import fr.geoeduc.core.referentiel.CodeNormaliser;
import fr.geoeduc.core.ingest.ReferentielFetcher;
import fr.geoeduc.core.ingest.ReferentielSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code geoeduc referentiel fetch [--departement 35]}: the COG, contours and académies as versioned référentiels.
 * Other sources sit beside it as subcommands of {@code fetch} ({@code referentiel fetch ban}).
 */
@Command(name = "fetch", subcommands = BanFetchCommand.class)
final class ReferentielFetchCommand implements Runnable {

    @ParentCommand
    ReferentielCommand parent;

    @Option(names = "--departement", paramLabel = "DEP", descriptionKey = "referentiel.fetch.departement")
    String departement;

    @Option(names = "--cog-url", defaultValue = "${env:GEOEDUC_COG_URL:-" + ReferentielSources.COG_2024 + "}",
            descriptionKey = "referentiel.fetch.cogUrl")
    String cogUrl;

    @Option(names = "--cog-millesime", defaultValue = "2024", paramLabel = "AAAA", descriptionKey = "referentiel.fetch.cogMillesime")
    String cogMillesime;

    @Option(names = "--contours-url", defaultValue = "${env:GEOEDUC_CONTOURS_URL:-" + ReferentielSources.FRANCE_GEOJSON + "}",
            descriptionKey = "referentiel.fetch.contoursUrl")
    String contoursUrl;

    @Option(names = "--contours-millesime", defaultValue = "2018", paramLabel = "AAAA", descriptionKey = "referentiel.fetch.contoursMillesime")
    String contoursMillesime;

    @Option(names = "--academies-url", defaultValue = "${env:GEOEDUC_ACADEMIES_URL:-" + ReferentielSources.ACADEMIES_2020 + "}",
            descriptionKey = "referentiel.fetch.academiesUrl")
    String academiesUrl;

    @Option(names = "--academies-millesime", defaultValue = "2020", paramLabel = "AAAA", descriptionKey = "referentiel.fetch.academiesMillesime")
    String academiesMillesime;

    @Override
    public void run() {
        var out = parent.root.spec.commandLine().getOut();
        String dep = departement == null ? null : CodeNormaliser.departement(departement)
                .orElseThrow(() -> new Main.UserError("not a département code: " + departement));
        ReferentielSources sources;
        try {
            sources = new ReferentielSources(cogUrl, cogMillesime, contoursUrl, contoursMillesime, academiesUrl, academiesMillesime);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError(e.getMessage());
        }
        try (Platform platform = parent.root.open()) {
            var fetched = new ReferentielFetcher(platform.store(), platform.dataDir().resolve("downloads"))
                    .fetch(sources, dep, new CliProgress());
            for (ReferentielFetcher.Fetched f : fetched) {
                out.printf("%-55s v%d %s %8d lignes  millésime %s  %s%n", f.datasetId(), f.version(),
                        f.published() ? "publiée  " : "inchangée", f.rows(), f.millesime(), f.source());
            }
        } catch (IngestException e) {
            throw new Main.UserError(e.getMessage());
        }
    }
}
