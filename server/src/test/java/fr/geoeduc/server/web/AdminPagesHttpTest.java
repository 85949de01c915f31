package fr.geoeduc.server.web;

import fr.geoeduc.core.access.AuditEntry;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.server.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administration pages over HTTP: who comes in (nobody: the sign-in page; a consumer or a producer: 403 in French;
 * the platform admin and convention managers: the pages), the menu entry, and every action (organisation, account,
 * convention from the form, amendment, status, renewal, holder of a dataset): allowed to whom the admin API allows it,
 * refused without the session's anti-CSRF token, recorded in the audit log as the admin API records it; an invalid
 * convention is answered with the validator's French messages next to their fields, and nothing is stored.
 */
class AdminPagesHttpTest {

    static final String PASSWORD = AccountHttpTest.PASSWORD;
    static final String DATASET = "eleves-admin";

    @TempDir
    Path dir;
    TestServer running;
    AccessServices access;

    @BeforeEach
    void start() throws Exception {
        StringBuilder csv = new StringBuilder("ine_eleve;uai;code_commune;niveau\n");
        for (int i = 0; i < 10; i++) {
            csv.append(String.format("0000000%03dAB;03500%02dX;35238;CM%d%n", i, i, 1 + i % 2));
        }
        running = TestServer.in(dir);
        running.ingest(running.write("eleves.csv", csv), DATASET, AccessLevel.RESTRICTED)
                .organisation("rectorat", "Rectorat de Rennes", Organisation.Kind.ACADEMIE)
                .organisation("ville", "Ville de Rennes", Organisation.Kind.COMMUNE, "35238");
        access = running.access();
        access.registry().setDatasetOwner(DATASET, "rectorat");
        access.users().create("admin@plateforme.fr", "Administratrice", "rectorat", EnumSet.of(Role.PLATFORM_ADMIN), PASSWORD);
        access.users().create("dpd@rectorat.fr", "DPD du rectorat", "rectorat", EnumSet.of(Role.CONVENTION_MANAGER), PASSWORD);
        access.users().create("dpd@ville.fr", "DPD de la ville", "ville", EnumSet.of(Role.CONVENTION_MANAGER), PASSWORD);
        access.users().create("agent@ville.fr", "Agente de la ville", "ville", EnumSet.of(Role.CONSUMER), PASSWORD);
        access.users().create("producteur@rectorat.fr", "Producteur", "rectorat", EnumSet.of(Role.PRODUCER), PASSWORD);
        running.apiKey("ville", "QGIS de la ville");
        running.start(null);
    }

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    HttpResponse<String> get(AccountHttpTest.Browser b, String path) throws Exception {
        return AccountHttpTest.send(b, HttpRequest.newBuilder(URI.create(running.base() + path)));
    }

