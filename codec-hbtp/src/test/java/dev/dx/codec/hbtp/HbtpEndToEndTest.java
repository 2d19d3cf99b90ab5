package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.secure.HbtpHandshakeConfig;
import dev.dx.codec.hbtp.secure.HbtpKeyPair;
import dev.dx.codec.hbtp.secure.HbtpServerHandshaker;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End to end over real sockets on {@link DxReactor}: 10,000 pipelined calls over 8 connections with
 * compression and encryption on (NK handshake, encryption required), every answer matched to its call.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HbtpEndToEndTest {

    private static final int CONNECTIONS = 8;
    private static final int CALLS = 10_000;
    private static final HbtpKeyPair SERVER_KEYS = HbtpKeyPair.generate();

    private static DxReactor reactor;
    private static Listener listener;
    private static final AtomicInteger compressedCalls = new AtomicInteger();
    private static final AtomicInteger encryptedCalls = new AtomicInteger();

    @BeforeAll
    static void start() {
        reactor = DxReactor.builder().workers(2).pinning(false).build().ignite();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .route(7, ex -> {
                    if ((ex.flags() & HbtpFlags.COMPRESSED) != 0) {
                        compressedCalls.incrementAndGet();
                    }
                    if ((ex.flags() & HbtpFlags.ENCRYPTED) != 0) {
                        encryptedCalls.incrementAndGet();
                    }
                    ex.respond(ex.arguments().retain());
                })
                .build();
        HbtpCodecConfig codec = new HbtpCodecConfig().compressionThreshold(64).encryptionRequired(true);
        ChannelHandler init = new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HbtpServerCodec(codec),
                        new HbtpServerHandshaker(new HbtpHandshakeConfig().staticKeyPair(SERVER_KEYS)
                                .tokenValidator((token, key) -> "secret".equals(new String(token, StandardCharsets.UTF_8)))),
                        new HbtpControlHandler(), new HbtpRouter(routes));
            }
        };
        listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), init);
        System.out.println("HbtpEndToEndTest on " + reactor);
    }

    @AfterAll
    static void stop() {
        if (reactor != null) {
            reactor.shutdownGracefully(Duration.ofSeconds(10));
        }
    }

    private static String payload(int i) {
        StringBuilder b = new StringBuilder("call-").append(i).append(':');
        while (b.length() < 200) {
            b.append("payload-").append(i % 97).append(' ');
        }
        return b.toString();
    }

    @Test
    void tenThousandPipelinedCallsOverEightEncryptedCompressedConnections() throws Exception {
        HbtpClientConfig config = new HbtpClientConfig()
                .codec(new HbtpCodecConfig().compressionThreshold(64).encryptionRequired(true))
                .handshake(new HbtpHandshakeConfig().remoteStaticKey(SERVER_KEYS.publicKey())
                        .token("secret".getBytes(StandardCharsets.UTF_8)))
                .callTimeoutMillis(60_000);
        List<HbtpClient> clients = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            clients.add(HbtpClient.connect(reactor.clientBootstrap(), listener.localAddress(), config)
                    .get(30, TimeUnit.SECONDS));
        }
        List<CompletableFuture<ByteBuf>> futures = new ArrayList<>(CALLS);
        for (int i = 0; i < CALLS; i++) {
            futures.add(clients.get(i % CONNECTIONS).call(7, HbtpTestSupport.pooled(payload(i))));
        }
        int matched = 0;
        for (int i = 0; i < CALLS; i++) {
            ByteBuf r = futures.get(i).get(60, TimeUnit.SECONDS);
            try {
                assertThat(r.toString(StandardCharsets.UTF_8)).isEqualTo(payload(i));
                matched++;
            } finally {
                r.release();
            }
        }
        assertThat(matched).isEqualTo(CALLS);
        assertThat(encryptedCalls.get()).isEqualTo(CALLS);
        assertThat(compressedCalls.get()).isEqualTo(CALLS);
        for (HbtpClient c : clients) {
            assertThat(c.inFlight()).isZero();
            c.close();
            c.channel().closeFuture().await(10, TimeUnit.SECONDS);
        }
    }
}
