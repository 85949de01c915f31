package fr.geoeduc.server.admin;

import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.ConventionValidator;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The convention form of the administration pages: what a person typed (strings, as typed, to draw the form again),
 * read from the request or from a recorded convention, and turned into a {@link Convention}. Turning it into a
 * convention only converts text (dates, numbers, lists); whether the convention may be recorded is decided by
 * {@link ConventionValidator}, through {@link Administration}, as for the admin API. Errors are keyed by the
 * validator's paths ({@code title}, {@code scopes[0].territory}…), so that each shows next to its field.
 */
public final class ConventionForm {

    /** A party: organisation id, role ({@code fournisseur}, {@code destinataire}, {@code les-deux}), signatory. */
    public record PartyRow(String organisation, String role, String signatory, String function) {
        boolean blank() {
            return allBlank(organisation, signatory, function);
        }
    }

    public record PurposeRow(String label, String competence) {
        boolean blank() {
            return allBlank(label, competence);
        }
    }

    /** One dataset of the scope; lists as typed (commas or lines), numbers as typed. */
    public record ScopeRow(String dataset, String fields, String granularity, String territoryField, String territoryCodes,
                           String periodField, String periodFrom, String periodTo, boolean personalData, String pseudonymised,
                           String quasiIdentifiers, String k, String threshold, String dominance, String tables, String sensitive,
                           String l, String retention) {
        boolean blank() {
            return !personalData && allBlank(dataset, fields, territoryField, territoryCodes, periodField, periodFrom, periodTo, pseudonymised,
                    quasiIdentifiers, k, threshold, dominance, tables, sensitive, l, retention);
        }

        static ScopeRow empty() {
            return new ScopeRow("", "", "individuelle", "", "", "", "", "", true, "", "", "", "", "", "", "", "", "");
        }
    }

    public record DeliveryRow(String name, String dataset, String filePattern, String provider, String dueMonthDays, String frequency,
                              String channel) {
        boolean blank() {
            return allBlank(name, dataset, filePattern, provider, dueMonthDays, frequency, channel);
        }
    }

    /** The whole form, as typed. */
    public record Values(String id, String number, String title, String notifiedOn, List<PartyRow> parties, String texts,
                         String rgpdBasis, String legalUrl, List<PurposeRow> purposes, List<ScopeRow> scopes,
                         List<DeliveryRow> deliveries, String deletionDelay, String services, String subcontractorRule,
                         String permitted, String forbidden, String security, String sourceCitation, String familiesContact,
                         String dpd, String responsable, String technicalContact, String startsOn, String endsOn, String duration,
                         boolean tacitRenewal, String reviewMeeting, String notice, String financialTerms) {

        /** The same form with one more empty row of {@code what} ({@code partie}, {@code finalite}, {@code perimetre}, {@code livraison}). */
        public Values withRow(String what) {
            List<PartyRow> p = new ArrayList<>(parties);
            List<PurposeRow> u = new ArrayList<>(purposes);
            List<ScopeRow> s = new ArrayList<>(scopes);
            List<DeliveryRow> d = new ArrayList<>(deliveries);
            switch (what == null ? "" : what) {
                case "partie" -> p.add(new PartyRow("", "destinataire", "", ""));
                case "finalite" -> u.add(new PurposeRow("", ""));
                case "perimetre" -> s.add(ScopeRow.empty());
                case "livraison" -> d.add(new DeliveryRow("", "", "", "", "", "", ""));
                default -> {
                }
            }
            return new Values(id, number, title, notifiedOn, p, texts, rgpdBasis, legalUrl, u, s, d, deletionDelay, services,
                    subcontractorRule, permitted, forbidden, security, sourceCitation, familiesContact, dpd, responsable, technicalContact,
                    startsOn, endsOn, duration, tacitRenewal, reviewMeeting, notice, financialTerms);
        }

        /** Without the rows left empty, and at least one row of parties, purposes and scopes to fill in. */
        Values compact() {
            List<PartyRow> p = parties.stream().filter(r -> !r.blank()).collect(Collectors.toCollection(ArrayList::new));
            List<PurposeRow> u = purposes.stream().filter(r -> !r.blank()).collect(Collectors.toCollection(ArrayList::new));
            List<ScopeRow> s = scopes.stream().filter(r -> !r.blank()).collect(Collectors.toCollection(ArrayList::new));
            List<DeliveryRow> d = deliveries.stream().filter(r -> !r.blank()).toList();
            return new Values(id, number, title, notifiedOn, p, texts, rgpdBasis, legalUrl, u, s, d, deletionDelay, services,
                    subcontractorRule, permitted, forbidden, security, sourceCitation, familiesContact, dpd, responsable, technicalContact,
                    startsOn, endsOn, duration, tacitRenewal, reviewMeeting, notice, financialTerms);
        }

        /** With an empty row where a list has none, to draw the form. */
        Values fillable() {
            Values v = this;
            if (v.parties.isEmpty()) {
                v = v.withRow("partie");
            }
            if (v.purposes.isEmpty()) {
                v = v.withRow("finalite");
            }
            return v.scopes.isEmpty() ? v.withRow("perimetre") : v;
        }
    }

