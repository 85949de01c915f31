package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.ValueText;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A published version in memory, by column, with the indexes its queries need, built on first use: a hash
 * index per text field (rows of each dictionary code), a word index per text field for search/suggest/LIKE.
 * Immutable; shared by all requests.
 */
public final class Snapshot {

    private final DatasetVersion version;
    private final Column[] columns;
    private final int rows;
    private final Map<Integer, CodeIndex> rowsByCode = new ConcurrentHashMap<>();
    private final Map<Integer, WordCodes> wordIndex = new ConcurrentHashMap<>();
    private volatile String[] recordIds;
    private volatile Map<String, Integer> rowOfRecordId;
    /** Per geo field: a {@link PointIndex} for points, a JTS STRtree for shapes. */
    private final Map<Integer, Object> spatialIndex = new ConcurrentHashMap<>();
    /** Where the indexes of a large version live (memory-mapped files); null: on the heap. */
    private volatile ColumnFiles indexFiles;
    private final Map<Object, Object> derived = new ConcurrentHashMap<>();

    /** Keys the record ids of a convention's view (null: published data, ids are plain digests). */
    private final byte[] recordIdKey;

    public Snapshot(DatasetVersion version, Column[] columns, int rows) {
        this(version, columns, rows, null);
    }

    /**
     * A snapshot whose record ids are HMACs under {@code recordIdKey}: a convention's view gets ids of its own, so that
     * two recipients' extracts of the same rows share no identifier (and a rotated key changes them all).
     */
    public Snapshot(DatasetVersion version, Column[] columns, int rows, byte[] recordIdKey) {
        this(version, columns, rows, recordIdKey, null);
    }

    /**
     * @param publishedOrder for a convention's view, whose rows are kept in the order its answers list them (keyed by
     *                       the convention, so that two recipients' extracts do not align line by line, and read in
     *                       storage order so that a page or an export walks memory forwards): the view's rows in the
     *                       order they were published, in which the keys users sort by often come in runs that a sort
     *                       can use. Null: the rows are in published order.
     */
    public Snapshot(DatasetVersion version, Column[] columns, int rows, byte[] recordIdKey, int[] publishedOrder) {
        this.version = version;
        this.columns = columns;
        this.rows = rows;
        this.recordIdKey = recordIdKey == null ? null : recordIdKey.clone();
        this.publishedOrder = publishedOrder;
    }

    private final int[] publishedOrder;

    /** The rows in published order (see the constructor), or null when it is the row order. Not to be modified. */
    public int[] publishedOrder() {
        return publishedOrder;
    }

    /**
     * The same rows under another schema of the same version: a metadata revision's labels, descriptions and units.
     * The columns and the record ids (which depend on values, not on labels) are shared.
     */
    public Snapshot withVersion(DatasetVersion relabelled) {
        if (!relabelled.datasetId().equals(version.datasetId()) || relabelled.number() != version.number()
                || !sameFields(relabelled.schema(), version.schema())) {
            throw new IllegalArgumentException("not the same version of " + version.datasetId() + ": v" + relabelled.number());
        }
        Snapshot s = new Snapshot(relabelled, columns, rows, recordIdKey, publishedOrder);
        s.indexFiles = indexFiles;
        s.recordIds = recordIds;
        s.rowOfRecordId = rowOfRecordId;
        s.largeRecordIds = largeRecordIds;
        return s;
    }

