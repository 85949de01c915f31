package fr.geoeduc.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing over HTTP is slowed: the token route and the admin bearer answer 429 with Retry-After after their free
 * failures, and a person's sign-in is slowed only from the address that failed (another address still signs in).
 */
class ThrottleHttpTest {

    @RegisterExtension
    static final SecureServer s = new SecureServer();

    HttpResponse<String> token(String id, String secret) throws Exception {
        return s.call("POST", "/oauth2/token", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "grant_type=client_credentials&client_id=" + id + "&client_secret=" + secret);
    }

    @Test
    void tokenRouteAnswers429AfterTenWrongSecrets() throws Exception {
        String id = s.client.client().id();
        for (int i = 0; i < 10; i++) {
            assertThat(token(id, "ges_wrong" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = token(id, s.client.clientSecret());
        assertThat(blocked.statusCode()).as("even the right secret waits: the guesser cannot tell").isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    }

    @Test
    void adminBearerAnswers429AfterTwentyWrongTokens() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(s.get("/api/admin/conventions", "Bearer guess-" + i)
                    .statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = s.get("/api/admin/conventions", "Bearer guess-21");
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void signInFailuresFromOneAddressDoNotLockTheUserOutElsewhere() throws Exception {
        String wrong = SecureServer.basic("dpo@rennes.fr", "mauvais mot de passe");
        for (int i = 0; i < 10; i++) {
            assertThat(signIn("127.0.0.2", wrong)).startsWith("HTTP/1.1 401");
        }
        String right = SecureServer.basic("dpo@rennes.fr", SecureServer.PASSWORD);
        assertThat(signIn("127.0.0.2", right)).as("the guessing address waits").startsWith("HTTP/1.1 429").contains("Retry-After");
        assertThat(signIn("127.0.0.3", right)).as("the user, from another address, signs in").startsWith("HTTP/1.1 200");
    }

    /** A sign-in sent from a chosen loopback source address (the HTTP client cannot choose one). */
    String signIn(String from, String authorization) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", s.server.port()), 5000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/admin/session HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + authorization
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
