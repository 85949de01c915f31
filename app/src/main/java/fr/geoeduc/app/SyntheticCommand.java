package fr.geoeduc.app;

import fr.geoeduc.core.privacy.SyntheticPupils;
import fr.geoeduc.core.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code geoeduc synthetic eleves}: SYNTHETIC individual pupil files, for tests and demos of restricted data. */
@Command(name = "synthetic", subcommands = {SyntheticCommand.Eleves.class, SyntheticBanCommand.class})
final class SyntheticCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "eleves", aliases = "pupils")
    static final class Eleves implements Runnable {

        @ParentCommand
        SyntheticCommand parent;

        @Option(names = "--out", required = true, paramLabel = "FICHIER", descriptionKey = "synthetic.out")
        Path out;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "35", descriptionKey = "synthetic.seed")
        long seed;

        @Option(names = "--rentree", paramLabel = "AAAA", arity = "1..*", descriptionKey = "synthetic.rentree")
        List<Integer> rentrees;

        @Option(names = "--annuaire", paramLabel = "FICHIER", descriptionKey = "synthetic.annuaire")
        Path annuaire;

        @Option(names = "--scale", paramLabel = "X", defaultValue = "1", descriptionKey = "synthetic.scale")
        double scale;

        @Option(names = "--max-ecoles", paramLabel = "N", defaultValue = "0", descriptionKey = "synthetic.maxEcoles")
        int maxEcoles;

        @Option(names = "--maternelle", descriptionKey = "synthetic.maternelle")
        boolean maternelle;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", descriptionKey = "format")
        String format;

        @Override
        public void run() {
            var o = parent.root.spec.commandLine().getOut();
            if (annuaire != null && !Files.isRegularFile(annuaire)) {
                throw new Main.UserError("annuaire introuvable / annuaire not found: " + annuaire);
            }
            if (!(scale > 0)) {
                throw new Main.UserError("--scale doit être positif / must be positive: " + scale);
            }
            if (maxEcoles < 0) {
                throw new Main.UserError("--max-ecoles doit être positif ou 0 (toutes) / must be positive or 0 (all): " + maxEcoles);
            }
            if (rentrees != null) {
                for (int r : rentrees) {
                    if (r < 1900 || r > 2200) {
                        throw new Main.UserError("--rentree : année invalide / invalid year: " + r);
                    }
                }
            }
            SyntheticPupils.Options options = new SyntheticPupils.Options(seed, rentrees,
                    annuaire != null ? annuaire : SyntheticPupils.DEFAULT_ANNUAIRE, maxEcoles, scale, maternelle);
            SyntheticPupils.Result r;
            try {
                r = SyntheticPupils.generate(out, options);
            } catch (java.io.UncheckedIOException e) {
                throw new Main.UserError(e.getMessage());
            }
            if ("json".equals(format)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", r.file().toString());
                m.put("synthetic", true);
                m.put("rows", r.rows());
                m.put("pupils", r.pupils());
                m.put("ecoles", r.ecoles());
                m.put("real_annuaire", r.realAnnuaire());
                m.put("annuaire", r.realAnnuaire() ? options.annuaire().toString() : null);
                m.put("rows_per_rentree", r.rowsPerRentree());
                m.put("seed", seed);
                o.println(Json.write(m));
                return;
            }
            o.printf("%d lignes écrites / rows written: %s (%d élèves, %d écoles, rentrées %s)%n", r.rows(), r.file(), r.pupils(),
                    r.ecoles(), r.rowsPerRentree().keySet());
            o.println("DONNÉES SYNTHÉTIQUES : aucun élève réel / SYNTHETIC DATA: no real pupil.");
            if (r.realAnnuaire()) {
                o.println("Écoles réelles de / real écoles from " + options.annuaire());
            } else {
                o.println("Annuaire absent (" + options.annuaire() + ") : écoles et communes générées (UAI 0359xxx, communes 359xx)"
                        + " / annuaire absent: generated écoles and communes.");
            }
        }
    }
}