    /** The convention, or the errors that kept the text from being read as one (keyed as the validator's paths). */
    public record Parsed(Convention convention, Map<String, String> errors) {
    }

    private ConventionForm() {
    }

    /** An empty form: a provider, a recipient, one purpose and one dataset to fill in. */
    public static Values empty() {
        return new Values("", "", "", "", List.of(new PartyRow("", "fournisseur", "", ""), new PartyRow("", "destinataire", "", "")),
                "", "RGPD 6.1.e", "", List.of(new PurposeRow("", "")), List.of(ScopeRow.empty()), List.of(), "", "", "", "", "", "", "", "", "",
                "", "", LocalDate.now().toString(), "", "12", false, "", "", "");
    }

    /** The form of a recorded convention, to draw up an amendment. */
    public static Values of(Convention c) {
        Convention.LegalBasis legal = c.legalBasis();
        Convention.Retention retention = c.retention();
        Map<String, Integer> months = retention == null || retention.monthsPerDataset() == null ? Map.of() : retention.monthsPerDataset();
        Convention.Recipients recipients = c.recipients();
        Convention.Uses uses = c.uses();
        Convention.Protection protection = c.protection();
        Convention.Rights rights = c.rights();
        Convention.LifeCycle life = c.lifeCycle();
        return new Values(c.id(), text(c.number()), text(c.title()), text(c.notifiedOn()),
                c.parties().stream().map(p -> new PartyRow(p.organisation(), role(p.role()), text(p.signatoryName()), text(p.signatoryFunction()))).toList(),
                legal == null ? "" : lines(legal.texts()), legal == null ? "" : text(legal.rgpdBasis()), legal == null ? "" : text(legal.url()),
                c.purposes().stream().map(p -> new PurposeRow(text(p.label()), text(p.competence()))).toList(),
                c.scopes().stream().map(s -> new ScopeRow(s.dataset(), commas(s.fields()),
                        s.granularity() == Convention.Granularity.AGGREGATED ? "agregee" : s.granularity() == null ? "" : "individuelle",
                        s.territory() == null ? "" : text(s.territory().field()), s.territory() == null ? "" : commas(s.territory().codes()),
                        s.period() == null ? "" : text(s.period().field()), s.period() == null ? "" : text(s.period().from()),
                        s.period() == null ? "" : text(s.period().to()), s.personalData(), commas(s.pseudonymisedFields()),
                        commas(s.quasiIdentifiers()), s.k() == 0 ? "" : String.valueOf(s.k()),
                        s.secret() == null ? "" : String.valueOf(s.secret().threshold()),
                        s.secret() == null ? "" : String.valueOf(s.secret().dominance()),
                        s.secret() == null || s.secret().tables() == null ? "" : s.secret().tables().stream().map(ConventionForm::commas)
                                .collect(Collectors.joining("\n")),
                        commas(s.sensitiveAttributes()), s.l() <= 1 ? "" : String.valueOf(s.l()), text(months.get(s.dataset())))).toList(),
                c.deliveries().stream().map(d -> new DeliveryRow(text(d.name()), text(d.dataset()), text(d.filePattern()), text(d.provider()),
                        d.dueMonthDays() == null ? "" : commas(d.dueMonthDays()), text(d.frequency()), text(d.channel()))).toList(),
                retention == null ? "" : text(retention.deletionDelayMonths()),
                recipients == null ? "" : lines(recipients.personalDataServices()), recipients == null ? "" : text(recipients.subcontractorRule()),
                uses == null ? "" : lines(uses.permitted()), uses == null ? "" : lines(uses.forbidden()),
                protection == null ? "" : text(protection.securityMeasures()), protection == null ? "" : text(protection.sourceCitation()),
                rights == null ? "" : text(rights.familiesContact()),
                rights == null || rights.dpdPerParty() == null ? "" : rights.dpdPerParty().entrySet().stream()
                        .map(e -> e.getKey() + " : " + e.getValue()).collect(Collectors.joining("\n")),
                rights == null ? "" : text(rights.responsableDeTraitement()), rights == null ? "" : text(rights.technicalContact()),
                life == null ? "" : text(life.startsOn()), life == null ? "" : text(life.endsOn()), life == null ? "" : text(life.durationMonths()),
                life != null && life.tacitRenewal(), life == null ? "" : text(life.reviewMeeting()), life == null ? "" : text(life.noticeMonths()),
                text(c.financialTerms()));
    }

