package fr.geoeduc.server;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The system Chromium for a browser test class ({@link Chromium}): the class is skipped when it is not installed;
 * axe-core's source, Playwright, the browser, and {@link #SHOTS} for the screenshots. Pages are French, 1280 pixels
 * wide; {@link #errors} gathers what a page reports, as each test chooses.
 */
public final class TestBrowser implements AutoCloseable {

    public static final Path SHOTS = Path.of("target", "ui");

    /** What a page may report that a test counts as an error. */
    public enum Report {
        /** An uncaught exception of the page's scripts: {@code page error: …}. */
        PAGE_ERROR,
        /** A console message of type error, but the browser's own favicon request: {@code text @ location}. */
        CONSOLE_ERROR,
        /** A request that failed, but the favicon: {@code request failed: url failure}. */
        FAILED_REQUEST,
        /** An answer of status 400 or more: {@code HTTP status for url}. */
        HTTP_ERROR
    }

    private final String axe;
    private final Playwright playwright;
    public final Browser browser;

    private TestBrowser(String axe, boolean webGl) throws IOException {
        this.axe = axe;
        this.playwright = Chromium.playwright();
        this.browser = webGl ? Chromium.launchWithWebGl(playwright) : Chromium.launch(playwright);
        Files.createDirectories(SHOTS);
    }

    /** Skips the calling test class when Chromium is absent, else launches it. */
    public static TestBrowser launch() throws IOException {
        return new TestBrowser(Chromium.assumeInstalled(), false);
    }

    /** As {@link #launch()}, with WebGL in software for the pages that draw a MapLibre map. */
    public static TestBrowser launchWithWebGl() throws IOException {
        return new TestBrowser(Chromium.assumeInstalled(), true);
    }

    /** A French context of 1280 × {@code height} pixels, with these extra headers on every request (none for none). */
    public BrowserContext context(int height, Map<String, String> headers) {
        Browser.NewContextOptions options = new Browser.NewContextOptions().setViewportSize(1280, height).setLocale("fr-FR");
        return browser.newContext(headers.isEmpty() ? options : options.setExtraHTTPHeaders(headers));
    }

    /** A French context of 1280 × 900 pixels. */
    public BrowserContext context() {
        return context(900, Map.of());
    }

    /** A new page of the context, each wait of it failing after {@code timeoutMillis}. */
    public static Page page(BrowserContext context, double timeoutMillis) {
        Page page = context.newPage();
        page.setDefaultTimeout(timeoutMillis);
        return page;
    }

    /** axe-core's serious and critical violations on the page, one line each. */
    public List<String> axe(Page page) {
        return Chromium.axe(page, axe);
    }

    /** The screenshot of the whole page in {@link #SHOTS}. */
    public static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name)).setFullPage(true));
    }

    /** The screenshot of what the viewport shows in {@link #SHOTS}. */
    public static void screenshotViewport(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name)));
    }

    /** A list that gathers, from now on, what the page reports of these kinds. */
    public static List<String> errors(Page page, Report... reports) {
        List<String> errors = new CopyOnWriteArrayList<>();
        for (Report report : reports) {
            switch (report) {
                case PAGE_ERROR -> page.onPageError(e -> errors.add("page error: " + e));
                case CONSOLE_ERROR -> page.onConsoleMessage(m -> {
                    if ("error".equals(m.type()) && !String.valueOf(m.location()).contains("/favicon")) {
                        errors.add(m.text() + " @ " + m.location());
                    }
                });
                case FAILED_REQUEST -> page.onRequestFailed(r -> {
                    if (!r.url().contains("/favicon")) {
                        errors.add("request failed: " + r.url() + " " + r.failure());
                    }
                });
                case HTTP_ERROR -> page.onResponse(r -> {
                    if (r.status() >= 400) {
                        errors.add("HTTP " + r.status() + " for " + r.url());
                    }
                });
            }
        }
        return errors;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
