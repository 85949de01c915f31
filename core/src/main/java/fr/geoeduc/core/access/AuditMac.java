package fr.geoeduc.core.access;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The signatures of the audit log under the audit key: of each entry, {@code hex(HMAC-SHA-256(key, "entry:" + seq + ":"
 * + hash))}, and of each checkpoint, {@code hex(HMAC-SHA-256(key, seq + ":" + hash))} (the form checkpoints always had).
 * The hash covers the entry's content and the hash before it, so a signature pins the whole chain up to its entry.
 * Not thread-safe: one per appending or verifying thread.
 */
final class AuditMac {

    private static final HexFormat HEX = HexFormat.of();
    private final Mac mac;

    AuditMac(byte[] key) {
        this.mac = Secrets.hmac(key);
    }

    String entry(long seq, String hash) {
        return sign("entry:" + seq + ":" + hash);
    }

    String checkpoint(long seq, String hash) {
        return sign(seq + ":" + hash);
    }

    boolean entryMatches(long seq, String hash, String stored) {
        return hash != null && same(entry(seq, hash), stored);
    }

    boolean checkpointMatches(long seq, String hash, String stored) {
        return hash != null && same(checkpoint(seq, hash), stored);
    }

    private String sign(String message) {
        return HEX.formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean same(String expected, String stored) {
        return stored != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                stored.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
