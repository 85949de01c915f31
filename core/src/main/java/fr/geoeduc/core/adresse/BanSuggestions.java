package fr.geoeduc.core.adresse;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Address suggestions from the loaded BAN ({@code ban-adresses-DEP}) for a text being typed: every typed word must be
 * the start of a word of the address (number, street, postcode, commune), words normalised as the sector matcher does
 * ({@link VoieNormaliser}: accents, case, abbreviations, ordinals). The addresses are read through the query service
 * with the caller; an index is kept per dataset version (a new version rebuilds it), except for a caller who sees a
 * restricted view, whose index is built for the request and not kept.
 * <p>
 * The open datasets' indexes are built by an executor: {@link #preparer()} schedules those of the current versions
 * ({@link BanSuggestionsVeille} calls it when the server starts and after each publication), and a request that finds
 * its index still being built waits for it at most {@code attente}, then is answered {@link Resultat#enPreparation()}
 * (the API's 503) instead of waiting for the whole build (52 s for 406,230 addresses on a loaded 2-core machine).
 */
public final class BanSuggestions {

    private static final System.Logger LOG = System.getLogger(BanSuggestions.class.getName());

    /** {@code enPreparation}: datasets whose index for the current version is not built yet (no suggestion given then). */
    public record Resultat(boolean banChargee, List<String> datasets, List<BanAdresse> adresses, List<String> enPreparation) {
        public Resultat(boolean banChargee, List<String> datasets, List<BanAdresse> adresses) {
            this(banChargee, datasets, adresses, List.of());
        }
    }

    /** The datasets (with their version, {@code ban-adresses-35 v2}) whose index is ready and those being built. */
    public record Etat(List<String> pretes, List<String> enPreparation) {
    }

    private record Index(int version, List<BanAdresse> adresses, TreeMap<String, int[]> mots) {
    }

    private record Cle(String dataset, String departement, int version) {
        @Override
        public String toString() {
            return dataset + " v" + version;
        }
    }

    /** The outcome of looking up an index: ready, absent (not visible) or still being built. */
    private record Recherche(Optional<Index> index, boolean enPreparation) {
    }

    private final QueryService queries;
    private final BanSource source;
    private final Map<String, Index> index = new ConcurrentHashMap<>();
    private final Map<Cle, CompletableFuture<Optional<Index>>> enCours = new java.util.HashMap<>();
    private final Executor constructions;
    private final Duration attente;

    /** Indexes built on the requesting thread, however long that takes (the CLI, tests). */
    public BanSuggestions(QueryService queries) {
        this(queries, Runnable::run, Duration.ZERO);
    }

    /**
     * @param constructions runs the builds of the open datasets' indexes
     * @param attente       how long a request waits for an index being built before it is answered « en préparation »
     *                      ({@link Duration#ZERO}: for as long as the build takes)
     */
    public BanSuggestions(QueryService queries, Executor constructions, Duration attente) {
        this.queries = queries;
        this.source = new BanSource(queries);
        this.constructions = constructions;
        this.attente = attente;
    }

    /** Schedules the build of the index of every open BAN dataset's current version not built or being built yet. */
    public void preparer() {
        for (String dataset : datasets(Caller.INTERNAL)) {
            queries.dataset(Caller.INTERNAL, dataset, null).filter(v -> !v.restricted()).ifPresent(v ->
                    planifier(new Cle(dataset, departement(dataset), v.version().number())));
        }
    }

    public Etat etat() {
        synchronized (enCours) { // an index is published and leaves enCours under this lock: never seen in both lists
            List<String> pretes = index.entrySet().stream().map(e -> e.getKey() + " v" + e.getValue().version()).sorted().toList();
            return new Etat(pretes, enCours.keySet().stream().map(Cle::toString).sorted().toList());
        }
    }

    private static String departement(String dataset) {
        return dataset.substring(BanLoader.dataset("").length());
    }

    private List<String> datasets(Caller caller) {
        return queries.catalogue(caller).stream().map(s -> s.definition().id())
                .filter(id -> id.startsWith(BanLoader.dataset(""))).sorted().toList();
    }

    /** The build of this version's index: the one already scheduled or running, else a new one handed to the executor. */
    private CompletableFuture<Optional<Index>> planifier(Cle cle) {
        Index kept = index.get(cle.dataset());
        if (kept != null && kept.version() == cle.version()) {
            return CompletableFuture.completedFuture(Optional.of(kept));
        }
        CompletableFuture<Optional<Index>> f;
        synchronized (enCours) {
            f = enCours.get(cle);
            if (f != null) {
                return f;
            }
            f = new CompletableFuture<>();
            enCours.put(cle, f);
        }
        CompletableFuture<Optional<Index>> build = f;
        try {
            constructions.execute(() -> construire(cle, build));
        } catch (java.util.concurrent.RejectedExecutionException e) { // the server is stopping
            synchronized (enCours) {
                enCours.remove(cle);
            }
            build.completeExceptionally(e);
        }
        return build;
    }

    private void construire(Cle cle, CompletableFuture<Optional<Index>> build) {
        try {
            Index kept = index.get(cle.dataset());
            if (kept != null && kept.version() >= cle.version()) {
                build.complete(kept.version() == cle.version() ? Optional.of(kept) : Optional.empty());
                return;
            }
            long t0 = System.nanoTime();
            LOG.log(System.Logger.Level.INFO, "suggestions d''adresses : index de {0} en construction", cle);
            Optional<Index> built = construire(Caller.INTERNAL, cle.departement(), cle.version());
            synchronized (enCours) {
                built.ifPresent(b -> index.merge(cle.dataset(), b, (old, neu) -> neu.version() >= old.version() ? neu : old));
                enCours.remove(cle);
            }
            LOG.log(System.Logger.Level.INFO, "suggestions d''adresses : index de {0} prêt, {1} adresses, {2} mots, en {3} ms", cle,
                    built.map(b -> b.adresses().size()).orElse(0), built.map(b -> b.mots().size()).orElse(0),
                    (System.nanoTime() - t0) / 1_000_000);
            build.complete(built);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "suggestions d''adresses : index de " + cle + " non construit", e);
            build.completeExceptionally(e);
        } finally {
            synchronized (enCours) {
                enCours.remove(cle);
            }
        }
    }

    /**
     * Up to {@code limite} addresses (housenumbers, not toponyms) spread over the indexes already built of the BAN
     * datasets the caller sees, in a stable order: candidates for a page's example address. Empty while no index is
     * ready; never waits for one.
     */
    public List<BanAdresse> adressesPretes(Caller caller, int limite) {
        List<BanAdresse> out = new ArrayList<>();
        for (String dataset : datasets(caller)) {
            Index idx = index.get(dataset);
            if (idx == null || idx.adresses().isEmpty()) {
                continue;
            }
            List<BanAdresse> all = idx.adresses();
            int pas = Math.max(1, all.size() / Math.max(1, limite));
            for (int i = pas / 2; i < all.size() && out.size() < limite; i += pas) {
                if (!all.get(i).toponyme()) {
                    out.add(all.get(i));
                }
            }
        }
        return out;
    }

    public Resultat suggerer(Caller caller, String texte, int limite) {
        List<List<String>> mots = motsSaisis(texte);
        List<BanAdresse> out = new ArrayList<>();
        List<String> charges = new ArrayList<>();
        List<String> enPreparation = new ArrayList<>();
        Map<String, Recherche> trouves = new java.util.LinkedHashMap<>();
        for (String dataset : datasets(caller)) {
            trouves.put(dataset, index(caller, departement(dataset), dataset));
        }
        for (Map.Entry<String, Recherche> e : trouves.entrySet()) {
            if (e.getValue().enPreparation()) {
                enPreparation.add(e.getKey());
                continue;
            }
            Optional<Index> idx = e.getValue().index();
            if (idx.isEmpty()) {
                continue;
            }
            charges.add(e.getKey());
            if (enPreparation.isEmpty() && out.size() < limite && !mots.isEmpty()) {
                chercher(idx.get(), mots, limite - out.size(), out);
            }
        }
        if (!enPreparation.isEmpty()) { // a partial list would silently leave out a département's addresses
            return new Resultat(true, charges, List.of(), List.copyOf(enPreparation));
        }
        return new Resultat(!charges.isEmpty(), charges, out);
    }

    /** Each typed word with its alternative spellings (a street type's abbreviation spelt out: {@code bd} → BOULEVARD). */
    static List<List<String>> motsSaisis(String texte) {
        List<List<String>> out = new ArrayList<>();
        String normalise = VoieNormaliser.commune(texte);
        if (normalise.isEmpty()) {
            return out;
        }
        for (String w : normalise.split(" ")) {
            Set<String> alternatives = new LinkedHashSet<>();
            alternatives.add(w);
            String developpe = VoieNormaliser.voie(w).fullKey();
            if (!developpe.isEmpty() && !developpe.contains(" ")) {
                alternatives.add(developpe);
            }
            out.add(List.copyOf(alternatives));
        }
        return out;
    }

    /** The words an address is found by. */
    static Set<String> motsDe(BanAdresse a) {
        Set<String> mots = new LinkedHashSet<>();
        if (!a.toponyme()) {
            mots.add(String.valueOf(a.numero()));
        }
        add(mots, VoieNormaliser.ascii(a.rep()));
        add(mots, VoieNormaliser.voie(a.nomVoie()).fullKey());
        add(mots, a.codePostal());
        add(mots, VoieNormaliser.commune(a.nomCommune()));
        add(mots, VoieNormaliser.commune(a.nomAncienneCommune()));
        return mots;
    }

    private static void add(Set<String> mots, String words) {
        if (words != null && !words.isBlank()) {
            for (String w : words.split(" ")) {
                mots.add(w);
            }
        }
    }

    private Recherche index(Caller caller, String departement, String dataset) {
        Optional<QueryService.Visible> visible = queries.dataset(caller, dataset, null);
        if (visible.isEmpty()) {
            return new Recherche(Optional.empty(), false);
        }
        int version = visible.get().version().number();
        if (visible.get().restricted()) { // the caller's view: built for this request, not kept
            return new Recherche(construire(caller, departement, version), false);
        }
        CompletableFuture<Optional<Index>> build = planifier(new Cle(dataset, departement, version));
        try {
            return new Recherche(attente.isZero() ? build.join() : build.get(attente.toMillis(), TimeUnit.MILLISECONDS), false);
        } catch (TimeoutException e) {
            return new Recherche(Optional.empty(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Recherche(Optional.empty(), true);
        } catch (ExecutionException | java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Reads the addresses through the query service with the caller and indexes their words; empty when none is visible. */
    private Optional<Index> construire(Caller caller, String departement, int version) {
        List<BanAdresse> adresses = new ArrayList<>();
        if (source.lire(caller, departement, adresses::add).isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<Integer>> postings = new HashMap<>();
        for (int i = 0; i < adresses.size(); i++) {
            for (String w : motsDe(adresses.get(i))) {
                postings.computeIfAbsent(w, k -> new ArrayList<>()).add(i);
            }
        }
        TreeMap<String, int[]> mots = new TreeMap<>();
        postings.forEach((w, l) -> mots.put(w, l.stream().mapToInt(Integer::intValue).toArray()));
        return Optional.of(new Index(version, List.copyOf(adresses), mots));
    }

    /**
     * The addresses where every typed word starts a word, those with more typed words that are whole words first
     * (« 1 » before « 12 »), then in the BAN's order.
     */
    private static void chercher(Index idx, List<List<String>> mots, int limite, List<BanAdresse> out) {
        BitSet trouve = null;
        List<BitSet> entiers = new ArrayList<>();
        for (List<String> alternatives : mots) {
            BitSet ceMot = new BitSet(idx.adresses().size());
            BitSet ceMotEntier = new BitSet(idx.adresses().size());
            for (String prefixe : alternatives) {
                for (Map.Entry<String, int[]> e : idx.mots().subMap(prefixe, true, prefixe + Character.MAX_VALUE, false).entrySet()) {
                    BitSet cible = e.getKey().equals(prefixe) ? ceMotEntier : ceMot;
                    for (int i : e.getValue()) {
                        cible.set(i);
                    }
                }
            }
            ceMot.or(ceMotEntier);
            entiers.add(ceMotEntier);
            if (trouve == null) {
                trouve = ceMot;
            } else {
                trouve.and(ceMot);
            }
            if (trouve.isEmpty()) {
                return;
            }
        }
        List<List<Integer>> parScore = new ArrayList<>();
        for (int k = 0; k <= mots.size(); k++) {
            parScore.add(new ArrayList<>());
        }
        for (int i = trouve.nextSetBit(0); i >= 0; i = trouve.nextSetBit(i + 1)) {
            int score = 0;
            for (BitSet e : entiers) {
                score += e.get(i) ? 1 : 0;
            }
            List<Integer> rang = parScore.get(score);
            if (rang.size() < limite) {
                rang.add(i);
            }
        }
        int debut = out.size();
        for (int k = mots.size(); k >= 0; k--) {
            for (int i : parScore.get(k)) {
                if (out.size() - debut >= limite) {
                    return;
                }
                out.add(idx.adresses().get(i));
            }
        }
    }
}
