package fr.geoeduc.core.join;

/**
 * One key of a jointure: the field on the left, the field on the right, and whether the values are commune codes
 * that meet through the COG history (an old code and its commune nouvelle, an arrondissement and its commune), or
 * school years named differently on each side ({@link TimeRule}: rentrée {@code 2022-2023} ↔ session 2023).
 */
public record KeyPair(String left, String right, boolean commune, TimeRule leftTime, TimeRule rightTime) {

    public KeyPair {
        if (left == null || left.isBlank() || right == null || right.isBlank()) {
            throw new JoinException("clé de jointure incomplète : '" + left + "=" + right + "'");
        }
        if ((leftTime == null) != (rightTime == null)) {
            throw new JoinException("une clé temporelle dit la règle des deux côtés : '"
                    + left + "=" + right + "' (ex. rentree_scolaire:rentree=session:session)");
        }
        if (commune && leftTime != null) {
            throw new JoinException("une clé est commune ou temporelle, pas les deux");
        }
    }

    public KeyPair(String left, String right, boolean commune) {
        this(left, right, commune, null, null);
    }

    /**
     * {@code uai=numero_uai}, or {@code uai} when both sides call it the same; a time key names each side's rule after a
     * colon: {@code rentree_scolaire:rentree=session:session}.
     */
    public static KeyPair parse(String text, boolean commune) {
        int eq = text.indexOf('=');
        String l = eq < 0 ? text.strip() : text.substring(0, eq).strip();
        String r = eq < 0 ? text.strip() : text.substring(eq + 1).strip();
        int lc = l.indexOf(':');
        int rc = r.indexOf(':');
        TimeRule lt = lc < 0 ? null : TimeRule.parse(l.substring(lc + 1));
        TimeRule rt = rc < 0 ? null : TimeRule.parse(r.substring(rc + 1));
        return new KeyPair(lc < 0 ? l : l.substring(0, lc).strip(), rc < 0 ? r : r.substring(0, rc).strip(), commune, lt, rt);
    }

    public boolean time() {
        return leftTime != null;
    }

    /** The time rule in words, for the match report; null for other keys. */
    public String timeStatement() {
        return time() ? left + " (" + leftTime.statement() + ") = " + right + " (" + rightTime.statement() + ")" : null;
    }

    @Override
    public String toString() {
        return (commune ? "commune:" : "") + left + (time() ? ":" + leftTime.code() : "") + "=" + right + (time() ? ":" + rightTime.code() : "");
    }
}
