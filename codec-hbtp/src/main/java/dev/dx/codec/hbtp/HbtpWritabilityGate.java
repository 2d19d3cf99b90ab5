package dev.dx.codec.hbtp;

import dev.dx.codec.hbtp.internal.HbtpReadGate;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Stops reading from a connection while it is unwritable, so a peer that sends calls (or Pings) but
 * does not read the answers cannot make this side queue them without bound: when the channel's
 * outbound buffer passes the high-water mark of its {@code WriteBufferWaterMark} (Netty's writability),
 * the gate turns {@code autoRead} off; when it falls below the low-water mark again, the gate turns it
 * back on. TCP flow control then holds the peer back.
 *
 * <pre>
 * p.addLast("hbtp", new HbtpServerCodec(config));
 * p.addLast("writability", new HbtpWritabilityGate());   // anywhere; it sees no frames
 * p.addLast("control", new HbtpControlHandler());
 * p.addLast("router", new HbtpRouter(routes));
 * </pre>
 *
 * <h2>What it bounds</h2>
 * Pausing reads stops new input, not the answers already owed. Writability turns off in the middle of
 * a read, while the router answers the frames decoded from it; the rest of that read's frames are still
 * decoded and answered, and so are calls that handlers answer later (from another thread), Pings and a
 * Close. So the bytes queued for the peer stay near the high-water mark plus the answers to one read's
 * worth of frames (the {@code RecvByteBufAllocator}'s read size divided by the wire size of a call,
 * times the size of its answer) plus whatever asynchronous handlers still owe. A compressed call can be
 * small on the wire and its answer large: the bound grows with that ratio.
 *
 * <h2>Working with other pauses</h2>
 * The gate and {@code HbtpStreamReceiver} pause through one shared per-channel read gate, each with its
 * own reason: {@code autoRead} is on only while neither needs it off, so the channel becoming writable
 * does not undo a stream's back-pressure and a drained stream does not resume reading on an unwritable
 * channel. If {@code autoRead} was already off when the first reason appeared (the application reads by
 * hand), the gate leaves it alone.
 *
 * <p>It releases and passes on nothing (it handles no messages, so frames skip it); removing it resumes
 * reading if it was the reason for the pause. Pausing reads pauses every call and stream of the
 * connection: HBTP has no per-call window on the wire. {@code @Sharable}: its state lives in the channel.
 */
@ChannelHandler.Sharable
public final class HbtpWritabilityGate extends ChannelInboundHandlerAdapter {

    /** Creates a gate; one instance may serve every channel. */
    public HbtpWritabilityGate() {
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isRegistered()) {
            update(ctx.channel());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        update(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        update(ctx.channel());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        HbtpReadGate.of(ctx.channel()).resume(HbtpReadGate.UNWRITABLE);
    }

    private static void update(Channel ch) {
        HbtpReadGate gate = HbtpReadGate.of(ch);
        if (ch.isWritable()) {
            gate.resume(HbtpReadGate.UNWRITABLE);
        } else {
            gate.pause(HbtpReadGate.UNWRITABLE);
        }
    }
}
