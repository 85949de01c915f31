package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.adresse.VoieNormaliser;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Finds a street (or hamlet) of one commune's carte rows by name, in tiers, first hit wins (spec §2.4): normalised
 * keys equal (articles kept to break ties); truncation (the carte cut long names: one full key is a prefix of the
 * other, the shorter one at least {@value #TRONCATURE_MIN} characters); fuzzy, with a Levenshtein similarity of at
 * least {@value #SEUIL_FLOU}, the same type of way and the same last word, and only when a single street qualifies.
 * The 0.80 threshold some tools use would confuse real streets of the same commune (RUE BORDERIE / RUE CORDERIE).
 */
public final class VoieMatcher {

    static final int TRONCATURE_MIN = 28;
    static final double SEUIL_FLOU = 0.90;
    private static final double SEUIL_SUGGESTION = 0.70;
    private static final LevenshteinDistance LEVENSHTEIN = LevenshteinDistance.getDefaultInstance();

    public enum Niveau { EGAL, TRONQUE, FLOU }

    /** The street(s) found (several only when they are one street spelt several ways), or the readings left. */
    public record Resultat(List<Carte.Voie> voies, Niveau niveau, double similarite, List<Suggestion> autres, boolean ambigu) {
        public boolean trouve() {
            return !voies.isEmpty();
        }
    }

    public record Suggestion(Carte.Voie voie, double similarite) {
    }

    private VoieMatcher() {
    }

    public static Resultat chercher(String saisie, List<Carte.Voie> voies) {
        VoieNormaliser.NomNormalise n = VoieNormaliser.voie(saisie);
        return chercher(n, voies, voies.stream().filter(v -> v.nom().key().equals(n.key())).toList());
    }

    /** {@code egales}: the streets of {@code voies} whose key is the name's, in their order (from an index). */
    static Resultat chercher(VoieNormaliser.NomNormalise n, List<Carte.Voie> voies, List<Carte.Voie> egales) {
        if (!egales.isEmpty()) {
            List<Carte.Voie> memeArticles = egales.stream().filter(v -> v.nom().fullKey().equals(n.fullKey())).toList();
            List<Carte.Voie> retenues = memeArticles.isEmpty() ? egales : memeArticles;
            if (retenues.stream().map(v -> v.nom().fullKey()).distinct().count() > 1) {
                return new Resultat(List.of(), Niveau.EGAL, 1.0, retenues.stream().map(v -> new Suggestion(v, 1.0)).toList(), true);
            }
            List<Carte.Voie> avecTronquees = new ArrayList<>(retenues);
            if (peutEtreTronque(n)) {
                voies.stream().filter(v -> tronque(v.nom().fullKey(), n.fullKey()) && !avecTronquees.contains(v)).forEach(avecTronquees::add);
            }
            return new Resultat(avecTronquees, Niveau.EGAL, 1.0, List.of(), false);
        }
        List<Carte.Voie> tronquees = peutEtreTronque(n) ? voies.stream().filter(v -> tronque(v.nom().fullKey(), n.fullKey())).toList() : List.of();
        if (!tronquees.isEmpty()) {
            double sim = tronquees.stream().mapToDouble(v -> similarite(v.nom().fullKey(), n.fullKey())).max().orElse(0);
            return new Resultat(tronquees, Niveau.TRONQUE, sim, List.of(), false);
        }
        List<Suggestion> proches = voies.stream().map(v -> new Suggestion(v, similarite(v.nom().key(), n.key())))
                .filter(s -> s.similarite() >= SEUIL_SUGGESTION)
                .sorted(Comparator.comparingDouble(Suggestion::similarite).reversed().thenComparing(s -> s.voie().libelle()))
                .limit(5).toList();
        List<Suggestion> floues = proches.stream().filter(s -> s.similarite() >= SEUIL_FLOU
                && Objects.equals(s.voie().nom().typeDeVoie(), n.typeDeVoie())
                && s.voie().nom().lastWord().equals(n.lastWord())).toList();
        if (floues.size() == 1) {
            return new Resultat(List.of(floues.get(0).voie()), Niveau.FLOU, floues.get(0).similarite(), List.of(), false);
        }
        return floues.size() > 1 ? new Resultat(List.of(), Niveau.FLOU, floues.get(0).similarite(), floues, true)
                : new Resultat(List.of(), Niveau.FLOU, proches.isEmpty() ? 0 : proches.get(0).similarite(), proches, false);
    }

    /** A truncation pair needs the shorter key at {@value #TRONCATURE_MIN} characters, so a shorter name has none (no scan). */
    private static boolean peutEtreTronque(VoieNormaliser.NomNormalise n) {
        return n.fullKey().length() >= TRONCATURE_MIN;
    }

    /** One full key is the start of the other, at a word or inside the last word, and the shorter is long enough. */
    static boolean tronque(String a, String b) {
        String court = a.length() <= b.length() ? a : b;
        String long_ = a.length() <= b.length() ? b : a;
        return court.length() >= TRONCATURE_MIN && !court.equals(long_) && long_.startsWith(court);
    }

    /** {@code 1 − d / max(len)}, Levenshtein distance {@code d}. */
    public static double similarite(String a, String b) {
        int max = Math.max(a.length(), b.length());
        return max == 0 ? 1.0 : 1.0 - (double) LEVENSHTEIN.apply(a, b) / max;
    }
}
