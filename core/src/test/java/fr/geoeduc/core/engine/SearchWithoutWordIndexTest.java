package fr.geoeduc.core.engine;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A text field whose dictionary is too large for a word index on the heap (a near-unique field of millions of rows:
 * INE, addresses) is searched by reading its values: the same rows as with the index, for exact, prefix and fuzzy
 * words, one field or all, alone or with another clause.
 */
class SearchWithoutWordIndexTest {

    private static final List<String> FIRST = List.of("Jean", "Jeanne", "Victor", "Louise", "Jules", "Marie", "Anne", "Pierre");
    private static final List<String> LAST = List.of("Moulin", "Hugo", "Michel", "Ferry", "Curie", "Verne", "d'Arc", "Mendès-France");

    @TempDir
    Path dir;

    @Test
    void searchesAnswerTheSameRowsWithAndWithoutTheWordIndex() throws Exception {
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder("id;nom;ville\n");
        for (int i = 0; i < 4_000; i++) {
            csv.append(i).append(';').append(FIRST.get(random.nextInt(FIRST.size()))).append(' ')
                    .append(LAST.get(random.nextInt(LAST.size()))).append(' ').append(i % 700).append(';')
                    .append(random.nextBoolean() ? "Rennes" : "Saint-Malo").append('\n');
        }
        Path file = dir.resolve("noms.csv");
        Files.writeString(file, csv);
        List<String> clauses = List.of("search(nom, \"jean\")", "search(nom, \"jea*\")", "search(nom, \"moulim\")",
                "search(nom, \"jean moulin\")", "search(\"hugo\")", "search(*, \"rennes victor\")", "search(nom, \"mendès\")",
                "search(nom, \"curie\") and ville = \"Rennes\"", "search(nom, \"zzz\")", "search(nom, \"12\")");
        try (TestPlatform platform = new TestPlatform(dir.resolve("store"))) {
            platform.ingest(file, "noms");
            List<QueryEngine.Result> indexed = run(new QueryService(platform.store), clauses);
            int before = Snapshot.wordIndexMaxValues;
            Snapshot.wordIndexMaxValues = 10; // every dictionary of more than 10 values is read, not indexed
            try {
                List<QueryEngine.Result> read = run(new QueryService(platform.store), clauses);
                for (int i = 0; i < clauses.size(); i++) {
                    assertThat(read.get(i).totalCount()).as(clauses.get(i)).isEqualTo(indexed.get(i).totalCount());
                    assertThat(read.get(i).rows()).as(clauses.get(i)).isEqualTo(indexed.get(i).rows());
                }
            } finally {
                Snapshot.wordIndexMaxValues = before;
            }
            assertThat(indexed.get(0).totalCount()).as("jean").isPositive();
            assertThat(indexed.get(2).totalCount()).as("a fuzzy word").isPositive();
            assertThat(indexed.get(8).totalCount()).as("no such word").isZero();
        }
    }

    private static List<QueryEngine.Result> run(QueryService queries, List<String> clauses) {
        List<QueryEngine.Result> out = new ArrayList<>();
        for (String clause : clauses) {
            QueryEngine.Request request = new QueryEngine.Request(null, List.of(clause), null, null, 5_000, 0, List.of(), List.of(),
                    new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC));
            out.add(queries.records(Caller.INTERNAL, "noms", request).orElseThrow());
        }
        return out;
    }
}
