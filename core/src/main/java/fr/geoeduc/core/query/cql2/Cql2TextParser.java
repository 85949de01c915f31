package fr.geoeduc.core.query.cql2;

import fr.geoeduc.core.query.cql2.Cql2Lexer.Kind;
import fr.geoeduc.core.query.cql2.Cql2Lexer.Token;
import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.query.odsql.Expr.Literal;
import fr.geoeduc.core.query.odsql.Expr.LiteralKind;
import org.locationtech.jts.geom.Geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * CQL2-Text → expression tree, by recursive descent: OR below AND below NOT; a predicate is an operand followed by a
 * comparison, [NOT] LIKE, [NOT] BETWEEN … AND …, [NOT] IN (…) or IS [NOT] NULL, or a spatial function. Keywords are
 * case-insensitive, property names case-sensitive; a word followed by '(' is a function (so a property may be named
 * {@code date}), the operator keywords must be double-quoted to be property names.
 */
final class Cql2TextParser {

    /** Nesting limit of parentheses, NOT and functions: deeper input is refused, never a stack overflow. */
    static final int MAX_DEPTH = 200;
    private static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL");
    private static final Set<String> WKT = Set.of("POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING",
            "MULTIPOLYGON", "GEOMETRYCOLLECTION");
    private static final String EXPECTED_PREDICATE = "comparaison (=, <>, <, <=, >, >=), LIKE, BETWEEN, IN ou IS NULL";

    private final Cql2Lexer lexer;
    private final UnaryOperator<Geometry> toWgs84;
    private int depth;

    private Cql2TextParser(String text, UnaryOperator<Geometry> toWgs84) {
        this.lexer = new Cql2Lexer(text);
        this.toWgs84 = toWgs84;
    }

    static Expr parse(String text, UnaryOperator<Geometry> toWgs84) {
        if (text == null || text.isBlank()) {
            throw new Cql2Exception(0, "le filtre est vide : condition attendue, par exemple nom_commune = 'Rennes'");
        }
        Cql2TextParser p = new Cql2TextParser(text, toWgs84);
        Expr e = p.or();
        Token end = p.lexer.peek();
        if (!end.is(Kind.EOF)) {
            throw new Cql2Exception(end.start(), "AND, OR, « ) » ou la fin du filtre attendu, trouvé " + end.describe());
        }
        return e;
    }

