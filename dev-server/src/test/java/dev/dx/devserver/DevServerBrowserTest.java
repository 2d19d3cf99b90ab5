package dev.dx.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.devserver.browser.Chromium;
import dev.dx.devserver.reload.SiteWatcherConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The dev server as a developer uses it, in headless chromium: the bundled demo site (a temporary copy)
 * with the embedded PostgreSQL. Each edit is saved to the site directory and must reach the open page
 * without a manual reload: a stylesheet is swapped, a text or attribute edit is patched in place (the
 * page keeps its state), a structural edit reloads; a row committed by someone else appears in the
 * table. Also: the runtime's own unit tests in a page served by the real server, and save → DOM
 * updated over 20 edits (printed and written to {@code target/reload-latency.txt}, never asserted).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DevServerBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int LATENCY_EDITS = 20;
    private static final Duration DEBOUNCE = Duration.ofMillis(
            Long.getLong("dx.test.debounceMs", SiteWatcherConfig.DEFAULT_DEBOUNCE.toMillis()));

    private static DevServer server;
    private static Chromium browser;
    private static Path index;

    @BeforeAll
    static void start() throws Exception {
        // -Ddx.test.debounceMs=0 measures the push path without the debounce (BENCHMARKS.md's floor)
        server = DevServer.start(new DevServerConfig().port(0).workers(2).debounce(DEBOUNCE));
        index = server.site().resolve("index.html");
        browser = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** Opens the demo page, waits for the runtime's hello and the live rows, and marks the page. */
    private static void openDemo() throws IOException {
        browser.navigate(server.url().toString());
        browser.waitFor("window.__dx && __dx.hellos >= 1 && document.querySelectorAll('#rows tr[data-id]').length >= 5", WAIT);
        browser.evaluate("window.__marker = 'still the same page'");
    }

    private static boolean samePage() throws IOException {
        return "still the same page".equals(browser.evaluate("window.__marker"));
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).as("%s holds %s", file, from).contains(from);
        Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void aStylesheetEditSwapsTheStylesheetWithoutReloading() throws Exception {
        openDemo();
        edit(server.site().resolve("css/site.css"), "--accent: #2563eb;", "--accent: #dc2626;");
        browser.waitFor("getComputedStyle(document.getElementById('title')).color === 'rgb(220, 38, 38)'", WAIT);
        assertThat(samePage()).as("the page was not reloaded").isTrue();
        assertThat((Long) browser.evaluate("__dx.cssSwaps")).isGreaterThanOrEqualTo(1L);
    }

    @Test
    @Order(2)
    void aTextEditIsPatchedInPlace() throws Exception {
        openDemo();
        long applied = (Long) browser.evaluate("__dx.applied");
        edit(index, "the text changes in place, without a reload.", "patched in place by HtipPatchText.");
        browser.waitFor("document.getElementById('lead').textContent.endsWith('patched in place by HtipPatchText.')", WAIT);
        assertThat(samePage()).as("the page was not reloaded").isTrue();
        assertThat((Long) browser.evaluate("__dx.applied")).isGreaterThan(applied);
    }

    @Test
    @Order(3)
    void anAttributeEditIsPatchedInPlace() throws Exception {
        openDemo();
        edit(index, "<html lang=\"en\">", "<html lang=\"fr\">");
        browser.waitFor("document.documentElement.lang === 'fr'", WAIT);
        assertThat(samePage()).as("the page was not reloaded").isTrue();
    }

    @Test
    @Order(4)
    void aStructuralEditReloadsThePage() throws Exception {
        openDemo();
        edit(index, "<main>", "<main>\n    <p id=\"added\">A new paragraph.</p>");
        browser.waitFor("document.getElementById('added') !== null && window.__dx && __dx.hellos >= 1", WAIT);
        assertThat(samePage()).as("the page was reloaded").isFalse();
    }

    @Test
    @Order(5)
    void aRowCommittedBySomeoneElseAppearsInThePage() throws Exception {
        openDemo();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement()) {
            s.executeUpdate("update demo_items set qty = 4242 where id = 1");
        }
        browser.waitFor("[...document.querySelectorAll('#rows tr')].some(tr => tr.dataset.id === '1'"
                + " && tr.children[2].textContent === '4242')", WAIT);
        assertThat(samePage()).as("the page was not reloaded").isTrue();
    }

    @Test
    @Order(6)
    @SuppressWarnings("unchecked")
    void theRuntimeUnitTestsPassInAPageOfTheRealServer() throws Exception {
        browser.navigate(server.url() + "_dx/test.html");
        browser.waitFor("window.__dxTestResults !== undefined", Duration.ofSeconds(90));
        Map<String, Object> results = (Map<String, Object>) browser.evaluate("window.__dxTestResults");
        assertThat((Long) results.get("failed")).as("failures: %s", results.get("failures")).isZero();
        assertThat((Long) results.get("passed")).isGreaterThanOrEqualTo(20L);
    }

    @Test
    @Order(7)
    void saveToDomUpdatedOverTwentyEdits() throws Exception {
        openDemo();
        browser.screenshot(Path.of("target", "browser", "dx-dev-demo.png"));
        String current = Files.readString(index, StandardCharsets.UTF_8);
        String lead = current.substring(current.indexOf("<p id=\"lead\">") + "<p id=\"lead\">".length());
        lead = lead.substring(0, lead.indexOf("</p>"));
        List<Double> millis = new ArrayList<>();
        for (int i = 1; i <= LATENCY_EDITS; i++) {
            String text = "Edit number " + i + " of " + LATENCY_EDITS + ".";
            Instant saved = Instant.now();
            edit(index, "<p id=\"lead\">" + lead + "</p>", "<p id=\"lead\">" + text + "</p>");
            lead = text;
            browser.waitFor("document.getElementById('lead').textContent === '" + text + "'", WAIT);
            double appliedEpochMillis = ((Number) browser.evaluate("performance.timeOrigin + __dx.lastAppliedAt")).doubleValue();
            double savedEpochMillis = saved.getEpochSecond() * 1000.0 + saved.getNano() / 1e6;
            millis.add(appliedEpochMillis - savedEpochMillis);
            Thread.sleep(50); // the next save is a separate save, not part of this one's debounce
        }
        assertThat(samePage()).as("every edit was patched, none reloaded").isTrue();
        List<Double> sorted = new ArrayList<>(millis);
        sorted.sort(Double::compare);
        String report = String.format(Locale.ROOT,
                "save -> DOM updated over %d edits: p50 %.1f ms, p95 %.1f ms, min %.1f ms, max %.1f ms (debounce %d ms)%n"
                        + "each: %s%n",
                LATENCY_EDITS, percentile(sorted, 50), percentile(sorted, 95), sorted.get(0), sorted.get(sorted.size() - 1),
                DEBOUNCE.toMillis(), millis);
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "reload-latency.txt"), report);
    }

    /** The nearest-rank percentile of sorted values. */
    private static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
