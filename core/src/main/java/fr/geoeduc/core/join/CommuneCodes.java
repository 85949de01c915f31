package fr.geoeduc.core.join;

import fr.geoeduc.core.referentiel.CodeNormaliser;
import fr.geoeduc.core.referentiel.CommuneHistory;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.referentiel.Territoire;

import java.util.Optional;

/**
 * Brings a commune code to the commune it belongs to today, through the référentiel: a Paris/Lyon/Marseille
 * arrondissement to its commune ({@code 75118 → 75056}), an absorbed commune to its commune nouvelle following the
 * COG history ({@code 35100 → 35163}), and says which step it took.
 */
final class CommuneCodes {

    /** The code as written (normalised spelling), the current commune, and the step taken (null when none). */
    record Resolved(String code, String current, String step) {
    }

    private final Referentiels referentiels;

    CommuneCodes(Referentiels referentiels) {
        this.referentiels = referentiels;
    }

    Resolved resolve(String raw) {
        String code = CodeNormaliser.commune(raw).orElse(raw.strip().toUpperCase(java.util.Locale.ROOT));
        Optional<Territoire.Arrondissement> arrondissement = referentiels.arrondissement(code);
        if (arrondissement.isPresent()) {
            return new Resolved(code, arrondissement.get().codeCommune(), "arrondissement " + code + "→" + arrondissement.get().codeCommune());
        }
        Optional<CommuneHistory.Succession> successor = referentiels.history().successor(code);
        if (successor.isPresent()) {
            return new Resolved(code, successor.get().currentCode(), "fusion " + code + "→" + successor.get().currentCode());
        }
        return new Resolved(code, code, null);
    }

    /** The rule that made two codes meet: {@code identique}, or the steps taken on either side. */
    static String rule(Resolved left, Resolved right) {
        if (left.code().equals(right.code())) {
            return "identique";
        }
        if (left.step() != null && right.step() != null) {
            return left.step() + " ; " + right.step();
        }
        return left.step() != null ? left.step() : right.step();
    }
}
