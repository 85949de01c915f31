package fr.geoeduc.core.join;

/**
 * One key of a jointure: the field on the left, the field on the right, and whether the values are commune codes
 * that meet through the COG history (an old code and its commune nouvelle, an arrondissement and its commune).
 */
public record KeyPair(String left, String right, boolean commune) {

    public KeyPair {
        if (left == null || left.isBlank() || right == null || right.isBlank()) {
            throw new JoinException("clé de jointure incomplète / incomplete join key: '" + left + "=" + right + "'");
        }
    }

    /** {@code uai=numero_uai}, or {@code uai} when both sides call it the same. */
    public static KeyPair parse(String text, boolean commune) {
        int eq = text.indexOf('=');
        String l = eq < 0 ? text.strip() : text.substring(0, eq).strip();
        String r = eq < 0 ? text.strip() : text.substring(eq + 1).strip();
        return new KeyPair(l, r, commune);
    }

    @Override
    public String toString() {
        return (commune ? "commune:" : "") + left + "=" + right;
    }
}