    private Expr or() {
        Expr left = and();
        while (lexer.peek().isWord("OR")) {
            Token op = lexer.next();
            left = new Expr.Binary(Expr.Op.OR, left, and(), op.start());
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (lexer.peek().isWord("AND")) {
            Token op = lexer.next();
            left = new Expr.Binary(Expr.Op.AND, left, not(), op.start());
        }
        return left;
    }

    private Expr not() {
        if (lexer.peek().isWord("NOT")) {
            Token t = lexer.next();
            enter(t);
            Expr inner = not();
            depth--;
            return new Expr.Not(inner, t.start());
        }
        return primary();
    }

    private Expr primary() {
        Token t = lexer.peek();
        if (t.is(Kind.LPAREN)) {
            lexer.next();
            enter(t);
            Expr inner = or();
            close(t, "la parenthèse");
            depth--;
            return inner;
        }
        if (t.is(Kind.EOF)) {
            throw new Cql2Exception(t.start(), "condition attendue, trouvé la fin du filtre");
        }
        return predicate(operand());
    }

    private Expr predicate(Expr left) {
        Token t = lexer.peek();
        if (t.is(Kind.OPERATOR)) {
            lexer.next();
            return Cql2Nodes.comparison(t.text(), left, operand(), left.position());
        }
        boolean negated = false;
        if (t.isWord("NOT")) {
            lexer.next();
            negated = true;
            t = lexer.peek();
            if (!(t.isWord("LIKE") || t.isWord("BETWEEN") || t.isWord("IN"))) {
                throw new Cql2Exception(t.start(), "LIKE, BETWEEN ou IN attendu après NOT, trouvé " + t.describe());
            }
        }
        Expr e;
        if (t.isWord("LIKE")) {
            lexer.next();
            e = Cql2Nodes.like(left, operand(), left.position());
        } else if (t.isWord("BETWEEN")) {
            lexer.next();
            Expr low = operand();
            Token and = lexer.next();
            if (!and.isWord("AND")) {
                throw new Cql2Exception(and.start(), "AND attendu entre les bornes de BETWEEN, trouvé " + and.describe());
            }
            e = Cql2Nodes.between(left, low, operand(), left.position());
        } else if (t.isWord("IN")) {
            lexer.next();
            Token open = lexer.next();
            if (!open.is(Kind.LPAREN)) {
                throw new Cql2Exception(open.start(), "« ( » et une liste de valeurs attendus après IN, trouvé " + open.describe());
            }
            List<Expr> values = new ArrayList<>();
            do {
                values.add(operand());
            } while (comma());
            close(open, "la liste de IN");
            e = Cql2Nodes.in(left, values, left.position());
        } else if (t.isWord("IS")) {
            lexer.next();
            boolean not = lexer.peek().isWord("NOT");
            if (not) {
                lexer.next();
            }
            Token n = lexer.next();
            if (!n.isWord("NULL")) {
                throw new Cql2Exception(n.start(), "NULL attendu après IS" + (not ? " NOT" : "") + ", trouvé " + n.describe());
            }
            return Cql2Nodes.isNull(left, not, left.position());
        } else if (isCondition(left)) {
            return left;
        } else {
            throw new Cql2Exception(t.start(), EXPECTED_PREDICATE + " attendu après " + Cql2Nodes.describe(left)
                    + ", trouvé " + t.describe());
        }
        return negated ? new Expr.Not(e, e.position()) : e;
    }

    /** A boolean literal or a spatial predicate is a condition by itself. */
    private static boolean isCondition(Expr e) {
        return e instanceof Literal l && l.kind() == LiteralKind.BOOLEAN
                || e instanceof Expr.Call c && !c.name().equals("casei") && !c.name().equals("accenti");
    }

    private Expr operand() {
        Token t = lexer.next();
        return switch (t.kind()) {
            case STRING -> new Literal(LiteralKind.STRING, t.text(), t.start());
            case NUMBER -> Cql2Literals.number(t.text(), t.start());
            case QUOTED -> new Expr.FieldRef(t.text(), t.start());
            case WORD -> word(t);
            default -> throw new Cql2Exception(t.start(), "nom de propriété ou valeur attendu, trouvé " + t.describe());
        };
    }

    private Expr word(Token t) {
        String k = t.text().toUpperCase(Locale.ROOT);
        if (k.equals("TRUE") || k.equals("FALSE")) {
            return new Literal(LiteralKind.BOOLEAN, k.equals("TRUE"), t.start());
        }
        if (RESERVED.contains(k)) {
            throw new Cql2Exception(t.start(), "nom de propriété ou valeur attendu, trouvé le mot-clé " + k
                    + (k.equals("NULL") ? " (pour tester l'absence de valeur, écrire IS NULL)" : " (une propriété de ce nom s'écrit entre guillemets droits : \"" + t.text() + "\")"));
        }
        Token after = lexer.peek();
        if (WKT.contains(k) && (after.is(Kind.LPAREN) || after.isWord("Z") || after.isWord("M") || after.isWord("ZM")
                || after.isWord("EMPTY"))) {
            int end = lexer.rawBalanced(t.start());
            return Cql2Literals.wkt(lexer.source().substring(t.start(), end), t.start(), toWgs84);
        }
        if (!after.is(Kind.LPAREN)) {
            return new Expr.FieldRef(t.text(), t.start());
        }
        Token open = lexer.next();
        enter(open);
        Expr e = function(k, t, open);
        depth--;
        return e;
    }

    private Expr function(String k, Token name, Token open) {
        String op = k.toLowerCase(Locale.ROOT);
        switch (k) {
            case "CASEI", "ACCENTI" -> {
                Expr arg = operand();
                close(open, k + "(");
                return Cql2Nodes.fold(op, arg, name.start());
            }
            case "DATE", "TIMESTAMP" -> {
                Token s = lexer.next();
                if (!s.is(Kind.STRING)) {
                    throw new Cql2Exception(s.start(), (k.equals("DATE") ? "date entre apostrophes attendue, par exemple DATE('2024-09-02')"
                            : "horodatage entre apostrophes attendu, par exemple TIMESTAMP('2024-09-02T08:00:00Z')") + ", trouvé " + s.describe());
                }
                close(open, k + "(");
                return k.equals("DATE") ? Cql2Literals.date(s.text(), s.start()) : Cql2Literals.timestamp(s.text(), s.start());
            }
            case "BBOX" -> {
                List<Double> values = new ArrayList<>();
                do {
                    Token n = lexer.next();
                    if (!n.is(Kind.NUMBER)) {
                        throw new Cql2Exception(n.start(), "nombre attendu dans BBOX(ouest, sud, est, nord), trouvé " + n.describe());
                    }
                    values.add(((Number) Cql2Literals.number(n.text(), n.start()).value()).doubleValue());
                } while (comma());
                close(open, "BBOX(");
                return Cql2Literals.bbox(values, name.start(), toWgs84);
            }
            case "S_DWITHIN" -> {
                Expr a = operand();
                expectComma("S_DWITHIN");
                Expr b = operand();
                expectComma("S_DWITHIN");
                Expr distance = operand();
                String units = null;
                if (comma()) {
                    Token u = lexer.next();
                    if (!u.is(Kind.WORD) && !u.is(Kind.STRING)) {
                        throw new Cql2Exception(u.start(), "unité de distance attendue (meters, kilometers…), trouvé " + u.describe());
                    }
                    StringBuilder words = new StringBuilder(u.text());
                    while (u.is(Kind.WORD) && lexer.peek().is(Kind.WORD)) {
                        words.append(' ').append(lexer.next().text());
                    }
                    units = words.toString();
                    Cql2Literals.metresPer(units, u.start());
                }
                close(open, "S_DWITHIN(");
                return Cql2Nodes.dwithin(a, b, distance, units, name.start());
            }
            default -> {
                if (Cql2Nodes.SPATIAL.containsKey(op)) {
                    Expr a = operand();
                    expectComma(k);
                    Expr b = operand();
                    close(open, k + "(");
                    return Cql2Nodes.spatial(op, a, b, name.start());
                }
                throw new Cql2Exception(name.start(), unsupported(name.text()));
            }
        }
    }

    static String unsupported(String function) {
        String k = function.toUpperCase(Locale.ROOT);
        if (k.startsWith("T_") || k.equals("INTERVAL")) {
            return "les fonctions temporelles (" + k + ") ne sont pas prises en charge : comparer plutôt avec DATE('…') ou TIMESTAMP('…')";
        }
        if (k.startsWith("A_")) {
            return "les fonctions de tableaux (" + k + ") ne sont pas prises en charge";
        }
        return "fonction inconnue " + function + "() : CASEI, ACCENTI, DATE, TIMESTAMP, BBOX, une géométrie WKT, "
                + "S_INTERSECTS, S_WITHIN, S_CONTAINS, S_DISJOINT, S_EQUALS, S_TOUCHES, S_OVERLAPS, S_CROSSES ou S_DWITHIN attendu";
    }

    private boolean comma() {
        if (lexer.peek().is(Kind.COMMA)) {
            lexer.next();
            return true;
        }
        return false;
    }

    private void expectComma(String function) {
        Token t = lexer.next();
        if (!t.is(Kind.COMMA)) {
            throw new Cql2Exception(t.start(), "« , » attendue entre les arguments de " + function + ", trouvé " + t.describe());
        }
    }

    private void close(Token open, String what) {
        Token t = lexer.next();
        if (!t.is(Kind.RPAREN)) {
            throw new Cql2Exception(t.start(), "« ) » attendue pour fermer " + what + " (ouverture à la position " + open.start() + ")"
                    + ", trouvé " + t.describe());
        }
    }

    private void enter(Token t) {
        if (++depth > MAX_DEPTH) {
            throw new Cql2Exception(t.start(), "le filtre est trop imbriqué (au plus " + MAX_DEPTH + " niveaux)");
        }
    }
}
