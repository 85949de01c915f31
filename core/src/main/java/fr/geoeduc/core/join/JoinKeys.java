package fr.geoeduc.core.join;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Turns the key fields of a row into one comparable key: text is trimmed and upper-cased (UAIs, codes), integral
 * numbers lose their decimals (rentrée {@code 2023} as text or as a number meets {@code 2023}), commune codes go to
 * their current commune. A row with an empty key part has no key (it matches nothing).
 */
final class JoinKeys {

    private static final char SEPARATOR = '\u001F';
    private final List<KeyPair> keys;
    private final int[] columns;
    private final CommuneCodes communes;
    private final List<String> names;
    /** The time rule of each key on this side (null for other keys). */
    private final TimeRule[] times;

    private JoinKeys(List<KeyPair> keys, int[] columns, CommuneCodes communes, List<String> names, TimeRule[] times) {
        this.keys = keys;
        this.times = times;
        this.columns = columns;
        this.communes = communes;
        this.names = names;
    }

    /** The key builder of one side, after checking each key field exists and both sides' types can meet. */
    static JoinKeys[] of(List<KeyPair> keys, JoinInput left, JoinInput right, CommuneCodes communes) {
        int[] l = new int[keys.size()];
        int[] r = new int[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            KeyPair k = keys.get(i);
            Field lf = left.field(k.left(), "de gauche");
            Field rf = right.field(k.right(), "de droite");
            checkCompatible(k, lf, rf);
            l[i] = left.schema().indexOf(k.left());
            r[i] = right.schema().indexOf(k.right());
        }
        return new JoinKeys[] {new JoinKeys(keys, l, communes, keys.stream().map(KeyPair::left).toList(),
                keys.stream().map(KeyPair::leftTime).toArray(TimeRule[]::new)),
                new JoinKeys(keys, r, communes, keys.stream().map(KeyPair::right).toList(),
                        keys.stream().map(KeyPair::rightTime).toArray(TimeRule[]::new))};
    }

    private static void checkCompatible(KeyPair k, Field lf, Field rf) {
        if (lf.type().isGeo() || rf.type().isGeo()) {
            throw new JoinException("clé géométrique '" + k + "' : une jointure par clé compare des valeurs, pas des géométries");
        }
        boolean lb = lf.type() == FieldType.BOOLEAN;
        boolean rb = rf.type() == FieldType.BOOLEAN;
        boolean ld = lf.type() == FieldType.DATE || lf.type() == FieldType.DATETIME;
        boolean rd = rf.type() == FieldType.DATE || rf.type() == FieldType.DATETIME;
        if (k.time()) {
            if (lb || rb || lf.type().isGeo()) {
                throw new JoinException("une clé temporelle est une année, une rentrée ou une date : '"
                        + k + "' est " + lf.type().apiName() + " / " + rf.type().apiName());
            }
            return;
        }
        if (lb != rb || ld != rd) {
            throw new JoinException("types de clé incompatibles pour '" + k + "' : "
                    + lf.type().apiName() + " et " + rf.type().apiName());
        }
        if (k.commune() && (!codeType(lf.type()) || !codeType(rf.type()))) {
            throw new JoinException("une clé commune est un code (texte ou entier) : '" + k + "' est "
                    + lf.type().apiName() + " / " + rf.type().apiName());
        }
    }

    /** Commune codes are text; a file read without a schema may have made them integers ({@code 1004} for {@code 01004}). */
    private static boolean codeType(FieldType t) {
        return t == FieldType.TEXT || t == FieldType.INT;
    }

    /** The row's key, or null when a part is empty. */
    String key(Object[] row) {
        if (columns.length == 1) {
            return part(row[columns[0]], keys.get(0).commune(), times[0]);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            String part = part(row[columns[i]], keys.get(i).commune(), times[i]);
            if (part == null) {
                return null;
            }
            if (i > 0) {
                sb.append(SEPARATOR);
            }
            sb.append(part);
        }
        return sb.toString();
    }

    /** The commune codes of the row's commune keys as resolved (in key order), for the rule stated per row. */
    List<CommuneCodes.Resolved> communes(Object[] row) {
        List<CommuneCodes.Resolved> out = new java.util.ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            if (keys.get(i).commune() && row[columns[i]] != null && !row[columns[i]].toString().isBlank()) {
                out.add(communes.resolve(row[columns[i]].toString()));
            }
        }
        return out;
    }

    /** The column of the i-th key field on this side. */
    int column(int i) {
        return columns[i];
    }

    /** The key as written, for the match report's examples. */
    String display(Object[] row) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(names.get(i)).append('=').append(row[columns[i]]);
        }
        return sb.toString();
    }

    private String part(Object v, boolean commune, TimeRule time) {
        if (v == null) {
            return null;
        }
        if (time != null) {
            return time.rentreeYear(v);
        }
        if (commune) {
            String s = v.toString();
            return s.isBlank() ? null : communes.resolve(s).current();
        }
        return switch (v) {
            case String s -> s.isBlank() ? null : s.strip().toUpperCase(Locale.ROOT);
            case Long l -> Long.toString(l);
            case Integer n -> Integer.toString(n);
            case Double d -> d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString(d.longValue()) : Double.toString(d);
            case LocalDate d -> d.toString();
            default -> v.toString();
        };
    }
}
