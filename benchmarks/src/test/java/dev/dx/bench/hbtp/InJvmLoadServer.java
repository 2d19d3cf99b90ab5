package dev.dx.bench.hbtp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/** A {@link LoadServer} pipeline bound on loopback inside the test's JVM, on NIO. */
final class InJvmLoadServer {

    private InJvmLoadServer() {
    }

    /**
     * Binds a server whose connections get {@code mode}'s handlers ({@link LoadServer#addHandlers}) with
     * the echo routes, then {@code accepted} sees each connection; returns the bound server channel.
     */
    static Channel bind(EventLoopGroup group, String mode, Consumer<Channel> accepted) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        LoadServer.addHandlers(ch.pipeline(), mode, LoadServer.echoRoutes());
                        accepted.accept(ch);
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }
}
