package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.model.TotalRule;
import fr.geoeduc.core.quality.QualityCollector;
import fr.geoeduc.core.quality.Rule;
import fr.geoeduc.core.quality.RowLocation;
import fr.geoeduc.core.referentiel.CodeNormaliser;
import fr.geoeduc.core.referentiel.CommuneHistory;
import fr.geoeduc.core.referentiel.CrsTransformer;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.referentiel.Uai;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.valid.IsValidOp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Types, normalises and checks one row at a time: parses each cell to its field's type, fills the derived
 * fields, and reports every quality finding with its line, field and value. Keeps only what the end-of-file
 * rules need (keys seen, for duplicates).
 */
final class RowProcessor {

    /** Lat/lon and reprojected x/y further apart than this disagree (the ministry's own agree to 0.00 m). */
    static final double XY_TOLERANCE_METRES = 10.0;
    private static final Pattern ZERO_IN_WORD = Pattern.compile("\\b[A-Z]+0[A-Z]+\\b");
    private static final Pattern RENTREE = Pattern.compile("^(\\d{4})(?:\\s*[-/]\\s*(\\d{2,4}))?(?:-\\d{2}-\\d{2}.*)?$");
    private static final Pattern NOT_PROSE = Pattern.compile("(^|_)(code|uai|rne|mail|web|url|site|fiche|siren|siret|telephone|fax|tri|position|geo)(_|$)");

    private final DatasetDefinition def;
    private final Schema schema;
    private final int[] columnOfField;
    private final Referentiels referentiels;
    private final QualityCollector quality;
    private final CrsTransformer crs;
    private final ValueParser parser = new ValueParser();
    private final FieldType[] types;
    private final boolean[] mandatory;
    private final boolean[] uaiFormat;
    private final boolean[] proseField;
    private final int uai;
    private final int departement;
    private final int academie;
    private final int commune;
    private final int rentree;
    private final int latitude;
    private final int longitude;
    private final int x;
    private final int y;
    private final int epsg;
    private final int position;
    private final int uaiValide;
    private final int departementCog;
    private final int communeCog;
    private final int anneeRentree;
    private final int multiRow;
    private final int[] keyFields;
    private final boolean keyPresent;
    /** Fields read from the file that place a row on the map (coordinates, position, geometries). */
    private final boolean[] locationField;
    private final boolean hasLocationField;
    private final String firstLocationField;
    private final List<int[]> totals = new ArrayList<>();
    private final List<int[]> codeLabelPairs = new ArrayList<>();
    private final Map<String, Long> firstLineOfKey = new HashMap<>(1 << 15);
    /** Per field, whether the cell of the last row processed gave no value under the field's type. */
    private final boolean[] noValue;
    private long rows;