    /** The form as the browser sent it ({@code id}: the convention's, for an amendment, whatever the form says). */
    public static Values read(Context ctx, String id) {
        Function<String, String> f = name -> {
            String v = ctx.formParam(name);
            return v == null ? "" : v.strip();
        };
        List<PartyRow> parties = new ArrayList<>();
        for (int i : indexes(ctx, "partie")) {
            String at = "partie[" + i + "].";
            parties.add(new PartyRow(f.apply(at + "organisation"), f.apply(at + "role"), f.apply(at + "signataire"), f.apply(at + "fonction")));
        }
        List<PurposeRow> purposes = new ArrayList<>();
        for (int i : indexes(ctx, "finalite")) {
            purposes.add(new PurposeRow(f.apply("finalite[" + i + "].libelle"), f.apply("finalite[" + i + "].competence")));
        }
        List<ScopeRow> scopes = new ArrayList<>();
        for (int i : indexes(ctx, "perimetre")) {
            String at = "perimetre[" + i + "].";
            scopes.add(new ScopeRow(f.apply(at + "jeu"), f.apply(at + "variables"), f.apply(at + "granularite"), f.apply(at + "territoire_champ"),
                    f.apply(at + "territoire_codes"), f.apply(at + "periode_champ"), f.apply(at + "periode_debut"), f.apply(at + "periode_fin"),
                    "oui".equals(f.apply(at + "donnees_personnelles")), f.apply(at + "pseudonymisees"), f.apply(at + "quasi_identifiants"),
                    f.apply(at + "k"), f.apply(at + "seuil"), f.apply(at + "dominance"), f.apply(at + "tableaux"), f.apply(at + "sensibles"),
                    f.apply(at + "l"), f.apply(at + "conservation")));
        }
        List<DeliveryRow> deliveries = new ArrayList<>();
        for (int i : indexes(ctx, "livraison")) {
            String at = "livraison[" + i + "].";
            deliveries.add(new DeliveryRow(f.apply(at + "nom"), f.apply(at + "jeu"), f.apply(at + "fichier"), f.apply(at + "fournisseur"),
                    f.apply(at + "echeances"), f.apply(at + "frequence"), f.apply(at + "canal")));
        }
        return new Values(id != null ? id : f.apply("id"), f.apply("numero"), f.apply("intitule"), f.apply("notification"), parties,
                f.apply("textes"), f.apply("base_rgpd"), f.apply("url_base"), purposes, scopes, deliveries, f.apply("delai_suppression"),
                f.apply("services_destinataires"), f.apply("sous_traitance"), f.apply("usages_permis"), f.apply("usages_interdits"),
                f.apply("mesures_securite"), f.apply("citation_source"), f.apply("contact_familles"), f.apply("dpd"),
                f.apply("responsable_traitement"), f.apply("contact_technique"), f.apply("debut"), f.apply("fin"), f.apply("duree"),
                "oui".equals(f.apply("reconduction")), f.apply("reunion_revue"), f.apply("preavis"), f.apply("conditions_financieres"));
    }

