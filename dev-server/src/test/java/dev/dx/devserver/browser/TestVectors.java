package dev.dx.devserver.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The golden vectors copied into {@code src/test/resources/browser/vectors/}. */
final class TestVectors {

    private TestVectors() {
    }

    /** The text of {@code browser/vectors/NAME}. */
    static String text(String name) {
        try (InputStream in = TestVectors.class.getClassLoader().getResourceAsStream("browser/vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource browser/vectors/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code .hex} vector as lowercase hex without spaces: comments ({@code #} to the line end) dropped. */
    static String hex(String name) {
        StringBuilder out = new StringBuilder();
        for (String line : text(name).split("\n")) {
            int hash = line.indexOf('#');
            out.append((hash < 0 ? line : line.substring(0, hash)).replaceAll("\\s+", ""));
        }
        return out.toString().toLowerCase();
    }

    /** A {@code .hex} vector's bytes. */
    static byte[] bytes(String name) {
        String hex = hex(name);
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** golden-frames.txt as NAME to hex, in file order. */
    static Map<String, String> goldenFrames() {
        Map<String, String> frames = new LinkedHashMap<>();
        for (String line : text("golden-frames.txt").split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            frames.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return frames;
    }
}
