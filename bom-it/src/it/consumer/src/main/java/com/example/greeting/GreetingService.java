package com.example.greeting;

import dev.dx.cim.builtin.TimingMiddleware;
import dev.dx.cim.hbtp.CimHbtp;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpServerCodec;
import dev.dx.reactor.DxReactor;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/** An HBTP route that answers an i64 id with a {@link Greeting}, written by the generated codec. */
public final class GreetingService {

    /** The route: arguments an i64 id (little-endian), answer one Teleport {@link Greeting}. */
    public static final int GREET = 1;

    /** The same, behind {@link GreetingChain}: timed, and refused without an {@code x-caller}. */
    public static final int GREET_CHECKED = 2;

    private final HbtpRouteTable routes;

    /** The service; the checked route's timing histograms live on {@code reactor}'s cores. */
    public GreetingService(DxReactor reactor) {
        GreetingChain_Cim chain = new GreetingChain_Cim(new TimingMiddleware(reactor));
        this.routes = HbtpRouteTable.builder()
                .route(GREET, GreetingService::greet)
                .route(GREET_CHECKED, CimHbtp.wrap(chain, GreetingService::greet))
                .build();
    }

    /** The server pipeline: codec, control frames, router. */
    public ChannelInitializer<Channel> serverInitializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HbtpServerCodec(new HbtpCodecConfig()), new HbtpControlHandler(),
                        new HbtpRouter(routes));
            }
        };
    }

    private static void greet(HbtpExchange ex) {
        long id = ex.arguments().getLongLE(ex.arguments().readerIndex());
        ex.respond(Greeting_Teleport.encode(ex.alloc(), new Greeting(id, "hello " + id, id % 2 == 0)));
    }
}
