package fr.geoeduc.server.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The platform administrator's bearer key ({@code GEOEDUC_ADMIN_KEY}), compared in constant time. */
public final class AdministratorKey {

    /** 32 characters: about 192 bits for a random base64 key, out of reach of guessing even without the throttle. */
    public static final int MIN_LENGTH = 32;

    private AdministratorKey() {
    }

    /**
     * The configured key, null when none is set; a key shorter than {@link #MIN_LENGTH} stops the server from starting
     * rather than being ignored, so that the operator learns at once why the administrator access does not work.
     */
    public static String validated(String configured) {
        if (configured == null || configured.isBlank()) {
            return null;
        }
        if (configured.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("GEOEDUC_ADMIN_KEY has " + configured.strip().length() + " characters: at least " + MIN_LENGTH
                    + " are required (for example: openssl rand -base64 32). The server does not start with a guessable administrator key.");
        }
        return configured.strip();
    }

    /** Whether {@code authorization} (an HTTP Authorization header) is {@code Bearer <the key>}; never when no key is set. */
    public static boolean matches(String adminKey, String authorization) {
        if (adminKey == null || adminKey.isBlank() || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8), adminKey.getBytes(StandardCharsets.UTF_8));
    }
}
