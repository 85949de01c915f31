package fr.geoeduc.app;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.Referentiels;
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
 * {@code geoeduc carte-scolaire simulation --eleves DATASET --deplacer 35001:0350707D [--deplacer …]}: intake and IPS
 * per collège under the current carte and under the draft.
 */
@Command(name = "simulation")
final class SimulationCommand implements Runnable {

    @ParentCommand
    CarteScolaireCommand parent;

    @Option(names = "--eleves", required = true, paramLabel = "JEU", descriptionKey = "simulation.eleves")
    String eleves;

    @Option(names = "--deplacer", required = true, paramLabel = "COMMUNE:UAI[+UAI]", descriptionKey = "simulation.deplacer")
    List<String> deplacer;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
    String format;

    @Override
    public void run() {
        List<Simulation.Deplacement> edits = new ArrayList<>();
        for (String d : deplacer) {
            int colon = d.indexOf(':');
            if (colon < 1) {
                throw new Main.UserError("--deplacer « " + d + " » : forme attendue COMMUNE:UAI[+UAI] (ex. 35001:0350707D)");
            }
            edits.add(new Simulation.Deplacement(d.substring(0, colon).strip(), List.of(d.substring(colon + 1).split("[+ ,]"))));
        }
        PrintWriter out = parent.root.spec.commandLine().getOut();
        try (Platform platform = parent.root.open()) {
            Simulation.Resultat r = new Simulation(new QueryService(platform.store()), () -> Referentiels.from(platform.store()))
                    .simuler(Caller.INTERNAL, eleves, edits);
            if ("json".equals(format)) {
                out.println(Json.write(r));
                return;
            }
            out.printf("Simulation : %d élèves (%s), %d changent de collège, sans collège %d → %d%n", r.eleves(), r.dataset(),
                    r.elevesQuiChangent(), r.sansCollegeAvant(), r.sansCollegeApres());
            out.println("UAI        effectif avant → après (écart)   IPS moyen avant → après   écart-type avant → après");
            for (Simulation.College c : r.colleges()) {
                if (c.secret()) {
                    out.printf("%s  secret statistique%n", c.uai());
                    continue;
                }
                out.printf(Locale.ROOT, "%s  %8.1f → %8.1f (%+7.1f)   %6s → %6s   %6s → %6s%n", c.uai(), c.effectifAvant(), c.effectifApres(),
                        c.delta(), f(c.ipsMoyenAvant()), f(c.ipsMoyenApres()), f(c.ipsEcartTypeAvant()), f(c.ipsEcartTypeApres()));
            }
            r.avertissements().forEach(w -> out.println("Note : " + w));
        } catch (Simulation.BrouillonInvalide | CarteScolaireService.CarteAbsente e) {
            throw new Main.UserError(e.getMessage());
        }
    }

    private static String f(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.1f", v);
    }
}
