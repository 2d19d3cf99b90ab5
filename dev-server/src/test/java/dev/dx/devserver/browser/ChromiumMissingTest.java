package dev.dx.devserver.browser;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Without chromium the browser tests fail, and the message says how to install it. */
class ChromiumMissingTest {

    @Test
    @ResourceLock("dx.chromium")
    void launchFailsNamingTheFix() {
        String before = System.getProperty("dx.chromium");
        System.setProperty("dx.chromium", "/nonexistent/chromium");
        try {
            assertThatThrownBy(Chromium::launch)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("/nonexistent/chromium")
                    .hasMessageContaining(".ci/run")
                    .hasMessageContaining("apt-get install -y chromium");
        } finally {
            if (before == null) {
                System.clearProperty("dx.chromium");
            } else {
                System.setProperty("dx.chromium", before);
            }
        }
    }
}
