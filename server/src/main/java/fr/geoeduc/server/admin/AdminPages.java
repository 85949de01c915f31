package fr.geoeduc.server.admin;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.ApiClient;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.ConventionValidator;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.access.PersonSessions;
import fr.geoeduc.core.access.QuotaLedger;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.access.User;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.server.admin.Administration.Principal;
import fr.geoeduc.server.web.Crumb;
import fr.geoeduc.server.web.Formats;
import fr.geoeduc.server.web.Layout;
import fr.geoeduc.server.web.WebSessions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The administration pages (French, DSFR) of a person signed in as platform admin or convention manager: organisations,
 * people, conventions (create from a form, amend, change status, renew), the holders of datasets, API clients and their
 * quotas, and the art. 30 register. Every change goes through {@link Administration}, the same rights and the same
 * audit entry as the admin API; every form carries the session's anti-CSRF token, checked by {@link WebSessions}
 * before any handler. A person without an administering role gets a 403 page; nobody signed in, the sign-in page.
 */
public final class AdminPages {

    /** One organisation in the list. */
    public record OrganisationRow(String id, String name, String siren, String kind, String territory) {
    }

    /** One person in the list. */
    public record UserRow(String id, String name, String organisation, String roles, String created, boolean disabled) {
    }

    /** One convention in the list. */
    public record ConventionRow(String id, String number, String title, int version, String status, String parties, String lastDay) {
    }

    /** One status a convention may go to from where it is, as a button. */
    public record Move(String status, String label, boolean withDate) {
    }

    /** One version of a convention. */
    public record VersionRow(int version, String status, String amendment) {
    }

    /** One dataset and the organisation recorded as holding it. */
    public record DatasetRow(String id, String title, boolean restricted, String owner) {
    }

    /** One API client with its quota and today's recorded calls. */
    public record ClientRow(String id, String organisation, String label, long dailyLimit, long usedToday, String created, boolean revoked) {
    }

    private static final String PRINCIPAL = "geoeduc.admin.principal";
    private final Administration admin;
    private final AccessRegistry registry;
    private final Supplier<List<DatasetDefinition>> datasets;
    private final QuotaLedger ledger;
    private final Layout layout;

    /**
     * @param datasets the published datasets (the holders' page, the form's suggestions)
     * @param ledger   the calls counted per client and day
     */
    public AdminPages(Administration admin, AccessRegistry registry, Supplier<List<DatasetDefinition>> datasets, QuotaLedger ledger,
                      Layout layout) {
        this.admin = admin;
        this.registry = registry;
        this.datasets = datasets;
        this.ledger = ledger;
        this.layout = layout;
    }

    public void register(Javalin app) {
        app.get("/administration", ctx -> page(ctx, who -> home(ctx, who)));
        app.get("/administration/organisations", ctx -> page(ctx, who -> organisations(ctx, who, 200, null, null, null)));
        app.post("/administration/organisations", ctx -> page(ctx, who -> createOrganisation(ctx, who)));
        app.get("/administration/utilisateurs", ctx -> page(ctx, who -> users(ctx, who, 200, null, null, Map.of())));
        app.post("/administration/utilisateurs", ctx -> page(ctx, who -> createUser(ctx, who)));
        app.get("/administration/jeux", ctx -> page(ctx, who -> holders(ctx, who, 200, null, null)));
        app.post("/administration/jeux/{id}/detenteur", ctx -> page(ctx, who -> setHolder(ctx, who)));
        app.get("/administration/cles", ctx -> page(ctx, who -> clients(ctx, who)));
        app.get("/administration/registre", ctx -> page(ctx, who -> register(ctx, who)));
        app.get("/administration/conventions", ctx -> page(ctx, who -> conventions(ctx, who)));
        app.get("/administration/nouvelle-convention", ctx -> page(ctx, who ->
                conventionForm(ctx, who, null, ConventionForm.empty(), 200, null, Map.of())));
        app.post("/administration/conventions", ctx -> page(ctx, who -> saveConvention(ctx, who, null)));
        app.get("/administration/conventions/{id}", ctx -> page(ctx, who -> convention(ctx, who, 200, saved(ctx), null)));
        app.get("/administration/conventions/{id}/avenant", ctx -> page(ctx, who -> {
            Convention c = readable(ctx, who);
            if (c != null) {
                conventionForm(ctx, who, c, ConventionForm.of(c), 200, null, Map.of());
            }
        }));
        app.post("/administration/conventions/{id}/avenant", ctx -> page(ctx, who -> saveConvention(ctx, who, ctx.pathParam("id"))));
        app.post("/administration/conventions/{id}/statut", ctx -> page(ctx, who -> changeStatus(ctx, who)));
        app.post("/administration/conventions/{id}/reconduction", ctx -> page(ctx, who -> renew(ctx, who)));
    }

