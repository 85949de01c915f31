package fr.geoeduc.core.query.cql2;

/**
 * Cuts CQL2 text into tokens on demand. The parser may also take raw text from the current position
 * ({@link #rawBalanced}) for WKT literals, which JTS reads.
 */
final class Cql2Lexer {

    enum Kind { WORD, QUOTED, STRING, NUMBER, LPAREN, RPAREN, COMMA, OPERATOR, EOF }

    /** {@code text} is the word, the unquoted name or string, the number as written, or the operator. */
    record Token(Kind kind, String text, int start, int end) {
        boolean is(Kind k) {
            return kind == k;
        }

        /** A bare word equal to {@code keyword}, ignoring case. */
        boolean isWord(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        String describe() {
            return switch (kind) {
                case EOF -> "la fin du filtre";
                case STRING -> "la chaîne '" + excerpt(text) + "'";
                case QUOTED -> "le nom \"" + excerpt(text) + "\"";
                default -> "« " + excerpt(text) + " »";
            };
        }
    }

    private final String src;
    private int pos;
    private Token peeked;

    Cql2Lexer(String src) {
        this.src = src;
    }

    String source() {
        return src;
    }

    Token peek() {
        if (peeked == null) {
            peeked = scan();
        }
        return peeked;
    }

    /** The token after the next one, without consuming anything. */
    Token peekSecond() {
        Token first = peek();
        int saved = pos;
        Token second = scan();
        pos = saved;
        peeked = first;
        return second;
    }

    Token next() {
        Token t = peek();
        peeked = null;
        pos = t.end();
        return t;
    }

    /**
     * From the current position (just after a WKT keyword): optional dimension letters then one balanced
     * parenthesised group, or {@code EMPTY}. Returns the end offset and moves past it.
     */
    int rawBalanced(int keywordStart) {
        peeked = null;
        int i = pos;
        while (i < src.length() && (Character.isWhitespace(src.charAt(i)) || Character.isLetter(src.charAt(i)))) {
            i++;
        }
        if (i >= src.length() || src.charAt(i) != '(') {
            throw new Cql2Exception(i, "« ( » et des coordonnées attendus après " + src.substring(keywordStart, pos).strip()
                    + ", trouvé " + (i >= src.length() ? "la fin du filtre" : "« " + src.charAt(i) + " »"));
        }
        int depth = 0;
        for (; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '(') {
                if (++depth > Cql2TextParser.MAX_DEPTH) {
                    throw new Cql2Exception(i, "géométrie trop imbriquée (au plus " + Cql2TextParser.MAX_DEPTH + " niveaux)");
                }
            } else if (c == ')' && --depth == 0) {
                pos = i + 1;
                return pos;
            }
        }
        throw new Cql2Exception(src.length(), "« ) » attendue pour fermer la géométrie ouverte à la position " + keywordStart + ", trouvé la fin du filtre");
    }

