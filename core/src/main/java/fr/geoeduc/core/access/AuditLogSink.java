package fr.geoeduc.core.access;


import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the query service's decisions to the tamper-evident audit log. */
public final class AuditLogSink implements AuditSink {

    /** Key of the convention's purposes in an entry's query map (not a request parameter name: it starts with '@'). */
    public static final String PURPOSE = "@finalite";

    private final java.util.function.Consumer<AuditEntry> log;
    private final Policy policy;
    private final Clock clock;
    /** The last convention whose purposes were spelled, and their text: a client's requests come under one convention object. */
    private volatile Object[] lastPurposes = {null, null};

    /** Appends each decision to the log before the request goes on (one database transaction per decision). */
    public AuditLogSink(AuditLog log, Policy policy, Clock clock) {
        this(log::append, policy, clock);
    }

    /** Journals each decision and lets the writer chain it into the log in the background. */
    public AuditLogSink(AuditWriter writer, Policy policy, Clock clock) {
        this(writer::submit, policy, clock);
    }

    private AuditLogSink(java.util.function.Consumer<AuditEntry> log, Policy policy, Clock clock) {
        this.log = log;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void decision(Caller caller, Policy.Grant grant, String dataset, String route, Map<String, Object> query, long rowsOut,
                         String suppression, boolean granted, String reason) {
        String client = grant != null ? grant.client().id()
                : policy.client(caller).map(ApiClient::id).orElse(AuditEntry.ANONYMOUS);
        String organisation = grant != null ? grant.client().organisation()
                : policy.client(caller).map(ApiClient::organisation).orElse(null);
        Map<String, String> q = new LinkedHashMap<>();
        query.forEach((k, v) -> q.put(k, String.valueOf(v)));
        if (grant != null && !grant.convention().purposes().isEmpty()) {
            // the purpose the access serves, inside the MAC'd part of the entry (no column of its own: see docs/securite.md)
            q.put(PURPOSE, purposes(grant.convention()));
        }
        log.accept(new AuditEntry(clock.instant(), granted ? AuditEntry.GRANTED : AuditEntry.REFUSED, client, organisation,
                grant == null ? null : grant.conventionRef(), dataset, route, q, rowsOut, suppression, reason));
    }

    /** The purposes' labels joined; kept for the convention object last seen (a changed convention is another object). */
    private String purposes(Convention c) {
        Object[] last = lastPurposes;
        if (last[0] == c) {
            return (String) last[1];
        }
        String text = c.purposes().stream().map(Convention.Purpose::label).collect(java.util.stream.Collectors.joining(" ; "));
        lastPurposes = new Object[]{c, text};
        return text;
    }
}
