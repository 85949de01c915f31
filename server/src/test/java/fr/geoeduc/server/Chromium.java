package fr.geoeduc.server;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The system Chromium for the browser tests (skipped when it is not installed) and axe-core's serious/critical checks. */
public final class Chromium {

    public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    private static final Path AXE = Path.of("target", "web", "node_modules", "axe-core", "axe.min.js");

    private Chromium() {
    }

    /** Skips the calling test class when Chromium is absent; axe-core's source, installed by the build's npm ci. */
    public static String assumeInstalled() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(EXECUTABLE),
                "system Chromium not installed at " + EXECUTABLE + " (apt-get install chromium): browser test skipped");
        assertThat(AXE).as("axe-core installed by the build's npm ci").isRegularFile();
        return Files.readString(AXE);
    }

    public static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    public static Browser launch(Playwright playwright) {
        return launch(playwright, List.of());
    }

    /** With WebGL in software (SwiftShader), for the pages that draw a MapLibre map. */
    public static Browser launchWithWebGl(Playwright playwright) {
        return launch(playwright, List.of("--use-angle=swiftshader", "--enable-unsafe-swiftshader"));
    }

    private static Browser launch(Playwright playwright, List<String> extraArgs) {
        List<String> args = new java.util.ArrayList<>(List.of("--no-sandbox", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"));
        args.addAll(extraArgs);
        return playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(args));
    }

    /**
     * axe-core's serious and critical violations on the page, one line each. axe is evaluated through the DevTools
     * protocol, not added as a script tag: the pages' Content-Security-Policy forbids inline scripts.
     */
    @SuppressWarnings("unchecked")
    public static List<String> axe(Page page, String axeSource) {
        page.evaluate("() => {\n" + axeSource + "\n;return typeof axe;}");
        List<Map<String, Object>> violations = (List<Map<String, Object>>) page.evaluate("async () => (await axe.run(document,"
                + " { resultTypes: ['violations'] })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))");
        return violations.stream().map(v -> v.get("impact") + " " + v.get("id") + ": " + v.get("help") + " " + v.get("nodes")).toList();
    }

    /** Closes what a browser test opened, in the order given (browser, Playwright, server, stores), skipping what was never opened. */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                resource.close();
            }
        }
    }
}