    /** The row numbers the form sent for a repeated block ({@code perimetre[3].jeu} → 3), in order. */
    private static List<Integer> indexes(Context ctx, String block) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(block) + "\\[(\\d{1,3})]\\..*");
        return ctx.formParamMap().keySet().stream().map(p::matcher).filter(java.util.regex.Matcher::matches)
                .map(m -> Integer.parseInt(m.group(1))).distinct().sorted().toList();
    }

    /** The convention the form describes (rows left empty are dropped), or what could not be read. */
    public static Parsed parse(Values typed) {
        Values v = typed.compact();
        Map<String, String> errors = new LinkedHashMap<>();
        Reader r = new Reader(errors);
        List<Convention.Party> parties = new ArrayList<>();
        for (PartyRow p : v.parties()) {
            Convention.Role role = switch (p.role()) {
                case "fournisseur" -> Convention.Role.PROVIDER;
                case "destinataire" -> Convention.Role.RECIPIENT;
                case "les-deux" -> Convention.Role.BOTH;
                default -> null;
            };
            if (p.organisation().isBlank() || role == null) {
                errors.merge("parties", "Chaque partie a une organisation et un rôle.", ConventionForm::join);
                continue;
            }
            parties.add(new Convention.Party(p.organisation(), role, orNull(p.signatory()), orNull(p.function())));
        }
        List<Convention.Purpose> purposes = v.purposes().stream().map(p -> new Convention.Purpose(orNull(p.label()), orNull(p.competence()))).toList();
        List<Convention.DataScope> scopes = new ArrayList<>();
        Map<String, Integer> months = new LinkedHashMap<>();
        for (int i = 0; i < v.scopes().size(); i++) {
            ScopeRow s = v.scopes().get(i);
            String at = "scopes[" + i + "].";
            Convention.Granularity granularity = switch (s.granularity()) {
                case "individuelle" -> Convention.Granularity.INDIVIDUAL_PSEUDONYMISED;
                case "agregee" -> Convention.Granularity.AGGREGATED;
                default -> null;
            };
            List<String> codes = list(s.territoryCodes());
            Convention.Territory territory = s.territoryField().isBlank() && codes.isEmpty() ? null
                    : new Convention.Territory(orNull(s.territoryField()), codes);
            Integer from = r.integer(at + "period", s.periodFrom(), "L'année de début de la période");
            Integer to = r.integer(at + "period", s.periodTo(), "L'année de fin de la période");
            Convention.Period period = allBlank(s.periodField(), s.periodFrom(), s.periodTo()) ? null
                    : new Convention.Period(orNull(s.periodField()), from, to);
            Convention.SecretRules secret = null;
            if (!allBlank(s.threshold(), s.dominance(), s.tables())) {
                Integer threshold = r.integer(at + "secret", s.threshold(), "Le seuil du secret statistique");
                Double dominance = r.decimal(at + "secret", s.dominance(), "La dominance");
                List<List<String>> tables = Arrays.stream(s.tables().split("\\R")).map(ConventionForm::list).filter(t -> !t.isEmpty()).toList();
                secret = new Convention.SecretRules(threshold == null ? 0 : threshold, dominance == null ? 0 : dominance, tables);
            }
            Integer k = r.integer(at + "k", s.k(), "Le k de la k-anonymité");
            Integer l = r.integer(at + "l", s.l(), "Le l de la l-diversité");
            Integer kept = r.integer(at + "retention", s.retention(), "La durée de conservation");
            if (kept != null && !s.dataset().isBlank()) {
                months.put(s.dataset(), kept);
            }
            scopes.add(new Convention.DataScope(orNull(s.dataset()), list(s.fields()), granularity, territory, period, s.personalData(),
                    list(s.pseudonymised()), list(s.quasiIdentifiers()), k == null ? 0 : k, secret, list(s.sensitive()), l == null ? 1 : l));
        }
        List<Convention.Delivery> deliveries = v.deliveries().stream().map(d -> new Convention.Delivery(orNull(d.name()), orNull(d.dataset()),
                orNull(d.filePattern()), orNull(d.provider()), list(d.dueMonthDays()), orNull(d.frequency()), orNull(d.channel()))).toList();
        Integer deletion = r.integer("retention.deletionDelay", v.deletionDelay(), "Le délai de suppression");
        Map<String, String> dpd = new LinkedHashMap<>();
        for (String line : lines(v.dpd())) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                errors.merge("rights.dpd", "« " + line + " » : écrivez « organisation : contact du DPD ».", ConventionForm::join);
            } else {
                dpd.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        LocalDate notified = r.date("notifiedOn", v.notifiedOn(), "La date de notification");
        LocalDate starts = r.date("lifeCycle.startsOn", v.startsOn(), "La date de début");
        LocalDate ends = r.date("lifeCycle.endsOn", v.endsOn(), "La date de fin");
        Integer duration = r.integer("lifeCycle.endsOn", v.duration(), "La durée");
        LocalDate review = r.date("lifeCycle.reviewMeeting", v.reviewMeeting(), "La date de la réunion de revue");
        Integer notice = r.integer("lifeCycle.notice", v.notice(), "Le préavis");
        if (!errors.isEmpty()) {
            return new Parsed(null, errors);
        }
        List<String> texts = lines(v.texts());
        Convention c = new Convention(v.id(), orNull(v.number()), orNull(v.title()), 1, notified, null, parties,
                texts.isEmpty() && allBlank(v.rgpdBasis(), v.legalUrl()) ? null : new Convention.LegalBasis(texts, orNull(v.rgpdBasis()), orNull(v.legalUrl())),
                purposes, scopes, deliveries,
                allBlank(v.services(), v.subcontractorRule()) ? null : new Convention.Recipients(lines(v.services()), orNull(v.subcontractorRule())),
                allBlank(v.permitted(), v.forbidden()) ? null : new Convention.Uses(lines(v.permitted()), lines(v.forbidden())),
                allBlank(v.security(), v.sourceCitation()) ? null : new Convention.Protection(orNull(v.security()), orNull(v.sourceCitation())),
                new Convention.Retention(months, deletion),
                allBlank(v.familiesContact(), v.responsable(), v.technicalContact()) && dpd.isEmpty() ? null
                        : new Convention.Rights(orNull(v.familiesContact()), dpd, orNull(v.responsable()), orNull(v.technicalContact())),
                new Convention.LifeCycle(starts, ends, duration, v.tacitRenewal(), review, notice, null, List.of()), orNull(v.financialTerms()));
        return new Parsed(c, Map.of());
    }

    /**
     * The validator's problems keyed as the form's fields: the retention of a dataset goes to its row, the two party
     * problems to the parties; the others keep their path.
     */
    public static Map<String, String> errors(List<ConventionValidator.Problem> problems, Convention c) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConventionValidator.Problem p : problems) {
            String key = p.path();
            if (key.startsWith("parties.")) {
                key = "parties";
            } else if (key.startsWith("retention.monthsPerDataset.")) {
                String dataset = key.substring("retention.monthsPerDataset.".length());
                for (int i = 0; i < c.scopes().size(); i++) {
                    if (dataset.equals(c.scopes().get(i).dataset())) {
                        key = "scopes[" + i + "].retention";
                        break;
                    }
                }
            } else if (key.equals("retention") && !c.scopes().isEmpty()) {
                key = "scopes[0].retention";
            }
            out.merge(key, p.french(), ConventionForm::join);
        }
        return out;
    }

    /** Converts text to dates and numbers, noting what is not one. */
    private record Reader(Map<String, String> errors) {
        LocalDate date(String key, String text, String what) {
            if (text.isBlank()) {
                return null;
            }
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                errors.merge(key, what + " « " + text + " » n'est pas une date (AAAA-MM-JJ, par exemple 2026-09-01).", ConventionForm::join);
                return null;
            }
        }

        Integer integer(String key, String text, String what) {
            if (text.isBlank()) {
                return null;
            }
            try {
                return Integer.valueOf(text);
            } catch (NumberFormatException e) {
                errors.merge(key, what + " « " + text + " » n'est pas un nombre entier.", ConventionForm::join);
                return null;
            }
        }

        Double decimal(String key, String text, String what) {
            if (text.isBlank()) {
                return null;
            }
            try {
                return Double.valueOf(text.replace(',', '.'));
            } catch (NumberFormatException e) {
                errors.merge(key, what + " « " + text + " » n'est pas un nombre.", ConventionForm::join);
                return null;
            }
        }
    }

    private static String join(String a, String b) {
        return a + " " + b;
    }

    /** Codes or names separated by commas, semicolons, spaces or lines. */
    static List<String> list(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[,;\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** One entry per line, empty lines dropped. */
    static List<String> lines(String text) {
        return text == null ? List.of() : text.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String lines(List<String> values) {
        return values == null ? "" : String.join("\n", values);
    }

    private static String commas(List<String> values) {
        return values == null ? "" : String.join(", ", values);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String orNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static boolean allBlank(String... values) {
        return Stream.of(values).allMatch(s -> s == null || s.isBlank());
    }

    static String role(Convention.Role role) {
        return switch (Objects.requireNonNull(role)) {
            case PROVIDER -> "fournisseur";
            case RECIPIENT -> "destinataire";
            case BOTH -> "les-deux";
        };
    }
}
