package fr.geoeduc.app;

import fr.geoeduc.core.ingest.IngestException;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SourceFile;
import fr.geoeduc.core.ingest.SourceResolver;
import fr.geoeduc.core.join.FieldAggregation;
import fr.geoeduc.core.join.JoinException;
import fr.geoeduc.core.join.JoinKind;
import fr.geoeduc.core.join.JoinService;
import fr.geoeduc.core.join.JoinSpec;
import fr.geoeduc.core.join.KeyPair;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.referentiel.CodeNormaliser;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.adresse.BanFetcher;
import fr.geoeduc.core.adresse.BanLoader;
import fr.geoeduc.core.sectorisation.BanSynthetique;
import fr.geoeduc.core.sectorisation.Carte;
import fr.geoeduc.core.sectorisation.CarteSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a store for the demo. Online: the current files of one département from data.education.gouv.fr's
 * export API (Explore v2.1) and the commune boundaries from geo.api.gouv.fr. Offline: a generated sample,
 * labelled synthetic in the catalogue and on every page.
 */
final class DemoLoader {

    static final String EXPLORE_BASE = "https://data.education.gouv.fr";
    static final String GEO_BASE = "https://geo.api.gouv.fr";
    static final String BAN_BASE = BanFetcher.DEFAULT_SOURCE;

    /** A dataset of the demo and the ODSQL filter that keeps one département ({@code %3$s} = 035, {@code %2$s} = 35). */
    record DemoDataset(String id, String where) {
    }

    static final List<DemoDataset> DATASETS = List.of(
            new DemoDataset("fr-en-annuaire-education", "code_departement=\"%3$s\""),
            new DemoDataset("fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre", "code_departement=\"%3$s\""),
            new DemoDataset("fr-en-carte-scolaire-colleges-publics", "code_departement=\"%3$s\""),
            new DemoDataset("fr-en-ips_ecoles", "code_du_departement=\"%3$s\""),
            new DemoDataset("fr-en-ecoles-effectifs-nb_classes", "code_departement=\"%2$s\""));

    /** What the demo loaded: real data (with the datasets that failed) or the synthetic sample. */
    record Outcome(boolean synthetic, List<String> loaded, List<String> failed) {
    }

    private final Platform platform;
    private final PrintWriter out;
    private final ProgressListener progress;

    DemoLoader(Platform platform, PrintWriter out, ProgressListener progress) {
        this.platform = platform;
        this.out = out;
        this.progress = progress;
    }

    /** The demo's join: the établissements of the annuaire (points, pupils) with the IPS of another dataset. */
    static final String JOINED = "etablissements-effectifs-ips";
    static final String JOINED_TITLE = "Établissements : effectifs (annuaire) et IPS des écoles (jointure)";

    Outcome load(String departement, String exploreBase, String geoBase, String banBase, boolean offline) {
        Outcome outcome = null;
        if (!offline) {
            Outcome online = online(departement, exploreBase, geoBase, banBase);
            if (!online.loaded().isEmpty()) {
                outcome = online;
            } else {
                out.println("Téléchargement impossible (hors ligne ?) : démonstration sur un échantillon SYNTHÉTIQUE généré.");
                out.println("Download failed (offline?): the demo uses a generated SYNTHETIC sample.");
            }
        }
        if (outcome == null) {
            outcome = synthetic();
        }
        return joinIps(outcome);
    }

