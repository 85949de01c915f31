package fr.geoeduc.core.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * What the audit log chains: an entry masked ({@link AuditLog#INE_MASK} for every INE-shaped value), written as canonical
 * JSON (keys sorted, no spaces, nulls written), hashed with the hash of the entry before.
 */
final class AuditCanonical {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT);
    private static final HexFormat HEX = HexFormat.of();
    /** One digest per thread: looking the algorithm up for every entry cost as much as hashing it. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    });

    private AuditCanonical() {
    }

    static AuditLog.Prepared prepare(AuditEntry entry, String origin) {
        AuditEntry masked = mask(entry);
        String at = masked.atText();
        return new AuditLog.Prepared(canonicalJson(masked, at), at, origin);
    }

    /**
     * Written field by field in sorted order, with the escapes of Jackson's generator (so the same bytes as a sorting
     * ObjectMapper, which entries written before were made with): every audited request writes one, and creating a
     * generator per entry was most of the audit's cost on the request thread.
     */
    static String canonicalJson(AuditEntry e, String atText) {
        StringBuilder out = new StringBuilder(384);
        out.append('{');
        field(out, "at", atText).append(',');
        field(out, "client", e.client()).append(',');
        field(out, "convention", e.convention()).append(',');
        field(out, "dataset", e.dataset()).append(',');
        field(out, "decision", e.decision()).append(',');
        field(out, "organisation", e.organisation()).append(',');
        out.append("\"query\":{");
        boolean first = true;
        for (Map.Entry<String, String> q : e.query().entrySet()) { // a sorted map
            if (!first) {
                out.append(',');
            }
            first = false;
            field(out, q.getKey(), q.getValue());
        }
        out.append("},");
        field(out, "reason", e.reason()).append(',');
        field(out, "route", e.route()).append(',');
        out.append("\"rowsOut\":").append(e.rowsOut()).append(',');
        field(out, "suppression", e.suppression());
        return out.append('}').toString();
    }

    private static StringBuilder field(StringBuilder out, String name, String value) {
        string(out, name).append(':');
        return value == null ? out.append("null") : string(out, value);
    }

    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    /** A JSON string as Jackson writes it: quote and backslash escaped, control characters in their short form or as 00XX escapes. */
    private static StringBuilder string(StringBuilder out, String s) {
        out.append('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, from, i).append('\\');
            from = i + 1;
            switch (c) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append("u00").append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xF]);
            }
        }
        return out.append(s, from, s.length()).append('"');
    }

    static AuditEntry parse(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            Map<String, String> query = new LinkedHashMap<>();
            n.path("query").properties().forEach(e -> query.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
            return new AuditEntry(Instant.parse(n.path("at").asText()), text(n, "decision"), text(n, "client"), text(n, "organisation"),
                    text(n, "convention"), text(n, "dataset"), text(n, "route"), query, n.path("rowsOut").asLong(0),
                    text(n, "suppression"), text(n, "reason"));
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    /** True when the JSON's {@code at} is the given text (the {@code at} column is a copy kept for filtering). */
    static boolean atMatches(String at, String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node.path("at").isTextual() && node.path("at").asText().equals(at);
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static AuditEntry mask(AuditEntry e) {
        if (!needsMask(e)) {
            return e; // the usual case: no run of 9 digits anywhere, nothing to copy
        }
        Map<String, String> query = new TreeMap<>();
        e.query().forEach((k, v) -> query.merge(mask(k), mask(v), (a, b) -> a + ", " + b));
        return new AuditEntry(e.at(), e.decision(), mask(e.client()), mask(e.organisation()), mask(e.convention()), mask(e.dataset()),
                mask(e.route()), query, e.rowsOut(), mask(e.suppression()), mask(e.reason()));
    }

    static String mask(String text) {
        if (text == null || !hasNineDigits(text)) {
            return text;
        }
        Matcher m = AuditLog.INE_SHAPED.matcher(text);
        return m.find() ? m.replaceAll(Matcher.quoteReplacement(AuditLog.INE_MASK)) : text;
    }

    private static boolean needsMask(AuditEntry e) {
        for (String t : new String[]{e.client(), e.organisation(), e.convention(), e.dataset(), e.route(), e.suppression(), e.reason()}) {
            if (t != null && hasNineDigits(t)) {
                return true;
            }
        }
        for (Map.Entry<String, String> q : e.query().entrySet()) {
            if (hasNineDigits(q.getKey()) || (q.getValue() != null && hasNineDigits(q.getValue()))) {
                return true;
            }
        }
        return false;
    }

    /** Fast path: an INE-shaped sequence holds a run of at least 9 digits; most texts have none. */
    private static boolean hasNineDigits(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            run = c >= '0' && c <= '9' ? run + 1 : 0;
            if (run >= 9) {
                return true;
            }
        }
        return false;
    }

    static String chainHash(String prev, String json) {
        MessageDigest sha = SHA_256.get();
        sha.reset();
        return HEX.formatHex(sha.digest((prev + "\n" + json).getBytes(StandardCharsets.UTF_8)));
    }
}
