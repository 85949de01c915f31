package fr.geoeduc.core.privacy;

import fr.geoeduc.core.access.PseudonymKeys;
import fr.geoeduc.core.access.Secrets;
import fr.geoeduc.core.engine.ColumnFiles;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.engine.TextDictionaries;
import fr.geoeduc.core.engine.ViewFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A convention's large view is kept in the column directory so that a restart maps it instead of building it again
 * (issue 22: 25 to 36 s for 12 million pupils at each restart): the view reopened is the view built, value for value
 * and in the same order; another version, key or opposition list never reads the old file, which is removed; a damaged
 * file is built again; the views of conventions no longer active are removed.
 */
class RestrictedViewKeptTest {

    private static final String CONVENTION = "conv-22@1";

    @TempDir
    Path dir;

    @BeforeEach
    void smallDictionariesGoToFiles() {
        TextDictionaries.mapFrom(64);
    }

    @AfterEach
    void restore() {
        TextDictionaries.mapFrom(TextDictionaries.DEFAULT_MAPPED_FROM);
    }

    private RestrictedView.Built view(Snapshot base, byte[] key, Set<String> oppositions) {
        return RestrictedView.keptOrBuilt(base, CONVENTION, RestrictedViewMappedTest.scope(), key, oppositions, new ColumnFiles(dir.resolve("tmp")),
                dir);
    }

