package dev.dx.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP through the whole dev server (the pieces are tested on their own in {@code files}, {@code live}
 * and handler-cim): the site chain's headers on files, 304, a range, 404, a traversal attempt, the
 * runtime under {@code /_dx/}, the JWT in front of {@code /api}, and 431 for oversized headers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DevServerHttpTest {

    @TempDir
    static Path site;
    private static DevServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws IOException {
        Files.writeString(site.resolve("index.html"), "<!doctype html><html><head><title>t</title></head><body><p>hi</p></body></html>");
        Files.writeString(site.resolve("data.txt"), "0123456789");
        Files.writeString(site.getParent().resolve("secret.txt"), "outside the site");
        server = DevServer.start(new DevServerConfig().site(site).port(0).workers(1));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pagesAreRewrittenAndCarryTheSiteChainsHeaders() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(r.headers().firstValue("x-response-time")).isPresent();
        assertThat(r.headers().firstValue("x-ratelimit-limit")).isPresent();
        assertThat(r.body()).contains("data-dx-id=\"1\"", "src=\"/_dx/runtime.js\"", "data-dx-page=\"/index.html\"");
    }

    @Test
    void conditionalAndRangeRequests() throws Exception {
        HttpResponse<String> first = get("/data.txt");
        String etag = first.headers().firstValue("etag").orElseThrow();
        assertThat(get("/data.txt", "If-None-Match", etag).statusCode()).isEqualTo(304);
        HttpResponse<String> range = get("/data.txt", "Range", "bytes=2-4");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo("234");
        assertThat(range.headers().firstValue("content-range")).hasValue("bytes 2-4/10");
    }

    @Test
    void missingFilesAnd404AndNothingOutsideTheSite() throws Exception {
        assertThat(get("/nope.html").statusCode()).isEqualTo(404);
        String answer = raw("GET /../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 404").doesNotContain("outside the site");
        String encoded = raw("GET /%2e%2e/secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(encoded).startsWith("HTTP/1.1 404").doesNotContain("outside the site");
    }

    @Test
    void theRuntimeIsServedUnderDx() throws Exception {
        HttpResponse<String> r = get("/_dx/runtime.js");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("javascript"));
        assertThat(r.body()).contains("export class DevRuntime");
    }

    @Test
    void theApiWantsTheRunsToken() throws Exception {
        HttpResponse<String> none = get("/api/query/items");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(get("/api/query/items", "Authorization", "Bearer not.a.token").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = get("/api/query/items", "Authorization", "Bearer " + server.apiToken());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).startsWith("{\"columns\":").contains("teleporter");
    }

    @Test
    void oversizedHeadersAre431() throws Exception {
        String answer = raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 431");
    }

    @Test
    void describeNamesBackendWorkersAndUrls() {
        assertThat(server.describe()).contains("backend:", "workers:  1", server.url().toString(),
                server.hbtpUrl().toString(), server.jdbcUrl());
    }

    /** Sends {@code request} as written and returns everything the server answers until it closes. */
    private static String raw(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
