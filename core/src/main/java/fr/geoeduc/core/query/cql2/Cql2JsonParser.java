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
            throw new Cql2Exception(0, "le filtre est vide : expression CQL2-JSON attendue, par exemple "
                    + "{\"op\":\"=\",\"args\":[{\"property\":\"nom_commune\"},\"Rennes\"]}");
        }
        Node root;
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            root = read(p, first, 0);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new Cql2Exception(offset(p), "fin du JSON attendue après l'expression, trouvé " + extra.asString());
            }
        } catch (JsonProcessingException e) {
            int at = e.getLocation() == null ? -1 : (int) e.getLocation().getCharOffset();
            String why = e.getOriginalMessage() == null ? "JSON mal formé" : e.getOriginalMessage().replaceAll("\\s+", " ");
            throw new Cql2Exception(at, "JSON mal formé : " + Cql2Lexer.excerpt(why));
        } catch (IOException e) {
            throw new Cql2Exception(-1, "JSON illisible : " + e.getMessage());
        }
        return new Cql2JsonParser(json, toWgs84).expr(root, 0);
    }

    private static int offset(JsonParser p) {
        return (int) p.currentTokenLocation().getCharOffset();
    }

    private static Node read(JsonParser p, JsonToken t, int depth) throws IOException {
        int start = offset(p);
        if (depth > Cql2TextParser.MAX_DEPTH) {
            throw new Cql2Exception(start, "le filtre est trop imbriqué (au plus " + Cql2TextParser.MAX_DEPTH + " niveaux)");
        }
        if (t == null) {
            throw new Cql2Exception(start, "valeur JSON attendue, trouvé la fin du texte");
        }
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Node> fields = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    int at = offset(p);
                    Node v = read(p, p.nextToken(), depth + 1);
                    if (fields.put(name, v) != null) {
                        throw new Cql2Exception(at, "membre \"" + Cql2Lexer.excerpt(name) + "\" en double");
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
            case VALUE_NUMBER_INT -> {
                // beyond a long: a double (a ternary would make every integer a double)
                Object number = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) p.getDoubleValue() : (Object) p.getLongValue();
                yield new Node(number, start, start);
            }
            case VALUE_NUMBER_FLOAT -> new Node(p.getDoubleValue(), start, start);
            case VALUE_TRUE, VALUE_FALSE -> new Node(t == JsonToken.VALUE_TRUE, start, start);
            case VALUE_NULL -> new Node(null, start, start);
            default -> throw new Cql2Exception(start, "élément JSON inattendu " + t);
        };
    }

    private Expr expr(Node n, int depth) {
        if (depth > Cql2TextParser.MAX_DEPTH) {
            throw new Cql2Exception(n.start(), "le filtre est trop imbriqué (au plus " + Cql2TextParser.MAX_DEPTH + " niveaux)");
        }
        Object v = n.value();
        if (v == null) {
            throw new Cql2Exception(n.start(), "null n'est pas une valeur CQL2 : pour tester l'absence de valeur, écrire {\"op\":\"isNull\",…}");
        }
        if (v instanceof Boolean b) {
            return new Literal(LiteralKind.BOOLEAN, b, n.start());
        }
        if (v instanceof String s) {
            return new Literal(LiteralKind.STRING, s, n.start());
        }
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new Cql2Exception(n.start(), "nombre fini attendu");
            }
            return new Literal(LiteralKind.NUMBER, d, n.start());
        }
        if (v instanceof Long l) {
            return new Literal(LiteralKind.NUMBER, l, n.start());
        }
        if (n.array() != null) {
            throw new Cql2Exception(n.start(), "tableau inattendu : une liste de valeurs n'est admise que comme second argument de \"in\"");
        }
        Map<String, Node> o = n.object();
        if (o.containsKey("op")) {
            return op(n, o, depth);
        }
        if (o.containsKey("property")) {
            return new Expr.FieldRef(text(o.get("property"), "un nom de propriété"), n.start());
        }
        if (o.containsKey("date")) {
            Node d = o.get("date");
            return Cql2Literals.date(text(d, "une date, par exemple \"2024-09-02\""), d.start());
        }
        if (o.containsKey("timestamp")) {
            Node d = o.get("timestamp");
            return Cql2Literals.timestamp(text(d, "un horodatage, par exemple \"2024-09-02T08:00:00Z\""), d.start());
        }
        if (o.containsKey("bbox")) {
            Node b = o.get("bbox");
            List<Double> values = new ArrayList<>();
            if (b.array() == null) {
                throw new Cql2Exception(b.start(), "tableau de 4 ou 6 nombres attendu dans \"bbox\"");
            }
            for (Node x : b.array()) {
                if (!(x.value() instanceof Number num)) {
                    throw new Cql2Exception(x.start(), "nombre attendu dans \"bbox\"");
                }
                values.add(num.doubleValue());
            }
            return Cql2Literals.bbox(values, n.start(), toWgs84);
        }
        if (o.containsKey("type")) {
            positions(o.get("coordinates"));
            if (o.get("geometries") != null && o.get("geometries").array() != null) {
                for (Node g : o.get("geometries").array()) {
                    if (g.object() != null) {
                        positions(g.object().get("coordinates"));
                    }
                }
            }
            return Cql2Literals.geoJson(json.substring(n.start(), n.end()), n.start(), toWgs84);
        }
        if (o.containsKey("interval")) {
            throw new Cql2Exception(n.start(), Cql2TextParser.unsupported("INTERVAL"));
        }
        throw new Cql2Exception(n.start(), "objet avec \"op\" et \"args\", {\"property\":…}, {\"date\":…}, "
                + "{\"timestamp\":…}, {\"bbox\":[…]} ou géométrie GeoJSON attendu, trouvé les membres " + o.keySet());
    }

    /** Every position of GeoJSON coordinates has 2 or 3 numbers (JTS would read [1] as POINT (1 0)). */
    private static void positions(Node coordinates) {
        if (coordinates == null || coordinates.array() == null) {
            return;
        }
        List<Node> items = coordinates.array();
        if (!items.isEmpty() && items.get(0).value() instanceof Number) {
            if (items.size() < 2 || items.size() > 3 || !items.stream().allMatch(i -> i.value() instanceof Number)) {
                throw new Cql2Exception(coordinates.start(), "géométrie GeoJSON invalide : une position est faite de 2 ou 3 nombres [longitude, latitude]");
            }
            return;
        }
        items.forEach(Cql2JsonParser::positions);
    }

    private Expr op(Node n, Map<String, Node> o, int depth) {
        String op = text(o.get("op"), "un nom d'opérateur");
        Node argsNode = o.get("args");
        if (argsNode == null || argsNode.array() == null) {
            throw new Cql2Exception(argsNode == null ? n.start() : argsNode.start(), "\"args\" attendu : le tableau des arguments de \"" + op + "\"");
        }
        List<Node> raw = argsNode.array();
        int at = n.start();
        switch (op) {
            case "and", "or" -> {
                if (raw.size() < 2) {
                    throw new Cql2Exception(argsNode.start(), "au moins 2 arguments attendus pour \"" + op + "\", trouvé " + raw.size());
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
                    throw new Cql2Exception(argsNode.start(), "arguments de \"in\" attendus sous la forme [valeur, [liste de valeurs]]");
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
                    throw new Cql2Exception(argsNode.start(), "3 ou 4 arguments attendus pour \"s_dwithin\" (géométrie, géométrie, distance, "
                            + "unité), trouvé " + raw.size());
                }
                String units = raw.size() == 4 ? text(raw.get(3), "une unité de distance, par exemple \"meters\"") : null;
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
            throw new Cql2Exception(argsNode.start(), count + " argument" + (count > 1 ? "s attendus" : " attendu") + " pour \"" + op
                    + "\", trouvé " + raw.size());
        }
        List<Expr> out = new ArrayList<>();
        for (Node x : raw) {
            out.add(expr(x, depth + 1));
        }
        return out;
    }

    private static String text(Node n, String expected) {
        if (n == null || !(n.value() instanceof String s)) {
            throw new Cql2Exception(n == null ? -1 : n.start(), "attendu : " + expected + " (une chaîne JSON), trouvé " + found(n));
        }
        return s;
    }

    /** What a node that is not the expected string is, in French. */
    private static String found(Node n) {
        return switch (n == null ? null : n.value()) {
            case null -> n == null ? "rien" : "null";
            case Map<?, ?> m -> "un objet";
            case List<?> l -> "un tableau";
            case Boolean b -> b.toString();
            default -> "le nombre " + n.value();
        };
    }
}
