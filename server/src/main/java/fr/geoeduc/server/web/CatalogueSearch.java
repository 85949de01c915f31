package fr.geoeduc.server.web;

import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.store.DatasetSummary;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Full-text search and facets over the catalogue the visitor may see: words match the title, description, keywords,
 * themes, producer and identifier (case and accents ignored, every word must match); facets (theme, producer, access,
 * territory, keyword) narrow the results, and each facet value is counted over the current results.
 */
public final class CatalogueSearch {

    /** A facet dimension: its URL parameter, French label, and the values a dataset has in it. */
    public enum Dimension {
        THEME("theme", "Thème", d -> d.themes()),
        PRODUCER("producteur", "Producteur", d -> d.producer() == null ? List.of() : List.of(d.producer())),
        ACCESS("acces", "Accès", d -> List.of(d.accessLevel() == AccessLevel.OPEN ? "ouvert" : "restreint")),
        TERRITORY("territoire", "Territoire", d -> d.spatialCoverage() == null || d.spatialCoverage().isBlank() ? List.of()
                : List.of(d.spatialCoverage())),
        KEYWORD("motcle", "Mot-clé", d -> d.keywords());

        public final String param;
        public final String label;
        private final Function<DatasetDefinition, List<String>> values;

        Dimension(String param, String label, Function<DatasetDefinition, List<String>> values) {
            this.param = param;
            this.label = label;
            this.values = values;
        }

        List<String> of(DatasetDefinition d) {
            return values.apply(d);
        }

        public String getParam() {
            return param;
        }

        public String getLabel() {
            return label;
        }
    }

    /** The visitor's request: words and one chosen value per dimension at most. */
    public record Request(String words, Map<Dimension, String> chosen) {
        public Request {
            words = words == null ? "" : words.strip();
            chosen = Map.copyOf(chosen);
        }

        /** The catalogue's URL for this request with {@code dim} set to {@code value} (null: unset), at {@code page}. */
        public String link(Dimension dim, String value, int page) {
            StringBuilder q = new StringBuilder();
            if (!words.isEmpty()) {
                q.append("&q=").append(MapConfig.encode(words));
            }
            for (Dimension d : Dimension.values()) {
                String v = d == dim ? value : chosen.get(d);
                if (v != null) {
                    q.append('&').append(d.param).append('=').append(MapConfig.encode(v));
                }
            }
            if (page > 1) {
                q.append("&page=").append(page);
            }
            return "/catalogue" + (q.isEmpty() ? "" : "?" + q.substring(1));
        }
    }

    /** One value of a facet, with the number of results that have it, whether it is chosen, and the link that toggles it. */
    public record FacetValue(String value, int count, boolean chosen, String href) {
    }

    public record Facet(Dimension dimension, List<FacetValue> values) {
        public String getParam() {
            return dimension.param;
        }

        public String getLabel() {
            return dimension.label;
        }
    }

    public record Result(List<DatasetSummary> hits, List<Facet> facets) {
    }

    private CatalogueSearch() {
    }

    public static Result search(List<DatasetSummary> catalogue, Request request) {
        List<String> words = List.of(normalised(request.words()).split("\\s+")).stream().filter(w -> !w.isEmpty()).toList();
        List<DatasetSummary> hits = new ArrayList<>();
        for (DatasetSummary s : catalogue) {
            DatasetDefinition d = s.definition();
            if (!matchesWords(d, words)) {
                continue;
            }
            boolean kept = request.chosen().entrySet().stream().allMatch(e -> e.getKey().of(d).contains(e.getValue()));
            if (kept) {
                hits.add(s);
            }
        }
        List<Facet> facets = new ArrayList<>();
        for (Dimension dim : Dimension.values()) {
            Map<String, Integer> counts = new TreeMap<>(Comparator.comparing(CatalogueSearch::normalised).thenComparing(v -> v));
            for (DatasetSummary s : hits) {
                for (String v : new java.util.LinkedHashSet<>(dim.of(s.definition()))) {
                    counts.merge(v, 1, Integer::sum);
                }
            }
            String chosen = request.chosen().get(dim);
            List<FacetValue> values = counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .map(e -> {
                        boolean on = e.getKey().equals(chosen);
                        return new FacetValue(e.getKey(), e.getValue(), on, request.link(dim, on ? null : e.getKey(), 1));
                    }).toList();
            if (!values.isEmpty()) {
                facets.add(new Facet(dim, values));
            }
        }
        return new Result(hits, facets);
    }

    /** The request of a page's query parameters ({@code q}, then one per dimension). */
    public static Request request(String words, Function<String, String> param) {
        Map<Dimension, String> chosen = new LinkedHashMap<>();
        for (Dimension dim : Dimension.values()) {
            String v = param.apply(dim.param);
            if (v != null && !v.isBlank()) {
                chosen.put(dim, v);
            }
        }
        return new Request(words, chosen);
    }

    private static boolean matchesWords(DatasetDefinition d, List<String> words) {
        if (words.isEmpty()) {
            return true;
        }
        String text = normalised(String.join(" ", d.id(), nz(d.title()), nz(d.description()), nz(d.producer()),
                String.join(" ", d.keywords()), String.join(" ", d.themes())));
        return words.stream().allMatch(text::contains);
    }

    static String normalised(String s) {
        String decomposed = Normalizer.normalize(s == null ? "" : s, Normalizer.Form.NFD);
        return decomposed.replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
