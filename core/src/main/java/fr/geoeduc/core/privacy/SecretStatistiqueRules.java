package fr.geoeduc.core.privacy;

/**
 * Secret statistique rules for one dataset or convention (conventions spec §3): the primary rules deciding
 * which cells of a count/sum table are sensitive, what is printed in place of a hidden cell, and how wide
 * the feasible interval of a hidden cell must stay once every published cell and margin is known.
 *
 * <p>Zero cells. A cell counting nobody is, by default, <b>published as 0</b>: it says nothing about an
 * individual, and hiding every empty cell of a sparse hypercube would hide most of it. Datasets where the
 * absence itself is sensitive ("no pupil of this école is in this category") set {@code protectZeros}; zero
 * cells are then primary-sensitive like cells under the threshold.
 *
 * @param threshold       frequency rule n: a cell with {@code 0 < count < n} is primary-sensitive. INSEE uses 3
 *                        for most tables, 11 for tax-derived data; 1 disables the rule.
 * @param dominance       dominance rule (1, k): a sum cell is sensitive when its largest contributor accounts
 *                        for more than this share of the cell total (0.85 = 85 %). 0 disables the rule. Only
 *                        applies to tables built with values; contributors are aggregated by contributor id.
 * @param hiddenValue     what a hidden cell is printed as ({@code "secret"}, {@code null}, {@code "s"}…).
 * @param protectionWidth minimum width (max − min) of the feasible interval of a cell hidden by the frequency
 *                        rule, as an attacker can compute it from every published cell by linear programming.
 *                        Defaults to the threshold.
 * @param protectZeros    whether cells with count 0 are primary-sensitive (default: false, zeros published).
 */
public record SecretStatistiqueRules(int threshold, double dominance, String hiddenValue,
                                     double protectionWidth, boolean protectZeros) {

    public static final double DEFAULT_DOMINANCE = 0.85;
    public static final String DEFAULT_HIDDEN_VALUE = "secret";

    public SecretStatistiqueRules {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be >= 1 (1 disables the frequency rule): " + threshold);
        }
        if (Double.isNaN(dominance) || dominance < 0 || dominance > 1) {
            throw new IllegalArgumentException("dominance must be in [0, 1] (0 disables the rule): " + dominance);
        }
        if (Double.isNaN(protectionWidth) || Double.isInfinite(protectionWidth) || protectionWidth < 0) {
            throw new IllegalArgumentException("protectionWidth must be a finite number >= 0: " + protectionWidth);
        }
    }

    /** Threshold {@code n}, dominance 85 %, printed as {@code "secret"}, protection width {@code n}, zeros published. */
    public static SecretStatistiqueRules of(int threshold) {
        return new SecretStatistiqueRules(threshold, DEFAULT_DOMINANCE, DEFAULT_HIDDEN_VALUE, threshold, false);
    }

    /** The usual INSEE rule set: frequency 3, dominance 85 %. */
    public static SecretStatistiqueRules standard() {
        return of(3);
    }

    /** Rule set for tables involving tax-derived data: frequency 11, dominance 85 %. */
    public static SecretStatistiqueRules fiscal() {
        return of(11);
    }

    public SecretStatistiqueRules withDominance(double newDominance) {
        return new SecretStatistiqueRules(threshold, newDominance, hiddenValue, protectionWidth, protectZeros);
    }

    public SecretStatistiqueRules withoutDominance() {
        return withDominance(0);
    }

    public SecretStatistiqueRules withHiddenValue(String newHiddenValue) {
        return new SecretStatistiqueRules(threshold, dominance, newHiddenValue, protectionWidth, protectZeros);
    }

    public SecretStatistiqueRules withProtectionWidth(double newWidth) {
        return new SecretStatistiqueRules(threshold, dominance, hiddenValue, newWidth, protectZeros);
    }

    public SecretStatistiqueRules withProtectZeros(boolean newProtectZeros) {
        return new SecretStatistiqueRules(threshold, dominance, hiddenValue, protectionWidth, newProtectZeros);
    }

    public boolean dominanceEnabled() {
        return dominance > 0;
    }

    /** Frequency rule: {@code 0 < count < threshold}, or {@code count == 0} when zeros are protected. */
    public boolean isThresholdSensitive(long count) {
        return count == 0 ? protectZeros : count < threshold;
    }

    /** Dominance rule: the largest contribution exceeds {@code dominance × total} (positive totals only). */
    public boolean isDominanceSensitive(double total, double largestContribution) {
        return dominanceEnabled() && total > 0 && largestContribution > dominance * total;
    }
}