    private Token scan() {
        int i = pos;
        while (i < src.length() && Character.isWhitespace(src.charAt(i))) {
            i++;
        }
        if (i >= src.length()) {
            return new Token(Kind.EOF, "", i, i);
        }
        char c = src.charAt(i);
        switch (c) {
            case '(' -> {
                return new Token(Kind.LPAREN, "(", i, i + 1);
            }
            case ')' -> {
                return new Token(Kind.RPAREN, ")", i, i + 1);
            }
            case ',' -> {
                return new Token(Kind.COMMA, ",", i, i + 1);
            }
            case '=' -> {
                return new Token(Kind.OPERATOR, "=", i, i + 1);
            }
            case '<', '>' -> {
                char d = i + 1 < src.length() ? src.charAt(i + 1) : 0;
                if (d == '=' || (c == '<' && d == '>')) {
                    return new Token(Kind.OPERATOR, "" + c + d, i, i + 2);
                }
                return new Token(Kind.OPERATOR, "" + c, i, i + 1);
            }
            case '!' -> throw new Cql2Exception(i, "« ! » inattendu : en CQL2, « différent de » s'écrit <>");
            case '\'' -> {
                return string(i);
            }
            case '"' -> {
                return quoted(i);
            }
            default -> {
            }
        }
        if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < src.length()
                && (Character.isDigit(src.charAt(i + 1)) || (src.charAt(i + 1) == '.' && c != '.')))) {
            return number(i);
        }
        if (Character.isLetter(c) || c == '_' || c == ':') {
            int j = i + 1;
            while (j < src.length() && (Character.isLetterOrDigit(src.charAt(j)) || "_.:".indexOf(src.charAt(j)) >= 0)) {
                j++;
            }
            return new Token(Kind.WORD, src.substring(i, j), i, j);
        }
        if ("+-*/%^".indexOf(c) >= 0) {
            throw new Cql2Exception(i, "« " + c + " » inattendu : le calcul (arithmétique) n'est pas pris en charge ; propriété, valeur ou condition attendue");
        }
        throw new Cql2Exception(i, "caractère « " + c + " » inattendu : propriété, valeur, opérateur ou parenthèse attendu");
    }

    private Token number(int start) {
        int j = start;
        if (src.charAt(j) == '-' || src.charAt(j) == '+') {
            j++;
        }
        while (j < src.length() && Character.isDigit(src.charAt(j))) {
            j++;
        }
        if (j < src.length() && src.charAt(j) == '.') {
            j++;
            while (j < src.length() && Character.isDigit(src.charAt(j))) {
                j++;
            }
        }
        if (j < src.length() && (src.charAt(j) == 'e' || src.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < src.length() && (src.charAt(k) == '+' || src.charAt(k) == '-')) {
                k++;
            }
            if (k < src.length() && Character.isDigit(src.charAt(k))) {
                j = k;
                while (j < src.length() && Character.isDigit(src.charAt(j))) {
                    j++;
                }
            } else {
                throw new Cql2Exception(j, "chiffres de l'exposant attendus après " + src.substring(start, j));
            }
        }
        if (j < src.length() && (Character.isLetter(src.charAt(j)) || src.charAt(j) == '_')) {
            throw new Cql2Exception(j, "« " + src.charAt(j) + " » inattendu après le nombre " + src.substring(start, j)
                    + " : opérateur, virgule ou parenthèse attendu");
        }
        return new Token(Kind.NUMBER, src.substring(start, j), start, j);
    }

    /** {@code '…'} with {@code ''} or {@code \'} for a quote and the escapes \n \t \r \a \b \f \v \\. */
    private Token string(int start) {
        StringBuilder out = new StringBuilder();
        int j = start + 1;
        while (j < src.length()) {
            char c = src.charAt(j);
            if (c == '\'') {
                if (j + 1 < src.length() && src.charAt(j + 1) == '\'') {
                    out.append('\'');
                    j += 2;
                    continue;
                }
                return new Token(Kind.STRING, out.toString(), start, j + 1);
            }
            if (c == '\\' && j + 1 < src.length()) {
                char e = src.charAt(j + 1);
                switch (e) {
                    case '\'' -> out.append('\'');
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'a' -> out.append('\u0007');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'v' -> out.append('\u000B');
                    // any other escape (\%, \_, \\) is kept as written: LIKE patterns give it its meaning
                    default -> out.append('\\').append(e);
                }
                j += 2;
                continue;
            }
            out.append(c);
            j++;
        }
        throw new Cql2Exception(start, "apostrophe fermante attendue pour la chaîne qui commence ici, trouvé la fin du filtre");
    }

    /** {@code "name"}, a property name that may be a keyword or hold odd characters; {@code ""} is a quote. */
    private Token quoted(int start) {
        StringBuilder out = new StringBuilder();
        int j = start + 1;
        while (j < src.length()) {
            char c = src.charAt(j);
            if (c == '"') {
                if (j + 1 < src.length() && src.charAt(j + 1) == '"') {
                    out.append('"');
                    j += 2;
                    continue;
                }
                if (out.isEmpty()) {
                    throw new Cql2Exception(start, "nom de propriété attendu entre les guillemets droits, trouvé \"\"");
                }
                return new Token(Kind.QUOTED, out.toString(), start, j + 1);
            }
            out.append(c);
            j++;
        }
        throw new Cql2Exception(start, "guillemet droit fermant attendu pour le nom de propriété qui commence ici, trouvé la fin du filtre");
    }

    static String excerpt(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
