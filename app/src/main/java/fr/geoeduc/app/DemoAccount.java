package fr.geoeduc.app;

import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.access.Secrets;
import fr.geoeduc.core.access.UserRegistry;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The demo's account, with every role, so that what lies behind sign-in (Mon compte, API keys for the jointures
 * page, saved views and simulations, the administrator's view of the registers) can be tried on the first run: its
 * password is generated and shown once, as `geoeduc user create` does.
 */
final class DemoAccount {

    static final String ORGANISATION = "demo";
    static final String LOGIN = "admin@demo.local";

    private DemoAccount() {
    }

    /** Creates the account on the first run (and its organisation), else says which one it is. */
    static void ensure(Platform p, PrintWriter out) {
        UserRegistry users = p.access().users();
        if (users.find(LOGIN).isPresent()) {
            out.println("Compte de démonstration / demo account: " + LOGIN + " (mot de passe perdu / lost password: geoeduc user password "
                    + LOGIN + ")");
            return;
        }
        p.access().registry().saveOrganisation(new Organisation(ORGANISATION, "Organisation de démonstration", null,
                Organisation.Kind.AUTRE, List.of()));
        EnumSet<Role> roles = EnumSet.allOf(Role.class);
        String password = Secrets.token("").substring(0, 24);
        // audited as `geoeduc user create` is: the account, its organisation and roles, never the password
        CliAudit.record(p, "user-create", LOGIN, null, Map.of("organisation", ORGANISATION, "roles", UserCommand.roleList(roles)),
                () -> users.create(LOGIN, "Administrateur de la démonstration", ORGANISATION, roles, password));
        out.println("Compte de démonstration (page « Se connecter ») / demo account (sign-in page): " + LOGIN + " — mot de passe / password: "
                + password + " (affiché une seule fois / shown once)");
    }
}
