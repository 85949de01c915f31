package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.adresse.VoieNormaliser;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One version of the carte scolaire, indexed for matching: whole-commune rows by commune code, street rows by
 * commune code and normalised street name, the communes' names and postcodes as the carte writes them.
 */
public final class Carte {

    /** Which carte an answer came from. */
    public record Version(String dataset, int version, Instant publieeLe, long lignes) {
    }

    /** The rows of one street name (or hamlet) of one commune, with the name normalised once. */
    public record Voie(String codeInsee, String libelle, VoieNormaliser.NomNormalise nom, List<LigneCarte> lignes) {
    }

    private final Version version;
    private final Map<String, List<LigneCarte>> communesEntieres = new HashMap<>();
    private final Map<String, List<Voie>> voies = new HashMap<>();
    /** Per commune, its streets by normalised key, in the order of {@link #voies(String)}. */
    private final Map<String, Map<String, List<Voie>>> voiesParCle = new HashMap<>();
    private final Map<String, String> libelles = new HashMap<>();
    private final Map<String, Set<String>> communesParNom = new HashMap<>();
    private final Map<String, Set<String>> communesParCodePostal = new HashMap<>();

    public Carte(Version version, Collection<LigneCarte> lignes) {
        this.version = version;
        Map<String, Map<String, List<LigneCarte>>> byStreet = new LinkedHashMap<>();
        for (LigneCarte l : lignes) {
            libelles.putIfAbsent(l.codeInsee(), l.libelleCommune());
            communesParNom.computeIfAbsent(VoieNormaliser.commune(l.libelleCommune()), k -> new TreeSet<>()).add(l.codeInsee());
            if (!l.codePostal().isEmpty()) {
                communesParCodePostal.computeIfAbsent(l.codePostal(), k -> new TreeSet<>()).add(l.codeInsee());
            }
            if (l.communeEntiere()) {
                communesEntieres.computeIfAbsent(l.codeInsee(), k -> new ArrayList<>()).add(l);
            } else {
                byStreet.computeIfAbsent(l.codeInsee(), k -> new LinkedHashMap<>()).computeIfAbsent(l.voie(), k -> new ArrayList<>()).add(l);
            }
        }
        byStreet.forEach((commune, streets) -> streets.forEach((libelle, rows) -> voies.computeIfAbsent(commune, k -> new ArrayList<>())
                .add(new Voie(commune, libelle, VoieNormaliser.voie(libelle), List.copyOf(rows)))));
        voies.forEach((commune, list) -> list.forEach(v -> voiesParCle.computeIfAbsent(commune, k -> new HashMap<>())
                .computeIfAbsent(v.nom().key(), k -> new ArrayList<>()).add(v)));
    }

    /** The streets of {@link #voies(String)} whose normalised key is {@code key}, in that order (a lookup, not a scan). */
    public List<Voie> voiesDeCle(String code, String key) {
        return voiesParCle.getOrDefault(code, Map.of()).getOrDefault(key, List.of());
    }

    public Version version() {
        return version;
    }

    public List<LigneCarte> communeEntiere(String code) {
        return communesEntieres.getOrDefault(code, List.of());
    }

    public List<Voie> voies(String code) {
        return voies.getOrDefault(code, List.of());
    }

    public boolean connait(String code) {
        return libelles.containsKey(code);
    }

    public String libelle(String code) {
        return libelles.get(code);
    }

    /** The commune codes whose carte name normalises to {@code nameKey} ({@link VoieNormaliser#commune}). */
    public Set<String> communesNommees(String nameKey) {
        return communesParNom.getOrDefault(nameKey, Set.of());
    }

    /** Every normalised commune name of the carte. */
    public Set<String> nomsDeCommunes() {
        return communesParNom.keySet();
    }

    /** The communes whose street rows carry this postcode (whole-commune rows have none). */
    public Set<String> communesDuCodePostal(String codePostal) {
        return communesParCodePostal.getOrDefault(codePostal, Set.of());
    }
}
