package fr.geoeduc.core.access;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets, key hashes, the password KDF (PBKDF2-HMAC-SHA256) and HMAC, in one place. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KDF_ITERATIONS = 210_000;

    private Secrets() {
    }

    /** A new high-entropy token, URL-safe, with a readable prefix ({@code gek_…} for keys, {@code ges_…} for secrets). */
    public static String token(String prefix) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * A new public identifier ({@code cli_…}): random lowercase letters only, because identifiers are written to the
     * audit log, whose INE mask would otherwise hide the few hexadecimal ids that contain ten digits and a letter.
     */
    public static String identifier(String prefix, int letters) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < letters; i++) {
            id.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return id.toString();
    }

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** SHA-256 hex: enough for random API keys (256 bits of entropy), never for passwords. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code pbkdf2$iterations$salt$hash} for a secret a person or a client must present. */
    public static String kdf(String secret) {
        byte[] salt = randomBytes(16);
        return "pbkdf2$" + KDF_ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(pbkdf2(secret, salt, KDF_ITERATIONS));
    }

    public static boolean kdfMatches(String secret, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2")) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = pbkdf2(secret, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    /** Checked when nothing is stored for a caller, so that the answer takes as long as for a wrong secret (computed on first use). */
    private static final class Dummy {
        static final String HASH = kdf("geoeduc-no-such-secret");
    }

    /**
     * Whether {@code secret} matches {@code stored}; when nothing is stored (unknown or revoked id), the same hash is
     * computed against a dummy, so that the time of the answer does not tell whether the id exists.
     */
    public static boolean kdfMatchesOrDummy(String secret, String stored) {
        boolean matches = kdfMatches(secret == null ? "" : secret, stored == null ? Dummy.HASH : stored);
        return stored != null && secret != null && matches;
    }

    private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
        try {
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            return f.generateSecret(new PBEKeySpec(secret.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A keyed HMAC-SHA-256, to reuse for many messages (not thread-safe). */
    public static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hmacSha256Hex(byte[] key, String message) {
        return HexFormat.of().formatHex(hmac(key).doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
