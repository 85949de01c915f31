package fr.geoeduc.core.access;

import java.util.ArrayList;
import java.util.List;

/**
 * Refuses a convention that cannot be enforced or that lacks what the law requires: the message names every
 * missing field (purpose, legal basis, retention, scope, parties, dates…).
 */
public final class ConventionValidator {

    private ConventionValidator() {
    }

    /**
     * One thing missing or wrong: {@code path} names the field of the convention ({@code title}, {@code parties.provider},
     * {@code scopes[0].territory}…), {@code message} says it for the API and the CLI (field name, French in brackets),
     * {@code french} says it to a person filling in the web form.
     */
    public record Problem(String path, String message, String french) {
    }

    public static List<String> problems(Convention c) {
        return check(c).stream().map(Problem::message).toList();
    }

    /** Every problem of the convention, in the order of its fields; empty when it can be recorded. */
    public static List<Problem> check(Convention c) {
        List<Problem> missing = new ArrayList<>();
        if (blank(c.id())) {
            missing.add(new Problem("id", "id", "L'identifiant de la convention est obligatoire."));
        }
        if (blank(c.number())) {
            missing.add(new Problem("number", "number (numéro, e.g. 2015-DEPP-023)", "Le numéro est obligatoire (par exemple 2015-DEPP-023)."));
        }
        if (blank(c.title())) {
            missing.add(new Problem("title", "title (intitulé)", "L'intitulé est obligatoire."));
        }
        if (c.parties().stream().noneMatch(p -> p.role() == Convention.Role.PROVIDER || p.role() == Convention.Role.BOTH)) {
            missing.add(new Problem("parties.provider", "parties: a provider (fournisseur)", "Il faut une partie fournisseur des données."));
        }
        if (c.parties().stream().noneMatch(Convention.Party::receives)) {
            missing.add(new Problem("parties.recipient", "parties: a recipient (destinataire)", "Il faut une partie destinataire des données."));
        }
        if (c.legalBasis() == null || c.legalBasis().texts() == null || c.legalBasis().texts().isEmpty() || blank(c.legalBasis().rgpdBasis())) {
            missing.add(new Problem("legalBasis", "legalBasis (textes et base RGPD art. 6)",
                    "La base légale est obligatoire : au moins un texte et la base RGPD (art. 6)."));
        }
        if (c.purposes().isEmpty() || c.purposes().stream().anyMatch(p -> blank(p.label()))) {
            missing.add(new Problem("purposes", "purposes (finalités)", "Au moins une finalité, chacune avec son libellé."));
        }
        if (c.scopes().isEmpty()) {
            missing.add(new Problem("scopes", "scopes (périmètre des données)", "Au moins un périmètre de données (un jeu de données)."));
        }
        for (int i = 0; i < c.scopes().size(); i++) {
            Convention.DataScope s = c.scopes().get(i);
            String at = "scopes[" + i + "]";
            if (blank(s.dataset())) {
                missing.add(new Problem(at + ".dataset", at + ".dataset", "Le jeu de données est obligatoire."));
            }
            if (s.fields().isEmpty()) {
                missing.add(new Problem(at + ".fields", at + ".fields (variables autorisées)", "Au moins une variable autorisée."));
            }
            if (s.granularity() == null) {
                missing.add(new Problem(at + ".granularity", at + ".granularity", "La granularité est obligatoire."));
            }
            if (s.granularity() == Convention.Granularity.AGGREGATED
                    && (s.secret() == null || s.secret().threshold() < 1 || s.secret().tables() == null || s.secret().tables().isEmpty())) {
                missing.add(new Problem(at + ".secret", at + ".secret (seuil et tableaux autorisés pour un accès agrégé)",
                        "Un accès agrégé demande le seuil du secret statistique (1 ou plus) et les tableaux autorisés."));
            }
            if (s.personalData() && s.granularity() == Convention.Granularity.INDIVIDUAL_PSEUDONYMISED && s.pseudonymisedFields().isEmpty()) {
                missing.add(new Problem(at + ".pseudonymisedFields", at + ".pseudonymisedFields (identifiants à pseudonymiser)",
                        "Des données personnelles individuelles demandent les identifiants à pseudonymiser."));
            }
            for (String f : s.fields()) {
                if (isDirectIdentifier(f) && !s.pseudonymisedFields().contains(f)) {
                    missing.add(new Problem(at + ".pseudonymisedFields", at + ".pseudonymisedFields: " + f
                            + " (identifiant direct : il ne sort que pseudonymisé / a direct identifier leaves only pseudonymised)",
                            "« " + f + " » est un identifiant direct : il ne sort que pseudonymisé, ajoutez-le aux variables pseudonymisées."));
                }
            }
            if (s.territory() == null || blank(s.territory().field()) || s.territory().codes() == null || s.territory().codes().isEmpty()) {
                missing.add(new Problem(at + ".territory", at + ".territory (territoire)",
                        "Le territoire est obligatoire : le champ qui le porte et au moins un code."));
            }
            if (s.l() > 1 && (s.sensitiveAttributes().isEmpty() || !s.fields().containsAll(s.sensitiveAttributes()))) {
                missing.add(new Problem(at + ".sensitiveAttributes", at + ".sensitiveAttributes (attributs sensibles, parmi les variables "
                        + "autorisées, pour la l-diversité l=" + s.l() + ")",
                        "La l-diversité (l = " + s.l() + ") demande des attributs sensibles, pris parmi les variables autorisées."));
            }
        }
        if (c.retention() == null || c.retention().monthsPerDataset() == null || c.retention().monthsPerDataset().isEmpty()) {
            missing.add(new Problem("retention", "retention (durée de conservation par jeu)", "La durée de conservation de chaque jeu est obligatoire."));
        } else {
            for (int i = 0; i < c.scopes().size(); i++) {
                Convention.DataScope s = c.scopes().get(i);
                if (s.dataset() != null && !c.retention().monthsPerDataset().containsKey(s.dataset())) {
                    missing.add(new Problem("retention.monthsPerDataset." + s.dataset(), "retention.monthsPerDataset." + s.dataset(),
                            "La durée de conservation de « " + s.dataset() + " » est obligatoire."));
                }
            }
        }
        if (c.rights() == null || blank(c.rights().familiesContact())) {
            missing.add(new Problem("rights.familiesContact", "rights.familiesContact (contact pour les droits des familles)",
                    "Le contact pour les droits des familles est obligatoire."));
        }
        if (c.lifeCycle() == null || c.lifeCycle().startsOn() == null) {
            missing.add(new Problem("lifeCycle.startsOn", "lifeCycle.startsOn (date de début)", "La date de début est obligatoire."));
        } else if (c.lifeCycle().endsOn() == null && c.lifeCycle().durationMonths() == null) {
            missing.add(new Problem("lifeCycle.endsOn", "lifeCycle.endsOn or lifeCycle.durationMonths (durée)",
                    "Donnez la date de fin ou la durée en mois."));
        }
        return missing;
    }

    /**
     * Field names that hold a direct identifier of a person: the pupil's INE (national identifier) and the NIR, under
     * the names the ministry's files and the synthetic fixtures use.
     */
    private static final java.util.regex.Pattern DIRECT_IDENTIFIER = java.util.regex.Pattern.compile(
            "(?i)^(.*_)?(ine|nir|numero_ine|ine_eleve|identifiant_national_eleve|numero_securite_sociale)(_.*)?$");

    public static boolean isDirectIdentifier(String field) {
        return field != null && DIRECT_IDENTIFIER.matcher(field).matches();
    }

    /** A convention refused by {@link #require}: the message for the API and the CLI, and each problem for a form. */
    public static final class Invalid extends IllegalArgumentException {
        private final transient List<Problem> problems;

        Invalid(String message, List<Problem> problems) {
            super(message);
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    /** @throws Invalid naming every missing field when the convention cannot be recorded */
    public static void require(Convention c) {
        List<Problem> problems = check(c);
        if (!problems.isEmpty()) {
            throw new Invalid("convention " + (c.id() == null ? "" : c.id() + " ") + "refusée, champs manquants / "
                    + "refused, missing fields: " + String.join("; ", problems.stream().map(Problem::message).toList()), problems);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
