package dev.dx.cim.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.cim.Exchange;
import dev.dx.cim.ListChain;
import dev.dx.cim.Recording;
import dev.dx.cim.Recording.Mode;
import dev.dx.cim.builtin.TimingMiddleware;
import dev.dx.codec.hbtp.HbtpCallOptions;
import dev.dx.codec.hbtp.HbtpClient;
import dev.dx.codec.hbtp.HbtpClientConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpMetadataKey;
import dev.dx.codec.hbtp.HbtpResponse;
import dev.dx.codec.hbtp.HbtpRouteHandler;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpRpcException;
import dev.dx.codec.hbtp.HbtpServerCodec;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Middleware chains in front of HBTP routes, over real sockets to a server on {@link DxReactor}: hook
 * order with synchronous and asynchronous handlers, short-circuits, failures in every hook, answer
 * metadata from after-hooks (spec §11.1), and chains applied to chosen routes only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CimHbtpSocketTest {

    private static final int SYNC = 1;
    private static final int ASYNC = 2;
    private static final int REJECTING = 3;
    private static final int THROWING_BEFORE = 4;
    private static final int THROWING_AFTER = 5;
    private static final int RPC_EXCEPTION = 6;
    private static final int UNCHOSEN = 7;
    private static final int CHOSEN = 8;

    private static final List<String> log = new CopyOnWriteArrayList<>();
    private static final ExecutorService worker = Executors.newSingleThreadExecutor();
    private static DxReactor reactor;
    private static Listener server;
    private static TimingMiddleware timing;
    private HbtpClient client;

    @BeforeAll
    static void start() {
        reactor = DxReactor.builder().workers(2).pinning(false).build().ignite();
        timing = new TimingMiddleware(reactor);
        HbtpRouteHandler echo = ex -> ex.respond(ex.arguments().retain());
        HbtpRouteHandler asyncEcho = ex -> {
            ByteBuf args = ex.arguments().retain();
            worker.execute(() -> {
                log.add("handler on " + (DxReactor.currentCore() == null ? "worker" : "core"));
                ex.respond(args);
            });
        };
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept(CimHbtp.interceptor(new ListChain<Exchange>(new Recording("x", log)), CHOSEN))
                .route(SYNC, CimHbtp.wrap(abc(Mode.CONTINUE, Mode.CONTINUE), echo))
                .route(ASYNC, CimHbtp.wrap(abc(Mode.CONTINUE, Mode.CONTINUE), asyncEcho))
                .route(REJECTING, CimHbtp.wrap(abc(Mode.REJECT, Mode.CONTINUE), echo))
                .route(THROWING_BEFORE, CimHbtp.wrap(abc(Mode.THROW, Mode.CONTINUE), echo))
                .route(THROWING_AFTER, CimHbtp.wrap(abc(Mode.THROW_IN_AFTER, Mode.CONTINUE), echo))
                .route(RPC_EXCEPTION, CimHbtp.wrap(abc(Mode.CONTINUE, Mode.CONTINUE), ex -> {
                    throw new HbtpRpcException(1001, "teapot");
                }))
                .route(UNCHOSEN, echo)
                .route(CHOSEN, echo)
                .build();
        server = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HbtpServerCodec(), new HbtpControlHandler(), new HbtpRouter(routes));
            }
        });
    }

    /** timing, a, b (in {@code bMode}), c (in {@code cMode}). */
    private static ListChain<Exchange> abc(Mode bMode, Mode cMode) {
        return new ListChain<>(timing, new Recording("a", log), new Recording("b", log, bMode),
                new Recording("c", log, cMode));
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
        if (reactor != null) {
            reactor.shutdownGracefully(Duration.ofSeconds(10));
        }
    }

    @BeforeEach
    void connect() throws Exception {
        log.clear();
        client = HbtpClient.connect(reactor.clientBootstrap(), server.localAddress(), new HbtpClientConfig())
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        client.closeFuture().get(10, TimeUnit.SECONDS);
    }

    private HbtpResponse call(int route) throws Exception {
        ByteBuf args = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes("hi".getBytes(StandardCharsets.UTF_8));
        return client.call(route, args, HbtpCallOptions.DEFAULT).get(10, TimeUnit.SECONDS);
    }

    private HbtpRpcException failure(int route) throws Exception {
        try {
            call(route).release();
            throw new AssertionError("route " + route + " answered");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(HbtpRpcException.class);
            return (HbtpRpcException) e.getCause();
        }
    }

    @Test
    void aSynchronousHandlerRunsBetweenTheBeforesAndTheReversedAfters() throws Exception {
        HbtpResponse r = call(SYNC);
        try {
            assertThat(r.result().toString(StandardCharsets.UTF_8)).isEqualTo("hi");
            assertThat(log).containsExactly("before:a", "before:b", "before:c", "after:c", "after:b", "after:a");
            assertThat(r.metadata().get(HbtpMetadataKey.ofString("x-after-a"))).isEqualTo("1");
            assertThat(r.metadata().get(HbtpMetadataKey.ofString("x-after-c"))).isEqualTo("1");
            assertThat(r.metadata().get(HbtpMetadataKey.ofString("x-response-time"))).matches("\\d+\\.\\d{3}");
        } finally {
            r.release();
        }
    }

    @Test
    void anAsynchronousHandlersAnswerRunsTheAftersOnItsThread() throws Exception {
        HbtpResponse r = call(ASYNC);
        try {
            assertThat(log).containsExactly("before:a", "before:b", "before:c", "handler on worker",
                    "after:c", "after:b", "after:a");
            assertThat(r.metadata().get(HbtpMetadataKey.ofString("x-response-time"))).isNotNull();
        } finally {
            r.release();
        }
        assertThat(timing.summary().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aShortCircuitRunsOnlyTheAftersBeforeIt() throws Exception {
        HbtpRpcException e = failure(REJECTING);
        assertThat(e.code()).isEqualTo(HbtpErrorCode.UNAUTHORIZED.code());
        assertThat(e.metadata().get(HbtpMetadataKey.ofString("x-rejected-by"))).isEqualTo("b");
        assertThat(e.metadata().get(HbtpMetadataKey.ofString("x-after-a"))).isEqualTo("1");
        assertThat(e.metadata().contains("x-after-b")).isFalse();
        assertThat(log).containsExactly("before:a", "before:b", "after:a");
    }

    @Test
    void aBeforeThatThrowsAnswersHandlerFailedAndTheEarlierAftersRun() throws Exception {
        HbtpRpcException e = failure(THROWING_BEFORE);
        assertThat(e.code()).isEqualTo(HbtpErrorCode.HANDLER_FAILED.code());
        assertThat(e.getMessage()).doesNotContain("broke");
        assertThat(log).containsExactly("before:a", "before:b", "after:a");
    }

    @Test
    void anAfterThatThrowsTurnsTheResponseIntoHandlerFailedAndTheOtherAftersRun() throws Exception {
        HbtpRpcException e = failure(THROWING_AFTER);
        assertThat(e.code()).isEqualTo(HbtpErrorCode.HANDLER_FAILED.code());
        assertThat(log).containsExactly("before:a", "before:b", "before:c", "after:c", "after:b", "after:a");
    }

    @Test
    void aHandlersRpcExceptionKeepsItsCode() throws Exception {
        HbtpRpcException e = failure(RPC_EXCEPTION);
        assertThat(e.code()).isEqualTo(1001);
        assertThat(log).containsExactly("before:a", "before:b", "before:c", "after:c", "after:b", "after:a");
    }

    @Test
    void anInterceptorChainRunsOnlyOnTheRoutesChosen() throws Exception {
        call(UNCHOSEN).release();
        assertThat(log).isEmpty();
        call(CHOSEN).release();
        assertThat(log).containsExactly("before:x", "after:x");
    }
}
