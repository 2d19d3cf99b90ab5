package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Spec §11.1, §11.2 and §11.4 end to end over real sockets on {@link DxReactor}: metadata both ways,
 * deadlines, cancellation, GoAway and drain, handler failures and answers after close.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HbtpRpcSemanticsTest {

    private static final int ECHO = 1;
    private static final int NEVER = 2;
    private static final int THROWS = 3;
    private static final int RPC_FAILS = 4;
    private static final int LATER = 5;
    private static final int PROXY = 6;

    private static DxReactor reactor;
    private static Listener server;
    private static Listener backend;
    /** Exchanges the NEVER route holds, for tests that answer late. */
    private static final List<HbtpExchange> held = new CopyOnWriteArrayList<>();
    private static final List<HbtpExchange> backendCalls = new CopyOnWriteArrayList<>();
    private static final AtomicInteger cancelSignals = new AtomicInteger();
    private static final AtomicReference<HbtpClient> backendClient = new AtomicReference<>();
    private final List<HbtpClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        reactor = DxReactor.builder().workers(2).pinning(false).build().ignite();
        HbtpRouteTable backendRoutes = HbtpRouteTable.builder()
                .route(NEVER, ex -> {
                    backendCalls.add(ex);
                    ex.onCancel(cancelSignals::incrementAndGet);
                })
                .build();
        backend = reactor.bind(new InetSocketAddress("127.0.0.1", 0), pipeline(backendRoutes, 4096));
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .route(ECHO, ex -> ex.respond(ex.arguments().retain(), HbtpMetadata.builder()
                        .add("seen-auth", String.valueOf(ex.metadata().get(HbtpMetadataKey.AUTHORIZATION))
                                .getBytes(StandardCharsets.UTF_8))
                        .add("remaining", Long.toString(ex.remainingMillis()).getBytes(StandardCharsets.UTF_8))
                        .build()))
                .route(NEVER, ex -> {
                    held.add(ex);
                    ex.onCancel(cancelSignals::incrementAndGet);
                })
                .route(THROWS, ex -> {
                    throw new IllegalStateException("password=hunter2");
                })
                .route(RPC_FAILS, ex -> {
                    throw new HbtpRpcException(1042, "quota used up");
                })
                .route(LATER, ex -> reactor.submit(() -> ex.respond(ex.arguments().retain())))
                .route(PROXY, ex -> backendClient.get()
                        .call(NEVER, ex.alloc().buffer().writeByte(1), ex.callOptions())
                        .whenComplete((r, t) -> {
                            if (r != null) {
                                ex.respond(r.content());
                            } else {
                                ex.fail(HbtpErrorCode.HANDLER_FAILED, "backend: " + t);
                            }
                        }))
                .build();
        server = reactor.bind(new InetSocketAddress("127.0.0.1", 0), pipeline(routes, 3));
        backendClient.set(HbtpClient.connect(reactor.clientBootstrap(), backend.localAddress(), new HbtpClientConfig())
                .get(10, TimeUnit.SECONDS));
    }

    private static ChannelInitializer<Channel> pipeline(HbtpRouteTable routes, int maxInFlight) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("hbtp", new HbtpServerCodec(new HbtpCodecConfig().maxMetadataLength(1024)))
                        .addLast("control", new HbtpControlHandler())
                        .addLast("router", new HbtpRouter(routes).maxCallsInFlight(maxInFlight));
            }
        };
    }

    @AfterAll
    static void stop() {
        HbtpClient c = backendClient.get();
        if (c != null) {
            c.close();
        }
        if (reactor != null) {
            reactor.shutdownGracefully(Duration.ofSeconds(10));
        }
    }

    @AfterEach
    void closeClients() throws Exception {
        for (HbtpClient c : clients) {
            c.close();
            c.closeFuture().get(10, TimeUnit.SECONDS);
        }
        for (HbtpExchange ex : held) {
            ex.fail(HbtpErrorCode.HANDLER_FAILED, "test over"); // no-ops for exchanges already ended
        }
        held.clear();
        backendCalls.clear();
    }

    private HbtpClient connect() throws Exception {
        return connect(server);
    }

    private HbtpClient connect(Listener to) throws Exception {
        HbtpClient c = HbtpClient.connect(reactor.clientBootstrap(), to.localAddress(),
                new HbtpClientConfig().callTimeoutMillis(30_000)).get(10, TimeUnit.SECONDS);
        clients.add(c);
        return c;
    }

    private static ByteBuf text(String s) {
        return PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static HbtpRpcException failure(CompletableFuture<?> f) {
        try {
            Object r = f.get(20, TimeUnit.SECONDS);
            io.netty.util.ReferenceCountUtil.release(r);
            throw new AssertionError("expected a failure, got " + r);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(HbtpRpcException.class);
            return (HbtpRpcException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 20 s");
            }
            Thread.sleep(5);
        }
    }

    /** §11.1: metadata travels on the call and on its answer; the handler and the caller read it. */
    @Test
    void metadataGoesBothWays() throws Exception {
        HbtpClient c = connect();
        HbtpResponse r = c.call(ECHO, text("hi"), HbtpCallOptions.DEFAULT
                .withMetadata(HbtpMetadata.of(HbtpMetadataKey.AUTHORIZATION, "Bearer t0k3n"))
                .withTimeout(Duration.ofSeconds(20))).get(20, TimeUnit.SECONDS);
        try {
            assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("hi");
            assertThat(new String(r.metadata().get("seen-auth"), StandardCharsets.UTF_8)).isEqualTo("Bearer t0k3n");
            long remaining = Long.parseLong(new String(r.metadata().get("remaining"), StandardCharsets.UTF_8));
            assertThat(remaining).isBetween(1L, 20_000L); // §11.2: the server saw a deadline
        } finally {
            r.release();
        }
        // a plain call has no deadline on the server
        HbtpResponse plain = c.call(ECHO, text("x"), HbtpCallOptions.DEFAULT).get(20, TimeUnit.SECONDS);
        try {
            assertThat(new String(plain.metadata().get("remaining"), StandardCharsets.UTF_8)).isEqualTo("-1");
            assertThat(new String(plain.metadata().get("seen-auth"), StandardCharsets.UTF_8)).isEqualTo("null");
        } finally {
            plain.release();
        }
    }

    /** §11.1: a block above the server's limit fails that call with RESOURCE_EXHAUSTED; the connection lives. */
    @Test
    void metadataAboveTheServerLimitFailsOnlyThatCall() throws Exception {
        HbtpClient c = connect();
        HbtpRpcException e = failure(c.call(ECHO, text("big"), HbtpCallOptions.DEFAULT
                .withMetadata(HbtpMetadata.builder().add("blob", new byte[2000]).build())));
        assertThat(e.errorCode()).isEqualTo(HbtpErrorCode.RESOURCE_EXHAUSTED);
        ByteBuf ok = c.call(ECHO, text("ok")).get(20, TimeUnit.SECONDS);
        ok.release();
        assertThat(c.inFlight()).isZero();
    }

    /**
     * §11.2: the deadline passes before the answer: the server answers TIMEOUT, signals cancellation to
     * the handler and drops the handler's late answer (released: the leak gate watches it); the client
     * frees the sequence on that one answer.
     */
    @Test
    void aDeadlineThatPassesBeforeTheAnswerEndsTheCallWithTimeout() throws Exception {
        HbtpClient c = connect();
        int signalsBefore = cancelSignals.get();
        // written by hand, so that no client-side timer races the server's deadline
        HbtpClientHandler h = c.channel().pipeline().get(HbtpClientHandler.class);
        c.channel().writeAndFlush(HbtpFrame.rpcCall(c.channel().alloc(), 61_000, NEVER,
                HbtpMetadata.of(HbtpMetadataKey.TIMEOUT, 100L), text("slow"))).sync();
        await(() -> held.size() == 1 && held.get(0).isDone());
        HbtpExchange ex = held.get(0);
        assertThat(ex.isCancelled()).isTrue();
        assertThat(ex.outcome()).isEqualTo(HbtpErrorCode.TIMEOUT.code());
        await(() -> cancelSignals.get() == signalsBefore + 1);
        await(() -> h.unmatchedAnswers() == 1); // the one answer, RpcError TIMEOUT, reached the client
        ex.respond(text("too late")); // dropped and released, no exception
        ByteBuf next = c.call(ECHO, text("next")).get(20, TimeUnit.SECONDS);
        assertThat(next.toString(StandardCharsets.UTF_8)).isEqualTo("next");
        next.release();
    }

    /**
     * §11.2 through the client: the caller sees TIMEOUT at its deadline; the server ends the call with
     * TIMEOUT or, when the client's RpcCancel gets there first, CANCELLED; either way the one answer
     * frees the sequence.
     */
    @Test
    void aClientTimeoutEndsTheCallOnBothSides() throws Exception {
        HbtpClient c = connect();
        HbtpRpcException e = failure(c.call(NEVER, text("slow"), HbtpCallOptions.DEFAULT.withTimeoutMillis(100)));
        assertThat(e.errorCode()).isEqualTo(HbtpErrorCode.TIMEOUT);
        await(() -> held.size() == 1 && held.get(0).isDone());
        assertThat(held.get(0).outcome()).isIn(HbtpErrorCode.TIMEOUT.code(), HbtpErrorCode.CANCELLED.code());
        await(() -> c.inFlight() == 0);
    }

    /** §11.2: a timeout of 0 has already expired: TIMEOUT without running the handler. */
    @Test
    void aZeroTimeoutIsAnsweredTimeoutWithoutRunningTheHandler() throws Exception {
        HbtpClient c = connect();
        assertThat(failure(c.call(NEVER, text("now"), HbtpCallOptions.DEFAULT.withTimeoutMillis(0))).errorCode())
                .isEqualTo(HbtpErrorCode.TIMEOUT);
        assertThat(held).isEmpty();
    }

    /** §11.2: an answer before the deadline is delivered, and the timer never fires. */
    @Test
    void anAnswerBeforeTheDeadlineWins() throws Exception {
        HbtpClient c = connect();
        HbtpResponse r = c.call(LATER, text("quick"), HbtpCallOptions.DEFAULT.withTimeoutMillis(10_000))
                .get(20, TimeUnit.SECONDS);
        assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("quick");
        r.release();
    }

    /** §11.2: cancelling the client's future sends RpcCancel; the handler sees it; CANCELLED frees the sequence. */
    @Test
    void cancellingTheFutureCancelsTheHandler() throws Exception {
        HbtpClient c = connect();
        CompletableFuture<ByteBuf> f = c.call(NEVER, text("cancel me"));
        await(() -> held.size() == 1);
        assertThat(f.cancel(false)).isTrue();
        HbtpExchange ex = held.get(0);
        await(ex::isCancelled);
        assertThat(ex.outcome()).isEqualTo(HbtpErrorCode.CANCELLED.code());
        await(() -> c.inFlight() == 0); // the CANCELLED answer arrived and freed the sequence
        ex.respond(text("ignored"));
    }

    /** §11.2: the remaining time and the cancellation pass on to a call made on the caller's behalf. */
    @Test
    void aHandlerPassesItsDeadlineAndCancellationOn() throws Exception {
        HbtpClient c = connect();
        int signalsBefore = cancelSignals.get();
        CompletableFuture<HbtpResponse> f = c.call(PROXY, text("via"), HbtpCallOptions.DEFAULT.withTimeoutMillis(15_000));
        await(() -> backendCalls.size() == 1);
        HbtpExchange downstream = backendCalls.get(0);
        assertThat(downstream.remainingMillis()).isBetween(1L, 15_000L);
        f.cancel(false);
        await(downstream::isCancelled); // client → server → backend, by RpcCancel twice
        await(() -> cancelSignals.get() >= signalsBefore + 1);
        assertThat(downstream.outcome()).isEqualTo(HbtpErrorCode.CANCELLED.code());
    }

    /**
     * §11.2 as a property: whatever the timing of cancel against the answer, each call ends with exactly one
     * outcome at the caller, the sequence comes back, and nothing leaks.
     */
    @Test
    void cancelRacingTheAnswerAlwaysEndsWithExactlyOneOutcome() throws Exception {
        HbtpClient c = connect();
        qt().withExamples(40).forAll(integers().between(0, 2_000)).checkAssert(delayMicros -> {
            CompletableFuture<ByteBuf> f = c.call(LATER, text("race"));
            long until = System.nanoTime() + delayMicros * 1_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            boolean cancelled = f.cancel(false);
            if (!cancelled) {
                ByteBuf r = f.join();
                assertThat(r.toString(StandardCharsets.UTF_8)).isEqualTo("race");
                r.release();
            } else {
                assertThat(f.isCancelled()).isTrue();
            }
            try {
                await(() -> c.inFlight() == 0);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
    }

    /** §11.2: a cancel for a sequence with no open call is ignored; the connection stays usable. */
    @Test
    void aCancelForNoOpenCallIsIgnored() throws Exception {
        HbtpClient c = connect();
        c.channel().writeAndFlush(HbtpFrame.rpcCancel(4242)).sync();
        ByteBuf r = c.call(ECHO, text("still here")).get(20, TimeUnit.SECONDS);
        assertThat(r.toString(StandardCharsets.UTF_8)).isEqualTo("still here");
        r.release();
    }

    /** A handler's exception is logged with its stack trace; the wire gets a generic HANDLER_FAILED. */
    @Test
    void aThrowingHandlerIsLoggedAndTheClientSeesAGenericMessage() throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(HbtpRouter.class.getName());
        log.addHandler(capture);
        try {
            HbtpClient c = connect();
            HbtpRpcException e = failure(c.call(THROWS, text("x")));
            assertThat(e.errorCode()).isEqualTo(HbtpErrorCode.HANDLER_FAILED);
            assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("IllegalState");
            await(() -> !records.isEmpty());
            assertThat(records.get(0).getThrown()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("hunter2");
            assertThat(records.get(0).getMessage()).contains("route");
            HbtpRpcException coded = failure(c.call(RPC_FAILS, text("x")));
            assertThat(coded.code()).isEqualTo(1042);
            assertThat(coded.rawMessage()).isEqualTo("quota used up");
        } finally {
            log.removeHandler(capture);
        }
    }

    /** Calls waiting for their handlers beyond the limit are refused with RESOURCE_EXHAUSTED. */
    @Test
    void callsBeyondTheInFlightLimitAreResourceExhausted() throws Exception {
        HbtpClient c = connect();
        List<CompletableFuture<ByteBuf>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(c.call(NEVER, text("hold " + i)));
        }
        await(() -> held.size() == 3);
        assertThat(failure(c.call(NEVER, text("one too many"))).errorCode())
                .isEqualTo(HbtpErrorCode.RESOURCE_EXHAUSTED);
        waiting.forEach(f -> f.cancel(false));
        await(() -> c.inFlight() == 0);
    }

    /** An answer after the connection closed is released, never thrown back at the handler. */
    @Test
    void anAnswerAfterTheConnectionClosedIsReleasedQuietly() throws Exception {
        HbtpClient c = connect();
        CompletableFuture<ByteBuf> f = c.call(NEVER, text("orphan"));
        await(() -> held.size() == 1);
        c.channel().close().sync();
        HbtpExchange ex = held.get(0);
        await(ex::isCancelled); // the connection went away: the handler is told
        assertThat(failure(f).code()).isEqualTo(HbtpRpcException.CONNECTION_CLOSED);
        ex.respond(text("nobody listens")); // released, no exception
        ex.fail(HbtpErrorCode.HANDLER_FAILED, "nobody listens either");
    }

    /**
     * §11.4: GoAway with a call in flight: the call is still answered, a new call gets SHUTTING_DOWN (the
     * client refuses it at once), then Close SHUTTING_DOWN ends the connection.
     */
    @Test
    void aDrainServesTheCallsInFlightThenCloses() throws Exception {
        HbtpClient c = connect();
        CompletableFuture<ByteBuf> inFlight = c.call(NEVER, text("finish me"));
        await(() -> held.size() == 1);
        HbtpRouter router = serverRouterOf(held.get(0));
        router.drain(10_000);
        await(() -> !c.isActive());
        HbtpRpcException refused = failure(c.call(ECHO, text("too late")));
        assertThat(refused.errorCode()).isEqualTo(HbtpErrorCode.SHUTTING_DOWN);
        assertThat(c.channel().isActive()).isTrue(); // still open: a call is in flight
        held.get(0).respond(text("done"));
        ByteBuf r = inFlight.get(20, TimeUnit.SECONDS);
        assertThat(r.toString(StandardCharsets.UTF_8)).isEqualTo("done");
        r.release();
        c.closeFuture().get(20, TimeUnit.SECONDS);
    }

    /** §11.4: a call that arrives after GoAway (sent before it was seen) is answered SHUTTING_DOWN. */
    @Test
    void aCallThatCrossesTheGoAwayIsAnsweredShuttingDown() throws Exception {
        HbtpClient c = connect();
        CompletableFuture<ByteBuf> hold = c.call(NEVER, text("hold"));
        await(() -> held.size() == 1);
        HbtpRouter router = serverRouterOf(held.get(0));
        CountDownLatch drained = new CountDownLatch(1);
        held.get(0).channel().eventLoop().execute(() -> {
            router.drain(10_000);
            drained.countDown();
        });
        drained.await(10, TimeUnit.SECONDS);
        // written by hand so that the client's own GoAway check cannot refuse it first
        HbtpClientHandler h = c.channel().pipeline().get(HbtpClientHandler.class);
        c.channel().writeAndFlush(HbtpFrame.rpcCall(c.channel().alloc(), 60_000, ECHO, text("crossing"))).sync();
        await(() -> h.unmatchedAnswers() == 1); // the SHUTTING_DOWN answer to the hand-written call
        held.get(0).respond(text("bye"));
        hold.get(20, TimeUnit.SECONDS).release();
        c.closeFuture().get(20, TimeUnit.SECONDS);
    }

    /** §11.4: when the grace period ends, the calls still open get SHUTTING_DOWN and the handler is cancelled. */
    @Test
    void theGracePeriodEndingAnswersOpenCallsShuttingDown() throws Exception {
        HbtpClient c = connect();
        CompletableFuture<ByteBuf> open = c.call(NEVER, text("forever"));
        await(() -> held.size() == 1);
        serverRouterOf(held.get(0)).drain(50);
        HbtpRpcException e = failure(open);
        assertThat(e.errorCode()).isEqualTo(HbtpErrorCode.SHUTTING_DOWN);
        assertThat(held.get(0).isCancelled()).isTrue();
        c.closeFuture().get(20, TimeUnit.SECONDS);
    }

    /** A GoAway or Close from the peer reaches the caller as a coded exception, never a bare close. */
    @Test
    void aCloseWithACodeFailsWaitingCallsWithThatCode() throws Exception {
        HbtpClient c = connect();
        CompletableFuture<ByteBuf> waiting = c.call(NEVER, text("w"));
        await(() -> held.size() == 1);
        Channel serverSide = held.get(0).channel();
        serverSide.writeAndFlush(HbtpFrame.close(serverSide.alloc(), HbtpErrorCode.UNAUTHORIZED.code(), "token expired"));
        HbtpRpcException e = failure(waiting);
        assertThat(e.errorCode()).isEqualTo(HbtpErrorCode.UNAUTHORIZED);
        assertThat(e.getMessage()).contains("token expired");
        c.closeFuture().get(20, TimeUnit.SECONDS);
        assertThat(c.isActive()).isFalse();
        assertThat(failure(c.call(ECHO, text("after"))).code()).isEqualTo(HbtpErrorCode.UNAUTHORIZED.code());
    }

    @Test
    void pingMeasuresARoundTrip() throws Exception {
        HbtpClient c = connect();
        Duration rtt = c.ping().get(20, TimeUnit.SECONDS);
        assertThat(rtt).isPositive();
        assertThat(c.channel().pipeline().get(HbtpControlHandler.class).pongsReceived()).isEqualTo(1);
    }

    private static HbtpRouter serverRouterOf(HbtpExchange exchange) {
        return exchange.channel().pipeline().get(HbtpRouter.class);
    }
}
