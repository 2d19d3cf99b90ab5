package dev.dx.dbteleport.testing;

import dev.dx.codec.hbtp.HbtpClient;
import dev.dx.codec.hbtp.HbtpClientConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpServerCodec;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HBTP servers and clients on loopback sockets over NIO, for end-to-end tests: each server is
 * {@link HbtpServerCodec}, {@link HbtpControlHandler} and an {@link HbtpRouter}; each client is an
 * {@link HbtpClient} whose pipeline also counts the RpcResponses that arrived with
 * {@code COMPRESSED} set (the codec decompresses them before the client sees them).
 * {@link #close()} closes every channel and the event loops.
 */
public final class LoopbackHbtp implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<Channel> channels = new ArrayList<>();

    /** Binds a server with {@code routes} on an ephemeral loopback port; returns its address. */
    public synchronized InetSocketAddress serve(HbtpRouteTable routes) throws InterruptedException {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HbtpServerCodec(), new HbtpControlHandler(), new HbtpRouter(routes));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        channels.add(server);
        return (InetSocketAddress) server.localAddress();
    }

    /** A client connected to {@code server}. */
    public synchronized Client connect(InetSocketAddress server) throws Exception {
        AtomicInteger compressed = new AtomicInteger();
        HbtpClientConfig config = new HbtpClientConfig().callTimeoutMillis(10_000);
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                        HbtpClient.initPipeline(c.pipeline(), config);
                        c.pipeline().addAfter("hbtp", "compressed-answers", new CompressedAnswerCounter(compressed));
                    }
                })
                .connect(server).sync().channel();
        channels.add(ch);
        return new Client(HbtpClient.wrap(ch), compressed);
    }

    /** A connected client and the number of its answers that came compressed. */
    public record Client(HbtpClient hbtp, AtomicInteger compressedAnswers) {
    }

    /** Counts decoded RpcResponses whose flags say COMPRESSED, and passes every frame on. */
    private static final class CompressedAnswerCounter extends ChannelInboundHandlerAdapter {
        private final AtomicInteger count;

        CompressedAnswerCounter(AtomicInteger count) {
            this.count = count;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HbtpFrame frame && frame.opcode() == HbtpOpcode.RPC_RESPONSE.code()
                    && (frame.flags() & HbtpFlags.COMPRESSED) != 0) {
                count.incrementAndGet();
            }
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        for (Channel ch : channels) {
            ch.close().await(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }
}
