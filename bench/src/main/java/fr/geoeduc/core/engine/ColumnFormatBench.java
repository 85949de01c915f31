package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Lineage;
import fr.geoeduc.core.model.Schema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The engine's column file ({@link SnapshotFile}, memory-mapped and read in place) next to an Apache Arrow IPC file
 * read with Arrow's Java library (arrow-vector + arrow-memory-unsafe), on the same generated columns and the engine's
 * access pattern: open a version, count the rows equal to a dictionary value, sum a number column, and read random
 * rows' values (a page or a record lookup). Issue 22 asks for a maintained format "unless measured faster for the
 * engine's access pattern"; this prints that measure. In this package because the column file's writer and reader are
 * package-private to the engine.
 *
 * <p>Arguments: rows (default 12,000,000), work directory, repetitions (default 5). One JVM; the two formats are
 * measured interleaved, each figure the best of the repetitions; the page cache is warm for both files.
 */
public final class ColumnFormatBench {

    private static final int COMMUNES = 35_000;

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 12_000_000;
        Path dir = Path.of(args.length > 1 ? args[1] : "bench/results/column-format-work");
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Files.createDirectories(dir);

        String[] communes = new String[COMMUNES];
        for (int i = 0; i < COMMUNES; i++) {
            communes[i] = "Commune " + (1000 + i * 7) + (i % 3 == 0 ? "-sur-Vilaine" : "");
        }
        int[] communeOf = new int[rows];
        long[] effectif = new long[rows];
        double[] ips = new double[rows];
        SplittableRandom random = new SplittableRandom(22);
        for (int r = 0; r < rows; r++) {
            communeOf[r] = (int) Math.min(COMMUNES - 1, Math.abs(random.nextGaussian()) * COMMUNES / 3);
            effectif[r] = random.nextInt(100) == 0 ? Long.MIN_VALUE : random.nextInt(2_000);
            ips[r] = 50 + random.nextDouble() * 100;
        }
        String probe = communes[communeOf[rows / 2]];

        Schema schema = new Schema(List.of(Field.derived("commune", "Commune", FieldType.TEXT, null),
                Field.derived("effectif", "Effectif", FieldType.INT, null),
                Field.derived("ips", "IPS", FieldType.DOUBLE, null)));
        DatasetVersion version = new DatasetVersion("bench-colonnes", 1, Instant.parse("2026-12-06T00:00:00Z"), rows, schema,
                new Lineage("generated", "0", 0, "csv", Instant.parse("2026-12-06T00:00:00Z"), "bench", List.of()), "bench");

        long t = System.nanoTime();
        Path ours = dir.resolve("colonnes.cols");
        writeOurs(ours, version, dir.resolve("ours-build"), rows, communes, communeOf, effectif, ips);
        double oursWrite = ms(t);
        t = System.nanoTime();
        Path arrow = dir.resolve("colonnes.arrow");
        writeArrow(arrow, rows, communes, communeOf, effectif, ips);
        double arrowWrite = ms(t);
        communeOf = null;
        effectif = null;
        ips = null;
        System.out.printf("rows %,d; files: engine %,d bytes (written in %.0f ms), Arrow IPC %,d bytes (%.0f ms)%n",
                rows, Files.size(ours), oursWrite, Files.size(arrow), arrowWrite);

