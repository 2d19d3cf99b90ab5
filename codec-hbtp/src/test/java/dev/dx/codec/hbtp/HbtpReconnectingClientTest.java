package dev.dx.codec.hbtp;

import static dev.dx.codec.hbtp.HbtpTestSupport.pooled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HbtpReconnectingClient} over real sockets on {@link DxReactor}: two server instances, one of which
 * drains (§11.4) or dies, and no server at all.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HbtpReconnectingClientTest {

    /** Answers "name:arguments". */
    private static final int WHO = 1;
    /** Holds the call in {@link Server#held} until the test answers it. */
    private static final int HOLD = 2;

    private static DxReactor reactor;
    private final List<Server> servers = new ArrayList<>();
    private final List<HbtpReconnectingClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        reactor = DxReactor.builder().workers(2).pinning(false).build().ignite();
    }

    @AfterAll
    static void stop() {
        if (reactor != null) {
            reactor.shutdownGracefully(Duration.ofSeconds(10));
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (HbtpReconnectingClient c : clients) {
            c.close();
            c.closeFuture().get(20, TimeUnit.SECONDS);
        }
        for (Server s : servers) {
            s.close();
        }
    }

    /** One server instance: its listener, the connections it accepted and the calls HOLD keeps. */
    private static final class Server implements AutoCloseable {
        final String name;
        final Listener listener;
        final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        final List<HbtpExchange> held = new CopyOnWriteArrayList<>();

        Server(String name) {
            this.name = name;
            HbtpRouteTable routes = HbtpRouteTable.builder()
                    .route(WHO, ex -> ex.respond(ex.alloc().buffer().writeBytes(
                            (name + ":" + ex.arguments().toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8))))
                    .route(HOLD, held::add)
                    .build();
            listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    channels.add(ch);
                    ch.pipeline().addLast("hbtp", new HbtpServerCodec())
                            .addLast("control", new HbtpControlHandler())
                            .addLast("router", new HbtpRouter(routes));
                }
            });
        }

        SocketAddress address() {
            return listener.localAddress();
        }

        /** The instance dies: no more connections, and those it had are cut without Close or GoAway. */
        void kill() {
            listener.close(Duration.ofSeconds(10));
            channels.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            for (HbtpExchange ex : held) {
                ex.fail(HbtpErrorCode.HANDLER_FAILED, "test over"); // no-op for exchanges already ended
            }
            kill();
        }
    }

    private Server server(String name) {
        Server s = new Server(name);
        servers.add(s);
        return s;
    }

    private HbtpReconnectingClient client(HbtpReconnectConfig config, Queue<Long> backoffs) {
        HbtpReconnectingClient c = HbtpReconnectingClient.start(reactor.clientBootstrap(), config,
                backoffs == null ? null : backoffs::add);
        clients.add(c);
        return c;
    }

    private static HbtpReconnectConfig config(SocketAddress... addresses) {
        return new HbtpReconnectConfig()
                .addresses(addresses)
                .initialBackoffMillis(20)
                .maxBackoffMillis(200)
                .resendRefusedCalls(true) // the test routes are idempotent
                .clientConfig(new HbtpClientConfig().callTimeoutMillis(20_000));
    }

    private static String answer(CompletableFuture<ByteBuf> f) throws Exception {
        ByteBuf r = f.get(30, TimeUnit.SECONDS);
        try {
            return r.toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    private static HbtpRpcException failure(CompletableFuture<?> f) {
        try {
            Object r = f.get(30, TimeUnit.SECONDS);
            ReferenceCountUtil.release(r);
            throw new AssertionError("expected a failure, got " + r);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(HbtpRpcException.class);
            return (HbtpRpcException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 30 s");
            }
            Thread.sleep(2);
        }
    }

    /** A loopback address where nothing listens: connections to it are refused. */
    private static SocketAddress deadAddress() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
    }

    /**
     * The rolling restart: calls flow to A; A drains with a call in flight; calls made before, during and
     * after the drain (from four threads, plain and with options) all succeed, now on B, while the call in
     * flight still finishes on A.
     */
    @Test
    void aDrainingServerHandsNewCallsToTheNextWhileItsCallInFlightFinishes() throws Exception {
        Server a = server("A");
        Server b = server("B");
        HbtpReconnectingClient client = client(config(a.address(), b.address()), null);
        assertThat(answer(client.call(WHO, pooled("first")))).isEqualTo("A:first");
        assertThat(client.remoteAddress()).isEqualTo(a.address());

        CompletableFuture<ByteBuf> inFlight = client.call(HOLD, pooled("held"), 90_000);
        await(() -> a.held.size() == 1);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger made = new AtomicInteger();
        AtomicInteger fromA = new AtomicInteger();
        AtomicInteger fromB = new AtomicInteger();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                boolean withOptions = t % 2 == 1;
                running.add(callers.submit(() -> {
                    while (!stop.get()) {
                        made.incrementAndGet();
                        try {
                            String who;
                            if (withOptions) {
                                HbtpResponse r = client.call(WHO, pooled("o"), HbtpCallOptions.DEFAULT
                                        .withTimeout(Duration.ofSeconds(20))).get(30, TimeUnit.SECONDS);
                                who = r.content().toString(StandardCharsets.UTF_8);
                                r.release();
                            } else {
                                who = answer(client.call(WHO, pooled("p")));
                            }
                            (who.startsWith("A:") ? fromA : fromB).incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                    return null;
                }));
            }
            await(() -> fromA.get() >= 50); // calls flow to A
            HbtpRouter router = a.held.get(0).channel().pipeline().get(HbtpRouter.class);
            router.drain(60_000);
            await(() -> fromB.get() >= 200 || !failures.isEmpty()); // new calls go to B
            stop.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            callers.shutdownNow();
        }
        assertThat(failures).as("calls lost in the drain").isEmpty();
        assertThat(fromA.get() + fromB.get()).isEqualTo(made.get());
        assertThat(client.remoteAddress()).isEqualTo(b.address());
        assertThat(client.connectAttempts()).isEqualTo(2); // A, then B at once: no failed attempt

        // the call in flight on A is still served there
        assertThat(inFlight).isNotDone();
        assertThat(b.held).isEmpty();
        HbtpExchange ex = a.held.get(0);
        ex.respond(ex.alloc().buffer().writeBytes("done on A".getBytes(StandardCharsets.UTF_8)));
        assertThat(answer(inFlight)).isEqualTo("done on A");
        await(() -> a.channels.isEmpty()); // A closed the drained connection
        assertThat(client.isActive()).isTrue();
        assertThat(answer(client.call(WHO, pooled("last")))).isEqualTo("B:last");
    }

    /**
     * A dies (listener closed, connections cut): the call it had fails CONNECTION_CLOSED (it may have run,
     * so it is not sent again), the client waits a backoff and reconnects to B, and a call made meanwhile
     * waits for B.
     */
    @Test
    void aLostConnectionReconnectsWithBackoffToTheNext() throws Exception {
        Server a = server("A");
        Server b = server("B");
        Queue<Long> backoffs = new ConcurrentLinkedQueue<>();
        HbtpReconnectingClient client = client(config(a.address(), b.address()).initialBackoffMillis(100), backoffs);
        assertThat(answer(client.call(WHO, pooled("1")))).isEqualTo("A:1");
        CompletableFuture<ByteBuf> onA = client.call(HOLD, pooled("cut"));
        await(() -> a.held.size() == 1);

        a.kill();
        assertThat(failure(onA).code()).isEqualTo(HbtpRpcException.CONNECTION_CLOSED);
        await(() -> !backoffs.isEmpty()); // the loss was seen; a reconnect is scheduled
        assertThat(backoffs.peek()).isBetween(80L, 120L); // the initial backoff, ±20% jitter

        assertThat(answer(client.call(WHO, pooled("2")))).isEqualTo("B:2");
        assertThat(client.remoteAddress()).isEqualTo(b.address());
        assertThat(client.connectAttempts()).isEqualTo(2);
        assertThat(b.held).isEmpty(); // the cut call was not sent again
    }

    /**
     * Nothing listens: attempts go round both addresses and back off exponentially up to the maximum; a call
     * fails with TIMEOUT naming the missing connection and the last attempt's error; closing stops it all.
     */
    @Test
    void withNoServerCallsFailCodedAndAttemptsBackOff() throws Exception {
        Queue<Long> backoffs = new ConcurrentLinkedQueue<>();
        HbtpReconnectingClient client = client(new HbtpReconnectConfig()
                .addresses(deadAddress(), deadAddress())
                .initialBackoffMillis(5).maxBackoffMillis(40).backoffMultiplier(2).jitter(0), backoffs);
        await(() -> backoffs.size() >= 6);
        assertThat(new ArrayList<>(backoffs).subList(0, 6)).containsExactly(5L, 10L, 20L, 40L, 40L, 40L);
        assertThat(client.connectAttempts()).isGreaterThanOrEqualTo(6);
        assertThat(client.isActive()).isFalse();

        HbtpRpcException e = failure(client.call(WHO, pooled("x"), 200));
        assertThat(e.errorCode()).isEqualTo(HbtpErrorCode.TIMEOUT);
        assertThat(e.getMessage()).contains("no connection within 200 ms", "not sent");
        assertThat(e.getCause()).isInstanceOf(ConnectException.class);

        CompletableFuture<ByteBuf> waiting = client.call(WHO, pooled("w"));
        client.close();
        assertThat(failure(waiting).code()).isEqualTo(HbtpRpcException.CONNECTION_CLOSED);
        assertThat(failure(client.call(WHO, pooled("after"))).getMessage()).contains("the client is closed");
        client.closeFuture().get(20, TimeUnit.SECONDS);
        long attempts = client.connectAttempts();
        int scheduled = backoffs.size();
        Thread.sleep(100); // several backoffs' worth: nothing more happens after close
        assertThat(client.connectAttempts()).isEqualTo(attempts);
        assertThat(backoffs).hasSize(scheduled);
    }

    /** The wait is bounded: beyond maxWaitingCalls a call fails at once; a cancelled waiting call is dropped. */
    @Test
    void waitingCallsAreBoundedAndCancellable() throws Exception {
        HbtpReconnectingClient client = client(new HbtpReconnectConfig()
                .addresses(deadAddress()).initialBackoffMillis(50).maxWaitingCalls(2), null);
        CompletableFuture<ByteBuf> first = client.call(WHO, pooled("1"));
        CompletableFuture<HbtpResponse> second = client.call(WHO, pooled("2"), HbtpCallOptions.DEFAULT);
        HbtpRpcException full = failure(client.call(WHO, pooled("3")));
        assertThat(full.errorCode()).isEqualTo(HbtpErrorCode.RESOURCE_EXHAUSTED);
        assertThat(first.cancel(false)).isTrue();
        HbtpRpcException fits = failure(client.call(WHO, pooled("4"), 50)); // the cancelled one left room
        assertThat(fits.errorCode()).isEqualTo(HbtpErrorCode.TIMEOUT);
        client.close();
        assertThat(failure(second).code()).isEqualTo(HbtpRpcException.CONNECTION_CLOSED);
    }

    /**
     * A call the drain's grace period cuts short is answered SHUTTING_DOWN: by default it is sent again on the
     * next connection; with resending off, the caller gets SHUTTING_DOWN.
     */
    @Test
    void aCallTheGracePeriodCutShortIsSentAgainUnlessTurnedOff() throws Exception {
        Server a = server("A");
        Server b = server("B");
        HbtpReconnectingClient resending = client(config(a.address(), b.address()), null);
        CompletableFuture<ByteBuf> call = resending.call(HOLD, pooled("again"));
        await(() -> a.held.size() == 1);
        a.held.get(0).channel().pipeline().get(HbtpRouter.class).drain(0);
        await(() -> b.held.size() == 1);
        HbtpExchange onB = b.held.get(0);
        assertThat(onB.arguments().toString(StandardCharsets.UTF_8)).isEqualTo("again");
        onB.respond(onB.alloc().buffer().writeBytes("B served".getBytes(StandardCharsets.UTF_8)));
        assertThat(answer(call)).isEqualTo("B served");
        assertThat(resending.resentCalls()).isEqualTo(1);

        Server c = server("C");
        HbtpReconnectingClient notResending = client(config(c.address(), b.address()).resendRefusedCalls(false), null);
        CompletableFuture<HbtpResponse> once = notResending.call(HOLD, pooled("once"), HbtpCallOptions.DEFAULT);
        await(() -> c.held.size() == 1);
        c.held.get(0).channel().pipeline().get(HbtpRouter.class).drain(0);
        assertThat(failure(once).errorCode()).isEqualTo(HbtpErrorCode.SHUTTING_DOWN);
        assertThat(b.held).hasSize(1);
        assertThat(notResending.resentCalls()).isZero();
    }

    @Test
    void configIsValidated() {
        HbtpReconnectConfig c = new HbtpReconnectConfig();
        assertThatThrownBy(() -> c.addresses(List.of())).hasMessage("addresses : [] (expected: at least one address)");
        assertThatThrownBy(() -> c.initialBackoffMillis(0)).hasMessage("initialBackoffMillis : 0 (expected: > 0)");
        assertThatThrownBy(() -> c.maxBackoffMillis(-1)).hasMessage("maxBackoffMillis : -1 (expected: > 0)");
        assertThatThrownBy(() -> c.backoffMultiplier(0.5)).hasMessageStartingWith("backoffMultiplier : 0.5");
        assertThatThrownBy(() -> c.backoffMultiplier(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.jitter(1.5)).hasMessage("jitter : 1.5 (expected: 0-1)");
        assertThatThrownBy(() -> c.maxWaitingCalls(0)).hasMessage("maxWaitingCalls : 0 (expected: > 0)");
        assertThatThrownBy(c::verifyAndSnapshot).hasMessageStartingWith("addresses : []");
        SocketAddress somewhere = new InetSocketAddress("127.0.0.1", 1);
        assertThatThrownBy(() -> c.addresses(somewhere).initialBackoffMillis(500).maxBackoffMillis(100).verifyAndSnapshot())
                .hasMessage("maxBackoffMillis : 100 (expected: >= initialBackoffMillis 500)");
        assertThatThrownBy(() -> HbtpReconnectingClient.start(new Bootstrap(), new HbtpReconnectConfig().addresses(somewhere)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backoffGrowsToTheMaximumWithinTheJitter() {
        HbtpReconnectConfig c = new HbtpReconnectConfig().initialBackoffMillis(100).maxBackoffMillis(1_000)
                .backoffMultiplier(3).jitter(0.5);
        assertThat(c.backoffMillis(0, 0.5)).isEqualTo(100);
        assertThat(c.backoffMillis(1, 0.5)).isEqualTo(300);
        assertThat(c.backoffMillis(2, 0.5)).isEqualTo(900);
        assertThat(c.backoffMillis(3, 0.5)).isEqualTo(1_000);
        assertThat(c.backoffMillis(10_000, 0.5)).isEqualTo(1_000);
        assertThat(c.backoffMillis(0, 0.0)).isEqualTo(50);
        assertThat(c.backoffMillis(0, 0.999_999)).isEqualTo(150);
        assertThat(c.jitter(0).backoffMillis(2, 0.9)).isEqualTo(900);
    }
}
