package dev.dx.codec.hbtp.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.HbtpClient;
import dev.dx.codec.hbtp.HbtpClientCodec;
import dev.dx.codec.hbtp.HbtpClientHandler;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpVersion;
import dev.dx.codec.hbtp.secure.HbtpClientHandshaker;
import dev.dx.codec.hbtp.secure.HbtpHandshakeConfig;
import dev.dx.codec.hbtp.secure.HbtpKeyPair;
import dev.dx.codec.hbtp.secure.HbtpServerHandshaker;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HBTP over a real WebSocket connection with the §6 handshake: encryption works over WebSocket, and the
 * server's answers to calls flushed together come back as sealed Batches (§12) when the client chose
 * {@code hbtp.v1.1}, never when it chose {@code hbtp.v1}. The server's codec config is the default
 * ({@code peerVersion} V1): the negotiated subprotocol alone decides.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HbtpWebSocketEncryptedBatchTest {

    private static final HbtpKeyPair SERVER_KEYS = HbtpKeyPair.generate();
    private static final HbtpRouteTable ECHO = HbtpRouteTable.builder()
            .route(7, ex -> ex.respond(ex.arguments().retain())).build();
    private static final int CALLS = 20;

    private EventLoopGroup group;

    @BeforeEach
    void startGroup() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterEach
    void stopGroup() throws InterruptedException {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }

    private Channel encryptedEchoServer() throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        HbtpWebSocket.addServerHandlers(ch.pipeline(), new HbtpCodecConfig().encryptionRequired(true))
                                .addLast("handshake", new HbtpServerHandshaker(
                                        new HbtpHandshakeConfig().staticKeyPair(SERVER_KEYS)))
                                .addLast(new HbtpControlHandler(), new HbtpRouter(ECHO));
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** Counts the binary messages that carry an ENCRYPTED Batch, and those that carry anything else. */
    private static final class MessageCounter extends ChannelInboundHandlerAdapter {
        final AtomicInteger sealedBatches = new AtomicInteger();
        final AtomicInteger others = new AtomicInteger();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof BinaryWebSocketFrame) {
                ByteBuf c = ((BinaryWebSocketFrame) msg).content();
                boolean sealedBatch = c.getUnsignedByte(c.readerIndex()) == HbtpOpcode.BATCH.code()
                        && (c.getUnsignedByte(c.readerIndex() + 1) & HbtpFlags.ENCRYPTED) != 0;
                (sealedBatch ? sealedBatches : others).incrementAndGet();
            }
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * Upgrades a client offering {@code subprotocol}, then adds the HBTP handlers behind the WebSocket
     * decoder: the client handshaker starts when it is added to the active channel, after the upgrade.
     */
    private Channel client(Channel server, String subprotocol, HbtpVersion version, MessageCounter counter,
                           CompletableFuture<HbtpClientHandshaker> handshaker) throws Exception {
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        WebSocketClientHandshaker hs = WebSocketClientHandshakerFactory.newHandshaker(
                new URI("ws://127.0.0.1:" + port + HbtpWebSocket.PATH), WebSocketVersion.V13, subprotocol, false,
                EmptyHttpHeaders.INSTANCE, 1 << 20);
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    public void channelActive(ChannelHandlerContext ctx) {
                                        hs.handshake(ctx.channel());
                                        ctx.fireChannelActive();
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
                                        hs.finishHandshake(ctx.channel(), res);
                                        HbtpClientHandshaker h = new HbtpClientHandshaker(
                                                new HbtpHandshakeConfig().remoteStaticKey(SERVER_KEYS.publicKey()));
                                        ctx.pipeline().addLast(counter, new HbtpWebSocketFrameCodec(),
                                                new HbtpClientCodec(new HbtpCodecConfig().peerVersion(version)), h,
                                                new HbtpControlHandler(), new HbtpClientHandler(10_000, version));
                                        handshaker.complete(h);
                                    }
                                });
                    }
                }).connect(server.localAddress()).sync().channel();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hbtp.v1.1", "hbtp.v1"})
    void answersToCallsFlushedTogetherComeBackSealedInBatchesOnlyToAnHbtp11Client(String subprotocol) throws Exception {
        HbtpVersion version = subprotocol.equals(HbtpWebSocket.SUBPROTOCOL_V1_1) ? HbtpVersion.V1_1 : HbtpVersion.V1;
        Channel server = encryptedEchoServer();
        MessageCounter counter = new MessageCounter();
        CompletableFuture<HbtpClientHandshaker> handshaker = new CompletableFuture<>();
        Channel ch = client(server, subprotocol, version, counter, handshaker);
        handshaker.get(10, TimeUnit.SECONDS).handshakeFuture().get(10, TimeUnit.SECONDS);
        HbtpClient client = HbtpClient.wrap(ch);

        // made in one event-loop task: the client flushes them once (as one Batch to a 1.1 server), the
        // server reads them in one read and flushes the answers once
        List<CompletableFuture<ByteBuf>> answers = ch.eventLoop().submit(() -> {
            List<CompletableFuture<ByteBuf>> out = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                ByteBuf arg = PooledByteBufAllocator.DEFAULT.directBuffer()
                        .writeBytes(("call-" + i).getBytes(StandardCharsets.UTF_8));
                out.add(client.call(7, arg));
            }
            return out;
        }).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < CALLS; i++) {
            ByteBuf r = answers.get(i).get(10, TimeUnit.SECONDS);
            try {
                assertThat(r.toString(StandardCharsets.UTF_8)).isEqualTo("call-" + i);
            } finally {
                r.release();
            }
        }

        if (version == HbtpVersion.V1_1) {
            assertThat(counter.sealedBatches.get()).as("answers sealed together").isPositive();
        } else {
            assertThat(counter.sealedBatches.get()).as("no Batch to an HBTP/1 peer").isZero();
            assertThat(counter.others.get()).as("AuthResponse, AuthSuccess and one sealed answer per call")
                    .isGreaterThanOrEqualTo(CALLS + 2);
        }
        ch.close().sync();
        server.close().sync();
    }
}
