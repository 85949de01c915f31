package fr.geoeduc.core.referentiel;

import java.util.List;
import java.util.Objects;

/**
 * The commune référentiel a reader asks for by millésime: a millésime loaded (its communes only), or none (the current
 * communes, {@link Millesimes}). What the carte scolaire's commands, API and pages read when the user picks a millésime.
 */
public final class CommunesParMillesime {

    private final ReferentielStore store;

    public CommunesParMillesime(ReferentielStore store) {
        this.store = store;
    }

    /** The millésimes of communes loaded, oldest first; those loaded without one are not named here. */
    public List<String> charges() {
        return Millesimes.all(store.referentielScopes("commune")).stream().filter(Objects::nonNull).toList();
    }

    /**
     * The communes of {@code millesime} (null or blank: the current ones of each département).
     *
     * @throws MillesimeInconnu when that millésime of communes is not loaded
     */
    public Referentiels referentiels(String millesime) {
        if (millesime == null || millesime.isBlank()) {
            return Referentiels.from(store);
        }
        verifier(millesime);
        return Referentiels.from(store, millesime.strip());
    }

    /** Refuses a millésime of communes that is not loaded (null or blank: the current ones, always accepted). */
    public void verifier(String millesime) {
        if (millesime == null || millesime.isBlank()) {
            return;
        }
        List<String> charges = charges();
        if (!charges.contains(millesime.strip())) {
            throw new MillesimeInconnu(millesime, charges);
        }
    }

    /**
     * A reader of the current communes only ({@code courantes}), as one asked by millésime: a millésime named is refused
     * (for services built without a store, in tests and tools).
     */
    public static java.util.function.Function<String, Referentiels> courantesSeulement(java.util.function.Supplier<Referentiels> courantes) {
        return millesime -> {
            if (millesime != null && !millesime.isBlank()) {
                throw new MillesimeInconnu(millesime, List.of());
            }
            return courantes.get();
        };
    }

    /** A millésime of communes asked for that is not loaded; the message names those that are. */
    public static final class MillesimeInconnu extends IllegalArgumentException {
        public MillesimeInconnu(String millesime, List<String> charges) {
            super("millésime des communes « " + (millesime.length() > 40 ? millesime.substring(0, 40) + "…" : millesime)
                    + " » non chargé (chargés : " + (charges.isEmpty() ? "aucun" : String.join(", ", charges)) + ")");
        }
    }
}
