package dev.dx.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EchoDemoTest {

    @Test
    void echoesOverRealSocketsAndDescribesTheReactor() throws Exception {
        DxReactor reactor = DxReactor.builder().workers(2).build().ignite();
        try (Listener listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0),
                new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(EchoHandler.INSTANCE);
                    }
                })) {
            assertThat(EchoDemo.roundTrip(reactor, listener.localAddress(), "ping über dx"))
                    .isEqualTo("ping über dx");
            assertThat(EchoDemo.describe(reactor, listener))
                    .contains("backend:   " + reactor.backend())
                    .contains("workers:   2")
                    .contains("worker 0")
                    .contains("worker 1");
        } finally {
            assertThat(reactor.shutdownGracefully(Duration.ofSeconds(5))).isTrue();
        }
    }
}
