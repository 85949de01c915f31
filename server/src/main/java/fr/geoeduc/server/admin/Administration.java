package fr.geoeduc.server.admin;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.AuditEntry;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.ConventionValidator;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.access.RegistryViews;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.access.User;
import fr.geoeduc.core.access.UserRegistry;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What may be done to the conventions registry, by whom, and its audit: one place for the admin API (JSON,
 * {@link AdminApi}) and the administration pages ({@code /administration}, {@link AdminPages}), so that a change made
 * from a form is allowed, refused and recorded exactly as the same change sent to the API.
 *
 * <p>The rights of each role are those of {@link AdminApi}'s description: the platform admin does everything; a
 * convention manager drafts, submits and terminates the conventions of their organisation, withdraws access where it
 * provides, and grants access only where it provides and holds every dataset of the scope.
 */
public final class Administration {

    /** Who acts: the administrator key (no person), or a person with an account. */
    public record Principal(User user) {
        public static final Principal ADMIN_KEY = new Principal(null);

        public boolean is(Role role) {
            return user == null || user.has(Role.PLATFORM_ADMIN) || user.has(role);
        }

        public boolean admin() {
            return user == null || user.has(Role.PLATFORM_ADMIN);
        }

        /** Whether they may administer anything at all: the platform admin or a convention manager. */
        public boolean administers() {
            return user == null || user.administers();
        }

        boolean partyTo(Convention c) {
            return admin() || c.parties().stream().anyMatch(p -> p.organisation().equals(user.organisation()));
        }

        boolean providerOf(Convention c) {
            return admin() || c.parties().stream().anyMatch(p -> p.organisation().equals(user.organisation())
                    && (p.role() == Convention.Role.PROVIDER || p.role() == Convention.Role.BOTH));
        }

        /** How the audit log names them. */
        String actor() {
            return user == null ? "clé d'administration" : user.id();
        }
    }

    /** A 403 with what the API says (English, as before) and what a page says (French). */
    public static final class Refused extends HttpResponseException {
        private final String french;

        Refused(String message, String french) {
            super(403, message);
            this.french = french;
        }

        public String french() {
            return french;
        }
    }

    /** What a party that only receives data may do to a convention's status: propose it, withdraw it, end it. */
    private static final Set<Convention.Status> RECIPIENT_TRANSITIONS =
            EnumSet.of(Convention.Status.SUBMITTED, Convention.Status.DRAFT, Convention.Status.TERMINATED);
    /** Transitions that withdraw access: any providing party's manager may make them. */
    private static final Set<Convention.Status> WITHDRAWALS =
            EnumSet.of(Convention.Status.SUSPENDED, Convention.Status.REVOKED, Convention.Status.EXPIRED);

    private final AccessRegistry registry;
    private final UserRegistry users;
    private final Consumer<AuditEntry> audit;

    /** @param audit where every write attempt (granted or refused) is recorded */
    public Administration(AccessRegistry registry, UserRegistry users, Consumer<AuditEntry> audit) {
        this.registry = registry;
        this.users = users;
        this.audit = audit;
    }

    // ------------------------------------------------------------------ organisations and people

    /** Every signed-in role reads the list of organisations. */
    public List<Organisation> organisations() {
        return registry.organisations();
    }

    /** Creates (or updates) an organisation: platform admin only. */
    public void saveOrganisation(Principal who, Organisation o) {
        requireAdmin(who);
        registry.saveOrganisation(o);
    }

    public List<User> users(Principal who) {
        requireAdmin(who);
        return users.users();
    }

    public User createUser(Principal who, String login, String name, String organisation, Set<Role> roles, String password) {
        requireAdmin(who);
        return users.create(login, name, organisation, roles, password);
    }

    /** Records which organisation holds a dataset: platform admin only. */
    public void setDatasetOwner(Principal who, String dataset, String organisation) {
        requireAdmin(who);
        registry.setDatasetOwner(dataset, organisation);
    }

    public Map<String, String> datasetOwners(List<String> datasets) {
        Map<String, String> owners = new java.util.LinkedHashMap<>();
        datasets.forEach(d -> registry.datasetOwner(d).ifPresent(o -> owners.put(d, o)));
        return owners;
    }

