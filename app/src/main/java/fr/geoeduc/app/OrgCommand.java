package fr.geoeduc.app;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;

@Command(name = "org", subcommands = {OrgCommand.Create.class, OrgCommand.ListOrgs.class, OrgCommand.Owner.class})
final class OrgCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create")
    static final class Create implements Runnable {
        @ParentCommand
        OrgCommand parent;

        @Option(names = "--id", required = true, descriptionKey = "org.id")
        String id;

        @Option(names = "--name", required = true, descriptionKey = "org.name")
        String name;

        @Option(names = "--siren", descriptionKey = "org.siren")
        String siren;

        @Option(names = "--kind", required = true, descriptionKey = "org.kind")
        String kind;

        @Option(names = "--territory", split = ",", descriptionKey = "org.territory")
        List<String> territory;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                Organisation o = new Organisation(id, name, siren, Organisation.Kind.parse(kind), territory);
                new AccessRegistry(p.store()).saveOrganisation(o);
                parent.root.spec.commandLine().getOut().println("Organisation enregistrée / saved: " + o.id() + " — " + o.name());
            }
        }
    }

    @Command(name = "list")
    static final class ListOrgs implements Runnable {
        @ParentCommand
        OrgCommand parent;

        @Option(names = "--format", defaultValue = "text", descriptionKey = "format")
        String format;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                List<Organisation> all = new AccessRegistry(p.store()).organisations();
                var out = parent.root.spec.commandLine().getOut();
                if ("json".equals(format)) {
                    out.println(Json.write(all));
                } else {
                    all.forEach(o -> out.printf("%-24s %-12s %-10s %s %s%n", o.id(), o.kind(), o.siren() == null ? "" : o.siren(), o.name(), o.territory()));
                }
            }
        }
    }

    @Command(name = "owner")
    static final class Owner implements Runnable {
        @ParentCommand
        OrgCommand parent;

        @Option(names = "--org", required = true, paramLabel = "ORG", descriptionKey = "org.owner.org")
        String organisation;

        @Option(names = "--dataset", required = true, paramLabel = "ID", descriptionKey = "org.owner.dataset")
        String dataset;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                if (p.store().dataset(dataset).isEmpty()) {
                    throw new Main.UserError("jeu inconnu / unknown dataset '" + dataset + "' (geoeduc datasets)");
                }
                new AccessRegistry(p.store()).setDatasetOwner(dataset, organisation);
                parent.root.spec.commandLine().getOut().println(dataset + " : détenu par / held by " + organisation
                        + " (ses gestionnaires de conventions y ouvrent l'accès / its convention managers grant access to it)");
            }
        }
    }
}
