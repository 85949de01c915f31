package fr.geoeduc.core.query.odsql;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Robustness of the ODSQL parser against hostile input: every case is parsed as where, select, group_by and
 * order_by; each parse must return a result or throw an {@link OdsqlException} (any other Throwable fails, printing
 * the input), must finish within {@value #MAX_MILLIS_PER_CASE} ms, and a returned tree must not be taller than
 * {@link OdsqlParser#MAX_HEIGHT}. The seed is fixed (override with {@code -Dodsql.fuzz.seed=…}) and printed.
 */
class OdsqlFuzzTest {

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();


    static final int CASES = 100_000;
    static final long MAX_MILLIS_PER_CASE = 200;

    enum Kind { TOKEN_SOUP, MUTATION, DEEP_NESTING, HUGE_IN_LIST, LONG_STRING, RANDOM_UNICODE }

    /** Valid queries of every clause (spec §3 and §7) that mutations start from. */
    static final List<String> CORPUS = List.of(
            "nom_commune='Marseille' AND type_etablissement='Lycée'",
            "code_region=75",
            "intersects(position, geom'{\"type\":\"Polygon\",\"coordinates\":[[[2.3,48.8],[2.4,48.8],[2.4,48.9],[2.3,48.8]]]}')",
            "search(type_etablissement,\"Lycée\")",
            "in_bbox(position, 48.1, -1.8, 48.2, -1.6)",
            "code_postal=\"35000\" AND (libelle_nature=\"COLLEGE\" OR libelle_nature like \"*LYCEE*\")",
            "(nom_etablissement LIKE \"*w*\" OR code_postal LIKE \"*w*\")\n  AND (libelle_nature=\"COLLEGE\"\n OR libelle_nature=\"LYCEE\")",
            "end_date>=date'2025-01-01'",
            "identifiant_de_l_etablissement=\"0920138A\"",
            "nom_etablissement,adresse_1,adresse_3, code_postal,identifiant_de_l_etablissement,date_ouverture, libelle_academie, libelle_nature",
            "sum(nb_pos)/sum(nb_tests)*100 as percentage",
            "count(distinct ifnull(f, 'x'))",
            "sum(effectif) as effectif__sum, count(*) as id__count, region",
            "f IN (\"v1\", \"v2\")",
            "f IN [1..10] AND g IN ]date'2017'..date'2018-06'[ AND h in [* TO 5]",
            "\"Paris\" IN multivalued_field",
            "\"tree\" AND NOT \"dog\"",
            "a IS NOT NULL AND flag IS TRUE OR b is null",
            "within_distance(position, geom'POINT(2.35 48.85)', 10km)",
            "distance(p, geom'POINT(2.35 48.85)', 2.5 km) AND geometry(p, geom'POLYGON((0 0, 1 0, 1 1, 0 0))', INTERSECTS)",
            "d > now(year=2020, days=-1) AND year(d) = 2020 AND date_format(d, 'YYYY-MM') = '2020-01'",
            "range(f, *, 10, 50, *), range(d, 1 day) AS r, range(g, 5), geo_cluster(p, 5, radius=40)",
            "year(d), month(d), date_format(d, 'YYYY-MM'), lower(artist), ifnull(f, 'x') as g",
            "count(*) DESC, population_count ASC, -population, random(42)",
            "include(code_*, nom), exclude(`geo point`), *",
            "`not` = 1 AND `a\\`b` != 'Don\\'t' AND 6eme_total <> 3 AND x: FALSE",
            "-a * (b + 2.5) / -3 >= .5 - c",
            "startswith(nom, \"Lyc\") OR suggest(nom, 'lyc') OR search(*, \"école\")",
            "d >= date'1970-01-01T00:00:00.000Z' AND d < date'2017/04/03' AND e = date'2017-04-03T08:02+02:00'",
            "polygon(p, geom'MULTIPOINT((1 2), (3 4))') OR disjoint(p, geom'{\"type\":\"Point\",\"coordinates\":[2.35,48.85]}')");

    static final String[] VOCABULARY = {
            "AND", "and", "OR", "or", "NOT", "not", "IN", "in", "IS", "is", "NULL", "null", "TRUE", "true", "FALSE", "false",
            "LIKE", "like", "AS", "as", "ASC", "DESC", "desc", "TO", "to", "DISTINCT", "distinct", "by", "select", "where",
            "count", "sum", "avg", "min", "max", "search", "suggest", "startswith", "within_distance", "in_bbox",
            "intersects", "within", "disjoint", "distance", "geometry", "polygon", "range", "geo_cluster", "date_format",
            "year", "month", "day", "now", "ifnull", "lower", "include", "exclude", "random", "percentile", "INTERSECTS",
            "a", "b", "f", "code_region", "nom_commune", "6eme_total", "position", "_x", "`not`", "`a b`", "`x\\`y`", "``",
            "0", "1", "-1", "12.5", ".5", "99999999999999999999", "1e5", "48.1", "-1.8", "0920138", "1.", "1..2",
            "'x'", "\"Lycée\"", "'Don\\'t'", "\"\"", "\"*LYCEE*\"", "'\\u00e9'", "'\\u12'", "\"abc", "'", "\"", "'\\", "\\",
            "date'2017'", "date'2017-01'", "date'2017-04-03T08:02'", "date'1970-01-01T00:00:00.000Z'", "date'bad'",
            "date'2017-02-30'", "date'", "DATE\"2017/04/03\"",
            "geom'POINT(2.35 48.85)'", "geom'POLYGON((0 0, 1 0, 1 1, 0 0))'", "geom'bad'", "geom''", "geom'POINT(1'",
            "geom'{\"type\":\"Polygon\",\"coordinates\":[[[2.3,48.8],[2.4,48.8],[2.4,48.9],[2.3,48.8]]]}'",
            "geom'{\"type\":\"Point\",\"coordinates\":[1,2,3,4]}'", "geom'{\"type\":\"GeometryCollection\",\"geometries\":[{}]}'",
            "10km", "500 m", "2.5 km", "3mi", "10kmh", "1 day", "2 h", "1 M", "1M", "3days", "0 d",
            "radius=40", "year=2020", "days=-1",
            "(", ")", "(", ")", "[", "]", ",", ",", "..", "*", "+", "-", "/", "=", "!=", "<>", "<", "<=", ">", ">=", ":",
            "`", ".", "!", ";", "{", "}", "&", "|", "%", "#", "é", "🎓", "\u0000", "\uD800", "\uFEFF", "\u00A0"};

    static final String INTERESTING_CHARS = "()[]{},.*+-/=!<>:`'\"\\_ \n\t0123456789aAzZeE;&|%#éß€\u0000\uD800\uDC00\uFEFF\u00A0\u2028";

    @Test
    void hostileInputOnlyEverYieldsResultsOrOdsqlExceptions() {
        long seed = Long.getLong("odsql.fuzz.seed", 0x0D5_2024_2101L);
        System.out.println("OdsqlFuzzTest seed = " + seed + " (rerun with -Dodsql.fuzz.seed=" + seed + ")");
        String[] current = {""};
        Map<Kind, int[]> stats = new EnumMap<>(Kind.class);
        long[] slowest = {0};
        long began = System.nanoTime();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(180), () -> {
                SplittableRandom random = new SplittableRandom(seed);
                // warm-up: class loading and JIT are not what the per-case limit measures
                for (String q : CORPUS) {
                    parseAll(q);
                }
                for (int i = 0; i < CASES; i++) {
                    Kind kind = pickKind(random);
                    String input = switch (kind) {
                        case TOKEN_SOUP -> tokenSoup(random);
                        case MUTATION -> mutate(random, CORPUS.get(random.nextInt(CORPUS.size())));
                        case DEEP_NESTING -> deepNesting(random);
                        case HUGE_IN_LIST -> hugeInList(random);
                        case LONG_STRING -> longString(random);
                        case RANDOM_UNICODE -> randomUnicode(random);
                    };
                    current[0] = input;
                    // the bound is on this thread's CPU time: on a busy machine (load 9 on 2 cores) other processes
                    // stretched the elapsed time of an ordinary case past it
                    long t0 = CPU.getCurrentThreadCpuTime();
                    int ok = parseAll(input);
                    long millis = (CPU.getCurrentThreadCpuTime() - t0) / 1_000_000;
                    if (millis > MAX_MILLIS_PER_CASE) {
                        // a GC pause can slow one run: only a case that is slow twice is a failure
                        long t1 = CPU.getCurrentThreadCpuTime();
                        parseAll(input);
                        millis = (CPU.getCurrentThreadCpuTime() - t1) / 1_000_000;
                        if (millis > MAX_MILLIS_PER_CASE) {
                            fail("case " + i + " (" + kind + ", seed " + seed + ") took " + millis + " ms: " + show(input));
                        }
                    }
                    slowest[0] = Math.max(slowest[0], millis);
                    int[] s = stats.computeIfAbsent(kind, k -> new int[2]);
                    s[0]++;
                    s[1] += ok;
                }
            }, () -> "timed out (seed " + seed + ") on: " + show(current[0]));
        } finally {
            System.out.println("OdsqlFuzzTest: " + stats.values().stream().mapToInt(s -> s[0]).sum() + " cases in "
                    + (System.nanoTime() - began) / 1_000_000 + " ms, slowest case " + slowest[0] + " ms");
            stats.forEach((k, s) -> System.out.println("  " + k + ": " + s[0] + " cases, " + s[1] + " successful parses of " + 4 * s[0]));
        }
        assertThat(stats.values().stream().mapToInt(s -> s[0]).sum()).isEqualTo(CASES);
        // the soup and the mutations must reach the parser's success paths too, not only its error paths
        assertThat(stats.get(Kind.MUTATION)[1]).isGreaterThan(1_000);
    }

    /** Parses {@code input} as each clause; returns how many parses succeeded. */
    static int parseAll(String input) {
        int ok = 0;
        ok += check("where", input, OdsqlParser::where);
        ok += check("select", input, OdsqlParser::select);
        ok += check("group_by", input, OdsqlParser::groupBy);
        ok += check("order_by", input, OdsqlParser::orderBy);
        return ok;
    }

    static int check(String clause, String input, Function<String, Object> parse) {
        Object result;
        try {
            result = parse.apply(input);
        } catch (OdsqlException e) {
            if (e.getMessage().contains("internal parser error") || !e.clause().equals(clause)
                    || e.position() < -1 || e.position() > input.length() || !e.getMessage().contains("expected")) {
                fail("bad OdsqlException for " + clause + " " + show(input) + ": " + e.getMessage() + " at " + e.position());
            }
            return 0;
        } catch (Throwable t) {
            throw new AssertionError("unexpected " + t.getClass().getName() + " for " + clause + " " + show(input), t);
        }
        assertThat(result).as("result of %s %s", clause, show(input)).isNotNull();
        for (Expr e : expressions(result)) {
            assertThat(height(e)).as("tree height of %s %s", clause, show(input)).isLessThanOrEqualTo(OdsqlParser.MAX_HEIGHT);
        }
        return 1;
    }

    static List<Expr> expressions(Object result) {
        List<Expr> out = new ArrayList<>();
        if (result instanceof Expr e) {
            out.add(e);
        } else {
            for (Object item : (List<?>) result) {
                switch (item) {
                    case Clauses.Column c -> out.add(c.expr());
                    case Clauses.GroupItem g -> out.add(g.expr());
                    case Clauses.OrderItem o -> out.add(o.expr());
                    default -> {
                    }
                }
            }
        }
        return out;
    }

    static int height(Expr e) {
        if (e == null) {
            return 0;
        }
        return 1 + switch (e) {
            case Expr.Binary b -> Math.max(height(b.left()), height(b.right()));
            case Expr.Not n -> height(n.operand());
            case Expr.Neg n -> height(n.operand());
            case Expr.Call c -> Math.max(c.args().stream().mapToInt(OdsqlFuzzTest::height).max().orElse(0),
                    c.named().values().stream().mapToInt(OdsqlFuzzTest::height).max().orElse(0));
            case Expr.InList l -> Math.max(height(l.target()), l.values().stream().mapToInt(OdsqlFuzzTest::height).max().orElse(0));
            case Expr.InRange r -> Math.max(height(r.target()), Math.max(height(r.low()), height(r.high())));
            case Expr.IsNull n -> height(n.target());
            case Expr.IsBool b -> height(b.target());
            case Expr.Like l -> height(l.target());
            default -> 0;
        };
    }

    // ------------------------------------------------------------------ generators

    static Kind pickKind(SplittableRandom r) {
        int p = r.nextInt(1000);
        if (p < 350) {
            return Kind.TOKEN_SOUP;
        }
        if (p < 800) {
            return Kind.MUTATION;
        }
        if (p < 850) {
            return Kind.DEEP_NESTING;
        }
        if (p < 865) {
            return Kind.HUGE_IN_LIST;
        }
        if (p < 900) {
            return Kind.LONG_STRING;
        }
        return Kind.RANDOM_UNICODE;
    }

    static String tokenSoup(SplittableRandom r) {
        int n = 1 + r.nextInt(r.nextInt(10) == 0 ? 200 : 25);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(VOCABULARY[r.nextInt(VOCABULARY.length)]);
            int sep = r.nextInt(10);
            sb.append(sep < 6 ? " " : sep < 8 ? "" : sep == 8 ? "\n" : "\t ");
        }
        return sb.toString();
    }

    static String mutate(SplittableRandom r, String seedText) {
        StringBuilder sb = new StringBuilder(seedText);
        int ops = 1 + r.nextInt(5);
        for (int k = 0; k < ops; k++) {
            int len = sb.length();
            int i = len == 0 ? 0 : r.nextInt(len);
            switch (r.nextInt(9)) {
                case 0 -> { // delete a character
                    if (len > 0) {
                        sb.deleteCharAt(i);
                    }
                }
                case 1 -> sb.insert(i, INTERESTING_CHARS.charAt(r.nextInt(INTERESTING_CHARS.length())));
                case 2 -> { // swap two adjacent characters
                    if (i + 1 < len) {
                        char c = sb.charAt(i);
                        sb.setCharAt(i, sb.charAt(i + 1));
                        sb.setCharAt(i + 1, c);
                    }
                }
                case 3 -> { // duplicate a span
                    if (len > 0) {
                        int end = Math.min(len, i + 1 + r.nextInt(20));
                        sb.insert(end, sb.substring(i, end));
                    }
                }
                case 4 -> { // delete a span
                    if (len > 0) {
                        sb.delete(i, Math.min(len, i + 1 + r.nextInt(12)));
                    }
                }
                case 5 -> sb.insert(i, " " + VOCABULARY[r.nextInt(VOCABULARY.length)] + " "); // insert a token
                case 6 -> { // replace a character
                    if (len > 0) {
                        sb.setCharAt(i, INTERESTING_CHARS.charAt(r.nextInt(INTERESTING_CHARS.length())));
                    }
                }
                case 7 -> { // swap two whitespace-separated tokens
                    String[] parts = sb.toString().split(" ", -1);
                    if (parts.length > 1) {
                        int a = r.nextInt(parts.length);
                        int b = r.nextInt(parts.length);
                        String t = parts[a];
                        parts[a] = parts[b];
                        parts[b] = t;
                        sb.setLength(0);
                        sb.append(String.join(" ", parts));
                    }
                }
                default -> { // duplicate or drop a whitespace-separated token
                    String[] parts = sb.toString().split(" ", -1);
                    int a = r.nextInt(parts.length);
                    List<String> list = new ArrayList<>(List.of(parts));
                    if (r.nextBoolean()) {
                        list.add(a, parts[a]);
                    } else {
                        list.remove(a);
                    }
                    sb.setLength(0);
                    sb.append(String.join(" ", list));
                }
            }
        }
        return sb.toString();
    }

    static String deepNesting(SplittableRandom r) {
        int depth = switch (r.nextInt(4)) {
            case 0 -> 10_000;
            case 1 -> 90 + r.nextInt(20);
            case 2 -> 900 + r.nextInt(200);
            default -> r.nextInt(5_000);
        };
        String inner = CORPUS.get(r.nextInt(CORPUS.size()));
        return switch (r.nextInt(8)) {
            case 0 -> "(".repeat(depth) + inner + ")".repeat(depth);
            case 1 -> "(".repeat(depth);
            case 2 -> "f(".repeat(depth / 2) + "a" + ")".repeat(depth / 2);
            case 3 -> "NOT ".repeat(depth / 4) + "a";
            case 4 -> "a = " + "-".repeat(depth) + "1";
            case 5 -> "a" + " OR a".repeat(depth / 5);
            case 6 -> "[".repeat(depth) + "]".repeat(depth);
            default -> "intersects(p, geom'" + "GEOMETRYCOLLECTION(".repeat(depth / 20) + "POINT(1 2)" + ")".repeat(depth / 20) + "')";
        };
    }

    static String hugeInList(SplittableRandom r) {
        int target = r.nextBoolean() ? 19_990 : 5_000 + r.nextInt(20_000);
        StringBuilder sb = new StringBuilder(r.nextBoolean() ? "f IN (" : "code IN (");
        boolean strings = r.nextBoolean();
        while (sb.length() < target) {
            if (strings) {
                sb.append('"').append(r.nextInt(100_000)).append('"');
            } else {
                sb.append(r.nextInt(10));
            }
            sb.append(',');
        }
        sb.setLength(sb.length() - 1);
        if (r.nextInt(4) != 0) {
            sb.append(')');
        }
        return sb.toString();
    }

    static String longString(SplittableRandom r) {
        int n = r.nextBoolean() ? 18_000 + r.nextInt(1_990) : r.nextInt(25_000);
        StringBuilder sb = new StringBuilder("nom = '");
        for (int i = 0; i < n; i++) {
            int p = r.nextInt(100);
            sb.append(p < 2 ? '\\' : p < 3 ? '\'' : p < 4 ? '"' : (char) ('a' + r.nextInt(26)));
        }
        if (r.nextInt(3) != 0) {
            sb.append('\'');
        }
        return sb.toString();
    }

    static String randomUnicode(SplittableRandom r) {
        int n = r.nextInt(r.nextInt(20) == 0 ? 5_000 : 200);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int p = r.nextInt(10);
            if (p < 5) {
                sb.append((char) (0x20 + r.nextInt(0x5F)));
            } else if (p < 8) {
                sb.append((char) r.nextInt(0x10000)); // includes control characters and lone surrogates
            } else {
                sb.appendCodePoint(0x10000 + r.nextInt(0x10FFFF - 0x10000));
            }
        }
        return sb.toString();
    }

    static String show(String input) {
        String shown = input.length() > 300 ? input.substring(0, 300) + "… (" + input.length() + " chars)" : input;
        StringBuilder sb = new StringBuilder("<<");
        shown.codePoints().forEach(cp -> {
            if (cp < 0x20 || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0x7F) {
                sb.append(String.format("\\u%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append(">>").toString();
    }
}
