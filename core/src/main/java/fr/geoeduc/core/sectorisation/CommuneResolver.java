package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.adresse.VoieNormaliser;

import fr.geoeduc.core.referentiel.CodeNormaliser;
import fr.geoeduc.core.referentiel.CommuneHistory;
import fr.geoeduc.core.referentiel.ReferentielFeature;
import fr.geoeduc.core.referentiel.Referentiels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which commune an address lies in: from an INSEE code, a name or a postcode, through the carte's own columns, the
 * commune référentiel and the COG history. A code that no longer exists becomes its commune nouvelle with the old
 * code as the commune déléguée; a former name ({@code Lanhélin}, {@code Saint-Pierre-de-Plesguen}) likewise.
 */
public final class CommuneResolver {

    /** A commune to look in: the current code and, when known, the commune déléguée (ancienne commune). */
    public record Cible(String code, String nom, String ancienneCode, String ancienneNom) {
        public boolean avecAncienne() {
            return ancienneCode != null || ancienneNom != null;
        }
    }

    /** The communes the address may lie in, or why none was found. */
    public record Resolution(List<Cible> cibles, String probleme) {
    }

    private final Carte carte;
    private final CommuneHistory history;
    private final Map<String, Set<String>> codesParNom = new HashMap<>();
    private final Map<String, String> nomsActuels = new HashMap<>();

    public CommuneResolver(Carte carte, Referentiels referentiels) {
        this.carte = carte;
        this.history = referentiels.history();
        for (ReferentielFeature f : referentiels.communes()) {
            index(f.name(), f.code());
            nomsActuels.putIfAbsent(f.code(), f.name());
        }
        history.everyName().forEach((code, names) -> names.forEach(n -> index(n, code)));
        for (String key : carte.nomsDeCommunes()) {
            carte.communesNommees(key).forEach(code -> codesParNom.computeIfAbsent(key, k -> new TreeSet<>()).add(code));
        }
    }

    private void index(String name, String code) {
        if (name != null && !name.isBlank()) {
            codesParNom.computeIfAbsent(VoieNormaliser.commune(name), k -> new TreeSet<>()).add(code);
        }
    }

    /** Whether a normalised name is a commune's (the free-text parser's test). */
    public boolean estUneCommune(String nameKey) {
        return codesParNom.containsKey(nameKey);
    }

    public Resolution resoudre(AdresseSaisie a) {
        Optional<Cible> ancienne = Optional.empty();
        if (a.ancienneCommune() != null) {
            List<Cible> anciennes = parCodeOuNom(a.ancienneCommune(), null);
            if (anciennes.size() != 1) {
                return new Resolution(List.of(), anciennes.isEmpty()
                        ? "ancienne commune inconnue : « " + a.ancienneCommune() + " »"
                        : "ancienne commune ambiguë : « " + a.ancienneCommune() + " » désigne plusieurs communes");
            }
            ancienne = anciennes.stream().findFirst();
        }
        List<Cible> cibles;
        if (a.commune() != null) {
            cibles = parCodeOuNom(a.commune(), a.codePostal());
            if (cibles.isEmpty()) {
                return new Resolution(List.of(), "commune inconnue : « " + a.commune() + " »"
                        + (a.codePostal() == null ? "" : " (code postal " + a.codePostal() + ")"));
            }
        } else if (a.codePostal() != null) {
            Set<String> codes = carte.communesDuCodePostal(a.codePostal());
            if (codes.isEmpty()) {
                return new Resolution(List.of(), "le code postal " + a.codePostal()
                        + " ne suffit pas à trouver la commune (la carte ne le porte que sur les communes découpées par rues) : indiquez le nom ou le code INSEE de la commune");
            }
            cibles = codes.stream().map(this::cibleDuCode).toList();
        } else {
            return new Resolution(List.of(), "commune manquante : indiquez la commune (nom ou code INSEE) ou le code postal");
        }
        if (ancienne.isPresent()) {
            Cible anc = ancienne.get();
            String code = anc.ancienneCode() != null ? anc.ancienneCode() : anc.code();
            String nom = anc.ancienneNom() != null ? anc.ancienneNom() : anc.nom();
            cibles = cibles.stream().filter(c -> c.code().equals(anc.code()))
                    .map(c -> new Cible(c.code(), c.nom(), code, nom)).toList();
            if (cibles.isEmpty()) {
                return new Resolution(List.of(), "l'ancienne commune « " + a.ancienneCommune() + " » n'est pas dans la commune « " + a.commune() + " »");
            }
        }
        return new Resolution(cibles, null);
    }

    private List<Cible> parCodeOuNom(String value, String codePostal) {
        Optional<String> code = CodeNormaliser.commune(value);
        if (code.isPresent()) {
            return List.of(cibleDuCode(code.get()));
        }
        String key = VoieNormaliser.commune(value);
        Set<String> codes = new LinkedHashSet<>(codesParNom.getOrDefault(key, Set.of()));
        if (codes.size() > 1 && codePostal != null) {
            Set<String> withPostcode = new LinkedHashSet<>(codes);
            withPostcode.retainAll(carte.communesDuCodePostal(codePostal));
            if (!withPostcode.isEmpty()) {
                codes = withPostcode;
            }
        }
        List<Cible> out = new ArrayList<>();
        for (String c : codes) {
            Cible cible = cibleDuCode(c);
            // a former name of a code that still exists (Saint-Pierre-de-Plesguen, now the commune déléguée of 35308)
            if (cible.ancienneCode() == null && cible.nom() != null && !VoieNormaliser.commune(cible.nom()).equals(key)
                    && !carte.communesNommees(key).contains(c)) {
                cible = new Cible(cible.code(), cible.nom(), c, value);
            }
            if (!out.contains(cible)) {
                out.add(cible);
            }
        }
        return out;
    }

    private Cible cibleDuCode(String code) {
        Optional<CommuneHistory.Succession> successor = history.successor(code);
        if (successor.isPresent()) {
            String current = successor.get().currentCode();
            return new Cible(current, nom(current), code, nom(code));
        }
        return new Cible(code, nom(code), null, null);
    }

    /** The commune's name: the COG history's (the latest), else the référentiel's, else the carte's. */
    public String nom(String code) {
        String n = history.name(code).orElse(null);
        if (n == null) {
            n = nomsActuels.get(code);
        }
        return n != null ? n : carte.libelle(code);
    }

    /** Older codes merged into {@code code} (communes déléguées) that have rows of their own in the carte. */
    public List<String> anciennesDansLaCarte(String code) {
        return history.predecessors(code).stream().filter(carte::connait).sorted().toList();
    }
}
