package fr.geoeduc.core.sectorisation;

import java.util.List;
import java.util.function.Consumer;

/** Where a simulation's pupils come from: a pupils' dataset under a convention, or the écoles' open data. */
interface SourceEleves {

    /** What the result says of the source. */
    Simulation.Source source();

    /** Whether any dataset read is restricted (then the secret statistique applies to the figures). */
    boolean restreinte();

    boolean positions();

    boolean voies();

    /** Reads the pupils through the query service, one address group at a time. */
    void lire(Consumer<Foyer> sink);

    /** Notes on what was left out, computed by {@link #lire}. */
    List<String> notes();
}
