package dev.dx.devserver.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the browser runtime's own tests ({@code /_dx/test.html?live=1}) in headless chromium against
 * {@link RuntimeTestServer}: frames, metadata, Teleport vectors, patches and stylesheets in the page,
 * then calls, metadata, streams with credits, errors, server pushes and GoAway with reconnection
 * over a real HBTP WebSocket.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeUnitTestsInBrowserTest {

    /** The in-page tests at the time of writing; fewer passing means some did not run. */
    private static final int EXPECTED_AT_LEAST = 35;

    @Test
    @SuppressWarnings("unchecked")
    void runtimeTestsPassInChromium() throws Exception {
        Path profile;
        List<ProcessHandle> browserProcesses;
        try (RuntimeTestServer server = new RuntimeTestServer(TestVectors.bytes("query-users.hex"));
                Chromium browser = Chromium.launch()) {
            profile = browser.profile();
            browserProcesses = ProcessHandle.current().descendants().collect(Collectors.toList());
            browser.navigate(server.origin() + "/_dx/test.html?live=1");
            browser.waitFor("window.__dxTestResults !== undefined", Duration.ofSeconds(60));
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
            assertThat(server.connections()).as("the GoAway, close and bad-frame tests reconnected").isGreaterThanOrEqualTo(4);
        }
        // Chromium.close(): no browser process left, the profile deleted
        assertThat(browserProcesses.stream().filter(ProcessHandle::isAlive).map(p -> p.info().command().orElse("?")))
                .as("processes left").noneMatch(c -> c.contains("chromium"));
        assertThat(profile).doesNotExist();
    }
}
