package fr.geoeduc.app;

import fr.geoeduc.core.referentiel.Millesimes;
import fr.geoeduc.core.referentiel.ReferentielScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code geoeduc referentiel list}: each référentiel's millésimes with their number of features and of scopes
 * (départements for the communes), and where each is the current one ({@link Millesimes}).
 */
@Command(name = "list")
final class ReferentielListCommand implements Runnable {

    private static final Map<String, String> PLURALS = Map.of("commune", "communes", "departement", "departements",
            "region", "regions", "academie", "academies");
    private static final int SHOWN_SCOPES = 12;

    @ParentCommand
    ReferentielCommand parent;

    @Override
    public void run() {
        PrintWriter out = parent.root.spec.commandLine().getOut();
        try (Platform platform = parent.root.open()) {
            boolean any = false;
            out.printf("%-12s  %-16s  %8s  %-34s  %s%n", "type", "millésime", "objets", "portée / scope", "courant pour / current for");
            for (String kind : List.of("commune", "departement", "region", "academie")) {
                List<ReferentielScope> scopes = platform.store().referentielScopes(kind);
                Map<String, String> current = Millesimes.currentByScope(scopes);
                for (String millesime : Millesimes.all(scopes)) {
                    List<String> in = new ArrayList<>();
                    List<String> currentIn = new ArrayList<>();
                    int features = 0;
                    for (ReferentielScope s : scopes) {
                        if (java.util.Objects.equals(s.millesime(), millesime)) {
                            features += s.features();
                            in.add(shown(s.scope()));
                            if (Millesimes.isCurrent(current, s.scope(), millesime)) {
                                currentIn.add(shown(s.scope()));
                            }
                        }
                    }
                    out.printf("%-12s  %-16s  %8d  %-34s  %s%n", PLURALS.get(kind), millesime == null ? "(non renseigné)" : millesime,
                            features, describe(kind, in), currentIn.size() == in.size() ? "tout / all" : currentIn.isEmpty()
                                    ? "aucun / none" : describe(kind, currentIn));
                    any = true;
                }
            }
            if (!any) {
                out.println("aucun référentiel chargé (geoeduc referentiel load, geoeduc referentiel fetch) / no référentiel loaded");
            }
        }
    }

    private static String shown(String scope) {
        return scope.startsWith("all:") ? scope.substring(4) : scope;
    }

    private static String describe(String kind, List<String> scopes) {
        String unit = kind.equals("commune") ? "département" : "code";
        String head = scopes.size() + " " + unit + (scopes.size() > 1 ? "s" : "");
        return scopes.size() > SHOWN_SCOPES ? head : head + " (" + String.join(", ", scopes) + ")";
    }
}
