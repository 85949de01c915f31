package fr.geoeduc.core.query.odsql;

import java.util.ArrayList;
import java.util.List;

/**
 * The ODSQL tokenizer (Explore API v2.1, spec §3.1). One left-to-right pass, linear in the length of the text, no
 * backtracking. Lexical errors are {@link OdsqlException}s naming the clause and the character position.
 *
 * <ul>
 *   <li>names: {@code [A-Za-z0-9_]+}; a run of digits alone is a number, a run of digits followed by a letter or
 *       {@code _} is a name ({@code 6eme_total}, {@code 10km}: the parser splits the latter where a distance or an
 *       interval is expected);</li>
 *   <li>back-quoted names {@code `not`}, where a backslash escapes the next character ({@code `a\`b`});</li>
 *   <li>strings in {@code "…"} or {@code '…'} with backslash escapes (<code>\n \t \r \b \f \/ \&#117;XXXX</code>, and a
 *       backslash before any other character stands for that character);</li>
 *   <li>numbers: {@code 12}, {@code 12.5}, {@code .5} ({@code 1..5} is 1, {@code ..}, 5);</li>
 *   <li>{@code date'…'} and {@code geom'…'} (either quote, no space between the word and the quote);</li>
 *   <li>punctuation and operators {@code ( ) [ ] , .. * + - / = != <> < <= > >= :}.</li>
 * </ul>
 */
final class OdsqlLexer {

    enum Type {
        IDENT, QIDENT, NUMBER, STRING, DATE, GEOM,
        LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOTDOT, STAR, PLUS, MINUS, SLASH,
        EQ, NE, LT, LE, GT, GE, COLON, EOF
    }

    /**
     * A token. {@code value} is the name (unquoted) for IDENT/QIDENT, the digits for NUMBER, the unescaped content
     * for STRING/DATE/GEOM, the symbol otherwise. {@code start}/{@code end} delimit the source text of the token.
     */
    record Token(Type type, String value, int start, int end) {
    }

    private final String clause;
    private final String text;
    private final int length;
    private int pos;

    private OdsqlLexer(String clause, String text) {
        this.clause = clause;
        this.text = text;
        this.length = text.length();
    }

    /** All the tokens of {@code text}, ending with one EOF token. */
    static List<Token> tokenize(String clause, String text) {
        return new OdsqlLexer(clause, text).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (pos >= length) {
                tokens.add(new Token(Type.EOF, "", length, length));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipSpaces() {
        while (pos < length) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF') {
                pos++;
            } else {
                return;
            }
        }
    }

    private Token next() {
        int start = pos;
        char c = text.charAt(pos);
        if (isNameChar(c)) {
            return nameOrNumber(start);
        }
        switch (c) {
            case '"', '\'' -> {
                return new Token(Type.STRING, quoted(start, c, "string"), start, pos);
            }
            case '`' -> {
                return backQuoted(start);
            }
            case '(' -> {
                return single(Type.LPAREN, start);
            }
            case ')' -> {
                return single(Type.RPAREN, start);
            }
            case '[' -> {
                return single(Type.LBRACKET, start);
            }
            case ']' -> {
                return single(Type.RBRACKET, start);
            }
            case ',' -> {
                return single(Type.COMMA, start);
            }
            case '*' -> {
                return single(Type.STAR, start);
            }
            case '+' -> {
                return single(Type.PLUS, start);
            }
            case '-' -> {
                return single(Type.MINUS, start);
            }
            case '/' -> {
                return single(Type.SLASH, start);
            }
            case '=' -> {
                return single(Type.EQ, start);
            }
            case ':' -> {
                return single(Type.COLON, start);
            }
            case '.' -> {
                if (pos + 1 < length && text.charAt(pos + 1) == '.') {
                    pos += 2;
                    return new Token(Type.DOTDOT, "..", start, pos);
                }
                if (pos + 1 < length && isDigit(text.charAt(pos + 1))) {
                    pos++;
                    skipDigits();
                    return new Token(Type.NUMBER, text.substring(start, pos), start, pos);
                }
                throw new OdsqlException(clause, start, "unexpected character '.': expected '..' or a number such as .5");
            }
            case '!' -> {
                if (pos + 1 < length && text.charAt(pos + 1) == '=') {
                    pos += 2;
                    return new Token(Type.NE, "!=", start, pos);
                }
                throw new OdsqlException(clause, start, "unexpected character '!': expected '!='");
            }
            case '<' -> {
                if (pos + 1 < length && text.charAt(pos + 1) == '=') {
                    pos += 2;
                    return new Token(Type.LE, "<=", start, pos);
                }
                if (pos + 1 < length && text.charAt(pos + 1) == '>') {
                    pos += 2;
                    return new Token(Type.NE, "<>", start, pos);
                }
                return single(Type.LT, start);
            }
            case '>' -> {
                if (pos + 1 < length && text.charAt(pos + 1) == '=') {
                    pos += 2;
                    return new Token(Type.GE, ">=", start, pos);
                }
                return single(Type.GT, start);
            }
            default -> throw new OdsqlException(clause, start, "unexpected character " + describeChar(text, start)
                    + ": expected a field name, a value, an operator or a punctuation mark");
        }
    }

