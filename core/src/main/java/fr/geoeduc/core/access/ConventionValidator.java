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

    public static List<String> problems(Convention c) {
        List<String> missing = new ArrayList<>();
        if (blank(c.id())) {
            missing.add("id");
        }
        if (blank(c.number())) {
            missing.add("number (numéro, e.g. 2015-DEPP-023)");
        }
        if (blank(c.title())) {
            missing.add("title (intitulé)");
        }
        if (c.parties().stream().noneMatch(p -> p.role() == Convention.Role.PROVIDER || p.role() == Convention.Role.BOTH)) {
            missing.add("parties: a provider (fournisseur)");
        }
        if (c.parties().stream().noneMatch(Convention.Party::receives)) {
            missing.add("parties: a recipient (destinataire)");
        }
        if (c.legalBasis() == null || c.legalBasis().texts() == null || c.legalBasis().texts().isEmpty() || blank(c.legalBasis().rgpdBasis())) {
            missing.add("legalBasis (textes et base RGPD art. 6)");
        }
        if (c.purposes().isEmpty() || c.purposes().stream().anyMatch(p -> blank(p.label()))) {
            missing.add("purposes (finalités)");
        }
        if (c.scopes().isEmpty()) {
            missing.add("scopes (périmètre des données)");
        }
        for (int i = 0; i < c.scopes().size(); i++) {
            Convention.DataScope s = c.scopes().get(i);
            String at = "scopes[" + i + "]";
            if (blank(s.dataset())) {
                missing.add(at + ".dataset");
            }
            if (s.fields().isEmpty()) {
                missing.add(at + ".fields (variables autorisées)");
            }
            if (s.granularity() == null) {
                missing.add(at + ".granularity");
            }
            if (s.granularity() == Convention.Granularity.AGGREGATED
                    && (s.secret() == null || s.secret().threshold() < 1 || s.secret().tables() == null || s.secret().tables().isEmpty())) {
                missing.add(at + ".secret (seuil et tableaux autorisés pour un accès agrégé)");
            }
            if (s.personalData() && s.granularity() == Convention.Granularity.INDIVIDUAL_PSEUDONYMISED && s.pseudonymisedFields().isEmpty()) {
                missing.add(at + ".pseudonymisedFields (identifiants à pseudonymiser)");
            }
            for (String f : s.fields()) {
                if (isDirectIdentifier(f) && !s.pseudonymisedFields().contains(f)) {
                    missing.add(at + ".pseudonymisedFields: " + f + " (identifiant direct : il ne sort que pseudonymisé / "
                            + "a direct identifier leaves only pseudonymised)");
                }
            }
            if (s.territory() == null || blank(s.territory().field()) || s.territory().codes() == null || s.territory().codes().isEmpty()) {
                missing.add(at + ".territory (territoire)");
            }
            if (s.l() > 1 && (s.sensitiveAttributes().isEmpty() || !s.fields().containsAll(s.sensitiveAttributes()))) {
                missing.add(at + ".sensitiveAttributes (attributs sensibles, parmi les variables autorisées, pour la l-diversité l=" + s.l() + ")");
            }
        }
        if (c.retention() == null || c.retention().monthsPerDataset() == null || c.retention().monthsPerDataset().isEmpty()) {
            missing.add("retention (durée de conservation par jeu)");
        } else {
            for (Convention.DataScope s : c.scopes()) {
                if (s.dataset() != null && !c.retention().monthsPerDataset().containsKey(s.dataset())) {
                    missing.add("retention.monthsPerDataset." + s.dataset());
                }
            }
        }
        if (c.rights() == null || blank(c.rights().familiesContact())) {
            missing.add("rights.familiesContact (contact pour les droits des familles)");
        }
        if (c.lifeCycle() == null || c.lifeCycle().startsOn() == null) {
            missing.add("lifeCycle.startsOn (date de début)");
        } else if (c.lifeCycle().endsOn() == null && c.lifeCycle().durationMonths() == null) {
            missing.add("lifeCycle.endsOn or lifeCycle.durationMonths (durée)");
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

    public static void require(Convention c) {
        List<String> missing = problems(c);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("convention " + (c.id() == null ? "" : c.id() + " ") + "refusée, champs manquants / "
                    + "refused, missing fields: " + String.join("; ", missing));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
