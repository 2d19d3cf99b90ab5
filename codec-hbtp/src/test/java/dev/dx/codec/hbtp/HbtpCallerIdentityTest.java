package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.secure.HbtpHandshakeConfig;
import dev.dx.codec.hbtp.secure.HbtpKeyPair;
import dev.dx.codec.hbtp.secure.HbtpServerHandshaker;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The identity the handshake's authenticator returns reaches route handlers as {@code exchange.identity()}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HbtpCallerIdentityTest {

    record User(String name) {
    }

    @Test
    void aHandlerReadsTheCallerTheHandshakeNamed() throws Exception {
        HbtpKeyPair keys = HbtpKeyPair.generate();
        DxReactor reactor = DxReactor.builder().workers(1).pinning(false).build().ignite();
        try {
            HbtpRouteTable routes = HbtpRouteTable.builder()
                    .route(1, ex -> ex.respond(ex.alloc().buffer().writeBytes(
                            String.valueOf(ex.identity()).getBytes(StandardCharsets.UTF_8))))
                    .build();
            Listener listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HbtpServerCodec(new HbtpCodecConfig().encryptionRequired(true)),
                            new HbtpServerHandshaker(new HbtpHandshakeConfig().staticKeyPair(keys)
                                    .authenticator((token, clientKey) -> new User(new String(token, StandardCharsets.UTF_8)))),
                            new HbtpControlHandler(), new HbtpRouter(routes));
                }
            });
            HbtpClient client = HbtpClient.connect(reactor.clientBootstrap(), listener.localAddress(),
                    new HbtpClientConfig().codec(new HbtpCodecConfig().encryptionRequired(true))
                            .handshake(new HbtpHandshakeConfig().remoteStaticKey(keys.publicKey())
                                    .token("ada".getBytes(StandardCharsets.UTF_8))))
                    .get(10, TimeUnit.SECONDS);
            ByteBuf r = client.call(1, client.channel().alloc().buffer().writeByte(0)).get(10, TimeUnit.SECONDS);
            try {
                assertThat(r.toString(StandardCharsets.UTF_8)).isEqualTo("User[name=ada]");
            } finally {
                r.release();
                client.close();
            }
        } finally {
            reactor.shutdownGracefully(Duration.ofSeconds(5));
        }
    }
}
