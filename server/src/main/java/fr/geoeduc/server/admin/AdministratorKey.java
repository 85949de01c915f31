package fr.geoeduc.server.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The platform administrator's bearer key ({@code GEOEDUC_ADMIN_KEY}), compared in constant time. */
public final class AdministratorKey {

    private AdministratorKey() {
    }

    /** Whether {@code authorization} (an HTTP Authorization header) is {@code Bearer <the key>}; never when no key is set. */
    public static boolean matches(String adminKey, String authorization) {
        if (adminKey == null || adminKey.isBlank() || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8), adminKey.getBytes(StandardCharsets.UTF_8));
    }
}