        System.setProperty("arrow.enable_unsafe_memory_access", "true");
        double[] best = new double[8];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        long[] check = new long[8];
        long arrowDirect = 0;
        long oursHeap = 0;
        long arrowHeap = 0;
        for (int rep = 0; rep < repetitions; rep++) {
            // ---- engine's column file
            long heap0 = usedHeap();
            t = System.nanoTime();
            Column[] cols = SnapshotFile.open(ours, version);
            best[0] = Math.min(best[0], ms(t));
            oursHeap = usedHeap() - heap0;
            Column.Text text = (Column.Text) cols[0];
            Column.Int ints = (Column.Int) cols[1];
            t = System.nanoTime();
            int code = text.code(probe);
            long n = 0;
            for (int r = 0; r < rows; r++) {
                if (text.codeAt(r) == code) {
                    n++;
                }
            }
            best[1] = Math.min(best[1], ms(t));
            check[1] = n;
            t = System.nanoTime();
            long sum = 0;
            for (int r = 0; r < rows; r++) {
                if (!ints.nulls().get(r)) {
                    sum += ints.values().get(r);
                }
            }
            best[2] = Math.min(best[2], ms(t));
            check[2] = sum;
            t = System.nanoTime();
            long chars = 0;
            SplittableRandom pick = new SplittableRandom(7);
            for (int i = 0; i < 1_000_000; i++) {
                int r = pick.nextInt(rows);
                chars += text.get(r).length() + (ints.nulls().get(r) ? 0 : ints.values().get(r));
            }
            best[3] = Math.min(best[3], ms(t));
            check[3] = chars;

            // ---- Arrow IPC, read with Arrow Java
            try (BufferAllocator allocator = new RootAllocator();
                 FileChannel channel = FileChannel.open(arrow, StandardOpenOption.READ);
                 ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
                heap0 = usedHeap();
                t = System.nanoTime();
                reader.loadNextBatch();
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                IntVector indices = (IntVector) root.getVector("commune");
                long dictionaryId = indices.getField().getDictionary().getId();
                VarCharVector dictionary = (VarCharVector) reader.getDictionaryVectors().get(dictionaryId).getVector();
                best[4] = Math.min(best[4], ms(t));
                arrowDirect = allocator.getAllocatedMemory();
                arrowHeap = usedHeap() - heap0;
                BigIntVector effectifs = (BigIntVector) root.getVector("effectif");
                t = System.nanoTime();
                byte[] wanted = probe.getBytes(StandardCharsets.UTF_8);
                int acode = -1;
                for (int c = 0; c < dictionary.getValueCount() && acode < 0; c++) {
                    if (java.util.Arrays.equals(dictionary.get(c), wanted)) {
                        acode = c;
                    }
                }
                long an = 0;
                for (int r = 0; r < rows; r++) {
                    if (!indices.isNull(r) && indices.get(r) == acode) {
                        an++;
                    }
                }
                best[5] = Math.min(best[5], ms(t));
                check[5] = an;
                t = System.nanoTime();
                long asum = 0;
                for (int r = 0; r < rows; r++) {
                    if (!effectifs.isNull(r)) {
                        asum += effectifs.get(r);
                    }
                }
                best[6] = Math.min(best[6], ms(t));
                check[6] = asum;
                t = System.nanoTime();
                long achars = 0;
                pick = new SplittableRandom(7);
                for (int i = 0; i < 1_000_000; i++) {
                    int r = pick.nextInt(rows);
                    achars += new String(dictionary.get(indices.get(r)), StandardCharsets.UTF_8).length()
                            + (effectifs.isNull(r) ? 0 : effectifs.get(r));
                }
                best[7] = Math.min(best[7], ms(t));
                check[7] = achars;
            }
        }
        if (check[1] != check[5] || check[2] != check[6] || check[3] != check[7]) {
            System.out.printf("WARNING: the two formats disagree: count %d/%d, sum %d/%d, lookups %d/%d%n",
                    check[1], check[5], check[2], check[6], check[3], check[7]);
        }
        System.out.printf("memory after opening: engine %,d heap bytes + the file mapped (page cache, shared, evictable); "
                + "Arrow %,d bytes of direct memory (a private copy of the file) + %,d heap bytes%n", oursHeap, arrowDirect, arrowHeap);
        System.out.printf("%-44s %12s %12s %10s%n", "operation (best of " + repetitions + ", ms)", "engine file", "Arrow IPC", "Arrow/engine");
        String[] names = {"open the version", "count rows equal to a commune (" + check[1] + ")", "sum a number column (nulls skipped)",
                "1,000,000 random rows: text value + number"};
        for (int i = 0; i < 4; i++) {
            System.out.printf("%-44s %12.1f %12.1f %9.2fx%n", names[i], best[i], best[i + 4], best[i + 4] / best[i]);
        }
    }

    private static void writeOurs(Path file, DatasetVersion version, Path buildDir, int rows, String[] communes, int[] communeOf,
                                  long[] effectif, double[] ips) throws IOException {
        ColumnFiles files = new ColumnFiles(buildDir);
        ColumnBuilder text = ColumnBuilder.of(FieldType.TEXT, rows, files);
        ColumnBuilder ints = ColumnBuilder.of(FieldType.INT, rows, files);
        ColumnBuilder dbls = ColumnBuilder.of(FieldType.DOUBLE, rows, files);
        for (int r = 0; r < rows; r++) {
            text.add(communes[communeOf[r]]);
            ints.add(effectif[r] == Long.MIN_VALUE ? null : effectif[r]);
            dbls.add(ips[r]);
        }
        SnapshotFile.write(file, version, new Column[]{text.build(), ints.build(), dbls.build()}, rows);
    }

    private static void writeArrow(Path file, int rows, String[] communes, int[] communeOf, long[] effectif, double[] ips) throws IOException {
        try (BufferAllocator allocator = new RootAllocator()) {
            DictionaryEncoding encoding = new DictionaryEncoding(1, false, new ArrowType.Int(32, true));
            VarCharVector dictionaryVector = new VarCharVector("commune-dictionnaire", allocator);
            dictionaryVector.allocateNew(COMMUNES);
            for (int c = 0; c < COMMUNES; c++) {
                dictionaryVector.setSafe(c, communes[c].getBytes(StandardCharsets.UTF_8));
            }
            dictionaryVector.setValueCount(COMMUNES);
            DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
            provider.put(new Dictionary(dictionaryVector, encoding));

            IntVector indices = new IntVector(new org.apache.arrow.vector.types.pojo.Field("commune",
                    new org.apache.arrow.vector.types.pojo.FieldType(true, new ArrowType.Int(32, true), encoding), null), allocator);
            BigIntVector numbers = new BigIntVector("effectif", allocator);
            Float8Vector doubles = new Float8Vector("ips", allocator);
            indices.allocateNew(rows);
            numbers.allocateNew(rows);
            doubles.allocateNew(rows);
            for (int r = 0; r < rows; r++) {
                indices.set(r, communeOf[r]);
                if (effectif[r] == Long.MIN_VALUE) {
                    numbers.setNull(r);
                } else {
                    numbers.set(r, effectif[r]);
                }
                doubles.set(r, ips[r]);
            }
            indices.setValueCount(rows);
            numbers.setValueCount(rows);
            doubles.setValueCount(rows);
            List<FieldVector> vectors = new ArrayList<>(List.of(indices, numbers, doubles));
            try (VectorSchemaRoot root = new VectorSchemaRoot(vectors);
                 FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                         StandardOpenOption.WRITE);
                 ArrowFileWriter writer = new ArrowFileWriter(root, provider, channel)) {
                writer.start();
                writer.writeBatch();
                writer.end();
            }
            dictionaryVector.close();
        }
    }

    private static long usedHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
