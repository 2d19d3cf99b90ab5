package dev.dx.cim.http;

import static dev.dx.cim.http.EmbeddedHttp.answer;
import static dev.dx.cim.http.EmbeddedHttp.bodyOf;
import static dev.dx.cim.http.EmbeddedHttp.pooled;
import static dev.dx.cim.http.EmbeddedHttp.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dx.common.DrainRequest;
import dev.dx.testing.RawHttpClient;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link CimHttpHandler} under a {@link DrainRequest}: the answer in flight still goes, then the connection closes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CimHttpHandlerDrainTest {

    private final List<HttpExchange> exchanges = new ArrayList<>();

    @Test
    void anIdleConnectionClosesAtOnce() {
        EmbeddedChannel ch = new EmbeddedChannel(new CimHttpHandler(exchanges::add));
        DrainRequest drain = DrainRequest.within(5, TimeUnit.SECONDS);
        ch.pipeline().fireUserEventTriggered(drain);
        assertThat(drain.isClaimed()).isTrue();
        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.finishAndReleaseAll()).isTrue(); // the empty buffer written before the close
    }

    @Test
    void theAnswerInFlightGoesWithCloseAndWaitingRequestsAreDropped() {
        EmbeddedChannel ch = new EmbeddedChannel(new CimHttpHandler(exchanges::add));
        FullHttpRequest waiting = request(HttpMethod.GET, "/2");
        ch.writeInbound(request(HttpMethod.GET, "/1"), waiting);
        ch.pipeline().fireUserEventTriggered(DrainRequest.within(5, TimeUnit.SECONDS));
        assertThat(waiting.refCnt()).isZero();
        assertThat(ch.isOpen()).isTrue();
        exchanges.get(0).respond(HttpResponseStatus.OK, pooled("last"), "text/plain");
        FullHttpResponse r = answer(ch);
        assertThat(r.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        assertThat(bodyOf(r)).isEqualTo("last");
        assertThat(ch.isOpen()).isFalse();
        assertThat(exchanges).hasSize(1);
        assertFalse(ch.finish());
    }

    @Test
    void theDeadlineClosesWhatIsLeft() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new CimHttpHandler(exchanges::add));
        ch.writeInbound(request(HttpMethod.GET, "/1"));
        ch.pipeline().fireUserEventTriggered(DrainRequest.within(0, TimeUnit.NANOSECONDS));
        Thread.sleep(1);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        exchanges.get(0).respond(HttpResponseStatus.OK, pooled("too late"), "text/plain");
        assertFalse(ch.finish());
    }

    @Test
    void reactorShutdownLetsTheAnswerInFlightFinish() throws Exception {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch dispatched = new CountDownLatch(1);
        HttpTestServer server = HttpTestServer.start(() -> new CimHttpHandler(x -> {
            dispatched.countDown();
            executor.schedule(() -> x.respond(HttpResponseStatus.OK, pooled("finished"), "text/plain"),
                    300, TimeUnit.MILLISECONDS);
        }));
        try (RawHttpClient busy = server.connect(); RawHttpClient idle = server.connect()) {
            busy.get("/slow");
            assertThat(dispatched.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(server::close);
            RawHttpClient.Response r = busy.read();
            assertThat(r.status).isEqualTo(200);
            assertThat(r.text()).isEqualTo("finished");
            assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            assertThat(busy.closedByServer()).isTrue();
            assertThat(idle.closedByServer()).isTrue();
            shutdown.get(20, TimeUnit.SECONDS);
        } finally {
            server.close();
            executor.shutdownNow();
        }
    }
}
