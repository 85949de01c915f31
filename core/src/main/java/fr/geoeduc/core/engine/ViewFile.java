package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * A convention's view of a large version kept in the column directory, so that a restart maps it instead of building
 * it again (tens of seconds for millions of rows: the pseudonyms, the keyed order, the copied columns). Two files per
 * view under {@code views/<dataset>/}, named {@code <convention>-v<N>-<digest>}: {@code .cols}, the view's columns then
 * its published order as one more integer column ({@link SnapshotFile}'s layout and checks), and {@code .properties}
 * (the view's rows and the counts of rows it leaves out), written after it: a view is kept when both are there. The
 * digest is computed by the caller from everything the view's content depends on (version, scope, key, oppositions),
 * so that any change reads no old file; the files of a convention's other views of the dataset are removed when a
 * new one is kept.
 */
public final class ViewFile {

    /** The columns of a kept view, its published order and the counts recorded with it. */
    public record Kept(Column[] columns, int[] publishedOrder, long[] counts) {
    }

    private static final String DIRECTORY = "views";
    private static final String META = ".properties";
    private static final String ORDER_FIELD = "_ordre_publie";

    private ViewFile() {
    }

    /** The columns file of a convention's view of version {@code number} of a dataset. */
    public static Path of(Path columnDirectory, String datasetId, int number, String conventionId, String digest) {
        return columnDirectory.resolve(DIRECTORY).resolve(safe(datasetId)).resolve(prefix(conventionId) + "v" + number + "-" + digest + SnapshotFile.SUFFIX);
    }

    private static String prefix(String conventionId) {
        return safe(conventionId) + "-";
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._@-]", "_");
    }

    private static Path meta(Path columns) {
        String name = columns.getFileName().toString();
        return columns.resolveSibling(name.substring(0, name.length() - SnapshotFile.SUFFIX.length()) + META);
    }

    /**
     * The view kept in {@code file} for a view of version {@code viewVersion} (its schema; its row count is read from
     * the file's properties), or empty when there is none, or one that is incomplete, corrupt or of another view.
     */
    public static Optional<Kept> open(Path file, DatasetVersion viewVersion, int counts) throws IOException {
        Path meta = meta(file);
        if (!Files.exists(file) || !Files.exists(meta)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        long[] recorded = new long[counts];
        int rows;
        try {
            rows = Integer.parseInt(p.getProperty("rows"));
            for (int i = 0; i < counts; i++) {
                recorded[i] = Long.parseLong(p.getProperty("count." + i));
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        DatasetVersion stored = withOrder(viewVersion, rows);
        Column[] all;
        try {
            all = SnapshotFile.open(file, stored);
        } catch (SnapshotFile.Refused e) {
            return Optional.empty();
        }
        LongVec order = ((Column.Int) all[all.length - 1]).values();
        int[] publishedOrder = new int[rows];
        for (int i = 0; i < rows; i++) {
            publishedOrder[i] = (int) order.get(i);
        }
        return Optional.of(new Kept(Arrays.copyOf(all, all.length - 1), publishedOrder, recorded));
    }

    /**
     * Keeps a view in {@code file} (columns, then properties, each moved in place atomically), then removes the files
     * of the convention's other views of the dataset (another version of the dataset or of the convention, another
     * key or opposition list). The order column is written through {@code files} (a mapped vector, as the view's own):
     * as a heap array of longs it took 96 MB for 12 million rows.
     */
    public static void write(Path file, DatasetVersion viewVersion, Column[] columns, int[] publishedOrder, long[] counts,
                             ColumnFiles files) throws IOException {
        int rows = publishedOrder.length;
        Column[] all = Arrays.copyOf(columns, columns.length + 1);
        LongVec order = LongVec.allocate(rows, files);
        for (int i = 0; i < rows; i++) {
            order.set(i, publishedOrder[i]);
        }
        all[columns.length] = new Column.Int(order, new java.util.BitSet());
        Files.deleteIfExists(meta(file));
        SnapshotFile.write(file, withOrder(viewVersion, rows), all, rows);
        Properties p = new Properties();
        p.setProperty("rows", Integer.toString(rows));
        for (int i = 0; i < counts.length; i++) {
            p.setProperty("count." + i, Long.toString(counts[i]));
        }
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString() + ".", ".part");
        try {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(out, null);
            }
            Files.move(tmp, meta(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        String convention = idOf(conventionOf(file.getFileName().toString()));
        String columnsFile = file.getFileName().toString(); // and its verified stamp
        String metaFile = meta(file).getFileName().toString();
        removeIf(file.getParent(), name -> convention.equals(idOf(conventionOf(name))) && !name.startsWith(columnsFile) && !name.equals(metaFile));
    }

    /** The convention's id in {@code id@version}: an amendment's view replaces the previous version's. */
    private static String idOf(String conventionRef) {
        int at = conventionRef.lastIndexOf('@');
        return at < 0 ? conventionRef : conventionRef.substring(0, at);
    }

    /** The convention part of a kept view's file name ({@code <convention>-v<N>-<digest>…}), or "" for another name. */
    private static String conventionOf(String name) {
        int digest = name.lastIndexOf('-');
        int v = digest <= 0 ? -1 : name.lastIndexOf("-v", digest - 1);
        return v <= 0 ? "" : name.substring(0, v);
    }

    /**
     * Removes every kept view but those of the conventions {@code active} names ({@code id@version}), and any other file
     * there: views of ended, suspended or amended conventions must not outlive their grant on disk. Returns the number
     * of files removed.
     */
    public static int removeAllBut(Path columnDirectory, java.util.Set<String> active) throws IOException {
        Path root = columnDirectory.resolve(DIRECTORY);
        if (!Files.isDirectory(root)) {
            return 0;
        }
        java.util.Set<String> kept = new java.util.HashSet<>();
        active.forEach(ref -> kept.add(safe(ref)));
        int removed = 0;
        List<Path> datasets;
        try (var list = Files.list(root)) {
            datasets = list.filter(Files::isDirectory).toList();
        }
        for (Path d : datasets) {
            removed += removeIf(d, name -> !kept.contains(conventionOf(name)));
        }
        return removed;
    }

    private static int removeIf(Path directory, Predicate<String> name) throws IOException {
        List<Path> doomed = new ArrayList<>();
        try (var list = Files.list(directory)) {
            list.filter(p -> name.test(p.getFileName().toString())).forEach(doomed::add);
        }
        for (Path p : doomed) {
            Files.deleteIfExists(p);
            if (p.getFileName().toString().endsWith(SnapshotFile.SUFFIX)) {
                VerifiedStamp.forget(p);
            }
        }
        return doomed.size();
    }

    /** The version the file's footer names: the view's, with its rows and the order column after its fields. */
    private static DatasetVersion withOrder(DatasetVersion v, int rows) {
        List<Field> fields = new ArrayList<>(v.schema().fields());
        fields.add(Field.derived(ORDER_FIELD, "ordre publié", FieldType.INT, null));
        return new DatasetVersion(v.datasetId(), v.number(), v.publishedAt(), rows, new Schema(fields), v.lineage(), v.batchId());
    }
}
