package fr.geoeduc.core.join;

import org.locationtech.jts.algorithm.CGAlgorithmsDD;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A grid of cells over the polygons, refined (4 × 4 children, up to 6 levels) where many boundary segments pass, so
 * that most points are answered by arithmetic alone. A cell that no boundary crosses (its square widened by
 * {@link #EPS}) has one answer for all its points. A leaf that boundaries cross keeps, per polygon crossing it, its
 * segments in the cell and whether the cell's reference point is inside; a point is then placed by counting crossings
 * between it and the reference point, a dozen segments at most instead of the whole polygon. The states of the
 * reference points are found with JTS's locators for the first root cell of each row only, then carried along the row
 * and down into the children by the same crossing parity.
 * Answers are exactly those of testing every polygon with its locator: the first polygon (in the input's order)
 * containing the point, a point on a boundary counting as inside, and how many contain it.
 *
 * <p>Cell codes: {@code >= 0} the only polygon containing every point of the cell; {@link #EMPTY} none; otherwise
 * {@code -2 - offset} into the root cell's pool, where a node is {@code [NODE, 16 child codes]} and a leaf is
 * {@code [LEAF, reference, nW, w…, nB, (polygon, state, nS, segment…)…]} (W: polygons containing the whole cell).
 */
final class PolygonGrid {

    static final int EMPTY = -1;
    /** Widening of every cell for the boundary test, in coordinate units: far above rounding errors, far below a metre. */
    static final double EPS = 1e-9;
    private static final int SPLIT = 4;
    private static final int[] EMPTY_LIST = new int[0];
    private static final int NODE = 0;
    private static final int LEAF = 1;
    private static final int MAX_DEPTH = 6;
    /** A crossed cell with this many boundary segments or fewer is a leaf (refining it costs more than it saves). */
    private static final int LEAF_SEGMENTS = 12;

    /** Bumped whenever the layout or the way cells are built changes: index files of another format are rebuilt. */
    static final int FORMAT = 1;

    final PolygonRings rings;
    final double x0;
    final double y0;
    final double cell;
    final int nx;
    final int ny;
    /** Per root cell (row-major): its code, nodes and leaves being offsets into its row's part of {@link #pool}. */
    final int[] roots;
    /** The nodes and leaves of every row of root cells, row after row; {@link #poolBase}: where each row's part starts. */
    final int[] pool;
    final int[] poolBase;
    /** The leaves' reference points (x, y), row after row; {@link #refBase}: where each row's part starts. */
    final double[] refs;
    final int[] refBase;

    // the boundary segments: vertex v to v + 1 of polygon owner[v], when owner[v] >= 0 (v + 1 is in the same ring)
    private final double[] vx;
    private final double[] vy;
    private final int[] owner;

    /** A grid read back from its file: the same fields as {@link #build} gave. */
    PolygonGrid(PolygonRings rings, double x0, double y0, double cell, int nx, int ny, int[] roots, int[] pool, int[] poolBase,
                double[] refs, int[] refBase) {
        this.rings = rings;
        this.vx = rings.vx;
        this.vy = rings.vy;
        this.owner = rings.owner;
        this.x0 = x0;
        this.y0 = y0;
        this.cell = cell;
        this.nx = nx;
        this.ny = ny;
        this.roots = roots;
        this.pool = pool;
        this.poolBase = poolBase;
        this.refs = refs;
        this.refBase = refBase;
    }

    /**
     * Builds the grid of {@code rings} (the boundaries of {@code polygons}, all polygonal), about {@code cellsPerPolygon}
     * root cells per polygon; rows of root cells are built in parallel, each by one builder.
     */
    static PolygonGrid build(PolygonRings rings, Geometry[] polygons, IndexedPointInAreaLocator[] locators, STRtree tree,
                             double cellsPerPolygon) {
        Envelope all = rings.envelope();
        if (all.isNull()) {
            return new PolygonGrid(rings, 0, 0, 1, 0, 0, new int[0], new int[0], new int[0], new double[0], new int[0]);
        }
        all.expandBy(1e-6);
        double target = Math.max(1, cellsPerPolygon * polygons.length);
        double cell = Math.max(Math.sqrt(all.getArea() / target), 1e-6);
        int nx = Math.max(1, (int) Math.ceil(all.getWidth() / cell));
        int ny = Math.max(1, (int) Math.ceil(all.getHeight() / cell));
        PolygonGrid shell = new PolygonGrid(rings, all.getMinX(), all.getMinY(), cell, nx, ny, new int[nx * ny], null, null, null, null);
        return shell.buildCells(polygons.length, locators, tree);
    }

    private PolygonGrid buildCells(int polygons, IndexedPointInAreaLocator[] locators, STRtree tree) {
        // the segments of each root cell (counting sort over the cells each segment crosses)
        int[] counts = new int[nx * ny + 1];
        forEachRootCell((s, c) -> counts[c + 1]++);
        for (int c = 0; c < nx * ny; c++) {
            counts[c + 1] += counts[c];
        }
        int[] segs = new int[counts[nx * ny]];
        int[] fill = Arrays.copyOf(counts, nx * ny);
        forEachRootCell((s, c) -> segs[fill[c]++] = s);

        int[][] rowPools = new int[ny][];
        double[][] rowRefs = new double[ny][];
        IntStream.range(0, ny).parallel().forEach(iy -> {
            Builder b = new Builder(polygons, locators);
            double cy = y0 + iy * cell;
            // which polygons hold each root cell's reference point: found by the locators for the row's first cell,
            // then carried from cell to cell along the row, flipped at each boundary segment the way crosses
            Membership in = new Membership(polygons);
            double[] previousRef = null;
            int[] previous = EMPTY_LIST;
            for (int ix = 0; ix < nx; ix++) {
                int c = iy * nx + ix;
                double cx = x0 + ix * cell;
                int n = counts[c + 1] - counts[c];
                int[] own = Arrays.copyOfRange(segs, counts[c], counts[c + 1]);
                int[] crossing = b.owners(own, n);
                double[] ref = b.reference(cx, cy, cell, own, n);
                if (previousRef == null) {
                    double[] at = ref;
                    tree.query(new Envelope(at[0], at[0], at[1], at[1]), item -> {
                        int p = (Integer) item;
                        if (b.inside(p, at[0], at[1])) {
                            in.flip(p);
                        }
                    });
                } else {
                    b.flip(in, previous, previous.length, null, 0, previousRef, ref);
                    b.flip(in, own, n, previous, previous.length, previousRef, ref);
                }
                int[] whole = in.without(crossing);
                boolean[] states = new boolean[crossing.length];
                for (int k = 0; k < crossing.length; k++) {
                    states[k] = in.has(crossing[k]);
                }
                roots[c] = b.cell(cx, cy, cell, own, n, whole, crossing, ref, states, 0);
                previousRef = ref;
                previous = own;
            }
            rowPools[iy] = b.pool();
            rowRefs[iy] = b.refs();
        });
        int[] poolBase = new int[ny];
        int[] refBase = new int[ny];
        long poolSize = 0;
        long refSize = 0;
        for (int iy = 0; iy < ny; iy++) {
            poolBase[iy] = (int) poolSize;
            refBase[iy] = (int) refSize;
            poolSize += rowPools[iy].length;
            refSize += rowRefs[iy].length;
            if (poolSize > Integer.MAX_VALUE - 8 || refSize > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("polygon grid over 2^31 entries: too many boundary segments");
            }
        }
        int[] flatPool = new int[(int) poolSize];
        double[] flatRefs = new double[(int) refSize];
        for (int iy = 0; iy < ny; iy++) {
            System.arraycopy(rowPools[iy], 0, flatPool, poolBase[iy], rowPools[iy].length);
            System.arraycopy(rowRefs[iy], 0, flatRefs, refBase[iy], rowRefs[iy].length);
        }
        return new PolygonGrid(rings, x0, y0, cell, nx, ny, roots, flatPool, poolBase, flatRefs, refBase);
    }

    /** The heap this grid holds (its arrays), for the cache's bound. */
    long bytes() {
        return rings.bytes() + 4L * (roots.length + pool.length + poolBase.length + refBase.length) + 8L * refs.length;
    }

    /** The root cell of the point (row-major), -1 outside the grid. */
    int rootCell(double x, double y) {
        double fx = (x - x0) / cell;
        double fy = (y - y0) / cell;
        return fx >= 0 && fy >= 0 && fx < nx && fy < ny ? (int) fy * nx + (int) fx : -1;
    }

    /**
     * {@link #locate} of every point, written to {@code out}: the points are taken root cell by root cell (a counting
     * sort), so that each cell's nodes and segments are read from the processor's cache rather than from memory; the
     * cells are shared among the cores.
     */
    void locateAll(double[] x, double[] y, long[] out) {
        int n = x.length;
        int cells = roots.length;
        int[] cellOf = new int[n];
        int[] start = new int[cells + 2];
        for (int i = 0; i < n; i++) {
            int c = rootCell(x[i], y[i]);
            cellOf[i] = c;
            start[c + 2]++;
        }
        for (int c = 0; c <= cells; c++) {
            start[c + 1] += start[c];
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[start[cellOf[i] + 1]++] = i;
        }
        int chunk = 1 << 14;
        IntStream.range(0, (n + chunk - 1) / chunk).parallel().forEach(k -> {
            for (int j = k * chunk, end = Math.min(n, j + chunk); j < end; j++) {
                int i = order[j];
                out[i] = locate(x[i], y[i]);
            }
        });
    }

    /** The first polygon containing the point (-1: none) and how many contain it, packed by {@link #answer}. */
    long locate(double x, double y) {
        double fx = (x - x0) / cell;
        double fy = (y - y0) / cell;
        if (!(fx >= 0 && fy >= 0 && fx < nx && fy < ny)) {
            return answer(-1, 0);
        }
        int ix = (int) fx;
        int iy = (int) fy;
        int code = roots[iy * nx + ix];
        if (code >= 0) {
            return answer(code, 1);
        }
        if (code == EMPTY) {
            return answer(-1, 0);
        }
        int base = poolBase[iy];
        double size = cell;
        double cx = x0 + ix * cell;
        double cy = y0 + iy * cell;
        while (true) {
            int at = base - 2 - code;
            if (pool[at] == LEAF) {
                return leaf(refBase[iy], at + 1, x, y);
            }
            size /= SPLIT;
            int jx = Math.min(SPLIT - 1, Math.max(0, (int) ((x - cx) / size)));
            int jy = Math.min(SPLIT - 1, Math.max(0, (int) ((y - cy) / size)));
            cx += jx * size;
            cy += jy * size;
            code = pool[at + 1 + jy * SPLIT + jx];
            if (code >= 0) {
                return answer(code, 1);
            }
            if (code == EMPTY) {
                return answer(-1, 0);
            }
        }
    }

    /** Packs a polygon index (or -1) and a count in one long, so that a look-up allocates nothing. */
    static long answer(int polygon, int count) {
        return ((long) count << 32) | (polygon & 0xffffffffL);
    }

    static int polygon(long answer) {
        return (int) answer;
    }

    static int count(long answer) {
        return (int) (answer >>> 32);
    }

    /**
     * A crossed cell: the polygons containing all of it, then for each polygon whose boundary crosses it, whether the
     * cell's reference point is inside and the boundary segments in the cell. The point is inside such a polygon when it
     * lies on one of those segments, or when the segment from it to the reference point crosses an odd number of them
     * (both points are in the cell, so every segment that could cross is in the list). Orientations are exact (JTS's
     * robust predicate); a vertex on the connecting segment counts on one side only, so parity holds at vertices.
     */
    private long leaf(int refAt, int at, double x, double y) {
        int first = Integer.MAX_VALUE;
        int count = 0;
        double rx = refs[refAt + pool[at]];
        double ry = refs[refAt + pool[at] + 1];
        int nw = pool[at + 1];
        for (int k = 0; k < nw; k++) {
            first = Math.min(first, pool[at + 2 + k]);
            count++;
        }
        int b = at + 2 + nw;
        int nb = pool[b++];
        for (int k = 0; k < nb; k++) {
            int poly = pool[b];
            boolean in = pool[b + 1] == 1;
            int ns = pool[b + 2];
            int from = b + 3;
            b = from + ns;
            for (int i = from; i < b; i++) {
                int sg = pool[i];
                double ax = vx[sg];
                double ay = vy[sg];
                double bx = vx[sg + 1];
                double by = vy[sg + 1];
                int sq = CGAlgorithmsDD.orientationIndex(ax, ay, bx, by, x, y);
                if (sq == 0) {
                    if (x >= Math.min(ax, bx) && x <= Math.max(ax, bx) && y >= Math.min(ay, by) && y <= Math.max(ay, by)) {
                        in = true;
                        break;
                    }
                    continue;
                }
                if (crossing(sq, x, y, rx, ry, ax, ay, bx, by)) {
                    in = !in;
                }
            }
            if (in) {
                first = Math.min(first, poly);
                count++;
            }
        }
        return count == 0 ? answer(-1, 0) : answer(first, count);
    }

    /**
     * Whether the segment q–r crosses the edge a–b, neither q nor r being on the edge ({@code sq}: the orientation of q
     * against a–b, not 0). A vertex of the edge on the line q–r counts as on its right: the parity of the crossings
     * along q–r is then the same as for a line moved an infinitesimal step, which meets no vertex.
     */
    private static boolean crossing(int sq, double qx, double qy, double rx, double ry, double ax, double ay, double bx, double by) {
        if (sq != -CGAlgorithmsDD.orientationIndex(ax, ay, bx, by, rx, ry)) {
            return false;
        }
        boolean pa = CGAlgorithmsDD.orientationIndex(qx, qy, rx, ry, ax, ay) > 0;
        boolean pb = CGAlgorithmsDD.orientationIndex(qx, qy, rx, ry, bx, by) > 0;
        return pa != pb;
    }

    private interface SegmentCell {
        void accept(int segment, int cell);
    }

    private void forEachRootCell(SegmentCell action) {
        for (int s = 0, segmentCount = vx.length; s < segmentCount; s++) {
            if (owner[s] < 0) {
                continue;
            }
            int ax = clamp((int) Math.floor((Math.min(vx[s], vx[s + 1]) - EPS - x0) / cell), nx);
            int bx = clamp((int) Math.floor((Math.max(vx[s], vx[s + 1]) + EPS - x0) / cell), nx);
            int ay = clamp((int) Math.floor((Math.min(vy[s], vy[s + 1]) - EPS - y0) / cell), ny);
            int by = clamp((int) Math.floor((Math.max(vy[s], vy[s + 1]) + EPS - y0) / cell), ny);
            for (int iy = ay; iy <= by; iy++) {
                for (int ix = ax; ix <= bx; ix++) {
                    if ((ax == bx && ay == by) || crosses(s, x0 + ix * cell, y0 + iy * cell, cell)) {
                        action.accept(s, iy * nx + ix);
                    }
                }
            }
        }
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }

    /** Whether segment s may meet the square (x, y, size) widened by EPS: conservative, never a false "no". */
    private boolean crosses(int s, double x, double y, double size) {
        double ax = vx[s];
        double ay = vy[s];
        double bx = vx[s + 1];
        double by = vy[s + 1];
        double minX = x - EPS;
        double maxX = x + size + EPS;
        double minY = y - EPS;
        double maxY = y + size + EPS;
        if (Math.max(ax, bx) < minX || Math.min(ax, bx) > maxX || Math.max(ay, by) < minY || Math.min(ay, by) > maxY) {
            return false;
        }
        double dx = bx - ax;
        double dy = by - ay;
        double tol = EPS * Math.sqrt(dx * dx + dy * dy);
        double c1 = dx * (minY - ay) - dy * (minX - ax);
        double c2 = dx * (minY - ay) - dy * (maxX - ax);
        double c3 = dx * (maxY - ay) - dy * (minX - ax);
        double c4 = dx * (maxY - ay) - dy * (maxX - ax);
        boolean allAbove = c1 > tol && c2 > tol && c3 > tol && c4 > tol;
        boolean allBelow = c1 < -tol && c2 < -tol && c3 < -tol && c4 < -tol;
        return !(allAbove || allBelow);
    }

    /** Builds the subtrees of one row of root cells into the row's pool (rows are built in parallel). */
    private final class Builder {
        private final int[] seen;
        private final IndexedPointInAreaLocator[] locators;
        private final Coordinate probe = new Coordinate();
        private int stamp;
        private int[] pool = new int[64];
        private int size;
        private double[] refPool = new double[8];
        private int refSize;

        double[] refs() {
            return Arrays.copyOf(refPool, refSize);
        }

        Builder(int polygons, IndexedPointInAreaLocator[] locators) {
            this.seen = new int[polygons];
            this.locators = locators;
        }

        boolean inside(int polygon, double x, double y) {
            probe.x = x;
            probe.y = y;
            return locators[polygon].locate(probe) != Location.EXTERIOR;
        }

        int[] pool() {
            return Arrays.copyOf(pool, size);
        }

        /** The distinct owners of the segments, sorted. */
        int[] owners(int[] segs, int n) {
            stamp++;
            int[] out = new int[Math.min(n, 16)];
            int k = 0;
            for (int i = 0; i < n; i++) {
                int p = owner[segs[i]];
                if (seen[p] != stamp) {
                    seen[p] = stamp;
                    if (k == out.length) {
                        out = Arrays.copyOf(out, k * 2);
                    }
                    out[k++] = p;
                }
            }
            out = Arrays.copyOf(out, k);
            Arrays.sort(out);
            return out;
        }

        /**
         * The code of a cell: {@code whole}, the polygons containing all of it; {@code crossing}, those whose boundary
         * crosses it (sorted), with {@code states}: whether the cell's reference point {@code ref} is inside each.
         */
        int cell(double x, double y, double s, int[] segs, int n, int[] whole, int[] crossing, double[] ref, boolean[] states, int depth) {
            if (n == 0) {
                if (whole.length == 0) {
                    return EMPTY;
                }
                if (whole.length == 1) {
                    return whole[0];
                }
                return leaf(segs, 0, whole, crossing, ref, states);
            }
            if (depth == MAX_DEPTH || n <= LEAF_SEGMENTS) {
                return leaf(segs, n, whole, crossing, ref, states);
            }
            double child = s / SPLIT;
            int[][] lists = new int[SPLIT * SPLIT][];
            int[] sizes = new int[SPLIT * SPLIT];
            int[] slot = new int[n];
            for (int i = 0; i < n; i++) {
                int sg = segs[i];
                slot[i] = Arrays.binarySearch(crossing, owner[sg]);
                int ax = clamp((int) Math.floor((Math.min(vx[sg], vx[sg + 1]) - EPS - x) / child), SPLIT);
                int bx = clamp((int) Math.floor((Math.max(vx[sg], vx[sg + 1]) + EPS - x) / child), SPLIT);
                int ay = clamp((int) Math.floor((Math.min(vy[sg], vy[sg + 1]) - EPS - y) / child), SPLIT);
                int by = clamp((int) Math.floor((Math.max(vy[sg], vy[sg + 1]) + EPS - y) / child), SPLIT);
                for (int iy = ay; iy <= by; iy++) {
                    for (int ix = ax; ix <= bx; ix++) {
                        if ((ax == bx && ay == by) || crosses(sg, x + ix * child, y + iy * child, child)) {
                            int c = iy * SPLIT + ix;
                            if (lists[c] == null) {
                                lists[c] = new int[Math.max(4, n / 4)];
                            } else if (sizes[c] == lists[c].length) {
                                lists[c] = Arrays.copyOf(lists[c], sizes[c] * 2);
                            }
                            lists[c][sizes[c]++] = sg;
                        }
                    }
                }
            }
            // each polygon's state at each child's reference point: from this cell's reference point to the first
            // child's, then child to adjacent child along a snake, flipped at each of its segments crossing the way
            int[] codes = new int[SPLIT * SPLIT];
            boolean[] state = states.clone();
            double[] from = ref;
            int previous = -1;
            for (int step = 0; step < SPLIT * SPLIT; step++) {
                int row = step / SPLIT;
                int c = row * SPLIT + (row % 2 == 0 ? step % SPLIT : SPLIT - 1 - step % SPLIT);
                double cx = x + (c % SPLIT) * child;
                double cy = y + (c / SPLIT) * child;
                int[] childSegs = lists[c] == null ? EMPTY_LIST : lists[c];
                int childN = sizes[c];
                double[] childRef = reference(cx, cy, child, childSegs, childN);
                if (previous < 0) {
                    flip(state, segs, n, null, 0, slot, crossing, from, childRef);
                } else {
                    int[] before = lists[previous] == null ? EMPTY_LIST : lists[previous];
                    flip(state, before, sizes[previous], null, 0, null, crossing, from, childRef);
                    flip(state, childSegs, childN, before, sizes[previous], null, crossing, from, childRef);
                }
                int[] childCrossing = owners(childSegs, childN);
                boolean[] childStates = new boolean[childCrossing.length];
                int[] childWhole = whole;
                for (int k = 0, j = 0; k < crossing.length; k++) {
                    if (j < childCrossing.length && childCrossing[j] == crossing[k]) {
                        childStates[j++] = state[k];
                    } else if (state[k]) {
                        childWhole = insert(childWhole, crossing[k]);
                    }
                }
                codes[c] = cell(cx, cy, child, childSegs, childN, childWhole, childCrossing, childRef, childStates, depth + 1);
                from = childRef;
                previous = c;
            }
            int at = append(1 + codes.length);
            pool[at] = NODE;
            System.arraycopy(codes, 0, pool, at + 1, codes.length);
            return -2 - at;
        }

        /** {@link #flip(boolean[], int[], int, int[], int, int[], int[], double[], double[])} on the polygons holding a point. */
        void flip(Membership in, int[] segs, int n, int[] skip, int skipN, double[] q, double[] r) {
            for (int i = 0; i < n; i++) {
                int sg = segs[i];
                if (crossesWay(sg, skip, skipN, q, r)) {
                    in.flip(owner[sg]);
                }
            }
        }

        /**
         * Flips the state of each polygon one of whose segments ({@code segs}, less those in {@code skip}: ascending
         * lists) crosses the way q–r. {@code slot}: each segment's polygon in {@code crossing}, when known.
         */
        private void flip(boolean[] states, int[] segs, int n, int[] skip, int skipN, int[] slot, int[] crossing, double[] q, double[] r) {
            for (int i = 0; i < n; i++) {
                int sg = segs[i];
                if (crossesWay(sg, skip, skipN, q, r)) {
                    int k = slot != null ? slot[i] : Arrays.binarySearch(crossing, owner[sg]);
                    states[k] = !states[k];
                }
            }
        }

        /** Whether segment {@code sg} (unless listed in the ascending {@code skip}) crosses the way q–r. */
        private boolean crossesWay(int sg, int[] skip, int skipN, double[] q, double[] r) {
            double ax = vx[sg];
            double ay = vy[sg];
            double bx = vx[sg + 1];
            double by = vy[sg + 1];
            if (Math.max(ax, bx) < Math.min(q[0], r[0]) || Math.min(ax, bx) > Math.max(q[0], r[0])
                    || Math.max(ay, by) < Math.min(q[1], r[1]) || Math.min(ay, by) > Math.max(q[1], r[1])) {
                return false;
            }
            if (skip != null && Arrays.binarySearch(skip, 0, skipN, sg) >= 0) {
                return false;
            }
            int sq = CGAlgorithmsDD.orientationIndex(ax, ay, bx, by, r[0], r[1]);
            return sq != 0 && crossing(sq, r[0], r[1], q[0], q[1], ax, ay, bx, by);
        }

        private int leaf(int[] segs, int n, int[] whole, int[] crossing, double[] ref, boolean[] states) {
            if (refSize + 2 > refPool.length) {
                refPool = Arrays.copyOf(refPool, refPool.length * 2);
            }
            int refAt = refSize;
            refPool[refSize++] = ref[0];
            refPool[refSize++] = ref[1];
            int at = append(4 + whole.length + n + 3 * crossing.length);
            int i = at;
            pool[i++] = LEAF;
            pool[i++] = refAt;
            pool[i++] = whole.length;
            for (int w : whole) {
                pool[i++] = w;
            }
            pool[i++] = n == 0 ? 0 : crossing.length;
            if (n > 0) {
                for (int q = 0; q < crossing.length; q++) {
                    int p = crossing[q];
                    pool[i++] = p;
                    pool[i++] = states[q] ? 1 : 0;
                    int countAt = i++;
                    int k = 0;
                    for (int j = 0; j < n; j++) {
                        if (owner[segs[j]] == p) {
                            pool[i++] = segs[j];
                            k++;
                        }
                    }
                    pool[countAt] = k;
                }
            }
            size = i;
            return -2 - at;
        }

        /** A point of the cell on none of its segments (the centre, else another). */
        double[] reference(double x, double y, double s, int[] segs, int n) {
            double[][] tries = {{0.5, 0.5}, {0.3819, 0.6180}, {0.7236, 0.2764}, {0.1459, 0.8541}, {0.6180, 0.1459}};
            for (double[] t : tries) {
                double rx = x + t[0] * s;
                double ry = y + t[1] * s;
                boolean clear = true;
                for (int j = 0; j < n && clear; j++) {
                    int sg = segs[j];
                    clear = CGAlgorithmsDD.orientationIndex(vx[sg], vy[sg], vx[sg + 1], vy[sg + 1], rx, ry) != 0;
                }
                if (clear) {
                    return new double[] {rx, ry};
                }
            }
            throw new IllegalStateException("no reference point clear of the boundary in a cell at " + x + ", " + y);
        }

        private int append(int n) {
            if (size + n > pool.length) {
                pool = Arrays.copyOf(pool, Math.max(pool.length * 2, size + n));
            }
            int at = size;
            size += n;
            return at;
        }
    }

    /** The polygons holding a moving point: a flag per polygon and the short list of those set. */
    private static final class Membership {
        private final boolean[] flags;
        private int[] members = new int[8];
        private int size;

        Membership(int polygons) {
            flags = new boolean[polygons];
        }

        void flip(int p) {
            flags[p] = !flags[p];
            if (flags[p]) {
                if (size == members.length) {
                    members = Arrays.copyOf(members, size * 2);
                }
                members[size++] = p;
            } else {
                for (int i = 0; i < size; i++) {
                    if (members[i] == p) {
                        members[i] = members[--size];
                        break;
                    }
                }
            }
        }

        boolean has(int p) {
            return flags[p];
        }

        /** The polygons held, less those in {@code crossing} (sorted), sorted. */
        int[] without(int[] crossing) {
            int[] out = new int[size];
            int k = 0;
            for (int i = 0; i < size; i++) {
                if (Arrays.binarySearch(crossing, members[i]) < 0) {
                    out[k++] = members[i];
                }
            }
            out = k == size ? out : Arrays.copyOf(out, k);
            Arrays.sort(out);
            return out;
        }
    }

    private static int[] insert(int[] sorted, int p) {
        int i = -1 - Arrays.binarySearch(sorted, p);
        int[] out = new int[sorted.length + 1];
        System.arraycopy(sorted, 0, out, 0, i);
        out[i] = p;
        System.arraycopy(sorted, i, out, i + 1, sorted.length - i);
        return out;
    }
}