    /**
     * The home page's map: the annuaire's établissements sized by their pupils and coloured by the IPS of the IPS
     * dataset, joined by UAI with the join tool (a left join: collèges and lycées keep their point, without IPS).
     */
    Outcome joinIps(Outcome outcome) {
        String annuaire = DATASETS.get(0).id();
        String ips = "fr-en-ips_ecoles";
        if (!outcome.loaded().contains(annuaire) || !outcome.loaded().contains(ips)) {
            out.println("Jointure établissements × IPS non faite : " + annuaire + " ou " + ips + " manque.");
            return outcome;
        }
        JoinSpec spec = new JoinSpec(annuaire, ips, List.of(KeyPair.parse("identifiant_de_l_etablissement=uai", false)), JoinKind.LEFT,
                List.of(FieldAggregation.parse("ips:mean")), false, JOINED,
                (outcome.synthetic() ? DatasetDefinition.SYNTHETIC_TITLE : "") + JOINED_TITLE, 0);
        try {
            JoinService.Outcome joined = new JoinService(platform.access().queries(), platform.store()).run(Caller.INTERNAL, spec, progress);
            out.printf("%-40s v%d, %d lignes, %d avec un IPS (%s)%n", JOINED, joined.version().number(),
                    joined.version().rowCount(), joined.stats().matched(), spec.describe());
            List<String> loaded = new ArrayList<>(outcome.loaded());
            loaded.add(JOINED);
            return new Outcome(outcome.synthetic(), loaded, outcome.failed());
        } catch (JoinException e) {
            out.println("Jointure établissements × IPS impossible / join failed: " + e.getMessage());
            List<String> failed = new ArrayList<>(outcome.failed());
            failed.add(JOINED);
            return new Outcome(outcome.synthetic(), outcome.loaded(), failed);
        }
    }

    Outcome online(String departement, String exploreBase, String geoBase, String banBase) {
        String cog = CodeNormaliser.departement(departement)
                .orElseThrow(() -> new Main.UserError("not a département code: " + departement));
        String education = cog.length() == 2 ? "0" + cog : cog;
        List<String> loaded = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        SourceResolver resolver = new SourceResolver(platform.dataDir().resolve("downloads"));
        try {
            String url = trim(geoBase) + "/departements/" + cog + "/communes?format=geojson&geometry=contour";
            SourceFile communes = resolver.resolve(url, progress);
            // geo.api.gouv.fr serves the communes in force: their millésime is the year of the download
            int n = platform.referentiels().loadBoundaries("commune", communes.path(), communesMillesime());
            out.printf("Communes du %s : %d contours (%s)%n", cog, n, url);
        } catch (IngestException e) {
            out.println("Contours des communes non chargés / commune boundaries not loaded: " + e.getMessage());
        }
        loadBundledCommuneHistory(cog);
        for (DemoDataset d : DATASETS) {
            String where = String.format(d.where(), d.id(), cog, education);
            String url = trim(exploreBase) + "/api/explore/v2.1/catalog/datasets/" + d.id() + "/exports/csv?where="
                    + URLEncoder.encode(where, StandardCharsets.UTF_8) + "&use_labels=false";
            try {
                IngestResult r = platform.ingester().ingest(IngestRequest.of(url, d.id()), progress);
                out.printf("%-75s v%d, %d lignes%n", d.id(), r.version().number(), r.version().rowCount());
                loaded.add(d.id());
            } catch (IngestException e) {
                out.println(d.id() + " : non chargé / not loaded: " + e.getMessage());
                failed.add(d.id());
            }
        }
        if (loaded.contains(CarteSource.DATASET)) {
            loadAddresses(cog, banBase, loaded, failed);
        }
        return new Outcome(false, loaded, failed);
    }

    /** The département's BAN addresses, for the carte scolaire pages: address suggestions and the sectors' polygons. */
    private void loadAddresses(String cog, String banBase, List<String> loaded, List<String> failed) {
        BanFetcher fetcher = new BanFetcher(new BanLoader(platform.ingester(), platform.dataDir().resolve("downloads")),
                platform.dataDir().resolve("downloads"));
        try {
            for (BanLoader.Chargement c : fetcher.fetch(banBase, cog, progress)) {
                out.printf("%-75s v%d, %d adresses (%s)%n", c.dataset(), c.version(), c.adresses(), fetcher.url(banBase, cog.toLowerCase(java.util.Locale.ROOT)));
                loaded.add(c.dataset());
            }
        } catch (IngestException e) {
            out.println("Adresses BAN non chargées / BAN addresses not loaded: " + e.getMessage()
                    + " ; la carte scolaire répond sans suggestions d'adresses ni secteurs dessinés (plus tard : geoeduc referentiel fetch ban --departement "
                    + cog + ")");
            failed.add(BanLoader.dataset(cog));
        }
    }