    private List<Path> keptFiles() throws IOException {
        Path views = dir.resolve("views");
        if (!Files.isDirectory(views)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(views)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".cols")).toList();
        }
    }

    private static void assertSameView(Snapshot actual, Snapshot expected) {
        assertThat(actual.rows()).isEqualTo(expected.rows());
        assertThat(actual.schema()).isEqualTo(expected.schema());
        assertThat(actual.publishedOrder()).isEqualTo(expected.publishedOrder());
        for (int f = 0; f < expected.schema().size(); f++) {
            for (int r = 0; r < expected.rows(); r++) {
                assertThat(actual.column(f).get(r)).as("field %s row %d", expected.field(f).name(), r).isEqualTo(expected.column(f).get(r));
            }
        }
    }

    @Test
    void aRestartReopensTheKeptViewValueForValue() throws IOException {
        Snapshot base = RestrictedViewMappedTest.pupils();
        byte[] key = PseudonymKeys.fresh();
        RestrictedView.Built built = view(base, key, Set.of());
        assertThat(keptFiles()).hasSize(1);
        Path cols = keptFiles().get(0);
        assertThat(cols.toString()).contains("views/eleves/conv-22@1-v3-").doesNotContain("ine").doesNotContain("35238");

        // the counts are read from the file beside the columns: a changed one shows the view was reopened, not rebuilt
        Path meta = cols.resolveSibling(cols.getFileName().toString().replace(".cols", ".properties"));
        Files.writeString(meta, Files.readString(meta).replace("count.0=" + built.rowsOutsideScope(), "count.0=424242"));
        RestrictedView.Built reopened = view(base, key, Set.of());
        assertThat(built.reopened()).isFalse();
        assertThat(reopened.reopened()).isTrue();
        assertThat(reopened.rowsOutsideScope()).isEqualTo(424242);
        assertThat(reopened.rowsBelowK()).isEqualTo(built.rowsBelowK());
        assertSameView(reopened.snapshot(), built.snapshot());
        assertSameView(reopened.snapshot(), RestrictedView.build(base, RestrictedViewMappedTest.scope(), key, Set.of(), null).snapshot());
    }

    @Test
    void anotherKeyOrOppositionListBuildsAnotherViewAndRemovesTheOldFile() throws IOException {
        Snapshot base = RestrictedViewMappedTest.pupils();
        byte[] key = PseudonymKeys.fresh();
        view(base, key, Set.of());
        Path first = keptFiles().get(0);

        String opposed = (String) base.column(0).get(0);
        Set<String> oppositions = Set.of(Secrets.sha256(opposed));
        RestrictedView.Built withOpposition = view(base, key, oppositions);
        assertThat(keptFiles()).hasSize(1).doesNotContain(first);
        RestrictedView.Built expected = RestrictedView.build(base, RestrictedViewMappedTest.scope(), key, oppositions, null);
        assertThat(withOpposition.rowsOpposed()).isEqualTo(expected.rowsOpposed());
        assertSameView(withOpposition.snapshot(), expected.snapshot());

        byte[] rotated = PseudonymKeys.fresh();
        Path second = keptFiles().get(0);
        RestrictedView.Built afterRotation = view(base, rotated, oppositions);
        assertThat(keptFiles()).hasSize(1).doesNotContain(second);
        assertSameView(afterRotation.snapshot(), RestrictedView.build(base, RestrictedViewMappedTest.scope(), rotated, oppositions, null).snapshot());
        String current = keptFiles().get(0).getFileName().toString().replace(".cols", "");
        try (Stream<Path> left = Files.list(second.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("only the current view's files are left").allMatch(n -> n.startsWith(current));
        }
    }

    @Test
    void anAmendmentsViewReplacesThePreviousVersionsFile() throws IOException {
        Snapshot base = RestrictedViewMappedTest.pupils();
        byte[] key = PseudonymKeys.fresh();
        view(base, key, Set.of());
        Path first = keptFiles().get(0);
        RestrictedView.keptOrBuilt(base, "conv-22@2", RestrictedViewMappedTest.scope(), key, Set.of(), new ColumnFiles(dir.resolve("tmp")), dir);
        assertThat(keptFiles()).hasSize(1).doesNotContain(first);
        assertThat(keptFiles().get(0).getFileName().toString()).startsWith("conv-22@2-v3-");
        RestrictedView.keptOrBuilt(base, "conv-2@1", RestrictedViewMappedTest.scope(), key, Set.of(), new ColumnFiles(dir.resolve("tmp")), dir);
        assertThat(keptFiles()).as("another convention's view is its own").hasSize(2);
    }

    @Test
    void aDamagedFileIsBuiltAgain() throws IOException {
        Snapshot base = RestrictedViewMappedTest.pupils();
        byte[] key = PseudonymKeys.fresh();
        RestrictedView.Built built = view(base, key, Set.of());
        Path cols = keptFiles().get(0);
        Files.deleteIfExists(cols.resolveSibling(cols.getFileName() + ".ok")); // as after a copy: the sections are checked
        try (var ch = java.nio.channels.FileChannel.open(cols, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{0x55, 0x55, 0x55, 0x55}), 100);
        }
        RestrictedView.Built again = view(base, key, Set.of());
        assertThat(again.reopened()).isFalse();
        assertThat(keptFiles()).hasSize(1);
        byte[] rewritten = new byte[4];
        try (var ch = java.nio.channels.FileChannel.open(keptFiles().get(0), StandardOpenOption.READ)) {
            ch.read(java.nio.ByteBuffer.wrap(rewritten), 100);
        }
        assertThat(rewritten).as("the damaged file was refused and written again").isNotEqualTo(new byte[]{0x55, 0x55, 0x55, 0x55});
        assertSameView(again.snapshot(), built.snapshot());
        assertThat(again.rowsOutsideScope()).isEqualTo(built.rowsOutsideScope());
    }

    @Test
    void theViewsOfConventionsNoLongerActiveAreRemoved() throws IOException {
        Snapshot base = RestrictedViewMappedTest.pupils();
        view(base, PseudonymKeys.fresh(), Set.of());
        assertThat(ViewFile.removeAllBut(dir, Set.of(CONVENTION))).isZero();
        assertThat(keptFiles()).hasSize(1);
        assertThat(ViewFile.removeAllBut(dir, Set.of("conv-22@2"))).as("the columns, their stamp and the counts").isEqualTo(3);
        assertThat(keptFiles()).isEmpty();
    }
}
