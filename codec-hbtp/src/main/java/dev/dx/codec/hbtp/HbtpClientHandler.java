package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkPositive;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client end of RPC (spec §7): allocates sequences, writes RpcCall frames and completes each call's
 * {@link CompletableFuture} when the RpcResponse or RpcError with its sequence arrives, in any order.
 *
 * <pre>
 * p.addLast("hbtp", new HbtpClientCodec(config));
 * p.addLast("control", new HbtpControlHandler());
 * p.addLast("client", new HbtpClientHandler());
 * </pre>
 *
 * <p>Sequences: a 65,536-slot table; a sequence is never reused while its call waits for an answer. A
 * call that times out completes with {@link HbtpErrorCode#TIMEOUT} but keeps its sequence reserved until
 * the late answer arrives (then dropped) or the connection closes. When all 65,536 sequences are taken
 * a new call fails at once. Consumes RpcResponse and RpcError frames; passes every other frame on. An
 * exception in the pipeline fails every waiting call with it and closes the connection.
 * Calls may be made from any thread; the work runs on the channel's event loop and writes made in one
 * loop turn share a flush. Not {@code @Sharable}.
 */
public class HbtpClientHandler extends ChannelInboundHandlerAdapter {

    /** The number of sequences: every u16. */
    public static final int SEQUENCES = 65_536;

    private final long defaultTimeoutMillis;
    private final Pending[] slots = new Pending[SEQUENCES];
    private int inFlight;
    private int cursor;
    private ChannelHandlerContext ctx;
    private boolean flushScheduled;
    private boolean closed;
    private long unmatchedAnswers;
    private final Runnable flushTask = () -> {
        flushScheduled = false;
        ctx.flush();
    };

    /** Creates a handler whose calls time out after 30 seconds unless told otherwise. */
    public HbtpClientHandler() {
        this(30_000);
    }

    /** Creates a handler with the given default per-call timeout. */
    public HbtpClientHandler(long defaultTimeoutMillis) {
        this.defaultTimeoutMillis = checkPositive(defaultTimeoutMillis, "defaultTimeoutMillis");
    }

    private static final class Pending {
        final CompletableFuture<ByteBuf> future;
        ScheduledFuture<?> timeout;
        boolean timedOut;

        Pending(CompletableFuture<ByteBuf> future) {
            this.future = future;
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

    /**
     * Calls {@code route} with {@code arguments} (consumed). The future completes with the result, which
     * the caller must release, or exceptionally with {@link HbtpRpcException}.
     */
    public CompletableFuture<ByteBuf> call(int route, ByteBuf arguments) {
        return call(route, arguments, defaultTimeoutMillis);
    }

    /** Calls {@code route} with a per-call timeout. */
    public CompletableFuture<ByteBuf> call(int route, ByteBuf arguments, long timeoutMillis) {
        checkInRange(route, 0, 0xFFFF, "route");
        checkPositive(timeoutMillis, "timeoutMillis");
        CompletableFuture<ByteBuf> future = new CompletableFuture<>();
        EventExecutor loop = ctx.executor();
        if (loop.inEventLoop()) {
            callInLoop(route, arguments, timeoutMillis, future);
        } else {
            loop.execute(() -> callInLoop(route, arguments, timeoutMillis, future));
        }
        return future;
    }

    private void callInLoop(int route, ByteBuf arguments, long timeoutMillis, CompletableFuture<ByteBuf> future) {
        if (closed || !ctx.channel().isActive()) {
            arguments.release();
            future.completeExceptionally(new ClosedChannelException());
            return;
        }
        if (inFlight == SEQUENCES) {
            arguments.release();
            future.completeExceptionally(new IllegalStateException(
                    "all 65536 sequences are waiting for answers"));
            return;
        }
        int seq = cursor;
        while (slots[seq] != null) {
            seq = (seq + 1) & 0xFFFF;
        }
        cursor = (seq + 1) & 0xFFFF;
        Pending p = new Pending(future);
        slots[seq] = p;
        inFlight++;
        final int s = seq;
        p.timeout = ctx.executor().schedule(() -> timeOut(s, p), timeoutMillis, TimeUnit.MILLISECONDS);
        ctx.write(HbtpFrame.rpcCall(ctx.alloc(), seq, route, arguments), ctx.voidPromise());
        if (!flushScheduled) {
            flushScheduled = true;
            ctx.executor().execute(flushTask);
        }
    }

    private void timeOut(int seq, Pending p) {
        if (slots[seq] == p && !p.timedOut) {
            p.timedOut = true;
            p.future.completeExceptionally(new HbtpRpcException(HbtpErrorCode.TIMEOUT.code(), "no answer in time"));
        }
    }

    /** The number of calls holding a sequence (including timed-out calls still waiting). */
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
        if (p.timedOut) {
            frame.release();
            return;
        }
        if (op == HbtpOpcode.RPC_RESPONSE.code()) {
            ByteBuf result = frame.content();
            if (!p.future.complete(result)) {
                ReferenceCountUtil.release(frame);
            }
        } else {
            try {
                p.future.completeExceptionally(new HbtpRpcException(frame.errorCode(), frame.errorMessage()));
            } finally {
                frame.release();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        failAll(new ClosedChannelException());
        ctx.fireChannelInactive();
    }

    /**
     * Fails every waiting call with {@code cause} and closes the connection. Not passed on: this handler
     * is the client's end of the pipeline, and the calls carry the cause to their callers. A
     * {@link ClosedChannelException} (a call written while the connection was closing; calls are written
     * with the void promise, whose failures arrive here) only closes: those calls fail as the connection
     * goes inactive.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof ClosedChannelException)) {
            failAll(cause);
        }
        ctx.close();
    }

    private void failAll(Throwable cause) {
        for (int i = 0; i < SEQUENCES && inFlight > 0; i++) {
            Pending p = slots[i];
            if (p != null) {
                slots[i] = null;
                inFlight--;
                p.timeout.cancel(false);
                p.future.completeExceptionally(cause);
            }
        }
    }
}
