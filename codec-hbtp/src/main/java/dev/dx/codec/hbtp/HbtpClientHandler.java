package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;

import dev.dx.codec.hbtp.stream.HbtpStreamInput;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <h2>Flushes</h2>
 * Calls may be made from any thread; the work runs on the channel's event loop, and frames written close
 * together share one flush, so that an HBTP/1.1 encoder with session keys puts them in one sealed Batch
 * (§12), the way Netty's {@code FlushConsolidationHandler} groups flushes:
 * <ul>
 *   <li>during a read (a call made from an answer's callback, which runs in {@code channelRead}): the
 *       read's {@code channelReadComplete} flushes, once, for everything the read's callbacks wrote;</li>
 *   <li>otherwise (from another thread, or from a task on the event loop): the first write queues one
 *       flush task behind the tasks already waiting, so a burst of calls from another thread, whose tasks
 *       reach the loop together, goes out in one write, while a lone call is flushed as soon as its own
 *       task has run, in the same turn of the loop.</li>
 * </ul>
 *
 * <p>Consumes RpcResponse and RpcError frames; passes every other frame on. Not {@code @Sharable}.
 */
public class HbtpClientHandler extends ChannelInboundHandlerAdapter {

    /** The number of sequences: every u16. */
    public static final int SEQUENCES = 65_536;

    private static final Logger LOG = LoggerFactory.getLogger(HbtpClientHandler.class);

    private final long defaultTimeoutMillis;
    /** Set by the constructor, or from a WebSocket's negotiated subprotocol; read by calls from any thread. */
    private volatile HbtpVersion peerVersion;
    private final Pending[] slots = new Pending[SEQUENCES];
    private int inFlight;
    private int cursor;
    private ChannelHandlerContext ctx;
    /** Event loop only: a flush task is queued for what was written outside a read. */
    private boolean flushScheduled;
    /** Event loop only: between a read's first channelRead and its channelReadComplete. */
    private boolean inRead;
    /** Event loop only: frames were written during the read; its channelReadComplete flushes them. */
    private boolean flushAfterRead;
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

    /** One call or stream holding a sequence. Event loop only, except the future. */
    private static final class Pending {
        /** The call's future; null for a stream. */
        final CallFuture<?> future;
        /** The stream; null for a call. */
        final StreamCall stream;
        final boolean holder;
        ScheduledFuture<?> timeout;
        boolean cancelSent;

        Pending(CallFuture<?> future, boolean holder) {
            this.future = future;
            this.stream = null;
            this.holder = holder;
        }

        Pending(StreamCall stream) {
            this.future = null;
            this.stream = stream;
            this.holder = false;
        }

        boolean isDone() {
            return future != null ? future.isDone() : stream.done;
        }

        /** Ends the call or stream with {@code e}; false when it had already ended. */
        boolean fail(HbtpRpcException e) {
            return future != null ? future.completeExceptionally(e) : stream.error(e);
        }

        void cancelTimer() {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
    }

    /** A server stream this client started (§11.3): its observer, the credit it granted, its end. */
    private final class StreamCall implements HbtpClientStream {
        final HbtpStreamObserver observer;
        /** Event loop only: chunks the server may still send, or -1 without credits. */
        long creditLeft;
        volatile boolean done;
        volatile int sequence = -1;
        volatile Pending pending;

        StreamCall(HbtpStreamObserver observer, long initialCredit) {
            this.observer = observer;
            this.creditLeft = initialCredit < 0 ? -1 : initialCredit;
        }

        @Override
        public void request(long n) {
            checkPositive(n, "n");
            onLoop(() -> grant(this, n));
        }

        @Override
        public void cancel() {
            onLoop(() -> {
                if (error(new HbtpRpcException(HbtpErrorCode.CANCELLED, "cancelled by the client"))) {
                    sendCancel(this);
                }
            });
        }

        @Override
        public boolean isDone() {
            return done;
        }

        /** Event loop: the last callback, once. */
        boolean error(HbtpRpcException e) {
            if (done) {
                return false;
            }
            done = true;
            try {
                observer.onError(e);
            } catch (Throwable t) {
                LOG.warn("the observer of stream {} threw in onError", sequence, t);
            }
            return true;
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

    /** Flushes what a read in progress wrote, since its channelReadComplete will no longer reach this handler. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (flushAfterRead) {
            flushAfterRead = false;
            ctx.flush();
        }
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
     * Sets the version of HBTP the peer is known to speak, in place of the constructor's; calls made
     * from now on follow it (§11.1). Over WebSocket the negotiated subprotocol sets it when the upgrade
     * completes ({@code hbtp.v1.1} gives {@link HbtpVersion#V1_1}, anything else {@link HbtpVersion#V1}).
     */
    public HbtpClientHandler peerVersion(HbtpVersion peerVersion) {
        this.peerVersion = checkNotNull(peerVersion, "peerVersion");
        return this;
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

    /**
     * Starts a server stream on {@code route} (§7, §11.3): RpcStreamStart with {@code options}' metadata
     * and timeout and, when {@code initialCredit} ≥ 0, {@code hbtp-credit} = {@code initialCredit}, so the
     * server sends at most that many chunks until {@link HbtpClientStream#request} grants more. A negative
     * {@code initialCredit} sends no credit: chunks are then paced by TCP only. Without a timeout in the
     * options the stream has none (the default call timeout does not apply). The stream's sequence comes
     * from the same table as calls'. Consumes {@code arguments}.
     */
    public HbtpClientStream stream(int route, ByteBuf arguments, HbtpCallOptions options, long initialCredit,
                                   HbtpStreamObserver observer) {
        checkNotNull(options, "options");
        checkNotNull(observer, "observer");
        if (initialCredit > RouterStream.MAX_CREDIT) {
            arguments.release();
            throw new IllegalArgumentException("initialCredit : " + initialCredit + " (expected: at most 2^32-1)");
        }
        try {
            checkInRange(route, 0, 0xFFFF, "route");
        } catch (IllegalArgumentException e) {
            arguments.release();
            throw e;
        }
        StreamCall stream = new StreamCall(observer, initialCredit);
        HbtpMetadata wire = options.wireMetadata();
        if (initialCredit >= 0) {
            wire = wire.with(HbtpMetadata.of(HbtpMetadataKey.CREDIT, initialCredit));
        }
        if (peerVersion != HbtpVersion.V1_1 && !wire.isEmpty()) {
            arguments.release();
            throw new IllegalStateException("stream credits, metadata and timeouts need an HBTP/1.1 peer");
        }
        HbtpMetadata metadata = wire;
        if (!onLoop(() -> streamInLoop(route, arguments, options.timeoutMillis(), metadata, stream))) {
            arguments.release();
            stream.done = true;
            observer.onError(connectionClosed(null));
            return stream;
        }
        if (options.cancellation() != null) {
            options.cancellation().onCancel(stream::cancel);
        }
        return stream;
    }

    private void streamInLoop(int route, ByteBuf arguments, long timeoutMillis, HbtpMetadata metadata,
                              StreamCall stream) {
        HbtpRpcException refused = stream.done ? null : refusal();
        if (stream.done || refused != null || inFlight == SEQUENCES) {
            arguments.release();
            stream.error(refused != null ? refused : new HbtpRpcException(HbtpErrorCode.RESOURCE_EXHAUSTED,
                    "all 65536 sequences are waiting for answers"));
            return;
        }
        Pending p = new Pending(stream);
        int seq = take(p);
        stream.sequence = seq;
        stream.pending = p;
        if (timeoutMillis >= 0) {
            p.timeout = ctx.executor().schedule(() -> timeOut(seq, p), timeoutMillis, TimeUnit.MILLISECONDS);
        }
        write(HbtpFrame.rpcStreamStart(ctx.alloc(), seq, route, metadata, arguments));
        try {
            stream.observer.onStart(stream);
        } catch (Throwable t) {
            if (stream.error(new HbtpRpcException(HbtpErrorCode.CANCELLED.code(), "the observer threw: " + t,
                    HbtpMetadata.EMPTY, t))) {
                sendCancel(stream);
            }
        }
    }

    /**
     * Sends an upload stream on {@code route} (§7): RpcStreamStart with {@code options}' metadata and
     * timeout, one RpcStreamChunk per chunk of {@code source}, then RpcStreamEnd. Chunks are read from
     * {@code source} only while the channel is writable, through the {@link ChunkedWriteHandler} that
     * {@link HbtpClient#initPipeline} installs in front of this handler (without one the future fails).
     * The future completes with the server's one answer for the stream (its RpcResponse, or RpcError as
     * an {@link HbtpRpcException}); the sequence comes from the same table as calls' and is freed by that
     * answer. An answer that arrives before the end (the server refused the stream, its deadline passed)
     * stops the chunks; so does cancelling the future, which sends RpcCancel (§11.2). Without a timeout in
     * the options the upload has none. Consumes {@code arguments} and {@code source}.
     */
    public CompletableFuture<HbtpResponse> upload(int route, ByteBuf arguments, ChunkedInput<ByteBuf> source,
                                                  HbtpCallOptions options) {
        checkNotNull(source, "source");
        checkNotNull(options, "options");
        try {
            checkInRange(route, 0, 0xFFFF, "route");
        } catch (IllegalArgumentException e) {
            arguments.release();
            closeQuietly(source);
            throw e;
        }
        HbtpMetadata wire = options.wireMetadata();
        if (peerVersion != HbtpVersion.V1_1 && !wire.isEmpty()) {
            arguments.release();
            closeQuietly(source);
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "metadata and timeouts need an HBTP/1.1 peer (this client is configured for HBTP/1)"));
        }
        CallFuture<HbtpResponse> future = new CallFuture<>(this);
        if (!onLoop(() -> uploadInLoop(route, arguments, source, wire, options.timeoutMillis(), future))) {
            arguments.release();
            closeQuietly(source);
            future.completeExceptionally(connectionClosed(null));
            return future;
        }
        if (options.cancellation() != null) {
            options.cancellation().onCancel(() -> future.cancel(false));
        }
        return future;
    }

    private void uploadInLoop(int route, ByteBuf arguments, ChunkedInput<ByteBuf> source, HbtpMetadata metadata,
                              long timeoutMillis, CallFuture<HbtpResponse> future) {
        HbtpRpcException refused = future.isDone() ? null : refusal();
        if (future.isDone() || refused != null || inFlight == SEQUENCES
                || ctx.pipeline().get(ChunkedWriteHandler.class) == null) {
            arguments.release();
            closeQuietly(source);
            future.completeExceptionally(refused != null ? refused
                    : inFlight == SEQUENCES ? new IllegalStateException("all 65536 sequences are waiting for answers")
                    : new IllegalStateException("an upload needs a ChunkedWriteHandler in front of HbtpClientHandler"));
            return;
        }
        Pending p = new Pending(future, true);
        int seq = take(p);
        future.sequence = seq;
        future.pending = p;
        if (timeoutMillis >= 0) {
            p.timeout = ctx.executor().schedule(() -> timeOut(seq, p), timeoutMillis, TimeUnit.MILLISECONDS);
        }
        HbtpStreamInput input = new HbtpStreamInput(seq, route, metadata, arguments, source);
        future.whenComplete((r, e) -> input.stop()); // answered, timed out or cancelled: no more chunks
        ctx.writeAndFlush(input).addListener(f -> {
            if (!f.isSuccess() && future.completeExceptionally(connectionClosed(f.cause()))) {
                sendCancel(seq, p);
            }
        });
    }

    private static void closeQuietly(ChunkedInput<?> input) {
        try {
            input.close();
        } catch (Exception e) {
            LOG.debug("closing an upload's input failed", e);
        }
    }

    /** Why no new call or stream can start now, or null. */
    private HbtpRpcException refusal() {
        HbtpPeerGoingAwayEvent away = goAway;
        if (away != null) {
            return new HbtpRpcException(away.code(), "the server sent GoAway: " + away.reason());
        }
        if (closed || !ctx.channel().isActive()) {
            return closeCause != null ? copy(closeCause) : connectionClosed(null);
        }
        return null;
    }

    /** Puts {@code p} in the first free slot from the cursor on and returns its sequence. */
    private int take(Pending p) {
        int seq = cursor;
        while (slots[seq] != null) {
            seq = (seq + 1) & 0xFFFF;
        }
        cursor = (seq + 1) & 0xFFFF;
        slots[seq] = p;
        inFlight++;
        return seq;
    }

    /** Grants the server more chunks on an open stream, cut to the §11.3 maximum. */
    private void grant(StreamCall stream, long n) {
        Pending p = stream.pending;
        if (stream.done || stream.creditLeft < 0 || p == null || slots[stream.sequence] != p) {
            return;
        }
        long fit = Math.min(n, RouterStream.MAX_CREDIT - stream.creditLeft);
        if (fit > 0 && !closed && ctx.channel().isActive()) {
            stream.creditLeft += fit;
            write(HbtpFrame.rpcStreamCredit(ctx.alloc(), stream.sequence, fit));
        }
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
        HbtpRpcException refused = refusal();
        if (refused != null) {
            arguments.release();
            future.completeExceptionally(refused);
            return;
        }
        if (inFlight == SEQUENCES) {
            arguments.release();
            future.completeExceptionally(new IllegalStateException("all 65536 sequences are waiting for answers"));
            return;
        }
        Pending p = new Pending(future, holder);
        int seq = take(p);
        future.sequence = seq;
        future.pending = p;
        final int s = seq;
        p.timeout = ctx.executor().schedule(() -> timeOut(s, p), timeoutMillis, TimeUnit.MILLISECONDS);
        write(HbtpFrame.rpcCall(ctx.alloc(), seq, route, metadata, arguments));
    }

    /** Writes {@code frame} and sees that it is flushed: at the end of the current read, or by one queued task. */
    private void write(HbtpFrame frame) {
        ctx.write(frame, ctx.voidPromise());
        if (inRead) {
            flushAfterRead = true;
        } else if (!flushScheduled) {
            flushScheduled = true;
            ctx.executor().execute(flushTask);
        }
    }

    private void timeOut(int seq, Pending p) {
        if (slots[seq] == p && p.fail(new HbtpRpcException(HbtpErrorCode.TIMEOUT.code(), "no answer in time"))) {
            sendCancel(seq, p);
        }
    }

    /** The caller cancelled: tell an HBTP/1.1 server, which answers and so frees the sequence. */
    private void sendCancel(CallFuture<?> future) {
        sendCancel(future.sequence, future.pending);
    }

    private void sendCancel(StreamCall stream) {
        sendCancel(stream.sequence, stream.pending);
    }

    private void sendCancel(int seq, Pending p) {
        if (p == null || slots[seq] != p) {
            return; // not started yet (the start will see it is done), or already answered
        }
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
        inRead = true;
        if (!(msg instanceof HbtpFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HbtpFrame frame = (HbtpFrame) msg;
        int op = frame.opcode();
        if (op == HbtpOpcode.RPC_STREAM_CHUNK.code()) {
            chunk(ctx, frame);
            return;
        }
        boolean end = op == HbtpOpcode.RPC_STREAM_END.code();
        if (!end && op != HbtpOpcode.RPC_RESPONSE.code() && op != HbtpOpcode.RPC_ERROR.code()) {
            ctx.fireChannelRead(frame);
            return;
        }
        Pending p = slots[frame.sequence()];
        if (p == null || end && p.stream == null) {
            unmatchedAnswers++;
            frame.release();
            return;
        }
        slots[frame.sequence()] = null;
        inFlight--;
        p.cancelTimer();
        if (p.isDone()) {
            frame.release(); // timed out or cancelled: the late answer only frees the sequence
            return;
        }
        if (op == HbtpOpcode.RPC_RESPONSE.code() && p.stream == null) {
            complete(p, frame); // the result takes over the frame's reference
            return;
        }
        try {
            if (op == HbtpOpcode.RPC_ERROR.code()) {
                p.fail(new HbtpRpcException(frame.errorCode(), frame.errorMessage(), frame.metadata(), null));
            } else {
                p.stream.done = true; // RpcStreamEnd (or an RpcResponse, read the same way)
                p.stream.observer.onEnd(frame.payload(), frame.metadata());
            }
        } catch (Throwable t) {
            LOG.warn("the observer of stream {} threw in onEnd", frame.sequence(), t);
        } finally {
            frame.release();
        }
    }

    /** Flushes, once, what the callbacks run during the read wrote (calls made as answers arrived). */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inRead = false;
        if (flushAfterRead) {
            flushAfterRead = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    /**
     * An RpcStreamChunk of a stream this client started: delivered while the stream is open, dropped after
     * a local cancel; a chunk beyond the granted credit is a fatal {@code BAD_FRAME} (§11.3).
     */
    private void chunk(ChannelHandlerContext ctx, HbtpFrame frame) {
        Pending p = slots[frame.sequence()];
        if (p == null || p.stream == null) {
            unmatchedAnswers++;
            frame.release();
            return;
        }
        StreamCall s = p.stream;
        try {
            if (s.creditLeft == 0) {
                violation(ctx, "RpcStreamChunk without credit on stream " + frame.sequence());
                return;
            }
            if (s.creditLeft > 0) {
                s.creditLeft--;
            }
            if (!s.done) {
                s.observer.onNext(frame.payload());
            }
        } catch (Throwable t) {
            if (s.error(new HbtpRpcException(HbtpErrorCode.CANCELLED.code(), "the observer threw: " + t,
                    HbtpMetadata.EMPTY, t))) {
                sendCancel(s);
            }
        } finally {
            frame.release();
        }
    }

    /** The server broke §11.3: Close {@code BAD_FRAME}, and every waiting call and stream fails with it. */
    private void violation(ChannelHandlerContext ctx, String message) {
        failAll(closeCause = new HbtpRpcException(HbtpErrorCode.BAD_FRAME, message));
        ctx.writeAndFlush(HbtpFrame.close(ctx.alloc(), HbtpErrorCode.BAD_FRAME.code(), message))
                .addListener(ChannelFutureListener.CLOSE);
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
                p.cancelTimer();
                p.fail(copy(first));
            }
        }
    }
}
