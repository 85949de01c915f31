package fr.geoeduc.app;

import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.access.Secrets;
import fr.geoeduc.core.access.User;
import fr.geoeduc.core.access.UserRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** People: accounts with an organisation and roles (platform-admin, convention-manager, producer, consumer). */
@Command(name = "user", subcommands = {UserCommand.Create.class, UserCommand.ListUsers.class, UserCommand.Roles.class,
        UserCommand.Password.class, UserCommand.Disable.class})
final class UserCommand implements Runnable {

    @ParentCommand
    GeoeducCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Set<Role> roles(List<String> names) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        names.forEach(n -> out.add(Role.parse(n)));
        return out;
    }

    static String describe(User u) {
        return String.format("%-30s %-28s %-20s %-45s %s", u.id(), u.name(), u.organisation(), roleList(u.roles()),
                u.disabled() ? "désactivé le " + u.disabledAt() : "actif");
    }

    /** Roles as the CLI spells them, sorted and comma-separated (also what the audit entry records). */
    static String roleList(Set<Role> roles) {
        return roles.stream().map(r -> r.name().toLowerCase().replace('_', '-')).sorted().collect(Collectors.joining(","));
    }

    /** The password from standard input (first line) with --password-stdin, else a generated one shown once. */
    static String password(boolean fromStdin, java.io.PrintWriter out) {
        if (fromStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new IllegalArgumentException("no password on standard input");
                }
                return line;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the password from standard input: " + e.getMessage());
            }
        }
        String generated = Secrets.token("").substring(0, 24);
        out.println("Mot de passe / password (affiché une seule fois / shown once) : " + generated);
        return generated;
    }

    @Command(name = "create")
    static final class Create implements Runnable {
        @ParentCommand
        UserCommand parent;

        @Parameters(index = "0", paramLabel = "LOGIN", descriptionKey = "user.login")
        String login;

        @Option(names = "--name", required = true, descriptionKey = "user.name")
        String name;

        @Option(names = "--org", required = true, descriptionKey = "user.org")
        String organisation;

        @Option(names = "--role", required = true, split = ",", descriptionKey = "user.role")
        List<String> roles;

        @Option(names = "--password-stdin", descriptionKey = "user.passwordStdin")
        boolean passwordStdin;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                var out = parent.root.spec.commandLine().getOut();
                UserRegistry users = p.access().users();
                Set<Role> r = roles(roles);
                String password = password(passwordStdin, out);
                // The audit entry names the account, its organisation and roles; never the password.
                User u = CliAudit.record(p, "user-create", login, null, Map.of("organisation", organisation, "roles", roleList(r)),
                        () -> users.create(login, name, organisation, r, password));
                out.println("Créé / created: " + describe(u));
            }
        }
    }

    @Command(name = "list")
    static final class ListUsers implements Runnable {
        @ParentCommand
        UserCommand parent;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                var out = parent.root.spec.commandLine().getOut();
                for (User u : p.access().users().users()) {
                    out.println(describe(u));
                }
            }
        }
    }

    @Command(name = "roles")
    static final class Roles implements Runnable {
        @ParentCommand
        UserCommand parent;

        @Parameters(index = "0", paramLabel = "LOGIN", descriptionKey = "user.login")
        String login;

        @Option(names = "--role", required = true, split = ",", descriptionKey = "user.role")
        List<String> roles;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                Set<Role> r = roles(roles);
                User u = CliAudit.record(p, "user-roles", login, null, Map.of("roles", roleList(r)),
                        () -> p.access().users().setRoles(login, r));
                parent.root.spec.commandLine().getOut().println("Rôles / roles: " + describe(u) + " (effet à la requête suivante / next request)");
            }
        }
    }

    @Command(name = "password")
    static final class Password implements Runnable {
        @ParentCommand
        UserCommand parent;

        @Parameters(index = "0", paramLabel = "LOGIN", descriptionKey = "user.login")
        String login;

        @Option(names = "--password-stdin", descriptionKey = "user.passwordStdin")
        boolean passwordStdin;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                var out = parent.root.spec.commandLine().getOut();
                String password = password(passwordStdin, out);
                // Audited as a change of this account's password: the entry never holds the password itself.
                CliAudit.record(p, "user-password", login, null, Map.of(), () -> {
                    p.access().users().setPassword(login, password);
                    return login;
                });
                out.println("Mot de passe changé / password changed: " + login);
            }
        }
    }

    @Command(name = "disable")
    static final class Disable implements Runnable {
        @ParentCommand
        UserCommand parent;

        @Parameters(index = "0", paramLabel = "LOGIN", descriptionKey = "user.login")
        String login;

        @Override
        public void run() {
            try (Platform p = parent.root.open()) {
                User u = CliAudit.record(p, "user-disable", login, null, Map.of(), () -> p.access().users().disable(login));
                parent.root.spec.commandLine().getOut().println("Désactivé / disabled: " + describe(u) + " (effet à la requête suivante / next request)");
            }
        }
    }
}
