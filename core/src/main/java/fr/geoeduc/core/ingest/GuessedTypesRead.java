package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.FieldType;
import org.locationtech.jts.geom.Geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One read of a file whose types are inferred from all its values, that also builds the version when the first rows
 * tell the types right: the types inferred from the first rows (held in memory, at most {@value #GUESS_ROWS}, or about
 * {@value #GUESS_BYTES} bytes of heap) are a guess under which every row is typed, checked and staged while the inference
 * goes on over the whole file. The version is kept only when the types inferred from every row are the guess, so it is
 * the version that inferring first and building second would make. When a later row changes a type, what was staged
 * is discarded at the next block and the read goes on inferring only; the caller reads the file a second time.
 */
final class GuessedTypesRead implements AutoCloseable {

    static final int GUESS_ROWS = 4096;
    static final long GUESS_BYTES = 16L << 20;

    private final ColumnTypes inference;
    private final Function<Map<Integer, FieldType>, VersionBuild> builds;
    private List<RawRow> first = new ArrayList<>();
    private long firstBytes;
    private Map<Integer, FieldType> guess;
    private VersionBuild build;
    private boolean abandoned;
    private int sinceCheck;

    /** @param builds starts a version's build under the given column types */
    GuessedTypesRead(ColumnTypes inference, Function<Map<Integer, FieldType>, VersionBuild> builds) {
        this.inference = inference;
        this.builds = builds;
    }

    void accept(RawRow row) {
        if (abandoned) {
            inference.accept(row);
            return;
        }
        if (guess == null) {
            inference.accept(row);
            first.add(row);
            firstBytes += heapBytes(row);
            if (first.size() >= GUESS_ROWS || firstBytes >= GUESS_BYTES) {
                start();
            }
            return;
        }
        build.accept(row);
        inference.accept(row, build); // the cells the build has parsed as the guessed types are not parsed again
        if (++sinceCheck == Ingester.BLOCK_ROWS) {
            sinceCheck = 0;
            if (!inference.types().equals(guess)) {
                abandon();
            }
        }
    }

    /**
     * After the last row: the build under the types of the whole file, ready to publish, or empty when the guess was
     * wrong (then {@link ColumnTypes#types()} are the file's types, for a second read).
     */
    Optional<VersionBuild> finish() {
        if (guess == null) {
            start(); // the whole file fitted in the first rows: the guess is the types of the file
        }
        if (!abandoned && !inference.types().equals(guess)) {
            abandon();
        }
        return abandoned ? Optional.empty() : Optional.of(build);
    }

    private void start() {
        guess = inference.types();
        build = builds.apply(guess);
        List<RawRow> rows = first;
        first = null;
        for (RawRow r : rows) {
            build.accept(r);
        }
    }

    private void abandon() {
        abandoned = true;
        VersionBuild b = build;
        build = null;
        b.close();
    }

    /** Roughly what a row held in memory costs: a String per cell, a JTS Coordinate (40 bytes) per vertex. */
    private static long heapBytes(RawRow row) {
        long n = 16L + 8L * row.cells().length;
        for (Object cell : row.cells()) {
            if (cell instanceof String s) {
                n += 40L + s.length();
            } else if (cell instanceof Geometry g) {
                n += 40L + 40L * g.getNumPoints();
            }
        }
        return n;
    }

    @Override
    public void close() {
        if (build != null) {
            build.close();
        }
    }
}
