package dev.dx.bench.cim;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** One handler that runs the {@link HandInlined} steps. */
final class HandInlinedHandler extends ChannelInboundHandlerAdapter {

    final HandInlined inlined = new HandInlined();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        BenchExchange x = (BenchExchange) msg;
        x.ctx = ctx;
        inlined.handle(x);
    }
}
