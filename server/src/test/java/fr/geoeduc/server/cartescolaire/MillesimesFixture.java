package fr.geoeduc.server.cartescolaire;

import fr.geoeduc.core.adresse.BanAdresse;
import fr.geoeduc.core.adresse.BanLoader;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.referentiel.CrsTransformer;
import fr.geoeduc.core.referentiel.ReferentielFeature;
import fr.geoeduc.core.sectorisation.BanSynthetique;
import fr.geoeduc.core.sectorisation.CarteSource;
import fr.geoeduc.core.testing.CommunesMillesimes;
import fr.geoeduc.core.testing.TestPlatform;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Two millésimes of Ille-et-Vilaine's communes side by side ({@link CommunesMillesimes}: in "2024" Dompierre-du-Chemin,
 * 35100, is absorbed into Luitré, 35163, which becomes Luitré-Dompierre over both polygons; the real 2018 file, or a
 * generated grid when ../shared/data is absent), a generated carte sending all of 35163 to {@link #COLLEGE}, SYNTHETIC
 * BAN addresses inside 35163's 2018 polygon and SYNTHETIC pupils living in "Luitré-Dompierre" (the commune's 2024 name).
 * The current communes are those of 2024.
 */
final class MillesimesFixture {

    static final String COLLEGE = "0350001A";
    static final String AUTRE = "0350002B";
    static final String ELEVES = "eleves-luitre";
    final TestPlatform platform;
    /** The area (square degrees) of 35163 in each millésime. */
    final double aire2018;
    final double aire2024;

    MillesimesFixture(Path dir) throws Exception {
        platform = new TestPlatform(dir.resolve("store"));
        Path y2018 = CommunesMillesimes.communes2018(dir);
        platform.referentiels.loadBoundaries("commune", y2018, "2018");
        platform.referentiels.loadBoundaries("commune", CommunesMillesimes.communes2024(y2018, dir), "2024");
        Geometry luitre = commune("2018").geometry();
        aire2018 = luitre.getArea();
        aire2024 = commune("2024").geometry().getArea();

        Path carte = dir.resolve("carte.csv");
        Files.writeString(carte, "code_region;libelle_region;code_academie;libelle_academie;code_departement;libelle_departement;"
                + "code_postal;code_insee;libelle_commune;lieu_dit;Type_et_Libelle;No_de_voie_debut;Indice_de_repetition_debut;"
                + "No_de_voie_fin;Indice_de_repetition_fin;Parite;Code_RNE;Secteur_unique\n"
                + "53;BRETAGNE;14;RENNES;035;ILLE-ET-VILAINE;35133;" + CommunesMillesimes.NOUVELLE + ";Luitré;;;;;;;;" + COLLEGE + ";O\n"
                + "53;BRETAGNE;14;RENNES;035;ILLE-ET-VILAINE;35300;35115;Fougères;;;;;;;;" + AUTRE + ";O\n", StandardCharsets.UTF_8);
        platform.ingest(carte, CarteSource.DATASET);

        // SYNTHETIC BAN addresses around the interior point of 35163's 2018 polygon
        CrsTransformer crs = new CrsTransformer();
        Coordinate c = luitre.getInteriorPoint().getCoordinate();
        List<BanSynthetique.Adresse> adresses = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            double lon = Math.round((c.x + (n - 3) * 0.0004) * 1e6) / 1e6;
            double lat = Math.round((c.y + (n % 2) * 0.0003) * 1e6) / 1e6;
            double[] xy = crs.fromWgs84(2154, lat, lon);
            adresses.add(new BanSynthetique.Adresse(new BanAdresse(CommunesMillesimes.NOUVELLE + "_voie_0000" + n, n, "", "Rue du Bourg",
                    "35133", CommunesMillesimes.NOUVELLE, "Luitré", "", "", Math.round(xy[0] * 100) / 100.0, Math.round(xy[1] * 100) / 100.0,
                    lon, lat), Set.of(COLLEGE)));
        }
        Path ban = dir.resolve("ban").resolve("adresses-35.csv");
        Files.createDirectories(ban.getParent());
        try (Writer w = Files.newBufferedWriter(ban, StandardCharsets.UTF_8)) {
            BanSynthetique.ecrire(adresses, w, true);
        }
        new BanLoader(platform.ingester, dir.resolve("work")).load(ban, ProgressListener.NONE);

        // SYNTHETIC pupils: their commune named as in 2024
        Path eleves = dir.resolve("eleves.csv");
        Files.writeString(eleves, "commune_residence;voie;numero;ips\n"
                + "Luitré-Dompierre;Rue du Bourg;1;90\nLuitré-Dompierre;Rue du Bourg;2;100\nLuitré-Dompierre;Rue du Bourg;3;110\n",
                StandardCharsets.UTF_8);
        platform.ingest(eleves, ELEVES);
    }

    private ReferentielFeature commune(String millesime) {
        return platform.store.referentiel("commune", millesime).stream().filter(f -> f.code().equals(CommunesMillesimes.NOUVELLE))
                .findFirst().orElseThrow();
    }
}
