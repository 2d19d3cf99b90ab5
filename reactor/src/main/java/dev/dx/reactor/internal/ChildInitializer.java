package dev.dx.reactor.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;

/**
 * The child handler of every reactor listener: adds {@link ConnectionTracker} first, then the user's
 * handler (usually their own {@code ChannelInitializer}), which must be {@code @Sharable} as with any
 * {@code ServerBootstrap.childHandler}. {@code @Sharable}; keeps no per-channel state.
 */
@ChannelHandler.Sharable
public final class ChildInitializer extends ChannelInitializer<Channel> {

    private final ChannelHandler user;

    public ChildInitializer(ChannelHandler user) {
        this.user = user;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast(ConnectionTracker.INSTANCE, user);
    }
}
