package fr.geoeduc.server.cartescolaire;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.adresse.BanLoader;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.sectorisation.BanSynthetique;
import fr.geoeduc.core.sectorisation.Carte;
import fr.geoeduc.core.sectorisation.CarteSource;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The real carte scolaire of Ille-et-Vilaine and its 2018 commune polygons (skipped when ../shared/data is absent),
 * and SYNTHETIC BAN-format addresses generated inside them ({@link BanSynthetique}), loaded on demand.
 */
final class SuggestionsFixture {

    final TestPlatform platform;
    final List<BanSynthetique.Adresse> generees;

    SuggestionsFixture(Path dir) throws Exception {
        Path carteFile = SharedData.file("ille-et-vilaine/fr-en-carte-scolaire-colleges-publics.csv");
        Path communes = SharedData.file("geometry/communes-2018/communes-35-ille-et-vilaine.geojson");
        platform = new TestPlatform(dir);
        platform.referentiels.loadCommuneEvents(Path.of("../core/src/main/resources/referentiel/cog-mouvements-35-extrait.csv"));
        platform.referentiels.loadBoundaries("commune", communes, "2018");
        platform.ingest(carteFile, CarteSource.DATASET);
        Carte carte = new CarteSource(new QueryService(platform.store)).carte(Caller.INTERNAL).orElseThrow();
        generees = new BanSynthetique(carte, Referentiels.from(platform.store), 35, 3, 1).generer(null);
    }

    /** Loads these addresses as a new version of {@code ban-adresses-35}. */
    void chargerBan(List<BanSynthetique.Adresse> adresses, String nom) throws Exception {
        Path ban = platform.dir.resolve(nom).resolve("adresses-35.csv.gz");
        Files.createDirectories(ban.getParent());
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(ban)), StandardCharsets.UTF_8)) {
            BanSynthetique.ecrire(adresses, w, true);
        }
        new BanLoader(platform.ingester, platform.dir.resolve("work-" + nom)).load(ban, ProgressListener.NONE);
    }
}
