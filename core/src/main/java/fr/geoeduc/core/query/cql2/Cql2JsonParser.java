package fr.geoeduc.core.query.cql2;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.query.odsql.Expr.Literal;
import fr.geoeduc.core.query.odsql.Expr.LiteralKind;
import org.locationtech.jts.geom.Geometry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * CQL2-JSON → expression tree. The JSON is first read into small nodes that keep their character offsets (for error
 * positions and to hand GeoJSON geometries to JTS as written), then each {@code op} is built by {@link Cql2Nodes}, as
 * the text parser does.
 */
final class Cql2JsonParser {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** A JSON value and where it starts and ends in the text. */
    private record Node(Object value, int start, int end) {
        @SuppressWarnings("unchecked")
        Map<String, Node> object() {
            return value instanceof Map ? (Map<String, Node>) value : null;
        }

        @SuppressWarnings("unchecked")
        List<Node> array() {
            return value instanceof List ? (List<Node>) value : null;
        }
    }

    private final String json;
    private final UnaryOperator<Geometry> toWgs84;

    private Cql2JsonParser(String json, UnaryOperator<Geometry> toWgs84) {
        this.json = json;
        this.toWgs84 = toWgs84;
    }

    static Expr parse(String json, UnaryOperator<Geometry> toWgs84) {
        if (json == null || json.isBlank()) {
            throw new Cql2Exception(0, "the filter is empty: expected a CQL2-JSON expression such as "
                    + "{\"op\":\"=\",\"args\":[{\"property\":\"nom_commune\"},\"Rennes\"]}");
        }
        Node root;
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            root = read(p, first, 0);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new Cql2Exception(offset(p), "expected the end of the JSON after the expression, found " + extra.asString());
            }
        } catch (JsonProcessingException e) {
            int at = e.getLocation() == null ? -1 : (int) e.getLocation().getCharOffset();
            String why = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage().replaceAll("\\s+", " ");
            throw new Cql2Exception(at, "malformed JSON: " + Cql2Lexer.excerpt(why));
        } catch (IOException e) {
            throw new Cql2Exception(-1, "unreadable JSON: " + e.getMessage());
        }
        return new Cql2JsonParser(json, toWgs84).expr(root, 0);
    }

    private static int offset(JsonParser p) {
        return (int) p.currentTokenLocation().getCharOffset();
    }

    private static Node read(JsonParser p, JsonToken t, int depth) throws IOException {
        int start = offset(p);
        if (depth > Cql2TextParser.MAX_DEPTH) {
            throw new Cql2Exception(start, "the filter is nested too deeply (at most " + Cql2TextParser.MAX_DEPTH + " levels)");
        }
        if (t == null) {
            throw new Cql2Exception(start, "expected a JSON value, found the end of the text");
        }
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Node> fields = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    int at = offset(p);
                    Node v = read(p, p.nextToken(), depth + 1);
                    if (fields.put(name, v) != null) {
                        throw new Cql2Exception(at, "duplicate member \"" + Cql2Lexer.excerpt(name) + "\"");
                    }
                }
                yield new Node(fields, start, (int) p.currentLocation().getCharOffset());
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_ARRAY; k = p.nextToken()) {
                    items.add(read(p, k, depth + 1));
                }
                yield new Node(items, start, (int) p.currentLocation().getCharOffset());
            }
            case VALUE_STRING -> new Node(p.getText(), start, start);
            case VALUE_NUMBER_INT -> new Node(p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getDoubleValue() : p.getLongValue(),
                    start, start);
            case VALUE_NUMBER_FLOAT -> new Node(p.getDoubleValue(), start, start);
            case VALUE_TRUE, VALUE_FALSE -> new Node(t == JsonToken.VALUE_TRUE, start, start);
            case VALUE_NULL -> new Node(null, start, start);
            default -> throw new Cql2Exception(start, "unexpected JSON token " + t);
        };
    }

    private Expr expr(Node n, int depth) {
        if (depth > Cql2TextParser.MAX_DEPTH) {
            throw new Cql2Exception(n.start(), "the filter is nested too deeply (at most " + Cql2TextParser.MAX_DEPTH + " levels)");
        }
        Object v = n.value();
        if (v == null) {
            throw new Cql2Exception(n.start(), "null is not a CQL2 value: test for a missing value with {\"op\":\"isNull\",…}");
        }
        if (v instanceof Boolean b) {
            return new Literal(LiteralKind.BOOLEAN, b, n.start());
        }
        if (v instanceof String s) {
            return new Literal(LiteralKind.STRING, s, n.start());
        }
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new Cql2Exception(n.start(), "expected a finite number");
            }
            return new Literal(LiteralKind.NUMBER, d, n.start());
        }
        if (v instanceof Long l) {
            return new Literal(LiteralKind.NUMBER, l, n.start());
        }
        if (n.array() != null) {
            throw new Cql2Exception(n.start(), "unexpected array: a list of values is only allowed as the second argument of \"in\"");
        }
        Map<String, Node> o = n.object();
        if (o.containsKey("op")) {
            return op(n, o, depth);
        }
        if (o.containsKey("property")) {
            return new Expr.FieldRef(text(o.get("property"), "a property name"), n.start());
        }
        if (o.containsKey("date")) {
            Node d = o.get("date");
            return Cql2Literals.date(text(d, "a date such as \"2024-09-02\""), d.start());
        }
        if (o.containsKey("timestamp")) {
            Node d = o.get("timestamp");
            return Cql2Literals.timestamp(text(d, "a timestamp such as \"2024-09-02T08:00:00Z\""), d.start());
        }
        if (o.containsKey("bbox")) {
            Node b = o.get("bbox");
            List<Double> values = new ArrayList<>();
            if (b.array() == null) {
                throw new Cql2Exception(b.start(), "expected an array of 4 or 6 numbers in \"bbox\"");
            }
            for (Node x : b.array()) {
                if (!(x.value() instanceof Number num)) {
                    throw new Cql2Exception(x.start(), "expected a number in \"bbox\"");
                }
                values.add(num.doubleValue());
            }
            return Cql2Literals.bbox(values, n.start(), toWgs84);
        }
        if (o.containsKey("type")) {
            return Cql2Literals.geoJson(json.substring(n.start(), n.end()), n.start(), toWgs84);
        }
        if (o.containsKey("interval")) {
            throw new Cql2Exception(n.start(), Cql2TextParser.unsupported("INTERVAL"));
        }
        throw new Cql2Exception(n.start(), "expected an object with \"op\" and \"args\", a {\"property\":…}, a {\"date\":…}, "
                + "a {\"timestamp\":…}, a {\"bbox\":[…]} or a GeoJSON geometry, found members " + o.keySet());
    }

    private Expr op(Node n, Map<String, Node> o, int depth) {
        String op = text(o.get("op"), "an operator name");
        Node argsNode = o.get("args");
        if (argsNode == null || argsNode.array() == null) {
            throw new Cql2Exception(argsNode == null ? n.start() : argsNode.start(), "expected \"args\": an array of the arguments of \"" + op + "\"");
        }
        List<Node> raw = argsNode.array();
        int at = n.start();
        switch (op) {
            case "and", "or" -> {
                if (raw.size() < 2) {
                    throw new Cql2Exception(argsNode.start(), "expected at least 2 arguments for \"" + op + "\", found " + raw.size());
                }
                Expr e = expr(raw.get(0), depth + 1);
                for (int i = 1; i < raw.size(); i++) {
                    e = new Expr.Binary(op.equals("and") ? Expr.Op.AND : Expr.Op.OR, e, expr(raw.get(i), depth + 1), at);
                }
                return e;
            }
            case "not" -> {
                return new Expr.Not(args(op, argsNode, 1, depth).get(0), at);
            }
            case "=", "<>", "<", "<=", ">", ">=" -> {
                List<Expr> a = args(op, argsNode, 2, depth);
                return Cql2Nodes.comparison(op, a.get(0), a.get(1), at);
            }
            case "like" -> {
                List<Expr> a = args(op, argsNode, 2, depth);
                return Cql2Nodes.like(a.get(0), a.get(1), at);
            }
            case "between" -> {
                List<Expr> a = args(op, argsNode, 3, depth);
                return Cql2Nodes.between(a.get(0), a.get(1), a.get(2), at);
            }
            case "in" -> {
                if (raw.size() != 2 || raw.get(1).array() == null) {
                    throw new Cql2Exception(argsNode.start(), "expected \"in\" arguments [value, [list of values]]");
                }
                List<Expr> values = new ArrayList<>();
                for (Node x : raw.get(1).array()) {
                    values.add(expr(x, depth + 1));
                }
                return Cql2Nodes.in(expr(raw.get(0), depth + 1), values, at);
            }
            case "isNull" -> {
                return Cql2Nodes.isNull(args(op, argsNode, 1, depth).get(0), false, at);
            }
            case "casei", "accenti" -> {
                return Cql2Nodes.fold(op, args(op, argsNode, 1, depth).get(0), at);
            }
            case "s_dwithin" -> {
                if (raw.size() != 3 && raw.size() != 4) {
                    throw new Cql2Exception(argsNode.start(), "expected 3 or 4 arguments for \"s_dwithin\" (geometry, geometry, distance, "
                            + "units), found " + raw.size());
                }
                String units = raw.size() == 4 ? text(raw.get(3), "distance units such as \"meters\"") : null;
                return Cql2Nodes.dwithin(expr(raw.get(0), depth + 1), expr(raw.get(1), depth + 1), expr(raw.get(2), depth + 1), units, at);
            }
            default -> {
                if (Cql2Nodes.SPATIAL.containsKey(op)) {
                    List<Expr> a = args(op, argsNode, 2, depth);
                    return Cql2Nodes.spatial(op, a.get(0), a.get(1), at);
                }
                throw new Cql2Exception(o.get("op").start(), Cql2TextParser.unsupported(op));
            }
        }
    }

    private List<Expr> args(String op, Node argsNode, int count, int depth) {
        List<Node> raw = argsNode.array();
        if (raw.size() != count) {
            throw new Cql2Exception(argsNode.start(), "expected " + count + " argument" + (count > 1 ? "s" : "") + " for \"" + op
                    + "\", found " + raw.size());
        }
        List<Expr> out = new ArrayList<>();
        for (Node x : raw) {
            out.add(expr(x, depth + 1));
        }
        return out;
    }

    private static String text(Node n, String expected) {
        if (n == null || !(n.value() instanceof String s)) {
            throw new Cql2Exception(n == null ? -1 : n.start(), "expected " + expected + " (a JSON string)");
        }
        return s;
    }
}
