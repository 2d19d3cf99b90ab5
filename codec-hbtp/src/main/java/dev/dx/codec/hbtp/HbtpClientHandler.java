package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client end of RPC (spec §7, §11): allocates sequences, writes RpcCall frames and completes each
 * call's {@link CompletableFuture} when the RpcResponse or RpcError with its sequence arrives, in any order.
 *
 * <pre>
 * p.addLast("hbtp", new HbtpClientCodec(config));
 * p.addLast("control", new HbtpControlHandler());
 * p.addLast("client", new HbtpClientHandler(30_000, HbtpVersion.V1_1));
 * </pre>
 *
 * <h2>Sequences</h2>
 * A 65,536-slot table; a sequence is freed only when its call's one answer arrives (§11.2), never
 * reused before. With an HBTP/1.1 peer a call that times out or is cancelled sends RpcCancel, which the
 * server answers (with {@code CANCELLED}, or the answer it was already sending), so its sequence comes
 * back; with an HBTP/1 peer it stays reserved until the late answer arrives or the connection closes.
 * When all 65,536 sequences are taken a new call fails at once.
 *
 * <h2>Failures</h2>
 * Every failure is an {@link HbtpRpcException} with a code: the server's RpcError; {@code TIMEOUT};
 * after the peer's GoAway, new calls fail with its code and reason (the calls already sent are still
 * answered, §11.4); the peer's Close, or this side's fatal protocol error, fails the waiting calls with
 * that code and reason; a connection lost without either fails them with
 * {@link HbtpRpcException#CONNECTION_CLOSED} and the I/O exception as cause. A cancelled future is
 * {@linkplain CompletableFuture#isCancelled() cancelled}.
 *
 * <p>Consumes RpcResponse and RpcError frames; passes every other frame on. Calls may be made from any
 * thread; the work runs on the channel's event loop and writes made in one loop turn share a flush. Not
 * {@code @Sharable}.
 */
public class HbtpClientHandler extends ChannelInboundHandlerAdapter {

    /** The number of sequences: every u16. */
    public static final int SEQUENCES = 65_536;

    private final long defaultTimeoutMillis;
    private final HbtpVersion peerVersion;
    private final Pending[] slots = new Pending[SEQUENCES];
    private int inFlight;
    private int cursor;
    private ChannelHandlerContext ctx;
    private boolean flushScheduled;
    private volatile boolean closed;
    /** Why new calls are refused after the peer's GoAway; null before. */
    private volatile HbtpPeerGoingAwayEvent goAway;
    /** The peer's Close or this side's fatal error, which fails the waiting calls; null before. */
    private HbtpRpcException closeCause;
    private long unmatchedAnswers;
    private final Runnable flushTask = () -> {
        flushScheduled = false;
        ctx.flush();
    };

    /** Creates a handler for an HBTP/1.1 peer whose calls time out after 30 seconds unless told otherwise. */
    public HbtpClientHandler() {
        this(30_000);
    }

    /** Creates a handler for an HBTP/1.1 peer with the given default per-call timeout. */
    public HbtpClientHandler(long defaultTimeoutMillis) {
        this(defaultTimeoutMillis, HbtpVersion.V1_1);
    }

    /**
     * Creates a handler with the given default per-call timeout for a peer of {@code peerVersion}: only an
     * HBTP/1.1 peer is sent metadata, {@code hbtp-timeout} and RpcCancel (§11.1).
     */
    public HbtpClientHandler(long defaultTimeoutMillis, HbtpVersion peerVersion) {
        this.defaultTimeoutMillis = checkPositive(defaultTimeoutMillis, "defaultTimeoutMillis");
        this.peerVersion = checkNotNull(peerVersion, "peerVersion");
    }

    /** One call holding a sequence. Event loop only, except the future. */
    private static final class Pending {
        final CallFuture<?> future;
        final boolean holder;
        ScheduledFuture<?> timeout;
        boolean cancelSent;

        Pending(CallFuture<?> future, boolean holder) {
            this.future = future;
            this.holder = holder;
        }
    }

    /** A call's future: cancelling it sends RpcCancel (§11.2). */
    private static final class CallFuture<T> extends CompletableFuture<T> {
        private final HbtpClientHandler handler;
        /** Set on the event loop once the call holds a sequence. */
        volatile int sequence = -1;
        volatile Pending pending;

        CallFuture(HbtpClientHandler handler) {
            this.handler = handler;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                handler.onLoop(() -> handler.sendCancel(this));
            }
            return cancelled;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The channel this handler serves. */
    public Channel channel() {
        return ctx.channel();
    }

    /** The version of HBTP the peer is known to speak. */
    public HbtpVersion peerVersion() {
        return peerVersion;
    }

    /**
     * Whether new calls can be made: the connection is open and the peer has sent neither GoAway nor
     * Close.
     */
    public boolean isAcceptingCalls() {
        return !closed && goAway == null && ctx != null && ctx.channel().isActive();
    }

    /**
     * Calls {@code route} with {@code arguments} (consumed). The future completes with the result, which
     * the caller must release, or exceptionally with {@link HbtpRpcException}.
     */
    public CompletableFuture<ByteBuf> call(int route, ByteBuf arguments) {
        return call(route, arguments, defaultTimeoutMillis);
    }

    /**
     * Calls {@code route} with a per-call timeout kept on this side only (use
     * {@link #call(int, ByteBuf, HbtpCallOptions)} to tell the server its deadline).
     */
    public CompletableFuture<ByteBuf> call(int route, ByteBuf arguments, long timeoutMillis) {
        checkPositive(timeoutMillis, "timeoutMillis");
        return start(route, arguments, timeoutMillis, HbtpMetadata.EMPTY, null, false);
    }

    /**
     * Calls {@code route} with {@code options} (§11.1, §11.2): its timeout goes on the wire as
     * {@code hbtp-timeout}, its metadata with the call, and its cancellation cancels the call. The future
     * completes with the response (result and metadata), which the caller must release.
     *
     * @throws IllegalStateException (through the future) when metadata or a timeout would have to be sent
     *         to an HBTP/1 peer; a timeout alone is then kept on this side
     */
    public CompletableFuture<HbtpResponse> call(int route, ByteBuf arguments, HbtpCallOptions options) {
        checkNotNull(options, "options");
        long timeout = options.hasTimeout() ? options.timeoutMillis() : defaultTimeoutMillis;
        HbtpMetadata wire;
        if (peerVersion == HbtpVersion.V1_1) {
            wire = options.wireMetadata();
        } else if (options.metadata().isEmpty()) {
            wire = HbtpMetadata.EMPTY;
        } else {
            checkInRange(route, 0, 0xFFFF, "route");
            arguments.release();
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "metadata needs an HBTP/1.1 peer (this client is configured for HBTP/1)"));
        }
        return start(route, arguments, timeout, wire, options.cancellation(), true);
    }

    private <T> CompletableFuture<T> start(int route, ByteBuf arguments, long timeoutMillis, HbtpMetadata metadata,
                                           HbtpCancellation cancellation, boolean holder) {
        try {
            checkInRange(route, 0, 0xFFFF, "route");
        } catch (IllegalArgumentException e) {
            arguments.release();
            throw e;
        }
        CallFuture<T> future = new CallFuture<>(this);
        if (!onLoop(() -> callInLoop(route, arguments, timeoutMillis, metadata, future, holder))) {
            arguments.release();
            future.completeExceptionally(connectionClosed(null));
            return future;
        }
        if (cancellation != null) {
            cancellation.onCancel(() -> future.cancel(false));
        }
        return future;
    }

    /** Runs {@code task} on the event loop; false when the loop has stopped. */
    private boolean onLoop(Runnable task) {
        EventExecutor loop = ctx.executor();
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

    private void callInLoop(int route, ByteBuf arguments, long timeoutMillis, HbtpMetadata metadata,
                            CallFuture<?> future, boolean holder) {
        if (future.isDone()) {
            arguments.release(); // cancelled before it was sent
            return;
        }
        HbtpPeerGoingAwayEvent away = goAway;
        if (away != null) {
            arguments.release();
            future.completeExceptionally(new HbtpRpcException(away.code(), "the server sent GoAway: " + away.reason()));
            return;
        }
        if (closed || !ctx.channel().isActive()) {
            arguments.release();
            future.completeExceptionally(closeCause != null ? copy(closeCause) : connectionClosed(null));
            return;
        }
        if (inFlight == SEQUENCES) {
            arguments.release();
            future.completeExceptionally(new IllegalStateException("all 65536 sequences are waiting for answers"));
            return;
        }
        int seq = cursor;
        while (slots[seq] != null) {
            seq = (seq + 1) & 0xFFFF;
        }
        cursor = (seq + 1) & 0xFFFF;
        Pending p = new Pending(future, holder);
        slots[seq] = p;
        inFlight++;
        future.sequence = seq;
        future.pending = p;
        final int s = seq;
        p.timeout = ctx.executor().schedule(() -> timeOut(s, p), timeoutMillis, TimeUnit.MILLISECONDS);
        write(HbtpFrame.rpcCall(ctx.alloc(), seq, route, metadata, arguments));
    }

    private void write(HbtpFrame frame) {
        ctx.write(frame, ctx.voidPromise());
        if (!flushScheduled) {
            flushScheduled = true;
            ctx.executor().execute(flushTask);
        }
    }

    private void timeOut(int seq, Pending p) {
        if (slots[seq] == p && p.future.completeExceptionally(
                new HbtpRpcException(HbtpErrorCode.TIMEOUT.code(), "no answer in time"))) {
            sendCancel(seq, p);
        }
    }

    /** The caller cancelled: tell an HBTP/1.1 server, which answers and so frees the sequence. */
    private void sendCancel(CallFuture<?> future) {
        Pending p = future.pending;
        int seq = future.sequence;
        if (p != null && slots[seq] == p) {
            sendCancel(seq, p);
        }
    }

    private void sendCancel(int seq, Pending p) {
        if (!p.cancelSent && peerVersion == HbtpVersion.V1_1 && !closed && ctx.channel().isActive()) {
            p.cancelSent = true;
            write(HbtpFrame.rpcCancel(seq));
        }
    }

    /** The number of calls holding a sequence (including timed-out or cancelled calls still waiting). */
    public int inFlight() {
        return inFlight;
    }

    /** Answers whose sequence matched no waiting call. */
    public long unmatchedAnswers() {
        return unmatchedAnswers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HbtpFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HbtpFrame frame = (HbtpFrame) msg;
        int op = frame.opcode();
        if (op != HbtpOpcode.RPC_RESPONSE.code() && op != HbtpOpcode.RPC_ERROR.code()) {
            ctx.fireChannelRead(frame);
            return;
        }
        Pending p = slots[frame.sequence()];
        if (p == null) {
            unmatchedAnswers++;
            frame.release();
            return;
        }
        slots[frame.sequence()] = null;
        inFlight--;
        p.timeout.cancel(false);
        if (p.future.isDone()) {
            frame.release(); // timed out or cancelled: the late answer only frees the sequence
            return;
        }
        if (op == HbtpOpcode.RPC_RESPONSE.code()) {
            complete(p, frame);
        } else {
            try {
                p.future.completeExceptionally(new HbtpRpcException(frame.errorCode(), frame.errorMessage(),
                        frame.metadata(), null));
            } finally {
                frame.release();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void complete(Pending p, HbtpFrame frame) {
        ByteBuf result = frame.payload(); // shares the frame's reference count: releasing it frees the frame
        Object value = p.holder ? new HbtpResponse(result, frame.metadata()) : result;
        if (!((CompletableFuture<Object>) p.future).complete(value)) {
            ReferenceCountUtil.release(value); // cancelled from another thread meanwhile
        }
    }

    /**
     * Turns the peer's GoAway into the refusal of new calls, and the peer's Close or this side's fatal
     * protocol error into the failure of the waiting ones, with the code and reason given.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof HbtpPeerGoingAwayEvent) {
            HbtpPeerGoingAwayEvent e = (HbtpPeerGoingAwayEvent) evt;
            if (e.close()) {
                failAll(closeCause = new HbtpRpcException(e.code(), "the server closed the connection: "
                        + (e.reason().isEmpty() ? "no reason given" : e.reason())));
            } else if (goAway == null) {
                goAway = e;
            }
        } else if (evt instanceof HbtpProtocolErrorEvent) {
            HbtpException cause = ((HbtpProtocolErrorEvent) evt).cause();
            failAll(closeCause = new HbtpRpcException(cause.errorCode().code(),
                    "the connection failed: " + cause.getMessage(), HbtpMetadata.EMPTY, cause));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        failAll(connectionClosed(new ClosedChannelException()));
        ctx.fireChannelInactive();
    }

    /**
     * Fails every waiting call with a {@link HbtpRpcException} caused by {@code cause} and closes the
     * connection. Not passed on: this handler is the client's end of the pipeline, and the calls carry
     * the cause to their callers. A {@link ClosedChannelException} (a call written while the connection
     * was closing; calls are written with the void promise, whose failures arrive here) only closes:
     * those calls fail as the connection goes inactive.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof ClosedChannelException)) {
            failAll(new HbtpRpcException(HbtpRpcException.CONNECTION_CLOSED, "the connection failed: " + cause,
                    HbtpMetadata.EMPTY, cause));
        }
        ctx.close();
    }

    private HbtpRpcException connectionClosed(Throwable cause) {
        return new HbtpRpcException(HbtpRpcException.CONNECTION_CLOSED, "the connection closed before the answer",
                HbtpMetadata.EMPTY, cause);
    }

    private static HbtpRpcException copy(HbtpRpcException e) {
        return new HbtpRpcException(e.code(), e.rawMessage(), e.metadata(), e.getCause());
    }

    private void failAll(HbtpRpcException failure) {
        HbtpRpcException first = closeCause != null ? closeCause : failure;
        for (int i = 0; i < SEQUENCES && inFlight > 0; i++) {
            Pending p = slots[i];
            if (p != null) {
                slots[i] = null;
                inFlight--;
                p.timeout.cancel(false);
                p.future.completeExceptionally(copy(first));
            }
        }
    }
}
