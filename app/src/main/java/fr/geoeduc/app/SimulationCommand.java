package fr.geoeduc.app;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.sectorisation.Brouillon;
import fr.geoeduc.core.sectorisation.CarteScolaireService;
import fr.geoeduc.core.sectorisation.Simulation;
import fr.geoeduc.core.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code geoeduc carte-scolaire simulation --eleves DATASET|ecoles [--rentree 2022] --deplacer 35001:0350707D [--deplacer-voie …]
 * [--deplacer-zone zone.geojson=UAI] [--capacite UAI:PLACES]}: intake, IPS, occupancy and distances per collège under
 * the current carte and under the draft ({@link Brouillon}).
 */
@Command(name = "simulation")
final class SimulationCommand implements Runnable {

    private static final int SANS_COLLEGE_AFFICHES = 20;

    @ParentCommand
    CarteScolaireCommand parent;

    @Option(names = "--eleves", required = true, paramLabel = "JEU", descriptionKey = "simulation.eleves")
    String eleves;

    @Option(names = "--rentree", paramLabel = "ANNEE", descriptionKey = "simulation.rentree")
    String rentree;

    @Option(names = "--deplacer", paramLabel = "COMMUNE:UAI[+UAI]", descriptionKey = "simulation.deplacer")
    List<String> deplacer = new ArrayList<>();

    @Option(names = "--deplacer-voie", paramLabel = "COMMUNE:VOIE[:DEBUT-FIN[:P|I|PI]]=UAI[+UAI]", descriptionKey = "simulation.deplacer-voie")
    List<String> voies = new ArrayList<>();

    @Option(names = "--deplacer-zone", paramLabel = "FICHIER.geojson=UAI[+UAI]", descriptionKey = "simulation.deplacer-zone")
    List<String> zones = new ArrayList<>();

    @Option(names = "--capacite", paramLabel = "UAI:PLACES", descriptionKey = "simulation.capacite")
    List<String> capacites = new ArrayList<>();

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
    String format;

    @Override
    public void run() {
        Brouillon brouillon;
        java.util.Map<String, Integer> places;
        try {
            brouillon = Brouillon.lire(deplacer, voies, zones.stream().map(SimulationCommand::zone).toList());
            places = Brouillon.capacites(capacites);
        } catch (Simulation.BrouillonInvalide e) {
            throw new Main.UserError(e.getMessage());
        }
        PrintWriter out = parent.root.spec.commandLine().getOut();
        try (Platform platform = parent.root.open()) {
            Simulation.Resultat r = new Simulation(new QueryService(platform.store()), () -> Referentiels.from(platform.store()))
                    .simuler(Caller.INTERNAL, eleves, rentree, brouillon, places);
            if ("json".equals(format)) {
                out.println(Json.write(r));
                return;
            }
            out.printf("Simulation : %d élèves, %d changent de collège, sans collège %d → %d%n", r.eleves(),
                    r.elevesQuiChangent(), r.sansCollegeAvant(), r.sansCollegeApres());
            out.printf("Source des élèves : %s (%s)%n", r.source().description(), String.join(", ", r.source().datasets()));
            out.println("UAI        effectif avant → après (écart)   IPS moyen avant → après   écart-type avant → après"
                    + "   occupation avant → après   distance médiane / P90 après (km)");
            for (Simulation.College c : r.colleges()) {
                if (c.secret()) {
                    out.printf("%s  secret statistique%n", c.uai());
                    continue;
                }
                out.printf(Locale.ROOT, "%s  %8.1f → %8.1f (%+7.1f)   %6s → %6s   %6s → %6s   %5s → %5s   %6s / %6s%n", c.uai(), c.effectifAvant(),
                        c.effectifApres(), c.delta(), f(c.ipsMoyenAvant()), f(c.ipsMoyenApres()), f(c.ipsEcartTypeAvant()),
                        f(c.ipsEcartTypeApres()), pct(c.occupationAvant()), pct(c.occupationApres()),
                        f(c.distancesApres() == null ? null : c.distancesApres().medianeKm()),
                        f(c.distancesApres() == null ? null : c.distancesApres().p90Km()));
            }
            out.printf(Locale.ROOT, "Mixité : écart des IPS moyens %s → %s, η² %s → %s%n", f(r.mixiteAvant().ecartIpsMaxMin()),
                    f(r.mixiteApres().ecartIpsMaxMin()), f3(r.mixiteAvant().eta2()), f3(r.mixiteApres().eta2()));
            if (r.distancesApres().medianeKm() != null) {
                out.printf(Locale.ROOT, "Distance domicile–collège (km) : médiane %s → %s, P90 %s → %s, part au-delà de 5 km %s → %s%n",
                        f(r.distancesAvant().medianeKm()), f(r.distancesApres().medianeKm()), f(r.distancesAvant().p90Km()),
                        f(r.distancesApres().p90Km()), pct(r.distancesAvant().partAuDelaDe5Km()), pct(r.distancesApres().partAuDelaDe5Km()));
            }
            r.deplacements().forEach(e -> out.printf("Déplacement : %s : %d élève(s)%n", e.deplacement(), e.eleves()));
            r.sansCollege().stream().limit(SANS_COLLEGE_AFFICHES).forEach(s -> out.printf("Sans collège %s : %s, %d élève(s) : %s%n",
                    s.avant() ? (s.apres() ? "avant et après" : "avant") : "après", s.ecole(), s.eleves(), s.raison()));
            if (r.sansCollege().size() > SANS_COLLEGE_AFFICHES) {
                out.printf("… et %d autre(s) école(s) sans collège (toutes avec --format json)%n", r.sansCollege().size() - SANS_COLLEGE_AFFICHES);
            }
            r.avertissements().forEach(w -> out.println("Note : " + w));
        } catch (Simulation.BrouillonInvalide | CarteScolaireService.CarteAbsente e) {
            throw new Main.UserError(e.getMessage());
        }
    }

    private static String f3(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pct(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.0f %%", 100 * v);
    }

    /** {@code FILE.geojson=UAI}: the file's GeoJSON with the collèges, as the draft reads zones. */
    private static String zone(String arg) {
        int eq = arg.lastIndexOf('=');
        if (eq < 1) {
            throw new Main.UserError("--deplacer-zone « " + arg + " » : forme attendue FICHIER.geojson=UAI[+UAI]");
        }
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(arg.substring(0, eq))) + "=" + arg.substring(eq + 1);
        } catch (java.io.IOException e) {
            throw new Main.UserError("--deplacer-zone : fichier « " + arg.substring(0, eq) + " » illisible (" + e.getMessage() + ")");
        }
    }

    private static String f(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.1f", v);
    }
}
