package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.adresse.VoieNormaliser;

import fr.geoeduc.core.sectorisation.SecteurReponse.AdresseInterpretee;
import fr.geoeduc.core.sectorisation.SecteurReponse.Candidat;
import fr.geoeduc.core.sectorisation.SecteurReponse.College;
import fr.geoeduc.core.sectorisation.SecteurReponse.LigneRetenue;
import fr.geoeduc.core.sectorisation.SecteurReponse.Statut;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Address → collège(s) de secteur on one carte (spec carte-scolaire §2): the commune (and commune déléguée), then
 * whole-commune rows, else the street by name ({@link VoieMatcher}) and the number by range and parity. Every matching
 * row counts (never "the first row"); rows that disagree give their union, flagged {@link Confiance#CONFLICT}; gaps
 * of the carte stay gaps.
 */
public final class SecteurMatcher {

    private final Carte carte;
    private final CommuneResolver communes;

    public SecteurMatcher(Carte carte, CommuneResolver communes) {
        this.carte = carte;
        this.communes = communes;
    }

    public SecteurReponse trouver(AdresseSaisie a) {
        CommuneResolver.Resolution r = communes.resoudre(a);
        if (r.cibles().isEmpty()) {
            return reponse(Statut.AUCUN, Confiance.UNKNOWN, 0, Set.of(), null, "Aucun secteur trouvé : " + r.probleme() + ".",
                    List.of(), interpretee(a, null, null), List.of(), List.of());
        }
        List<SecteurReponse> parCommune = r.cibles().stream().map(c -> pourCommune(a, c)).toList();
        if (parCommune.size() == 1) {
            return parCommune.get(0);
        }
        List<SecteurReponse> utiles = parCommune.stream().filter(x -> x.statut() != Statut.AUCUN).toList();
        if (utiles.size() == 1) {
            return utiles.get(0);
        }
        if (utiles.isEmpty()) {
            return parCommune.get(0);
        }
        List<Candidat> candidats = utiles.stream().map(x -> new Candidat(x.adresse().commune() + " (" + x.adresse().codeInsee() + ")",
                x.uais(), x.adresse().similarite())).toList();
        return reponse(Statut.AMBIGU, Confiance.UNKNOWN, 0, Set.of(), null,
                "Adresse ambiguë : plusieurs communes correspondent ; précisez le code INSEE ou le code postal.",
                List.of(), interpretee(a, null, null), candidats, List.of());
    }

    /** The street found for one (commune, street): its rows, grouped by lieu-dit, that the number is then tested against. */
    record VoieTrouvee(VoieMatcher.Resultat m, List<LigneCarte> lignes, Map<String, List<LigneCarte>> parLieuDit, String nomCommune) {
        String voieCarte() {
            return m.voies().get(0).libelle();
        }
    }

    /**
     * The number-free part of {@link #trouver} for an address of a known commune: the final answer when it does not
     * depend on the number (whole commune, street absent…), else the street's rows; null when the address resolves to
     * several communes (then only {@link #trouver} answers).
     */
    Object etapeVoie(AdresseSaisie a) {
        CommuneResolver.Resolution r = communes.resoudre(a);
        if (r.cibles().size() != 1) {
            return r.cibles().isEmpty() ? trouver(a) : null;
        }
        return etapeVoie(a, r.cibles().get(0));
    }

    private SecteurReponse pourCommune(AdresseSaisie a, CommuneResolver.Cible cible) {
        Object etape = etapeVoie(a, cible);
        if (etape instanceof SecteurReponse r) {
            return r;
        }
        VoieTrouvee v = (VoieTrouvee) etape;
        VoieMatcher.Resultat m = v.m();
        AdresseInterpretee lue = interpretee(a, cible, m);
        if (v.parLieuDit().size() > 1) {
            List<SecteurReponse> parAncienne = new ArrayList<>();
            List<Candidat> candidats = new ArrayList<>();
            for (var e : v.parLieuDit().entrySet()) {
                SecteurReponse x = numero(a, m, e.getValue(), lue);
                parAncienne.add(x);
                candidats.add(new Candidat("ancienne commune " + e.getKey(), x.uais(), null));
            }
            if (parAncienne.stream().map(x -> Set.copyOf(x.uais())).distinct().count() > 1) {
                return reponse(Statut.AMBIGU, Confiance.UNKNOWN, 0, Set.of(), null, "Adresse ambiguë : la voie « "
                        + m.voies().get(0).libelle() + " » existe dans plusieurs anciennes communes de " + v.nomCommune()
                        + " avec des secteurs différents ; précisez l'ancienne commune.", lignes(v.lignes()), lue, candidats, List.of());
            }
        }
        return numero(a, m, v.lignes(), lue);
    }

    /** A {@link SecteurReponse} when the answer does not depend on the number, else the {@link VoieTrouvee}. */
    private Object etapeVoie(AdresseSaisie a, CommuneResolver.Cible cible) {
        String code = cible.code();
        String nom = cible.nom() == null ? code : cible.nom();
        AdresseInterpretee lue = interpretee(a, cible, null);
        if (cible.ancienneCode() != null && !carte.communeEntiere(cible.ancienneCode()).isEmpty()) {
            List<LigneCarte> lignes = carte.communeEntiere(cible.ancienneCode());
            return trouve(Confiance.COMMUNE, 1.0, lignes, Regle.COMMUNE_DELEGUEE, "Toute la commune déléguée "
                    + cible.ancienneNom() + " (" + cible.ancienneCode() + ", aujourd'hui dans " + nom + ") relève du secteur.", lue, List.of());
        }
        List<LigneCarte> entiere = carte.communeEntiere(code);
        List<String> anciennes = cible.avecAncienne() ? List.of() : communes.anciennesDansLaCarte(code);
        if (!entiere.isEmpty()) {
            Set<String> ici = uais(entiere);
            List<Candidat> autres = new ArrayList<>();
            for (String ancienne : anciennes) {
                Set<String> la = uais(carte.communeEntiere(ancienne));
                if (!la.isEmpty() && !la.equals(ici)) {
                    autres.add(new Candidat("commune déléguée " + communes.nom(ancienne) + " (" + ancienne + ")", List.copyOf(la), null));
                }
            }
            if (!autres.isEmpty()) {
                autres.add(0, new Candidat(nom + " (" + code + ") hors communes déléguées ci-dessous", List.copyOf(ici), null));
                return reponse(Statut.AMBIGU, Confiance.UNKNOWN, 0, Set.of(), null, "Adresse ambiguë : la commune " + nom
                        + " réunit des communes déléguées qui n'ont pas le même secteur ; précisez l'ancienne commune.", lignes(entiere),
                        lue, autres, List.of());
            }
            return trouve(Confiance.COMMUNE, 1.0, entiere, Regle.COMMUNE_ENTIERE, "Toute la commune " + nom + " (" + code
                    + ") relève du secteur.", lue, List.of());
        }
        String codeDesVoies = carte.voies(code).isEmpty() && cible.ancienneCode() != null ? cible.ancienneCode() : code;
        List<Carte.Voie> voies = voiesDe(codeDesVoies, cible.ancienneNom());
        if (voies.isEmpty()) {
            return sansLigne(a, cible, anciennes, lue);
        }
        if (a.voie() == null) {
            return reponse(Statut.AMBIGU, Confiance.UNKNOWN, 0, Set.of(), null, "La commune " + nom
                    + " est découpée par voies : indiquez la voie (et le numéro).", List.of(), lue,
                    List.of(new Candidat("collèges de secteur des voies de " + nom, List.copyOf(uais(toutes(voies))), null)), List.of());
        }
        VoieMatcher.Resultat m;
        if (voies == carte.voies(codeDesVoies)) { // the commune's whole list: its streets are indexed by key
            VoieNormaliser.NomNormalise n = VoieNormaliser.voie(a.voie());
            m = VoieMatcher.chercher(n, voies, carte.voiesDeCle(codeDesVoies, n.key()));
        } else {
            m = VoieMatcher.chercher(a.voie(), voies);
        }
        if (!m.trouve()) {
            return voieAbsente(a, cible, voies, anciennes, m, lue);
        }
        List<LigneCarte> lignes = m.voies().stream().flatMap(v -> v.lignes().stream())
                .filter(l -> garde(l, cible.ancienneNom())).toList();
        Map<String, List<LigneCarte>> parLieuDit = new LinkedHashMap<>();
        lignes.forEach(l -> parLieuDit.computeIfAbsent(l.lieuDit(), k -> new ArrayList<>()).add(l));
        return new VoieTrouvee(m, lignes, parLieuDit, nom);
    }

    /** The number against the street's rows: range and parity; no number matches only rows covering the whole street. */
    private SecteurReponse numero(AdresseSaisie a, VoieMatcher.Resultat m, List<LigneCarte> lignes, AdresseInterpretee lue) {
        String voie = m.voies().get(0).libelle();
        boolean hameau = m.voies().stream().allMatch(v -> v.nom().lieuDit());
        Regle regle = hameau ? Regle.LIEU_DIT : Regle.PLAGE_DE_VOIE;
        List<String> avertissements = new ArrayList<>();
        if (m.niveau() != VoieMatcher.Niveau.EGAL) {
            avertissements.add("Voie reconnue par " + (m.niveau() == VoieMatcher.Niveau.TRONQUE ? "troncature" : "ressemblance")
                    + " : « " + a.voie() + " » lue comme « " + voie + " » (similarité " + String.format(java.util.Locale.ROOT, "%.2f", m.similarite()) + ").");
        }
        List<LigneCarte> retenues;
        if (a.numero() == null) {
            retenues = lignes.stream().filter(LigneCarte::couvreToutLaVoie).toList();
            if (retenues.isEmpty()) {
                Map<String, Set<String>> plages = plages(lignes);
                if (plages.values().stream().distinct().count() == 1) {
                    retenues = lignes;
                    avertissements.add("Numéro non précisé : toutes les plages de la voie mènent au même secteur.");
                } else {
                    List<Candidat> candidats = plages.entrySet().stream().map(e -> new Candidat(e.getKey(), List.copyOf(e.getValue()), null)).toList();
                    return reponse(Statut.AMBIGU, Confiance.UNKNOWN, 0, Set.of(), regle, "Numéro nécessaire : « " + voie
                            + " » est partagée entre plusieurs secteurs selon le numéro.", lignes(lignes), lue, candidats, avertissements);
                }
            }
        } else {
            Numero n = new Numero(a.numero(), a.rep());
            if (Numero.rank(a.rep()).isEmpty()) {
                avertissements.add("Indice de répétition « " + a.rep() + " » inconnu : lu comme sans indice.");
            }
            retenues = lignes.stream().filter(l -> l.contient(n)).toList();
            if (retenues.isEmpty()) {
                return reponse(Statut.AUCUN, Confiance.UNKNOWN, 0, Set.of(), regle, "Aucun secteur trouvé : le n° " + n + " de « " + voie
                        + " » n'est couvert par aucune plage de la carte (" + String.join(" ; ", plages(lignes).keySet())
                        + "). C'est un trou de la carte officielle : la DSDEN indique le collège.", lignes(lignes), lue, List.of(), avertissements);
            }
            if (retenues.stream().anyMatch(l -> l.decideeParUnIndice(n))) {
                avertissements.add("Décidé à une borne avec indice de répétition : l'ordre sans indice < A/bis < B/ter < C/quater est une hypothèse.");
            }
        }
        boolean conflit = plages(retenues).values().stream().distinct().count() > 1;
        Confiance confiance = conflit ? Confiance.CONFLICT : m.niveau() == VoieMatcher.Niveau.EGAL ? Confiance.EXACT : Confiance.NEAR;
        double score = conflit ? 0.5 : m.niveau() == VoieMatcher.Niveau.EGAL ? 1.0 : m.similarite();
        if (avertissements.stream().anyMatch(w -> w.startsWith("Décidé"))) {
            score *= 0.9;
        }
        String explication = (conflit ? "Lignes en conflit : des plages qui se recouvrent donnent des collèges différents ; voici leur union. "
                : "") + (hameau ? "Lieu-dit « " : "Voie « ") + voie + " », " + (a.numero() == null ? "sans numéro" : "n° " + a.numeroTexte())
                + " : plage " + String.join(" ; ", plages(retenues).keySet()) + ".";
        return trouve(confiance, score, retenues, regle, explication, lue, avertissements);
    }

    private SecteurReponse voieAbsente(AdresseSaisie a, CommuneResolver.Cible cible, List<Carte.Voie> voies, List<String> anciennes,
                                       VoieMatcher.Resultat m, AdresseInterpretee lue) {
        String nom = cible.nom() == null ? cible.code() : cible.nom();
        List<Candidat> suggestions = m.autres().stream().map(s -> new Candidat(s.voie().libelle(),
                List.copyOf(uais(s.voie().lignes())), Math.round(s.similarite() * 100) / 100.0)).toList();
        if (m.ambigu()) {
            return reponse(Statut.AMBIGU, Confiance.UNKNOWN, 0, Set.of(), null, "Voie ambiguë : « " + a.voie()
                    + " » ressemble autant à plusieurs voies de " + nom + " ; précisez le nom.", List.of(), lue, suggestions, List.of());
        }
        List<Candidat> candidats = new ArrayList<>(suggestions);
        for (String ancienne : anciennes) {
            List<LigneCarte> e = carte.communeEntiere(ancienne);
            if (!e.isEmpty()) {
                candidats.add(new Candidat("si l'adresse est dans la commune déléguée " + communes.nom(ancienne) + " (" + ancienne + ")",
                        List.copyOf(uais(e)), null));
            }
        }
        Set<Set<String>> ensembles = new java.util.HashSet<>(plagesParVoie(voies).values());
        if (ensembles.size() == 1) {
            Set<String> seul = ensembles.iterator().next();
            return reponse(Statut.TROUVE, Confiance.INFERRED, 0.5, seul, null, "La voie « " + a.voie() + " » n'est pas dans la carte de "
                    + nom + ", mais toutes les voies listées y mènent au même secteur.", List.of(), lue, candidats,
                    List.of("Secteur déduit, pas lu dans la carte : à confirmer auprès de la DSDEN."));
        }
        return reponse(Statut.AUCUN, Confiance.UNKNOWN, 0, Set.of(), null, "Aucun secteur trouvé : la voie « " + a.voie()
                + " » n'est pas dans la carte de " + nom + ", qui est découpée par voies sans secteur pour toute la commune"
                + (suggestions.isEmpty() ? "." : " ; voies proches en candidats."), List.of(), lue, candidats, List.of());
    }

    /** A commune without rows of its own: its communes déléguées may have some, or it is not in the carte. */
    private SecteurReponse sansLigne(AdresseSaisie a, CommuneResolver.Cible cible, List<String> anciennes, AdresseInterpretee lue) {
        String nom = cible.nom() == null ? cible.code() : cible.nom();
        List<Candidat> candidats = new ArrayList<>();
        List<LigneCarte> toutes = new ArrayList<>();
        for (String ancienne : anciennes) {
            List<LigneCarte> e = carte.communeEntiere(ancienne);
            if (!e.isEmpty()) {
                toutes.addAll(e);
                candidats.add(new Candidat("commune déléguée " + communes.nom(ancienne) + " (" + ancienne + ")", List.copyOf(uais(e)), null));
            }
        }
        if (candidats.isEmpty()) {
            return reponse(Statut.AUCUN, Confiance.UNKNOWN, 0, Set.of(), null, "Aucun secteur trouvé : la commune " + nom + " ("
                    + cible.code() + ") n'est pas dans la carte scolaire publiée (version " + carte.version().version()
                    + ") ; la carte nationale ne couvre que les départements qui l'ont transmise.", List.of(), lue, List.of(), List.of());
        }
        if (candidats.stream().map(c -> Set.copyOf(c.uais())).distinct().count() == 1) {
            return trouve(Confiance.COMMUNE, 1.0, toutes, Regle.COMMUNE_DELEGUEE, "Toutes les communes déléguées de " + nom
                    + " relèvent du même secteur.", lue, List.of());
        }
        return reponse(Statut.AMBIGU, Confiance.UNKNOWN, 0, Set.of(), Regle.COMMUNE_DELEGUEE, "Adresse ambiguë : les communes déléguées de "
                + nom + " n'ont pas le même secteur ; précisez l'ancienne commune.", lignes(toutes), lue, candidats, List.of());
    }

    /** The street rows of a commune; with an ancienne commune, only its {@code lieu_dit} rows when the commune has such rows. */
    private List<Carte.Voie> voiesDe(String code, String ancienneNom) {
        List<Carte.Voie> voies = carte.voies(code);
        if (ancienneNom == null || voies.stream().flatMap(v -> v.lignes().stream()).allMatch(l -> l.lieuDit().isEmpty())) {
            return voies;
        }
        String key = VoieNormaliser.commune(ancienneNom);
        return voies.stream().filter(v -> v.lignes().stream().anyMatch(l -> VoieNormaliser.commune(l.lieuDit()).equals(key))).toList();
    }

    private static boolean garde(LigneCarte l, String ancienneNom) {
        return ancienneNom == null || l.lieuDit().isEmpty() || VoieNormaliser.commune(l.lieuDit()).equals(VoieNormaliser.commune(ancienneNom));
    }

    /** Rows grouped by range (lieu-dit, street, bounds, parity) → the collèges of that range. */
    static Map<String, Set<String>> plages(List<LigneCarte> lignes) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (LigneCarte l : lignes) {
            String key = (l.lieuDit().isEmpty() ? "" : l.lieuDit() + " / ") + l.voie() + " " + l.plage();
            out.computeIfAbsent(key, k -> new TreeSet<>()).add(l.uai());
        }
        return out;
    }

    private static Map<String, Set<String>> plagesParVoie(List<Carte.Voie> voies) {
        return plages(toutes(voies));
    }

    private static List<LigneCarte> toutes(List<Carte.Voie> voies) {
        return voies.stream().flatMap(v -> v.lignes().stream()).toList();
    }

    private SecteurReponse trouve(Confiance confiance, double score, List<LigneCarte> lignes, Regle regle, String explication,
                                  AdresseInterpretee lue, List<String> avertissements) {
        Set<String> uais = uais(lignes);
        List<String> notes = new ArrayList<>(avertissements);
        if (uais.size() > 1) {
            notes.add("Secteur multi-collèges : " + uais.size() + " collèges possibles ; la DSDEN affecte l'élève.");
        }
        return reponse(Statut.TROUVE, confiance, score, uais, regle, explication, lignes(lignes), lue, List.of(), notes);
    }

    private SecteurReponse reponse(Statut statut, Confiance confiance, double score, Set<String> uais, Regle regle, String explication,
                                   List<LigneRetenue> lignes, AdresseInterpretee lue, List<Candidat> candidats, List<String> avertissements) {
        List<College> colleges = uais.stream().sorted().map(u -> new College(u, null, null, null, null)).toList();
        return new SecteurReponse(statut, confiance, Math.round(score * 100) / 100.0, colleges, regle, explication, lignes, lue,
                candidats, avertissements, carte.version());
    }

    private static Set<String> uais(Collection<LigneCarte> lignes) {
        Set<String> out = new TreeSet<>();
        lignes.forEach(l -> out.add(l.uai()));
        return out;
    }

    private static List<LigneRetenue> lignes(List<LigneCarte> lignes) {
        return lignes.stream().map(LigneRetenue::of).toList();
    }

    private static AdresseInterpretee interpretee(AdresseSaisie a, CommuneResolver.Cible c, VoieMatcher.Resultat m) {
        return new AdresseInterpretee(c == null ? null : c.code(), c == null ? a.commune() : c.nom(),
                c == null || c.ancienneNom() == null ? null : c.ancienneNom() + (c.ancienneCode() == null ? "" : " (" + c.ancienneCode() + ")"),
                a.voie(), a.numeroTexte(), a.codePostal(), m == null || m.voies().isEmpty() ? null : m.voies().get(0).libelle(),
                m == null || m.voies().isEmpty() ? null : Math.round(m.similarite() * 100) / 100.0);
    }
}
