package dev.dx.devserver.live;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.common.DrainRequest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.util.Map;

/**
 * Ends a connection's live streams cleanly when the connection drains: on a {@link DrainRequest} (which
 * {@code DxReactor.shutdownGracefully} fires, and after which {@code HbtpRouter} has sent GoAway) each
 * of the channel's streams gets RpcStreamEnd, so the router's drain finishes at once instead of waiting
 * out its grace period and answering them {@code SHUTTING_DOWN}.
 *
 * <p>Installed by {@link LiveData} at the end of a pipeline when the first live stream opens on it
 * ({@link #install}), so that the router, earlier in the pipeline, has already seen the request. Does
 * not claim the request (the router does) and passes every event on; holds no buffers. Not
 * {@code @Sharable}: one per channel.
 */
final class LiveDrainHandler extends ChannelInboundHandlerAdapter {

    private final LiveData live;

    private LiveDrainHandler(LiveData live) {
        this.live = checkNotNull(live, "live");
    }

    /**
     * Adds a handler for {@code live} to {@code channel}'s pipeline unless one is there (one per
     * LiveData, should two serve the same connection); call on the channel's event loop.
     */
    static void install(Channel channel, LiveData live) {
        ChannelPipeline p = channel.pipeline();
        for (Map.Entry<String, ChannelHandler> e : p) {
            if (e.getValue() instanceof LiveDrainHandler && ((LiveDrainHandler) e.getValue()).live == live) {
                return;
            }
        }
        p.addLast(new LiveDrainHandler(live));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof DrainRequest) {
            live.endStreams(ctx.channel());
        }
        ctx.fireUserEventTriggered(evt);
    }
}
