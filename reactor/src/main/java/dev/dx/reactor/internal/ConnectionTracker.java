package dev.dx.reactor.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts an accepted connection and its bytes on the core it runs on, and keeps it in the core's set
 * of open connections so a graceful shutdown can flush it.
 *
 * <p>Pipeline position: first, {@code p.addFirst(ConnectionTracker.INSTANCE)}, added by the reactor
 * to every accepted channel before the user's initializer runs. It releases nothing and passes every
 * message on unchanged; it only reads {@code readableBytes()} of {@link ByteBuf}s and
 * {@link ByteBufHolder}s going in and out. {@code @Sharable}: it keeps no per-channel state and every
 * call runs on the channel's own core, whose counters only that core writes.
 */
@ChannelHandler.Sharable
public final class ConnectionTracker extends ChannelDuplexHandler {

    /** The one instance. */
    public static final ConnectionTracker INSTANCE = new ConnectionTracker();

    private ConnectionTracker() {
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Core core = CoreThread.currentCore();
        if (core != null && core.connections().add(ctx.channel())) {
            core.accepted().increment();
            core.open().increment();
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Core core = CoreThread.currentCore();
        if (core != null && core.connections().remove(ctx.channel())) {
            core.open().add(-1);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        Core core = CoreThread.currentCore();
        if (core != null) {
            core.bytesIn().add(sizeOf(msg));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        Core core = CoreThread.currentCore();
        if (core != null) {
            core.bytesOut().add(sizeOf(msg));
        }
        ctx.write(msg, promise);
    }

    private static long sizeOf(Object msg) {
        if (msg instanceof ByteBuf) {
            return ((ByteBuf) msg).readableBytes();
        }
        if (msg instanceof ByteBufHolder) {
            return ((ByteBufHolder) msg).content().readableBytes();
        }
        return 0;
    }

    /** The context of this handler in {@code ch}'s pipeline, or {@code null}. */
    public static ChannelHandlerContext contextOf(Channel ch) {
        return ch.pipeline().context(INSTANCE);
    }
}
