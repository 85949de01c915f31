package fr.geoeduc.server.explore;

import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.model.FieldType;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-response writing state is pooled: a reused one must answer for the new columns and forget the old ones. */
class JsonFieldNamesPoolTest {

    private static Column.Text text(String... values) {
        return (Column.Text) Column.build(FieldType.TEXT, List.of((Object[]) values));
    }

    private static String escapedValue(JsonFieldNames names, Column.Text column, int row) {
        byte[][] escaped = names.escaped(0, column);
        return new String(escaped[column.codeAt(row)], StandardCharsets.UTF_8);
    }

    @Test
    void aReusedInstanceAnswersForTheColumnsOfItsNewResponse() {
        Column.Text first = text("Collège \"A\"", "École B");
        Column.Text second = text("Lycée C", "Collège \"A\"");
        List<JsonFieldNames> waiting = drainPool(); // so that the next borrow after a close returns that same one
        JsonFieldNames reused;
        try (JsonFieldNames names = JsonFieldNames.borrow()) {
            assertThat(escapedValue(names, first, 0)).isEqualTo("Collège \\\"A\\\"");
            assertThat(names.encoded(0, "nom").getValue()).isEqualTo("nom");
            reused = names;
        }
        try (JsonFieldNames names = JsonFieldNames.borrow()) {
            assertThat(names).isSameAs(reused);
            assertThat(escapedValue(names, second, 0)).isEqualTo("Lycée C");
            assertThat(names.encoded(0, "appellation").getValue()).isEqualTo("appellation");
        }
        waiting.forEach(JsonFieldNames::close);
    }

    private static List<JsonFieldNames> drainPool() {
        List<JsonFieldNames> waiting = new java.util.ArrayList<>();
        while (JsonFieldNames.pooled() > 0) {
            waiting.add(JsonFieldNames.borrow());
        }
        return waiting;
    }

    @Test
    void closingTwiceGivesItBackOnce() {
        JsonFieldNames names = JsonFieldNames.borrow();
        names.close();
        int afterFirstClose = JsonFieldNames.pooled();
        names.close();
        assertThat(JsonFieldNames.pooled()).as("a second close must not queue the instance again").isEqualTo(afterFirstClose);
    }

    @Test
    void aBorrowedInstanceIsNeverHandedToTwoResponses() {
        List<JsonFieldNames> borrowed = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            JsonFieldNames names = JsonFieldNames.borrow();
            names.close();
            names.close();
            borrowed.add(JsonFieldNames.borrow());
        }
        assertThat(borrowed).doesNotHaveDuplicates();
        borrowed.forEach(JsonFieldNames::close);
    }

    @Test
    void aPooledInstanceKeepsNoColumnOfAPreviousResponse() throws InterruptedException {
        WeakReference<Column.Text> seen = useAndReturn();
        for (int i = 0; i < 20 && seen.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(seen.get()).as("a column written by a pooled instance is collectable once the response is done").isNull();
    }

    private static WeakReference<Column.Text> useAndReturn() {
        Column.Text column = text("x".repeat(1000), "y");
        try (JsonFieldNames names = JsonFieldNames.borrow()) {
            names.escaped(3, column);
        }
        return new WeakReference<>(column);
    }
}
