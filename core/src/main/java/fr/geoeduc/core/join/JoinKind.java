package fr.geoeduc.core.join;

import java.util.Locale;

/** Which rows a jointure keeps: only matched ones, every left row, or every row of both sides. */
public enum JoinKind {
    INNER, LEFT, FULL;

    public static JoinKind parse(String text) {
        return switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
            case "inner", "interne" -> INNER;
            case "left", "gauche" -> LEFT;
            case "full", "complete", "complète" -> FULL;
            default -> throw new JoinException("type de jointure inconnu '" + text
                    + "' (attendu : inner, left, full)");
        };
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
