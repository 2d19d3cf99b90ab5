package dev.dx.codec.hbtp.stream;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;

import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpOpcode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.HashMap;
import java.util.Map;

/**
 * Dispatches incoming streams (spec §7) to {@link HbtpStreamHandler}s by route id (a 65,536-slot table,
 * like RPC routes) and their chunks to the stream's {@link HbtpStreamConsumer} by sequence.
 *
 * <pre>
 * p.addLast("hbtp", new HbtpServerCodec(config));
 * p.addLast("control", new HbtpControlHandler());
 * p.addLast("streams", new HbtpStreamReceiver(64).route(3, uploadHandler));
 * p.addLast("router", new HbtpRouter(routes));
 * </pre>
 *
 * <p>Consumes and releases RpcStreamStart, RpcStreamChunk and RpcStreamEnd frames; passes every other
 * frame on. A start on a route without a handler is answered with RpcError {@code ROUTE_NOT_FOUND}; a
 * start beyond {@code maxOpenStreams}, or reusing the sequence of an open stream, with {@code BAD_FRAME}
 * as a non-fatal RpcError; chunks of an unknown sequence are dropped and counted. A consumer that throws
 * ends its stream with {@code HANDLER_FAILED}. Not {@code @Sharable}.
 */
public final class HbtpStreamReceiver extends ChannelInboundHandlerAdapter {

    private final HbtpStreamHandler[] handlers = new HbtpStreamHandler[65_536];
    private final Map<Integer, HbtpStreamConsumer> open = new HashMap<>();
    private final int maxOpenStreams;
    private long droppedChunks;

    /** Creates a receiver that allows {@code maxOpenStreams} streams at once on a connection. */
    public HbtpStreamReceiver(int maxOpenStreams) {
        this.maxOpenStreams = checkPositive(maxOpenStreams, "maxOpenStreams");
    }

    /** Registers the handler of {@code route}; returns {@code this}. */
    public HbtpStreamReceiver route(int route, HbtpStreamHandler handler) {
        handlers[checkInRange(route, 0, 0xFFFF, "route")] = checkNotNull(handler, "handler");
        return this;
    }

    /** The number of open streams. */
    public int openStreams() {
        return open.size();
    }

    /** Chunks whose sequence belonged to no open stream. */
    public long droppedChunks() {
        return droppedChunks;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HbtpFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HbtpFrame frame = (HbtpFrame) msg;
        int op = frame.opcode();
        if (op != HbtpOpcode.RPC_STREAM_START.code() && op != HbtpOpcode.RPC_STREAM_CHUNK.code()
                && op != HbtpOpcode.RPC_STREAM_END.code()) {
            ctx.fireChannelRead(frame);
            return;
        }
        try {
            int seq = frame.sequence();
            if (op == HbtpOpcode.RPC_STREAM_START.code()) {
                start(ctx, frame, seq);
                return;
            }
            HbtpStreamConsumer consumer = open.get(seq);
            if (consumer == null) {
                droppedChunks++;
                return;
            }
            try {
                if (op == HbtpOpcode.RPC_STREAM_CHUNK.code()) {
                    consumer.onChunk(frame.content());
                } else {
                    open.remove(seq);
                    consumer.onEnd(frame.content());
                }
            } catch (Exception e) {
                if (open.remove(seq) != null) {
                    consumer.onAbort();
                }
                error(ctx, seq, HbtpErrorCode.HANDLER_FAILED, String.valueOf(e.getMessage()));
            }
        } finally {
            frame.release();
        }
    }

    private void start(ChannelHandlerContext ctx, HbtpFrame frame, int seq) {
        int route = frame.route();
        HbtpStreamHandler handler = handlers[route];
        if (handler == null) {
            error(ctx, seq, HbtpErrorCode.ROUTE_NOT_FOUND, "no stream route " + route);
            return;
        }
        if (open.containsKey(seq) || open.size() >= maxOpenStreams) {
            error(ctx, seq, HbtpErrorCode.BAD_FRAME, open.containsKey(seq)
                    ? "stream sequence " + seq + " already open" : "too many open streams");
            return;
        }
        try {
            open.put(seq, checkNotNull(handler.open(ctx.channel(), seq, frame.arguments()), "consumer"));
        } catch (Exception e) {
            error(ctx, seq, HbtpErrorCode.HANDLER_FAILED, String.valueOf(e.getMessage()));
        }
    }

    private static void error(ChannelHandlerContext ctx, int seq, HbtpErrorCode code, String message) {
        ctx.writeAndFlush(HbtpFrame.rpcError(ctx.alloc(), seq, code.code(), message));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (HbtpStreamConsumer c : open.values()) {
            c.onAbort();
        }
        open.clear();
        ctx.fireChannelInactive();
    }
}
