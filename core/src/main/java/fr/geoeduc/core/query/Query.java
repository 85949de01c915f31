package fr.geoeduc.core.query;

import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.query.exec.QueryEngine;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a route asks of a dataset, handed with the caller to {@link QueryService#execute}: the one pipeline
 * (caller's view → engine → outbound scan → secret statistique → audit) answers every kind. {@code T} is the
 * answer's type.
 */
public sealed interface Query<T> permits Query.Records, Query.Export, Query.Lookup, Query.FacetCounts, Query.Prepare {

    /** The route's name in the audit log. */
    String route();

    /** A page of records or of groups. */
    record Records(QueryEngine.Request request) implements Query<QueryEngine.Result> {
        @Override
        public String route() {
            return "records";
        }
    }

    /** Every row of a query streamed to {@code sink}; the answer is the number of rows matched. */
    record Export(QueryEngine.Request request, Consumer<Map<String, Object>> sink) implements Query<Long> {
        @Override
        public String route() {
            return "export";
        }
    }

    /**
     * One record by its id ({@code _id}, derived per convention for restricted data): the fields the producer
     * published, and the fields GéoÉduc derives (COG codes, rentrée year…) only those {@code named}, as {@code *} does.
     */
    record Lookup(String recordId, java.util.Set<String> named) implements Query<Map<String, Object>> {
        public Lookup {
            named = named == null ? java.util.Set.of() : java.util.Set.copyOf(named);
        }

        public Lookup(String recordId) {
            this(recordId, java.util.Set.of());
        }

        @Override
        public String route() {
            return "record";
        }
    }

    /** Facet counts; no names means the dataset's default facets. */
    record FacetCounts(QueryEngine.Request request, List<String> facets) implements Query<List<Facets.Facet>> {
        @Override
        public String route() {
            return "facets";
        }
    }

    /**
     * Checks a query against the caller's view without running it for rows, and answers the view's schema (the
     * fields a convention grants, pseudonyms as text): exports call it before their first byte, so that a bad query
     * still gets a clean error.
     */
    record Prepare(QueryEngine.Request request) implements Query<Schema> {
        @Override
        public String route() {
            return "prepare";
        }
    }
}
