package fr.geoeduc.server.web;

import fr.geoeduc.core.sectorisation.Brouillon;
import fr.geoeduc.core.sectorisation.Simulation;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The simulation form's state: the pupils' source ({@code eleves}, {@code rentree}) and the draft's edits
 * ({@code deplacer}, {@code voie}, {@code zone}, {@code capacite}), each edit a repeated parameter or a line of the form's
 * text areas, and the millésime of the communes the pupils' addresses are read in ({@code millesime_communes}, null: the
 * current communes). Its URL query is what a saved simulation keeps.
 */
record SimulationEtat(String eleves, String rentree, List<String> deplacer, List<String> voies, List<String> zones, List<String> capacites,
                      String millesimeCommunes) {

    static final String MILLESIME = "millesime_communes";

    static final int MAX_QUERY = 200_000;

    /** From request parameters (query or form); a text area's lines are edits of their own. */
    static SimulationEtat lire(Function<String, List<String>> params) {
        String eleves = params.apply("eleves").stream().map(String::strip).filter(s -> !s.isEmpty()).findFirst().orElse(Simulation.ECOLES);
        String rentree = params.apply("rentree").stream().map(String::strip).filter(s -> !s.isEmpty()).findFirst().orElse(null);
        String millesime = params.apply(MILLESIME).stream().map(String::strip).filter(s -> !s.isEmpty()).findFirst().orElse(null);
        return new SimulationEtat(eleves, rentree, lignes(params.apply("deplacer")), lignes(params.apply("voie")),
                lignes(params.apply("zone")), lignes(params.apply("capacite")), millesime);
    }

    /** From a saved URL query. */
    static SimulationEtat depuis(String query) {
        java.util.Map<String, List<String>> m = new java.util.HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return lire(k -> m.getOrDefault(k, List.of()));
    }

    boolean vide() {
        return deplacer.isEmpty() && voies.isEmpty() && zones.isEmpty();
    }

    /** The draft; a malformed edit: {@link Simulation.BrouillonInvalide} naming it. */
    Brouillon brouillon() {
        return Brouillon.lire(deplacer, voies, zones);
    }

    java.util.Map<String, Integer> places() {
        return Brouillon.capacites(capacites);
    }

    String query() {
        StringBuilder b = new StringBuilder("eleves=").append(enc(eleves));
        if (rentree != null) {
            b.append("&rentree=").append(enc(rentree));
        }
        deplacer.forEach(d -> b.append("&deplacer=").append(enc(d)));
        voies.forEach(d -> b.append("&voie=").append(enc(d)));
        zones.forEach(d -> b.append("&zone=").append(enc(d)));
        capacites.forEach(d -> b.append("&capacite=").append(enc(d)));
        if (millesimeCommunes != null) {
            b.append('&').append(MILLESIME).append('=').append(enc(millesimeCommunes));
        }
        return b.toString();
    }

    /** The edits in a few words, for lists. */
    String resume() {
        List<String> parts = new ArrayList<>();
        deplacer.forEach(d -> parts.add("commune " + d));
        voies.forEach(d -> parts.add("voie " + d));
        if (!zones.isEmpty()) {
            parts.add(zones.size() + " zone(s) dessinée(s)");
        }
        if (millesimeCommunes != null) {
            parts.add("communes " + millesimeCommunes);
        }
        String s = String.join(" ; ", parts);
        return s.length() > 200 ? s.substring(0, 199) + "…" : s;
    }

    private static List<String> lignes(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String line : v.split("\\R")) {
                if (!line.isBlank()) {
                    out.add(line.strip());
                }
            }
        }
        return List.copyOf(out);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
