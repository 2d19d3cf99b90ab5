package dev.dx.devserver.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.dx.cim.http.CimHttpRouter;
import dev.dx.testing.RawHttpClient;
import io.netty.handler.codec.DateFormatter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StaticFiles} over real sockets on a {@code DxReactor}, as the router's fallback: content types,
 * validators and 304, every range form, compression, HEAD, directories, 404/405/400, 431, and a large
 * file through the zero-copy path and through the chunked one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StaticFilesSocketTest {

    @TempDir
    static java.nio.file.Path tmp;
    static TestSite site;
    static FilesTestServer server;
    static FilesTestServer chunkedServer;
    static FilesTestServer memoryServer;

    @BeforeAll
    static void start() throws IOException {
        site = new TestSite(tmp);
        server = new FilesTestServer(CimHttpRouter.builder()
                .fallback(new StaticFiles(site.root, TestSite.MARKING)).build());
        chunkedServer = new FilesTestServer(CimHttpRouter.builder()
                .fallback(new StaticFiles(site.root, TestSite.MARKING, false)).build());
        memoryServer = new FilesTestServer(CimHttpRouter.builder()
                .fallback(new StaticFiles(site.root, TestSite.MARKING, false)).build(), false);
    }

    @AfterAll
    static void stop() {
        server.close();
        chunkedServer.close();
        memoryServer.close();
    }

    private static RawHttpClient.Response get(String path, String... headers) throws IOException {
        try (RawHttpClient c = server.connect()) {
            return c.send(request("GET", path, headers)).read();
        }
    }

    private static String request(String method, String path, String... headers) {
        StringBuilder b = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: x\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    @Test
    void everyKnownTypeIsServedWithItsContentType() throws Exception {
        try (RawHttpClient c = server.connect()) {
            for (String[] t : TestSite.TYPES) {
                RawHttpClient.Response r = c.get("/t." + t[0]).read();
                assertThat(r.status).as(t[0]).isEqualTo(200);
                assertThat(r.header("content-type")).as(t[0]).isEqualTo(t[1]);
                String expected = "content of " + t[0] + (t[0].equals("html") ? "<!--rewritten /t.html-->" : "");
                assertThat(r.text()).isEqualTo(expected);
                assertThat(r.header("cache-control")).isEqualTo("no-cache");
                assertThat(r.header("content-encoding")).isNull();
            }
        }
    }

    @Test
    void notModifiedByETagAndByDate() throws Exception {
        RawHttpClient.Response first = get("/range.txt");
        String etag = first.header("etag");
        String lastModified = first.header("last-modified");
        assertThat(etag).startsWith("\"").endsWith("\"");
        assertThat(lastModified).isNotNull();
        RawHttpClient.Response r = get("/range.txt", "If-None-Match: " + etag);
        assertThat(r.status).isEqualTo(304);
        assertThat(r.body).isEmpty();
        assertThat(r.header("etag")).isEqualTo(etag);
        assertThat(get("/range.txt", "If-None-Match: \"other\", W/" + etag).status).isEqualTo(304);
        assertThat(get("/range.txt", "If-None-Match: *").status).isEqualTo(304);
        assertThat(get("/range.txt", "If-None-Match: \"other\"").status).isEqualTo(200);
        assertThat(get("/range.txt", "If-Modified-Since: " + lastModified).status).isEqualTo(304);
        String before = DateFormatter.format(new Date(DateFormatter.parseHttpDate(lastModified).getTime() - 60_000));
        RawHttpClient.Response changed = get("/range.txt", "If-Modified-Since: " + before);
        assertThat(changed.status).isEqualTo(200);
        assertThat(changed.text()).isEqualTo("0123456789");
        assertThat(get("/range.txt", "If-None-Match: \"other\"", "If-Modified-Since: " + lastModified).status)
                .as("If-None-Match wins over If-Modified-Since").isEqualTo(200);
        // on a connection that goes on: the 304 has no body
        try (RawHttpClient c = server.connect()) {
            assertThat(c.send(request("GET", "/range.txt", "If-None-Match: " + etag)).read().status).isEqualTo(304);
            assertThat(c.get("/range.txt").read().text()).isEqualTo("0123456789");
        }
    }

    @Test
    void htmlIsRewrittenAndTaggedByItsContent() throws Exception {
        RawHttpClient.Response r = get("/index.html");
        assertThat(r.text()).isEqualTo("<html><body>root</body></html><!--rewritten /index.html-->");
        assertThat(r.header("content-length")).isEqualTo(String.valueOf(r.body.length));
        assertThat(r.header("etag")).matches("\"[0-9a-f]{32}\"");
        assertThat(get("/index.html", "If-None-Match: " + r.header("etag")).status).isEqualTo(304);
        RawHttpClient.Response part = get("/index.html", "Range: bytes=6-11");
        assertThat(part.status).isEqualTo(206);
        assertThat(part.text()).isEqualTo("<body>");
    }

    @Test
    void everyRangeForm() throws Exception {
        assertRange("bytes=2-5", 206, "2345", "bytes 2-5/10");
        assertRange("bytes=7-", 206, "789", "bytes 7-9/10");
        assertRange("bytes=-3", 206, "789", "bytes 7-9/10");
        assertRange("bytes=-30", 206, "0123456789", "bytes 0-9/10");
        assertRange("bytes=5-100", 206, "56789", "bytes 5-9/10");
        assertRange("bytes=0-0", 206, "0", "bytes 0-0/10");
        assertRange("bytes=10-", 416, "", "bytes */10");
        assertRange("bytes=10-20", 416, "", "bytes */10");
        assertRange("bytes=-0", 416, "", "bytes */10");
        assertRange("bytes=0-1,4-5", 200, "0123456789", null);
        assertRange("bytes=5-2", 200, "0123456789", null);
        assertRange("bytes=x-y", 200, "0123456789", null);
        assertRange("items=0-1", 200, "0123456789", null);
        RawHttpClient.Response r = get("/range.txt");
        assertThat(r.header("accept-ranges")).isEqualTo("bytes");
    }

    private static void assertRange(String range, int status, String body, String contentRange) throws IOException {
        RawHttpClient.Response r = get("/range.txt", "Range: " + range);
        assertThat(r.status).as(range).isEqualTo(status);
        assertThat(r.text()).as(range).isEqualTo(body);
        assertThat(r.header("content-range")).as(range).isEqualTo(contentRange);
    }

    @Test
    void ifRangeServesTheRangeOnlyForTheCurrentValidator() throws Exception {
        RawHttpClient.Response whole = get("/range.txt");
        String etag = whole.header("etag");
        RawHttpClient.Response r = get("/range.txt", "Range: bytes=0-1", "If-Range: " + etag);
        assertThat(r.status).isEqualTo(206);
        assertThat(r.text()).isEqualTo("01");
        r = get("/range.txt", "Range: bytes=0-1", "If-Range: \"stale\"");
        assertThat(r.status).isEqualTo(200);
        assertThat(r.text()).isEqualTo("0123456789");
        r = get("/range.txt", "Range: bytes=0-1", "If-Range: W/" + etag);
        assertThat(r.status).as("a weak tag never matches If-Range").isEqualTo(200);
        r = get("/range.txt", "Range: bytes=8-", "If-Range: " + whole.header("last-modified"));
        assertThat(r.status).isEqualTo(206);
        assertThat(r.text()).isEqualTo("89");
        r = get("/range.txt", "Range: bytes=8-", "If-Range: Thu, 01 Jan 1970 00:00:00 GMT");
        assertThat(r.status).isEqualTo(200);
    }

    @Test
    void textIsCompressedWithZstdOrGzipAsTheBrowserAccepts() throws Exception {
        RawHttpClient.Response z = get("/css/site.css", "Accept-Encoding: gzip, deflate, br, zstd");
        assertThat(z.header("content-encoding")).isEqualTo("zstd");
        assertThat(z.header("vary")).isEqualToIgnoringCase("accept-encoding");
        assertThat(z.body.length).isLessThan(site.css.length() / 2);
        byte[] unz = Zstd.decompress(z.body, site.css.length());
        assertThat(new String(unz, StandardCharsets.UTF_8)).isEqualTo(site.css);

        RawHttpClient.Response g = get("/css/site.css", "Accept-Encoding: gzip, zstd;q=0");
        assertThat(g.header("content-encoding")).isEqualTo("gzip");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(g.body))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(site.css);
        }
        assertThat(g.header("etag")).isNotEqualTo(z.header("etag"));
        assertThat(get("/css/site.css", "Accept-Encoding: gzip", "If-None-Match: " + g.header("etag")).status)
                .isEqualTo(304);

        RawHttpClient.Response plain = get("/css/site.css", "Accept-Encoding: br");
        assertThat(plain.header("content-encoding")).isNull();
        assertThat(plain.text()).isEqualTo(site.css);
        assertThat(get("/css/site.css", "Accept-Encoding: *").header("content-encoding")).isEqualTo("zstd");
        assertThat(get("/css/site.css", "Accept-Encoding: *;q=0").header("content-encoding")).isNull();

        RawHttpClient.Response png = get("/t.png", "Accept-Encoding: gzip, zstd");
        assertThat(png.header("content-encoding")).isNull();
        assertThat(png.header("vary")).isNull();

        RawHttpClient.Response ranged = get("/css/site.css", "Accept-Encoding: gzip, zstd", "Range: bytes=0-9");
        assertThat(ranged.status).isEqualTo(206);
        assertThat(ranged.header("content-encoding")).as("no compression with Range").isNull();
        assertThat(ranged.text()).isEqualTo(site.css.substring(0, 10));

        for (String type : new String[] {"html", "js", "json", "svg", "txt"}) {
            assertThat(get("/t." + type, "Accept-Encoding: gzip").header("content-encoding")).as(type).isEqualTo("gzip");
        }
    }

    @Test
    void headHasTheHeadersOfGetAndNoBody() throws Exception {
        try (RawHttpClient c = server.connect()) {
            RawHttpClient.Response r = c.send(request("HEAD", "/big.bin")).read(true);
            assertThat(r.status).isEqualTo(200);
            assertThat(r.header("content-length")).isEqualTo(String.valueOf(site.big.length));
            assertThat(r.header("content-type")).isEqualTo("application/octet-stream");
            r = c.send(request("HEAD", "/css/site.css", "Accept-Encoding: gzip")).read(true);
            RawHttpClient.Response gzGet = get("/css/site.css", "Accept-Encoding: gzip");
            assertThat(r.header("content-length")).isEqualTo(String.valueOf(gzGet.body.length));
            r = c.send(request("HEAD", "/index.html")).read(true);
            assertThat(r.header("content-length")).isEqualTo(String.valueOf(get("/index.html").body.length));
            // a body after any of the HEAD answers would be read here instead
            assertThat(c.get("/range.txt").read().text()).isEqualTo("0123456789");
        }
    }

    @Test
    void directoriesServeTheirIndexAndRedirectWithoutTheSlash() throws Exception {
        assertThat(get("/").text()).startsWith("<html><body>root</body></html><!--rewritten /index.html");
        assertThat(get("/docs/").text()).isEqualTo("<html><body>docs</body></html><!--rewritten /docs/index.html-->");
        RawHttpClient.Response r = get("/docs");
        assertThat(r.status).isEqualTo(301);
        assertThat(r.header("location")).isEqualTo("/docs/");
        assertThat(get("/docs?v=1").header("location")).isEqualTo("/docs/?v=1");
        assertThat(get("//docs").header("location")).as("never a scheme-relative //host").isEqualTo("/docs/");
        assertThat(get("/empty/").status).isEqualTo(404);
        assertThat(get("/range.txt/").status).as("a file asked for as a directory").isEqualTo(404);
    }

    @Test
    void missingFilesOtherMethodsAndBadPaths() throws Exception {
        assertThat(get("/nothing-here.css").status).isEqualTo(404);
        try (RawHttpClient c = server.connect()) {
            RawHttpClient.Response r = c.send("POST /range.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").read();
            assertThat(r.status).isEqualTo(405);
            assertThat(r.header("allow")).isEqualTo("GET, HEAD");
            assertThat(c.send(request("DELETE", "/range.txt")).read().status).isEqualTo(405);
            assertThat(c.get("/range.txt").read().status).isEqualTo(200);
        }
        assertThat(get("/%zz").status).isEqualTo(400);
        assertThat(get("/a%2").status).isEqualTo(400);
        assertThat(get("/range.txt%00.png").status).isEqualTo(400);
        assertThat(get("/%C3%28").status).as("not UTF-8").isEqualTo(400);
        assertThat(get("/%5c..%5coutside-secret.txt").text()).startsWith("bad path: backslash");
    }

    @Test
    void oversizedHeadersGet431() throws Exception {
        try (RawHttpClient c = server.connect()) {
            RawHttpClient.Response r = c.send(request("GET", "/range.txt", "X-Big: " + "b".repeat(10_000))).read();
            assertThat(r.status).isEqualTo(431);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aLargeFileArrivesIntactAsAFileRegion() throws Exception {
        int before = server.fileRegions.get();
        try (RawHttpClient c = server.connect()) {
            RawHttpClient.Response r = c.get("/big.bin").read();
            assertThat(r.status).isEqualTo(200);
            assertThat(r.body).isEqualTo(site.big);
            RawHttpClient.Response part = c.send(request("GET", "/big.bin", "Range: bytes=1000000-2999999")).read();
            assertThat(part.status).isEqualTo(206);
            assertThat(part.body).isEqualTo(Arrays.copyOfRange(site.big, 1_000_000, 3_000_000));
            assertThat(c.get("/range.txt").read().text()).isEqualTo("0123456789");
        }
        assertThat(server.fileRegions.get() - before).as("three files from disk, zero-copy on " + server.backend())
                .isEqualTo(3);
        assertThat(server.chunkedInputs.get()).isZero();
    }

    @Test
    void withoutZeroCopyTheFileGoesInChunks() throws Exception {
        try (RawHttpClient c = chunkedServer.connect()) {
            RawHttpClient.Response r = c.get("/big.bin").read();
            assertThat(r.body).isEqualTo(site.big);
            RawHttpClient.Response part = c.send(request("GET", "/big.bin", "Range: bytes=-5")).read();
            assertThat(part.body).isEqualTo(Arrays.copyOfRange(site.big, site.big.length - 5, site.big.length));
            assertThat(c.get("/range.txt").read().text()).isEqualTo("0123456789");
        }
        assertThat(chunkedServer.chunkedInputs.get()).as("three files from disk").isEqualTo(3);
        assertThat(chunkedServer.fileRegions.get()).isZero();
    }

    @Test
    void withoutZeroCopyOrAChunkedWriterOnTheWayTheFileIsSentFromMemory() throws Exception {
        try (RawHttpClient c = memoryServer.connect()) {
            RawHttpClient.Response r = c.get("/big.bin").read();
            assertThat(r.body).isEqualTo(site.big);
            RawHttpClient.Response part = c.send(request("GET", "/big.bin", "Range: bytes=4-9")).read();
            assertThat(part.body).isEqualTo(Arrays.copyOfRange(site.big, 4, 10));
            assertThat(c.get("/range.txt").read().text()).isEqualTo("0123456789");
        }
        assertThat(memoryServer.chunkedInputs.get()).isZero();
        assertThat(memoryServer.fileRegions.get()).isZero();
    }
}
