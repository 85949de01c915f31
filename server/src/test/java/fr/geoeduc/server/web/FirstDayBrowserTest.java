package fr.geoeduc.server.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import fr.geoeduc.server.TestBrowser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages of the first-day walk in a real browser (Debian's Chromium, skipped with the reason without it) on a phone's
 * width, 390 pixels, over the store of {@link SavedViewsHttpTest} (one convention in force). Screenshots under target/ui.
 */
class FirstDayBrowserTest {

    static final int PHONE_WIDTH = 390;

    @TempDir
    Path dir;
    final SavedViewsHttpTest server = new SavedViewsHttpTest();
    TestBrowser chromium;

    @BeforeEach
    void start() throws Exception {
        chromium = TestBrowser.launch();
        server.dir = dir;
        server.start();
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        server.stop();
    }

    @Test
    void conventionsRegisterAndItsCartographieFitAPhoneScreen() {
        try (BrowserContext context = chromium.browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(PHONE_WIDTH, 844).setLocale("fr-FR"))) {
            Page page = TestBrowser.page(context, 30_000);
            assertThat(page.navigate(server.base() + "/conventions").status()).isEqualTo(200);
            assertThat(page.locator(".geoeduc-cartographie svg").count()).as("the convention in force is drawn").isEqualTo(1);
            double drawing = ((Number) page.evaluate("() => document.querySelector('.geoeduc-cartographie svg').getBoundingClientRect().width")).doubleValue();
            int pageWidth = ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue();
            TestBrowser.screenshot(page, "conventions-390.png");
            assertThat(drawing).as("width of the cartographie des échanges").isLessThanOrEqualTo(PHONE_WIDTH);
            assertThat(pageWidth).as("the page scrolls sideways on a phone").isLessThanOrEqualTo(PHONE_WIDTH);
        }
    }
}
