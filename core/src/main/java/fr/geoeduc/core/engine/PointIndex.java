package fr.geoeduc.core.engine;

import java.util.Arrays;

/**
 * A packed R-tree over the points of a column (rows sorted along a Hilbert curve, nodes of {@value #NODE} children,
 * boxes of every level in one vector), read-only once built. Where JTS's STRtree costs about 120 heap bytes per point (an
 * envelope, a boxed row number and a share of a node), this holds 4 bytes per point (the sorted rows; the points
 * themselves are read from the column) and about 2 for the node boxes, in memory-mapped files for a large version.
 */
final class PointIndex {

    static final int NODE = 16;

    private final Column.Point points;
    private final IntVec order;
    private final DoubleVec boxes; // per node: minLon, minLat, maxLon, maxLat; level 1 first, root last
    private final int[] levelStart; // first node of each level (level 1 = boxes of points), in nodes
    private final int[] levelSize;

    private PointIndex(Column.Point points, IntVec order, DoubleVec boxes, int[] levelStart, int[] levelSize) {
        this.points = points;
        this.order = order;
        this.boxes = boxes;
        this.levelStart = levelStart;
        this.levelSize = levelSize;
    }

    static PointIndex build(Column.Point p, int rows, ColumnFiles files) {
        double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        int m = 0;
        for (int r = 0; r < rows; r++) {
            if (indexable(p, r)) {
                double x = p.lon().get(r), y = p.lat().get(r);
                minX = Math.min(minX, x);
                minY = Math.min(minY, y);
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, y);
                m++;
            }
        }
        long[] keys = new long[m];
        double w = maxX > minX ? 65535 / (maxX - minX) : 0;
        double h = maxY > minY ? 65535 / (maxY - minY) : 0;
        for (int r = 0, k = 0; r < rows; r++) {
            if (indexable(p, r)) {
                long d = hilbert((int) ((p.lon().get(r) - minX) * w), (int) ((p.lat().get(r) - minY) * h));
                keys[k++] = d << 31 | r;
            }
        }
        Arrays.sort(keys);
        IntVec order = IntVec.allocate(m, files);
        for (int k = 0; k < m; k++) {
            order.set(k, (int) (keys[k] & 0x7fff_ffffL));
        }
        keys = null;
        int levels = 0;
        long nodes = 0;
        for (long size = m; ; ) {
            size = (size + NODE - 1) / NODE;
            levels++;
            nodes += size;
            if (size <= 1) {
                break;
            }
        }
        int[] levelStart = new int[levels + 1];
        int[] levelSize = new int[levels + 1];
        DoubleVec boxes = DoubleVec.allocate((int) Math.max(4, 4 * nodes), files);
        int below = m;
        int at = 0;
        for (int level = 1; level <= levels; level++) {
            int size = (below + NODE - 1) / NODE;
            levelStart[level] = at;
            levelSize[level] = size;
            for (int node = 0; node < size; node++) {
                double x0 = Double.POSITIVE_INFINITY, y0 = Double.POSITIVE_INFINITY;
                double x1 = Double.NEGATIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
                for (int c = node * NODE, end = Math.min(below, c + NODE); c < end; c++) {
                    if (level == 1) {
                        int r = order.get(c);
                        double x = p.lon().get(r), y = p.lat().get(r);
                        x0 = Math.min(x0, x);
                        y0 = Math.min(y0, y);
                        x1 = Math.max(x1, x);
                        y1 = Math.max(y1, y);
                    } else {
                        int b = 4 * (levelStart[level - 1] + c);
                        x0 = Math.min(x0, boxes.get(b));
                        y0 = Math.min(y0, boxes.get(b + 1));
                        x1 = Math.max(x1, boxes.get(b + 2));
                        y1 = Math.max(y1, boxes.get(b + 3));
                    }
                }
                int b = 4 * (at + node);
                boxes.set(b, x0);
                boxes.set(b + 1, y0);
                boxes.set(b + 2, x1);
                boxes.set(b + 3, y1);
            }
            at += size;
            below = size;
        }
        levelSize[0] = m;
        return new PointIndex(p, order, boxes, levelStart, levelSize);
    }

    private static boolean indexable(Column.Point p, int r) {
        return !p.nulls().get(r) && !Double.isNaN(p.lon().get(r)) && !Double.isNaN(p.lat().get(r));
    }

    /** The rows whose point lies in the box (bounds included), ascending. */
    int[] rowsInBox(double minLon, double maxLon, double minLat, double maxLat) {
        int top = levelSize.length - 1;
        if (levelSize[0] == 0) {
            return new int[0];
        }
        int[] found = new int[64];
        int count = 0;
        // stack of (level, node)
        int[] stackLevel = new int[64 * top + 1];
        int[] stackNode = new int[64 * top + 1];
        int sp = 0;
        for (int node = 0; node < levelSize[top]; node++) {
            stackLevel[sp] = top;
            stackNode[sp++] = node;
        }
        while (sp > 0) {
            int level = stackLevel[--sp];
            int node = stackNode[sp];
            int b = 4 * (levelStart[level] + node);
            if (boxes.get(b) > maxLon || boxes.get(b + 2) < minLon || boxes.get(b + 1) > maxLat || boxes.get(b + 3) < minLat) {
                continue;
            }
            int from = node * NODE;
            int end = Math.min(levelSize[level - 1], from + NODE);
            if (level == 1) {
                for (int c = from; c < end; c++) {
                    int r = order.get(c);
                    double x = points.lon().get(r), y = points.lat().get(r);
                    if (x >= minLon && x <= maxLon && y >= minLat && y <= maxLat) {
                        if (count == found.length) {
                            found = Arrays.copyOf(found, count * 2);
                        }
                        found[count++] = r;
                    }
                }
            } else {
                for (int c = from; c < end; c++) {
                    if (sp == stackLevel.length) {
                        stackLevel = Arrays.copyOf(stackLevel, sp * 2);
                        stackNode = Arrays.copyOf(stackNode, sp * 2);
                    }
                    stackLevel[sp] = level - 1;
                    stackNode[sp++] = c;
                }
            }
        }
        int[] out = Arrays.copyOf(found, count);
        Arrays.sort(out);
        return out;
    }

    /** Distance along a Hilbert curve of the 65,536 × 65,536 grid. */
    static long hilbert(int x, int y) {
        long d = 0;
        for (int s = 1 << 15; s > 0; s >>= 1) {
            int rx = (x & s) != 0 ? 1 : 0;
            int ry = (y & s) != 0 ? 1 : 0;
            d += (long) s * s * ((3 * rx) ^ ry);
            if (ry == 0) {
                if (rx == 1) {
                    x = 65535 - x;
                    y = 65535 - y;
                }
                int t = x;
                x = y;
                y = t;
            }
        }
        return d;
    }

    long heapBytes() {
        return order.heapBytes() + boxes.heapBytes();
    }
}
