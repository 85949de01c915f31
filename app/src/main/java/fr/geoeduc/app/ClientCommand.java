package fr.geoeduc.app;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "client", subcommands = {ClientCommand.Create.class, ClientCommand.Revoke.class, ClientCommand.ListClients.class})
final class ClientCommand implements Runnable {

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
        ClientCommand parent;

        @Option(names = "--org", required = true, descriptionKey = "client.org")
        String organisation;

        @Option(names = "--label", required = true, descriptionKey = "client.label")
        String label;

        @Option(names = "--daily-limit", defaultValue = "100000", descriptionKey = "client.limit")
        long limit;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                AccessRegistry.NewClient c = new AccessRegistry(p.store()).createClient(organisation, label, limit);
                var out = parent.root.spec.commandLine().getOut();
                out.println("Client : " + c.client().id() + " (" + organisation + ")");
                out.println("Clé d'API / API key (affichée une seule fois / shown once) : " + c.apiKey());
                out.println("Secret OAuth2 client_credentials (affiché une seule fois / shown once) : " + c.clientSecret());
            }
        }
    }

    @Command(name = "revoke")
    static final class Revoke implements Runnable {
        @ParentCommand
        ClientCommand parent;

        @Parameters(index = "0", paramLabel = "CLIENT", descriptionKey = "client.id")
        String id;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                CliAudit.record(p, "client-revoke", id, null, java.util.Map.of(), () -> {
                    new AccessRegistry(p.store()).revokeClient(id);
                    return id;
                });
                parent.root.spec.commandLine().getOut().println("Révoqué / revoked: " + id + " (effet à la prochaine requête / next request)");
            }
        }
    }

    @Command(name = "list")
    static final class ListClients implements Runnable {
        @ParentCommand
        ClientCommand parent;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                var out = parent.root.spec.commandLine().getOut();
                for (ApiClient c : new AccessRegistry(p.store()).clients()) {
                    out.printf("%-18s %-20s %-30s %9d/jour %s%n", c.id(), c.organisation(), c.label(), c.dailyLimit(),
                            c.revoked() ? "révoqué le " + c.revokedAt() : "actif");
                }
            }
        }
    }
}
