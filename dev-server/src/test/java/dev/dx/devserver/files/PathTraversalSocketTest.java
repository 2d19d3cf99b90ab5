package dev.dx.devserver.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dx.cim.http.CimHttpRouter;
import dev.dx.testing.RawHttpClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No request path serves a file outside the root: {@code ../} in every spelling, encoded and
 * double-encoded dots and slashes, backslashes, absolute paths, absolute-form request targets, and
 * symbolic links whose real path leads out. Each attempt is sent raw over a socket, and the answer is
 * 404 (or 400 for a malformed path) and never contains the secret that lies beside the root.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PathTraversalSocketTest {

    @TempDir
    static java.nio.file.Path tmp;
    static TestSite site;
    static FilesTestServer server;

    @BeforeAll
    static void start() throws IOException {
        site = new TestSite(tmp);
        server = new FilesTestServer(CimHttpRouter.builder().fallback(new StaticFiles(site.root, HtmlRewriter.NONE)).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttpClient.Response raw(String target) throws IOException {
        try (RawHttpClient c = server.connect()) {
            return c.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
        }
    }

    private static void neverServed(String target, int status) throws IOException {
        RawHttpClient.Response r = raw(target);
        assertThat(r.status).as(target).isEqualTo(status);
        assertThat(r.text()).as(target).doesNotContain(TestSite.SECRET);
    }

    @Test
    void dotDotInEverySpellingIsNotFound() throws Exception {
        String[] attempts = {
                "/../outside-secret.txt",
                "/../../outside-secret.txt",
                "/css/../../outside-secret.txt",
                "/./../outside-secret.txt",
                "/%2e%2e/outside-secret.txt",
                "/%2E%2E/outside-secret.txt",
                "/.%2e/outside-secret.txt",
                "/%2e%2e%2foutside-secret.txt",
                "/%2E%2E%2Foutside-secret.txt",
                "/css/..%2F..%2Foutside-secret.txt",
                "/css%2F..%2F..%2Foutside-secret.txt",
                "/%2f..%2f..%2foutside-secret.txt",
                "/..;/outside-secret.txt",
                "/%252e%252e/outside-secret.txt",
                "/%252e%252e%252foutside-secret.txt",
                "/..%252f..%252foutside-secret.txt",
                "/%25252e%25252e/outside-secret.txt",
                "/css/%2e%2e/%2e%2e/outside-secret.txt",
                "/..",
                "/../",
                "/%2e%2e",
        };
        for (String a : attempts) {
            neverServed(a, 404);
        }
    }

    @Test
    void dotDotThatStaysInsideTheRootStillServes() throws Exception {
        assertThat(raw("/css/../range.txt").text()).isEqualTo("0123456789");
        assertThat(raw("/css/%2e%2e/range.txt").text()).isEqualTo("0123456789");
        assertThat(raw("/css%2f..%2frange.txt").text()).isEqualTo("0123456789");
    }

    @Test
    void backslashesAndNulAreBadRequests() throws Exception {
        neverServed("/..%5coutside-secret.txt", 400);
        neverServed("/%5c..%5c..%5coutside-secret.txt", 400);
        neverServed("/..%255c..%255coutside-secret.txt", 404);
        neverServed("/outside-secret.txt%00", 400);
        neverServed("/..%c0%afoutside-secret.txt", 400);
    }

    @Test
    void absolutePathsStayUnderTheRoot() throws Exception {
        String abs = site.secret.toAbsolutePath().toString().replace('\\', '/');
        List<String> attempts = new ArrayList<>(List.of(
                "/" + abs,
                "//" + abs,
                "/%2F" + abs.substring(1),
                "/" + URLEncoder.encode(abs, StandardCharsets.UTF_8),
                "/file:" + abs,
                "/file:%2F%2F" + abs.substring(1),
                "http://x/../outside-secret.txt",
                "http://x/%2e%2e/outside-secret.txt"));
        for (String a : attempts) {
            neverServed(a, 404);
        }
    }

    @Test
    void symlinksThatLeadOutAreNotFoundAndLinksInsideServe() throws Exception {
        assumeTrue(site.symlinks, "the file system makes no symbolic links");
        neverServed("/link-out", 404);
        neverServed("/dir-link-out/outside-secret.txt", 404);
        assertThat(raw("/dir-link-out/site/range.txt").text()).as("out and back in: the real path is inside")
                .isEqualTo("0123456789");
        neverServed("/dir-link-out/", 404);
        neverServed("/dir-link-out", 404);
        RawHttpClient.Response in = raw("/link-in");
        assertThat(in.status).isEqualTo(200);
        assertThat(in.text()).isEqualTo(site.css);
    }
}
