package fr.geoeduc.app;

import fr.geoeduc.core.sectorisation.BanSynthetique;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.sectorisation.CarteSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * {@code geoeduc synthetic ban --out adresses.csv.gz}: a SYNTHETIC BAN-format file from the published carte's real
 * street names placed inside the loaded commune polygons; {@code --departements 01,02…} repeats it under other
 * département codes (a national-scale file for {@code bench/sectors-national.sh}).
 */
@Command(name = "ban")
final class SyntheticBanCommand implements Runnable {

    @ParentCommand
    SyntheticCommand parent;

    @Option(names = "--out", required = true, paramLabel = "FICHIER", descriptionKey = "synthetic.out")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "35", descriptionKey = "synthetic.seed")
    long seed;

    @Option(names = "--par-commune", paramLabel = "N", defaultValue = "20", descriptionKey = "syntheticBan.parCommune")
    int parCommune;

    @Option(names = "--par-plage", paramLabel = "N", defaultValue = "3", descriptionKey = "syntheticBan.parPlage")
    int parPlage;

    @Option(names = "--departements", paramLabel = "DEP,…", split = ",", descriptionKey = "syntheticBan.departements")
    List<String> departements;

    @Override
    public void run() {
        var printer = parent.root.spec.commandLine().getOut();
        try (Platform platform = parent.root.open()) {
            var carte = new CarteSource(new QueryService(platform.store())).carte(Caller.INTERNAL)
                    .orElseThrow(() -> new Main.UserError("carte scolaire absente : geoeduc ingest … --dataset " + CarteSource.DATASET));
            Referentiels referentiels = Referentiels.from(platform.store());
            if (referentiels.communes().isEmpty()) {
                throw new Main.UserError("aucun contour de commune : geoeduc referentiel load communes FICHIER.geojson");
            }
            List<String> deps = departements == null || departements.isEmpty() ? java.util.Collections.singletonList(null) : departements;
            long n = 0;
            boolean gz = out.getFileName().toString().endsWith(".gz");
            try (Writer w = new OutputStreamWriter(gz ? new GZIPOutputStream(Files.newOutputStream(out), 1 << 16) : Files.newOutputStream(out),
                    StandardCharsets.UTF_8)) {
                boolean entete = true;
                for (String d : deps) {
                    List<BanSynthetique.Adresse> a = new BanSynthetique(carte, referentiels, seed, parCommune, parPlage).generer(d);
                    BanSynthetique.ecrire(a, w, entete);
                    entete = false;
                    n += a.size();
                }
            }
            printer.printf("%s : %d adresses SYNTHÉTIQUES au format BAN (%d département(s)) / synthetic%n", out, n, deps.size());
        } catch (java.io.IOException e) {
            throw new Main.UserError("écriture impossible / cannot write: " + e.getMessage());
        }
    }
}
