package fr.geoeduc.server.web;

import java.util.Locale;

/**
 * Pupil counts and movements as the simulation table shows them: whole numbers without a decimal ("118", not
 * "118,0"), a fraction only where the simulation produced one, and no movement as "0" (never "-0,0").
 */
final class Effectifs {

    private Effectifs() {
    }

    static String effectif(Double v) {
        if (v == null || v.isNaN()) {
            return "—";
        }
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? String.format(Locale.FRENCH, "%d", (long) Math.rint(r)) : String.format(Locale.FRENCH, "%.1f", r);
    }

    static String mouvement(double v) {
        double r = Math.round(v * 10) / 10.0;
        if (r == 0) {
            return "0";
        }
        return r == Math.rint(r) ? String.format(Locale.FRENCH, "%+d", (long) Math.rint(r)) : String.format(Locale.FRENCH, "%+.1f", r);
    }
}
