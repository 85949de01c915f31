package fr.geoeduc.core.adresse;

import fr.geoeduc.core.query.QueryService;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the address suggestions' indexes built ahead of the requests: at start for the BAN versions published, then
 * after each publication (the store's catalogue counter, {@link QueryService#catalogueGeneration()}, looked at every
 * second; without one, the catalogue is looked at every ten seconds). The indexes are built one at a time on a thread
 * of their own; a request waits for one being built at most {@code attente} ({@link BanSuggestions}).
 */
public final class BanSuggestionsVeille implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BanSuggestionsVeille.class.getName());
    /** How long a request waits for an index being built before it is answered « en préparation » (503). */
    public static final Duration ATTENTE = Duration.ofSeconds(1);
    private static final long SANS_COMPTEUR_TOUTES_LES = 10;

    private final BanSuggestions suggestions;
    private final ExecutorService constructions;
    private final ScheduledExecutorService veille;
    private final java.util.function.LongSupplier generation;
    private long vue = Long.MIN_VALUE;
    private long tours;

    private BanSuggestionsVeille(QueryService queries, Duration attente) {
        this.constructions = Executors.newSingleThreadExecutor(r -> daemon(r, "ban-suggestions-index"));
        this.veille = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ban-suggestions-veille"));
        this.suggestions = new BanSuggestions(queries, constructions, attente);
        this.generation = queries::catalogueGeneration;
    }

    public static BanSuggestionsVeille demarrer(QueryService queries) {
        return demarrer(queries, ATTENTE);
    }

    public static BanSuggestionsVeille demarrer(QueryService queries, Duration attente) {
        return creer(queries, attente).lancer();
    }

    /**
     * A watch that looks at nothing until {@link #lancer()}: a server starts it once it answers, so that building the
     * indexes does not take the processor from its start-up.
     */
    public static BanSuggestionsVeille creer(QueryService queries) {
        return creer(queries, ATTENTE);
    }

    static BanSuggestionsVeille creer(QueryService queries, Duration attente) {
        return new BanSuggestionsVeille(queries, attente);
    }

    /** Looks at the BAN's versions now and every second from now on. */
    public synchronized BanSuggestionsVeille lancer() {
        if (!lancee) {
            lancee = true;
            veille.scheduleWithFixedDelay(this::tour, 0, 1, TimeUnit.SECONDS);
        }
        return this;
    }

    private boolean lancee;

    public BanSuggestions suggestions() {
        return suggestions;
    }

    private void tour() {
        try {
            long g = generation.getAsLong();
            boolean aRegarder = g != vue || g < 0 && tours % SANS_COMPTEUR_TOUTES_LES == 0;
            tours++;
            if (aRegarder) {
                vue = g;
                suggestions.preparer();
            }
        } catch (RuntimeException e) { // a store unreadable for a moment: looked at again at the next round
            vue = Long.MIN_VALUE;
            LOG.log(System.Logger.Level.WARNING, "suggestions d''adresses : versions de la BAN non lues ({0})", e.getMessage());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        veille.shutdownNow();
        constructions.shutdownNow();
    }
}
