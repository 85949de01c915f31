package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.adresse.BanAdresse;
import fr.geoeduc.core.sectorisation.SecteurReponse.Statut;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The collège set of each BAN address, for sector building: the street is resolved once per (commune, commune
 * déléguée, postcode, street name) by {@link SecteurMatcher#etapeVoie}, then each address only tests its number against
 * that street's ranges and parities (the street matcher per address was most of a national build). The answer is the
 * matcher's, reduced to what sectors need ({@link Affectation}); {@link #parAdresse} gives the same without memory.
 * Not thread-safe: one builder feeds it.
 */
final class AffectationsBan {

    /** What sectors need of the matcher's answer: found (with collèges), the sorted UAIs, the confidence, the carte's street. */
    record Affectation(boolean trouve, List<String> uais, Confiance confiance, String voieCarte) {
        static Affectation of(SecteurReponse r) {
            boolean trouve = r.statut() == Statut.TROUVE && !r.uais().isEmpty();
            return new Affectation(trouve, trouve ? r.uais().stream().sorted().toList() : List.of(), r.confiance(),
                    r.adresse() == null ? null : r.adresse().voieCarte());
        }
    }

    private record Cle(String commune, String codePostal, String ancienne, String voie) {
    }

    /** Marker: the address resolves to several communes; only the matcher per address answers. */
    private static final Object PAR_ADRESSE = new Object();

    private final SecteurMatcher matcher;
    private final Map<Cle, Object> parVoie = new HashMap<>();

    AffectationsBan(SecteurMatcher matcher) {
        this.matcher = matcher;
    }

    /** The address as the matcher reads it: the chef-lieu's commune déléguée keeps the nouvelle's code, so its name is used. */
    static AdresseSaisie saisie(BanAdresse a) {
        String ancienne = a.codeAncienneCommune().equals(a.codeInsee()) ? a.nomAncienneCommune() : a.codeAncienneCommune();
        return new AdresseSaisie(a.codeInsee(), a.codePostal(), ancienne, a.nomVoie(), a.toponyme() ? null : a.numero(), a.rep(), null);
    }

    /** The matcher's whole answer for this address, reduced: the reference the memoised path must equal. */
    Affectation parAdresse(BanAdresse a) {
        return Affectation.of(matcher.trouver(saisie(a)));
    }

    Affectation affecter(BanAdresse a) {
        AdresseSaisie s = saisie(a);
        Object etape = parVoie.computeIfAbsent(new Cle(s.commune(), s.codePostal(), s.ancienneCommune(), s.voie()), k -> {
            Object e = matcher.etapeVoie(s);
            if (e == null) {
                return PAR_ADRESSE;
            }
            return e instanceof SecteurReponse r ? Affectation.of(r) : new Plages((SecteurMatcher.VoieTrouvee) e);
        });
        if (etape instanceof Affectation fixe) {
            return fixe;
        }
        if (etape instanceof Plages p) {
            return p.pour(s.numero(), s.rep());
        }
        return Affectation.of(matcher.trouver(s));
    }

    /** One street's rows: the answer depends only on which rows hold the number, so it is kept per such set. */
    private static final class Plages {
        private final SecteurMatcher.VoieTrouvee voie;
        private final LigneCarte[] lignes;
        private final Map<Long, Affectation> parMasque = new HashMap<>();
        private Affectation sansNumero;

        Plages(SecteurMatcher.VoieTrouvee voie) {
            this.voie = voie;
            this.lignes = voie.lignes().toArray(LigneCarte[]::new);
        }

        Affectation pour(Integer numero, String rep) {
            if (numero == null) {
                if (sansNumero == null) {
                    sansNumero = evaluer(null);
                }
                return sansNumero;
            }
            Numero n = new Numero(numero, rep);
            if (lignes.length > 63) {
                return evaluer(n);
            }
            long masque = 0;
            for (int i = 0; i < lignes.length; i++) {
                if (lignes[i].contient(n)) {
                    masque |= 1L << i;
                }
            }
            Affectation deja = parMasque.get(masque);
            if (deja == null) {
                deja = evaluer(n);
                parMasque.put(masque, deja);
            }
            return deja;
        }

        /** {@link SecteurMatcher}'s number step: per lieu-dit when the street lies in several anciennes communes. */
        private Affectation evaluer(Numero n) {
            if (voie.parLieuDit().size() > 1) {
                Set<List<String>> ensembles = new HashSet<>();
                for (List<LigneCarte> groupe : voie.parLieuDit().values()) {
                    ensembles.add(numero(n, groupe).uais());
                }
                if (ensembles.size() > 1) {
                    return aucun();
                }
            }
            return numero(n, voie.lignes());
        }

        private Affectation numero(Numero n, List<LigneCarte> rows) {
            List<LigneCarte> retenues = new ArrayList<>();
            if (n == null) {
                rows.stream().filter(LigneCarte::couvreToutLaVoie).forEach(retenues::add);
                if (retenues.isEmpty()) {
                    if (SecteurMatcher.plages(rows).values().stream().distinct().count() != 1) {
                        return aucun();
                    }
                    retenues.addAll(rows);
                }
            } else {
                rows.stream().filter(l -> l.contient(n)).forEach(retenues::add);
                if (retenues.isEmpty()) {
                    return aucun();
                }
            }
            boolean conflit = SecteurMatcher.plages(retenues).values().stream().distinct().count() > 1;
            Confiance c = conflit ? Confiance.CONFLICT : voie.m().niveau() == VoieMatcher.Niveau.EGAL ? Confiance.EXACT : Confiance.NEAR;
            Set<String> uais = new TreeSet<>();
            retenues.forEach(l -> uais.add(l.uai()));
            return new Affectation(true, List.copyOf(uais), c, voie.voieCarte());
        }

        private Affectation aucun() {
            return new Affectation(false, List.of(), Confiance.UNKNOWN, voie.voieCarte());
        }
    }
}
