package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * §11.4 through {@code DxReactor.shutdownGracefully}: the reactor's DrainRequest makes each HBTP router
 * send GoAway, serve the call in flight, then Close SHUTTING_DOWN, before the reactor stops.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HbtpReactorDrainTest {

    @Test
    void shuttingTheReactorDownDrainsHbtpConnections() throws Exception {
        DxReactor reactor = DxReactor.builder().workers(1).pinning(false).build().ignite();
        CountDownLatch called = new CountDownLatch(1);
        CompletableFuture<HbtpExchange> exchange = new CompletableFuture<>();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .route(1, ex -> {
                    exchange.complete(ex);
                    called.countDown();
                })
                .build();
        Listener listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HbtpServerCodec(), new HbtpControlHandler(), new HbtpRouter(routes));
            }
        });
        MultiThreadIoEventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            HbtpClient client = HbtpClient.connect(new Bootstrap().group(clientGroup).channel(NioSocketChannel.class),
                    listener.localAddress(), new HbtpClientConfig()).get(10, TimeUnit.SECONDS);
            CompletableFuture<ByteBuf> inFlight = client.call(1,
                    PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes("x".getBytes(StandardCharsets.UTF_8)));
            assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(
                    () -> reactor.shutdownGracefully(Duration.ofSeconds(20)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (client.isActive() && System.nanoTime() < deadline) {
                Thread.sleep(5); // until the GoAway arrives
            }
            assertThat(client.isActive()).as("GoAway received").isFalse();
            assertThat(client.channel().isActive()).as("still open while a call is in flight").isTrue();
            try {
                client.call(1, PooledByteBufAllocator.DEFAULT.directBuffer().writeByte(1)).get(10, TimeUnit.SECONDS);
                throw new AssertionError("a call after GoAway must fail");
            } catch (ExecutionException e) {
                assertThat(((HbtpRpcException) e.getCause()).errorCode()).isEqualTo(HbtpErrorCode.SHUTTING_DOWN);
            }
            HbtpExchange ex = exchange.get();
            ex.respond(ex.alloc().buffer().writeBytes("served".getBytes(StandardCharsets.UTF_8)));
            ByteBuf r = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(r.toString(StandardCharsets.UTF_8)).isEqualTo("served");
            r.release();
            client.closeFuture().get(10, TimeUnit.SECONDS);
            assertThat(stopped.get(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            reactor.shutdownGracefully(Duration.ofSeconds(5));
        }
    }
}
