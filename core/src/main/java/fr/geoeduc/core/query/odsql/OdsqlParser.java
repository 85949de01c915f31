package fr.geoeduc.core.query.odsql;

import fr.geoeduc.core.query.odsql.OdsqlLexer.Token;
import fr.geoeduc.core.query.odsql.OdsqlLexer.Type;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The ODSQL parser (Explore API v2.1, spec §3): a hand-written tokenizer ({@link OdsqlLexer}) and a
 * recursive-descent parser producing the tree of {@link Expr} and {@link Clauses}.
 *
 * <h2>Guarantees</h2>
 * Every method throws only {@link OdsqlException} (clause name "select", "where", "group_by" or "order_by", the
 * character offset in the clause, and a message saying what was expected and what was found). Parsing is linear in
 * the text (fixed look-ahead, no backtracking). Texts longer than {@value #MAX_LENGTH} characters, expressions
 * nested deeper than {@value #MAX_DEPTH} levels (parentheses and function calls) and IN lists longer than
 * {@value #MAX_IN_VALUES} values are rejected; the recursion depth is therefore bounded.
 *
 * <h2>Grammar</h2>
 * <pre>
 * where     := or
 * or        := and (OR and)*
 * and       := not (AND not)*
 * not       := NOT* predicate                    -- NOT binds tightest, as the spec says
 * predicate := sum [ (= | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;= | :) sum
 *                  | IN ( sum, … ) | IN [|] bound (..|TO) bound ]|[ | IN field
 *                  | IS [NOT] NULL | IS TRUE | IS FALSE | LIKE string ]
 * sum       := product ((+|-) product)*
 * product   := unary ((*|/) unary)*
 * unary     := -* primary                        -- '-' before a number literal folds into a negative literal
 * primary   := literal | field | name '(' [DISTINCT] args ')' | '(' or ')'
 * args      := arg (, arg)*;  arg := name = or | * | or   (plus a distance / interval where one is expected)
 * </pre>
 *
 * <h2>Choices where the spec is silent</h2>
 * <ul>
 *   <li>Positions: a literal, field, call or {@code *} is at its first character; operator nodes ({@link Expr.Binary},
 *       {@link Expr.InList}, {@link Expr.InRange}, {@link Expr.IsNull}, {@link Expr.IsBool}, {@link Expr.Like}) are at
 *       their operator ({@code =}, {@code AND}, {@code IN}, {@code IS}, {@code LIKE}); {@link Expr.Not} and
 *       {@link Expr.Neg} at the {@code NOT} / {@code -}.</li>
 *   <li>Reserved words: {@code and or not as asc desc by distinct true false null group limit select where top equi}
 *       cannot be bare field names (back-quote them). The reserved words that name functions ({@code count},
 *       {@code year}, {@code day}, {@code search}…) are read as field names when no {@code (} follows them.
 *       {@code in}, {@code is}, {@code like} and {@code to} are operators only after an operand.</li>
 *   <li>A bare string literal where a condition is expected in {@code where} (the whole clause, an operand of
 *       AND/OR/NOT) becomes {@code Call("search", [Star, Literal STRING])}; elsewhere a string stays a literal.</li>
 *   <li>{@code -} followed by a number literal is a negative {@code Literal NUMBER} ({@code in_bbox(p, 48.1, -1.8, …)});
 *       {@code -x} on anything else is {@link Expr.Neg}.</li>
 *   <li>In a call, {@code name = value} as an argument is a named argument ({@code now(years=-1)},
 *       {@code geo_cluster(p, 5, radius=40)}); names are lower-cased, the last repeated one wins.
 *       {@code DISTINCT} is accepted as the first word of any call's arguments.</li>
 *   <li>The third argument of {@code within_distance} and {@code distance} must be a distance ({@code 10km},
 *       {@code 2.5 km}; unit case-insensitive) and becomes {@code Literal DISTANCE} (metres, Double).</li>
 *   <li>In {@code group_by}, the second argument of {@code range} may be an interval ({@code 1 day}, {@code 2h},
 *       {@code 1 M}; units case-sensitive, kept as written) → {@code Literal INTERVAL}; widths must be positive
 *       integers, and 1 for weeks, months, quarters and years.</li>
 *   <li>The mode of the legacy {@code geometry(f, geom'…', INTERSECTS)} is an ordinary argument: a bare word is a
 *       {@link Expr.FieldRef} ("INTERSECTS", as written); the engine reads its name case-insensitively.</li>
 *   <li>{@code date'…'}: {@code YYYY}, {@code YYYY-MM}, {@code YYYY-MM-DD} (or '/'), then optionally {@code T}
 *       (or a space) and {@code HH}, {@code :mm}, {@code :ss}, {@code .fraction} (1 to 9 digits: precision MILLIS,
 *       MICROS or NANOS) and an offset ({@code Z}, {@code +02}, {@code +0200}, {@code +02:00}).</li>
 *   <li>A blank (or null) text is no clause: {@code where} returns {@code Literal BOOLEAN true}, the other methods an
 *       empty list.</li>
 *   <li>{@code order_by}: {@code -field} alone (followed by a comma or the end) is the legacy descending form.</li>
 *   <li>{@code select}: {@code *} and {@code include(…)}/{@code exclude(…)} take no alias; patterns are names,
 *       optionally ending with {@code *}, or {@code *} alone.</li>
 * </ul>
 */
public final class OdsqlParser {

    /** Maximum length of a clause, in characters. */
    public static final int MAX_LENGTH = 20_000;
    /** Maximum nesting of parentheses and function calls. */
    public static final int MAX_DEPTH = 100;
    /** Maximum number of values of an IN list. */
    public static final int MAX_IN_VALUES = 10_000;
    /**
     * Maximum height of the expression tree (chains of operators, NOT, unary minus, calls), so
     * that code walking the tree recursively cannot overflow the stack either.
     */
    public static final int MAX_HEIGHT = 1_000;

    /** Reserved words that can never be a bare field name or alias. */
    private static final Set<String> STRUCTURAL = Set.of("and", "or", "not", "as", "asc", "desc", "by", "distinct",
            "true", "false", "null", "group", "limit", "select", "where", "top", "equi");

    private final String clause;
    private final boolean where;
    private final boolean groupBy;
    private final List<Token> tokens;
    private int index;
    private int depth;
    /** Height of every node with children built so far (leaves are 1); identity-based, O(1) per node. */
    private final IdentityHashMap<Expr, Integer> heights = new IdentityHashMap<>();

    private OdsqlParser(String clause, String text, int maxLength) {
        this.clause = clause;
        this.where = clause.equals("where");
        this.groupBy = clause.equals("group_by");
        if (text.length() > maxLength) {
            throw new OdsqlException(clause, maxLength, "query is too long: expected at most " + maxLength
                    + " characters but found " + text.length());
        }
        this.tokens = OdsqlLexer.tokenize(clause, text);
    }

    // ---------------------------------------------------------------- public API

    /** A boolean expression (one {@code where} parameter). A blank text is {@code Literal BOOLEAN true}. */
    public static Expr where(String text) {
        return where(text, MAX_LENGTH);
    }

    /** {@link #where(String)} with another length limit (tests of the other limits). */
    static Expr where(String text, int maxLength) {
        return guard("where", text, maxLength, p -> {
            if (p.peek().type() == Type.EOF) {
                return new Expr.Literal(Expr.LiteralKind.BOOLEAN, Boolean.TRUE, 0);
            }
            Expr e = p.condition(p.or());
            p.expectEnd("AND, OR or end of input");
            return e;
        });
    }

    /** The comma-separated items of {@code select}. A blank text is an empty list. */
    public static List<Clauses.SelectItem> select(String text) {
        return guard("select", text, MAX_LENGTH, p -> {
            List<Clauses.SelectItem> items = new ArrayList<>();
            if (p.peek().type() == Type.EOF) {
                return items;
            }
            Clauses.SelectItem last;
            do {
                last = p.selectItem();
                items.add(last);
            } while (p.accept(Type.COMMA));
            p.expectEnd(last instanceof Clauses.Column c && c.alias() == null && !(c.expr() instanceof Expr.Star)
                    ? "an operator, AS, ',' or end of input" : "',' or end of input");
            return items;
        });
    }

    /** The comma-separated items of {@code group_by}. A blank text is an empty list. */
    public static List<Clauses.GroupItem> groupBy(String text) {
        return guard("group_by", text, MAX_LENGTH, p -> {
            List<Clauses.GroupItem> items = new ArrayList<>();
            if (p.peek().type() == Type.EOF) {
                return items;
            }
            Clauses.GroupItem last;
            do {
                Expr e = p.or();
                last = new Clauses.GroupItem(e, p.alias());
                items.add(last);
            } while (p.accept(Type.COMMA));
            p.expectEnd(last.alias() == null ? "an operator, AS, ',' or end of input" : "',' or end of input");
            return items;
        });
    }

    /** The comma-separated items of {@code order_by}. A blank text is an empty list. */
    public static List<Clauses.OrderItem> orderBy(String text) {
        return guard("order_by", text, MAX_LENGTH, p -> {
            List<Clauses.OrderItem> items = new ArrayList<>();
            if (p.peek().type() == Type.EOF) {
                return items;
            }
            do {
                items.add(p.orderItem());
            } while (p.accept(Type.COMMA));
            p.expectEnd("an operator, ASC, DESC, ',' or end of input");
            return items;
        });
    }

    private interface Body<T> {
        T parse(OdsqlParser p);
    }

    private static <T> T guard(String clause, String text, int maxLength, Body<T> body) {
        try {
            return body.parse(new OdsqlParser(clause, text == null ? "" : text, maxLength));
        } catch (OdsqlException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // Defensive net: never reached by any known input (the fuzz test checks this message never appears).
            throw new OdsqlException(clause, -1, "internal parser error (" + e.getClass().getSimpleName()
                    + "): expected a valid query");
        }
    }

    // ---------------------------------------------------------------- clause items

    private Clauses.SelectItem selectItem() {
        Token t = peek();
        if (t.type() == Type.STAR && isItemEnd(peek(1))) {
            index++;
            return new Clauses.Column(new Expr.Star(t.start()), null);
        }
        if (t.type() == Type.STAR && isKeyword(peek(1), "as")) {
            throw error(peek(1), "expected ',' or end of input after '*' but found '" + peek(1).value() + "' (* takes no alias)");
        }
        if (t.type() == Type.IDENT && peek(1).type() == Type.LPAREN
                && (t.value().equalsIgnoreCase("include") || t.value().equalsIgnoreCase("exclude"))) {
            Clauses.Pattern pattern = patterns();
            if (!isItemEnd(peek())) {
                Token after = peek();
                if (isKeyword(after, "as")) {
                    throw error(after, "expected ',' or end of input but found 'AS' (" + t.value().toLowerCase(Locale.ROOT)
                            + "() takes no alias)");
                }
                throw expected("',' or end of input");
            }
            return pattern;
        }
        Expr e = or();
        return new Clauses.Column(e, alias());
    }

    private Clauses.Pattern patterns() {
        Token name = next();
        boolean include = name.value().equalsIgnoreCase("include");
        next(); // (
        List<String> patterns = new ArrayList<>();
        do {
            Token t = peek();
            String pattern;
            if (t.type() == Type.STAR) {
                index++;
                pattern = "*";
            } else if (t.type() == Type.IDENT || t.type() == Type.QIDENT
                    || (t.type() == Type.NUMBER && t.value().indexOf('.') < 0)) {
                index++;
                pattern = t.value();
                if (peek().type() == Type.STAR) {
                    index++;
                    pattern += "*";
                }
            } else {
                throw expected("a field name or pattern (name, prefix*) in " + (include ? "include" : "exclude") + "()");
            }
            patterns.add(pattern);
        } while (accept(Type.COMMA));
        expect(Type.RPAREN, "',' or ')'");
        return new Clauses.Pattern(include, patterns);
    }

    private Clauses.OrderItem orderItem() {
        Token t = peek();
        if (t.type() == Type.MINUS && (peek(1).type() == Type.IDENT || peek(1).type() == Type.QIDENT)
                && isItemEnd(peek(2)) && !isStructural(peek(1))) {
            index++;
            Token f = next();
            return new Clauses.OrderItem(new Expr.FieldRef(f.value(), f.start()), true);
        }
        Expr e = or();
        boolean descending = false;
        if (isKeyword(peek(), "desc")) {
            index++;
            descending = true;
        } else if (isKeyword(peek(), "asc")) {
            index++;
        }
        return new Clauses.OrderItem(e, descending);
    }

    /** {@code [AS name]}. */
    private String alias() {
        if (!isKeyword(peek(), "as")) {
            return null;
        }
        index++;
        Token t = peek();
        if (t.type() == Type.QIDENT || (t.type() == Type.IDENT && !isStructural(t))) {
            index++;
            return t.value();
        }
        if (t.type() == Type.IDENT) {
            throw error(t, "expected an alias name after AS but found '" + text(t)
                    + "' (a reserved keyword: back-quote it to use it as a name)");
        }
        throw expected("an alias name after AS");
    }

    private static boolean isItemEnd(Token t) {
        return t.type() == Type.COMMA || t.type() == Type.EOF;
    }

    // ---------------------------------------------------------------- boolean levels

    private Expr or() {
        Expr left = and();
        while (isKeyword(peek(), "or")) {
            Token op = next();
            Expr right = and();
            left = built(new Expr.Binary(Expr.Op.OR, condition(left), condition(right), op.start()));
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (isKeyword(peek(), "and")) {
            Token op = next();
            Expr right = not();
            left = built(new Expr.Binary(Expr.Op.AND, condition(left), condition(right), op.start()));
        }
        return left;
    }

    private Expr not() {
        List<Integer> nots = null;
        while (isKeyword(peek(), "not")) {
            if (nots == null) {
                nots = new ArrayList<>();
            }
            nots.add(next().start());
        }
        Expr e = predicate();
        if (nots != null) {
            for (int i = nots.size() - 1; i >= 0; i--) {
                e = built(new Expr.Not(condition(e), nots.get(i)));
            }
        }
        return e;
    }

    /** In {@code where}, a bare string where a condition is expected is a full-text search on all fields. */
    private Expr condition(Expr e) {
        if (where && e instanceof Expr.Literal lit && lit.kind() == Expr.LiteralKind.STRING) {
            return built(new Expr.Call("search", List.of(new Expr.Star(lit.position()), lit), Map.of(), false, lit.position()));
        }
        return e;
    }

    private Expr predicate() {
        Expr left = sum();
        Token t = peek();
        Expr.Op op = switch (t.type()) {
            case EQ, COLON -> Expr.Op.EQ;
            case NE -> Expr.Op.NE;
            case LT -> Expr.Op.LT;
            case LE -> Expr.Op.LE;
            case GT -> Expr.Op.GT;
            case GE -> Expr.Op.GE;
            default -> null;
        };
        if (op != null) {
            index++;
            return built(new Expr.Binary(op, left, sum(), t.start()));
        }
        if (isKeyword(t, "in")) {
            index++;
            return in(left, t);
        }
        if (isKeyword(t, "is")) {
            index++;
            if (isKeyword(peek(), "null")) {
                index++;
                return built(new Expr.IsNull(left, false, t.start()));
            }
            if (isKeyword(peek(), "not") && isKeyword(peek(1), "null")) {
                index += 2;
                return built(new Expr.IsNull(left, true, t.start()));
            }
            if (isKeyword(peek(), "true") || isKeyword(peek(), "false")) {
                boolean value = next().value().equalsIgnoreCase("true");
                return built(new Expr.IsBool(left, value, t.start()));
            }
            if (isKeyword(peek(), "not")) {
                index++;
                throw expected("NULL after IS NOT");
            }
            throw expected("NULL, NOT NULL, TRUE or FALSE after IS");
        }
        if (isKeyword(t, "like")) {
            index++;
            Token p = peek();
            if (p.type() != Type.STRING) {
                throw expected("a quoted pattern after LIKE (such as \"*lycee*\")");
            }
            index++;
            return built(new Expr.Like(left, p.value(), t.start()));
        }
        return left;
    }

    private Expr in(Expr target, Token in) {
        Token t = peek();
        switch (t.type()) {
            case LPAREN -> {
                index++;
                List<Expr> values = new ArrayList<>();
                do {
                    if (values.size() == MAX_IN_VALUES) {
                        throw error(peek(), "IN list too long: expected at most " + MAX_IN_VALUES + " values but found more");
                    }
                    values.add(sum());
                } while (accept(Type.COMMA));
                expect(Type.RPAREN, "',' or ')' in the IN list");
                return built(new Expr.InList(target, values, in.start()));
            }
            case LBRACKET, RBRACKET -> {
                index++;
                boolean lowInclusive = t.type() == Type.LBRACKET;
                Expr low = bound();
                if (peek().type() == Type.DOTDOT || isKeyword(peek(), "to")) {
                    index++;
                } else {
                    throw expected("'..' or TO in the IN range");
                }
                Expr high = bound();
                Token close = peek();
                if (close.type() != Type.RBRACKET && close.type() != Type.LBRACKET) {
                    throw expected("']' or '[' closing the IN range");
                }
                index++;
                return built(new Expr.InRange(target, low, lowInclusive, high, close.type() == Type.RBRACKET, in.start()));
            }
            case IDENT, QIDENT -> {
                if (peek(1).type() != Type.LPAREN && !isStructural(t)) {
                    index++;
                    return built(new Expr.InList(target, List.of(new Expr.FieldRef(t.value(), t.start())), in.start()));
                }
            }
            default -> {
            }
        }
        throw expected("'(' (a list), '[' or ']' (a range) or a multivalued field after IN");
    }

    private Expr bound() {
        if (peek().type() == Type.STAR) {
            index++;
            return null;
        }
        return sum();
    }

    // ---------------------------------------------------------------- arithmetic

    private Expr sum() {
        Expr left = product();
        while (peek().type() == Type.PLUS || peek().type() == Type.MINUS) {
            Token op = next();
            Expr right = product();
            left = built(new Expr.Binary(op.type() == Type.PLUS ? Expr.Op.ADD : Expr.Op.SUB, left, right, op.start()));
        }
        return left;
    }

    private Expr product() {
        Expr left = unary();
        while (peek().type() == Type.STAR || peek().type() == Type.SLASH) {
            Token op = next();
            Expr right = unary();
            left = built(new Expr.Binary(op.type() == Type.STAR ? Expr.Op.MUL : Expr.Op.DIV, left, right, op.start()));
        }
        return left;
    }

    private Expr unary() {
        List<Integer> minuses = null;
        while (peek().type() == Type.MINUS) {
            if (minuses == null) {
                minuses = new ArrayList<>();
            }
            minuses.add(next().start());
        }
        if (minuses == null) {
            return primary();
        }
        Expr e;
        int last = minuses.size() - 1;
        if (peek().type() == Type.NUMBER) {
            Token n = next();
            e = new Expr.Literal(Expr.LiteralKind.NUMBER, OdsqlLiterals.number(clause, minuses.get(last), n.value(), true),
                    minuses.get(last));
            last--;
        } else {
            e = primary();
        }
        for (int i = last; i >= 0; i--) {
            e = built(new Expr.Neg(e, minuses.get(i)));
        }
        return e;
    }

    private Expr primary() {
        Token t = peek();
        switch (t.type()) {
            case NUMBER -> {
                index++;
                return new Expr.Literal(Expr.LiteralKind.NUMBER, OdsqlLiterals.number(clause, t.start(), t.value(), false), t.start());
            }
            case STRING -> {
                index++;
                return new Expr.Literal(Expr.LiteralKind.STRING, t.value(), t.start());
            }
            case DATE -> {
                index++;
                return new Expr.Literal(Expr.LiteralKind.DATE, OdsqlLiterals.date(clause, t.start(), t.value()), t.start());
            }
            case GEOM -> {
                index++;
                return new Expr.Literal(Expr.LiteralKind.GEOMETRY, OdsqlLiterals.geometry(clause, t.start(), t.value()), t.start());
            }
            case QIDENT -> {
                index++;
                return new Expr.FieldRef(t.value(), t.start());
            }
            case LPAREN -> {
                index++;
                enter(t);
                Expr e = or();
                expect(Type.RPAREN, "')'");
                depth--;
                return e;
            }
            case IDENT -> {
                String lower = t.value().toLowerCase(Locale.ROOT);
                if (peek(1).type() == Type.LPAREN && !STRUCTURAL.contains(lower)) {
                    return call(t, lower);
                }
                switch (lower) {
                    case "true", "false" -> {
                        index++;
                        return new Expr.Literal(Expr.LiteralKind.BOOLEAN, lower.equals("true"), t.start());
                    }
                    case "null" -> {
                        index++;
                        return new Expr.Literal(Expr.LiteralKind.NULL, null, t.start());
                    }
                    default -> {
                    }
                }
                if (STRUCTURAL.contains(lower)) {
                    throw error(t, "expected a field, a value or a function but found '" + text(t)
                            + "' (a reserved keyword: back-quote it to use it as a field name)");
                }
                index++;
                return new Expr.FieldRef(t.value(), t.start());
            }
            default -> throw expected("a field, a value or a function");
        }
    }

    private int height(Expr e) {
        if (e == null) {
            return 0;
        }
        Integer h = heights.get(e);
        return h == null ? 1 : h;
    }

    /** Records the height of a new node with children and rejects trees taller than {@link #MAX_HEIGHT}. */
    private <T extends Expr> T built(T e) {
        int children = switch (e) {
            case Expr.Binary b -> Math.max(height(b.left()), height(b.right()));
            case Expr.Not n -> height(n.operand());
            case Expr.Neg n -> height(n.operand());
            case Expr.Call c -> {
                int m = 0;
                for (Expr a : c.args()) {
                    m = Math.max(m, height(a));
                }
                for (Expr a : c.named().values()) {
                    m = Math.max(m, height(a));
                }
                yield m;
            }
            case Expr.InList l -> {
                int m = height(l.target());
                for (Expr v : l.values()) {
                    m = Math.max(m, height(v));
                }
                yield m;
            }
            case Expr.InRange r -> Math.max(height(r.target()), Math.max(height(r.low()), height(r.high())));
            case Expr.IsNull n -> height(n.target());
            case Expr.IsBool b -> height(b.target());
            case Expr.Like l -> height(l.target());
            default -> 0;
        };
        int h = children + 1;
        if (h > MAX_HEIGHT) {
            throw tooTall(e);
        }
        heights.put(e, h);
        return e;
    }

    private OdsqlException tooTall(Expr e) {
        return new OdsqlException(clause, e.position(), "expression too complex: expected at most " + MAX_HEIGHT
                + " levels of nested operators, NOT, '-' and function calls (use IN (…) for long lists of values)");
    }

    private void enter(Token at) {
        if (++depth > MAX_DEPTH) {
            throw error(at, "expression nested too deeply: expected at most " + MAX_DEPTH
                    + " levels of parentheses and function calls");
        }
    }

    private Expr call(Token name, String lower) {
        if (OdsqlLexer.isDigit(lower.charAt(0))) {
            throw error(name, "expected a function name but found '" + text(name) + "' (a function name starts with a letter)");
        }
        index += 2; // name (
        enter(name);
        List<Expr> args = new ArrayList<>();
        Map<String, Expr> named = new LinkedHashMap<>();
        boolean distinct = false;
        if (isKeyword(peek(), "distinct")) {
            index++;
            distinct = true;
        }
        if (distinct || peek().type() != Type.RPAREN) {
            do {
                Token t = peek();
                if (t.type() == Type.IDENT && peek(1).type() == Type.EQ && !isStructural(t)) {
                    index += 2;
                    named.put(t.value().toLowerCase(Locale.ROOT), or());
                } else if (t.type() == Type.STAR && (peek(1).type() == Type.COMMA || peek(1).type() == Type.RPAREN)) {
                    index++;
                    args.add(new Expr.Star(t.start()));
                } else if (args.size() == 2 && (lower.equals("within_distance") || lower.equals("distance"))) {
                    args.add(distance());
                } else if (args.size() == 1 && groupBy && lower.equals("range") && isInterval()) {
                    args.add(interval());
                } else {
                    args.add(or());
                }
            } while (accept(Type.COMMA));
        }
        expect(Type.RPAREN, "',' or ')'");
        depth--;
        return built(new Expr.Call(lower, args, named, distinct, name.start()));
    }

    /** A distance: {@code 10km}, {@code 10 km}, {@code 2.5km}. */
    private Expr distance() {
        Token t = peek();
        if (t.type() == Type.NUMBER) {
            index++;
            Token unit = peek();
            if (unit.type() != Type.IDENT) {
                throw expected("a distance unit (mi, yd, ft, m, cm, km or mm) after " + t.value());
            }
            index++;
            Object amount = OdsqlLiterals.number(clause, t.start(), t.value(), false);
            return new Expr.Literal(Expr.LiteralKind.DISTANCE, OdsqlLiterals.distance(clause, unit.start(), amount, unit.value()), t.start());
        }
        if (t.type() == Type.IDENT && OdsqlLexer.isDigit(t.value().charAt(0))) {
            index++;
            int split = digitsEnd(t.value());
            Object amount = OdsqlLiterals.number(clause, t.start(), t.value().substring(0, split), false);
            return new Expr.Literal(Expr.LiteralKind.DISTANCE,
                    OdsqlLiterals.distance(clause, t.start() + split, amount, t.value().substring(split)), t.start());
        }
        throw expected("a distance such as 10km or 500 m");
    }

    /** Whether the next tokens are an interval: {@code 1 day}, {@code 1day}, {@code 2h}. */
    private boolean isInterval() {
        Token t = peek();
        if (t.type() == Type.NUMBER) {
            return peek(1).type() == Type.IDENT && !isStructural(peek(1));
        }
        return t.type() == Type.IDENT && OdsqlLexer.isDigit(t.value().charAt(0)) && peek(1).type() != Type.LPAREN;
    }

    private Expr interval() {
        Token t = next();
        if (t.type() == Type.NUMBER) {
            Token unit = next();
            return new Expr.Literal(Expr.LiteralKind.INTERVAL, OdsqlLiterals.interval(clause, unit.start(), t.value(), unit.value()), t.start());
        }
        int split = digitsEnd(t.value());
        return new Expr.Literal(Expr.LiteralKind.INTERVAL,
                OdsqlLiterals.interval(clause, t.start() + split, t.value().substring(0, split), t.value().substring(split)), t.start());
    }

    private static int digitsEnd(String s) {
        int i = 0;
        while (i < s.length() && OdsqlLexer.isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    // ---------------------------------------------------------------- token helpers

    private Token peek() {
        return tokens.get(index);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(index);
        if (t.type() != Type.EOF) {
            index++;
        }
        return t;
    }

    private boolean accept(Type type) {
        if (peek().type() == type) {
            index++;
            return true;
        }
        return false;
    }

    private void expect(Type type, String what) {
        if (!accept(type)) {
            throw expected(what);
        }
    }

    private void expectEnd(String what) {
        if (peek().type() != Type.EOF) {
            throw expected(what);
        }
    }

    private static boolean isKeyword(Token t, String word) {
        return t.type() == Type.IDENT && t.value().equalsIgnoreCase(word);
    }

    private static boolean isStructural(Token t) {
        return t.type() == Type.IDENT && STRUCTURAL.contains(t.value().toLowerCase(Locale.ROOT));
    }

    private static String text(Token t) {
        return OdsqlLexer.excerpt(t.value());
    }

    private OdsqlException expected(String what) {
        Token t = peek();
        return error(t, "expected " + what + " but found " + describe(t));
    }

    private OdsqlException error(Token at, String message) {
        return new OdsqlException(clause, at.start(), message);
    }

    private static String describe(Token t) {
        return switch (t.type()) {
            case EOF -> "end of input";
            case STRING -> "the string '" + OdsqlLexer.excerpt(t.value()) + "'";
            case DATE -> "a date literal";
            case GEOM -> "a geometry literal";
            case QIDENT -> "'`" + OdsqlLexer.excerpt(t.value()) + "`'";
            default -> "'" + OdsqlLexer.excerpt(t.value()) + "'";
        };
    }
}
