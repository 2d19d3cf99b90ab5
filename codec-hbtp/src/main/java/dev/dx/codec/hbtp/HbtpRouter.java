package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;

import dev.dx.codec.hbtp.internal.HbtpDrainState;
import dev.dx.common.DrainRequest;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches RpcCall frames to the handlers of an {@link HbtpRouteTable} (spec §7) and writes their
 * answers, with HBTP/1.1's deadlines, cancellation and graceful drain (§11.2, §11.4).
 *
 * <pre>
 * p.addLast("hbtp", new HbtpServerCodec(config));
 * p.addLast("control", new HbtpControlHandler());
 * p.addLast("router", new HbtpRouter(routes).maxCallsInFlight(1024));
 * </pre>
 *
 * <p>Consumes RpcCall and RpcStreamStart frames (each is released when its exchange completes),
 * RpcCancel and RpcStreamCredit, and passes every other message on. A start on a route with a
 * {@linkplain HbtpRouteTable.Builder#stream stream handler} opens an {@link HbtpServerStream}: the same
 * interceptors, deadline and cancellation as a call, chunks sent while the client's credit lasts
 * (§11.3), and RpcStreamEnd as its one answer. A grant that takes a stream's credit past 2^32-1 is
 * {@code BAD_FRAME}; a grant for no open stream is ignored. Answers:
 * <ul>
 *   <li>a route id with no handler: RpcError {@code ROUTE_NOT_FOUND};</li>
 *   <li>a handler that throws {@link HbtpRpcException} before completing: RpcError with the exception's
 *       code and message; any other exception is logged (SLF4J logger {@code dev.dx.codec.hbtp.HbtpRouter},
 *       with its stack trace) and answered {@code HANDLER_FAILED} with a generic message, so nothing the
 *       exception says reaches the client;</li>
 *   <li>more than {@link #maxCallsInFlight(int)} calls waiting for their handlers: {@code RESOURCE_EXHAUSTED};</li>
 *   <li>a call whose {@code hbtp-timeout} passes before its answer: {@code TIMEOUT}; a call cancelled by
 *       RpcCancel before its answer: {@code CANCELLED} (RpcCancel for a sequence with no open call is
 *       ignored);</li>
 *   <li>a call after GoAway: {@code SHUTTING_DOWN}.</li>
 * </ul>
 * Every call ends with exactly one answer. Handlers may complete later from any thread: the answer is
 * handed to the channel's event loop; an answer for a closed connection or a stopped loop is released.
 * A call whose sequence is still waiting for its answer (§7: the client must not reuse it) is
 * {@code BAD_FRAME}: Close, then the channel is closed. Answers written while a read is in progress are
 * flushed once at {@code channelReadComplete}, so pipelined calls share a flush.
 *
 * <h2>Drain (§11.4)</h2>
 * {@link #drain(long)} (or a {@link DrainRequest} user event, which {@code DxReactor.shutdownGracefully}
 * fires) sends GoAway {@code SHUTTING_DOWN}, answers later calls {@code SHUTTING_DOWN}, lets the calls
 * in flight finish (and the upload streams of an {@code HbtpStreamReceiver} on the same channel), then
 * sends Close {@code SHUTTING_DOWN} and closes. Calls and streams still open when the grace period ends
 * are answered {@code SHUTTING_DOWN} (and cancelled) first.
 *
 * <p>Not {@code @Sharable} (it keeps per-connection state); the table is shared.
 */
public class HbtpRouter extends ChannelInboundHandlerAdapter {

    /** The default {@link #maxCallsInFlight(int)}. */
    public static final int DEFAULT_MAX_CALLS_IN_FLIGHT = 4096;

    static final Logger LOG = LoggerFactory.getLogger(HbtpRouter.class);

    private final HbtpRouteTable routes;
    private int maxCallsInFlight = DEFAULT_MAX_CALLS_IN_FLIGHT;
    ChannelHandlerContext ctx;
    private boolean reading;
    private boolean needsFlush;
    private boolean failed;
    private boolean draining;
    private boolean closeSent;
    private ScheduledFuture<?> graceTimer;
    /** Calls whose handlers have not answered yet, by sequence; allocated on first use. */
    private IntObjectHashMap<RouterExchange> open;

    /** Creates a router over {@code routes}. */
    public HbtpRouter(HbtpRouteTable routes) {
        this.routes = checkNotNull(routes, "routes");
    }

    /**
     * Sets how many calls may wait for their handlers at once on this connection (default
     * {@value #DEFAULT_MAX_CALLS_IN_FLIGHT}); a call beyond it is answered {@code RESOURCE_EXHAUSTED}
     * without running its handler. Calls answered before their handler returns never count. Returns
     * {@code this}.
     */
    public HbtpRouter maxCallsInFlight(int maxCallsInFlight) {
        this.maxCallsInFlight = checkPositive(maxCallsInFlight, "maxCallsInFlight");
        return this;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HbtpFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HbtpFrame frame = (HbtpFrame) msg;
        int op = frame.opcode();
        if (op == HbtpOpcode.RPC_CALL.code()) {
            reading = true;
            start(ctx, frame, false);
        } else if (op == HbtpOpcode.RPC_CANCEL.code()) {
            cancel(frame);
        } else if (op == HbtpOpcode.RPC_STREAM_START.code()) {
            reading = true;
            start(ctx, frame, true);
        } else if (op == HbtpOpcode.RPC_STREAM_CREDIT.code()) {
            credit(ctx, frame);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /** An RpcCall, or an RpcStreamStart for a server stream: one exchange, the route's handler, one answer. */
    private void start(ChannelHandlerContext ctx, HbtpFrame call, boolean stream) {
        if (failed) {
            call.release();
            return;
        }
        int seq = call.sequence();
        if (open != null && open.containsKey(seq)) {
            // §7: a client must not reuse a sequence still waiting for its answer.
            call.release();
            fatal(ctx, "sequence " + seq + " reused while in flight");
            return;
        }
        if (draining) {
            refuse(call, HbtpErrorCode.SHUTTING_DOWN, "GoAway sent: no new calls");
            return;
        }
        if (open != null && open.size() >= maxCallsInFlight) {
            refuse(call, HbtpErrorCode.RESOURCE_EXHAUSTED, maxCallsInFlight + " calls already in flight");
            return;
        }
        RouterExchange exchange = stream ? new RouterStream(this, call) : new RouterExchange(this, call);
        if (exchange.timeoutMillis() == 0) {
            exchange.cancel(HbtpErrorCode.TIMEOUT, "deadline passed");
            return;
        }
        HbtpRouteHandler handler = stream ? routes.streamHandler(exchange.route()) : routes.handler(exchange.route());
        if (handler == null) {
            exchange.fail(HbtpErrorCode.ROUTE_NOT_FOUND, (stream ? "no stream route " : "no route ") + exchange.route());
            return;
        }
        try {
            handler.handle(exchange);
        } catch (Throwable t) {
            handlerFailed(exchange, t);
        }
        if (!exchange.isDone()) {
            track(exchange);
        }
    }

    /** §11.3: RpcStreamCredit from the client for one of its open server streams. */
    private void credit(ChannelHandlerContext ctx, HbtpFrame frame) {
        int seq = frame.sequence();
        long credits = frame.credits();
        frame.release();
        RouterExchange exchange = open == null ? null : open.get(seq);
        if (!(exchange instanceof RouterStream)) {
            return; // no open stream: ignored
        }
        if (!((RouterStream) exchange).grant(credits)) {
            fatal(ctx, "RpcStreamCredit of " + credits + " takes stream " + seq + " past 2^32-1 credits");
        }
    }

    private void fatal(ChannelHandlerContext ctx, String message) {
        failed = true;
        ctx.writeAndFlush(HbtpFrame.close(ctx.alloc(), HbtpErrorCode.BAD_FRAME.code(), message))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void refuse(HbtpFrame call, HbtpErrorCode code, String message) {
        int seq = call.sequence();
        call.release();
        write(HbtpFrame.rpcError(ctx.alloc(), seq, code.code(), message));
    }

    /** The call stayed open after its handler returned: keep it findable, and time it. */
    private void track(RouterExchange exchange) {
        if (open == null) {
            open = new IntObjectHashMap<>();
        }
        open.put(exchange.sequence(), exchange);
        exchange.tracked = true;
        long deadline = exchange.deadlineNanos();
        if (deadline != HbtpExchange.NO_DEADLINE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                exchange.cancel(HbtpErrorCode.TIMEOUT, "deadline passed");
            } else {
                exchange.timer(ctx.executor().schedule(
                        () -> exchange.cancel(HbtpErrorCode.TIMEOUT, "deadline passed"), left, TimeUnit.NANOSECONDS));
            }
        }
    }

    /** §11.2: RpcCancel for an open call cancels it; for anything else it is ignored. */
    private void cancel(HbtpFrame frame) {
        int seq = frame.sequence();
        frame.release();
        RouterExchange exchange = open == null ? null : open.get(seq);
        if (exchange != null) {
            exchange.cancel(HbtpErrorCode.CANCELLED, "cancelled");
        }
    }

    /** A handler threw before completing: its own code for {@link HbtpRpcException}, else a logged failure. */
    static void handlerFailed(HbtpExchange exchange, Throwable t) {
        if (t instanceof HbtpRpcException) {
            HbtpRpcException e = (HbtpRpcException) t;
            exchange.fail(e.code(), e.rawMessage(), e.metadata());
            return;
        }
        LOG.warn("HBTP handler of route {} failed (call {} on {})", exchange.route(), exchange.sequence(),
                exchange.channel(), t);
        exchange.fail(HbtpErrorCode.HANDLER_FAILED, "handler failed");
    }

    /** The number of calls whose handlers have not answered yet. */
    public int openCalls() {
        return open == null ? 0 : open.size();
    }

    /** Whether this router has sent GoAway and is draining. */
    public boolean isDraining() {
        return draining;
    }

    /**
     * Starts a graceful drain (§11.4), from any thread: GoAway {@code SHUTTING_DOWN} now, Close
     * {@code SHUTTING_DOWN} once the calls in flight are answered or {@code graceMillis} has passed (the
     * calls still open then are answered {@code SHUTTING_DOWN}). A second call does nothing more.
     *
     * @return the channel's close future
     */
    public ChannelFuture drain(long graceMillis) {
        EventExecutor loop = ctx.executor();
        if (loop.inEventLoop()) {
            drainInLoop(graceMillis);
        } else {
            try {
                loop.execute(() -> drainInLoop(graceMillis));
            } catch (RejectedExecutionException e) {
                // the loop has stopped: the connection is closed already
            }
        }
        return ctx.channel().closeFuture();
    }

    private void drainInLoop(long graceMillis) {
        if (draining || !ctx.channel().isActive()) {
            return;
        }
        draining = true;
        // run after the read that ended the last upload, not inside it
        drainState().startDraining(() -> ctx.executor().execute(this::closeIfDrained));
        ctx.writeAndFlush(HbtpFrame.goAway(ctx.alloc(), HbtpErrorCode.SHUTTING_DOWN.code(), "server draining"),
                ctx.voidPromise());
        if (closeIfDrained()) {
            return;
        }
        graceTimer = ctx.executor().schedule(this::graceOver, Math.max(0, graceMillis), TimeUnit.MILLISECONDS);
    }

    private void graceOver() {
        if (open != null) {
            for (RouterExchange e : new ArrayList<>(open.values())) {
                e.cancel(HbtpErrorCode.SHUTTING_DOWN, "grace period over");
            }
        }
        drainState().endUploads();
        closeDrained();
    }

    private HbtpDrainState drainState() {
        return HbtpDrainState.of(ctx.channel());
    }

    /** Closes once no call, server stream or upload stream is open any more; returns whether it did. */
    private boolean closeIfDrained() {
        if (openCalls() == 0 && drainState().openUploads() == 0) {
            closeDrained();
            return true;
        }
        return false;
    }

    private void closeDrained() {
        if (graceTimer != null) {
            graceTimer.cancel(false);
        }
        if (!closeSent && ctx.channel().isActive()) {
            closeSent = true;
            ctx.writeAndFlush(HbtpFrame.close(ctx.alloc(), HbtpErrorCode.SHUTTING_DOWN.code(), "drained"))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof DrainRequest) {
            DrainRequest request = (DrainRequest) evt;
            request.claim();
            drainInLoop(TimeUnit.NANOSECONDS.toMillis(request.remainingNanos()));
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * Drops the {@link ClosedChannelException} of an answer that was still queued when the connection
     * closed (answers are written with the void promise, whose failures arrive here): the caller has
     * gone and nothing is left to do. Every other exception is passed on.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ClosedChannelException && !ctx.channel().isActive()) {
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    /** The connection has gone: every open call is cancelled (nobody is left to answer). */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (graceTimer != null) {
            graceTimer.cancel(false);
        }
        if (open != null && !open.isEmpty()) {
            for (RouterExchange e : new ArrayList<>(open.values())) {
                e.cancel(HbtpErrorCode.CANCELLED, "connection closed");
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    /** Hands an exchange's answer to the event loop; releases it when no loop will take it. */
    void send(HbtpFrame answer, RouterExchange exchange) {
        EventExecutor loop = ctx.executor();
        if (loop.inEventLoop()) {
            sendInLoop(answer, exchange);
            return;
        }
        try {
            loop.execute(() -> sendInLoop(answer, exchange));
        } catch (RejectedExecutionException e) {
            answer.release(); // the loop has stopped, and the connection with it
        }
    }

    /** Hands a server stream's chunk to the event loop; released when the stream has ended meanwhile. */
    void sendChunk(HbtpFrame chunk, RouterStream stream) {
        EventExecutor loop = ctx.executor();
        if (loop.inEventLoop()) {
            writeChunk(chunk, stream);
            return;
        }
        try {
            loop.execute(() -> writeChunk(chunk, stream));
        } catch (RejectedExecutionException e) {
            chunk.release();
        }
    }

    private void writeChunk(HbtpFrame chunk, RouterStream stream) {
        if (stream.answerWritten) {
            chunk.release(); // the stream ended (or was cancelled) before this chunk reached the loop
            return;
        }
        write(chunk);
    }

    private void sendInLoop(HbtpFrame answer, RouterExchange exchange) {
        exchange.answerWritten = true;
        if (exchange.tracked) {
            exchange.tracked = false;
            open.remove(exchange.sequence());
            exchange.cancelTimer();
        }
        write(answer);
        if (draining) {
            closeIfDrained();
        }
    }

    private void write(HbtpFrame answer) {
        if (closeSent || !ctx.channel().isActive()) {
            answer.release(); // the caller has gone, or Close went out: nobody to answer
            return;
        }
        if (reading) {
            ctx.write(answer, ctx.voidPromise());
            needsFlush = true;
        } else {
            ctx.writeAndFlush(answer, ctx.voidPromise());
        }
    }
}
