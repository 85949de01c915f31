package fr.geoeduc.core.access;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One access decision on restricted data, as the audit log keeps it.
 *
 * @param at           when (kept to the millisecond, UTC)
 * @param decision     {@link #GRANTED} or {@link #REFUSED}
 * @param client       the API client id, or {@link #ANONYMOUS}
 * @param organisation the client's organisation (null when unknown)
 * @param convention   the convention applied, {@code id@version}, or null
 * @param dataset      the dataset asked for
 * @param route        records, export, facets, catalogue, record, dataset…
 * @param query        the parameters of the request, as strings (sorted by name)
 * @param rowsOut      rows (or facet values) that left
 * @param suppression  what the secret statistique removed, e.g. {@code secret statistique: 3 cells hidden}, or null
 * @param reason       why it was refused (or a note), or null
 */
public record AuditEntry(Instant at, String decision, String client, String organisation, String convention, String dataset,
                         String route, Map<String, String> query, long rowsOut, String suppression, String reason) {

    public static final String GRANTED = "granted";
    public static final String REFUSED = "refused";
    public static final String ANONYMOUS = "anonymous";

    /** The one spelling of {@link #at} in the log: {@code 2024-03-01T08:15:00.000Z} (sorts as text). */
    public static final DateTimeFormatter AT_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    public AuditEntry {
        at = (at == null ? Instant.now() : at).truncatedTo(ChronoUnit.MILLIS);
        decision = decision == null ? null : decision.strip().toLowerCase(Locale.ROOT);
        if (!GRANTED.equals(decision) && !REFUSED.equals(decision)) {
            throw new IllegalArgumentException("audit decision must be granted or refused, not " + decision);
        }
        client = client == null || client.isBlank() ? ANONYMOUS : client;
        if (rowsOut < 0) {
            throw new IllegalArgumentException("rowsOut must not be negative: " + rowsOut);
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        if (query != null) {
            query.forEach((k, v) -> sorted.put(String.valueOf(k), v));
        }
        query = Collections.unmodifiableSortedMap(sorted);
    }

    public static AuditEntry granted(Instant at, String client, String organisation, String convention, String dataset, String route,
                                     Map<String, String> query, long rowsOut, String suppression) {
        return new AuditEntry(at, GRANTED, client, organisation, convention, dataset, route, query, rowsOut, suppression, null);
    }

    public static AuditEntry refused(Instant at, String client, String organisation, String convention, String dataset, String route,
                                     Map<String, String> query, String reason) {
        return new AuditEntry(at, REFUSED, client, organisation, convention, dataset, route, query, 0, null, reason);
    }

    public boolean isGranted() {
        return GRANTED.equals(decision);
    }

    /** {@link #at} as the log spells it. */
    public String atText() {
        return atText(at);
    }

    /**
     * {@link #AT_FORMAT} written digit by digit (the formatter costs about a microsecond, and every audited request
     * spells its time); years outside 0–9999 go through the formatter.
     */
    static String atText(Instant at) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(at.getEpochSecond(), 0, ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return AT_FORMAT.format(at);
        }
        char[] c = new char[24];
        digits(c, 0, t.getYear(), 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, at.getNano() / 1_000_000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
