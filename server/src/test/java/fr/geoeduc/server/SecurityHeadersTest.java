package fr.geoeduc.server;

import fr.geoeduc.server.http.SecurityHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every response carries the security headers (pages, API, static files, errors, refusals), restricted or
 * credentialed responses are never stored by a cache, and the pages keep working under the Content-Security-Policy:
 * no inline script, no style attribute, every inline style sheet allowed by its hash, every script and style sheet
 * served from the platform itself.
 */
class SecurityHeadersTest {

    @RegisterExtension
    static final SecureServer s = new SecureServer();

    static void assertHeaders(HttpResponse<String> r) {
        String what = r.request().method() + " " + r.uri() + " -> " + r.statusCode();
        assertThat(r.headers().firstValue("Content-Security-Policy")).as(what).hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
        assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY).contains("frame-ancestors 'none'").contains("script-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
    }

    @Test
    void everyKindOfResponseCarriesTheHeaders() throws Exception {
        List<HttpResponse<String>> answers = List.of(
                s.get("/"), s.get("/jeux/" + SecureServer.OPEN), s.get("/static/geoeduc.css"), s.get("/static/carte.js"),
                s.get("/api/explore/v2.1/catalog/datasets/" + SecureServer.OPEN + "/records"),
                s.get("/api/explore/v2.1/catalog/datasets/" + SecureServer.RESTRICTED + "/records"), s.get("/nowhere"),
                s.get("/api/admin/conventions"), s.get("/api/admin/conventions", "Bearer wrong"),
                s.call("POST", "/oauth2/token", Map.of("Content-Type", "application/x-www-form-urlencoded"), "grant_type=password"),
                s.get("/conventions"), s.get("/conventions/" + SecureServer.ACTIVE), s.get("/ogc/collections/" + SecureServer.OPEN + "/items?f=html"),
                s.get("/api/health"));
        for (HttpResponse<String> r : answers) {
            assertHeaders(r);
        }
        assertThat(answers.get(5).statusCode()).isEqualTo(404);
        assertThat(answers.get(7).statusCode()).isEqualTo(401);
    }

    @Test
    void staticFilesNameTheirTypeAndTheirTextsCharset() throws Exception {
        Map<String, String> expected = Map.of("/static/geoeduc.css", "text/css; charset=utf-8",
                "/static/dsfr/dsfr.min.css", "text/css; charset=utf-8",
                "/static/dsfr/dsfr.module.min.js", "text/javascript; charset=utf-8",
                "/static/dsfr/favicon/favicon.svg", "image/svg+xml; charset=utf-8",
                "/static/dsfr/favicon/apple-touch-icon.png", "image/png",
                // larger than the response buffer: its headers leave before any after-handler could mend them
                "/static/dsfr/fonts/Marianne-Regular.woff2", "font/woff2",
                "/static/dsfr/fonts/Spectral-Regular.woff", "font/woff");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            HttpResponse<String> r = s.get(e.getKey());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(e.getKey()).hasValue(e.getValue());
        }
    }

    @Test
    void credentialedAndRestrictedAnswersAreNeverStored() throws Exception {
        String records = "/api/explore/v2.1/catalog/datasets/" + SecureServer.RESTRICTED + "/records";
        HttpResponse<String> byKey = s.get(records + "?apikey=" + s.client.apiKey());
        assertThat(byKey.statusCode()).as(byKey.body()).isEqualTo(200);
        assertThat(byKey.headers().firstValue("Cache-Control")).hasValue("no-store");
        HttpResponse<String> byHeader = s.get(records, "Apikey " + s.client.apiKey());
        assertThat(byHeader.statusCode()).isEqualTo(200);
        assertThat(byHeader.headers().firstValue("Cache-Control")).hasValue("no-store");
        HttpResponse<String> token = s.call("POST", "/oauth2/token", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "grant_type=client_credentials&client_id=" + s.client.client().id() + "&client_secret=" + s.client.clientSecret());
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(token.headers().firstValue("Cache-Control")).hasValue("no-store");
        HttpResponse<String> admin = s.get("/api/admin/conventions", s.session("dpd@ac-rennes.fr"));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.headers().firstValue("Cache-Control")).hasValue("no-store");
        HttpResponse<String> open = s.get("/api/explore/v2.1/catalog/datasets/" + SecureServer.OPEN + "/records");
        assertThat(open.headers().firstValue("Cache-Control")).as("open data stays cacheable").isEmpty();
    }

    @Test
    void pagesWorkUnderThePolicy() throws Exception {
        List<String> pages = List.of("/", "/jeux/" + SecureServer.OPEN, "/conventions", "/conventions/" + SecureServer.ACTIVE,
                "/ogc?f=html", "/ogc/collections?f=html", "/ogc/collections/" + SecureServer.OPEN + "?f=html",
                "/ogc/collections/" + SecureServer.OPEN + "/items?f=html");
        List<String> subresources = new ArrayList<>();
        for (String page : pages) {
            HttpResponse<String> r = s.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            String html = r.body();
            assertThat(html).as(page + ": style attribute").doesNotContainPattern("(?i)<[^>]+\\sstyle\\s*=");
            assertThat(html).as(page + ": inline event handler").doesNotContainPattern("(?i)<[^>]+\\son[a-z]+\\s*=");
            Matcher scripts = Pattern.compile("(?is)<script([^>]*)>(.*?)</script>").matcher(html);
            while (scripts.find()) {
                assertThat(scripts.group(1)).as(page + ": inline script").contains("src=");
                assertThat(scripts.group(2)).as(page + ": inline script").isBlank();
                subresources.add(attribute(scripts.group(1), "src"));
            }
            Matcher styles = Pattern.compile("(?is)<style[^>]*>(.*?)</style>").matcher(html);
            while (styles.find()) {
                assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY).as(page + ": inline style sheet allowed by its hash")
                        .contains("'sha256-" + Base64.getEncoder().encodeToString(
                                MessageDigest.getInstance("SHA-256").digest(styles.group(1).getBytes(StandardCharsets.UTF_8))) + "'");
            }
            Matcher links = Pattern.compile("(?i)<link([^>]*rel=\"stylesheet\"[^>]*)>").matcher(html);
            while (links.find()) {
                subresources.add(attribute(links.group(1), "href"));
            }
        }
        assertThat(subresources).as("the map pages load their scripts").contains("/static/js/carte.js", "/static/maplibre/maplibre-gl-csp.js");
        for (String src : subresources) {
            assertThat(src).as("same origin").startsWith("/");
            HttpResponse<String> r = s.get(src);
            assertThat(r.statusCode()).as(src).isEqualTo(200);
            assertHeaders(r);
        }
    }

    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(tag);
        return m.find() ? m.group(1) : "";
    }
}
