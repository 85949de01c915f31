package fr.geoeduc.core.access;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A convention's pseudonymisation key and the pseudonyms it gives: HMAC-SHA-256 of the normalised identifier (trimmed,
 * upper case) under the key. Two forms, told apart by the key's length so that nothing else has to record them:
 * <ul>
 *   <li>keys of {@value #KEY_BYTES} bytes, created from this version on (new conventions, rotations): the first 128 bits
 *       of the HMAC in lower-case base32 (RFC 4648 alphabet, no padding), 26 characters;</li>
 *   <li>keys of {@value #LEGACY_KEY_BYTES} bytes, created before: the whole HMAC in hex, 64 characters, kept so that a
 *       recipient's pseudonyms do not change under it; a rotation ({@code geoeduc convention rotate-key}) moves the
 *       convention to the short form and hands the recipient the old → new table.</li>
 * </ul>
 * The short form makes every extract lighter (an export of 10,000 pupils: 38 bytes less per row) and keeps what the
 * pseudonym protects: without the key, 128 bits of a keyed hash link nothing and cannot be inverted by trying the
 * ~10^12 INEs; collisions within 10^12 identifiers have a probability of about 10^-15. Both forms are one alphanumeric
 * token, so the INE pattern (bounded by non-alphanumerics) never matches inside one.
 */
public final class PseudonymKeys {

    public static final int KEY_BYTES = 64;
    public static final int LEGACY_KEY_BYTES = 32;
    private static final int SHORT_BITS = 128;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final HexFormat HEX = HexFormat.of();

    private final Mac mac;
    private final boolean legacy;

    private PseudonymKeys(byte[] key) {
        this.mac = Secrets.hmac(key);
        this.legacy = key.length == LEGACY_KEY_BYTES;
    }

    /** A fresh random key (short pseudonyms). */
    public static byte[] fresh() {
        return Secrets.randomBytes(KEY_BYTES);
    }

    /** Pseudonymises with {@code key}; not thread-safe (one per thread or per build). */
    public static PseudonymKeys of(byte[] key) {
        return new PseudonymKeys(key);
    }

    /** The pseudonym of an identifier; null stays null. */
    public String pseudonym(Object id) {
        if (id == null) {
            return null;
        }
        byte[] h = mac.doFinal(id.toString().strip().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        return legacy ? HEX.formatHex(h) : base32(h, SHORT_BITS);
    }

    /** The first {@code bits} bits of {@code bytes} in base32, 5 bits per character (the last one zero-padded). */
    static String base32(byte[] bytes, int bits) {
        char[] out = new char[(bits + 4) / 5];
        for (int c = 0; c < out.length; c++) {
            int at = c * 5;
            int value = 0;
            for (int b = 0; b < 5; b++) {
                int bit = at + b;
                value <<= 1;
                if (bit < bits) {
                    value |= (bytes[bit >>> 3] >>> (7 - (bit & 7))) & 1;
                }
            }
            out[c] = BASE32[value];
        }
        return new String(out);
    }
}
