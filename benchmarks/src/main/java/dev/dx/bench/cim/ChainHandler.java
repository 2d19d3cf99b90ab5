package dev.dx.bench.cim;

import dev.dx.cim.CimChain;
import dev.dx.cim.CimHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** One handler that runs a whole chain (generated or looped) and the application's 200. */
final class ChainHandler extends ChannelInboundHandlerAdapter {

    private static final CimHandler<BenchExchange> APP = x -> x.respond(200);

    private final CimChain<BenchExchange> chain;

    ChainHandler(CimChain<BenchExchange> chain) {
        this.chain = chain;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        BenchExchange x = (BenchExchange) msg;
        x.ctx = ctx;
        chain.handle(x, APP);
    }
}
