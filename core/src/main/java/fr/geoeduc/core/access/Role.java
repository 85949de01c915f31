package fr.geoeduc.core.access;

import java.util.Locale;

/** What a person may do on the platform. */
public enum Role {
    /** Everything, including organisations and people. */
    PLATFORM_ADMIN("administrateur de la plateforme"),
    /** Creates and runs the conventions to which their organisation is a party. */
    CONVENTION_MANAGER("gestionnaire de conventions"),
    /** Provides data under conventions: reads those of their organisation, delivers files. */
    PRODUCER("producteur"),
    /** Receives data under conventions: reads those of their organisation. */
    CONSUMER("consommateur");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** {@code platform-admin}, {@code PLATFORM_ADMIN}, {@code administrateur} or {@code admin} … */
    public static Role parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return switch (t) {
            case "ADMIN", "ADMINISTRATEUR" -> PLATFORM_ADMIN;
            case "MANAGER", "GESTIONNAIRE" -> CONVENTION_MANAGER;
            case "PRODUCTEUR" -> PRODUCER;
            case "CONSOMMATEUR" -> CONSUMER;
            default -> {
                try {
                    yield valueOf(t);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown role '" + text + "': platform-admin, convention-manager, producer or consumer");
                }
            }
        };
    }
}
