package dev.dx.cim.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.cim.Exchange;
import dev.dx.cim.ListChain;
import dev.dx.cim.hbtp.CimHbtp;
import dev.dx.codec.hbtp.HbtpCallOptions;
import dev.dx.codec.hbtp.HbtpClient;
import dev.dx.codec.hbtp.HbtpClientConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpMetadataKey;
import dev.dx.codec.hbtp.HbtpResponse;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpRpcException;
import dev.dx.codec.hbtp.HbtpServerCodec;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RateLimitMiddleware} under concurrent load over real sockets: many connections spread over
 * both cores of a {@link DxReactor} never get more than the limit accepted (the shares add up to it
 * exactly, and an hour-long period refills nothing meaningful during the test), the rest get
 * RATE_LIMITED with {@code retry-after}, and accepted answers carry the remaining count, also when an
 * asynchronous handler answers from another thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RateLimitMiddlewareSocketTest {

    private static final int SYNC = 1;
    private static final int ASYNC = 2;
    private static final int PERMITS = 50;
    private static final HbtpMetadataKey<String> REMAINING = HbtpMetadataKey.ofString("x-ratelimit-remaining");
    private static final HbtpMetadataKey<String> RETRY_AFTER = HbtpMetadataKey.ofString("retry-after");

    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final List<HbtpClient> clients = new ArrayList<>();
    private DxReactor reactor;

    @AfterEach
    void stop() throws Exception {
        for (HbtpClient c : clients) {
            c.close();
            c.closeFuture().get(10, TimeUnit.SECONDS);
        }
        worker.shutdownNow();
        reactor.shutdownGracefully(Duration.ofSeconds(10));
    }

    private Listener serve(RateLimitMiddleware limit) {
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept(CimHbtp.interceptor(new ListChain<Exchange>(limit)))
                .route(SYNC, ex -> ex.respond(ex.alloc().buffer(0)))
                .route(ASYNC, ex -> worker.execute(() -> ex.respond(ex.alloc().buffer(0))))
                .build();
        return reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HbtpServerCodec(), new HbtpControlHandler(), new HbtpRouter(routes));
            }
        });
    }

    private HbtpClient connect(Listener server) throws Exception {
        HbtpClient c = HbtpClient.connect(reactor.clientBootstrap(), server.localAddress(), new HbtpClientConfig())
                .get(10, TimeUnit.SECONDS);
        clients.add(c);
        return c;
    }

    private static CompletableFuture<HbtpResponse> call(HbtpClient c, int route) {
        ByteBuf args = PooledByteBufAllocator.DEFAULT.directBuffer(1).writeByte(1);
        return c.call(route, args, HbtpCallOptions.DEFAULT);
    }

    @Test
    void manyConnectionsOnBothCoresNeverGetMoreThanTheLimit() throws Exception {
        reactor = DxReactor.builder().workers(2).pinning(false).build().ignite();
        Listener server = serve(RateLimitMiddleware.builder(reactor, PERMITS, Duration.ofHours(1)).build());
        List<CompletableFuture<HbtpResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            HbtpClient c = connect(server);
            for (int j = 0; j < 40; j++) {
                calls.add(call(c, j % 2 == 0 ? SYNC : ASYNC));
            }
        }
        int accepted = 0;
        int limited = 0;
        Set<String> remaining = ConcurrentHashMap.newKeySet();
        for (CompletableFuture<HbtpResponse> f : calls) {
            try {
                HbtpResponse r = f.get(20, TimeUnit.SECONDS);
                accepted++;
                remaining.add(r.metadata().get(REMAINING));
                r.release();
            } catch (ExecutionException e) {
                HbtpRpcException rpc = (HbtpRpcException) e.getCause();
                assertThat(rpc.code()).isEqualTo(HbtpErrorCode.RATE_LIMITED.code());
                assertThat(Long.parseLong(rpc.metadata().get(RETRY_AFTER))).isPositive();
                limited++;
            }
        }
        assertThat(accepted + limited).isEqualTo(640);
        // 640 attempts from one address: each core that took any connection used up its share (25)
        assertThat(accepted).isBetween(PERMITS / 2, PERMITS);
        assertThat(remaining).doesNotContainNull().contains("0");
    }

    @Test
    void aLimitBelowTheCoreCountIsRefused() {
        reactor = DxReactor.builder().workers(2).pinning(false).build().ignite();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> RateLimitMiddleware.builder(reactor, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permits : 1");
    }
}