    // ------------------------------------------------------------------ who may come in

    private interface Handler {
        void handle(Principal who) throws Exception;
    }

    /**
     * Runs the page for a person who administers: nobody signed in goes to the sign-in page (and back here), a person
     * without the platform-admin or convention-manager role gets the 403 page.
     */
    private void page(Context ctx, Handler handler) throws Exception {
        Optional<User> user = WebSessions.active(ctx).map(PersonSessions.Active::user);
        if (user.isEmpty()) {
            if (ctx.method() != io.javalin.http.HandlerType.GET) {
                admin.audit(null, ctx.method().name(), ctx.path(), conventionOf(ctx), 401); // as the admin API records an unsigned attempt
            }
            String back = ctx.method() == io.javalin.http.HandlerType.GET ? ctx.path() : "/administration";
            ctx.redirect("/connexion?retour=" + URLEncoder.encode(back, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            return;
        }
        Principal who = new Principal(user.get());
        if (!who.administers()) {
            if (ctx.method() != io.javalin.http.HandlerType.GET) {
                admin.audit(who, ctx.method().name(), ctx.path(), conventionOf(ctx), 403);
            }
            forbidden(ctx, "L'administration est réservée aux administrateurs de la plateforme et aux gestionnaires de conventions. "
                    + "Votre compte a les rôles : " + roles(who.user()) + ".");
            return;
        }
        handler.handle(who);
    }

    private static String conventionOf(Context ctx) {
        return ctx.path().startsWith("/administration/conventions/") ? ctx.pathParamMap().get("id") : null;
    }

    private void forbidden(Context ctx, String message) {
        layout.render(ctx, 403, "introuvable", "Accès refusé", Layout.Section.ADMINISTRATION,
                List.of(new Crumb("Administration", "/administration"), Crumb.here("Accès refusé")), Map.of("message", message));
    }

    /** A change's outcome: the status of the answer it drew, for the audit entry. */
    private interface Change {
        int apply();
    }

    /** Draws the form again with what went wrong. */
    private interface Failure {
        void show(int status, String message, RuntimeException cause);
    }

    /**
     * Makes a change through {@link Administration} and records it in the audit log as the admin API does (who, method,
     * path, convention, status): done (2xx), refused (403), unknown (404) or invalid (400).
     */
    private void change(Context ctx, Principal who, String convention, Change change, Failure failure) {
        int status;
        try {
            status = change.apply();
        } catch (Administration.Refused e) {
            status = 403;
            failure.show(status, e.french(), e);
        } catch (NotFoundResponse e) {
            status = 404;
            failure.show(status, "Convention inconnue : « " + convention + " ».", e);
        } catch (IllegalArgumentException e) {
            status = 400;
            failure.show(status, french(e.getMessage()), e);
        }
        admin.audit(who, ctx.method().name(), ctx.path(), convention, status);
    }

    /** The French part of a message written « français / English », or the whole message. */
    static String french(String message) {
        if (message == null) {
            return "Demande refusée.";
        }
        int slash = message.indexOf(" / ");
        String fr = slash > 0 ? message.substring(0, slash) : message;
        return Character.toUpperCase(fr.charAt(0)) + fr.substring(1) + (fr.endsWith(".") ? "" : ".");
    }

    private static List<Crumb> crumbs(Crumb... more) {
        List<Crumb> out = new ArrayList<>();
        out.add(more.length == 0 ? Crumb.here("Administration") : new Crumb("Administration", "/administration"));
        out.addAll(List.of(more));
        return out;
    }

    private void render(Context ctx, int status, String template, String title, List<Crumb> crumbs, Map<String, Object> model) {
        layout.render(ctx, status, template, title, Layout.Section.ADMINISTRATION, crumbs, model);
    }

    // ------------------------------------------------------------------ home

    private void home(Context ctx, Principal who) {
        Map<String, Object> m = new HashMap<>();
        m.put("admin", who.admin());
        m.put("roles", roles(who.user()));
        m.put("conventions", admin.conventions(who, null).size());
        render(ctx, 200, "administration", "Administration", crumbs(), m);
    }

    // ------------------------------------------------------------------ organisations

    private void organisations(Context ctx, Principal who, int status, String notice, String error, Map<String, String> typed) {
        Map<String, Object> m = new HashMap<>();
        m.put("admin", who.admin());
        m.put("organisations", admin.organisations().stream().map(o -> new OrganisationRow(o.id(), o.name(), o.siren() == null ? "" : o.siren(),
                kind(o.kind()), String.join(", ", o.territory()))).toList());
        m.put("kinds", kinds());
        m.put("notice", notice);
        m.put("error", error);
        m.put("typed", typed == null ? Map.of("type", "ACADEMIE") : typed);
        render(ctx, status, "admin-organisations", "Organisations", crumbs(Crumb.here("Organisations")), m);
    }

    private void createOrganisation(Context ctx, Principal who) {
        Map<String, String> typed = new HashMap<>();
        for (String f : List.of("id", "nom", "siren", "type", "territoire")) {
            typed.put(f, Optional.ofNullable(ctx.formParam(f)).map(String::strip).orElse(""));
        }
        change(ctx, who, null, () -> {
            Organisation.Kind kind = typed.get("type").isEmpty() ? null : Organisation.Kind.parse(typed.get("type"));
            if (kind == null) {
                throw new IllegalArgumentException("choisissez le type de l'organisation");
            }
            Organisation o = new Organisation(typed.get("id"), typed.get("nom"), typed.get("siren").isEmpty() ? null : typed.get("siren"), kind,
                    ConventionForm.list(typed.get("territoire")));
            boolean existed = registry.organisation(o.id()).isPresent();
            admin.saveOrganisation(who, o);
            organisations(ctx, who, existed ? 200 : 201, "Organisation « " + o.name() + " » " + (existed ? "mise à jour." : "créée."), null, null);
            return existed ? 200 : 201;
        }, (status, message, e) -> organisations(ctx, who, status, null, message, typed));
    }

    private static List<Map<String, String>> kinds() {
        List<Map<String, String>> out = new ArrayList<>();
        for (Organisation.Kind k : Organisation.Kind.values()) {
            out.add(Map.of("value", k.name(), "label", kind(k)));
        }
        return out;
    }

    static String kind(Organisation.Kind k) {
        return switch (k) {
            case MINISTERE -> "ministère";
            case ACADEMIE -> "académie";
            case REGION -> "région";
            case DEPARTEMENT -> "département";
            case COMMUNE -> "commune";
            case EPCI -> "EPCI";
            case AUTRE -> "autre";
        };
    }

    // ------------------------------------------------------------------ people

    private void users(Context ctx, Principal who, int status, String notice, String error, Map<String, Object> typed) {
        List<User> people;
        try {
            people = admin.users(who);
        } catch (Administration.Refused e) {
            forbidden(ctx, e.french());
            return;
        }
        Map<String, Object> m = new HashMap<>();
        m.put("users", people.stream().map(u -> new UserRow(u.id(), u.name(), u.organisation(), roles(u), Formats.date(u.createdAt()),
                u.disabled())).toList());
        m.put("organisations", admin.organisations());
        List<Map<String, Object>> roles = new ArrayList<>();
        Object checked = typed.get("roles");
        for (Role r : Role.values()) {
            roles.add(Map.of("value", r.name(), "label", r.label(), "checked", checked instanceof Set<?> s && s.contains(r)));
        }
        m.put("roles", roles);
        m.put("typed", typed);
        m.put("notice", notice);
        m.put("error", error);
        m.put("minPassword", fr.geoeduc.core.access.UserRegistry.MIN_PASSWORD_LENGTH);
        render(ctx, status, "admin-utilisateurs", "Utilisateurs", crumbs(Crumb.here("Utilisateurs")), m);
    }

    private void createUser(Context ctx, Principal who) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Map<String, Object> typed = new HashMap<>();
        for (String f : List.of("identifiant", "nom", "organisation")) {
            typed.put(f, Optional.ofNullable(ctx.formParam(f)).map(String::strip).orElse(""));
        }
        typed.put("roles", roles);
        change(ctx, who, null, () -> {
            for (String r : ctx.formParams("roles")) {
                roles.add(Role.parse(r));
            }
            User u = admin.createUser(who, (String) typed.get("identifiant"), (String) typed.get("nom"), (String) typed.get("organisation"),
                    roles, Optional.ofNullable(ctx.formParam("motdepasse")).orElse(""));
            users(ctx, who, 201, "Compte « " + u.id() + " » créé pour " + u.name() + ". Transmettez-lui son mot de passe par un canal sûr.",
                    null, Map.of());
            return 201;
        }, (status, message, e) -> {
            if (status == 403) {
                forbidden(ctx, message);
            } else {
                users(ctx, who, status, null, message, typed);
            }
        });
    }

    static String roles(User u) {
        return u.roles().stream().map(Role::label).sorted().collect(Collectors.joining(", "));
    }

    // ------------------------------------------------------------------ holders of datasets, API clients, register

    /** The datasets this person may name: every one for the platform admin; the open ones and their organisation's for a manager. */
    private List<DatasetDefinition> namable(Principal who) {
        Map<String, String> owners = admin.datasetOwners(datasets.get().stream().map(DatasetDefinition::id).toList());
        return datasets.get().stream().filter(d -> who.admin() || d.accessLevel() != AccessLevel.RESTRICTED
                || who.user().organisation().equals(owners.get(d.id()))).toList();
    }

    private void holders(Context ctx, Principal who, int status, String notice, String error) {
        List<DatasetDefinition> shown = namable(who);
        Map<String, String> owners = admin.datasetOwners(shown.stream().map(DatasetDefinition::id).toList());
        Map<String, Object> m = new HashMap<>();
        m.put("admin", who.admin());
        m.put("datasets", shown.stream().map(d -> new DatasetRow(d.id(), d.title(), d.accessLevel() == AccessLevel.RESTRICTED,
                owners.getOrDefault(d.id(), ""))).toList());
        m.put("organisations", admin.organisations());
        m.put("notice", notice);
        m.put("error", error);
        render(ctx, status, "admin-jeux", "Détenteurs des jeux de données", crumbs(Crumb.here("Détenteurs des jeux")), m);
    }

    private void setHolder(Context ctx, Principal who) {
        String dataset = ctx.pathParam("id");
        String organisation = Optional.ofNullable(ctx.formParam("organisation")).map(String::strip).orElse("");
        change(ctx, who, null, () -> {
            if (namable(who).stream().noneMatch(d -> d.id().equals(dataset))) {
                throw new NotFoundResponse("unknown dataset " + dataset);
            }
            if (registry.organisation(organisation).isEmpty()) {
                throw new IllegalArgumentException("choisissez une organisation enregistrée");
            }
            admin.setDatasetOwner(who, dataset, organisation);
            holders(ctx, who, 200, "« " + dataset + " » est désormais détenu par " + organisation + ".", null);
            return 200;
        }, (status, message, e) -> {
            if (status == 403) {
                forbidden(ctx, message);
            } else if (status == 404) {
                layout.notFound(ctx, "Jeu introuvable", "Aucun jeu de données « " + dataset + " ».");
            } else {
                holders(ctx, who, status, null, message);
            }
        });
    }

    private void clients(Context ctx, Principal who) {
        if (!who.admin()) {
            forbidden(ctx, "La liste de toutes les clés d'API est réservée à l'administrateur de la plateforme. "
                    + "Les clés de votre organisation sont sur « Mon compte ».");
            return;
        }
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        List<ClientRow> rows = registry.clients().stream().map((ApiClient c) -> new ClientRow(c.id(), c.organisation(), c.label(), c.dailyLimit(),
                ledger.used("client:" + c.id(), today), Formats.date(c.createdAt()), c.revoked())).toList();
        render(ctx, 200, "admin-cles", "Clés d'API et quotas", crumbs(Crumb.here("Clés d'API et quotas")), Map.of("clients", rows));
    }

    private void register(Context ctx, Principal who) {
        render(ctx, 200, "admin-registre", "Registre des traitements (art. 30)", crumbs(Crumb.here("Registre des traitements")),
                Map.of("entries", admin.registreArt30(who)));
    }

    // ------------------------------------------------------------------ conventions

    private void conventions(Context ctx, Principal who) {
        LocalDate today = LocalDate.now();
        List<ConventionRow> rows = admin.conventions(who, null).stream().map(c -> new ConventionRow(c.id(), c.number(), c.title(), c.version(),
                status(c, today), parties(c), c.lifeCycle() == null || c.lifeCycle().lastDay() == null ? "—" : Formats.day(c.lifeCycle().lastDay())))
                .toList();
        render(ctx, 200, "admin-conventions", "Conventions", crumbs(Crumb.here("Conventions")), Map.of("conventions", rows));
    }

    private Convention readable(Context ctx, Principal who) {
        try {
            return admin.readable(who, ctx.pathParam("id"));
        } catch (NotFoundResponse e) {
            layout.notFound(ctx, "Convention inconnue", "Aucune convention « " + ctx.pathParam("id") + " » parmi celles que vous pouvez administrer.");
            return null;
        }
    }

    private void convention(Context ctx, Principal who, int status, String notice, String error) {
        Convention c = readable(ctx, who);
        if (c == null) {
            return;
        }
        Map<String, Object> m = new HashMap<>();
        m.put("c", c);
        m.put("status", status(c, LocalDate.now()));
        m.put("parties", c.parties().stream().map(p -> p.organisation() + " (" + ConventionPages.role(p.role()) + ")").toList());
        m.put("purposes", c.purposes().stream().map(p -> p.label() + (p.competence() == null ? "" : " (" + p.competence() + ")")).toList());
        m.put("scopes", c.scopes().stream().map(s -> s.dataset() + " : " + String.join(", ", s.fields())
                + (s.territory() == null ? "" : " — territoire " + s.territory().field() + " ∈ " + String.join(", ", s.territory().codes()))).toList());
        Convention.LifeCycle l = c.lifeCycle();
        m.put("starts", l == null || l.startsOn() == null ? "—" : Formats.day(l.startsOn()));
        m.put("lastDay", l == null || l.lastDay() == null ? "sans fin" : Formats.day(l.lastDay()));
        List<Move> moves = moves(c);
        m.put("moves", moves);
        m.put("dated", moves.stream().anyMatch(Move::withDate)); // an end (termination, revocation) takes a date
        m.put("amendable", !c.status().isFinal());
        m.put("renewable", c.status() == Convention.Status.ACTIVE && l != null && l.tacitRenewal());
        m.put("versions", admin.history(who, c.id()).stream().map(v -> new VersionRow(v.version(), statusLabel(v.status()),
                v.lifeCycle() == null ? "" : v.lifeCycle().amendments().stream().filter(a -> a.version() == v.version())
                        .map(a -> Formats.day(a.date())).findFirst().orElse(""))).toList());
        m.put("today", LocalDate.now().toString());
        m.put("notice", notice);
        m.put("error", error);
        render(ctx, status, "admin-convention", "Convention " + c.number(), crumbs(new Crumb("Conventions", "/administration/conventions"),
                Crumb.here(c.number())), m);
    }

    /** The statuses the life cycle lets the convention go to; who may make each move is decided when it is asked for. */
    private static List<Move> moves(Convention c) {
        List<Move> out = new ArrayList<>();
        for (Convention.Status to : Convention.Status.values()) {
            if (Administration.canGo(c, to)) {
                out.add(new Move(to.name().toLowerCase(java.util.Locale.ROOT), action(c.status(), to),
                        to == Convention.Status.TERMINATED || to == Convention.Status.REVOKED));
            }
        }
        return out;
    }

    private static String action(Convention.Status from, Convention.Status to) {
        return switch (to) {
            case DRAFT -> "Remettre en projet";
            case SUBMITTED -> "Soumettre";
            case VALIDATED -> "Valider";
            case ACTIVE -> from == Convention.Status.SUSPENDED ? "Réactiver" : "Mettre en vigueur";
            case SUSPENDED -> "Suspendre";
            case EXPIRED -> "Déclarer expirée";
            case TERMINATED -> "Résilier";
            case REVOKED -> "Révoquer";
        };
    }

    private void changeStatus(Context ctx, Principal who) {
        String id = ctx.pathParam("id");
        String wanted = Optional.ofNullable(ctx.formParam("statut")).orElse("");
        change(ctx, who, id, () -> {
            Convention.Status to;
            try {
                to = Convention.Status.valueOf(wanted.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("statut inconnu « " + wanted + " »");
            }
            LocalDate on = date(ctx.formParam("date"), "La date d'effet");
            Convention done = admin.transition(who, id, to, on);
            convention(ctx, who, 200, "Statut changé : " + statusLabel(done.status()) + ".", null);
            return 200;
        }, (status, message, e) -> failure(ctx, who, status, message));
    }

    private void renew(Context ctx, Principal who) {
        String id = ctx.pathParam("id");
        change(ctx, who, id, () -> {
            LocalDate meeting = date(ctx.formParam("reunion"), "La date de la réunion de revue");
            if (meeting == null) {
                throw new IllegalArgumentException("la date de la réunion de revue est obligatoire");
            }
            Convention done = admin.renew(who, id, meeting);
            convention(ctx, who, 200, "Convention reconduite jusqu'au " + Formats.day(done.lifeCycle().lastDay()) + ".", null);
            return 200;
        }, (status, message, e) -> failure(ctx, who, status, message));
    }

    /** The notice after the redirection that follows a recorded convention or amendment. */
    private static String saved(Context ctx) {
        if (ctx.queryParam("enregistree") != null) {
            return "Convention enregistrée en projet. Soumettez-la, puis validez-la et mettez-la en vigueur.";
        }
        String version = ctx.queryParam("avenant");
        return version != null && version.matches("\\d{1,4}") ? "Avenant enregistré : version " + version + ", en projet." : null;
    }

    private void failure(Context ctx, Principal who, int status, String message) {
        if (status == 404) {
            layout.notFound(ctx, "Convention inconnue", message);
        } else {
            convention(ctx, who, status, null, message);
        }
    }

    private static LocalDate date(String text, String what) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(what + " « " + text.strip() + " » n'est pas une date (AAAA-MM-JJ)");
        }
    }

