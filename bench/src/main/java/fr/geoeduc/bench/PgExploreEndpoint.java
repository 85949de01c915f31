package fr.geoeduc.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The PostgreSQL side of bench/explore-vs-postgresql.sh: the same ten Explore-style queries written by hand in SQL
 * (PostGIS, btree, GiST and GIN indexes), answered through JDBC (pgjdbc + HikariCP) by a small HTTP endpoint
 * (com.sun.net.httpserver on virtual threads) with the same JSON shape as the Explore API: {total_count, results}.
 * Not part of the product: a yardstick.
 *
 * <pre>
 * java -cp postgresql.jar:geoeduc.jar:classes fr.geoeduc.bench.PgExploreEndpoint load JDBC_URL GEOEDUC_URL DATASET_ID TABLE CSV
 * java -cp postgresql.jar:geoeduc.jar:classes fr.geoeduc.bench.PgExploreEndpoint serve JDBC_URL PORT [POOL=8]
 * </pre>
 *
 * {@code load} creates TABLE from CSV with COPY into an unlogged all-text staging table, then one typed
 * CREATE TABLE AS SELECT whose columns are the dataset's fields as GéoÉduc declares them (name, order and type
 * read from GEOEDUC_URL's Explore API: text, bigint, double precision, date, boolean, geometry(Point, 4326)), so
 * that both sides answer with the same rows and keys. The derived fields (uai_valide, departement_cog,
 * commune_cog, annee_rentree) are computed in SQL. Indexes are created by the calling script.
 *
 * {@code serve} answers GET /q/NAME?params (see {@link #route}); /q/export streams COPY … TO STDOUT as CSV.
 */
public final class PgExploreEndpoint {

    private static final JsonFactory JSON = new JsonFactory();

    /** The fields of a dataset that GéoÉduc computes; their SQL counterparts use these source fields. */
    private record Roles(String uai, String departement, String commune, String rentree) {
    }

    private static final Map<String, Roles> ROLES = Map.of(
            "fr-en-annuaire-education", new Roles("identifiant_de_l_etablissement", "code_departement", "code_commune", null),
            "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre",
            new Roles("numero_uai", "code_departement", "code_commune", null),
            "fr-en-ips_ecoles", new Roles("uai", "code_du_departement", "code_insee_de_la_commune", "rentree_scolaire"));

    /** Older or published column names that GéoÉduc's alias tables map to its field names. */
    private static final Map<String, String> ALIASES = Map.of(
            "coordonnee_x", "coordx_origine",
            "coordonnee_y", "coordy_origine",
            "epsg", "epsg_origine",
            "etablissement_multi_lignes", "multi_uai");

    private PgExploreEndpoint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 6 && args[0].equals("load")) {
            load(args[1], args[2], args[3], args[4], Path.of(args[5]));
        } else if (args.length >= 3 && args[0].equals("serve")) {
            serve(args[1], Integer.parseInt(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 8);
        } else {
            System.err.println("usage: PgExploreEndpoint load JDBC_URL GEOEDUC_URL DATASET_ID TABLE CSV\n"
                    + "       PgExploreEndpoint serve JDBC_URL PORT [POOL]");
            System.exit(2);
        }
    }

    // ------------------------------------------------------------------ load

    static String normalise(String header) {
        String s = Normalizer.normalize(header.strip(), Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        s = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return s.replaceAll("^_+|_+$", "");
    }

    private static void load(String jdbcUrl, String geoeducUrl, String datasetId, String table, Path csv) throws Exception {
        // the dataset's fields as GéoÉduc serves them
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> meta = http.send(HttpRequest.newBuilder(URI.create(
                geoeducUrl + "/api/explore/v2.1/catalog/datasets/" + datasetId)).build(), HttpResponse.BodyHandlers.ofString());
        if (meta.statusCode() != 200) {
            throw new IllegalStateException("GET dataset " + datasetId + ": HTTP " + meta.statusCode() + " " + meta.body());
        }
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        for (JsonNode f : new ObjectMapper().readTree(meta.body()).get("fields")) {
            fields.put(f.get("name").asText(), f.get("type").asText());
        }
        // the CSV's columns, mapped onto the field names
        String headerLine;
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            headerLine = r.readLine();
        }
        if (headerLine.startsWith("\uFEFF")) {
            headerLine = headerLine.substring(1);
        }
        String[] header = headerLine.split(";", -1);
        Map<String, String> staged = new HashMap<>(); // field name -> staging column
        for (int i = 0; i < header.length; i++) {
            String n = normalise(header[i]);
            if (!fields.containsKey(n) && fields.containsKey(ALIASES.get(n))) {
                n = ALIASES.get(n);
            }
            if (fields.containsKey(n)) {
                staged.putIfAbsent(n, "c" + i);
            }
        }
        Roles roles = ROLES.getOrDefault(datasetId, new Roles(null, null, null, null));
        List<String> select = new ArrayList<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String name = f.getKey();
            String c = staged.get(name) == null ? null : "\"" + staged.get(name) + "\"";
            String expr = switch (name) {
                case "uai_valide" -> c == null && roles.uai != null ? uaiValid(src(staged, roles.uai)) : null;
                case "departement_cog" -> c == null && roles.departement != null
                        ? "CASE WHEN " + src(staged, roles.departement) + " ~ '^0[0-9][0-9AB]$' THEN substr("
                        + src(staged, roles.departement) + ", 2) ELSE NULLIF(" + src(staged, roles.departement) + ", '') END" : null;
                case "commune_cog" -> c == null && roles.commune != null ? communeCog(src(staged, roles.commune)) : null;
                case "annee_rentree" -> c == null && roles.rentree != null
                        ? "CASE WHEN " + src(staged, roles.rentree) + " ~ '^[0-9]{4}' THEN left(" + src(staged, roles.rentree) + ", 4)::integer END" : null;
                default -> null;
            };
            if (expr == null && f.getValue().equals("geo_point_2d")) {
                if (staged.containsKey("latitude") && staged.containsKey("longitude")) {
                    String lat = cast("double", "\"" + staged.get("latitude") + "\"");
                    String lon = cast("double", "\"" + staged.get("longitude") + "\"");
                    expr = "CASE WHEN " + lat + " IS NOT NULL AND " + lon + " IS NOT NULL THEN ST_SetSRID(ST_MakePoint("
                            + lon + ", " + lat + "), 4326) END";
                } else if (c != null) {
                    String lat = cast("double", "trim(split_part(" + c + ", ',', 1))");
                    String lon = cast("double", "trim(split_part(" + c + ", ',', 2))");
                    expr = "CASE WHEN " + lat + " IS NOT NULL AND " + lon + " IS NOT NULL THEN ST_SetSRID(ST_MakePoint("
                            + lon + ", " + lat + "), 4326) END";
                }
            }
            if (expr == null) {
                expr = c == null ? "NULL::" + sqlType(f.getValue()) : cast(f.getValue(), c);
            }
            select.add(expr + " AS " + name);
        }

        try (Connection db = DriverManager.getConnection(jdbcUrl); Statement st = db.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS postgis");
            st.execute("CREATE EXTENSION IF NOT EXISTS unaccent");
            st.execute("DROP TABLE IF EXISTS " + table + "_stg");
            st.execute("DROP TABLE IF EXISTS " + table);
            List<String> cols = new ArrayList<>();
            for (int i = 0; i < header.length; i++) {
                cols.add("c" + i + " text");
            }
            st.execute("CREATE UNLOGGED TABLE " + table + "_stg (" + String.join(", ", cols) + ")");
            long t0 = System.nanoTime();
            CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
            long rows;
            try (InputStream in = Files.newInputStream(csv)) {
                rows = copy.copyIn("COPY " + table + "_stg FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';', ENCODING 'UTF8')", in);
            }
            long t1 = System.nanoTime();
            st.execute("CREATE TABLE " + table + " AS SELECT " + String.join(",\n  ", select) + "\nFROM " + table + "_stg");
            st.execute("DROP TABLE " + table + "_stg");
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%s: %d rows COPY'd in %.1f s, typed table %s (%d columns) in %.1f s%n",
                    csv.getFileName(), rows, (t1 - t0) / 1e9, table, fields.size(), (t2 - t1) / 1e9);
        }
    }

    private static String src(Map<String, String> staged, String field) {
        String c = staged.get(field);
        return c == null ? "NULL::text" : "\"" + c + "\"";
    }

    /** Paris, Lyon and Marseille arrondissements → their commune (GéoÉduc also follows the COG history of mergers). */
    private static String communeCog(String c) {
        return "CASE WHEN " + c + " ~ '^751(0[1-9]|1[0-9]|20)$' THEN '75056' WHEN " + c + " ~ '^6938[1-9]$' THEN '69123' WHEN "
                + c + " ~ '^132(0[1-9]|1[0-6])$' THEN '13055' ELSE NULLIF(" + c + ", '') END";
    }

    private static String uaiValid(String u) {
        return "CASE WHEN " + u + " ~ '^[0-9]{7}[A-Z]$' THEN substr(" + u + ", 8, 1) = substr('ABCDEFGHJKLMNPRSTUVWXYZ', (left("
                + u + ", 7)::integer % 23) + 1, 1) WHEN NULLIF(" + u + ", '') IS NULL THEN NULL ELSE false END";
    }

    private static String sqlType(String type) {
        return switch (type) {
            case "int" -> "bigint";
            case "double" -> "double precision";
            case "date" -> "date";
            case "datetime" -> "timestamptz";
            case "boolean" -> "boolean";
            case "geo_point_2d" -> "geometry(Point, 4326)";
            case "geo_shape" -> "geometry(Geometry, 4326)";
            default -> "text";
        };
    }

    /** Lenient casts: values that do not fit the type (null markers NS, ND, SANS OBJET…) become NULL, as in GéoÉduc. */
    private static String cast(String type, String c) {
        return switch (type) {
            case "int" -> "CASE WHEN " + c + " ~ '^-?[0-9]{1,18}(\\.0*)?$' THEN split_part(" + c + ", '.', 1)::bigint END";
            case "double" -> {
                String v = "replace(rtrim(trim(" + c + "), '%'), ',', '.')";
                yield "CASE WHEN " + v + " ~ '^-?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$' THEN " + v + "::double precision END";
            }
            case "date" -> "CASE WHEN " + c + " ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN left(" + c + ", 10)::date END";
            case "datetime" -> "CASE WHEN " + c + " ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN " + c + "::timestamptz END";
            case "boolean" -> "CASE WHEN lower(" + c + ") IN ('1', 'true', 'oui', 't', 'yes') THEN true WHEN lower(" + c
                    + ") IN ('0', 'false', 'non', 'f', 'no') THEN false END";
            default -> "NULLIF(" + c + ", '')";
        };
    }

    // ------------------------------------------------------------------ serve

    /** How a result column is written to JSON. */
    private enum Kind { TEXT, LONG, DOUBLE, DATE, BOOL, POINT }

    private record Col(String name, Kind kind) {
    }

    /** A table's output columns (the dataset's fields, in order) and the SELECT list that reads them. */
    private record TableShape(List<Col> cols, String selectList, String csvSelectList) {
    }

    private static HikariDataSource pool;
    private static final Map<String, TableShape> SHAPES = new HashMap<>();

    private static void serve(String jdbcUrl, int port, int poolSize) throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        cfg.setMaximumPoolSize(poolSize);
        cfg.setMinimumIdle(poolSize);
        cfg.setAutoCommit(true);
        cfg.setPoolName("bench-pg");
        pool = new HikariDataSource(cfg);
        try (Connection c = pool.getConnection()) {
            for (String t : List.of("annuaire", "geoloc", "ips")) {
                SHAPES.put(t, shape(c, t));
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/q/", PgExploreEndpoint::handle);
        server.createContext("/health", ex -> reply(ex, 200, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8)));
        server.start();
        System.out.println("PostgreSQL endpoint on http://127.0.0.1:" + port + "/q/ (pool " + poolSize + ")");
    }

    private static TableShape shape(Connection c, String table) throws SQLException {
        List<Col> cols = new ArrayList<>();
        List<String> select = new ArrayList<>();
        List<String> csv = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type, udt_name FROM information_schema.columns "
                + "WHERE table_name = ? AND column_name <> 'nom_tsv' AND column_name NOT IN ('uai_valide', 'departement_cog', "
                + "'commune_cog', 'annee_rentree') ORDER BY ordinal_position")) { // GéoÉduc answers its derived fields only when named
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String n = rs.getString(1);
                    String udt = rs.getString(3);
                    Kind k = switch (udt) {
                        case "int8", "int4", "int2" -> Kind.LONG;
                        case "float8", "float4", "numeric" -> Kind.DOUBLE;
                        case "date" -> Kind.DATE;
                        case "bool" -> Kind.BOOL;
                        case "geometry" -> Kind.POINT;
                        default -> Kind.TEXT;
                    };
                    cols.add(new Col(n, k));
                    if (k == Kind.POINT) {
                        select.add("ST_X(" + n + ")");
                        select.add("ST_Y(" + n + ")");
                        csv.add("ST_Y(" + n + ") || ', ' || ST_X(" + n + ") AS " + n);
                    } else {
                        select.add(n);
                        csv.add(k == Kind.BOOL ? n + "::text AS " + n : n);
                    }
                }
            }
        }
        if (cols.isEmpty()) {
            throw new IllegalStateException("table " + table + " not found");
        }
        return new TableShape(cols, String.join(", ", select), String.join(", ", csv));
    }

    private static Map<String, String> params(HttpExchange ex) {
        Map<String, String> out = new HashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String name = ex.getRequestURI().getPath().substring("/q/".length());
            Map<String, String> p = params(ex);
            try {
                if (name.equals("export")) {
                    export(ex, p);
                    return;
                }
                reply(ex, 200, route(name, p));
            } catch (IllegalArgumentException e) {
                reply(ex, 400, ("{\"error_code\":\"BadRequest\",\"message\":\"" + e.getMessage().replace("\"", "'") + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            } catch (SQLException e) {
                reply(ex, 500, ("{\"error_code\":\"SQL\",\"message\":\"" + String.valueOf(e.getMessage()).replace("\"", "'")
                        .replace("\n", " ") + "\"}").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static int intParam(Map<String, String> p, String k, int dflt) {
        String v = p.get(k);
        return v == null ? dflt : Integer.parseInt(v);
    }

    private static double num(Map<String, String> p, String k) {
        String v = p.get(k);
        if (v == null) {
            throw new IllegalArgumentException("missing parameter " + k);
        }
        return Double.parseDouble(v);
    }

    private static String str(Map<String, String> p, String k) {
        String v = p.get(k);
        if (v == null) {
            throw new IllegalArgumentException("missing parameter " + k);
        }
        return v;
    }

    /** A parameter binder for a prepared statement. */
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * The ten queries. Explore API equivalent in the comment of each; {@code limit} defaults to 10 as in the API.
     */
    static byte[] route(String name, Map<String, String> p) throws SQLException, IOException {
        int limit = intParam(p, "limit", 10);
        int offset = intParam(p, "offset", 0);
        return switch (name) {
            // where=identifiant_de_l_etablissement="…"
            case "uai" -> records("annuaire", "identifiant_de_l_etablissement = ?", ps -> ps.setString(1, str(p, "uai")), null, limit, offset);
            // refine=code_commune:35238
            case "commune" -> records("annuaire", "code_commune = ?", ps -> ps.setString(1, str(p, "code")), null, limit, offset);
            // where=in_bbox(position, lat1, lon1, lat2, lon2)
            case "bbox" -> {
                double lat1 = num(p, "lat1"), lon1 = num(p, "lon1"), lat2 = num(p, "lat2"), lon2 = num(p, "lon2");
                yield records("annuaire", "position && ST_MakeEnvelope(?, ?, ?, ?, 4326)", ps -> {
                    ps.setDouble(1, Math.min(lon1, lon2));
                    ps.setDouble(2, Math.min(lat1, lat2));
                    ps.setDouble(3, Math.max(lon1, lon2));
                    ps.setDouble(4, Math.max(lat1, lat2));
                }, null, limit, offset);
            }
            // where=within_distance(position, geom'POINT(lon lat)', Nkm): great-circle distance on the sphere, as GéoÉduc
            case "distance" -> {
                double lon = num(p, "lon"), lat = num(p, "lat"), m = num(p, "meters");
                yield records("annuaire", "ST_DWithin(position::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, ?, false)", ps -> {
                    ps.setDouble(1, lon);
                    ps.setDouble(2, lat);
                    ps.setDouble(3, m);
                }, null, limit, offset);
            }
            // where=search(nom_etablissement, "jean"): every word, the last one as a prefix
            case "search" -> {
                String tsquery = tsquery(str(p, "q"));
                yield records("annuaire", "nom_tsv @@ to_tsquery('simple', ?)", ps -> ps.setString(1, tsquery), null, limit, offset);
            }
            // select=code_academie, avg(nombre_d_eleves) as m & group_by=code_academie
            case "groupavg" -> aggregate("SELECT code_academie, avg(nombre_d_eleves) AS m FROM annuaire GROUP BY code_academie "
                    + "ORDER BY code_academie LIMIT ?", ps -> ps.setInt(1, limit), List.of("code_academie", "m"));
            // select=count(*) as n & where=type_etablissement="Collège"
            case "count" -> aggregate("SELECT count(*) AS n FROM annuaire WHERE type_etablissement = ?",
                    ps -> ps.setString(1, str(p, "type")), List.of("n"));
            // géolocalisation: where=code_academie="01" & order_by=appellation_officielle & limit & offset
            case "page" -> records("geoloc", "code_academie = ?", ps -> ps.setString(1, str(p, "academie")),
                    "appellation_officielle", limit, offset);
            // IPS écoles: where=uai="…"
            case "ips" -> records("ips", "uai = ?", ps -> ps.setString(1, str(p, "uai")), null, limit, offset);
            default -> throw new IllegalArgumentException("unknown query " + name);
        };
    }

    static String tsquery(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        for (String w : s.split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty search");
        }
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            q.append(i == 0 ? "" : " & ").append(words.get(i)).append(i == words.size() - 1 ? ":*" : "");
        }
        return q.toString();
    }

    private static byte[] records(String table, String where, Binder binder, String orderBy, int limit, int offset)
            throws SQLException, IOException {
        TableShape shape = SHAPES.get(table);
        try (Connection c = pool.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + where)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream(8192);
            try (JsonGenerator g = JSON.createGenerator(buf, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeNumberField("total_count", total);
                g.writeArrayFieldStart("results");
                if (total > offset && limit > 0) {
                    String sql = "SELECT " + shape.selectList() + " FROM " + table + " WHERE " + where
                            + (orderBy == null ? "" : " ORDER BY " + orderBy) + " LIMIT " + limit + " OFFSET " + offset;
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        binder.bind(ps);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                writeRow(g, shape, rs);
                            }
                        }
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            return buf.toByteArray();
        }
    }

    private static void writeRow(JsonGenerator g, TableShape shape, ResultSet rs) throws SQLException, IOException {
        g.writeStartObject();
        int i = 1;
        for (Col col : shape.cols()) {
            g.writeFieldName(col.name());
            switch (col.kind()) {
                case LONG -> {
                    long v = rs.getLong(i++);
                    if (rs.wasNull()) {
                        g.writeNull();
                    } else {
                        g.writeNumber(v);
                    }
                }
                case DOUBLE -> {
                    double v = rs.getDouble(i++);
                    if (rs.wasNull()) {
                        g.writeNull();
                    } else {
                        g.writeNumber(v);
                    }
                }
                case BOOL -> {
                    boolean v = rs.getBoolean(i++);
                    if (rs.wasNull()) {
                        g.writeNull();
                    } else {
                        g.writeBoolean(v);
                    }
                }
                case POINT -> {
                    double lon = rs.getDouble(i++);
                    boolean none = rs.wasNull();
                    double lat = rs.getDouble(i++);
                    if (none) {
                        g.writeNull();
                    } else {
                        g.writeStartObject();
                        g.writeNumberField("lon", lon);
                        g.writeNumberField("lat", lat);
                        g.writeEndObject();
                    }
                }
                default -> { // TEXT and DATE (ISO text)
                    String v = rs.getString(i++);
                    if (v == null) {
                        g.writeNull();
                    } else {
                        g.writeString(v);
                    }
                }
            }
        }
        g.writeEndObject();
    }

    private static byte[] aggregate(String sql, Binder binder, List<String> names) throws SQLException, IOException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] r = new Object[names.size()];
                    for (int i = 0; i < r.length; i++) {
                        r[i] = rs.getObject(i + 1);
                    }
                    rows.add(r);
                }
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream(2048);
            try (JsonGenerator g = JSON.createGenerator(buf, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeNumberField("total_count", rows.size());
                g.writeArrayFieldStart("results");
                for (Object[] r : rows) {
                    g.writeStartObject();
                    for (int i = 0; i < r.length; i++) {
                        g.writeFieldName(names.get(i));
                        Object v = r[i];
                        if (v == null) {
                            g.writeNull();
                        } else if (v instanceof Number n) {
                            if (v instanceof Long || v instanceof Integer) {
                                g.writeNumber(n.longValue());
                            } else {
                                g.writeNumber(n.doubleValue());
                            }
                        } else {
                            g.writeString(v.toString());
                        }
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            return buf.toByteArray();
        }
    }

    /**
     * exports/csv?where=code_departement="035": COPY … TO STDOUT into memory, then sent with its length. Streaming COPY
     * straight to the client tied a pool connection to the client: when wrk stops mid-export, pgjdbc cancels the COPY
     * and the connection stayed unusable for seconds, which disturbed the next query measured on this side.
     */
    private static void export(HttpExchange ex, Map<String, String> p) throws IOException, SQLException {
        String dep = str(p, "dep");
        if (!dep.matches("[0-9AB]{2,3}")) {
            throw new IllegalArgumentException("bad département code");
        }
        TableShape shape = SHAPES.get("annuaire");
        ByteArrayOutputStream csv = new ByteArrayOutputStream(1 << 20);
        csv.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        try (Connection c = pool.getConnection()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyOut("COPY (SELECT " + shape.csvSelectList() + " FROM annuaire WHERE code_departement = '" + dep
                    + "') TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER ';')", csv);
        }
        ex.getResponseHeaders().set("Content-Type", "text/csv; charset=utf-8");
        ex.sendResponseHeaders(200, csv.size());
        try (OutputStream out = ex.getResponseBody()) {
            csv.writeTo(out);
        }
    }
}
