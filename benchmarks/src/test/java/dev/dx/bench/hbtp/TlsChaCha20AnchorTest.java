package dev.dx.bench.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.bench.load.LoadConfig;
import dev.dx.bench.load.LoadResult;
import dev.dx.bench.load.TlsContexts;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code -tls-chacha} load modes: the client offers only TLS_CHACHA20_POLY1305_SHA256, so the
 * BoringSSL server of the {@code -tls} mode seals every connection with it, and the echo still answers
 * every call.
 */
class TlsChaCha20AnchorTest {

    @Test
    void aChaChaModeIsServedByItsTlsServer() {
        assertThat(HbtpVsHttp.serverMode("bare-tls-chacha")).isEqualTo("bare-tls");
        assertThat(HbtpVsHttp.serverMode("hbtp-tls-chacha")).isEqualTo("hbtp-tls");
        assertThat(HbtpVsHttp.serverMode("hbtp-tls")).isEqualTo("hbtp-tls");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bare-tls-chacha", "hbtp-tls-chacha"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyConnectionNegotiatesChaCha20Poly1305AndIsAnswered(String mode) throws Exception {
        Queue<String> suites = new ConcurrentLinkedQueue<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = InJvmLoadServer.bind(group, HbtpVsHttp.serverMode(mode), ch -> {
                SslHandler tls = ch.pipeline().get(SslHandler.class);
                tls.handshakeFuture().addListener(f -> suites.add(f.isSuccess()
                        ? tls.engine().getSession().getCipherSuite() : "failed: " + f.cause()));
            });
            try {
                LoadConfig config = new LoadConfig().target((InetSocketAddress) server.localAddress())
                        .connections(3).pipelineDepth(4).threads(1).warmup(Duration.ofMillis(300))
                        .duration(Duration.ofMillis(500)).transport(LoadConfig.Transport.NIO);
                LoadResult result = HbtpVsHttp.load(mode, config, 64);

                assertThat(config.tls()).isTrue();
                assertThat(config.tlsChaCha20()).isTrue();
                assertThat(result.errors()).isZero();
                assertThat(result.responses()).isPositive();
                assertThat(suites).hasSize(3).containsOnly(TlsContexts.CHACHA20_POLY1305);
            } finally {
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        }
    }
}
