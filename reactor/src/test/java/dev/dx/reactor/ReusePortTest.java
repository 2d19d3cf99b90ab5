package dev.dx.reactor;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ReusePortTest {

    private static final int CONNECTIONS = 40;

    @Test
    void connectionsAreAcceptedOnBothCoresAndServedByTheAcceptingCore() throws Exception {
        assumeTrue(Backend.detect().supportsReusePort(), "no SO_REUSEPORT backend here");
        Map<Channel, Integer> acceptedBy = new ConcurrentHashMap<>();
        Map<Channel, Set<Integer>> servedBy = new ConcurrentHashMap<>();
        try (DxReactor reactor = DxReactor.builder().workers(2).build().ignite()) {
            assertThat(reactor.isReusePort()).isTrue();
            Listener[] holder = new Listener[1];
            ChannelHandler init = new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    acceptedBy.put(ch, holder[0] == null ? -1 : holder[0].channels().indexOf(ch.parent()));
                    ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            servedBy.computeIfAbsent(ctx.channel(), c -> ConcurrentHashMap.newKeySet())
                                    .add(DxReactor.currentCore().id());
                            ctx.fireChannelRead(msg);
                        }
                    }, Echo.Handler.INSTANCE);
                }
            };
            Listener listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), init);
            holder[0] = listener;
            assertThat(listener.isReusePort()).isTrue();
            assertThat(listener.channels()).hasSize(2);
            assertThat(listener.localAddresses()).containsOnly(listener.localAddress());
            for (int i = 0; i < CONNECTIONS; i++) {
                byte[] data = Echo.randomBytes(32);
                assertThat(Echo.roundTrip(listener.localAddress(), data)).isEqualTo(data);
            }
            assertThat(acceptedBy).hasSize(CONNECTIONS);
            assertThat(acceptedBy.values()).containsOnly(0, 1).contains(0, 1);
            for (Map.Entry<Channel, Integer> e : acceptedBy.entrySet()) {
                assertThat(servedBy.get(e.getKey())).containsExactly(e.getValue());
            }
            long accepted = 0;
            for (CoreState core : reactor.cores()) {
                accepted += core.acceptedConnections();
                assertThat(core.acceptedConnections()).isPositive();
                assertThat(core.bytesIn()).isPositive();
                assertThat(core.bytesOut()).isEqualTo(core.bytesIn());
            }
            assertThat(accepted).isEqualTo(CONNECTIONS);
        }
    }

    @Test
    void withoutReusePortOneListenerSpreadsConnectionsOverCores() throws Exception {
        try (DxReactor reactor = DxReactor.builder().workers(2).reusePort(false).build().ignite()) {
            Listener listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), Echo.Handler.INSTANCE);
            assertThat(listener.isReusePort()).isFalse();
            assertThat(listener.channels()).hasSize(1);
            for (int i = 0; i < 4; i++) {
                byte[] data = Echo.randomBytes(16);
                assertThat(Echo.roundTrip(listener.localAddress(), data)).isEqualTo(data);
            }
            assertThat(reactor.cores()).allMatch(c -> c.acceptedConnections() == 2);
            assertThat(listener.close(java.time.Duration.ofSeconds(5))).isTrue();
        }
    }
}