    private static boolean sameFields(Schema a, Schema b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Field x = a.field(i);
            Field y = b.field(i);
            if (!x.name().equals(y.name()) || x.type() != y.type() || !java.util.Objects.equals(x.origin(), y.origin())) {
                return false;
            }
        }
        return true;
    }

    public DatasetVersion version() {
        return version;
    }

    /** Indexes built from now on go to memory-mapped files (a large version or view), not the heap. */
    public Snapshot indexesIn(ColumnFiles files) {
        this.indexFiles = files;
        return this;
    }

    public Schema schema() {
        return version.schema();
    }

    public int rows() {
        return rows;
    }

    /**
     * A value computed once from this snapshot and kept as long as it (e.g. the plan that reads every field of a
     * row, which every {@code select}-less query used to build again); {@code key} names it, by identity or equality.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(Object key, java.util.function.Function<Snapshot, T> compute) {
        Object v = derived.get(key);
        if (v == null) {
            v = compute.apply(this);
            Object raced = derived.putIfAbsent(key, v);
            if (raced != null) {
                v = raced;
            }
        }
        return (T) v;
    }

    public Column column(int field) {
        return columns[field];
    }

    public int fieldIndex(String name) {
        return version.schema().indexOf(name);
    }

    /** Rows whose text field {@code field} equals {@code value} exactly (hash index on dictionary codes). */
    public int[] rowsEqual(int field, String value) {
        Column.Text text = (Column.Text) columns[field];
        int code = text.code(value);
        if (code < 0) {
            return new int[0];
        }
        return codeIndex(field, text).rowsOf(code);
    }

    private CodeIndex codeIndex(int field, Column.Text text) {
        return rowsByCode.computeIfAbsent(field, f -> fitting("the value index of a field", () -> CodeIndex.build(text, indexFiles)));
    }

    /**
     * The words of a text field, sorted, and for each the dictionary codes of the values that contain it. Built from
     * the dictionary alone: its size follows the distinct values, not the rows (a word of 12 million rows is the few
     * codes of the values it is in), and a search counts its rows from the value index without listing them.
     */
    public WordCodes wordCodes(int field) {
        if (!wordIndexed(field)) {
            throw new IllegalStateException("no word index for a dictionary of " + ((Column.Text) columns[field]).dictionary().size() + " values");
        }
        return wordIndex.computeIfAbsent(field, f -> fitting("the word index of a field", () -> buildWordCodes((Column.Text) columns[f])));
    }

    /**
     * Whether a text field gets a word index: not past a million distinct values, whose words and
     * code lists (about 100 bytes a value) would take the heap of a whole server; a search reads such a dictionary
     * value by value instead (seconds, not a failure).
     */
    public boolean wordIndexed(int field) {
        return ((Column.Text) columns[field]).dictionary().size() <= wordIndexMaxValues;
    }

    static volatile int wordIndexMaxValues = 1_000_000;

    private static WordCodes buildWordCodes(Column.Text text) {
        Map<String, int[]> growing = new HashMap<>(); // per word: the number of codes, then the codes
        TextDictionary dict = text.dictionary();
        for (int code = 0; code < dict.size(); code++) {
            for (String w : new java.util.LinkedHashSet<>(TextTokens.words(dict.get(code), false))) {
                int[] codes = growing.get(w);
                if (codes == null || codes[0] + 1 == codes.length) {
                    codes = codes == null ? new int[4] : Arrays.copyOf(codes, codes.length * 2);
                    growing.put(w, codes);
                }
                codes[++codes[0]] = code;
            }
        }
        String[] words = growing.keySet().toArray(String[]::new);
        Arrays.sort(words);
        int[][] codes = new int[words.length][];
        for (int i = 0; i < words.length; i++) {
            int[] g = growing.get(words[i]);
            codes[i] = Arrays.copyOfRange(g, 1, g[0] + 1);
        }
        return new WordCodes(words, codes);
    }

    /** The number of rows whose text field holds the value of dictionary code {@code code}. */
    public int rowsWithCode(int field, int code) {
        return codeIndex(field, (Column.Text) columns[field]).count(code);
    }

    /** The rows whose text field holds one of the values of {@code codes}, ascending. */
    public int[] rowsWithCodes(int field, int[] codes) {
        CodeIndex byCode = codeIndex(field, (Column.Text) columns[field]);
        int total = 0;
        for (int c : codes) {
            total += byCode.count(c);
        }
        if (codes.length > 1 && (long) total * ROWS_PER_BITMAP_WORD >= rows) {
            // many rows: marked in a bitmap and read back in order, instead of a sort that merges one run per code (the
            // runs interleave at random in a convention's view, whose rows are in a keyed order)
            long[] bits = RowBitmap.empty(rows);
            for (int c : codes) {
                byCode.markRows(c, bits);
            }
            return RowBitmap.rows(bits, total);
        }
        int[] out = new int[total];
        int k = 0;
        for (int c : codes) {
            k = byCode.copyRows(c, out, k);
        }
        if (codes.length > 1) {
            Arrays.sort(out);
        }
        return out;
    }

    /** Sets in {@code bits} (one bit per row, {@code (rows() + 63) / 64} words) the rows whose text field holds one of {@code codes}. */
    public void markRowsWithCodes(int field, java.util.BitSet codes, long[] bits) {
        CodeIndex byCode = codeIndex(field, (Column.Text) columns[field]);
        for (int c = codes.nextSetBit(0); c >= 0; c = codes.nextSetBit(c + 1)) {
            byCode.markRows(c, bits);
        }
    }

    /** Rows listed through a bitmap rather than sorted when they are at least one per this many rows of the version. */
    private static final int ROWS_PER_BITMAP_WORD = 16;

    /**
     * The record id of a row: 40 hex digits (SHA-1) of the dataset id and the row's values, so it is stable across
     * restarts and re-publications of identical records; a repeated identical row gets its occurrence number mixed in.
     * A large version (its indexes in mapped files) computes each id when asked ({@link RecordIdIndex}); a small one
     * keeps them all.
     */
    public String recordId(int row) {
        if (indexFiles != null) {
            return largeRecordIds().id(row);
        }
        String[] ids = recordIds;
        if (ids == null) {
            ids = fitting("the record ids", this::buildRecordIds);
        }
        return ids[row];
    }

    public int rowOfRecordId(String id) {
        if (indexFiles != null) {
            return largeRecordIds().row(id);
        }
        if (rowOfRecordId == null) {
            rowOfRecordId = fitting("the record id index", () -> {
                Map<String, Integer> m = new HashMap<>(rows * 2);
                for (int r = 0; r < rows; r++) {
                    m.put(recordId(r), r);
                }
                return m;
            });
        }
        Integer r = rowOfRecordId.get(id);
        return r == null ? -1 : r;
    }

    private volatile RecordIdIndex largeRecordIds;

    private RecordIdIndex largeRecordIds() {
        RecordIdIndex index = largeRecordIds;
        if (index == null) {
            synchronized (this) {
                index = largeRecordIds;
                if (index == null) {
                    index = fitting("the record id index", () -> RecordIdIndex.build(rows, this::recordContent, this::recordIdDigest, indexFiles));
                    largeRecordIds = index;
                }
            }
        }
        return index;
    }

    /** What a row's record id is the digest of: the dataset id and the values of its published (not derived) fields. */
    private String recordContent(int row) {
        StringBuilder sb = new StringBuilder(version.datasetId());
        for (int f = 0; f < columns.length; f++) {
            if (!"derived".equals(version.schema().field(f).origin())) {
                sb.append('\u001f').append(ValueText.format(columns[f].get(row)));
            }
        }
        return sb.toString();
    }

    private synchronized String[] buildRecordIds() {
        if (recordIds != null) {
            return recordIds;
        }
        String[] ids = new String[rows];
        Map<String, Integer> seen = new HashMap<>();
        java.util.function.Function<byte[], byte[]> digest = recordIdDigest();
        for (int r = 0; r < rows; r++) {
            String content = recordContent(r);
            ids[r] = RecordIdIndex.id(digest, content, seen.merge(content, 1, Integer::sum));
        }
        recordIds = ids;
        return ids;
    }

    /** SHA-1 for published data; HMAC-SHA-256 under the view's key (cut to the same 40 hex digits) for a convention's view. */
    private java.util.function.Function<byte[], byte[]> recordIdDigest() {
        try {
            if (recordIdKey == null) {
                MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                return sha1::digest;
            }
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(recordIdKey, "HmacSHA256"));
            return mac::doFinal;
        } catch (NoSuchAlgorithmException | java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The rows of a geo field whose point or shape envelope intersects a longitude/latitude box, in row order:
     * candidates from an R-tree (JTS STRtree, packed, built on first use per field), to be tested exactly by the
     * caller.
     */
    public int[] rowsInBox(int field, double minLon, double maxLon, double minLat, double maxLat) {
        Object index = spatialIndex.computeIfAbsent(field, f -> fitting("the spatial index of a field", () -> buildSpatialIndex(f)));
        if (index instanceof PointIndex points) {
            return points.rowsInBox(minLon, maxLon, minLat, maxLat);
        }
        java.util.List<?> found = ((org.locationtech.jts.index.strtree.STRtree) index)
                .query(new org.locationtech.jts.geom.Envelope(minLon, maxLon, minLat, maxLat));
        int[] out = new int[found.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Integer) found.get(i);
        }
        java.util.Arrays.sort(out);
        return out;
    }

    private Object buildSpatialIndex(int field) {
        Column c = columns[field];
        if (c instanceof Column.Point p) {
            return PointIndex.build(p, rows, indexFiles);
        }
        org.locationtech.jts.index.strtree.STRtree tree = new org.locationtech.jts.index.strtree.STRtree();
        for (int r = 0; r < rows; r++) {
            if (c instanceof Column.Shape s && s.values()[r] != null) {
                tree.insert(s.values()[r].getEnvelopeInternal(), r);
            }
        }
        tree.build(); // read-only from here on: safe for concurrent queries
        return tree;
    }

    /** An index built on first use, or a clear {@link DatasetTooLarge} when the heap cannot hold it. */
    private <T> T fitting(String what, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (OutOfMemoryError e) {
            throw new DatasetTooLarge(version, what + " needs more than the heap of " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        }
    }

    /** Bytes held by the columns and the indexes built so far (estimate). */
    public long memoryBytes() {
        long total = 0;
        for (Column c : columns) {
            total += c.memoryBytes();
        }
        for (CodeIndex idx : rowsByCode.values()) {
            total += idx.heapBytes();
        }
        for (WordCodes w : wordIndex.values()) {
            total += w.heapBytes();
        }
        if (recordIds != null) {
            total += 96L * rows;
        }
        if (largeRecordIds != null) {
            total += largeRecordIds.heapBytes();
        }
        if (publishedOrder != null) {
            total += 4L * publishedOrder.length;
        }
        for (Object index : spatialIndex.values()) {
            // a shape's STRtree: envelope, boxed row id and tree node share per indexed row
            total += index instanceof PointIndex p ? p.heapBytes() : 120L * rows;
        }
        return total;
    }

    public boolean isText(int field) {
        return version.schema().field(field).type() == FieldType.TEXT;
    }

    public Field field(int index) {
        return version.schema().field(index);
    }
}
