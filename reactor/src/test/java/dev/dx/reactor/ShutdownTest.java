package dev.dx.reactor;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShutdownTest {

    private static final int PAYLOAD = 8 * 1024 * 1024;

    @Test
    void gracefulShutdownFinishesInFlightWritesThenCloses() throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        DxReactor reactor = DxReactor.builder().workers(2).build().ignite();
        Listener listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[PAYLOAD]));
                        written.countDown();
                    }
                });
            }
        });
        EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            AtomicLong received = new AtomicLong();
            CountDownLatch reading = new CountDownLatch(1);
            Channel client = new Bootstrap().group(clientGroup).channel(NioSocketChannel.class)
                    .handler(new SimpleChannelInboundHandler<ByteBuf>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) throws Exception {
                            received.addAndGet(msg.readableBytes());
                            // read slowly at first, so the server still has bytes in flight at shutdown
                            reading.await();
                        }
                    })
                    .connect(listener.localAddress()).sync().channel();
            assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                reading.countDown();
            });
            release.start();
            assertThat(reactor.shutdownGracefully(Duration.ofSeconds(30))).isTrue();
            assertThat(client.closeFuture().await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(received.get()).isEqualTo(PAYLOAD);
            release.join();
        } finally {
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        assertThat(listener.channels()).noneMatch(Channel::isOpen);
        assertThatThrownBy(() -> reactor.bind(new InetSocketAddress(0), Echo.Handler.INSTANCE))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bindFailureClosesWhatWasBoundAndSaysWhy() throws Exception {
        try (DxReactor reactor = DxReactor.builder().workers(2).reusePort(false).build().ignite()) {
            Listener first = reactor.bind(new InetSocketAddress("127.0.0.1", 0), Echo.Handler.INSTANCE);
            assertThatThrownBy(() -> reactor.bind(first.localAddress(), Echo.Handler.INSTANCE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot bind");
        }
    }

    @Test
    void serverBootstrapServesOnAllCores() throws Exception {
        try (DxReactor reactor = DxReactor.builder().workers(2).build().ignite()) {
            Channel server = reactor.serverBootstrap().childHandler(Echo.Handler.INSTANCE)
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            try {
                byte[] data = Echo.randomBytes(1000);
                assertThat(Echo.roundTrip(server.localAddress(), data)).isEqualTo(data);
                // from a core thread, the client bootstrap stays on that core
                Bootstrap b = reactor.cores().get(1).eventLoop().submit(reactor::clientBootstrap)
                        .get(30, TimeUnit.SECONDS);
                assertThat(b.config().group()).isSameAs(reactor.cores().get(1).eventLoop());
            } finally {
                server.close().sync();
            }
        }
    }
}
