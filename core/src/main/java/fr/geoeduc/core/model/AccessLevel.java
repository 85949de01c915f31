package fr.geoeduc.core.model;

import java.util.Locale;

/** Open datasets are public; restricted ones are only served under a convention. */
public enum AccessLevel {
    OPEN, RESTRICTED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccessLevel fromCode(String code) {
        return switch (code.trim().toLowerCase(Locale.ROOT)) {
            case "open", "ouvert" -> OPEN;
            case "restricted", "restreint" -> RESTRICTED;
            default -> throw new IllegalArgumentException("unknown access level '" + code + "' (expected open or restricted)");
        };
    }
}