    private Token single(Type type, int start) {
        pos++;
        return new Token(type, text.substring(start, pos), start, pos);
    }

    private Token nameOrNumber(int start) {
        boolean digitsOnly = true;
        while (pos < length && isNameChar(text.charAt(pos))) {
            if (!isDigit(text.charAt(pos))) {
                digitsOnly = false;
            }
            pos++;
        }
        if (digitsOnly) {
            if (pos + 1 < length && text.charAt(pos) == '.' && isDigit(text.charAt(pos + 1))) {
                pos++;
                skipDigits();
            }
            return new Token(Type.NUMBER, text.substring(start, pos), start, pos);
        }
        String name = text.substring(start, pos);
        if (pos < length && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
            if (name.equalsIgnoreCase("date")) {
                String content = quoted(pos, text.charAt(pos), "date literal");
                return new Token(Type.DATE, content, start, pos);
            }
            if (name.equalsIgnoreCase("geom")) {
                String content = quoted(pos, text.charAt(pos), "geometry literal");
                return new Token(Type.GEOM, content, start, pos);
            }
        }
        return new Token(Type.IDENT, name, start, pos);
    }

    private void skipDigits() {
        while (pos < length && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    /** Reads a quoted string whose opening quote is at {@code open}; leaves {@code pos} after the closing quote. */
    private String quoted(int open, char quote, String what) {
        StringBuilder sb = new StringBuilder();
        int i = open + 1;
        while (i < length) {
            char c = text.charAt(i);
            if (c == quote) {
                pos = i + 1;
                return sb.toString();
            }
            if (c == '\\') {
                if (i + 1 >= length) {
                    break;
                }
                char e = text.charAt(i + 1);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        int code = hex4(i + 2);
                        if (code < 0) {
                            throw new OdsqlException(clause, i, "invalid unicode escape in a " + what
                                    + ": expected \\u followed by 4 hexadecimal digits but found '"
                                    + excerpt(text.substring(i, Math.min(length, i + 6))) + "'");
                        }
                        sb.append((char) code);
                        i += 4;
                    }
                    default -> sb.append(e);
                }
                i += 2;
                continue;
            }
            sb.append(c);
            i++;
        }
        throw new OdsqlException(clause, open, "unterminated " + what + " starting at position " + open
                + ": expected a closing " + quote + " but found end of input");
    }

    private int hex4(int from) {
        if (from + 4 > length) {
            return -1;
        }
        int v = 0;
        for (int k = from; k < from + 4; k++) {
            int d = Character.digit(text.charAt(k), 16);
            if (d < 0 || text.charAt(k) > 'f') {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    private Token backQuoted(int start) {
        StringBuilder sb = new StringBuilder();
        int i = start + 1;
        while (i < length) {
            char c = text.charAt(i);
            if (c == '`') {
                pos = i + 1;
                if (sb.isEmpty()) {
                    throw new OdsqlException(clause, start, "empty back-quoted field name: expected a name between the back-quotes");
                }
                return new Token(Type.QIDENT, sb.toString(), start, pos);
            }
            if (c == '\\' && i + 1 < length) {
                sb.append(text.charAt(i + 1));
                i += 2;
                continue;
            }
            sb.append(c);
            i++;
        }
        throw new OdsqlException(clause, start, "unterminated back-quoted field name starting at position " + start
                + ": expected a closing ` but found end of input");
    }

    static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code 'x'}, or {@code 'é' (U+00E9)} for characters outside printable ASCII. */
    static String describeChar(String text, int at) {
        int cp = text.codePointAt(at);
        String shown = (Character.isISOControl(cp) || Character.isSurrogate(text.charAt(at)) && Character.charCount(cp) == 1)
                ? "" : new String(Character.toChars(cp));
        if (cp >= 0x20 && cp < 0x7F) {
            return "'" + shown + "'";
        }
        return (shown.isEmpty() ? "" : "'" + shown + "' ") + String.format("(U+%04X)", cp);
    }

    /** At most 40 characters of {@code s}, with an ellipsis when cut. */
    static String excerpt(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
