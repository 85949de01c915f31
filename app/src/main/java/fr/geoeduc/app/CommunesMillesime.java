package fr.geoeduc.app;

import fr.geoeduc.core.referentiel.CommunesParMillesime;
import fr.geoeduc.core.referentiel.Millesimes;
import fr.geoeduc.core.referentiel.ReferentielScope;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.store.Store;

import java.io.PrintWriter;
import java.util.List;

/** The commune boundaries a command reads: those of a millésime asked on the command line, or the current ones. */
final class CommunesMillesime {

    private CommunesMillesime() {
    }

    /**
     * The commune référentiel a command works with: the millésime asked (refused when not loaded), else the current one
     * of each département; says which on {@code out}.
     */
    static Referentiels communes(Store store, String millesime, PrintWriter out) {
        List<ReferentielScope> scopes = store.referentielScopes("commune");
        if (millesime == null) {
            java.util.TreeSet<String> used = new java.util.TreeSet<>(Millesimes.ORDER);
            used.addAll(Millesimes.currentByScope(scopes).values().stream().map(m -> m == null ? "(non renseigné)" : m).toList());
            if (!used.isEmpty()) {
                out.printf("Communes : millésime courant de chaque département (%s) / current millésime of each département%n",
                        String.join(", ", used));
            }
            return Referentiels.from(store);
        }
        Referentiels communes;
        try {
            communes = new CommunesParMillesime(store).referentiels(millesime);
        } catch (CommunesParMillesime.MillesimeInconnu e) {
            throw new Main.UserError(e.getMessage() + " ; geoeduc referentiel list / communes millésime not loaded");
        }
        out.printf("Communes : millésime %s / communes of millésime %s%n", millesime, millesime);
        return communes;
    }
}