    // ------------------------------------------------------------------ conventions

    /** The conventions they may read ({@code party}: of that organisation only; null for all). */
    public List<Convention> conventions(Principal who, String party) {
        List<Convention> visible = registry.conventions().stream().filter(c -> mayRead(who, c)).toList();
        return party == null ? visible : RegistryViews.ofParty(visible, party);
    }

    /** A convention they may read; 404 as if it did not exist otherwise. */
    public Convention readable(Principal who, String id) {
        Convention c = find(id);
        if (!mayRead(who, c)) {
            throw new NotFoundResponse("unknown convention " + c.id()); // not a party: as if it did not exist
        }
        return c;
    }

    public List<Convention> history(Principal who, String id) {
        readable(who, id);
        return registry.history(id);
    }

    /** A new convention, recorded as a draft (version 1). */
    public Convention create(Principal who, Convention c) {
        ConventionValidator.require(c); // names every missing field, before any right is checked
        requireManagerOf(who, c);
        requireHeldByAProvider(who, c);
        if (registry.convention(c.id()).isPresent()) {
            throw new IllegalArgumentException("la convention « " + c.id() + " » existe déjà : modifiez-la par un avenant / convention " + c.id()
                    + " exists: POST /api/admin/conventions/" + c.id() + "/amendments");
        }
        return registry.saveConvention(c);
    }

    /** An amendment: the next version of convention {@code id}, a draft again. */
    public Convention amend(Principal who, String id, Convention c) {
        ConventionValidator.require(c);
        if (!c.id().equals(id)) {
            throw new IllegalArgumentException("the body describes convention " + c.id() + ", not " + id);
        }
        requireProviderManagerOf(who, find(id));
        requireProviderManagerOf(who, c);
        return registry.saveConvention(c);
    }

    /** Moves convention {@code id} to {@code to} ({@code on}: the day it takes effect, today when null). */
    public Convention transition(Principal who, String id, Convention.Status to, LocalDate on) {
        Convention current = find(id);
        if (RECIPIENT_TRANSITIONS.contains(to)) {
            requireManagerOf(who, current);
        } else if (WITHDRAWALS.contains(to)) {
            requireProvidingManagerOf(who, current); // withdrawing access is a safety action: any providing party
        } else {
            requireProviderManagerOf(who, current);
        }
        return registry.transition(id, to, on);
    }

    /** Whether the life cycle lets convention {@code c} go to {@code to} (not whether {@code who} may do it). */
    public static boolean canGo(Convention c, Convention.Status to) {
        return AccessRegistry.allowed(c.status(), to);
    }

    /** Tacit renewal after the review meeting. */
    public Convention renew(Principal who, String id, LocalDate reviewMeeting) {
        requireProviderManagerOf(who, find(id));
        return registry.renew(id, reviewMeeting);
    }

    public List<Map<String, Object>> registreArt30(Principal who) {
        if (!who.is(Role.CONVENTION_MANAGER)) {
            throw refused(who, "platform-admin or convention-manager",
                    "Le registre des traitements est réservé aux administrateurs et aux gestionnaires de conventions.");
        }
        return RegistryViews.registreArt30(registry.conventions());
    }

    // ------------------------------------------------------------------ audit

    /**
     * Records a change attempted on the registry: who, what ({@code method}, {@code path}), on which convention, and
     * whether it was done ({@code status} 2xx) or refused.
     */
    public void audit(Principal who, String method, String path, String convention, int status) {
        String actor = who == null ? "non authentifié" : who.actor();
        String organisation = who == null || who.user() == null ? null : who.user().organisation();
        Map<String, String> query = Map.of("method", method, "path", path, "status", String.valueOf(status));
        boolean done = status / 100 == 2;
        audit.accept(new AuditEntry(Instant.now(), done ? "granted" : "refused", actor, organisation, convention, null, "admin", query, 0,
                null, done ? null : "HTTP " + status));
    }

    // ------------------------------------------------------------------ rights

    private Convention find(String id) {
        return registry.convention(id).orElseThrow(() -> new NotFoundResponse("unknown convention " + id));
    }

    private static Refused refused(Principal who, String roles, String french) {
        User u = who.user();
        return new Refused("reserved to " + roles + "; " + u.id() + " has " + u.roles(), french);
    }

