import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Request;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * bench/ui-map.sh's browser side: headless system Chromium (Playwright, no browser download) opens the map explorer
 * RUNS times, each in a fresh context (empty cache), and measures, from the navigation's start: the first frame where
 * MapLibre has rendered points (alone or grouped), the first time the map is idle (nothing left to load or draw), and
 * the bytes of JS and CSS received (encoded: gzip when the server compresses). Prints the medians against the issue's
 * goals (points < 2 s, < 1.5 MB transferred) as ratios.
 *
 * Usage: java UiMapBench URL CHROMIUM RUNS REPORT
 */
public final class UiMapBench {

    private static final double GOAL_POINTS_MS = 2000;
    private static final double GOAL_BYTES = 1.5 * 1024 * 1024;

    record Run(double pointsMs, double idleMs, long jsCss, long total, int rendered, int requests, String breakdown) {
    }

    public static void main(String[] args) throws IOException {
        String url = args[0];
        Path chromium = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        Path report = Path.of(args[3]);
        List<Run> all = new ArrayList<>();
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium).setHeadless(true)
                     .setArgs(List.of("--no-sandbox", "--disable-quic", "--no-first-run", "--use-angle=swiftshader",
                             "--enable-unsafe-swiftshader", "--disable-background-networking", "--disable-component-update",
                             "--disable-sync")))) {
            for (int i = 0; i < runs; i++) {
                all.add(once(browser, url));
                Run r = all.get(all.size() - 1);
                say(report, String.format(Locale.ROOT, "run %d: points %.0f ms, idle %.0f ms, JS+CSS %.1f kB, all %.1f kB in %d requests, %d marks drawn",
                        i + 1, r.pointsMs(), r.idleMs(), r.jsCss() / 1024.0, r.total() / 1024.0, r.requests(), r.rendered()));
                say(report, "       " + r.breakdown());
            }
        }
        double points = median(all.stream().mapToDouble(Run::pointsMs).toArray());
        double idle = median(all.stream().mapToDouble(Run::idleMs).toArray());
        double jsCss = median(all.stream().mapToDouble(Run::jsCss).toArray());
        double total = median(all.stream().mapToDouble(Run::total).toArray());
        say(report, "");
        say(report, String.format(Locale.ROOT, "median of %d cold runs: first points %.0f ms (goal < %.0f ms: ratio %.2f), idle map %.0f ms",
                runs, points, GOAL_POINTS_MS, points / GOAL_POINTS_MS, idle));
        say(report, String.format(Locale.ROOT, "JS + CSS transferred %.2f MB (goal < 1.5 MB: ratio %.2f); everything transferred %.2f MB"
                + " (ratio %.2f: tiles, base layer, fonts, API answers)", jsCss / 1048576, jsCss / GOAL_BYTES, total / 1048576, total / GOAL_BYTES));
    }

    private static Run once(Browser browser, String url) {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setLocale("fr-FR"))) {
            Page page = context.newPage();
            page.setDefaultTimeout(120_000);
            List<Request> finished = new CopyOnWriteArrayList<>();
            page.onRequestFinished(finished::add);
            page.navigate(url);
            // Not gated on isStyleLoaded(): carte.js adds the base layer once the points are drawn, and the style counts
            // as loading until that layer is, which would add its loading to the points' time on some polls only.
            Object first = page.waitForFunction("() => window.geoeducCarte"
                    + " && geoeducCarte.map.queryRenderedFeatures({ layers: ['points', 'groupes'] }).length > 0 ? performance.now() : false",
                    null, new Page.WaitForFunctionOptions().setPollingInterval(16)).jsonValue();
            String breakdown = (String) page.evaluate(BREAKDOWN);
            page.waitForSelector("#carte[data-pret]");
            double idle = Double.parseDouble(page.getAttribute("#carte", "data-inactive-ms"));
            int rendered = ((Number) page.evaluate("() => geoeducCarte.map.queryRenderedFeatures({ layers: ['points', 'groupes'] }).length")).intValue();
            page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
            long jsCss = 0;
            long total = 0;
            for (Request r : finished) {
                long body = Math.max(0, r.sizes().responseBodySize);
                long headers = Math.max(0, r.sizes().responseHeadersSize);
                total += body + headers;
                if (r.resourceType().equals("script") || r.resourceType().equals("stylesheet")
                        || r.url().endsWith(".js") || r.url().endsWith(".css")) {
                    jsCss += body + headers;
                }
            }
            return new Run(((Number) first).doubleValue(), idle, jsCss, total, rendered, finished.size(), breakdown);
        }
    }

    /**
     * What the time to the first points is made of, read in the page when they are drawn (ms since navigation, from
     * the Resource Timing entries and carte.js's mark): the page, MapLibre's script, the first answers (TileJSON,
     * class breaks, base layer), the map's creation, the worker's script; what follows (tiles, fetched and decoded by MapLibre's
     * worker, and drawing) is the rest up to the first points.
     */
    private static final String BREAKDOWN = """
            () => {
              const r = performance.getEntriesByType('resource');
              const end = test => { const e = r.filter(x => test(x.name)).map(x => x.responseEnd); return e.length ? Math.max(...e) : NaN; };
              const mark = performance.getEntriesByName('carte-creee')[0];
              const f = v => Number.isFinite(v) ? Math.round(v) : '-';
              return `page ${f(performance.getEntriesByType('navigation')[0].responseEnd)}, maplibre.js ${f(end(n => n.includes('maplibre-gl-csp.js')))}`
                + `, first answers ${f(end(n => n.includes('f=tilejson') || n.includes('/records?') || n.includes('/carte/fond.geojson')))}`
                + `, map created ${f(mark ? mark.startTime : NaN)}`
                + `, worker script ${f(end(n => n.includes('maplibre-gl-csp-worker.js')))} ms`
                + ' (then the tiles, which the worker fetches outside the page timeline, and the drawing)';
            }""";

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void say(Path report, String line) throws IOException {
        System.out.println(line);
        Files.writeString(report, line + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
}
