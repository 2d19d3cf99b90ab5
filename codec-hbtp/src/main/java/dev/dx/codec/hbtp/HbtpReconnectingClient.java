package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * An HBTP client that keeps one live connection to one of several servers and moves to the next when
 * the server drains (§11.4 GoAway) or the connection is lost: how callers ride through a rolling restart
 * of instances behind a load balancer. Opt-in: {@link HbtpClient} itself never reconnects.
 *
 * <pre>
 * HbtpReconnectingClient client = HbtpReconnectingClient.start(bootstrap, new HbtpReconnectConfig()
 *         .addresses(serverA, serverB)                       // round robin
 *         .initialBackoffMillis(100).maxBackoffMillis(10_000)
 *         .clientConfig(new HbtpClientConfig().callTimeoutMillis(5_000)));
 * ByteBuf result = client.call(7, args).join();              // waits for the first connection
 * try { ... } finally { result.release(); }
 * client.close();
 * </pre>
 *
 * <h2>Connections</h2>
 * {@link #start} returns at once and connects to the first address in the background. Each connection
 * is an ordinary {@link HbtpClient} (same pipeline, same {@link HbtpClientConfig}) on one event loop of
 * the bootstrap's group, which also runs every timer and every change of this client's state. Then:
 * <ul>
 *   <li>the server sends GoAway: the next address is connected to at once and new calls go there; the
 *       calls already on the draining connection finish on it, as the server serves them. (If a
 *       connection that answered nothing gets GoAway right after another one did, the next attempt
 *       waits the initial backoff instead, so a server that refuses everyone is not hammered.)</li>
 *   <li>the connection closes without GoAway (the server's Close, an I/O error, a crash): the next
 *       address is tried after the initial backoff;</li>
 *   <li>an attempt fails (refused, unreachable, handshake failed): the next address is tried after
 *       {@code min(max, initial · multiplier^n)} for the n-th failure in a row, spread by the jitter
 *       ({@link HbtpReconnectConfig}). A connection that comes up resets n.</li>
 * </ul>
 *
 * <h2>Calls</h2>
 * The {@code call} overloads mirror {@link HbtpClient}'s: the result must be released by the caller, the
 * arguments are consumed, and every failure is an {@link HbtpRpcException} with a code. A call made
 * while no connection takes calls <em>waits</em> for the next one, up to its timeout (the
 * {@link HbtpCallOptions} timeout, the {@code timeoutMillis} argument, or the connection settings'
 * {@link HbtpClientConfig#callTimeoutMillis()}; the clock runs from the call, across waiting and
 * resending). Then:
 * <ul>
 *   <li>{@code TIMEOUT}: no connection came in time (the message says so and the cause is the last
 *       failed attempt's exception, if any; such a call was never sent), or no answer came in time;</li>
 *   <li>{@code RESOURCE_EXHAUSTED}, at once: {@link HbtpReconnectConfig#maxWaitingCalls()} calls wait
 *       already;</li>
 *   <li>{@link HbtpRpcException#CONNECTION_CLOSED}: this client was closed (waiting calls, later calls),
 *       or the connection carrying the call was lost before the answer. A call that was sent is never
 *       sent again after a lost connection: it may have run.</li>
 *   <li>{@code SHUTTING_DOWN}: with {@link HbtpReconnectConfig#resendRefusedCalls(boolean)} off (the
 *       default), a call that crossed the server's GoAway or that its grace period cut short. With it on
 *       (for idempotent routes), such a call that a server answers {@code SHUTTING_DOWN} after its GoAway
 *       (a call that crossed the GoAway on the wire, or one the server's grace period cut short) is sent
 *       again on the next connection, within its timeout. To allow that, the arguments are held (not
 *       copied) until the call ends.</li>
 *   <li>anything else: as {@link HbtpClient} (the server's RpcError, a cancelled future).</li>
 * </ul>
 * Cancelling the future (or the options' {@link HbtpCancellation}) withdraws a waiting call or sends
 * RpcCancel for a sent one.
 *
 * <p>Thread-safe: calls and {@link #close()} may come from any thread. Each connection's pipeline gets
 * one more handler, {@code reconnect}, after {@code client}: it watches for GoAway and passes every
 * event on.
 */
public final class HbtpReconnectingClient implements AutoCloseable {

    private final HbtpReconnectConfig config;
    private final HbtpClientConfig clientConfig;
    private final List<SocketAddress> addresses;
    /** Every connection is registered on this loop, which also owns all the state below. */
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final long defaultTimeoutMillis;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

    /** The connection taking calls, or null. Written on the loop. */
    private volatile Connection current;
    private volatile boolean closeRequested;
    private volatile long connectAttempts;
    private volatile long resentCalls;
    /** Test hook: told every backoff (ms) the client waits before an attempt; set before the first one. */
    private LongConsumer backoffObserver;

    // loop only
    private final ArrayDeque<Call<?>> waiting = new ArrayDeque<>();
    private final Set<Connection> open = new HashSet<>();
    private boolean shut;
    private boolean connecting;
    private ScheduledFuture<?> retryTimer;
    private int nextAddress;
    private int failures;
    private boolean lastWasIdleGoAway;
    private Throwable lastFailure;

    private HbtpReconnectingClient(Bootstrap bootstrap, HbtpReconnectConfig config) {
        this.config = config;
        this.clientConfig = config.clientConfig();
        this.addresses = config.addresses();
        this.defaultTimeoutMillis = clientConfig.callTimeoutMillis();
        EventLoopGroup group = bootstrap.config().group();
        if (group == null) {
            throw new IllegalArgumentException("bootstrap : " + bootstrap + " (expected: a group set)");
        }
        this.loop = group.next();
        this.bootstrap = bootstrap.clone(loop);
    }

    /**
     * Starts a client that connects {@code bootstrap} (copied; the caller's is left unchanged) to the
     * first of {@code config}'s addresses in the background and returns at once; calls made before the
     * connection is up wait for it.
     *
     * @throws IllegalArgumentException when the settings do not fit together or the bootstrap has no group
     */
    public static HbtpReconnectingClient start(Bootstrap bootstrap, HbtpReconnectConfig config) {
        return start(bootstrap, config, null);
    }

    /** {@link #start(Bootstrap, HbtpReconnectConfig)} telling {@code backoffObserver} every backoff (tests). */
    static HbtpReconnectingClient start(Bootstrap bootstrap, HbtpReconnectConfig config, LongConsumer backoffObserver) {
        checkNotNull(bootstrap, "bootstrap");
        HbtpReconnectingClient client = new HbtpReconnectingClient(bootstrap,
                checkNotNull(config, "config").verifyAndSnapshot());
        client.backoffObserver = backoffObserver;
        if (!client.onLoop(client::connectNow)) {
            throw new IllegalStateException("the bootstrap's event loop has stopped");
        }
        return client;
    }

    /** Calls {@code route}; the result must be released by the caller. Consumes {@code arguments}. */
    public CompletableFuture<ByteBuf> call(int route, ByteBuf arguments) {
        return call(route, arguments, defaultTimeoutMillis);
    }

    /**
     * Calls {@code route} with a timeout kept on this side (not sent to the server), counted from now
     * across any wait for a connection.
     */
    public CompletableFuture<ByteBuf> call(int route, ByteBuf arguments, long timeoutMillis) {
        checkArguments(route, arguments);
        try {
            checkPositive(timeoutMillis, "timeoutMillis");
        } catch (IllegalArgumentException e) {
            arguments.release();
            throw e;
        }
        return start(new Call<>(route, arguments, null, timeoutMillis));
    }

    /**
     * Calls {@code route} with a timeout the server is told of (what is left of it when the call is
     * sent), metadata and a cancellation signal (§11.1, §11.2). The response carries the result and the
     * server's metadata; release it.
     */
    public CompletableFuture<HbtpResponse> call(int route, ByteBuf arguments, HbtpCallOptions options) {
        checkArguments(route, arguments);
        if (options == null) {
            arguments.release();
            throw new NullPointerException("options");
        }
        Call<HbtpResponse> call = start(new Call<>(route, arguments, options,
                options.hasTimeout() ? options.timeoutMillis() : defaultTimeoutMillis));
        if (options.cancellation() != null) {
            options.cancellation().onCancel(() -> call.cancel(false));
        }
        return call;
    }

    private static void checkArguments(int route, ByteBuf arguments) {
        checkNotNull(arguments, "arguments");
        try {
            checkInRange(route, 0, 0xFFFF, "route");
        } catch (IllegalArgumentException e) {
            arguments.release();
            throw e;
        }
    }

    private <T> Call<T> start(Call<T> call) {
        if (!onLoop(() -> begin(call))) {
            call.arguments.release();
            call.completeExceptionally(clientClosed());
        }
        return call;
    }

    /**
     * Whether a connection takes calls now: this client is open, connected, and its server has sent
     * neither GoAway nor Close. Calls made while it is false wait for the next connection.
     */
    public boolean isActive() {
        Connection c = current;
        return !closeRequested && c != null && c.client.isActive();
    }

    /** The address of the connection taking calls, or {@code null} while there is none. */
    public SocketAddress remoteAddress() {
        Connection c = current;
        return c == null ? null : c.address;
    }

    /**
     * Completes once {@link #close()} was called and every connection (the current one, draining ones, an
     * attempt under way) has closed.
     */
    public CompletableFuture<Void> closeFuture() {
        return closeFuture.copy();
    }

    /** The number of connection attempts made so far, successful or not. */
    public long connectAttempts() {
        return connectAttempts;
    }

    /** The number of times a call answered {@code SHUTTING_DOWN} after a GoAway was sent again. */
    public long resentCalls() {
        return resentCalls;
    }

    /**
     * Stops reconnecting, fails the waiting calls with {@link HbtpRpcException#CONNECTION_CLOSED}, and sends
     * Close on every connection (calls still waiting for answers fail the same way). Idempotent.
     */
    @Override
    public void close() {
        closeRequested = true;
        if (!onLoop(this::shutInLoop)) {
            closeFuture.complete(null); // the loop has stopped: its channels are closed already
        }
    }

    // ---------------------------------------------------------------- on the loop

    private void begin(Call<?> call) {
        call.timer = loop.schedule(() -> timeOut(call), call.timeoutMillis, TimeUnit.MILLISECONDS);
        dispatch(call);
    }

    private void dispatch(Call<?> call) {
        if (call.isDone()) {
            finish(call);
            return;
        }
        if (shut || closeRequested) {
            fail(call, clientClosed());
            return;
        }
        Connection c = current;
        if (c != null && c.takesCalls()) {
            send(c, call);
            return;
        }
        if (waiting.size() >= config.maxWaitingCalls()) {
            fail(call, new HbtpRpcException(HbtpErrorCode.RESOURCE_EXHAUSTED, config.maxWaitingCalls()
                    + " calls wait for a connection already"));
            return;
        }
        waiting.add(call);
    }

    private void send(Connection c, Call<?> call) {
        long remaining = call.remainingMillis();
        if (remaining <= 0) {
            fail(call, noAnswerInTime());
            return;
        }
        ByteBuf args = call.arguments.retainedDuplicate();
        CompletableFuture<?> inner;
        try {
            if (call.options == null) {
                inner = c.client.call(call.route, args, remaining);
            } else {
                HbtpCallOptions o = call.options;
                inner = c.client.call(call.route, args, o.hasTimeout() ? o.withTimeoutMillis(remaining) : o);
            }
        } catch (RuntimeException e) { // the connection consumed args
            fail(call, e);
            return;
        }
        call.inner = inner;
        call.sends++;
        inner.whenComplete((value, failure) -> {
            if (!onLoop(() -> answered(call, c, value, failure))) {
                ReferenceCountUtil.release(value); // the loop has stopped
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void answered(Call<?> call, Connection c, Object value, Throwable failure) {
        if (failure == null) {
            c.answered++;
            if (!((CompletableFuture<Object>) call).complete(value)) {
                ReferenceCountUtil.release(value); // timed out or cancelled meanwhile
            }
            finish(call);
            return;
        }
        call.inner = null;
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (call.isDone() || cause instanceof CancellationException) {
            finish(call);
            return;
        }
        if (config.resendRefusedCalls() && c.goAway && cause instanceof HbtpRpcException
                && ((HbtpRpcException) cause).code() == HbtpErrorCode.SHUTTING_DOWN.code()) {
            resentCalls++;
            dispatch(call); // never started (or cut short) by a draining server: the next connection takes it
            return;
        }
        fail(call, cause);
    }

    private void timeOut(Call<?> call) {
        if (call.isDone()) {
            return;
        }
        if (call.inner != null) {
            call.completeExceptionally(noAnswerInTime());
            call.inner.cancel(false); // RpcCancel to the server; answered() then finishes
            return;
        }
        waiting.remove(call);
        Throwable last = lastFailure;
        fail(call, new HbtpRpcException(HbtpErrorCode.TIMEOUT.code(), "no connection within " + call.timeoutMillis
                + (call.sends == 0 ? " ms (the call was not sent)" : " ms (the call was refused by a draining server)")
                + (last == null ? "" : "; last connection attempt: " + last), HbtpMetadata.EMPTY, last));
    }

    private void cancelled(Call<?> call) {
        if (call.inner != null) {
            call.inner.cancel(false);
        } else {
            waiting.remove(call);
            finish(call);
        }
    }

    private void fail(Call<?> call, Throwable cause) {
        call.completeExceptionally(cause);
        finish(call);
    }

    private static void finish(Call<?> call) {
        if (!call.finished) {
            call.finished = true;
            call.arguments.release();
            if (call.timer != null) {
                call.timer.cancel(false);
            }
        }
    }

    private void connectNow() {
        retryTimer = null;
        if (shut || connecting || current != null) {
            return;
        }
        connecting = true;
        connectAttempts++;
        SocketAddress address = addresses.get(nextAddress);
        nextAddress = (nextAddress + 1) % addresses.size();
        CompletableFuture<HbtpClient> f;
        try {
            f = HbtpClient.connect(bootstrap, address, clientConfig);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((client, failure) -> {
            if (!onLoop(() -> connected(address, client, failure)) && client != null) {
                client.close();
            }
        });
    }

    private void connected(SocketAddress address, HbtpClient client, Throwable failure) {
        connecting = false;
        if (failure != null) {
            lastFailure = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (shut) {
                completeCloseIfDone();
            } else {
                scheduleReconnect(failures++);
            }
            return;
        }
        Connection c = new Connection(client, address);
        open.add(c);
        client.channel().closeFuture().addListener(x -> onLoop(() -> closed(c)));
        if (shut) {
            client.close();
            return;
        }
        client.channel().pipeline().addLast("reconnect", c);
        current = c;
        failures = 0;
        lastFailure = null;
        if (!client.isActive()) { // GoAway or Close before the watcher was in place
            c.goAway = client.channel().isActive();
            ended(c, c.goAway);
            return;
        }
        while (!waiting.isEmpty() && c.takesCalls()) {
            send(c, waiting.poll());
        }
    }

    /** {@code c} takes no new calls: GoAway ({@code goAway}), or it closed. */
    private void ended(Connection c, boolean goAway) {
        if (c.ended) {
            return;
        }
        c.ended = true;
        if (current != c) {
            return;
        }
        current = null;
        if (shut) {
            return;
        }
        boolean idle = c.answered == 0;
        boolean immediate = goAway && !(idle && lastWasIdleGoAway);
        lastWasIdleGoAway = goAway && idle;
        if (immediate) {
            connectNow();
        } else {
            scheduleReconnect(failures++); // 0: a connection had come up
        }
    }

    private void closed(Connection c) {
        open.remove(c);
        ended(c, false);
        completeCloseIfDone();
    }

    private void scheduleReconnect(int failuresInARow) {
        long delay = config.backoffMillis(failuresInARow, ThreadLocalRandom.current().nextDouble());
        LongConsumer observer = backoffObserver;
        if (observer != null) {
            observer.accept(delay);
        }
        retryTimer = loop.schedule(this::connectNow, delay, TimeUnit.MILLISECONDS);
    }

    private void shutInLoop() {
        if (shut) {
            return;
        }
        shut = true;
        if (retryTimer != null) {
            retryTimer.cancel(false);
            retryTimer = null;
        }
        current = null;
        List<Call<?>> calls = new ArrayList<>(waiting);
        waiting.clear();
        for (Call<?> call : calls) {
            fail(call, clientClosed());
        }
        for (Connection c : new ArrayList<>(open)) {
            c.client.close();
        }
        completeCloseIfDone();
    }

    private void completeCloseIfDone() {
        if (shut && open.isEmpty() && !connecting) {
            closeFuture.complete(null);
        }
    }

    /** Runs {@code task} on the loop; false when the loop has stopped. */
    private boolean onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return true;
        }
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static HbtpRpcException clientClosed() {
        return new HbtpRpcException(HbtpRpcException.CONNECTION_CLOSED, "the client is closed");
    }

    private static HbtpRpcException noAnswerInTime() {
        return new HbtpRpcException(HbtpErrorCode.TIMEOUT, "no answer in time");
    }

    /**
     * One call, from the caller's side: its future, its arguments (held until it ends, so that it can be
     * sent again), its deadline and the call on a connection that carries it now. Fields other than the
     * future's are touched on the loop only.
     */
    private final class Call<T> extends CompletableFuture<T> {
        final int route;
        final ByteBuf arguments;
        final HbtpCallOptions options;
        final long timeoutMillis;
        final long deadlineNanos;
        ScheduledFuture<?> timer;
        CompletableFuture<?> inner;
        int sends;
        boolean finished;

        Call(int route, ByteBuf arguments, HbtpCallOptions options, long timeoutMillis) {
            this.route = route;
            this.arguments = arguments;
            this.options = options == null ? null : options.withCancellation(null); // this future carries it
            this.timeoutMillis = timeoutMillis;
            this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        }

        long remainingMillis() {
            long nanos = deadlineNanos - System.nanoTime();
            return nanos <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && !onLoop(() -> cancelled(this))) {
                finish(this); // the loop has stopped: nothing else touches the call
            }
            return cancelled;
        }
    }

    /**
     * One connection and its watcher: the last handler of its pipeline ({@code p.addLast("reconnect", c)},
     * after {@code client}). Notes the server's GoAway and passes every event and message on; releases
     * nothing. Not {@code @Sharable}. Fields are touched on the loop only.
     */
    private final class Connection extends ChannelInboundHandlerAdapter {
        final HbtpClient client;
        final SocketAddress address;
        /** The server sent GoAway: calls it answers SHUTTING_DOWN from then on were refused, not lost. */
        boolean goAway;
        boolean ended;
        long answered;

        Connection(HbtpClient client, SocketAddress address) {
            this.client = client;
            this.address = address;
        }

        boolean takesCalls() {
            return !ended && !goAway && client.isActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof HbtpPeerGoingAwayEvent && !((HbtpPeerGoingAwayEvent) evt).close()) {
                goAway = true;
                ended(this, true);
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
