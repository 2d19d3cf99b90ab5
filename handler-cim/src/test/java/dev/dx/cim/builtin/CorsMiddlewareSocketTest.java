package dev.dx.cim.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.cim.Middleware;
import dev.dx.cim.Rejection;
import dev.dx.cim.http.CimHttpHandler;
import dev.dx.cim.http.CimHttpRouter;
import dev.dx.cim.http.HandChain;
import dev.dx.cim.http.HttpExchange;
import dev.dx.cim.http.HttpTestServer;
import dev.dx.testing.RawHttpClient;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CorsMiddleware} over real HTTP: preflights and simple requests from allowed and disallowed
 * origins, with credentials off ({@code /open}) and on ({@code /cred}), {@code Vary}, and a 401 from a
 * later middleware that still carries the CORS headers.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CorsMiddlewareSocketTest {

    private static final String ALLOWED = "https://app.example.com";
    private static final String OTHER = "https://evil.example.net";

    private static HttpTestServer server;

    @BeforeAll
    static void start() {
        CorsPolicy open = CorsPolicy.builder(ALLOWED::equals)
                .methods("GET", "POST", "PUT").headers("authorization", "x-trace").maxAgeSeconds(120).build();
        CorsPolicy withCredentials = CorsPolicy.builder(ALLOWED::equals).credentials(true).build();
        Middleware<HttpExchange> auth = x -> {
            if (x.header("authorization") == null) {
                x.reject(Rejection.UNAUTHORIZED, "no credentials");
                return Middleware.STOP;
            }
            return Middleware.CONTINUE;
        };
        CimHttpRouter router = CimHttpRouter.builder()
                .prefix("/open", HandChain.of(new CorsMiddleware(open)))
                .prefix("/cred", new HandChain<>(new CorsMiddleware(withCredentials), auth))
                .get("/open/data", x -> ok(x))
                .get("/cred/data", x -> ok(x))
                .build();
        server = HttpTestServer.start(() -> new CimHttpHandler(router));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void ok(HttpExchange x) {
        x.respond(HttpResponseStatus.OK, ByteBufUtil.writeUtf8(x.channel().alloc(), "data"), "text/plain");
    }

    private static RawHttpClient.Response send(String request) throws Exception {
        try (RawHttpClient c = server.connect()) {
            return c.send(request).read();
        }
    }

    private static String preflight(String path, String origin) {
        return "OPTIONS " + path + " HTTP/1.1\r\nHost: x\r\nOrigin: " + origin
                + "\r\nAccess-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: x-trace\r\n\r\n";
    }

    private static String get(String path, String origin, String extra) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\nOrigin: " + origin + "\r\n" + extra + "\r\n";
    }

    @Test
    void preflightFromAnAllowedOriginIsAnswered204() throws Exception {
        RawHttpClient.Response r = send(preflight("/open/data", ALLOWED));
        assertThat(r.status).isEqualTo(204);
        assertThat(r.header("access-control-allow-origin")).isEqualTo(ALLOWED);
        assertThat(r.header("access-control-allow-methods")).isEqualTo("GET, POST, PUT");
        assertThat(r.header("access-control-allow-headers")).isEqualTo("authorization, x-trace");
        assertThat(r.header("access-control-max-age")).isEqualTo("120");
        assertThat(r.header("access-control-allow-credentials")).isNull();
        assertThat(r.headers("vary")).containsExactly("Origin");
        assertThat(r.header("content-length")).isNull();
    }

    @Test
    void preflightWithCredentialsSaysSo() throws Exception {
        RawHttpClient.Response r = send(preflight("/cred/data", ALLOWED));
        assertThat(r.status).isEqualTo(204);
        assertThat(r.header("access-control-allow-origin")).isEqualTo(ALLOWED);
        assertThat(r.header("access-control-allow-credentials")).isEqualTo("true");
        assertThat(r.header("access-control-allow-methods")).isEqualTo("GET, HEAD, POST");
    }

    @Test
    void preflightFromADisallowedOriginIs403WithoutCorsHeaders() throws Exception {
        RawHttpClient.Response r = send(preflight("/open/data", OTHER));
        assertThat(r.status).isEqualTo(403);
        assertThat(r.headers.keySet()).noneMatch(h -> h.startsWith("access-control-"));
        assertThat(r.headers("vary")).containsExactly("Origin");
    }

    @Test
    void simpleRequestFromAnAllowedOriginGetsItsOrigin() throws Exception {
        RawHttpClient.Response r = send(get("/open/data", ALLOWED, ""));
        assertThat(r.status).isEqualTo(200);
        assertThat(r.text()).isEqualTo("data");
        assertThat(r.header("access-control-allow-origin")).isEqualTo(ALLOWED);
        assertThat(r.header("access-control-allow-credentials")).isNull();
        assertThat(r.header("access-control-allow-methods")).isNull();
        assertThat(r.headers("vary")).containsExactly("Origin");
    }

    @Test
    void simpleRequestWithCredentialsGetsTheOriginNeverAStar() throws Exception {
        RawHttpClient.Response r = send(get("/cred/data", ALLOWED, "Authorization: Bearer t\r\n"));
        assertThat(r.status).isEqualTo(200);
        assertThat(r.header("access-control-allow-origin")).isEqualTo(ALLOWED);
        assertThat(r.header("access-control-allow-credentials")).isEqualTo("true");
    }

    @Test
    void simpleRequestFromADisallowedOriginContinuesWithoutCorsHeaders() throws Exception {
        RawHttpClient.Response r = send(get("/open/data", OTHER, ""));
        assertThat(r.status).isEqualTo(200);
        assertThat(r.text()).isEqualTo("data");
        assertThat(r.headers.keySet()).noneMatch(h -> h.startsWith("access-control-"));
        assertThat(r.headers("vary")).containsExactly("Origin");
    }

    @Test
    void requestWithoutOriginGetsNoCorsHeadersAndNoVary() throws Exception {
        RawHttpClient.Response r = send("GET /open/data HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.status).isEqualTo(200);
        assertThat(r.headers.keySet()).noneMatch(h -> h.startsWith("access-control-")).doesNotContain("vary");
    }

    @Test
    void a401FromALaterMiddlewareStillCarriesTheCorsHeaders() throws Exception {
        RawHttpClient.Response r = send(get("/cred/data", ALLOWED, ""));
        assertThat(r.status).isEqualTo(401);
        assertThat(r.text()).isEqualTo("no credentials");
        assertThat(r.header("access-control-allow-origin")).isEqualTo(ALLOWED);
        assertThat(r.header("access-control-allow-credentials")).isEqualTo("true");
        assertThat(r.headers("vary")).containsExactly("Origin");
    }

    @Test
    void preflightForAPathWithoutAnOptionsRouteIsAnsweredByTheChainNot405() throws Exception {
        RawHttpClient.Response r = send(preflight("/open/elsewhere", ALLOWED));
        assertThat(r.status).isEqualTo(204);
        assertThat(r.header("access-control-allow-origin")).isEqualTo(ALLOWED);
    }
}
