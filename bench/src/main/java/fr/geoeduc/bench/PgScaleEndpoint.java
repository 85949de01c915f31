package fr.geoeduc.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL side of bench/scale.sh, the same kind of peer as {@link PgExploreEndpoint} for the Explore benchmark:
 * a small HTTP endpoint (com.sun.net.httpserver on virtual threads, HikariCP, pgjdbc) that answers each query of the
 * scale benchmark with the same SQL as the script's pgbench runs, as JSON in the Explore API's shape
 * {@code {total_count, results}}. Not part of the product: a yardstick.
 *
 * <pre>
 * java -cp postgresql.jar:HikariCP.jar:geoeduc.jar:classes fr.geoeduc.bench.PgScaleEndpoint JDBC_URL PORT POOL QUERIES
 * </pre>
 *
 * QUERIES holds one query a line, {@code name|sql}. GET /q/NAME answers it:
 * <ul>
 * <li>{@code SELECT * FROM t WHERE … [ORDER BY …] [LIMIT n] [OFFSET m]}: a records page, with its total as the
 * Explore API gives it ({@code SELECT count(*) FROM t WHERE …}, one more prepared statement per request, as
 * PgExploreEndpoint does); the SQL unchanged for the page;</li>
 * <li>a name starting with {@code export}: {@code COPY (sql) TO STDOUT} as CSV with a header, read into memory then sent
 * with its length (see PgExploreEndpoint's export for why);</li>
 * <li>any other SELECT (aggregates): every row of the answer, total_count = the number of rows.</li>
 * </ul>
 */
public final class PgScaleEndpoint {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern RECORDS = Pattern.compile(
            "(?is)SELECT \\* FROM (\\w+) WHERE (.+?)( ORDER BY .+?)?( LIMIT \\d+)?( OFFSET \\d+)?\\s*;?\\s*");

    /** A query of the file: the page SQL and, for a records page, the count of its WHERE. */
    private record Query(String name, String sql, String countSql, boolean export) {
    }

    private static HikariDataSource pool;
    private static final Map<String, Query> QUERIES = new HashMap<>();

    private PgScaleEndpoint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: PgScaleEndpoint JDBC_URL PORT POOL QUERIES_FILE");
            System.exit(2);
        }
        for (String line : Files.readAllLines(Path.of(args[3]), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            int bar = line.indexOf('|');
            String name = line.substring(0, bar);
            String sql = line.substring(bar + 1).strip();
            Matcher m = RECORDS.matcher(sql);
            String count = m.matches() ? "SELECT count(*) FROM " + m.group(1) + " WHERE " + m.group(2) : null;
            QUERIES.put(name, new Query(name, sql, count, name.startsWith("export")));
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(args[0]);
        int size = Integer.parseInt(args[2]);
        cfg.setMaximumPoolSize(size);
        cfg.setMinimumIdle(size);
        cfg.setAutoCommit(true);
        cfg.setPoolName("bench-pg-scale");
        pool = new HikariDataSource(cfg);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/q/", PgScaleEndpoint::handle);
        server.createContext("/health", ex -> reply(ex, 200, "application/json", "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8)));
        server.start();
        System.out.println("PostgreSQL scale endpoint on http://127.0.0.1:" + args[1] + "/q/ (pool " + size + ", "
                + QUERIES.size() + " queries)");
    }

    private static void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Query q = QUERIES.get(ex.getRequestURI().getPath().substring("/q/".length()));
            if (q == null) {
                reply(ex, 404, "application/json", "{\"error_code\":\"NotFound\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            try {
                if (q.export()) {
                    reply(ex, 200, "text/csv; charset=utf-8", export(q.sql()));
                } else {
                    reply(ex, 200, "application/json", answer(q));
                }
            } catch (SQLException e) {
                reply(ex, 500, "application/json", ("{\"error_code\":\"SQL\",\"message\":\""
                        + String.valueOf(e.getMessage()).replace("\"", "'").replace("\n", " ") + "\"}").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] answer(Query q) throws SQLException, IOException {
        try (Connection c = pool.getConnection()) {
            long total = -1;
            if (q.countSql() != null) {
                try (PreparedStatement ps = c.prepareStatement(q.countSql()); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            ByteArrayOutputStream rows = new ByteArrayOutputStream(8192);
            long n = 0;
            try (PreparedStatement ps = c.prepareStatement(q.sql()); ResultSet rs = ps.executeQuery();
                 JsonGenerator g = JSON.createGenerator(rows, JsonEncoding.UTF8)) {
                ResultSetMetaData md = rs.getMetaData();
                g.writeStartArray();
                while (rs.next()) {
                    writeRow(g, md, rs);
                    n++;
                }
                g.writeEndArray();
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream(rows.size() + 64);
            buf.write(("{\"total_count\":" + (total < 0 ? n : total) + ",\"results\":").getBytes(StandardCharsets.UTF_8));
            rows.writeTo(buf);
            buf.write('}');
            return buf.toByteArray();
        }
    }

    private static void writeRow(JsonGenerator g, ResultSetMetaData md, ResultSet rs) throws SQLException, IOException {
        g.writeStartObject();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            g.writeFieldName(md.getColumnLabel(i));
            switch (md.getColumnType(i)) {
                case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> {
                    long v = rs.getLong(i);
                    if (rs.wasNull()) {
                        g.writeNull();
                    } else {
                        g.writeNumber(v);
                    }
                }
                case Types.DOUBLE, Types.REAL, Types.FLOAT, Types.NUMERIC, Types.DECIMAL -> {
                    double v = rs.getDouble(i);
                    if (rs.wasNull()) {
                        g.writeNull();
                    } else {
                        g.writeNumber(v);
                    }
                }
                case Types.BOOLEAN, Types.BIT -> {
                    boolean v = rs.getBoolean(i);
                    if (rs.wasNull()) {
                        g.writeNull();
                    } else {
                        g.writeBoolean(v);
                    }
                }
                default -> {
                    String v = rs.getString(i);
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

    private static byte[] export(String sql) throws SQLException, IOException {
        ByteArrayOutputStream csv = new ByteArrayOutputStream(1 << 20);
        csv.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        try (Connection c = pool.getConnection()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyOut("COPY (" + sql.replaceAll(";\\s*$", "") + ") TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER ';')", csv);
        }
        return csv.toByteArray();
    }
}
