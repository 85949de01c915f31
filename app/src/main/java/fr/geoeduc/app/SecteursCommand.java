package fr.geoeduc.app;

import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.sectorisation.CarteSource;
import fr.geoeduc.core.sectorisation.Couverture;
import fr.geoeduc.core.sectorisation.SecteursGeoJson;
import fr.geoeduc.core.sectorisation.SecteursService;
import fr.geoeduc.core.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code geoeduc carte-scolaire secteurs [--geojson F] [--couverture F] [--publier]}: sector polygons from the carte and
 * the loaded BAN addresses (both read through the query service), the coverage report, and optionally the polygons
 * published as the derived dataset {@code carte-scolaire-secteurs} (served by the OGC API like any dataset).
 */
@Command(name = "secteurs")
final class SecteursCommand implements Runnable {

    public static final String DATASET = "carte-scolaire-secteurs";

    @ParentCommand
    CarteScolaireCommand parent;

    @Option(names = "--geojson", paramLabel = "FICHIER", descriptionKey = "secteurs.geojson")
    Path geojson;

    @Option(names = "--couverture", paramLabel = "FICHIER", descriptionKey = "secteurs.couverture")
    Path couverture;

    @Option(names = "--publier", descriptionKey = "secteurs.publier")
    boolean publier;

    @Option(names = "--millesime-communes", paramLabel = "AAAA", descriptionKey = "secteurs.millesimeCommunes")
    String millesimeCommunes;

    @Override
    public void run() {
        PrintWriter out = parent.root.spec.commandLine().getOut();
        try (Platform platform = parent.root.open()) {
            long t0 = System.nanoTime();
            Referentiels communes = CommunesMillesime.communes(platform.store(), millesimeCommunes, out);
            var s = new SecteursService(new QueryService(platform.store()), () -> communes)
                    .secteurs(Caller.INTERNAL)
                    .orElseThrow(() -> new Main.UserError("la carte scolaire « " + CarteSource.DATASET + " » n'est pas publiée (geoeduc ingest … --dataset "
                            + CarteSource.DATASET + ")"));
            if (s.departements().isEmpty()) {
                throw new Main.UserError("aucune adresse BAN chargée pour les départements de la carte (geoeduc referentiel load ban adresses-35.csv.gz "
                        + "ou geoeduc referentiel fetch ban --departement 35) / no BAN addresses loaded");
            }
            Couverture c = s.resultat().couverture();
            Runtime rt = Runtime.getRuntime();
            out.printf(Locale.ROOT, "Secteurs : %d polygones, %d adresses (%d appariées, %.1f %%), %d sans secteur, %d en conflit ; départements %s%n",
                    s.resultat().polygones().size(), c.adresses(), c.adressesAppariees(), c.adresses() == 0 ? 0.0 : 100.0 * c.adressesAppariees() / c.adresses(),
                    c.adressesSansSecteur(), c.adressesEnConflit(), String.join(", ", s.departements()));
            out.printf(Locale.ROOT, "Voies de la carte sans adresse : %d ; désaccords : %d%n", c.voiesSansAdresse().size(), c.desaccords().size());
            c.desaccords().stream().limit(10).forEach(d -> out.println("  " + d.codeInsee() + " " + d.nom() + " : " + d.raison()));
            if (geojson != null || publier) {
                Path file = geojson != null ? geojson : platform.dataDir().resolve("downloads").resolve(DATASET + ".geojson");
                Files.createDirectories(file.toAbsolutePath().getParent());
                try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    SecteursGeoJson.ecrire(s.resultat(), w);
                }
                out.println("GeoJSON : " + file);
                if (publier) {
                    var r = platform.ingester().ingest(IngestRequest.of(file.toString(), DATASET).withTool("geoeduc carte-scolaire secteurs"), ProgressListener.NONE);
                    out.println("Publié / published: " + DATASET + " version " + r.version().number() + " (" + r.version().rowCount() + " polygones)");
                }
            }
            if (couverture != null) {
                Files.writeString(couverture, Json.write(SecteursGeoJson.couverture(s.resultat(), s.departements())), StandardCharsets.UTF_8);
                out.println("Rapport de couverture : " + couverture);
            }
            out.printf(Locale.ROOT, "Durée : %.1f s ; mémoire utilisée : %d Mo%n", (System.nanoTime() - t0) / 1e9,
                    (rt.totalMemory() - rt.freeMemory()) / (1 << 20));
        } catch (java.io.IOException e) {
            throw new Main.UserError("écriture impossible / cannot write: " + e.getMessage());
        }
    }
}
