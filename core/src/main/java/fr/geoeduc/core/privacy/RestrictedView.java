package fr.geoeduc.core.privacy;

import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.PseudonymKeys;
import fr.geoeduc.core.access.Secrets;
import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.engine.ColumnBuilder;
import fr.geoeduc.core.engine.ColumnFiles;
import fr.geoeduc.core.engine.ColumnSubset;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.engine.ViewFile;
import fr.geoeduc.core.model.ValueText;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * What a convention lets its recipient see of a dataset, built once per convention version and dataset
 * version: only the rows of its territory and period, minus the families' oppositions, minus the rows whose
 * quasi-identifiers are shared by fewer than k rows (individual extracts); only the fields it lists; the
 * identifiers replaced by HMAC-SHA-256 pseudonyms under the convention's own key. Every query of the recipient
 * runs on this view, so no route can reach around it.
 */
public final class RestrictedView {

    private static final Pattern YEAR = Pattern.compile("^(\\d{4})");

    /**
     * The view and what was removed to build it (for the audit); {@code reopened} when it was mapped from the file an
     * earlier process kept ({@link #keptOrBuilt}) rather than built.
     */
    public record Built(Snapshot snapshot, int rowsOutsideScope, int rowsOpposed, int rowsBelowK, int rowsNotDiverse, boolean reopened) {
        Built(Snapshot snapshot, int rowsOutsideScope, int rowsOpposed, int rowsBelowK, int rowsNotDiverse) {
            this(snapshot, rowsOutsideScope, rowsOpposed, rowsBelowK, rowsNotDiverse, false);
        }
    }

    private RestrictedView() {
    }

    /** The view on the heap (what an ordinary dataset needs). */
    public static Built build(Snapshot base, Convention.DataScope scope, byte[] pseudonymKey, Set<String> oppositionHashes) {
        return build(base, scope, pseudonymKey, oppositionHashes, null);
    }

    /**
     * The view, its columns and indexes in mapped files of {@code files} when given (a view of millions of rows: see
     * {@link ColumnFiles}), else on the heap. Rows are handled as arrays of row numbers, never as boxed lists.
     */
    public static Built build(Snapshot base, Convention.DataScope scope, byte[] pseudonymKey, Set<String> oppositionHashes,
                              ColumnFiles files) {
        int territoryField = scope.territory() == null ? -1 : base.fieldIndex(scope.territory().field());
        if (scope.territory() != null && territoryField < 0) {
            throw new IllegalStateException("convention territory field '" + scope.territory().field() + "' is not a field of " + scope.dataset());
        }
        Set<String> codes = scope.territory() == null ? Set.of() : Set.copyOf(scope.territory().codes());
        int periodField = scope.period() == null || scope.period().field() == null ? -1 : base.fieldIndex(scope.period().field());
        List<Integer> identifierFields = new ArrayList<>();
        for (String f : scope.pseudonymisedFields()) {
            int i = base.fieldIndex(f);
            if (i >= 0) {
                identifierFields.add(i);
            }
        }
        int[] rows = new int[base.rows()];
        int count = 0;
        int outside = 0;
        int opposed = 0;
        ValueTest inTerritory = new ValueTest(v -> v != null && codes.contains(ValueText.format(v)));
        ValueTest inScopePeriod = new ValueTest(v -> inPeriod(v, scope.period()));
        for (int r = 0; r < base.rows(); r++) {
            if (territoryField >= 0 && !inTerritory.test(base.column(territoryField).get(r))) {
                outside++;
                continue;
            }
            if (periodField >= 0 && !inScopePeriod.test(base.column(periodField).get(r))) {
                outside++;
                continue;
            }
            boolean isOpposed = false;
            for (int f : oppositionHashes.isEmpty() ? List.<Integer>of() : identifierFields) {
                Object id = base.column(f).get(r);
                if (id != null && oppositionHashes.contains(Secrets.sha256(id.toString().strip().toUpperCase(Locale.ROOT)))) {
                    isOpposed = true;
                }
            }
            if (isOpposed) {
                opposed++;
                continue;
            }
            rows[count++] = r;
        }
        int belowK = 0;
        if (scope.granularity() == Convention.Granularity.INDIVIDUAL_PSEUDONYMISED && scope.k() > 1 && !scope.quasiIdentifiers().isEmpty()) {
            List<Integer> qi = scope.quasiIdentifiers().stream().map(base::fieldIndex).filter(i -> i >= 0).toList();
            Map<List<Object>, Integer> classes = new HashMap<>();
            for (int k = 0; k < count; k++) {
                classes.merge(key(base, qi, rows[k]), 1, Integer::sum);
            }
            int kept = 0;
            for (int k = 0; k < count; k++) {
                if (classes.get(key(base, qi, rows[k])) >= scope.k()) {
                    rows[kept++] = rows[k];
                } else {
                    belowK++;
                }
            }
            count = kept;
        }
        int notDiverse = 0;
        if (scope.granularity() == Convention.Granularity.INDIVIDUAL_PSEUDONYMISED && scope.l() > 1 && !scope.sensitiveAttributes().isEmpty()) {
            List<Integer> qi = scope.quasiIdentifiers().stream().map(base::fieldIndex).filter(i -> i >= 0).toList();
            List<Integer> sensitive = scope.sensitiveAttributes().stream().map(base::fieldIndex).filter(i -> i >= 0).toList();
            // per group of rows sharing their quasi-identifiers, the distinct values of each sensitive attribute
            Map<List<Object>, List<Set<Object>>> values = new HashMap<>();
            for (int k = 0; k < count; k++) {
                int r = rows[k];
                List<Set<Object>> perAttribute = values.computeIfAbsent(key(base, qi, r), key -> {
                    List<Set<Object>> sets = new ArrayList<>();
                    sensitive.forEach(s -> sets.add(new java.util.HashSet<>()));
                    return sets;
                });
                for (int a = 0; a < sensitive.size(); a++) {
                    Object value = base.column(sensitive.get(a)).get(r);
                    if (value != null) { // an unknown value protects nothing: it is not one of the l values
                        perAttribute.get(a).add(value);
                    }
                }
            }
            int kept = 0;
            for (int k = 0; k < count; k++) {
                if (values.get(key(base, qi, rows[k])).stream().allMatch(set -> set.size() >= scope.l())) {
                    rows[kept++] = rows[k];
                } else {
                    notDiverse++;
                }
            }
            count = kept;
        }
        List<Field> fields = new ArrayList<>();
        List<Integer> source = new ArrayList<>();
        viewFields(base, scope, fields, source);
        int[] keyed = keyedOrder(rows, count, pseudonymKey);
        int[] viewRows = new int[count];
        int[] publishedOrder = new int[count];
        for (int k = 0; k < count; k++) {
            viewRows[k] = rows[keyed[k]];
            publishedOrder[keyed[k]] = k;
        }
        rows = null;
        keyed = null;
        Column[] columns = new Column[fields.size()];
        for (int k = 0; k < fields.size(); k++) {
            int s = source.get(k);
            columns[k] = s < 0 ? pseudonyms(base.column(-1 - s), viewRows, pseudonymKey, files)
                    : ColumnSubset.of(base.column(s), viewRows, count, files);
        }
        Snapshot view = new Snapshot(viewVersion(base, fields, count), columns, count, pseudonymKey, publishedOrder);
        return new Built(files == null ? view : view.indexesIn(files), outside, opposed, belowK, notDiverse);
    }

