package dev.dx.bench.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link HandshakeLoad} against {@link LoadServer}'s pipelines in this JVM: each slot completes a
 * handshake, closes and connects again, without errors, in both modes.
 */
class HandshakeLoadTest {

    @ParameterizedTest
    @CsvSource({"noise-nk, hbtp-encrypted", "tls13, bare-tls"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everySlotHandshakesClosesAndReconnects(String mode, String serverMode) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = InJvmLoadServer.bind(group, serverMode, ch -> { });
            try (HandshakeLoad load = HandshakeLoad.start(mode, (InetSocketAddress) server.localAddress(), 2, 1)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (load.completed() < 20 && load.errors() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(load.errorKinds()).isEmpty();
                assertThat(load.completed()).isGreaterThanOrEqualTo(20); // more than the 2 slots: they reconnect
            } finally {
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        }
    }
}
