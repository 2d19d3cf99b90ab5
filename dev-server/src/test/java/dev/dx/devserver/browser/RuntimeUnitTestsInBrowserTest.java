package dev.dx.devserver.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.HbtpOpcode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The browser runtime in headless chromium against {@link RuntimeTestServer}: its own tests
 * ({@code /_dx/test.html?live=1}: frames, metadata, Teleport vectors, patches and stylesheets in the
 * page, then calls, metadata, streams with credits, errors, server pushes and GoAway with reconnection
 * over a real HBTP WebSocket), and its dev behaviour on a page that loads it as dx-dev injects it.
 * One browser for the class; closing it must leave no process and no profile behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeUnitTestsInBrowserTest {

    /** The in-page tests at the time of writing; fewer passing means some did not run. */
    private static final int EXPECTED_AT_LEAST = 42;
    private static final String PAGE = "/site/index.html";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static RuntimeTestServer server;
    private static Chromium browser;
    private static List<ProcessHandle> browserProcesses;

    @BeforeAll
    static void start() throws Exception {
        server = new RuntimeTestServer(TestVectors.bytes("query-users.hex"));
        browser = Chromium.launch();
        browserProcesses = ProcessHandle.current().descendants().collect(Collectors.toList());
    }

    @AfterAll
    static void stop() {
        Path profile = browser == null ? null : browser.profile();
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
        if (profile != null) {
            assertThat(browserProcesses.stream().filter(ProcessHandle::isAlive).map(p -> p.info().command().orElse("?")))
                    .as("processes left after Chromium.close()").noneMatch(c -> c.contains("chromium"));
            assertThat(profile).as("profile left after Chromium.close()").doesNotExist();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void runtimeTestsPassInTheBrowser() throws Exception {
        int before = server.connections();
        browser.navigate(server.origin() + "/_dx/test.html?live=1");
        browser.waitFor("window.__dxTestResults !== undefined", Duration.ofSeconds(90));
        Map<String, Object> results = (Map<String, Object>) browser.evaluate("window.__dxTestResults");
        List<Map<String, Object>> failures = (List<Map<String, Object>>) results.get("failures");
        String report = failures.stream().map(f -> "  " + f.get("name") + ": " + f.get("message"))
                .collect(Collectors.joining("\n"));
        System.out.println("in-page tests: " + results.get("passed") + " passed, " + results.get("failed") + " failed"
                + (failures.isEmpty() ? "" : "\n" + report));
        Path shot = Path.of("target", "browser", "runtime-tests.png");
        browser.screenshot(shot);
        assertThat(failures).as("in-page failures:\n" + report + "\nconsole:\n" + String.join("\n", browser.console()))
                .isEmpty();
        assertThat((Long) results.get("failed")).isZero();
        assertThat((Long) results.get("passed")).isGreaterThanOrEqualTo(EXPECTED_AT_LEAST);
        assertThat(Files.size(shot)).isPositive();
        assertThat(server.connections() - before).as("connections: the first, then GoAway, close and bad frame")
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void servedPageSaysHelloAndFollowsPatchesStylesheetsAndReloads() throws Exception {
        browser.navigate(server.origin() + PAGE);
        browser.waitFor("window.__dx && __dx.hellos === 1 && __dx.socket.state === 'open'", WAIT);
        awaitServer("the server to see the page's hello", () -> server.pagesOpen(PAGE) == 1);

        byte[] batch = concat(patchText(8, 1, "Hello, patched ✓"), patchText(9, 2, "TWO"), patchAttr(9, "class", "new"));
        assertThat(server.push(PAGE, HbtpOpcode.HTIP_BATCH, batch)).isEqualTo(1);
        browser.waitFor("__dx.applied === 3", WAIT);
        assertThat(browser.evaluate("document.querySelector('h1').textContent")).isEqualTo("Hello, patched ✓");
        assertThat(browser.evaluate("document.querySelector('p').outerHTML"))
                .isEqualTo("<p class=\"new\" data-dx-id=\"9\">one<!-- a comment is not a text child -->TWO</p>");
        assertThat(browser.evaluate("typeof __dx.lastAppliedAt === 'number' && __dx.lastAppliedAt > 0")).isEqualTo(true);

        server.push(PAGE, HbtpOpcode.SERVER_EVENT, utf8("{\"type\":\"css\",\"path\":\"/site/site.css\"}"));
        browser.waitFor("__dx.cssSwaps === 1 && document.querySelectorAll('link[rel=stylesheet]').length === 1", WAIT);
        assertThat((String) browser.evaluate("document.querySelector('link[rel=stylesheet]').getAttribute('href')"))
                .startsWith("/site/site.css?dx=");
        browser.screenshot(Path.of("target", "browser", "demo-page.png"));

        browser.evaluate("window.__beforeReload = true");
        server.push(PAGE, HbtpOpcode.SERVER_EVENT, utf8("{\"type\":\"reload\",\"reason\":\"test\"}"));
        browser.waitFor("window.__beforeReload === undefined && window.__dx && __dx.hellos === 1"
                + " && __dx.socket.state === 'open'", WAIT);
        assertThat(browser.evaluate("document.querySelector('h1').textContent")).isEqualTo("Hello");
    }

    /** Polls {@code condition} (the page's hello reaches the server after the page counted it sent). */
    private static void awaitServer(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(end);
            Thread.sleep(10);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An HBTP frame: the 8-byte little-endian header (sequence 0, no flags) and the body. */
    private static byte[] frame(HbtpOpcode opcode, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) opcode.code()).put((byte) 0).putShort((short) 0).putInt(body.length).put(body).array();
    }

    private static byte[] patchText(int element, int k, String text) {
        byte[] t = utf8(text);
        return frame(HbtpOpcode.HTIP_PATCH_TEXT, ByteBuffer.allocate(4 + t.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(element << 8 | k).put(t).array());
    }

    private static byte[] patchAttr(int element, String name, String value) {
        byte[] n = utf8(name);
        byte[] v = utf8(value);
        return frame(HbtpOpcode.HTIP_PATCH_ATTR, ByteBuffer.allocate(6 + n.length + v.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(element << 8).putShort((short) n.length).put(n).put(v).array());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