    /**
     * The view of a large version ({@code files} given) reopened from its file of {@code columnDirectory} when an
     * earlier process kept it for the same version, scope, key and oppositions, else built and kept there (a restart
     * then maps it instead of spending tens of seconds on millions of rows); a small one built on the heap.
     */
    public static Built keptOrBuilt(Snapshot base, String conventionRef, Convention.DataScope scope, byte[] pseudonymKey,
                                    Set<String> oppositionHashes, ColumnFiles files, java.nio.file.Path columnDirectory) {
        if (files == null || columnDirectory == null) {
            return build(base, scope, pseudonymKey, oppositionHashes, files);
        }
        java.nio.file.Path file = ViewFile.of(columnDirectory, base.version().datasetId(), base.version().number(), conventionRef,
                digest(scope, pseudonymKey, oppositionHashes));
        List<Field> fields = new ArrayList<>();
        viewFields(base, scope, fields, new ArrayList<>());
        DatasetVersion schemaOnly = viewVersion(base, fields, 0);
        try {
            java.util.Optional<ViewFile.Kept> kept = ViewFile.open(file, schemaOnly, 4);
            if (kept.isPresent()) {
                ViewFile.Kept k = kept.get();
                int rows = k.publishedOrder().length;
                Snapshot view = new Snapshot(viewVersion(base, fields, rows), k.columns(), rows, pseudonymKey, k.publishedOrder());
                long[] c = k.counts();
                return new Built(view.indexesIn(files), (int) c[0], (int) c[1], (int) c[2], (int) c[3], true);
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "kept view " + file + " unreadable (" + e + "): built again");
        }
        Built built = build(base, scope, pseudonymKey, oppositionHashes, files);
        Snapshot view = built.snapshot();
        try {
            Column[] columns = new Column[view.schema().size()];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = view.column(i);
            }
            ViewFile.write(file, view.version(), columns, view.publishedOrder(), new long[]{built.rowsOutsideScope(), built.rowsOpposed(),
                    built.rowsBelowK(), built.rowsNotDiverse()}, files);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot keep the view in " + file + " (" + e + "): built again after a restart");
        }
        return built;
    }

    private static final System.Logger LOG = System.getLogger(RestrictedView.class.getName());

    /**
     * What a kept view's content depends on besides the version (which the file's name and footer already carry and
     * check: dataset, number, batch, publication, fields), under the convention's key, so that the file name says
     * nothing of the scope and a rotated key reads no file of the previous one: the scope and the oppositions.
     */
    private static String digest(Convention.DataScope scope, byte[] key, Set<String> oppositions) {
        StringBuilder sb = new StringBuilder("view 1\n").append(scope).append('\n');
        new java.util.TreeSet<>(oppositions).forEach(o -> sb.append(o).append(','));
        byte[] mac = Secrets.hmac(key).doFinal(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(mac, 0, 12);
    }

    /** The view's fields, in the scope's order, with where each comes from ({@code -1 - i}: a pseudonym of field i). */
    private static void viewFields(Snapshot base, Convention.DataScope scope, List<Field> fields, List<Integer> source) {
        for (String name : scope.fields()) {
            int i = base.fieldIndex(name);
            if (i < 0) {
                continue;
            }
            Field f = base.field(i);
            boolean pseudonym = scope.pseudonymisedFields().contains(name);
            fields.add(pseudonym ? new Field(f.name(), f.label() + " (pseudonyme)", FieldType.TEXT,
                    "Pseudonyme HMAC-SHA-256 propre à la convention ; l'identifiant d'origine ne sort jamais.", null,
                    List.of(), false, null, "derived") : f);
            source.add(pseudonym ? -1 - i : i);
        }
    }

    private static DatasetVersion viewVersion(Snapshot base, List<Field> fields, int rows) {
        DatasetVersion v = base.version();
        return new DatasetVersion(v.datasetId(), v.number(), v.publishedAt(), rows, new Schema(fields), v.lineage(), v.batchId());
    }

    /** The pseudonyms of an identifier field's rows: one HMAC per distinct identifier kept, on every core. */
    private static Column pseudonyms(Column identifiers, int[] rows, byte[] key, ColumnFiles files) {
        if (identifiers instanceof Column.Text text) {
            return ColumnSubset.transformed(text, rows, rows.length, files, () -> {
                PseudonymKeys keys = PseudonymKeys.of(key);
                return keys::pseudonym;
            });
        }
        PseudonymKeys keys = PseudonymKeys.of(key);
        ColumnBuilder builder = ColumnBuilder.of(FieldType.TEXT, rows.length, files);
        for (int r : rows) {
            builder.add(keys.pseudonym(identifiers.get(r)));
        }
        return builder.build();
    }

    /**
     * The order of the view's rows, which is the order its answers list them when no {@code order_by} is given (and how
     * ties of an {@code order_by} are broken): sorted by an HMAC of their published position under the convention's
     * key, so that two recipients' extracts of the same rows cannot be aligned position by position. The rows are
     * stored in that order, so that answers read memory forwards (reading published rows in a keyed order was half
     * the cost of a convention's export); the snapshot keeps the published order for the sorts, which find runs in it.
     * Returns, for each position in the view, the index in {@code rows} (published order) of its row.
     */
    private static int[] keyedOrder(int[] rows, int count, byte[] key) {
        ThreadLocal<javax.crypto.Mac> macs = ThreadLocal.withInitial(() -> Secrets.hmac(key));
        long[] keyed = new long[count];
        IntStream.range(0, count).parallel().forEach(k -> {
            int r = rows[k];
            byte[] h = macs.get().doFinal(new byte[]{(byte) (r >>> 24), (byte) (r >>> 16), (byte) (r >>> 8), (byte) r});
            long high = ((h[0] & 0xffL) << 24 | (h[1] & 0xffL) << 16 | (h[2] & 0xffL) << 8 | (h[3] & 0xffL)) << 31;
            keyed[k] = high | k; // k < 2^31 keeps the sort total and the index recoverable
        });
        java.util.Arrays.parallelSort(keyed);
        int[] out = new int[count];
        for (int k = 0; k < count; k++) {
            out[k] = (int) (keyed[k] & 0x7fffffffL); // a position in the view, whose rows keep the published order
        }
        return out;
    }

    /**
     * A test of a row's value, remembered per value while few distinct values were seen (a territory's communes, a
     * period's rentrées: a few hundred values for millions of rows, each formatted and matched once).
     */
    private static final class ValueTest {
        private static final int REMEMBERED = 100_000;
        private final java.util.function.Predicate<Object> test;
        private final Map<Object, Boolean> known = new HashMap<>();

        ValueTest(java.util.function.Predicate<Object> test) {
            this.test = test;
        }

        boolean test(Object value) {
            if (value == null) {
                return test.test(null);
            }
            Boolean b = known.get(value);
            if (b == null) {
                b = test.test(value);
                if (known.size() < REMEMBERED) {
                    known.put(value, b);
                }
            }
            return b;
        }
    }

    private static List<Object> key(Snapshot base, List<Integer> qi, int row) {
        List<Object> k = new ArrayList<>(qi.size());
        for (int i : qi) {
            k.add(base.column(i).get(row));
        }
        return k;
    }

    static boolean inPeriod(Object value, Convention.Period period) {
        if (value == null) {
            return false;
        }
        Matcher m = YEAR.matcher(ValueText.format(value).strip());
        if (!m.find()) {
            return false;
        }
        int year = Integer.parseInt(m.group(1));
        return (period.from() == null || year >= period.from()) && (period.to() == null || year <= period.to());
    }
}
