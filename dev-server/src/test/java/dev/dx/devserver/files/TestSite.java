package dev.dx.devserver.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A site directory for the tests, built under a temporary directory {@code base}:
 * <pre>
 * base/outside-secret.txt        TOP SECRET (outside the root: never served)
 * base/site/                     the root
 *   index.html, docs/index.html, empty/ (no index)
 *   css/site.css (compressible, 20 KiB), range.txt (0123456789), big.bin (5 MiB + 3 random bytes)
 *   t.EXT for every known extension, unknown.xyz
 *   link-out -> ../outside-secret.txt, dir-link-out -> .. , link-in -> css/site.css
 * </pre>
 */
final class TestSite {

    static final String SECRET = "TOP SECRET";
    static final String[][] TYPES = {
            {"html", "text/html; charset=utf-8"}, {"css", "text/css; charset=utf-8"},
            {"js", "text/javascript; charset=utf-8"}, {"mjs", "text/javascript; charset=utf-8"},
            {"json", "application/json; charset=utf-8"}, {"svg", "image/svg+xml; charset=utf-8"},
            {"png", "image/png"}, {"jpg", "image/jpeg"}, {"gif", "image/gif"}, {"webp", "image/webp"},
            {"ico", "image/x-icon"}, {"woff", "font/woff"}, {"woff2", "font/woff2"}, {"wasm", "application/wasm"},
            {"txt", "text/plain; charset=utf-8"}, {"map", "application/json; charset=utf-8"},
            {"xyz", "application/octet-stream"}};

    final Path base;
    final Path root;
    final Path secret;
    final byte[] big;
    final String css;
    final boolean symlinks;

    TestSite(Path base) throws IOException {
        this.base = base;
        this.root = Files.createDirectories(base.resolve("site"));
        this.secret = Files.writeString(base.resolve("outside-secret.txt"), SECRET);
        Files.writeString(root.resolve("index.html"), "<html><body>root</body></html>");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<html><body>docs</body></html>");
        Files.createDirectories(root.resolve("empty"));
        Files.createDirectories(root.resolve("css"));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 20_000; i++) {
            sb.append(".rule-").append(i).append(" { color: #").append(Integer.toHexString(i * 2654435 & 0xffffff))
                    .append("; margin: ").append(i % 17).append("px; }\n");
        }
        css = sb.toString();
        Files.writeString(root.resolve("css/site.css"), css);
        Files.writeString(root.resolve("range.txt"), "0123456789");
        big = new byte[5 * 1024 * 1024 + 3];
        new Random(7).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        for (String[] t : TYPES) {
            Files.writeString(root.resolve("t." + t[0]), "content of " + t[0], StandardCharsets.UTF_8);
        }
        boolean linked;
        try {
            Files.createSymbolicLink(root.resolve("link-out"), Path.of("../outside-secret.txt"));
            Files.createSymbolicLink(root.resolve("dir-link-out"), Path.of(".."));
            Files.createSymbolicLink(root.resolve("link-in"), Path.of("css/site.css"));
            linked = true;
        } catch (UnsupportedOperationException | IOException e) {
            linked = false;
        }
        this.symlinks = linked;
    }

    /** Rewrites a page by appending a comment naming the path it is served under. */
    static final HtmlRewriter MARKING = (served, html) ->
            (new String(html, StandardCharsets.UTF_8) + "<!--rewritten " + served + "-->").getBytes(StandardCharsets.UTF_8);
}
