package fr.geoeduc.core.adresse;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.Query;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.query.exec.ResultRow;
import fr.geoeduc.core.referentiel.CodeNormaliser;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a département's BAN addresses ({@code ban-adresses-35}) through the query service with the caller, in the
 * published order (the BAN's, commune by commune).
 */
public final class BanSource {

    private static final String SELECT = "id, numero, rep, nom_voie, code_postal, code_insee, nom_commune, "
            + "code_insee_ancienne_commune, nom_ancienne_commune, x, y, lon, lat";
    private final QueryService queries;

    public BanSource(QueryService queries) {
        this.queries = queries;
    }

    /** The version of the département's addresses this caller sees, empty when none is loaded or visible. */
    public Optional<Integer> version(Caller caller, String departement) {
        return queries.dataset(caller, BanLoader.dataset(departement), null).map(v -> v.version().number());
    }

    /** Whether this caller sees the département's addresses through a convention's restricted view. */
    public boolean restreinte(Caller caller, String departement) {
        return queries.dataset(caller, BanLoader.dataset(departement), null).map(QueryService.Visible::restricted).orElse(false);
    }

    /** Streams the addresses (rows without a position or a commune are skipped); empty when none is visible. */
    public Optional<Long> lire(Caller caller, String departement, Consumer<BanAdresse> sink) {
        Optional<QueryService.Visible> visible = queries.dataset(caller, BanLoader.dataset(departement), null);
        if (visible.isEmpty()) {
            return Optional.empty();
        }
        QueryEngine.Request all = new QueryEngine.Request(SELECT, List.of(), null, null, -1, 0, List.of(), List.of(),
                new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC));
        Lecteur lecteur = new Lecteur();
        return queries.execute(caller, BanLoader.dataset(departement), visible.get().version().number(), new Query.Export(all, row -> {
            BanAdresse a = row instanceof ResultRow r && r.sourceRow() >= 0 ? lecteur.of(r) : of(row);
            if (a != null) {
                sink.accept(a);
            }
        }));
    }

    /**
     * Reads the rows by position rather than by name, and each text field once per value of its column's dictionary
     * (a département's addresses repeat their communes, streets and postcodes thousands of times): the same
     * {@link BanAdresse} as {@link #of(Map)}, for a fraction of the work.
     */
    private static final class Lecteur {
        private static final String[] CHAMPS = SELECT.split(", ");
        private static final int ID = 0, NUMERO = 1, REP = 2, VOIE = 3, POSTAL = 4, INSEE = 5, NOM = 6, ANCIENNE = 7, NOM_ANCIENNE = 8,
                X = 9, Y = 10, LON = 11, LAT = 12;
        private int[] position;
        private final String[][] parCode = new String[CHAMPS.length][];

        BanAdresse of(ResultRow row) {
            if (position == null) {
                position = new int[CHAMPS.length];
                for (int k = 0; k < CHAMPS.length; k++) {
                    position[k] = -1;
                    for (int i = 0; i < row.width(); i++) {
                        if (row.key(i).equals(CHAMPS[k])) {
                            position[k] = i;
                        }
                    }
                }
            }
            String commune = texte(row, INSEE);
            Double x = nombre(row, X);
            Double y = nombre(row, Y);
            Double lon = nombre(row, LON);
            Double lat = nombre(row, LAT);
            if (commune.isEmpty() || x == null || y == null || lon == null || lat == null) {
                return null;
            }
            Double numero = nombre(row, NUMERO);
            return new BanAdresse(texte(row, ID), numero == null ? 0 : numero.intValue(), texte(row, REP), texte(row, VOIE),
                    texte(row, POSTAL), commune, texte(row, NOM), texte(row, ANCIENNE), texte(row, NOM_ANCIENNE), x, y, lon, lat);
        }

        private Double nombre(ResultRow row, int champ) {
            return position[champ] < 0 ? null : number(row.value(position[champ]));
        }

        /** The field as {@link #of(Map)} reads it: commune codes normalised, postcodes on 5 digits, text stripped. */
        private String texte(ResultRow row, int champ) {
            int p = position[champ];
            if (p < 0) {
                return "";
            }
            fr.geoeduc.core.engine.Column.Text colonne = row.textSource(p);
            if (colonne == null || champ == ID) { // identifiers are unique: nothing to reuse
                return lu(champ, row.value(p));
            }
            int code = colonne.codeAt(row.sourceRow());
            if (code < 0) {
                return lu(champ, null);
            }
            String[] memo = parCode[champ];
            if (memo == null || memo.length < colonne.dictionary().size()) {
                memo = parCode[champ] = memo == null ? new String[colonne.dictionary().size()] : java.util.Arrays.copyOf(memo, colonne.dictionary().size());
            }
            String v = memo[code];
            if (v == null) {
                v = memo[code] = lu(champ, colonne.dictionary().get(code));
            }
            return v;
        }

        private static String lu(int champ, Object valeur) {
            String t = text(valeur);
            return switch (champ) {
                case INSEE -> CodeNormaliser.commune(t).orElse("");
                case ANCIENNE -> t.isEmpty() ? "" : CodeNormaliser.commune(t).orElse(t);
                case POSTAL -> pad5(t);
                default -> t;
            };
        }
    }

    static BanAdresse of(Map<String, Object> row) {
        String commune = CodeNormaliser.commune(text(row.get("code_insee"))).orElse(null);
        Double x = number(row.get("x"));
        Double y = number(row.get("y"));
        Double lon = number(row.get("lon"));
        Double lat = number(row.get("lat"));
        Double numero = number(row.get("numero"));
        if (commune == null || x == null || y == null || lon == null || lat == null) {
            return null;
        }
        String ancienne = text(row.get("code_insee_ancienne_commune"));
        return new BanAdresse(text(row.get("id")), numero == null ? 0 : numero.intValue(), text(row.get("rep")),
                text(row.get("nom_voie")), pad5(text(row.get("code_postal"))), commune, text(row.get("nom_commune")),
                ancienne.isEmpty() ? "" : CodeNormaliser.commune(ancienne).orElse(ancienne), text(row.get("nom_ancienne_commune")),
                x, y, lon, lat);
    }

    private static String pad5(String s) {
        return s.length() == 4 && s.chars().allMatch(Character::isDigit) ? "0" + s : s;
    }

    static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d && d == Math.rint(d)) {
            return String.valueOf(d.longValue());
        }
        return v.toString().strip();
    }

    static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v == null || v.toString().isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(v.toString().strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