    /** The form to draw up a convention ({@code current} null) or an amendment of {@code current}. */
    private void conventionForm(Context ctx, Principal who, Convention current, ConventionForm.Values values, int status, String error,
                                Map<String, String> errors) {
        Map<String, Object> m = new HashMap<>();
        m.put("v", values.fillable());
        m.put("amendment", current != null);
        m.put("action", current == null ? "/administration/conventions" : "/administration/conventions/" + current.id() + "/avenant");
        m.put("organisations", admin.organisations());
        m.put("datasets", namable(who).stream().map(DatasetDefinition::id).toList());
        m.put("error", error);
        m.put("errors", errors);
        m.put("problems", new ArrayList<>(new LinkedHashMap<>(errors).values()));
        String title = current == null ? "Nouvelle convention" : "Avenant à la convention " + current.number();
        List<Crumb> trail = current == null ? crumbs(new Crumb("Conventions", "/administration/conventions"), Crumb.here("Nouvelle convention"))
                : crumbs(new Crumb("Conventions", "/administration/conventions"),
                new Crumb(current.number(), "/administration/conventions/" + current.id()), Crumb.here("Avenant"));
        m.put("title", title);
        render(ctx, status, "admin-convention-form", title, trail, m);
    }

    /** Records the form as a new convention ({@code id} null) or as an amendment of convention {@code id}. */
    private void saveConvention(Context ctx, Principal who, String id) {
        Convention current = null;
        if (id != null) {
            current = readable(ctx, who);
            if (current == null) {
                admin.audit(who, "POST", ctx.path(), id, 404);
                return;
            }
        }
        Convention amended = current;
        ConventionForm.Values typed = ConventionForm.read(ctx, id);
        String more = ctx.formParam("ajouter");
        if (more != null) { // one more row to fill in: nothing is recorded, nothing to audit
            conventionForm(ctx, who, amended, typed.withRow(more), 200, null, Map.of());
            return;
        }
        ConventionForm.Parsed parsed = ConventionForm.parse(typed);
        ConventionForm.Values shown = typed.compact(); // the errors' row numbers are those of the rows filled in
        String auditId = id != null ? id : typed.id().isBlank() ? null : typed.id();
        change(ctx, who, auditId, () -> {
            if (parsed.convention() == null) {
                conventionForm(ctx, who, amended, shown, 400, "Le formulaire contient des valeurs illisibles : corrigez les champs signalés.",
                        parsed.errors());
                return 400;
            }
            Convention saved = amended == null ? admin.create(who, parsed.convention()) : admin.amend(who, id, parsed.convention());
            ctx.redirect("/administration/conventions/" + URLEncoder.encode(saved.id(), StandardCharsets.UTF_8)
                    + (amended == null ? "?enregistree=1" : "?avenant=" + saved.version()), HttpStatus.SEE_OTHER);
            return 201;
        }, (status, message, e) -> {
            if (e instanceof ConventionValidator.Invalid invalid) {
                conventionForm(ctx, who, amended, shown, 400, "La convention n'est pas enregistrée : " + invalid.problems().size()
                        + (invalid.problems().size() > 1 ? " points à corriger." : " point à corriger."),
                        ConventionForm.errors(invalid.problems(), parsed.convention()));
            } else {
                conventionForm(ctx, who, amended, shown, status, "La convention n'est pas enregistrée : " + lowerFirst(message), Map.of());
            }
        });
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    static String parties(Convention c) {
        return c.parties().stream().map(p -> p.organisation() + " (" + ConventionPages.role(p.role()) + ")").collect(Collectors.joining(", "));
    }

    /** « en vigueur » when active on the day, else the status. */
    static String status(Convention c, LocalDate today) {
        return c.activeOn(today) ? "en vigueur" : statusLabel(c.status());
    }

    static String statusLabel(Convention.Status s) {
        return switch (s) {
            case DRAFT -> "projet";
            case SUBMITTED -> "soumise";
            case VALIDATED -> "validée";
            case ACTIVE -> "active";
            case SUSPENDED -> "suspendue";
            case EXPIRED -> "expirée";
            case TERMINATED -> "résiliée";
            case REVOKED -> "révoquée";
        };
    }
}