    Outcome synthetic() {
        Path dir = platform.dataDir().resolve("demo-synthetique");
        SyntheticSample.generate(dir);
        // the synthetic communes stand for the communes in force, as the online demo's: same year, same collection id form
        int n = platform.referentiels().loadBoundaries("commune", dir.resolve(SyntheticSample.COMMUNES), communesMillesime());
        out.printf("Communes SYNTHÉTIQUES : %d%n", n);
        List<String> loaded = new ArrayList<>();
        for (String[] f : new String[][]{{SyntheticSample.ANNUAIRE, "fr-en-annuaire-education"},
                {SyntheticSample.IPS, "fr-en-ips_ecoles"}, {SyntheticSample.EFFECTIFS, "fr-en-ecoles-effectifs-nb_classes"},
                {SyntheticSample.CARTE, CarteSource.DATASET}}) {
            IngestResult r = platform.ingester().ingest(IngestRequest.of(dir.resolve(f[0]).toString(), f[1]).asSynthetic(), progress);
            out.printf("%-40s v%d, %d lignes SYNTHÉTIQUES%n", f[1], r.version().number(), r.version().rowCount());
            loaded.add(f[1]);
        }
        loadSyntheticAddresses(dir);
        return new Outcome(true, loaded, List.of());
    }

    /**
     * The millésime of the demo's communes, online or synthetic: the current year (the communes in force). A year, so
     * that they rank as the latest beside older files, which a source's name would not, and so that their OGC
     * collection is {@code referentiel-communes-AAAA} as docs/ogc-api.md says (a word such as « synthétique » put an
     * accent in the collection id and its URLs).
     */
    static String communesMillesime() {
        return String.valueOf(java.time.Year.now(java.time.ZoneOffset.UTC).getValue());
    }

    /**
     * Addresses for the carte scolaire pages (which collège for this address, the sectors' map): BAN-format addresses
     * generated on the carte's streets inside the synthetic communes, as {@code geoeduc synthetic ban} writes them.
     */
    private void loadSyntheticAddresses(Path dir) {
        Carte carte = new CarteSource(platform.access().queries()).carte(Caller.INTERNAL)
                .orElseThrow(() -> new IllegalStateException(CarteSource.DATASET + " was just published"));
        List<BanSynthetique.Adresse> adresses = new BanSynthetique(carte, Referentiels.from(platform.store()), 35, 20, 3).generer(null);
        Path file = dir.resolve("adresses-synthetiques.csv");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            BanSynthetique.ecrire(adresses, w, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        for (BanLoader.Chargement c : new BanLoader(platform.ingester(), platform.dataDir().resolve("downloads")).load(file, progress, true)) {
            out.printf("%-40s v%d, %d adresses SYNTHÉTIQUES%n", c.dataset(), c.version(), c.adresses());
        }
    }

    /**
     * The COG history shipped with GéoÉduc covers the communes nouvelles of Ille-et-Vilaine only; for other
     * départements load INSEE's v_mvt_commune file with {@code geoeduc referentiel load cog-mouvements}.
     */
    private void loadBundledCommuneHistory(String departementCog) {
        if (!"35".equals(departementCog) || !platform.store().communeEvents().isEmpty()) {
            return;
        }
        try (InputStream in = DemoLoader.class.getResourceAsStream("/referentiel/cog-mouvements-35-extrait.csv")) {
            if (in == null) {
                return;
            }
            Path tmp = Files.createTempFile(platform.dataDir(), "cog-", ".csv");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            int n = platform.referentiels().loadCommuneEvents(tmp);
            Files.deleteIfExists(tmp);
            out.printf("Historique du COG (extrait Ille-et-Vilaine) : %d événements%n", n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String trim(String base) {
        return base.replaceAll("/+$", "");
    }
}