    /**
     * @param columnOfField for each field of {@code schema}, the index of the raw column it comes from, or -1
     *                      for a derived field
     */
    RowProcessor(DatasetDefinition def, Schema schema, int[] columnOfField, Referentiels referentiels,
                 QualityCollector quality, CrsTransformer crs) {
        this.def = def;
        this.schema = schema;
        this.columnOfField = columnOfField;
        this.referentiels = referentiels;
        departementMemo = new CodeMemo<>(raw -> CodeNormaliser.departement(raw)
                .filter(c -> referentiels.departement(raw).isPresent()).orElse(NOT_A_CODE), MEMO_LIMIT);
        academieMemo = new CodeMemo<>(raw -> referentiels.academie(raw).isPresent(), MEMO_LIMIT);
        communeMemo = new CodeMemo<>(this::checkCommune, MEMO_LIMIT);
        rentreeMemo = new CodeMemo<>(v -> Optional.ofNullable(startYear(v)).orElse(-1L), MEMO_LIMIT);
        communeCodeMemo = new CodeMemo<>(CodeNormaliser::commune, MEMO_LIMIT);
        this.quality = quality;
        this.crs = crs;
        int n = schema.size();
        types = new FieldType[n];
        mandatory = new boolean[n];
        uaiFormat = new boolean[n];
        proseField = new boolean[n];
        noValue = new boolean[n];
        for (int i = 0; i < n; i++) {
            Field f = schema.field(i);
            types[i] = f.type();
            mandatory[i] = f.mandatory();
            uaiFormat[i] = "uai".equals(f.format());
            proseField[i] = f.type() == FieldType.TEXT && f.format() == null && !NOT_PROSE.matcher(f.name()).find();
        }
        uai = role("uai");
        if (uai >= 0) {
            uaiFormat[uai] = true;
        }
        departement = role("departement");
        academie = role("academie");
        commune = role("commune");
        rentree = role("rentree");
        latitude = role("latitude");
        longitude = role("longitude");
        x = role("x");
        y = role("y");
        epsg = role("epsg");
        position = def.role("position").map(schema::indexOf).filter(i -> i >= 0).orElse(schema.indexOf(DerivedFields.POSITION));
        uaiValide = schema.indexOf(DerivedFields.UAI_VALIDE);
        departementCog = schema.indexOf(DerivedFields.DEPARTEMENT_COG);
        communeCog = schema.indexOf(DerivedFields.COMMUNE_COG);
        anneeRentree = schema.indexOf(DerivedFields.ANNEE_RENTREE);
        multiRow = def.multiRowFlag() == null ? -1 : schema.indexOf(def.multiRowFlag());
        locationField = new boolean[n];
        String firstLocation = null;
        for (int i = 0; i < n; i++) {
            boolean located = i == latitude || i == longitude || i == x || i == y || i == position
                    || types[i] == FieldType.GEO_POINT_2D || types[i] == FieldType.GEO_SHAPE;
            locationField[i] = located && columnOfField[i] >= 0;
            if (locationField[i] && firstLocation == null) {
                firstLocation = schema.field(i).name();
            }
        }
        firstLocationField = firstLocation;
        hasLocationField = firstLocation != null;
        keyFields = def.key().stream().mapToInt(schema::indexOf).toArray();
        keyPresent = keyFields.length > 0 && java.util.Arrays.stream(keyFields).allMatch(i -> i >= 0);
        for (TotalRule t : def.totals()) {
            int[] idx = new int[t.parts().size() + 1];
            idx[0] = schema.indexOf(t.total());
            for (int k = 0; k < t.parts().size(); k++) {
                idx[k + 1] = schema.indexOf(t.parts().get(k));
            }
            if (java.util.Arrays.stream(idx).allMatch(i -> i >= 0)) {
                totals.add(idx);
            }
        }
        for (int i = 0; i < n; i++) {
            String name = schema.field(i).name();
            if (name.startsWith("code_") && types[i] == FieldType.TEXT) {
                String rest = name.substring(5);
                for (String candidate : List.of("libelle_" + rest, "nom_" + rest, rest)) {
                    int label = schema.indexOf(candidate);
                    if (label >= 0 && types[label] == FieldType.TEXT && columnOfField[label] >= 0) {
                        codeLabelPairs.add(new int[]{i, label});
                        break;
                    }
                }
            }
        }
    }

    private int role(String role) {
        return def.role(role).map(schema::indexOf).orElse(-1);
    }

    /** The typed row, or null for an entirely empty row: reported, and not a record. */
    Object[] process(RawRow raw) {
        RowLocation line = raw.location();
        Object[] cells = raw.cells();
        if (isEmpty(cells)) {
            quality.report(Rule.EMPTY_ROW, line, null, null, "every cell of the row is empty: not published as a record");
            return null;
        }
        rows++;
        Object[] row = new Object[types.length];
        boolean located = false;
        for (int i = 0; i < types.length; i++) {
            int col = columnOfField[i];
            if (col < 0) {
                continue;
            }
            Object cell = cells[col];
            if (locationField[i] && !located) {
                located = !isBlank(cell);
            }
            Object value = parser.parse(types[i], cell);
            noValue[i] = value == null || value == ValueParser.INVALID;
            if (value == ValueParser.INVALID) {
                String name = schema.field(i).name();
                if (types[i] == FieldType.GEO_SHAPE || cell instanceof Geometry) {
                    quality.report(Rule.INVALID_GEOMETRY, line, name, abbreviate(cell), "not a GeoJSON geometry");
                } else {
                    quality.report(Rule.INVALID_VALUE, line, name, cell, "expected " + types[i].apiName() + ", found '" + cell + "'");
                }
                value = null;
            } else if (value == null && cell instanceof String s && !s.isBlank() && types[i] != FieldType.TEXT) {
                quality.report(Rule.NULL_MARKER, line, schema.field(i).name(), s.strip(), "coded as missing: '" + s.strip() + "'");
            } else if (value == null && cell instanceof String s && s.startsWith("invalid GeoJSON geometry")) {
                quality.report(Rule.INVALID_GEOMETRY, line, schema.field(i).name(), null, s);
            }
            if (value instanceof Geometry g) {
                checkGeometry(g, schema.field(i).name(), line);
            }
            row[i] = value;
            if (value == null && mandatory[i]) {
                quality.report(Rule.MANDATORY_EMPTY, line, schema.field(i).name(), cell, "mandatory field is empty");
            }
            if (uaiFormat[i] && value instanceof String s && !Uai.isValid(s.strip())) {
                quality.report(Rule.UAI_CHECK_LETTER, line, schema.field(i).name(), s, Uai.explain(s));
            }
            if (proseField[i] && value instanceof String s && hasZeroBetweenLetters(s)) {
                Matcher m = ZERO_IN_WORD.matcher(s);
                if (m.find()) {
                    quality.report(Rule.DIGIT_FOR_LETTER, line, schema.field(i).name(), s,
                            "'" + m.group() + "': digit 0 inside a word, letter O intended?");
                }
            }
        }
        if (hasLocationField && !located) {
            quality.report(Rule.NO_COORDINATES, line, firstLocationField, null,
                    "no coordinates nor geometry in this row: it is not on the map (fill " + firstLocationField + ")");
        }
        deriveAndCheckCodes(row, line);
        checkCoordinates(row, line);
        checkTotals(row, line);
        checkCodeLabels(row, line);
        checkKey(row, line);
        return row;
    }

