package fr.geoeduc.server;

import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.Convention;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The conventions of the HTTP tests: one provider, one recipient, one purpose under one article of the Code de
 * l'éducation, one data scope kept 12 months, in force since yesterday for 12 months; what differs between tests
 * (who, which dataset, fields, granularity and territory) is given.
 */
public final class TestConventions {

    private TestConventions() {
    }

    /**
     * A draft convention ({@code status} null) between {@code provider} and {@code recipient}, for {@code purpose}
     * under {@code article} (also its legal basis, with RGPD 6.1.e).
     */
    public static Convention between(String id, String number, String title, String provider, String recipient,
                                     String purpose, String article, Convention.DataScope scope) {
        return new Convention(id, number, title, 1, null, null,
                List.of(new Convention.Party(provider, Convention.Role.PROVIDER, null, null),
                        new Convention.Party(recipient, Convention.Role.RECIPIENT, null, null)),
                new Convention.LegalBasis(List.of(article), "RGPD 6.1.e", null), List.of(new Convention.Purpose(purpose, article)),
                List.of(scope), List.of(), null, null, null, new Convention.Retention(Map.of(scope.dataset(), 12), 3),
                new Convention.Rights("dpd@ac-rennes.fr", Map.of(), "Recteur", null),
                new Convention.LifeCycle(LocalDate.now().minusDays(1), null, 12, false, null, null, null, List.of()), null);
    }

    /** Saves the convention and takes it through validation to active. */
    public static Convention activate(AccessRegistry registry, Convention convention) {
        registry.saveConvention(convention);
        registry.transition(convention.id(), Convention.Status.VALIDATED, null);
        registry.transition(convention.id(), Convention.Status.ACTIVE, null);
        return convention;
    }

    /** The same convention between other parties, as a draft. */
    public static Convention withParties(Convention c, Convention.Party... parties) {
        return new Convention(c.id(), c.number(), c.title(), 1, null, null, List.of(parties), c.legalBasis(), c.purposes(), c.scopes(),
                List.of(), null, null, null, c.retention(), c.rights(), c.lifeCycle(), null);
    }
}
