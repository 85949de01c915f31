package fr.geoeduc.core.access;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * People's passwords, hashed with Argon2id (Bouncy Castle's implementation) and kept in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}, the parameters OWASP recommends). Accounts created before Argon2
 * hold a PBKDF2 hash ({@link Secrets#kdf}): it is still checked, and {@link #outdated} tells the registry to hash the
 * password again with Argon2id at the next successful sign-in.
 */
public final class PasswordHashes {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private PasswordHashes() {
    }

    public static String hash(String password) {
        byte[] salt = Secrets.randomBytes(SALT_BYTES);
        byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(hash);
    }

    /** Whether the password matches the stored hash (Argon2id, or an earlier PBKDF2 hash); false for anything unreadable. */
    public static boolean matches(String password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        if (stored.startsWith("pbkdf2$")) {
            return Secrets.kdfMatches(password, stored);
        }
        Matcher m = PHC.matcher(stored);
        if (!m.matches()) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(m.group(5));
        byte[] actual = argon2(password, Base64.getDecoder().decode(m.group(4)), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** A hash of another scheme or weaker parameters than today's: hash the password again once it has been checked. */
    public static boolean outdated(String stored) {
        Matcher m = stored == null ? null : PHC.matcher(stored);
        return m == null || !m.matches() || Integer.parseInt(m.group(1)) < MEMORY_KIB || Integer.parseInt(m.group(2)) < ITERATIONS;
    }

    private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism).build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
