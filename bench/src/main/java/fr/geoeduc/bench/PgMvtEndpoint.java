package fr.geoeduc.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The PostGIS side of the tile part of bench/ogc-vs-mapserver.sh: Mapbox Vector Tiles made by PostGIS itself
 * ({@code ST_AsMVT} over {@code ST_AsMVTGeom} on {@code ST_TileEnvelope}, extent 4096, buffer 64, clipped: what
 * Martin and pg_tileserv run for a table), answered through JDBC (pgjdbc + HikariCP) by a small HTTP endpoint on
 * virtual threads. Not part of the product: a yardstick.
 *
 * <pre>
 * java -cp postgresql.jar:HikariCP.jar:classes fr.geoeduc.bench.PgMvtEndpoint JDBC_URL PORT [POOL=8]
 * GET /tiles/{table}/{z}/{y}/{x}  → 200 application/vnd.mapbox-vector-tile, or 204 when the tile is empty
 * GET /health                     → 200
 * </pre>
 * Tables ({@link #LAYERS}): {@code colleges} (points, with numero_uai and appellation_officielle) and
 * {@code communes} (polygons, with code and nom); both with a GiST-indexed {@code geom} in EPSG:4326.
 */
public final class PgMvtEndpoint {

    /** Table → the attributes its tiles carry. */
    private static final Map<String, String> LAYERS = Map.of(
            "colleges", "numero_uai, appellation_officielle",
            "communes", "code, nom");

    private PgMvtEndpoint() {
    }

    static String sql(String table) {
        return "WITH b AS (SELECT ST_TileEnvelope(?, ?, ?) AS e), "
                + "q AS (SELECT " + LAYERS.get(table) + ", ST_AsMVTGeom(ST_Transform(t.geom, 3857), b.e, 4096, 64, true) AS g "
                + "FROM " + table + " t, b WHERE t.geom && ST_Transform(ST_Expand(b.e, (ST_XMax(b.e) - ST_XMin(b.e)) * 64 / 4096), 4326)) "
                + "SELECT ST_AsMVT(q, '" + table + "', 4096, 'g') FROM q";
    }

    public static void main(String[] args) throws IOException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setMaximumPoolSize(args.length > 2 ? Integer.parseInt(args[2]) : 8);
        HikariDataSource pool = new HikariDataSource(config);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/health", ex -> reply(ex, 200, "text/plain", "ok".getBytes()));
        server.createContext("/tiles/", ex -> {
            try {
                String[] p = ex.getRequestURI().getPath().split("/"); // "", tiles, table, z, y, x
                if (p.length != 6 || !LAYERS.containsKey(p[2])) {
                    reply(ex, 404, "text/plain", "unknown tile".getBytes());
                    return;
                }
                int z = Integer.parseInt(p[3]);
                int y = Integer.parseInt(p[4]);
                int x = Integer.parseInt(p[5]);
                byte[] tile;
                try (Connection c = pool.getConnection(); PreparedStatement st = c.prepareStatement(sql(p[2]))) {
                    st.setInt(1, z);
                    st.setInt(2, x);
                    st.setInt(3, y);
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        tile = rs.getBytes(1);
                    }
                }
                if (tile == null || tile.length == 0) {
                    reply(ex, 204, null, null);
                } else {
                    reply(ex, 200, "application/vnd.mapbox-vector-tile", tile);
                }
            } catch (Exception e) {
                reply(ex, 500, "text/plain", String.valueOf(e.getMessage()).getBytes());
            }
        });
        server.start();
        System.out.println("PostGIS ST_AsMVT endpoint on http://127.0.0.1:" + args[1] + "/tiles/{table}/{z}/{y}/{x}");
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            ex.getResponseHeaders().set("Content-Type", type);
        }
        ex.sendResponseHeaders(status, body == null ? -1 : body.length);
        if (body != null) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }
}
