package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.engine.IntVec;
import fr.geoeduc.core.engine.LongVec;
import fr.geoeduc.core.engine.DoubleVec;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.engine.TextDictionary;
import fr.geoeduc.core.query.odsql.Clauses.OrderItem;
import fr.geoeduc.core.query.odsql.Expr;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The first rows of a page under an {@code order_by} of plain fields, selected while the matches are scanned: a bounded
 * max-heap of rows compared on the columns' vectors (dictionary codes, numbers, days, instants) without a value per
 * match. The order is {@link QueryEngine#compareNullsLast}'s on each key, ties broken by row, as {@link RowOrder}
 * sorts: text values as {@link String#compareTo} (equal codes without reading the dictionary), numbers as
 * {@link Double#compare}, dates and instants in time order.
 */
final class TopRows {

    /** Pages ending beyond this row go through the full sort. */
    static final int MAX_WANTED = 100_000;

    private interface Key {
        /** Both rows' values compared, nulls last whatever the direction. */
        int compare(int a, int b);
    }

    private final Key[] keys;
    /**
     * The first key as a long (null last) when it is a number, day or instant, else null: a row whose rank is above the
     * heap's top is refused without comparing all keys (most matches, under an order_by year, then identifier).
     */
    private final OrderedAt firstRank;
    private final int wanted;
    private final int[] heap;
    private int size;
    private int total;

    private TopRows(Key[] keys, OrderedAt firstRank, int wanted) {
        this.keys = keys;
        this.firstRank = firstRank;
        this.wanted = wanted;
        this.heap = new int[wanted];
    }

    /** A selector for the first {@code wanted} rows, or null when a key is not a plain field of a supported type. */
    static TopRows of(Snapshot snapshot, List<OrderItem> order, int wanted) {
        if (order.isEmpty()) {
            return null;
        }
        Key[] keys = new Key[order.size()];
        for (int i = 0; i < keys.length; i++) {
            OrderItem o = order.get(i);
            if (!(o.expr() instanceof Expr.FieldRef f) || snapshot.fieldIndex(f.name()) < 0) {
                return null;
            }
            keys[i] = key(snapshot.column(snapshot.fieldIndex(f.name())), o.descending());
            if (keys[i] == null) {
                return null;
            }
        }
        return new TopRows(keys, rank(snapshot.column(snapshot.fieldIndex(((Expr.FieldRef) order.get(0).expr()).name())),
                order.get(0).descending()), wanted);
    }

    private static Key key(Column column, boolean desc) {
        int sign = desc ? -1 : 1;
        return switch (column) {
            case Column.Text t -> {
                IntVec codes = t.codes();
                TextDictionary dict = t.dictionary();
                yield (a, b) -> {
                    int x = codes.get(a);
                    int y = codes.get(b);
                    if (x == y) {
                        return 0;
                    }
                    if (x < 0 || y < 0) {
                        return x < 0 ? 1 : -1;
                    }
                    return sign * dict.compare(x, y);
                };
            }
            default -> {
                OrderedAt rank = rank(column, desc);
                yield rank == null ? null : (a, b) -> Long.compare(rank.at(a), rank.at(b));
            }
        };
    }

    /**
     * A number, day or instant column's values as longs in the order of the page (Double.compare's for numbers, time
     * for days and instants; complemented when descending), nulls as Long.MAX_VALUE (last either way, above every
     * value's rank), or null for another column.
     */
    private static OrderedAt rank(Column column, boolean desc) {
        return switch (column) {
            case Column.Int c -> {
                LongVec values = c.values();
                yield ranked(row -> ColumnScans.orderKey(values.get(row)), c.nulls(), desc);
            }
            case Column.Dbl d -> {
                DoubleVec values = d.values();
                yield ranked(row -> ColumnScans.orderKey(values.get(row)), d.nulls(), desc);
            }
            case Column.Day d -> ranked(d.epochDays()::get, d.nulls(), desc);
            case Column.Time t -> ranked(t.epochMillis()::get, t.nulls(), desc);
            default -> null;
        };
    }

    private static OrderedAt ranked(OrderedAt v, BitSet nulls, boolean desc) {
        return desc ? row -> nulls.get(row) ? Long.MAX_VALUE : ~v.at(row) : row -> nulls.get(row) ? Long.MAX_VALUE : v.at(row);
    }

    /** A row's value as a long in the order of its type (numbers: Double.compare's; days, instants: time). */
    private interface OrderedAt {
        long at(int row);
    }

    private int compare(int a, int b) {
        for (Key k : keys) {
            int c = k.compare(a, b);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a, b);
    }

    /** One more matching row; rows come in any order. */
    void offer(int row) {
        total++;
        if (size < wanted) {
            heap[size] = row;
            siftUp(size++);
        } else if (wanted > 0 && (firstRank == null || firstRank.at(row) <= firstRank.at(heap[0])) && compare(row, heap[0]) < 0) {
            heap[0] = row;
            siftDown(0);
        }
    }

    int total() {
        return total;
    }

    /** The rows kept, in order: the first {@code min(wanted, total)} rows of the sorted matches. */
    int[] inOrder() {
        Integer[] rows = new Integer[size];
        for (int i = 0; i < size; i++) {
            rows[i] = heap[i];
        }
        Arrays.sort(rows, this::compare);
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = rows[i];
        }
        return out;
    }

    private void siftUp(int i) {
        int v = heap[i];
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (compare(heap[parent], v) >= 0) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = v;
    }

    private void siftDown(int i) {
        int v = heap[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && compare(heap[c + 1], heap[c]) > 0) {
                c++;
            }
            if (compare(heap[c], v) <= 0) {
                break;
            }
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = v;
    }
}
