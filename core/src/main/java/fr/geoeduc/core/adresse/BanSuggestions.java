package fr.geoeduc.core.adresse;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.adresse.VoieNormaliser;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Address suggestions from the loaded BAN ({@code ban-adresses-DEP}) for a text being typed: every typed word must be
 * the start of a word of the address (number, street, postcode, commune), words normalised as the sector matcher does
 * ({@link VoieNormaliser}: accents, case, abbreviations, ordinals). The addresses are read through the query service
 * with the caller; an index is kept per dataset version (a new version rebuilds it), except for a caller who sees a
 * restricted view, whose index is built for the request and not kept.
 */
public final class BanSuggestions {

    public record Resultat(boolean banChargee, List<String> datasets, List<BanAdresse> adresses) {
    }

    private record Index(int version, List<BanAdresse> adresses, TreeMap<String, int[]> mots) {
    }

    private final QueryService queries;
    private final BanSource source;
    private final Map<String, Index> index = new ConcurrentHashMap<>();

    public BanSuggestions(QueryService queries) {
        this.queries = queries;
        this.source = new BanSource(queries);
    }

    public Resultat suggerer(Caller caller, String texte, int limite) {
        List<String> datasets = queries.catalogue(caller).stream().map(s -> s.definition().id())
                .filter(id -> id.startsWith(BanLoader.dataset(""))).sorted().toList();
        List<List<String>> mots = motsSaisis(texte);
        List<BanAdresse> out = new ArrayList<>();
        List<String> charges = new ArrayList<>();
        for (String dataset : datasets) {
            String departement = dataset.substring(BanLoader.dataset("").length());
            Optional<Index> idx = index(caller, departement, dataset);
            if (idx.isEmpty()) {
                continue;
            }
            charges.add(dataset);
            if (out.size() < limite && !mots.isEmpty()) {
                chercher(idx.get(), mots, limite - out.size(), out);
            }
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

    private Optional<Index> index(Caller caller, String departement, String dataset) {
        Optional<QueryService.Visible> visible = queries.dataset(caller, dataset, null);
        if (visible.isEmpty()) {
            return Optional.empty();
        }
        int version = visible.get().version().number();
        boolean restreint = visible.get().restricted();
        Index kept = index.get(dataset);
        if (!restreint && kept != null && kept.version() == version) {
            return Optional.of(kept);
        }
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
        Index built = new Index(version, List.copyOf(adresses), mots);
        if (!restreint) {
            index.put(dataset, built);
        }
        return Optional.of(built);
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
