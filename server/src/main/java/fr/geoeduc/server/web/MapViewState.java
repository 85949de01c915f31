package fr.geoeduc.server.web;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.server.api.Exports;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The map explorer's state as its URL query ({@code jeu=…&taille=…&couleur=…&type=…&secteur=…&rentree=…&aplat=…&mesure=…&millesime=…&vue=LON,LAT,ZOOM}),
 * checked against what the caller may see of the dataset and written back in one canonical order, so that a saved view
 * reopens {@code /carte} exactly as it was. Errors are {@link IllegalArgumentException}s with a French message.
 */
public record MapViewState(String dataset, Map<String, String> params) {

    static final List<String> PARAMS = List.of("jeu", "taille", "couleur", "type", "secteur", "rentree", "aplat", "mesure", "millesime", "vue");
    private static final List<String> LEVELS = List.of("commune", "departement", "academie", "region");
    private static final List<String> MEASURES = List.of("nombre", "somme", "moyenne", "moyenne-ponderee");
    public static final int MAX_LENGTH = 2000;

    /** Parses and checks {@code query} (with or without its leading "?") for {@code caller}. */
    public static MapViewState parse(QueryService queries, Caller caller, String query) {
        String q = query == null ? "" : query.strip();
        q = q.startsWith("?") ? q.substring(1) : q;
        if (q.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("L'état de la carte dépasse " + MAX_LENGTH + " caractères.");
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1)).strip();
            if (!PARAMS.contains(name)) {
                throw new IllegalArgumentException("Paramètre de carte inconnu : « " + name + " » (attendus : " + String.join(", ", PARAMS) + ").");
            }
            if (given.containsKey(name)) {
                throw new IllegalArgumentException("Paramètre de carte répété : « " + name + " ».");
            }
            // an empty size or colour asks for none (fixed size, one colour), an empty millésime for the current polygons
            // (not the rentrée's); elsewhere empty is absent
            if (!value.isEmpty() || name.equals("taille") || name.equals("couleur") || name.equals("millesime")) {
                given.put(name, value);
            }
        }
        String id = given.get("jeu");
        if (id == null) {
            throw new IllegalArgumentException("L'état de la carte ne nomme aucun jeu de données (paramètre « jeu »).");
        }
        // a restricted dataset the caller may not see gets the answer of one that does not exist
        Schema schema = queries.dataset(caller, id, null).map(v -> v.version().schema()).filter(s -> Exports.geometryField(s) >= 0)
                .orElseThrow(() -> new IllegalArgumentException("Jeu de données géolocalisé inconnu : « " + id + " »."));
        MapFields fields = MapFields.of(schema, given.get("taille"), given.get("couleur"));
        checkField(given.get("taille"), fields.size(), "la taille");
        checkField(given.get("couleur"), fields.colour(), "la couleur");
        if (given.keySet().stream().anyMatch(k -> k.equals("type") || k.equals("secteur") || k.equals("rentree"))) {
            MapFilters filters = MapFilters.of(queries, caller, id, schema, given::get);
            for (String p : List.of("type", "secteur", "rentree")) {
                String wanted = given.get(p);
                if (wanted != null && filters.filters().stream().noneMatch(f -> f.param().equals(p) && f.chosen().equals(wanted))) {
                    throw new IllegalArgumentException("Valeur de filtre inconnue pour « " + p + " » dans ce jeu : « " + wanted + " ».");
                }
            }
        }
        oneOf(given.get("aplat"), LEVELS, "aplat");
        oneOf(given.get("mesure"), MEASURES, "mesure");
        // the millésimes loaded may change after the view is saved: the explorer falls back on the current polygons, and says so
        Optional.ofNullable(given.get("millesime")).filter(m -> m.length() > ReferentielLoader.MAX_MILLESIME).ifPresent(m -> {
            throw new IllegalArgumentException("Millésime des contours trop long (" + ReferentielLoader.MAX_MILLESIME + " caractères au plus).");
        });
        Optional.ofNullable(given.get("vue")).ifPresent(MapViewState::checkView);
        Map<String, String> canonical = new LinkedHashMap<>();
        PARAMS.stream().filter(given::containsKey).forEach(p -> canonical.put(p, given.get(p)));
        return new MapViewState(id, canonical);
    }

    /** The canonical query, without "?": the explorer's URL is {@code /carte?} followed by it. */
    public String query() {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    private static void checkField(String wanted, String found, String role) {
        if (wanted != null && !wanted.equals(found)) {
            throw new IllegalArgumentException("Champ numérique inconnu pour " + role + " : « " + wanted + " ».");
        }
    }

    private static void oneOf(String value, List<String> allowed, String param) {
        if (value != null && !allowed.contains(value)) {
            throw new IllegalArgumentException("Valeur inconnue pour « " + param + " » : « " + value + " » (attendues : "
                    + String.join(", ", allowed) + ").");
        }
    }

    private static void checkView(String view) {
        String[] parts = view.split(",");
        String error = "Cadrage invalide « " + view + " » : attendu « longitude,latitude,zoom ».";
        if (parts.length != 3) {
            throw new IllegalArgumentException(error);
        }
        try {
            double lon = Double.parseDouble(parts[0]);
            double lat = Double.parseDouble(parts[1]);
            double zoom = Double.parseDouble(parts[2]);
            if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 90 && zoom >= 0 && zoom <= 24)) {
                throw new IllegalArgumentException(error);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(error);
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("État de carte mal encodé : « " + s + " ».");
        }
    }
}
