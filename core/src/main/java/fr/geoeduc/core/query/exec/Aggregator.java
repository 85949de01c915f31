package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.model.GeoPoint;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The state of one aggregate over one group. Exact: count(distinct) keeps the values, median sorts them. */
abstract class Aggregator {

    abstract void add(Object value);

    /** A non-null value of an integer field; aggregates that can take it unboxed override this. */
    void addLong(long value) {
        add(value);
    }

    /** A non-null value of a decimal field; aggregates that can take it unboxed override this. */
    void addDouble(double value) {
        add(value);
    }

    abstract Object result();

    /** A text field's value given by its dictionary code (-1: null); decoded unless the aggregate needs only the code. */
    void addCode(int code, fr.geoeduc.core.engine.TextDictionary dictionary) {
        add(code < 0 ? null : dictionary.get(code));
    }

    /** A factory per aggregate call of the query, creating one state per group. */
    interface Factory {
        Aggregator create();
    }

    static Factory factory(String name, boolean distinct, boolean star, double percentile) {
        return switch (name) {
            case "count" -> star ? CountAll::new : distinct ? CountDistinct::new : Count::new;
            case "sum" -> Sum::new;
            case "avg" -> Avg::new;
            case "min" -> () -> new Extreme(true);
            case "max" -> () -> new Extreme(false);
            case "median" -> () -> new Percentile(50);
            case "percentile" -> () -> new Percentile(percentile);
            case "envelope" -> () -> new Shape(true);
            case "bbox" -> () -> new Shape(false);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** An aggregate of numbers taken as doubles; other values are ignored. */
    abstract static class OfNumbers extends Aggregator {
        @Override
        final void add(Object v) {
            if (v instanceof Number x) {
                addDouble(x.doubleValue());
            }
        }

        @Override
        final void addLong(long v) {
            addDouble(v);
        }
    }

    static final class CountAll extends Aggregator {
        long n;

        void add(Object v) {
            n++;
        }

        @Override
        void addLong(long v) {
            n++;
        }

        @Override
        void addDouble(double v) {
            n++;
        }

        /** {@code rows} more rows at once. */
        void addRows(long rows) {
            n += rows;
        }

        Object result() {
            return n;
        }
    }

    static final class Count extends Aggregator {
        long n;

        void add(Object v) {
            if (v != null) {
                n++;
            }
        }

        @Override
        void addLong(long v) {
            n++;
        }

        @Override
        void addDouble(double v) {
            n++;
        }

        Object result() {
            return n;
        }
    }

    static final class CountDistinct extends Aggregator {
        final Set<Object> seen = new HashSet<>();
        /** The codes seen of a text field: 4 to 8 bytes a value, or a bit per dictionary entry once that is smaller. */
        private final DistinctCodes codes = new DistinctCodes();

        void add(Object v) {
            if (v != null) {
                seen.add(v);
            }
        }

        @Override
        void addCode(int code, fr.geoeduc.core.engine.TextDictionary dictionary) {
            if (code >= 0) {
                codes.add(code, dictionary.size());
            }
        }

        Object result() {
            return (long) seen.size() + codes.size();
        }
    }

    static final class Sum extends Aggregator {
        double sum;
        long longSum;
        boolean any;
        boolean allLong = true;

        void add(Object v) {
            if (v instanceof Long l) {
                longSum += l;
                sum += l;
                any = true;
            } else if (v instanceof Double d) {
                addDouble(d);
            }
        }

        @Override
        void addLong(long v) {
            longSum += v;
            sum += v;
            any = true;
        }

        @Override
        void addDouble(double v) {
            sum += v;
            allLong = false;
            any = true;
        }

        Object result() {
            return !any ? null : allLong ? (Object) longSum : (Object) sum;
        }
    }

    static final class Avg extends OfNumbers {
        double sum;
        long n;

        @Override
        void addDouble(double v) {
            sum += v;
            n++;
        }

        Object result() {
            return n == 0 ? null : sum / n;
        }
    }

    static final class Extreme extends Aggregator {
        final boolean min;
        Object best;

        Extreme(boolean min) {
            this.min = min;
        }

        void add(Object v) {
            if (v == null || !(v instanceof Number || v instanceof LocalDate || v instanceof Instant || v instanceof String)) {
                return;
            }
            if (best == null) {
                best = v;
                return;
            }
            Integer c = Values.compare(v, best);
            if (c != null && (min ? c < 0 : c > 0)) {
                best = v;
            }
        }

        Object result() {
            return best;
        }
    }

    static final class Percentile extends OfNumbers {
        final double p;
        double[] values = new double[16];
        int n;

        Percentile(double p) {
            this.p = p;
        }

        @Override
        void addDouble(double v) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = v;
        }

        Object result() {
            if (n == 0) {
                return null;
            }
            double[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            double rank = p / 100.0 * (n - 1);
            int lo = (int) Math.floor(rank);
            int hi = (int) Math.ceil(rank);
            return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
        }
    }

    static final class Shape extends Aggregator {
        static final GeometryFactory FACTORY = new GeometryFactory();
        final boolean hull;
        final List<Coordinate> points = new ArrayList<>();
        final Envelope envelope = new Envelope();

        Shape(boolean hull) {
            this.hull = hull;
        }

        void add(Object v) {
            if (v instanceof GeoPoint p) {
                Coordinate c = new Coordinate(p.lon(), p.lat());
                envelope.expandToInclude(c);
                if (hull) {
                    points.add(c);
                }
            } else if (v instanceof Geometry g) {
                envelope.expandToInclude(g.getEnvelopeInternal());
                if (hull) {
                    points.addAll(Arrays.asList(g.getCoordinates()));
                }
            }
        }

        Object result() {
            if (envelope.isNull()) {
                return null;
            }
            if (hull) {
                return FACTORY.createMultiPointFromCoords(points.toArray(Coordinate[]::new)).convexHull();
            }
            return FACTORY.toGeometry(envelope);
        }
    }
}