    private static void requireAdmin(Principal who) {
        if (!who.admin()) {
            throw refused(who, "platform-admin", "Réservé à l'administrateur de la plateforme.");
        }
    }

    /** A convention in force or ended is read by every manager; a draft, submitted or suspended one by its parties alone. */
    private static boolean mayRead(Principal who, Convention c) {
        return who.partyTo(c) || (c.shownPublicly() && who.is(Role.CONVENTION_MANAGER));
    }

    /**
     * Granting access (validate, activate, amend, renew) belongs to the platform admin, or to a convention manager of
     * a providing party that actually holds every dataset of the scope: a party's declared role alone proves nothing,
     * since whoever drafts the convention declares it.
     */
    private void requireProviderManagerOf(Principal who, Convention c) {
        requireProvidingManagerOf(who, c);
        if (who.admin()) {
            return;
        }
        for (Convention.DataScope scope : c.scopes()) {
            String owner = registry.datasetOwner(scope.dataset()).orElse(null);
            if (!who.user().organisation().equals(owner)) {
                throw new Refused("only the organisation that holds " + scope.dataset() + " ("
                        + (owner == null ? "none recorded: geoeduc ingest … --owner ORG" : owner)
                        + ") or the platform admin may grant access to it",
                        "Seule l'organisation qui détient « " + scope.dataset() + " » (" + (owner == null ? "aucune n'est enregistrée" : owner)
                                + ") ou l'administrateur de la plateforme peut en donner l'accès.");
            }
        }
    }

    /**
     * Who drafts a convention may ask a provider for its data, never name as provider an organisation that does not
     * hold the data, nor name a dataset that no providing party holds: a draft cannot put words in another's mouth.
     */
    private void requireHeldByAProvider(Principal who, Convention c) {
        if (who.admin()) {
            return;
        }
        Set<String> providers = new HashSet<>();
        c.parties().stream().filter(p -> p.role() == Convention.Role.PROVIDER || p.role() == Convention.Role.BOTH)
                .forEach(p -> providers.add(p.organisation()));
        for (Convention.DataScope scope : c.scopes()) {
            String owner = registry.datasetOwner(scope.dataset()).orElse(null);
            if (owner == null || !providers.contains(owner)) {
                throw new Refused("dataset " + scope.dataset() + " is held by " + (owner == null ? "no recorded organisation" : owner)
                        + ", which is not a providing party of " + c.id() + ": name the organisation that holds it as provider",
                        "Le jeu « " + scope.dataset() + " » est détenu par " + (owner == null ? "aucune organisation enregistrée" : owner)
                                + ", qui n'est pas partie fournisseur : nommez fournisseur l'organisation qui le détient.");
            }
        }
        String own = who.user().organisation();
        for (String provider : providers) {
            if (provider.equals(own)) {
                continue; // declaring oneself provider grants nothing: each dataset's holder must still be a provider
            }
            boolean holdsSome = c.scopes().stream().anyMatch(s -> provider.equals(registry.datasetOwner(s.dataset()).orElse(null)));
            if (!holdsSome) {
                throw new Refused(provider + " holds none of the datasets of " + c.id() + ": it cannot be named as provider",
                        provider + " ne détient aucun des jeux de la convention : elle ne peut pas être nommée fournisseur.");
            }
        }
    }

    private static void requireProvidingManagerOf(Principal who, Convention c) {
        if (!(who.admin() || (who.is(Role.CONVENTION_MANAGER) && who.providerOf(c)))) {
            throw refused(who, "platform-admin, or a convention-manager of a providing party to " + c.id(),
                    "Réservé à l'administrateur de la plateforme ou à un gestionnaire de conventions d'une partie fournisseur.");
        }
    }

    private static void requireManagerOf(Principal who, Convention c) {
        if (!(who.admin() || (who.is(Role.CONVENTION_MANAGER) && who.partyTo(c)))) {
            throw refused(who, "platform-admin, or a convention-manager of an organisation party to " + c.id(),
                    "Réservé à l'administrateur de la plateforme ou à un gestionnaire de conventions d'une organisation partie à la convention.");
        }
    }
}
