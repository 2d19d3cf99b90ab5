package dev.dx.devserver.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hex strings the in-page tests embed ({@code runtime/test-vectors.js}) are exactly the golden
 * vectors copied into the test resources, so the browser tests check the runtime against the
 * project's vectors and not against strings that drifted.
 */
class RuntimeTestVectorsTest {

    private static final List<String> TELEPORT = List.of("user.hex", "primitives-extremes.hex", "strings.hex",
            "every-type.hex", "query-users.hex");

    private static String vectorsJs() throws IOException {
        try (InputStream in = RuntimeTestVectorsTest.class.getClassLoader()
                .getResourceAsStream("dev/dx/devserver/runtime/test-vectors.js")) {
            assertThat(in).as("runtime/test-vectors.js on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void teleportVectorsMatchTheGoldenFiles() throws IOException {
        String js = vectorsJs();
        for (String name : TELEPORT) {
            Matcher m = Pattern.compile("'" + Pattern.quote(name) + "': '([0-9a-f]+)'").matcher(js);
            assertThat(m.find()).as(name + " in test-vectors.js").isTrue();
            assertThat(m.group(1)).as(name).isEqualTo(TestVectors.hex(name));
        }
        Matcher batch = Pattern.compile("batchTwoPongs = '([0-9a-f]+)'").matcher(js);
        assertThat(batch.find()).isTrue();
        assertThat(batch.group(1)).isEqualTo(TestVectors.hex("batch-two-pongs.hex"));
    }

    @Test
    void goldenFramesMatchTheGoldenFile() throws IOException {
        Map<String, String> embedded = new LinkedHashMap<>();
        Matcher m = Pattern.compile("([A-Z_]+/[A-Z_|0-9]+)=([0-9a-f]+)").matcher(vectorsJs());
        while (m.find()) {
            embedded.put(m.group(1), m.group(2));
        }
        assertThat(embedded).containsExactlyEntriesOf(TestVectors.goldenFrames());
        assertThat(embedded).hasSizeGreaterThan(800);
    }
}
