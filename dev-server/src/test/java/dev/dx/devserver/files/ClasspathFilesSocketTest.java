package dev.dx.devserver.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.cim.http.CimHttpRouter;
import dev.dx.testing.RawHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ClasspathFiles} over real sockets, routed as the dev server routes the runtime
 * ({@code /_dx/{file}}) and as a fallback (nested paths): content types, ETag and 304, HEAD, 404 for
 * what is missing or outside the mount, 405.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClasspathFilesSocketTest {

    static final String HELLO = "export const hello = \"from the class path\";\n";
    static FilesTestServer server;

    @BeforeAll
    static void start() {
        ClasspathFiles files = new ClasspathFiles("/_dx/", "dev/dx/devserver/files/cp/",
                ClasspathFilesSocketTest.class.getClassLoader());
        server = new FilesTestServer(CimHttpRouter.builder()
                .get("/_dx/{file}", new ClasspathFiles("dev/dx/devserver/files/cp/"))
                .fallback(files).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttpClient.Response get(String path, String... headers) throws IOException {
        try (RawHttpClient c = server.connect()) {
            StringBuilder b = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: x\r\n");
            for (String h : headers) {
                b.append(h).append("\r\n");
            }
            return c.send(b.append("\r\n").toString()).read();
        }
    }

    @Test
    void servesResourcesWithTypeAndETag() throws Exception {
        RawHttpClient.Response r = get("/_dx/hello.js");
        assertThat(r.status).isEqualTo(200);
        assertThat(r.text()).isEqualTo(HELLO);
        assertThat(r.header("content-type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(r.header("cache-control")).isEqualTo("no-cache");
        assertThat(r.header("last-modified")).isNotNull();
        String etag = r.header("etag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        RawHttpClient.Response again = get("/_dx/hello.js", "If-None-Match: " + etag);
        assertThat(again.status).isEqualTo(304);
        assertThat(again.body).isEmpty();
        RawHttpClient.Response nested = get("/_dx/sub/x.css");
        assertThat(nested.text()).isEqualTo("body { color: red; }\n");
        assertThat(nested.header("content-type")).isEqualTo("text/css; charset=utf-8");
        RawHttpClient.Response gz = get("/_dx/hello.js", "Accept-Encoding: gzip");
        assertThat(gz.header("content-encoding")).isEqualTo("gzip");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(HELLO);
        }
    }

    @Test
    void headAndOtherMethods() throws Exception {
        try (RawHttpClient c = server.connect()) {
            RawHttpClient.Response r = c.send("HEAD /_dx/hello.js HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertThat(r.status).isEqualTo(200);
            assertThat(r.header("content-length")).isEqualTo(String.valueOf(HELLO.length()));
            r = c.send("PUT /_dx/sub/x.css HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").read();
            assertThat(r.status).isEqualTo(405);
            assertThat(r.header("allow")).isEqualTo("GET, HEAD");
            assertThat(c.get("/_dx/hello.js").read().text()).isEqualTo(HELLO);
        }
    }

    @Test
    void missingOrOutsideTheMountIsNotFound() throws Exception {
        assertThat(get("/_dx/missing.js").status).isEqualTo(404);
        assertThat(get("/_dx/sub/").status).isEqualTo(404);
        assertThat(get("/_dx/sub").status).isEqualTo(404);
        assertThat(get("/_dx/").status).isEqualTo(404);
        assertThat(get("/other/hello.js").status).isEqualTo(404);
        for (String out : new String[] {"/_dx/../secret.txt", "/_dx/%2e%2e/secret.txt", "/_dx/..%2Fsecret.txt",
                "/_dx/sub/../../secret.txt", "/_dx/%252e%252e/secret.txt"}) {
            RawHttpClient.Response r = get(out);
            assertThat(r.status).as(out).isEqualTo(404);
            assertThat(r.text()).as(out).doesNotContain("outside the mount");
        }
        assertThat(get("/_dx/%zz").status).isEqualTo(400);
    }

    @Test
    void theConstructorChecksMountAndBase() {
        ClassLoader l = getClass().getClassLoader();
        assertThatThrownBy(() -> new ClasspathFiles("_dx/", "a/", l)).hasMessageContaining("mount : _dx/");
        assertThatThrownBy(() -> new ClasspathFiles("/_dx", "a/", l)).hasMessageContaining("mount : /_dx");
        assertThatThrownBy(() -> new ClasspathFiles("/_dx/", "/a/", l)).hasMessageContaining("base : /a/");
        assertThatThrownBy(() -> new ClasspathFiles("/_dx/", "a", l)).hasMessageContaining("base : a");
    }
}
