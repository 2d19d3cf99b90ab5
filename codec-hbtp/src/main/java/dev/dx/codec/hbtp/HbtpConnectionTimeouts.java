package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkPositiveOrZero;

import dev.dx.codec.hbtp.internal.HbtpCodecs;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has gone quiet, or that has left a frame half sent (a slowloris), with Close
 * {@code TIMEOUT} (spec §8, §9) naming the limit that ran out.
 *
 * <pre>
 * p.addLast("hbtp", new HbtpServerCodec(config));
 * p.addLast("timeouts", new HbtpConnectionTimeouts()        // right after the codec
 *         .idleTimeoutMillis(300_000)                       // defaults: 5 min
 *         .partialFrameTimeoutMillis(30_000));              //           30 s
 * p.addLast("control", new HbtpControlHandler());
 * p.addLast("router", new HbtpRouter(routes));
 * </pre>
 *
 * <ul>
 *   <li><b>Idle</b>: no frame read and none written for {@link #idleTimeoutMillis(long)}. Any frame
 *       counts, so a peer that keeps a quiet connection open sends a Ping now and then.</li>
 *   <li><b>Partial frame</b>: the HBTP decoder has held the bytes of an unfinished frame (half a header,
 *       or a header and part of its body) for {@link #partialFrameTimeoutMillis(long)} without a frame
 *       being completed. The limit bounds the time to receive one frame: raise it for peers that send
 *       frames of many megabytes over slow links. It does not run while the channel's {@code autoRead}
 *       is off: then this side is not reading, and the peer is not to blame.</li>
 * </ul>
 * A limit of 0 turns it off. Set both before the handler is added.
 *
 * <h2>Cost</h2>
 * Reading and writing a frame only increments a counter (nothing is allocated and no timer is reset per
 * frame). One periodic task per channel, every quarter of the shorter limit, compares the counters with
 * the last tick's and asks the decoder for {@link HbtpFrameDecoder#bufferedBytes()}. A change is seen at
 * the first tick after it, so a limit runs out no earlier than its value after the last frame (or the
 * first byte of the unfinished one) and at most two ticks later (one for the shorter limit, a multiple of
 * the tick).
 *
 * <h2>On expiry</h2>
 * The handler writes Close with {@code TIMEOUT} and a reason ("idle for 300000 ms", "a frame unfinished
 * for 30000 ms") through the whole pipeline (so {@link HbtpControlHandler} sees that Close was sent) and
 * closes the channel once it is written; if it cannot be written (a peer that does not read), the channel
 * is closed at the next tick.
 *
 * <p>Place it right after the HBTP codec, before any {@code ChunkedWriteHandler}, so that it sees every
 * frame both ways. The decoder is found in the pipeline in {@code handlerAdded}: an
 * {@link HbtpFrameDecoder} added on its own, or the one inside {@link HbtpServerCodec} or
 * {@link HbtpClientCodec}; with a partial-frame limit and no decoder, adding the handler fails with
 * {@link IllegalStateException}. Passes every message on unchanged and releases nothing. Not
 * {@code @Sharable}: it keeps per-channel counters.
 */
public final class HbtpConnectionTimeouts extends ChannelDuplexHandler {

    /** The default {@link #idleTimeoutMillis(long)}: 5 minutes. */
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 5 * 60 * 1000;
    /** The default {@link #partialFrameTimeoutMillis(long)}: 30 seconds. */
    public static final long DEFAULT_PARTIAL_FRAME_TIMEOUT_MILLIS = 30 * 1000;

    private long idleTimeoutMillis = DEFAULT_IDLE_TIMEOUT_MILLIS;
    private long partialFrameTimeoutMillis = DEFAULT_PARTIAL_FRAME_TIMEOUT_MILLIS;

    private ChannelHandlerContext ctx;
    private HbtpFrameDecoder decoder;
    private Future<?> ticks;
    private boolean stopped;
    private final Runnable tick = this::tick;
    private long idleNanos;
    private long partialNanos;

    private long framesRead;
    private long framesWritten;
    private long seenRead;
    private long seenWritten;
    private long activeAt;
    private boolean partial;
    private long partialSince;
    private long partialFramesRead;
    private String expired;

    /** Creates the handler with the default limits. */
    public HbtpConnectionTimeouts() {
    }

    /** Sets the idle limit in milliseconds (no frame read and none written); 0 turns it off. */
    public HbtpConnectionTimeouts idleTimeoutMillis(long idleTimeoutMillis) {
        this.idleTimeoutMillis = checkPositiveOrZero(idleTimeoutMillis, "idleTimeoutMillis");
        return this;
    }

    /** Sets the limit in milliseconds for receiving a frame once it has started; 0 turns it off. */
    public HbtpConnectionTimeouts partialFrameTimeoutMillis(long partialFrameTimeoutMillis) {
        this.partialFrameTimeoutMillis = checkPositiveOrZero(partialFrameTimeoutMillis, "partialFrameTimeoutMillis");
        return this;
    }

    /** The idle limit in milliseconds, 0 when off. */
    public long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    /** The partial-frame limit in milliseconds, 0 when off. */
    public long partialFrameTimeoutMillis() {
        return partialFrameTimeoutMillis;
    }

    /** The limit that closed this channel ("idle" or "partial frame"), or {@code null} if none did. */
    public String expiredLimit() {
        return expired;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        idleNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
        partialNanos = TimeUnit.MILLISECONDS.toNanos(partialFrameTimeoutMillis);
        if (partialNanos > 0) {
            decoder = HbtpCodecs.decoder(ctx.pipeline());
            if (decoder == null) {
                throw new IllegalStateException("no HbtpFrameDecoder in the pipeline: add "
                        + "HbtpConnectionTimeouts after the HBTP codec, or set partialFrameTimeoutMillis(0)");
            }
        }
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        framesRead++;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        framesWritten++;
        ctx.write(msg, promise);
    }

    private void start() {
        if (stopped || ticks != null || idleNanos == 0 && partialNanos == 0) {
            return;
        }
        activeAt = now();
        seenRead = framesRead;
        seenWritten = framesWritten;
        long shorter = idleNanos == 0 ? partialNanos : partialNanos == 0 ? idleNanos : Math.min(idleNanos, partialNanos);
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(1), shorter / 4);
        ticks = ctx.executor().scheduleAtFixedRate(tick, period, period, TimeUnit.NANOSECONDS);
    }

    private void stop() {
        stopped = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

    private long now() {
        return ctx.executor().ticker().nanoTime();
    }

    private void tick() {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (expired != null) {
            ctx.channel().close(); // the Close could not be written
            return;
        }
        long now = now();
        if (framesRead != seenRead || framesWritten != seenWritten) {
            seenRead = framesRead;
            seenWritten = framesWritten;
            activeAt = now;
        } else if (idleNanos > 0 && now - activeAt >= idleNanos) {
            expire("idle", "idle for " + idleTimeoutMillis + " ms");
            return;
        }
        if (partialNanos > 0) {
            if (decoder.bufferedBytes() == 0 || !ctx.channel().config().isAutoRead()) {
                partial = false;
            } else if (!partial || framesRead != partialFramesRead) {
                partial = true; // first seen now, or a frame completed since: time the one in progress
                partialSince = now;
                partialFramesRead = framesRead;
            } else if (now - partialSince >= partialNanos) {
                expire("partial frame", "a frame unfinished for " + partialFrameTimeoutMillis + " ms");
            }
        }
    }

    private void expire(String limit, String reason) {
        expired = limit;
        ctx.channel().writeAndFlush(HbtpFrame.close(ctx.alloc(), HbtpErrorCode.TIMEOUT.code(), reason))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