    private static boolean isEmpty(Object[] cells) {
        for (Object cell : cells) {
            if (!isBlank(cell)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(Object cell) {
        return cell == null || cell instanceof String s && s.isBlank();
    }

    private void checkGeometry(Geometry g, String field, RowLocation line) {
        Optional<String> outside = WgsBounds.firstOutside(g);
        if (outside.isPresent()) {
            quality.report(Rule.OUT_OF_RANGE, line, field, g.getGeometryType(), outside.get()
                    + ": not WGS84 longitude/latitude (coordinates swapped, or in another CRS such as Lambert 93?)");
        } else if (!g.isValid()) {
            quality.report(Rule.INVALID_GEOMETRY, line, field, g.getGeometryType(), new IsValidOp(g).getValidationError().toString());
        }
    }

    /** What a commune code leads to: the current COG code, or the rule broken and why. Same code, same outcome. */
    private record CommuneOutcome(String current, Rule rule, String message) {
    }

    private static final int MEMO_LIMIT = 200_000;
    private static final String NOT_A_CODE = "";
    // the same codes come back on every row: each is normalised and looked up once per ingest
    private final CodeMemo<String, String> departementMemo;
    private final CodeMemo<String, Boolean> academieMemo;
    private final CodeMemo<String, CommuneOutcome> communeMemo;
    private final CodeMemo<Object, Long> rentreeMemo;
    private final CodeMemo<String, Optional<String>> communeCodeMemo;

    /** Cheap test before {@link #ZERO_IN_WORD}: some '0' with a capital letter on each side. */
    private static boolean hasZeroBetweenLetters(String s) {
        for (int i = s.indexOf('0'); i > 0 && i < s.length() - 1; i = s.indexOf('0', i + 1)) {
            char before = s.charAt(i - 1);
            char after = s.charAt(i + 1);
            if (before >= 'A' && before <= 'Z' && after >= 'A' && after <= 'Z') {
                return true;
            }
        }
        return false;
    }

    private void deriveAndCheckCodes(Object[] row, RowLocation line) {
        if (uai >= 0 && uaiValide >= 0 && row[uai] instanceof String u) {
            row[uaiValide] = Uai.isValid(u.strip());
        }
        if (departement >= 0 && row[departement] instanceof String d) {
            String cog = departementMemo.get(d);
            if (cog != NOT_A_CODE) {
                if (departementCog >= 0) {
                    row[departementCog] = cog;
                }
            } else {
                quality.report(Rule.UNKNOWN_DEPARTEMENT, line, schema.field(departement).name(), d, "no such département code");
            }
        }
        if (academie >= 0 && row[academie] instanceof String a && !academieMemo.get(a)) {
            quality.report(Rule.UNKNOWN_ACADEMIE, line, schema.field(academie).name(), a, "no such académie code");
        }
        if (commune >= 0 && row[commune] instanceof String c) {
            CommuneOutcome outcome = communeMemo.get(c);
            if (outcome.rule() != null) {
                quality.report(outcome.rule(), line, schema.field(commune).name(), c, outcome.message());
            }
            if (communeCog >= 0 && outcome.current() != null) {
                row[communeCog] = outcome.current();
            }
        }
        if (rentree >= 0 && anneeRentree >= 0 && row[rentree] != null) {
            Long year = rentreeMemo.get(row[rentree]);
            row[anneeRentree] = year < 0 ? null : year;
            if (row[anneeRentree] == null) {
                quality.report(Rule.INVALID_VALUE, line, schema.field(rentree).name(), row[rentree],
                        "expected a rentrée such as 2022 or 2022-2023");
            }
        }
    }

    private CommuneOutcome checkCommune(String raw) {
        Optional<String> code = CodeNormaliser.commune(raw);
        if (code.isEmpty()) {
            return new CommuneOutcome(null, Rule.UNKNOWN_COMMUNE, "not a commune code (5 characters expected)");
        }
        String current = referentiels.arrondissement(code.get()).map(a -> a.codeCommune()).orElse(code.get());
        Optional<CommuneHistory.Succession> successor = referentiels.history().successor(current);
        if (successor.isPresent()) {
            CommuneHistory.Succession s = successor.get();
            return new CommuneOutcome(s.currentCode(), Rule.MERGED_COMMUNE, "commune " + raw + " no longer exists: merged on "
                    + s.date() + " into " + s.currentCode() + (s.currentName() == null ? "" : " " + s.currentName()));
        }
        String dep = CodeNormaliser.departementOfCommune(current);
        if (referentiels.hasCommunesOf(dep) && referentiels.commune(current).isEmpty()) {
            return new CommuneOutcome(current, Rule.UNKNOWN_COMMUNE, "not in the commune référentiel of département " + dep
                    + referentiels.communesMillesime(dep).map(m -> " (millésime " + m + ")").orElse(""));
        }
        return new CommuneOutcome(current, null, null);
    }

    static Long startYear(Object value) {
        if (value instanceof Long l) {
            return l >= 1900 && l <= 2200 ? l : null;
        }
        if (value instanceof java.time.LocalDate d) {
            return (long) d.getYear();
        }
        Matcher m = RENTREE.matcher(String.valueOf(value).strip());
        return m.matches() ? Long.parseLong(m.group(1)) : null;
    }

    private void checkCoordinates(Object[] row, RowLocation line) {
        GeoPoint point = null;
        String pointField = null;
        if (latitude >= 0 && longitude >= 0 && row[latitude] instanceof Double lat && row[longitude] instanceof Double lon) {
            pointField = schema.field(latitude).name();
            try {
                point = new GeoPoint(lat, lon);
            } catch (IllegalArgumentException e) {
                quality.report(Rule.OUTSIDE_FRANCE, line, pointField, lat + ", " + lon, "not a latitude/longitude");
                return;
            }
            if (position >= 0 && row[position] instanceof GeoPoint given && given.distanceTo(point) > XY_TOLERANCE_METRES) {
                quality.report(Rule.POSITION_DISAGREE, line, schema.field(position).name(), given.toString(),
                        String.format(java.util.Locale.ROOT, "position is %.0f m from latitude/longitude %s: the row would be served "
                                + "at the position; correct whichever is wrong in the source", given.distanceTo(point), point));
            }
        } else if (position >= 0 && row[position] instanceof GeoPoint p) {
            point = p;
            pointField = schema.field(position).name();
        }
        GeoPoint fromXy = null;
        if (x >= 0 && y >= 0 && row[x] instanceof Double xv && row[y] instanceof Double yv) {
            String epsgText = epsg >= 0 && row[epsg] != null ? row[epsg].toString() : null;
            Optional<Integer> code = CrsTransformer.parseEpsg(epsgText);
            if (code.isEmpty() || !crs.isKnown(code.get())) {
                quality.report(Rule.UNKNOWN_EPSG, line, epsg >= 0 ? schema.field(epsg).name() : null, epsgText,
                        "x/y given but the EPSG code is " + (epsgText == null ? "missing" : "unknown"));
            } else {
                fromXy = crs.toWgs84(code.get(), xv, yv).orElse(null);
                if (fromXy == null) {
                    quality.report(Rule.XY_DISAGREE, line, schema.field(x).name(), xv + " " + yv,
                            "x/y cannot be reprojected from EPSG:" + code.get());
                } else if (point != null && fromXy.distanceTo(point) > XY_TOLERANCE_METRES) {
                    quality.report(Rule.XY_DISAGREE, line, schema.field(x).name(), xv + " " + yv + " " + epsgText,
                            String.format(java.util.Locale.ROOT, "x/y in %s lands %.0f m from latitude/longitude %s (wrong EPSG?)",
                                    epsgText, fromXy.distanceTo(point), point));
                }
            }
        }
        if (point == null && fromXy != null) {
            point = fromXy;
            pointField = schema.field(x).name();
        }
        if (point == null) {
            return;
        }
        if (position >= 0 && row[position] == null) {
            row[position] = point;
        }
        if (!referentiels.inFrance(point)) {
            quality.report(Rule.OUTSIDE_FRANCE, line, pointField, point.toString(), "coordinates outside France and its overseas territories");
            return;
        }
        if (commune >= 0 && row[commune] instanceof String c) {
            Optional<String> code = communeCodeMemo.get(c);
            if (code.isPresent()) {
                Optional<Boolean> inside = referentiels.communeContains(code.get(), point);
                if (inside.isPresent() && !inside.get()) {
                    String found = referentiels.communeAt(point).map(f -> " (the point is in " + f + ")").orElse("");
                    quality.report(Rule.OUTSIDE_COMMUNE, line, pointField, point.toString(),
                            "outside the polygon of commune " + c + found);
                }
            }
        }
    }

    private void checkTotals(Object[] row, RowLocation line) {
        for (int[] rule : totals) {
            Object total = row[rule[0]];
            if (!(total instanceof Number t)) {
                continue;
            }
            double sum = 0;
            boolean anyPart = false;
            for (int k = 1; k < rule.length; k++) {
                if (row[rule[k]] instanceof Number p) {
                    sum += p.doubleValue();
                    anyPart = true;
                }
            }
            if (anyPart && Math.abs(sum - t.doubleValue()) > 1e-6) {
                StringBuilder parts = new StringBuilder();
                for (int k = 1; k < rule.length; k++) {
                    parts.append(k > 1 ? " + " : "").append(schema.field(rule[k]).name());
                }
                quality.report(Rule.TOTAL_MISMATCH, line, schema.field(rule[0]).name(), total,
                        schema.field(rule[0]).name() + " = " + ValueParser.format(t) + " but " + parts + " = " + ValueParser.format(sum));
            }
        }
    }

    private void checkCodeLabels(Object[] row, RowLocation line) {
        for (int[] pair : codeLabelPairs) {
            if (row[pair[0]] != null && row[pair[1]] == null) {
                quality.report(Rule.CODE_WITHOUT_LABEL, line, schema.field(pair[1]).name(), row[pair[0]],
                        schema.field(pair[0]).name() + " = " + row[pair[0]] + " but " + schema.field(pair[1]).name() + " is empty");
            }
        }
    }

    private void checkKey(Object[] row, RowLocation line) {
        if (!keyPresent) {
            return;
        }
        String k = keyOf(row);
        boolean feature = line.feature() > 0;
        Long first = firstLineOfKey.putIfAbsent(k, feature ? line.feature() : line.line());
        if (first != null) {
            String shown = k.replace(KEY_SEPARATOR, '/');
            String as = (feature ? "same key as feature " : "same key as line ") + first;
            boolean flagged = multiRow >= 0 && row[multiRow] instanceof Number m && m.longValue() == 1;
            if (flagged) {
                quality.report(Rule.MULTI_ROW_KEY, line, String.join("+", def.key()), shown,
                        as + ", row flagged " + def.multiRowFlag() + " = 1");
            } else {
                quality.report(Rule.DUPLICATE_KEY, line, String.join("+", def.key()), shown, as);
            }
        }
    }

    private static final char KEY_SEPARATOR = '\u001f';

    /** The key's values as one string; a one-field text key is its own value (no copy: the usual case, the UAI). */
    private String keyOf(Object[] row) {
        if (keyFields.length == 1) {
            Object v = row[keyFields[0]];
            return v instanceof String s ? s : keyPart(v);
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < keyFields.length; i++) {
            if (i > 0) {
                key.append(KEY_SEPARATOR);
            }
            key.append(keyPart(row[keyFields[i]]));
        }
        return key.toString();
    }

    private static String keyPart(Object value) {
        return value == null ? "" : ValueParser.format(value);
    }

    long rows() {
        return rows;
    }

    /**
     * Whether the cell of {@code field} in the last row given to {@link #process} gave no value under the field's type
     * (null: empty or a null marker; or {@link ValueParser#INVALID}); meaningful for a field read from the file, when
     * that row was not entirely empty. Type inference reads it instead of parsing the cell a second time.
     */
    boolean hadNoValue(int field) {
        return noValue[field];
    }

    private static String abbreviate(Object cell) {
        String s = String.valueOf(cell);
        return s.length() > 80 ? s.substring(0, 77) + "…" : s;
    }
}