    HttpResponse<String> post(AccountHttpTest.Browser b, String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return AccountHttpTest.send(b, HttpRequest.newBuilder(URI.create(running.base() + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The form posted with the session's token, read from {@code page}. */
    HttpResponse<String> submit(AccountHttpTest.Browser b, String page, String path, Map<String, String> form) throws Exception {
        Map<String, String> withToken = new LinkedHashMap<>(form);
        withToken.put("csrf", AccountHttpTest.csrf(get(b, page)));
        return post(b, path, withToken);
    }

    AccountHttpTest.Browser signIn(String login) throws Exception {
        AccountHttpTest.Browser b = new AccountHttpTest.Browser();
        String token = AccountHttpTest.csrf(get(b, "/connexion"));
        HttpResponse<String> r = post(b, "/connexion", Map.of("csrf", token, "identifiant", login, "motdepasse", PASSWORD, "retour", "/"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return b;
    }

    /** A valid convention as the form sends it: the rectorat gives the ville the pupils of one commune, pseudonymised. */
    static Map<String, String> conventionForm(String id) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("id", id);
        f.put("numero", "2026-RENNES-001");
        f.put("intitule", "Sectorisation des écoles de Rennes");
        f.put("partie[0].organisation", "rectorat");
        f.put("partie[0].role", "fournisseur");
        f.put("partie[0].signataire", "Le recteur");
        f.put("partie[1].organisation", "ville");
        f.put("partie[1].role", "destinataire");
        f.put("textes", "Code de l'éducation, art. L.212-7");
        f.put("base_rgpd", "RGPD 6.1.e");
        f.put("finalite[0].libelle", "sectorisation des écoles");
        f.put("finalite[0].competence", "L.212-7");
        f.put("perimetre[0].jeu", DATASET);
        f.put("perimetre[0].variables", "ine_eleve, uai, code_commune, niveau");
        f.put("perimetre[0].granularite", "individuelle");
        f.put("perimetre[0].territoire_champ", "code_commune");
        f.put("perimetre[0].territoire_codes", "35238");
        f.put("perimetre[0].donnees_personnelles", "oui");
        f.put("perimetre[0].pseudonymisees", "ine_eleve");
        f.put("perimetre[0].conservation", "12");
        f.put("contact_familles", "dpd@ac-rennes.fr");
        f.put("dpd", "rectorat : dpd@ac-rennes.fr\nville : dpd@rennes.fr");
        f.put("debut", LocalDate.now().minusDays(1).toString());
        f.put("duree", "12");
        f.put("reconduction", "oui");
        return f;
    }

    List<AuditEntry> auditOf(String path) throws Exception {
        access.auditWriter().flush();
        List<AuditEntry> out = new ArrayList<>();
        try (Connection c = running.store.connection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT entry_json FROM audit_entry")) {
            while (r.next()) {
                AuditEntry e = Json.read(r.getString(1), AuditEntry.class);
                if ("admin".equals(e.route()) && path.equals(e.query().get("path"))) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ who comes in

    @Test
    void theEntryPageIsForAdministratorsOnly() throws Exception {
        HttpResponse<String> anonymous = get(new AccountHttpTest.Browser(), "/administration");
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).contains("/connexion?retour=%2Fadministration");

        for (String login : List.of("agent@ville.fr", "producteur@rectorat.fr")) {
            AccountHttpTest.Browser b = signIn(login);
            for (String path : List.of("/administration", "/administration/conventions", "/administration/organisations",
                    "/administration/nouvelle-convention", "/administration/utilisateurs", "/administration/jeux", "/administration/cles")) {
                HttpResponse<String> refused = get(b, path);
                assertThat(refused.statusCode()).as(login + " " + path).isEqualTo(403);
                assertThat(refused.body()).as(path).contains("Accès refusé").contains("réservée aux administrateurs de la plateforme");
            }
            assertThat(get(b, "/").body()).as("no menu entry for " + login).doesNotContain("menu-administration");
        }

        AccountHttpTest.Browser admin = signIn("admin@plateforme.fr");
        HttpResponse<String> home = get(admin, "/administration");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("<h1>Administration</h1>").contains("href=\"/administration/conventions\"")
                .contains("href=\"/administration/utilisateurs\"").contains("href=\"/administration/cles\"").contains("id=\"menu-administration\"")
                .contains("aria-current=\"page\">Administration<");
        assertThat(get(admin, "/").body()).contains("id=\"menu-administration\"");

        // a convention manager comes in, without the platform admin's own pages
        AccountHttpTest.Browser manager = signIn("dpd@rectorat.fr");
        HttpResponse<String> managerHome = get(manager, "/administration");
        assertThat(managerHome.statusCode()).isEqualTo(200);
        assertThat(managerHome.body()).contains("href=\"/administration/conventions\"").doesNotContain("href=\"/administration/utilisateurs\"");
        assertThat(get(manager, "/administration/utilisateurs").statusCode()).isEqualTo(403);
        assertThat(get(manager, "/administration/cles").statusCode()).isEqualTo(403);
        assertThat(get(manager, "/administration/organisations").body()).contains("Rectorat de Rennes").doesNotContain("organisation-creer");
    }

    // ------------------------------------------------------------------ organisations and people

    @Test
    void theAdminCreatesAnOrganisationOthersCannot() throws Exception {
        AccountHttpTest.Browser admin = signIn("admin@plateforme.fr");
        Map<String, String> region = Map.of("id", "region-bretagne", "nom", "Région Bretagne", "type", "REGION", "siren", "233500016",
                "territoire", "53");

        HttpResponse<String> noToken = post(admin, "/administration/organisations", region);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("jeton anti-falsification");
        assertThat(access.registry().organisation("region-bretagne")).isEmpty();

        HttpResponse<String> managerTry = submit(signIn("dpd@rectorat.fr"), "/administration/organisations", "/administration/organisations", region);
        assertThat(managerTry.statusCode()).isEqualTo(403);
        assertThat(managerTry.body()).contains("Réservé à l&#39;administrateur de la plateforme");
        assertThat(access.registry().organisation("region-bretagne")).isEmpty();
        HttpResponse<String> consumerTry = submit(signIn("agent@ville.fr"), "/", "/administration/organisations", region);
        assertThat(consumerTry.statusCode()).isEqualTo(403);
        assertThat(access.registry().organisation("region-bretagne")).isEmpty();

        HttpResponse<String> invalid = submit(admin, "/administration/organisations", "/administration/organisations",
                Map.of("id", "Région Bretagne", "nom", "Région Bretagne", "type", "REGION"));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("id=\"admin-erreur\"").contains("Identifiant d&#39;organisation « Région Bretagne » invalide");

        HttpResponse<String> created = submit(admin, "/administration/organisations", "/administration/organisations", region);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("Organisation « Région Bretagne » créée").contains("<code>region-bretagne</code>");
        Organisation saved = access.registry().organisation("region-bretagne").orElseThrow();
        assertThat(saved.kind()).isEqualTo(Organisation.Kind.REGION);
        assertThat(saved.territory()).containsExactly("53");

        List<AuditEntry> audit = auditOf("/administration/organisations");
        assertThat(audit).extracting(e -> e.client() + " " + e.decision() + " " + e.query().get("status"))
                .contains("dpd@rectorat.fr refused 403", "agent@ville.fr refused 403", "admin@plateforme.fr refused 400",
                        "admin@plateforme.fr granted 201");
    }

    @Test
    void theAdminOpensAnAccountWithRolesAndOrganisation() throws Exception {
        AccountHttpTest.Browser admin = signIn("admin@plateforme.fr");
        HttpResponse<String> list = get(admin, "/administration/utilisateurs");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("dpd@rectorat.fr").contains("gestionnaire de conventions").doesNotContain("pbkdf2");

        String form = "identifiant=" + URLEncoder.encode("sig@ville.fr", StandardCharsets.UTF_8) + "&nom=SIG&organisation=ville"
                + "&roles=CONSUMER&roles=PRODUCER&motdepasse=" + URLEncoder.encode("un mot de passe initial", StandardCharsets.UTF_8);
        HttpResponse<String> noToken = AccountHttpTest.send(admin, HttpRequest.newBuilder(URI.create(running.base() + "/administration/utilisateurs"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(access.users().find("sig@ville.fr")).isEmpty();

        String token = AccountHttpTest.csrf(list);
        HttpResponse<String> shortPassword = AccountHttpTest.send(admin, HttpRequest.newBuilder(URI.create(running.base() + "/administration/utilisateurs"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.replace("un+mot+de+passe+initial", "court") + "&csrf=" + token)));
        assertThat(shortPassword.statusCode()).isEqualTo(400);
        assertThat(shortPassword.body()).contains("Le mot de passe doit compter au moins 12 caractères").contains("value=\"sig@ville.fr\"");
        assertThat(access.users().find("sig@ville.fr")).isEmpty();

        HttpResponse<String> created = AccountHttpTest.send(admin, HttpRequest.newBuilder(URI.create(running.base() + "/administration/utilisateurs"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form + "&csrf=" + token)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("Compte « sig@ville.fr » créé");
        assertThat(access.users().find("sig@ville.fr").orElseThrow().roles()).containsExactlyInAnyOrder(Role.CONSUMER, Role.PRODUCER);
        assertThat(access.users().authenticate("sig@ville.fr", "un mot de passe initial")).isPresent();

        AccountHttpTest.Browser manager = signIn("dpd@rectorat.fr");
        HttpResponse<String> managerTry = AccountHttpTest.send(manager, HttpRequest.newBuilder(URI.create(running.base() + "/administration/utilisateurs"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        form.replace("sig%40ville.fr", "autre%40ville.fr") + "&csrf=" + AccountHttpTest.csrf(get(manager, "/administration")))));
        assertThat(managerTry.statusCode()).isEqualTo(403);
        assertThat(access.users().find("autre@ville.fr")).isEmpty();
        assertThat(auditOf("/administration/utilisateurs")).extracting(e -> e.client() + " " + e.query().get("status"))
                .contains("admin@plateforme.fr 400", "admin@plateforme.fr 201", "dpd@rectorat.fr 403");
    }

    // ------------------------------------------------------------------ conventions

    @Test
    void aConventionIsCreatedFromTheFormAndAnInvalidOneIsRefusedInFrench() throws Exception {
        AccountHttpTest.Browser admin = signIn("admin@plateforme.fr");
        HttpResponse<String> form = get(admin, "/administration/nouvelle-convention");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("Nouvelle convention").contains("name=\"perimetre[0].pseudonymisees\"").contains("<option value=\"" + DATASET + "\">")
                .contains("Rectorat de Rennes");

        // invalid: no title, no territory, the INE not pseudonymised, an unreadable date is a conversion error first
        Map<String, String> bad = conventionForm("conv-invalide");
        bad.put("debut", "01/09/2026");
        HttpResponse<String> unreadable = submit(admin, "/administration/nouvelle-convention", "/administration/conventions", bad);
        assertThat(unreadable.statusCode()).isEqualTo(400);
        assertThat(unreadable.body()).contains("La date de début « 01/09/2026 » n&#39;est pas une date").contains("id=\"c-debut-erreur\"");
        bad.put("debut", LocalDate.now().toString());
        bad.put("intitule", "");
        bad.put("perimetre[0].territoire_codes", "");
        bad.put("perimetre[0].territoire_champ", "");
        bad.put("perimetre[0].pseudonymisees", "");
        HttpResponse<String> invalid = submit(admin, "/administration/nouvelle-convention", "/administration/conventions", bad);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("La convention n&#39;est pas enregistrée : 4 points à corriger")
                .contains("id=\"c-intitule-erreur\">L&#39;intitulé est obligatoire.</p>")
                .contains("id=\"perimetre-0-territoire-champ-erreur\">Le territoire est obligatoire")
                .contains("id=\"perimetre-0-pseudonymisees-erreur\">")
                .contains("« ine_eleve » est un identifiant direct : il ne sort que pseudonymisé")
                .contains("Des données personnelles individuelles demandent les identifiants à pseudonymiser")
                .contains("value=\"2026-RENNES-001\""); // what was typed stays
        assertThat(access.registry().convention("conv-invalide")).isEmpty();
        assertThat(access.registry().conventions()).isEmpty();
        assertThat(auditOf("/administration/conventions")).extracting(e -> e.convention() + " " + e.query().get("status"))
                .containsExactly("conv-invalide 400", "conv-invalide 400");

        // without the token, or by a consumer: refused, nothing stored
        Map<String, String> good = conventionForm("conv-rennes");
        assertThat(post(admin, "/administration/conventions", good).statusCode()).isEqualTo(403);
        assertThat(submit(signIn("agent@ville.fr"), "/", "/administration/conventions", good).statusCode()).isEqualTo(403);
        assertThat(access.registry().conventions()).isEmpty();

        // one more row: nothing recorded
        Map<String, String> more = new LinkedHashMap<>(good);
        more.put("ajouter", "perimetre");
        HttpResponse<String> twoScopes = submit(admin, "/administration/nouvelle-convention", "/administration/conventions", more);
        assertThat(twoScopes.statusCode()).isEqualTo(200);
        assertThat(twoScopes.body()).contains("name=\"perimetre[1].jeu\"").contains("value=\"ine_eleve, uai, code_commune, niveau\"");
        assertThat(access.registry().conventions()).isEmpty();

        HttpResponse<String> created = submit(admin, "/administration/nouvelle-convention", "/administration/conventions", good);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        assertThat(created.headers().firstValue("Location")).contains("/administration/conventions/conv-rennes?enregistree=1");
        Convention c = access.registry().convention("conv-rennes").orElseThrow();
        assertThat(c.status()).isEqualTo(Convention.Status.DRAFT);
        assertThat(c.title()).isEqualTo("Sectorisation des écoles de Rennes");
        assertThat(c.parties()).extracting(Convention.Party::organisation, Convention.Party::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rectorat", Convention.Role.PROVIDER),
                        org.assertj.core.groups.Tuple.tuple("ville", Convention.Role.RECIPIENT));
        Convention.DataScope scope = c.scopes().get(0);
        assertThat(scope.fields()).containsExactly("ine_eleve", "uai", "code_commune", "niveau");
        assertThat(scope.pseudonymisedFields()).containsExactly("ine_eleve");
        assertThat(scope.territory()).isEqualTo(new Convention.Territory("code_commune", List.of("35238")));
        assertThat(c.retention().monthsPerDataset()).containsEntry(DATASET, 12);
        assertThat(c.rights().dpdPerParty()).containsEntry("ville", "dpd@rennes.fr");
        assertThat(c.lifeCycle().durationMonths()).isEqualTo(12);
        assertThat(c.lifeCycle().tacitRenewal()).isTrue();
        HttpResponse<String> page = get(admin, "/administration/conventions/conv-rennes?enregistree=1");
        assertThat(page.body()).contains("Convention enregistrée en projet").contains("id=\"statut-submitted\"").contains("id=\"statut-validated\"");
        assertThat(auditOf("/administration/conventions")).extracting(e -> e.client() + " " + e.decision() + " " + e.query().get("status"))
                .contains("admin@plateforme.fr granted 201", "agent@ville.fr refused 403");

        // the same id again: refused in French
        HttpResponse<String> again = submit(admin, "/administration/nouvelle-convention", "/administration/conventions", good);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("La convention n&#39;est pas enregistrée : la convention « conv-rennes » existe déjà");
        assertThat(access.registry().history("conv-rennes")).hasSize(1);
    }

    @Test
    void statusChangesRenewalAndAmendmentFollowTheAdminApisRights() throws Exception {
        AccountHttpTest.Browser admin = signIn("admin@plateforme.fr");
        assertThat(submit(admin, "/administration/nouvelle-convention", "/administration/conventions", conventionForm("conv-rennes"))
                .statusCode()).isEqualTo(303);
        String page = "/administration/conventions/conv-rennes";
        String status = page + "/statut";

        // the recipient's manager submits it, but cannot validate its own access
        AccountHttpTest.Browser ville = signIn("dpd@ville.fr");
        assertThat(get(ville, page).statusCode()).isEqualTo(200);
        HttpResponse<String> submitted = submit(ville, page, status, Map.of("statut", "submitted"));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
        assertThat(submitted.body()).contains("Statut changé : soumise.");
        HttpResponse<String> selfGrant = submit(ville, page, status, Map.of("statut", "validated"));
        assertThat(selfGrant.statusCode()).isEqualTo(403);
        assertThat(selfGrant.body()).contains("id=\"admin-erreur\"").contains("partie fournisseur");
        assertThat(access.registry().convention("conv-rennes").orElseThrow().status()).isEqualTo(Convention.Status.SUBMITTED);
        // the consumer of the same organisation: no administration at all
        assertThat(submit(signIn("agent@ville.fr"), "/", status, Map.of("statut", "draft")).statusCode()).isEqualTo(403);
        // without the token: refused
        assertThat(post(ville, status, Map.of("statut", "draft")).statusCode()).isEqualTo(403);
        assertThat(access.registry().convention("conv-rennes").orElseThrow().status()).isEqualTo(Convention.Status.SUBMITTED);

        // the rectorat's manager holds the data: validates and puts it in force, suspends, reactivates
        AccountHttpTest.Browser rectorat = signIn("dpd@rectorat.fr");
        for (String to : List.of("validated", "active", "suspended", "active")) {
            HttpResponse<String> r = submit(rectorat, page, status, Map.of("statut", to));
            assertThat(r.statusCode()).as(to + ": " + r.body()).isEqualTo(200);
        }
        assertThat(access.registry().convention("conv-rennes").orElseThrow().status()).isEqualTo(Convention.Status.ACTIVE);
        assertThat(get(rectorat, page).body()).contains("id=\"statut-suspended\">Suspendre<").contains("id=\"statut-terminated\">Résilier<")
                .contains("id=\"reconduction-form\"");
        // a move the life cycle does not allow is refused in French, nothing changes
        HttpResponse<String> impossible = submit(rectorat, page, status, Map.of("statut", "submitted"));
        assertThat(impossible.statusCode()).isEqualTo(400);
        assertThat(impossible.body()).contains("La convention conv-rennes ne peut pas passer de ACTIVE à SUBMITTED");

        // renewal after the review meeting: one more duration
        LocalDate before = access.registry().convention("conv-rennes").orElseThrow().lifeCycle().lastDay();
        HttpResponse<String> renewed = submit(rectorat, page, page + "/reconduction", Map.of("reunion", LocalDate.now().toString()));
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
        assertThat(renewed.body()).contains("Convention reconduite jusqu&#39;au");
        assertThat(access.registry().convention("conv-rennes").orElseThrow().lifeCycle().lastDay()).isEqualTo(before.plusMonths(12));
        assertThat(submit(ville, page, page + "/reconduction", Map.of("reunion", LocalDate.now().toString())).statusCode())
                .as("the recipient cannot renew").isEqualTo(403);

        // amendment: the form comes filled in; the next version is a draft
        HttpResponse<String> amendForm = get(rectorat, page + "/avenant");
        assertThat(amendForm.statusCode()).isEqualTo(200);
        assertThat(amendForm.body()).contains("value=\"Sectorisation des écoles de Rennes\"").contains("value=\"ine_eleve\"")
                .contains("<code>conv-rennes</code>");
        Map<String, String> amended = conventionForm("ignoré");
        amended.remove("id");
        amended.put("intitule", "Sectorisation des écoles et collèges de Rennes");
        assertThat(post(rectorat, page + "/avenant", amended).statusCode()).as("no token").isEqualTo(403);
        assertThat(submit(ville, page + "/avenant", page + "/avenant", amended).statusCode()).as("the recipient cannot amend").isEqualTo(403);
        amended.put("intitule", "");
        assertThat(submit(rectorat, page + "/avenant", page + "/avenant", amended).body()).contains("L&#39;intitulé est obligatoire.");
        amended.put("intitule", "Sectorisation des écoles et collèges de Rennes");
        HttpResponse<String> done = submit(rectorat, page + "/avenant", page + "/avenant", amended);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location").orElseThrow()).endsWith("/administration/conventions/conv-rennes?avenant=2");
        Convention v2 = access.registry().convention("conv-rennes").orElseThrow();
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.title()).isEqualTo("Sectorisation des écoles et collèges de Rennes");
        assertThat(v2.status()).isEqualTo(Convention.Status.DRAFT);
        assertThat(get(rectorat, page + "?avenant=2").body()).contains("Avenant enregistré : version 2");

        // terminate with a date
        submit(rectorat, page, status, Map.of("statut", "validated"));
        submit(rectorat, page, status, Map.of("statut", "active"));
        LocalDate end = LocalDate.now().plusDays(10);
        HttpResponse<String> terminated = submit(ville, page, status, Map.of("statut", "terminated", "date", end.toString()));
        assertThat(terminated.statusCode()).as("a party may end it: " + terminated.body()).isEqualTo(200);
        Convention ended = access.registry().convention("conv-rennes").orElseThrow();
        assertThat(ended.status()).isEqualTo(Convention.Status.TERMINATED);
        assertThat(ended.lifeCycle().terminatedOn()).isEqualTo(end);
        assertThat(get(rectorat, page).body()).contains("elle ne peut plus être modifiée").doesNotContain("id=\"statut-form\"");

        assertThat(auditOf(status)).extracting(e -> e.client() + " " + e.convention() + " " + e.query().get("status"))
                .contains("dpd@ville.fr conv-rennes 200", "dpd@ville.fr conv-rennes 403", "agent@ville.fr conv-rennes 403",
                        "dpd@rectorat.fr conv-rennes 200", "dpd@rectorat.fr conv-rennes 400");
        assertThat(auditOf(page + "/avenant")).extracting(e -> e.client() + " " + e.query().get("status"))
                .contains("dpd@ville.fr 403", "dpd@rectorat.fr 400", "dpd@rectorat.fr 201");
        assertThat(auditOf(page + "/reconduction")).extracting(e -> e.client() + " " + e.query().get("status"))
                .contains("dpd@rectorat.fr 200", "dpd@ville.fr 403");
    }

    @Test
    void theConventionPagesLinkToTheAdministration() throws Exception {
        AccountHttpTest.Browser admin = signIn("admin@plateforme.fr");
        submit(admin, "/administration/nouvelle-convention", "/administration/conventions", conventionForm("conv-rennes"));
        for (String to : List.of("validated", "active")) {
            submit(admin, "/administration/conventions/conv-rennes", "/administration/conventions/conv-rennes/statut", Map.of("statut", to));
        }
        assertThat(get(admin, "/conventions").body()).contains("href=\"/administration/conventions\"")
                .contains("href=\"/administration/conventions/conv-rennes\"");
        assertThat(get(signIn("agent@ville.fr"), "/conventions").body()).contains("2026-RENNES-001")
                .doesNotContain("/administration/conventions");
        assertThat(get(new AccountHttpTest.Browser(), "/conventions").body()).doesNotContain("/administration");
        // the administration's list has it, with a link to its page, which links to the printable convention
        assertThat(get(admin, "/administration/conventions").body()).contains("href=\"/administration/conventions/conv-rennes\"")
                .contains("en vigueur");
        assertThat(get(admin, "/administration/conventions/conv-rennes").body()).contains("href=\"/conventions/conv-rennes\"");
        assertThat(get(admin, "/administration/registre").body()).contains("Sectorisation des écoles de Rennes").contains("2026-RENNES-001 v1");
        assertThat(get(admin, "/administration/conventions/inconnue").statusCode()).isEqualTo(404);
    }

    @Test
    void aDraftIsReadOnItsPrintablePageByAPartySignedIn() throws Exception {
        AccountHttpTest.Browser admin = signIn("admin@plateforme.fr");
        submit(admin, "/administration/nouvelle-convention", "/administration/conventions", conventionForm("conv-projet"));
        assertThat(get(admin, "/conventions/conv-projet").statusCode()).isEqualTo(200);
        assertThat(get(signIn("dpd@ville.fr"), "/conventions/conv-projet").statusCode()).as("a party").isEqualTo(200);
        access.registry().saveOrganisation(new Organisation("autre", "Autre", null, Organisation.Kind.AUTRE, List.of()));
        access.users().create("agent@autre.fr", "Autre", "autre", EnumSet.of(Role.CONVENTION_MANAGER), PASSWORD);
        assertThat(get(signIn("agent@autre.fr"), "/conventions/conv-projet").statusCode()).as("not a party").isEqualTo(404);
        assertThat(get(new AccountHttpTest.Browser(), "/conventions/conv-projet").statusCode()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ holders, keys

    @Test
    void theAdminRecordsTheHolderOfADatasetAndSeesEveryKeyWithItsQuota() throws Exception {
        AccountHttpTest.Browser admin = signIn("admin@plateforme.fr");
        HttpResponse<String> holders = get(admin, "/administration/jeux");
        assertThat(holders.statusCode()).isEqualTo(200);
        assertThat(holders.body()).contains(DATASET).contains("restreint");
        String path = "/administration/jeux/" + DATASET + "/detenteur";
        assertThat(post(admin, path, Map.of("organisation", "ville")).statusCode()).isEqualTo(403);
        assertThat(access.registry().datasetOwner(DATASET)).contains("rectorat");
        HttpResponse<String> managerTry = submit(signIn("dpd@rectorat.fr"), "/administration/jeux", path, Map.of("organisation", "ville"));
        assertThat(managerTry.statusCode()).isEqualTo(403);
        assertThat(access.registry().datasetOwner(DATASET)).contains("rectorat");
        HttpResponse<String> set = submit(admin, "/administration/jeux", path, Map.of("organisation", "ville"));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(access.registry().datasetOwner(DATASET)).contains("ville");
        assertThat(auditOf(path)).extracting(e -> e.client() + " " + e.query().get("status")).contains("dpd@rectorat.fr 403", "admin@plateforme.fr 200");
        // a manager does not even see the restricted datasets of others
        assertThat(get(signIn("dpd@rectorat.fr"), "/administration/jeux").body()).doesNotContain(DATASET);

        HttpResponse<String> keys = get(admin, "/administration/cles");
        assertThat(keys.statusCode()).isEqualTo(200);
        assertThat(keys.body()).contains("QGIS de la ville").contains(String.valueOf(TestServer.QUOTA)).contains("Appels aujourd'hui");
    }
}
