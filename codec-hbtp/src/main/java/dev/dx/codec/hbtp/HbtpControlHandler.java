package dev.dx.codec.hbtp;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers the control frames of HBTP/1 (spec §4, §8) and unknown opcodes.
 *
 * <pre>
 * p.addLast("hbtp", new HbtpServerCodec(config));
 * p.addLast("control", new HbtpControlHandler());
 * p.addLast("router", new HbtpRouter(routes));
 * </pre>
 *
 * <ul>
 *   <li>Ping: answered with Pong carrying the same sequence and body; the Ping is consumed.</li>
 *   <li>Pong: consumed and counted ({@link #pongsReceived()}).</li>
 *   <li>Close: answered with Close (unless this side already sent one), then the channel is closed.</li>
 *   <li>An opcode not in §4: with EXPECTS_RESPONSE answered by RpcError {@code UNKNOWN_OPCODE} and the
 *       frame's sequence; without, dropped and counted ({@link #unknownOpcodesDropped()}). The connection
 *       stays open either way.</li>
 *   <li>Every other frame is passed on unchanged.</li>
 * </ul>
 * Outbound it watches for Close: once a Close has been written, later writes fail and their messages
 * are released (§8: the sender of a Close sends nothing after it). Not {@code @Sharable}.
 */
public class HbtpControlHandler extends ChannelDuplexHandler {

    private boolean closeSent;
    private long unknownOpcodesDropped;
    private long pongsReceived;

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
                frame.release();
                return;
            case CLOSE:
                frame.release();
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
