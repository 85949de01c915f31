package fr.geoeduc.app;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.sectorisation.AdresseSaisie;
import fr.geoeduc.core.sectorisation.CarteScolaireService;
import fr.geoeduc.core.sectorisation.SecteurDocument;
import fr.geoeduc.core.sectorisation.SecteurReponse;
import fr.geoeduc.core.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.Locale;

@Command(name = "carte-scolaire", subcommands = {CarteScolaireCommand.Secteur.class, SecteursCommand.class, SimulationCommand.class})
final class CarteScolaireCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code geoeduc carte-scolaire secteur "12 bis rue de Fougères 35700 Rennes"}, or the structured options. */
    @Command(name = "secteur")
    static final class Secteur implements Runnable {

        @ParentCommand
        CarteScolaireCommand parent;

        @Parameters(index = "0", arity = "0..1", paramLabel = "ADRESSE", descriptionKey = "carteScolaire.adresse")
        String adresse;

        @Option(names = "--commune", paramLabel = "CODE|NOM", descriptionKey = "carteScolaire.commune")
        String commune;

        @Option(names = "--ancienne-commune", paramLabel = "CODE|NOM", descriptionKey = "carteScolaire.ancienneCommune")
        String ancienneCommune;

        @Option(names = "--voie", paramLabel = "VOIE", descriptionKey = "carteScolaire.voie")
        String voie;

        @Option(names = "--numero", paramLabel = "N", descriptionKey = "carteScolaire.numero")
        Integer numero;

        @Option(names = "--rep", paramLabel = "bis|ter|A…", descriptionKey = "carteScolaire.rep")
        String rep;

        @Option(names = "--code-postal", paramLabel = "CP", descriptionKey = "carteScolaire.codePostal")
        String codePostal;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
        String format;

        @Override
        public void run() {
            if ((adresse == null || adresse.isBlank()) && commune == null && codePostal == null) {
                throw new Main.UserError("adresse manquante : geoeduc carte-scolaire secteur \"12 bis rue de Fougères 35700 Rennes\" "
                        + "ou --commune CODE --voie VOIE --numero N / missing address");
            }
            SecteurReponse r;
            try (Platform platform = parent.root.open()) {
                CarteScolaireService service = new CarteScolaireService(new QueryService(platform.store()),
                        () -> Referentiels.from(platform.store()));
                r = adresse != null && !adresse.isBlank() && commune == null
                        ? service.secteur(Caller.INTERNAL, adresse)
                        : service.secteur(Caller.INTERNAL, new AdresseSaisie(commune, codePostal, ancienneCommune, voie, numero, rep, adresse));
            } catch (CarteScolaireService.CarteAbsente e) {
                throw new Main.UserError(e.getMessage());
            }
            PrintWriter out = parent.root.spec.commandLine().getOut();
            if ("json".equals(format)) {
                out.println(Json.write(SecteurDocument.of(r)));
            } else {
                text(out, r);
            }
        }

        private static void text(PrintWriter out, SecteurReponse r) {
            out.println(switch (r.statut()) {
                case TROUVE -> r.multiCollege() ? "Secteur multi-collèges" : "Collège de secteur";
                case AMBIGU -> "Adresse ambiguë";
                case AUCUN -> "Aucun secteur trouvé";
            });
            for (SecteurReponse.College c : r.colleges()) {
                out.printf("  %s  %s%s%n", c.uai(), c.nom() == null ? "" : c.nom(), c.commune() == null ? "" : " (" + c.commune() + ")");
            }
            out.println(r.explication());
            if (r.regle() != null) {
                out.println("Règle : " + r.regle().libelle);
            }
            out.printf(Locale.ROOT, "Confiance : %s (score %.2f)%n", r.confiance(), r.score());
            r.candidats().forEach(c -> out.println("  candidat : " + c.libelle() + " → " + String.join(", ", c.uais())));
            r.avertissements().forEach(w -> out.println("Note : " + w));
            out.println("Carte : " + r.carte().dataset() + " v" + r.carte().version() + " (" + r.carte().lignes() + " lignes)");
        }
    }
}
