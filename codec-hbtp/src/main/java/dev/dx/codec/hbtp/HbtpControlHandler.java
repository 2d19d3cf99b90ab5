package dev.dx.codec.hbtp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Answers the control frames of HBTP (spec §4, §8, §11.4) and unknown opcodes.
 *
 * <pre>
 * p.addLast("hbtp", new HbtpServerCodec(config));
 * p.addLast("control", new HbtpControlHandler());
 * p.addLast("router", new HbtpRouter(routes));
 * </pre>
 *
 * <ul>
 *   <li>Ping: answered with Pong carrying the same sequence and body; the Ping is consumed.</li>
 *   <li>Pong: consumed and counted ({@link #pongsReceived()}); one that answers {@link #ping()} completes
 *       its future.</li>
 *   <li>Close: fires {@link HbtpPeerGoingAwayEvent} with its code and reason, is answered with Close
 *       (unless this side already sent one), then the channel is closed.</li>
 *   <li>GoAway (§11.4): fires {@link HbtpPeerGoingAwayEvent}; consumed.</li>
 *   <li>An opcode not in §4: with EXPECTS_RESPONSE answered by RpcError {@code UNKNOWN_OPCODE} and the
 *       frame's sequence; without, dropped and counted ({@link #unknownOpcodesDropped()}). The connection
 *       stays open either way.</li>
 *   <li>Every other frame is passed on unchanged.</li>
 * </ul>
 * Outbound it watches for Close: once a Close has been written, later writes fail and their messages
 * are released (§8: the sender of a Close sends nothing after it). Not {@code @Sharable}.
 */
public class HbtpControlHandler extends ChannelDuplexHandler {

    /** The sequence space of this handler's own Pings; bit 15 set, so they never meet a peer's. */
    private static final int PING_SEQUENCE_BASE = 0x8000;

    private boolean closeSent;
    private long unknownOpcodesDropped;
    private long pongsReceived;
    private ChannelHandlerContext ctx;
    private IntObjectHashMap<Ping> pings;
    private int nextPing;

    /** A Ping this handler sent and the future its Pong completes. */
    private record Ping(long sentNanos, CompletableFuture<Duration> future) {
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Sends a Ping (from any thread); the future completes with the round-trip time when its Pong
     * arrives, or fails with {@link ClosedChannelException} if the connection closes first.
     */
    public CompletableFuture<Duration> ping() {
        CompletableFuture<Duration> future = new CompletableFuture<>();
        if (ctx == null) {
            future.completeExceptionally(new IllegalStateException("not in a pipeline"));
            return future;
        }
        try {
            ctx.executor().execute(() -> pingInLoop(future));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new ClosedChannelException());
        }
        return future;
    }

    private void pingInLoop(CompletableFuture<Duration> future) {
        if (!ctx.channel().isActive() || closeSent) {
            future.completeExceptionally(new ClosedChannelException());
            return;
        }
        if (pings == null) {
            pings = new IntObjectHashMap<>();
        }
        if (pings.size() >= PING_SEQUENCE_BASE) {
            future.completeExceptionally(new IllegalStateException("32768 pings already waiting for Pongs"));
            return;
        }
        int seq;
        do {
            seq = PING_SEQUENCE_BASE | (nextPing++ & 0x7FFF);
        } while (pings.containsKey(seq));
        pings.put(seq, new Ping(System.nanoTime(), future));
        ctx.writeAndFlush(HbtpFrame.ping(seq, Unpooled.EMPTY_BUFFER), ctx.voidPromise());
    }

    private void pong(HbtpFrame frame) {
        Ping ping = pings == null ? null : pings.remove(frame.sequence());
        if (ping != null) {
            ping.future().complete(Duration.ofNanos(System.nanoTime() - ping.sentNanos()));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pings != null && !pings.isEmpty()) {
            for (Ping p : new ArrayList<>(pings.values())) {
                p.future().completeExceptionally(new ClosedChannelException());
            }
            pings.clear();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HbtpFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HbtpFrame frame = (HbtpFrame) msg;
        HbtpOpcode type = frame.type();
        if (type == null) {
            try {
                if (frame.hasFlag(HbtpFlags.EXPECTS_RESPONSE)) {
                    ctx.writeAndFlush(HbtpFrame.rpcError(ctx.alloc(), frame.sequence(),
                            HbtpErrorCode.UNKNOWN_OPCODE.code(),
                            "unknown opcode 0x" + Integer.toHexString(frame.opcode())));
                } else {
                    unknownOpcodesDropped++;
                }
            } finally {
                frame.release();
            }
            return;
        }
        switch (type) {
            case PING:
                // The Pong takes over the Ping's body. Releasing the Ping drops only its own reference:
                // the body lives on in the Pong, and the Ping frame goes back to its pool when that is freed.
                HbtpFrame pong = HbtpFrame.newInstance(HbtpOpcode.PONG, 0, frame.sequence(), frame.content().retain());
                frame.release();
                ctx.writeAndFlush(pong);
                return;
            case PONG:
                pongsReceived++;
                pong(frame);
                frame.release();
                return;
            case GO_AWAY:
                ctx.fireUserEventTriggered(goingAway(frame, false));
                return;
            case CLOSE:
                ctx.fireUserEventTriggered(goingAway(frame, true));
                if (closeSent) {
                    ctx.close();
                } else {
                    ctx.writeAndFlush(HbtpFrame.close()).addListener(ChannelFutureListener.CLOSE);
                }
                return;
            default:
                ctx.fireChannelRead(frame);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (closeSent) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalStateException("HBTP Close already sent"));
            return;
        }
        if (msg instanceof HbtpFrame && ((HbtpFrame) msg).opcode() == HbtpOpcode.CLOSE.code()) {
            closeSent = true;
        }
        ctx.write(msg, promise);
    }

    private static HbtpPeerGoingAwayEvent goingAway(HbtpFrame frame, boolean close) {
        try {
            return new HbtpPeerGoingAwayEvent(close, frame.errorCode(), frame.errorMessage());
        } finally {
            frame.release();
        }
    }

    /** Whether this side has written a Close. */
    public boolean isCloseSent() {
        return closeSent;
    }

    /** Frames with an unknown opcode and no EXPECTS_RESPONSE that were dropped. */
    public long unknownOpcodesDropped() {
        return unknownOpcodesDropped;
    }

    /** Pongs received. */
    public long pongsReceived() {
        return pongsReceived;
    }
}
