package fr.geoeduc.core.version;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.ValueParser;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.store.Store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares two versions of a dataset by key: rows added, removed, and changed with the fields that changed.
 * Without a declared key, whole rows are compared first; then a row found only in the older version and a row found
 * only in the newer one are the same row changed when they share the value of a field that no other row of either
 * version has (the field pairing the most such rows, named in {@link Result#pairedBy()}), else they count as one
 * removed and one added. Fields present in only one version are listed and left out of the row comparison.
 */
public final class VersionDiff {

    public record FieldChange(String field, String before, String after) {
    }

    public record RowChange(String key, List<FieldChange> changes) {
    }

    public record Result(String datasetId, int from, int to, List<String> keyFields, List<String> fieldsAdded,
                         List<String> fieldsRemoved, long unchanged, List<String> added, List<String> removed,
                         List<RowChange> changed, long addedCount, long removedCount, long changedCount,
                         String pairedBy) {
    }

    /** Rows of the larger version per partition: about 100 MB of heap for a 37-field row at the most. */
    static final int ROWS_PER_PARTITION = 200_000;

    /** Rows kept per side, without a key, to pair removed and added rows into changed ones; beyond, only counted. */
    static final int MAX_UNPAIRED = 100_000;

    private final int maxListed;
    private final int rowsPerPartition;
    private final int maxUnpaired;

    public VersionDiff(int maxListed) {
        this(maxListed, ROWS_PER_PARTITION);
    }

    VersionDiff(int maxListed, int rowsPerPartition) {
        this(maxListed, rowsPerPartition, MAX_UNPAIRED);
    }

    VersionDiff(int maxListed, int rowsPerPartition, int maxUnpaired) {
        this.maxListed = maxListed;
        this.rowsPerPartition = rowsPerPartition;
        this.maxUnpaired = maxUnpaired;
    }

    public Result compare(Store store, DatasetVersion a, DatasetVersion b, List<String> keyFields) {
        return compare(store, a, b, keyFields, ProgressListener.NONE);
    }

    /**
     * Streams both versions into hash partitions on disk by key (a temporary directory, removed afterwards), then
     * compares one partition at a time, so that the heap holds one partition of the older version, not two whole
     * versions: two versions of millions of rows are compared within the default heap. Added and changed rows are
     * listed in the newer version's order within a partition (in its order overall when one partition suffices).
     */
    public Result compare(Store store, DatasetVersion a, DatasetVersion b, List<String> keyFields, ProgressListener progress) {
        List<String> common = new ArrayList<>();
        List<String> fieldsAdded = new ArrayList<>();
        List<String> fieldsRemoved = new ArrayList<>();
        for (Field f : a.schema().fields()) {
            (b.schema().indexOf(f.name()) >= 0 ? common : fieldsRemoved).add(f.name());
        }
        for (Field f : b.schema().fields()) {
            if (a.schema().indexOf(f.name()) < 0) {
                fieldsAdded.add(f.name());
            }
        }
        List<String> key = keyFields.stream().allMatch(common::contains) && !keyFields.isEmpty() ? keyFields : List.of();
        int partitions = (int) Math.max(1, (Math.max(a.rowCount(), b.rowCount()) + rowsPerPartition - 1) / rowsPerPartition);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("geoeduc-diff");
            partition(store, a, key, common, dir, "a", partitions, progress);
            partition(store, b, key, common, dir, "b", partitions, progress);
            Tally t = new Tally(key.isEmpty());
            progress.step("comparaison / comparing", partitions);
            for (int p = 0; p < partitions; p++) {
                compare(dir.resolve("a" + p), dir.resolve("b" + p), common, t);
                progress.progress(p + 1);
            }
            progress.done();
            if (t.wholeRows) {
                pair(dir, partitions, common, t, progress);
            }
            return new Result(a.datasetId(), a.number(), b.number(), key, fieldsAdded, fieldsRemoved, t.unchanged, t.added,
                    t.removed, t.changed, t.addedCount, t.removedCount, t.changedCount, t.pairedBy);
        } catch (IOException e) {
            throw new UncheckedIOException("diff of " + a.datasetId() + " v" + a.number() + " and v" + b.number()
                    + ": temporary files in " + (dir == null ? System.getProperty("java.io.tmpdir") : dir), e);
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a leftover temporary directory is not worth failing a finished diff
                }
            }
        }
    }

    private final class Tally {
        final boolean wholeRows;
        long unchanged;
        long addedCount;
        long removedCount;
        long changedCount;
        final List<String> added = new ArrayList<>();
        final List<String> removed = new ArrayList<>();
        final List<RowChange> changed = new ArrayList<>();
        /** Without a key: the rows found in one version only, kept for {@link #pair} while there are few. */
        final List<byte[]> onlyBefore = new ArrayList<>();
        final List<byte[]> onlyAfter = new ArrayList<>();
        boolean pairable = true;
        String pairedBy;

        Tally(boolean wholeRows) {
            this.wholeRows = wholeRows;
        }

        void added(String key) {
            addedCount++;
            if (added.size() < maxListed) {
                added.add(display(key));
            }
        }

        void removed(String key) {
            removedCount++;
            if (removed.size() < maxListed) {
                removed.add(display(key));
            }
        }

        /** A whole row found in one version only: kept for the pairing, or counted once there are too many. */
        void unmatched(boolean before, String key, byte[] values) {
            List<byte[]> side = before ? onlyBefore : onlyAfter;
            if (pairable && side.size() < maxUnpaired) {
                side.add(values);
                return;
            }
            if (pairable) {
                countUnpaired();
            }
            if (before) {
                removed(key);
            } else {
                added(key);
            }
        }

        void countUnpaired() {
            pairable = false;
            for (byte[] v : onlyAfter) {
                added(wholeRowKey(decode(v)));
            }
            for (byte[] v : onlyBefore) {
                removed(wholeRowKey(decode(v)));
            }
            onlyAfter.clear();
            onlyBefore.clear();
        }
    }

    /** Writes each row of {@code v} as (key, common values) into the partition file its key hashes to. */
    private static void partition(Store store, DatasetVersion v, List<String> key, List<String> common, Path dir, String prefix,
                                  int partitions, ProgressListener progress) throws IOException {
        int[] keyCols = key.stream().mapToInt(v.schema()::indexOf).toArray();
        int[] cols = common.stream().mapToInt(v.schema()::indexOf).toArray();
        DataOutputStream[] out = new DataOutputStream[partitions];
        try {
            for (int p = 0; p < partitions; p++) {
                out[p] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(prefix + p)), 1 << 16));
            }
            progress.step("lecture v" + v.number() + " / reading v" + v.number(), v.rowCount());
            long[] done = {0};
            store.readRows(v, row -> {
                String[] values = project(row, cols);
                String k = key.isEmpty() ? wholeRowKey(values) : keyOf(row, keyCols);
                try {
                    DataOutputStream o = out[Math.floorMod(k.hashCode(), partitions)];
                    writeBytes(o, k.getBytes(StandardCharsets.UTF_8));
                    writeBytes(o, encode(values));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (++done[0] % 10_000 == 0) {
                    progress.progress(done[0]);
                }
            });
            progress.done();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            for (DataOutputStream o : out) {
                if (o != null) {
                    o.close();
                }
            }
        }
    }

    private void compare(Path fileA, Path fileB, List<String> common, Tally t) throws IOException {
        Map<String, ArrayDeque<byte[]>> before = new LinkedHashMap<>();
        try (DataInputStream in = open(fileA)) {
            for (byte[] k; (k = readBytes(in)) != null; ) {
                before.computeIfAbsent(new String(k, StandardCharsets.UTF_8), x -> new ArrayDeque<>(1)).add(readBytes(in));
            }
        }
        try (DataInputStream in = open(fileB)) {
            for (byte[] kb; (kb = readBytes(in)) != null; ) {
                String k = new String(kb, StandardCharsets.UTF_8);
                byte[] values = readBytes(in);
                ArrayDeque<byte[]> olds = before.get(k);
                if (olds == null) {
                    if (t.wholeRows) {
                        t.unmatched(false, k, values);
                    } else {
                        t.added(k);
                    }
                    continue;
                }
                byte[] old = olds.poll();
                if (olds.isEmpty()) {
                    before.remove(k);
                }
                if (Arrays.equals(old, values)) {
                    t.unchanged++;
                    continue;
                }
                String[] x = decode(old);
                String[] y = decode(values);
                List<FieldChange> changes = new ArrayList<>();
                for (int i = 0; i < y.length; i++) {
                    if (!Objects.equals(x[i], y[i])) {
                        changes.add(new FieldChange(common.get(i), x[i], y[i]));
                    }
                }
                t.changedCount++;
                if (t.changed.size() < maxListed) {
                    t.changed.add(new RowChange(display(k), changes));
                }
            }
        }
        for (Map.Entry<String, ArrayDeque<byte[]>> e : before.entrySet()) {
            for (byte[] values : e.getValue()) {
                if (t.wholeRows) {
                    t.unmatched(true, e.getKey(), values);
                } else {
                    t.removed(e.getKey());
                }
            }
        }
    }

    /**
     * Without a key: pairs the rows found only in the older version with those found only in the newer one by the
     * value of one field, a value that no other row of either version has (counted over every row in the partition
     * files); the field chosen is the one that pairs the most rows. Paired rows are changed rows; the others stay
     * removed and added.
     */
    private void pair(Path dir, int partitions, List<String> common, Tally t, ProgressListener progress) throws IOException {
        if (!t.pairable || t.onlyBefore.isEmpty() || t.onlyAfter.isEmpty()) {
            t.countUnpaired();
            return;
        }
        List<String[]> before = t.onlyBefore.stream().map(VersionDiff::decode).toList();
        List<String[]> after = t.onlyAfter.stream().map(VersionDiff::decode).toList();
        int n = common.size();
        // per field: value of an unmatched row -> {rows in v1, rows in v2, 1 if on an unmatched v1 row + 2 if on a v2 one}
        List<Map<String, int[]>> seen = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, int[]> m = new java.util.HashMap<>();
            for (int side = 0; side < 2; side++) {
                for (String[] r : side == 0 ? before : after) {
                    if (r[i] != null && !r[i].isEmpty()) {
                        m.computeIfAbsent(r[i], v -> new int[3])[2] |= 1 << side;
                    }
                }
            }
            seen.add(m);
        }
        progress.step("appariement / pairing", 2L * partitions);
        for (int side = 0; side < 2; side++) {
            for (int p = 0; p < partitions; p++) {
                try (DataInputStream in = open(dir.resolve((side == 0 ? "a" : "b") + p))) {
                    while (readBytes(in) != null) {
                        String[] r = decode(readBytes(in));
                        for (int i = 0; i < n; i++) {
                            int[] c = r[i] == null ? null : seen.get(i).get(r[i]);
                            if (c != null) {
                                c[side]++;
                            }
                        }
                    }
                }
                progress.progress(side * (long) partitions + p + 1);
            }
        }
        progress.done();
        int best = -1;
        long bestPairs = 0;
        for (int i = 0; i < n; i++) {
            long pairs = seen.get(i).values().stream().filter(VersionDiff::pairs).count();
            if (pairs > bestPairs) {
                best = i;
                bestPairs = pairs;
            }
        }
        if (best < 0) {
            t.countUnpaired();
            return;
        }
        int f = best;
        Map<String, Integer> beforeByValue = new java.util.HashMap<>();
        for (int j = 0; j < before.size(); j++) {
            String v = before.get(j)[f];
            int[] c = v == null ? null : seen.get(f).get(v);
            if (c != null && pairs(c)) {
                beforeByValue.put(v, j);
            }
        }
        boolean[] paired = new boolean[before.size()];
        for (String[] y : after) {
            Integer j = y[f] == null ? null : beforeByValue.get(y[f]);
            if (j == null) {
                t.added(wholeRowKey(y));
                continue;
            }
            paired[j] = true;
            String[] x = before.get(j);
            List<FieldChange> changes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!Objects.equals(x[i], y[i])) {
                    changes.add(new FieldChange(common.get(i), x[i], y[i]));
                }
            }
            t.changedCount++;
            if (t.changed.size() < maxListed) {
                t.changed.add(new RowChange(display(y[f]), changes));
            }
        }
        for (int j = 0; j < before.size(); j++) {
            if (!paired[j]) {
                t.removed(wholeRowKey(before.get(j)));
            }
        }
        t.pairedBy = common.get(f);
        t.onlyBefore.clear();
        t.onlyAfter.clear();
    }

    /** A value found on exactly one row of each version, unmatched in both. */
    private static boolean pairs(int[] count) {
        return count[0] == 1 && count[1] == 1 && count[2] == 3;
    }

    private static String wholeRowKey(String[] values) {
        return String.join("\u001f", values);
    }

    private static DataInputStream open(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    private static void writeBytes(DataOutputStream o, byte[] b) throws IOException {
        o.writeInt(b.length);
        o.write(b);
    }

    /** The next length-prefixed byte string, or null at the end of the file. */
    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n;
        try {
            n = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        return in.readNBytes(n);
    }

    /** Values as one byte string: per value its UTF-8 length (-1 for null) and bytes; equal rows give equal bytes. */
    private static byte[] encode(String[] values) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(32 * values.length);
        DataOutputStream o = new DataOutputStream(bytes);
        for (String v : values) {
            if (v == null) {
                o.writeInt(-1);
            } else {
                writeBytes(o, v.getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    private static String[] decode(byte[] encoded) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(encoded);
        List<String> out = new ArrayList<>();
        while (in.hasRemaining()) {
            int n = in.getInt();
            out.add(n < 0 ? null : new String(encoded, in.position(), n, StandardCharsets.UTF_8));
            if (n > 0) {
                in.position(in.position() + n);
            }
        }
        return out.toArray(String[]::new);
    }


    private static String[] project(Object[] row, int[] cols) {
        String[] out = new String[cols.length];
        for (int i = 0; i < cols.length; i++) {
            out[i] = row[cols[i]] == null ? null : ValueParser.format(row[cols[i]]);
        }
        return out;
    }

    private static String keyOf(Object[] row, int[] cols) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cols.length; i++) {
            sb.append(i > 0 ? "\u001f" : "").append(row[cols[i]] == null ? "" : ValueParser.format(row[cols[i]]));
        }
        return sb.toString();
    }

    private static String display(String key) {
        String s = key.replace('\u001f', '/');
        return s.length() > 160 ? s.substring(0, 157) + "…" : s;
    }
}
