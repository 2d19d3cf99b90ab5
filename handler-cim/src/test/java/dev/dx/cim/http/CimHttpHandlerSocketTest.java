package dev.dx.cim.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.cim.Middleware;
import dev.dx.testing.RawHttpClient;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CimHttpHandler} and {@link CimHttpRouter} over real sockets on a {@code DxReactor}: keep-alive,
 * {@code Connection: close}, HTTP/1.0, HEAD, {@code Expect: 100-continue}, pipelining in order, routing
 * answers, and failures that answer 500 and keep the connection.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CimHttpHandlerSocketTest {

    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    private static final ExecutorService RACERS = Executors.newFixedThreadPool(2);
    private static ScheduledExecutorService executor;
    private static HttpTestServer server;

    @BeforeAll
    static void start() {
        executor = Executors.newSingleThreadScheduledExecutor();
        Middleware<HttpExchange> failingAfter = new Middleware<>() {
            @Override
            public boolean before(HttpExchange x) {
                return CONTINUE;
            }

            @Override
            public void after(HttpExchange x) {
                throw new IllegalStateException("after-hook failure for the test");
            }
        };
        CimHttpRouter router = CimHttpRouter.builder()
                .get("/hello", x -> text(x, "hello"))
                .post("/echo", x -> x.respond(HttpResponseStatus.OK, x.request().content().retain(), "text/plain"))
                .get("/slow", x -> {
                    EVENTS.add("dispatch slow");
                    executor.schedule(() -> {
                        EVENTS.add("answer slow");
                        text(x, "slow");
                    }, 150, TimeUnit.MILLISECONDS);
                })
                .get("/fast", x -> {
                    EVENTS.add("dispatch fast");
                    text(x, "fast");
                })
                .get("/async", x -> executor.execute(() -> text(x, "async")))
                .get("/race", x -> {
                    CountDownLatch go = new CountDownLatch(1);
                    for (int i = 0; i < 2; i++) {
                        String who = "racer " + i;
                        RACERS.execute(() -> {
                            try {
                                go.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            text(x, who);
                        });
                    }
                    go.countDown();
                })
                .get("/api/users/{id}", x -> text(x, "user " + x.pathParam("id")))
                .get("/api/users/me", x -> text(x, "me"))
                .get("/api/users/{id}/posts/{post}", x -> text(x, x.pathParam("id") + "/" + x.pathParam("post")))
                .delete("/api/users/{id}", x -> x.respond(HttpResponseStatus.NO_CONTENT, null, null))
                .get("/boom", x -> {
                    throw new IllegalStateException("handler failure for the test");
                })
                .route(io.netty.handler.codec.http.HttpMethod.GET, "/hook", HandChain.of(failingAfter),
                        x -> text(x, "never sent"))
                .build();
        server = HttpTestServer.start(() -> new CimHttpHandler(router));
    }

    @AfterAll
    static void stop() {
        server.close();
        executor.shutdownNow();
        RACERS.shutdownNow();
    }

    @BeforeEach
    void clearEvents() {
        EVENTS.clear();
    }

    static void text(HttpExchange x, String s) {
        x.respond(HttpResponseStatus.OK, ByteBufUtil.writeUtf8(x.channel().alloc(), s), "text/plain; charset=utf-8");
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        try (RawHttpClient c = server.connect()) {
            for (int i = 0; i < 3; i++) {
                RawHttpClient.Response r = c.get("/hello").read();
                assertThat(r.status).isEqualTo(200);
                assertThat(r.text()).isEqualTo("hello");
                assertThat(r.header("content-length")).isEqualTo("5");
                assertThat(r.header("connection")).isNull();
            }
            assertThat(c.get("/async").read().text()).isEqualTo("async");
        }
    }

    @Test
    void twoThreadsAnsweringAtOnceSendOneAnswer() throws Exception {
        try (RawHttpClient c = server.connect()) {
            for (int i = 0; i < 20; i++) {
                RawHttpClient.Response r = c.get("/race").read();
                assertThat(r.text()).startsWith("racer ");
            }
            // a second answer on the wire would be read here instead of this one
            assertThat(c.get("/hello").read().text()).isEqualTo("hello");
        }
    }

    @Test
    void jdkClientReusesOneConnection() throws Exception {
        int before = server.connections();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/users/" + i)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("user " + i);
        }
        assertThat(server.connections() - before).isEqualTo(1);
    }

    @Test
    void connectionCloseIsAnsweredThenClosed() throws Exception {
        try (RawHttpClient c = server.connect()) {
            RawHttpClient.Response r = c.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
            assertThat(r.status).isEqualTo(200);
            assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void http10ClosesUnlessKeepAliveIsAsked() throws Exception {
        try (RawHttpClient c = server.connect()) {
            RawHttpClient.Response r = c.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(r.text()).isEqualTo("hello");
            assertThat(r.header("connection")).isEqualToIgnoringCase("keep-alive");
            r = c.send("GET /hello HTTP/1.0\r\n\r\n").read();
            assertThat(r.text()).isEqualTo("hello");
            assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void headHasTheGetHeadersAndNoBody() throws Exception {
        try (RawHttpClient c = server.connect()) {
            RawHttpClient.Response get = c.get("/api/users/42").read();
            RawHttpClient.Response head = c.send("HEAD /api/users/42 HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertThat(head.status).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo(get.header("content-length")).isEqualTo("7");
            assertThat(head.header("content-type")).isEqualTo(get.header("content-type"));
            assertThat(head.body).isEmpty();
            // had the HEAD answer carried a body, this answer would start inside it
            RawHttpClient.Response next = c.get("/hello").read();
            assertThat(next.status).isEqualTo(200);
            assertThat(next.text()).isEqualTo("hello");
        }
    }

    @Test
    void expectContinueGetsA100BeforeTheBodyIsSent() throws Exception {
        try (RawHttpClient c = server.connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawHttpClient.Response cont = c.read();
            assertThat(cont.status).isEqualTo(100);
            RawHttpClient.Response r = c.send("abcde").read();
            assertThat(r.status).isEqualTo(200);
            assertThat(r.text()).isEqualTo("abcde");
            // over the aggregator's limit: refused before the body is sent
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + (HttpTestServer.MAX_CONTENT + 1)
                    + "\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.read().status).isEqualTo(413);
        }
    }

    @Test
    void pipelinedAnswersKeepRequestOrderWhenTheFirstIsAnsweredLast() throws Exception {
        try (RawHttpClient c = server.connect()) {
            c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("slow");
            assertThat(c.read().text()).isEqualTo("fast");
            assertThat(c.read().text()).isEqualTo("hello");
            assertThat(EVENTS).containsExactly("dispatch slow", "answer slow", "dispatch fast");
        }
    }

    @Test
    void routerAnswers404And405WithAllow() throws Exception {
        try (RawHttpClient c = server.connect()) {
            RawHttpClient.Response r = c.get("/nowhere").read();
            assertThat(r.status).isEqualTo(404);
            r = c.send("POST /api/users/7 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").read();
            assertThat(r.status).isEqualTo(405);
            assertThat(r.header("allow")).isEqualTo("GET, DELETE, HEAD");
            r = c.send("DELETE /api/users/7 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(r.status).isEqualTo(204);
            assertThat(r.header("content-length")).isNull();
            assertThat(c.get("/hello").read().text()).isEqualTo("hello");
        }
    }

    @Test
    void pathParametersAreDecodedAndLiteralsWin() throws Exception {
        try (RawHttpClient c = server.connect()) {
            assertThat(c.get("/api/users/J%C3%BCrgen?x=1").read().text()).isEqualTo("user J\u00fcrgen");
            assertThat(c.get("/api/users/me").read().text()).isEqualTo("me");
            assertThat(c.get("/api/users/me/posts/a+b").read().text()).isEqualTo("me/a+b");
            RawHttpClient.Response bad = c.get("/api/users/%E0%A4").read();
            assertThat(bad.status).isEqualTo(400);
            assertThat(bad.text()).contains("{id}");
        }
    }

    @Test
    void aThrowingHandlerAnswers500AndTheConnectionStaysUsable() throws Exception {
        try (RawHttpClient c = server.connect()) {
            RawHttpClient.Response r = c.get("/boom").read();
            assertThat(r.status).isEqualTo(500);
            assertThat(r.text()).isEqualTo("handler failed");
            assertThat(r.header("connection")).isNull();
            assertThat(c.get("/hello").read().text()).isEqualTo("hello");
        }
    }

    @Test
    void aThrowingAfterHookTurnsTheAnswerInto500() throws Exception {
        try (RawHttpClient c = server.connect()) {
            RawHttpClient.Response r = c.get("/hook").read();
            assertThat(r.status).isEqualTo(500);
            assertThat(r.text()).isEqualTo("handler failed");
            assertThat(c.get("/hello").read().text()).isEqualTo("hello");
        }
    }

    @Test
    void aRequestThatFailsToDecodeGets400AndClose() throws Exception {
        try (RawHttpClient c = server.connect()) {
            RawHttpClient.Response r = c.send("GET /hello HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n").read();
            assertThat(r.status).isEqualTo(400);
            assertThat(r.text()).startsWith("bad request: ");
            assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void oversizedHeadersGet431AndClose() throws Exception {
        try (RawHttpClient c = server.connect()) {
            // HttpServerCodec's default header limit is 8192 bytes
            RawHttpClient.Response r = c.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9000)
                    + "\r\n\r\n").read();
            assertThat(r.status).isEqualTo(431);
            assertThat(r.text()).startsWith("request header fields too large: ");
            assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void anOversizedRequestLineGets414AndClose() throws Exception {
        try (RawHttpClient c = server.connect()) {
            // HttpServerCodec's default initial-line limit is 4096 bytes
            RawHttpClient.Response r = c.send("GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(r.status).isEqualTo(414);
            assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
