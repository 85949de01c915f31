package fr.geoeduc.core.access;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A convention d'échange de données as a record: identity, parties, legal basis, purposes, data scope,
 * deliveries, recipients, uses, protection, retention, rights, life cycle, money. Every field of the
 * reference's §1 table; the platform enforces its scopes on every request.
 */
public record Convention(String id, String number, String title, int version, LocalDate notifiedOn, Status status,
                         List<Party> parties, LegalBasis legalBasis, List<Purpose> purposes, List<DataScope> scopes,
                         List<Delivery> deliveries, Recipients recipients, Uses uses, Protection protection,
                         Retention retention, Rights rights, LifeCycle lifeCycle, String financialTerms) {

    /** {@code id@version}: the convention as it stands in this version (grants, audit, kept views name it so). */
    public String ref() {
        return id + "@" + version;
    }

    public Convention {
        parties = parties == null ? List.of() : List.copyOf(parties);
        purposes = purposes == null ? List.of() : List.copyOf(purposes);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
        status = status == null ? Status.DRAFT : status;
    }

    public enum Status {
        DRAFT, SUBMITTED, VALIDATED, ACTIVE, SUSPENDED, EXPIRED, TERMINATED, REVOKED;

        /** Expired, terminated or revoked: nothing more may happen to the convention. */
        public boolean isFinal() {
            return this == EXPIRED || this == TERMINATED || this == REVOKED;
        }
    }

    public enum Role {
        PROVIDER, RECIPIENT, BOTH
    }

    public enum Granularity {
        /** One row per pupil, identifiers pseudonymised. */
        INDIVIDUAL_PSEUDONYMISED,
        /** Counts only, from tables protected by secret statistique. */
        AGGREGATED
    }

    public record Party(String organisation, Role role, String signatoryName, String signatoryFunction) {
        public boolean receives() {
            return role == Role.RECIPIENT || role == Role.BOTH;
        }
    }

    public record LegalBasis(List<String> texts, String rgpdBasis, String url) {
    }

    public record Purpose(String label, String competence) {
    }

    /** Territory: the rows whose {@code field} is one of {@code codes}. */
    public record Territory(String field, List<String> codes) {
    }

    /** Period: the rows whose rentrée field (start year) is within [from, to]. */
    public record Period(String field, Integer from, Integer to) {
    }

    /** Secret statistique rules of a scope: threshold, dominance, the tables that may be queried. */
    public record SecretRules(int threshold, double dominance, List<List<String>> tables) {
    }

    /**
     * What a convention lets its recipients see of one dataset. For individual extracts: {@code k}-anonymity on the
     * {@code quasiIdentifiers}, and {@code l}-diversity of the {@code sensitiveAttributes} within each group of rows
     * sharing their quasi-identifiers (l = 1 or no sensitive attribute: not applied).
     */
    public record DataScope(String dataset, List<String> fields, Granularity granularity, Territory territory, Period period,
                            boolean personalData, List<String> pseudonymisedFields, List<String> quasiIdentifiers, int k,
                            SecretRules secret, List<String> sensitiveAttributes, int l) {
        public DataScope {
            fields = fields == null ? List.of() : List.copyOf(fields);
            pseudonymisedFields = pseudonymisedFields == null ? List.of() : List.copyOf(pseudonymisedFields);
            quasiIdentifiers = quasiIdentifiers == null ? List.of() : List.copyOf(quasiIdentifiers);
            sensitiveAttributes = sensitiveAttributes == null ? List.of() : List.copyOf(sensitiveAttributes);
            l = Math.max(1, l);
        }

        /** A scope without l-diversity. */
        public DataScope(String dataset, List<String> fields, Granularity granularity, Territory territory, Period period,
                         boolean personalData, List<String> pseudonymisedFields, List<String> quasiIdentifiers, int k, SecretRules secret) {
            this(dataset, fields, granularity, territory, period, personalData, pseudonymisedFields, quasiIdentifiers, k, secret, List.of(), 1);
        }
    }

    public record Delivery(String name, String dataset, String filePattern, String provider, List<String> dueMonthDays,
                           String frequency, String channel) {
    }

    public record Recipients(List<String> personalDataServices, String subcontractorRule) {
    }

    public record Uses(List<String> permitted, List<String> forbidden) {
    }

    public record Protection(String securityMeasures, String sourceCitation) {
    }

    public record Retention(Map<String, Integer> monthsPerDataset, Integer deletionDelayMonths) {
    }

    public record Rights(String familiesContact, Map<String, String> dpdPerParty, String responsableDeTraitement,
                         String technicalContact) {
    }

    public record Amendment(int version, LocalDate date, String summary) {
    }

    public record LifeCycle(LocalDate startsOn, LocalDate endsOn, Integer durationMonths, boolean tacitRenewal,
                            LocalDate reviewMeeting, Integer noticeMonths, LocalDate terminatedOn, List<Amendment> amendments) {
        public LifeCycle {
            amendments = amendments == null ? List.of() : List.copyOf(amendments);
        }

        /** The last day of validity: terminatedOn, else endsOn, else start + duration; null when open-ended. */
        public LocalDate lastDay() {
            if (terminatedOn != null) {
                return terminatedOn;
            }
            if (endsOn != null) {
                return endsOn;
            }
            return startsOn != null && durationMonths != null ? startsOn.plusMonths(durationMonths).minusDays(1) : null;
        }
    }

    /** Active on {@code day}: status ACTIVE and the day within its dates. */
    /**
     * Whether the public registers show it: active or ended (expired, terminated, revoked). A draft, a submitted, a
     * validated-but-not-yet-active or a suspended convention is for its parties alone.
     */
    public boolean shownPublicly() {
        return status == Status.ACTIVE || status.isFinal();
    }

    public boolean activeOn(LocalDate day) {
        if (status != Status.ACTIVE || lifeCycle == null || lifeCycle.startsOn() == null || day.isBefore(lifeCycle.startsOn())) {
            return false;
        }
        LocalDate last = lifeCycle.lastDay();
        return last == null || !day.isAfter(last);
    }

    public Convention withStatus(Status s) {
        return new Convention(id, number, title, version, notifiedOn, s, parties, legalBasis, purposes, scopes, deliveries,
                recipients, uses, protection, retention, rights, lifeCycle, financialTerms);
    }

    public Convention withVersion(int v) {
        return new Convention(id, number, title, v, notifiedOn, status, parties, legalBasis, purposes, scopes, deliveries,
                recipients, uses, protection, retention, rights, lifeCycle, financialTerms);
    }

    public Convention withLifeCycle(LifeCycle l) {
        return new Convention(id, number, title, version, notifiedOn, status, parties, legalBasis, purposes, scopes, deliveries,
                recipients, uses, protection, retention, rights, l, financialTerms);
    }
}
